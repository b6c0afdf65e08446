package sprintlens

import (
	"math"
	"strconv"
	"time"
)

// WarningKind names one story-granularity warning. The values are the API's.
type WarningKind string

// Warning kinds, in the order the warnings page lists them.
const (
	WarnTooBig          WarningKind = "too_big"
	WarnMultiSprint     WarningKind = "multi_sprint"
	WarnUnestimatedSoon WarningKind = "unestimated_soon"
	WarnThinScope       WarningKind = "thin_scope"
	WarnLongRunning     WarningKind = "long_running"
	WarnRejectedTwice   WarningKind = "rejected_twice"
	WarnLumpySprint     WarningKind = "lumpy_sprint"
)

// WarningKinds lists every kind in display order.
var WarningKinds = []WarningKind{
	WarnTooBig, WarnMultiSprint, WarnUnestimatedSoon, WarnThinScope,
	WarnLongRunning, WarnRejectedTwice, WarnLumpySprint,
}

// Valid reports whether k is a known kind.
func (k WarningKind) Valid() bool {
	for _, w := range WarningKinds {
		if k == w {
			return true
		}
	}
	return false
}

// Hints for the warnings. Each states the rule the code implements; the
// pages show them beside each group.
const (
	TooBigHint = "An open story whose estimate is above the project's size limit. The limit is the project's " +
		"size_limit when set; otherwise the lower of 5 points and half the velocity. A story exactly at the limit is fine."
	MultiSprintHint = "A story in progress (started, finished, delivered or rejected) that has crossed two or more " +
		"sprint boundaries since it was first started. A story moved back to the backlog is not in progress and is not flagged."
	UnestimatedSoonHint = "An unestimated feature in the next two sprints of work: walking the current sprint and then " +
		"the backlog by position, the stories whose cumulative estimated points stay within 2 × velocity. " +
		"With no velocity yet, the current and next sprint as Tracker scheduled them."
	ThinScopeHint = "An unestimated open story in a label or epic whose open scope is thin: at least 3 open stories with " +
		"fewer than 50% of them estimated, or any unestimated feature in it. Only story types that count toward " +
		"velocity are considered; the icebox is part of the open scope."
	LongRunningHint = "A story started, finished or delivered for longer than the chosen percentile (p85 by default) " +
		"of the cycle times of accepted stories of its size, counted from its first start. Sizes with fewer than " +
		"5 accepted samples are not judged."
	RejectedTwiceHint = "An open story that has been rejected two or more times: the acceptance criteria are " +
		"probably unclear or the story does two things."
	LumpySprintHint = "A story carrying 40% (configurable) or more of its sprint's points. A done sprint's points are " +
		"its accepted points; the current sprint's are the points planned in it. One-point stories cannot be " +
		"split further and are never flagged."
	SizeLimitHint = "Stories above this many points get a too-big warning: the project's own limit when set, " +
		"otherwise the lower of 5 points (on the Fibonacci scale) and half the velocity."
	DismissHint = "A dismissed warning stays hidden while the story is unchanged. It comes back when the story's " +
		"estimate, state or last update changes."
)

// DefaultSizeCap is the default size limit's upper bound in points: on
// Tracker's Fibonacci scale a 5 is the largest story most teams can still
// finish within a one-week sprint. Other scales should set a size limit.
const DefaultSizeCap = 5

// Warning is one reason to look at a story again, with the numbers that
// triggered it. Value and Threshold share a unit, which depends on Kind:
//
//   - too_big: the estimate and the size limit (points);
//   - multi_sprint: sprint boundaries crossed and 2;
//   - unestimated_soon: estimated points above the story and 2 × velocity;
//   - thin_scope: the estimated share of the scope's open stories and 50 (%);
//   - long_running: days since first start and the size's percentile (days);
//   - rejected_twice: rejections and 2;
//   - lumpy_sprint: the story's share of the sprint's points and the lumpy share (%).
type Warning struct {
	StoryID   int64
	Kind      WarningKind
	StoryName string
	StoryURL  string
	// Points is the story's estimate when the warning was computed (nil: unestimated).
	Points    *float64
	Value     float64
	Threshold float64
	// Basis is the number the threshold was taken from: the velocity
	// (unestimated_soon), the scope's open stories (thin_scope), the number
	// of samples (long_running) or the sprint's points (lumpy_sprint).
	Basis float64
	// Scope is the label or epic name (thin_scope) or the percentile used,
	// such as "p85" (long_running).
	Scope string
	// Epic is true when Scope names an epic rather than a plain label.
	Epic bool
	// Iteration is the sprint number (lumpy_sprint).
	Iteration int
	// Since is when the condition began as far as the data shows (see Since in
	// each rule).
	Since time.Time
	// Message states the reason, the threshold and a suggested action, in English.
	Message string
	// Fingerprint identifies the story's version; see StoryFingerprint.
	Fingerprint string
}

// StoryFingerprint identifies the version of a story a dismissal was made
// for: its last update, estimate and state. A dismissal holds only while
// the fingerprint matches, so any edit brings the warning back.
func StoryFingerprint(s Story) string {
	est := "-"
	if s.Estimate != nil {
		est = strconv.FormatFloat(*s.Estimate, 'f', -1, 64)
	}
	return s.UpdatedAt.UTC().Format(time.RFC3339Nano) + "|" + est + "|" + string(s.State)
}

// Dismissal is a member's decision to hide one warning of one story.
type Dismissal struct {
	ProjectID int64
	StoryID   int64
	Kind      WarningKind
	Reason    string
	By        string
	At        time.Time
	// Fingerprint is the story's fingerprint at dismissal.
	Fingerprint string
}

// MaxDismissReason bounds a dismissal's reason.
const MaxDismissReason = 500

// Validate checks a dismissal's input.
func (d Dismissal) Validate() error {
	switch {
	case d.StoryID <= 0:
		return Invalid("story_id", "must name a story")
	case !d.Kind.Valid():
		return Invalid("kind", "must be one of the warning kinds")
	case d.Reason == "":
		return Invalid("reason", "say why the warning does not apply")
	case len([]rune(d.Reason)) > MaxDismissReason:
		return Invalid("reason", "must be at most "+strconv.Itoa(MaxDismissReason)+" characters")
	}
	return nil
}

// DismissedWarning is a warning hidden by a dismissal that still holds.
type DismissedWarning struct {
	Warning
	Reason string
	By     string
	At     time.Time
}

// SizeLimit is the estimate above which a story is too big.
type SizeLimit struct {
	Points float64
	// Override is true when the project's own size_limit set it.
	Override bool
	// Velocity is the velocity the default rule used (0 when there was none).
	Velocity float64
}

// ProjectSizeLimit applies the too-big rule: the project's size_limit when
// set, else the lower of DefaultSizeCap and half the velocity (the cap alone
// while no sprint is done).
func ProjectSizeLimit(p Project, v Velocity) SizeLimit {
	if p.SizeLimit != nil {
		return SizeLimit{Points: *p.SizeLimit, Override: true, Velocity: v.Value}
	}
	l := SizeLimit{Points: DefaultSizeCap, Velocity: v.Value}
	if v.Value > 0 {
		l.Points = min(l.Points, v.Value/2)
	}
	return l
}

// fmtNum writes a number with at most one decimal and no trailing zeros.
func warnNum(v float64) string {
	return strconv.FormatFloat(warnRound(v, 1), 'f', -1, 64)
}

func warnRound(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
