package sprintlens

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxOKRTitle is the longest objective, key result or milestone title, in
// characters: titles show in lists and Slack lines, descriptions hold the rest.
const MaxOKRTitle = 200

// Validate checks an objective before it is stored.
func (o Objective) Validate() error {
	if o.PeriodID <= 0 {
		return Invalid("period_id", "must be set")
	}
	if err := validateTitle("title", o.Title); err != nil {
		return err
	}
	hasTeam := strings.TrimSpace(o.Team) != ""
	switch {
	case o.ProjectID != nil && hasTeam:
		return Invalid("team", "set either a project or a team, not both")
	case o.ProjectID == nil && !hasTeam:
		return Invalid("team", "set a project or a team")
	}
	return nil
}

// Validate checks a key result before it is stored. Call ApplyDefaults first
// so an empty weight becomes DefaultKRWeight. Links are checked for shape
// only; whether a label exists is for the caller (see ValidateLinks).
func (kr KeyResult) Validate() error {
	if err := validateTitle("title", kr.Title); err != nil {
		return err
	}
	if !kr.Kind.Valid() {
		return Invalid("kind", fmt.Sprintf("unknown kind %q; use increase, decrease, percentage, binary or milestones", kr.Kind))
	}
	if !finite(kr.Weight) || kr.Weight <= 0 {
		return Invalid("weight", fmt.Sprintf("must be above 0, got %s", fmtNum(kr.Weight)))
	}
	if err := kr.validateRange(); err != nil {
		return err
	}
	if kr.Score != nil {
		if err := ValidateScore(*kr.Score); err != nil {
			return err
		}
	}
	return validateLinkShape(kr.LabelLinks, kr.EpicLinks)
}

// validateRange checks Start, Target and milestones for the kind.
func (kr KeyResult) validateRange() error {
	switch kr.Kind {
	case KRBinary:
		return nil
	case KRMilestones:
		if len(kr.Milestones) == 0 {
			return Invalid("milestones", "add at least one milestone")
		}
		for i, m := range kr.Milestones {
			if err := validateTitle(fmt.Sprintf("milestones[%d].title", i), m.Title); err != nil {
				return err
			}
		}
		return nil
	}
	if !finite(kr.Start) {
		return Invalid("start", "must be a number")
	}
	if !finite(kr.Target) {
		return Invalid("target", "must be a number")
	}
	if kr.Target == kr.Start {
		return Invalid("target", fmt.Sprintf("must differ from start (both %s)", fmtNum(kr.Start)))
	}
	switch kr.Kind {
	case KRIncrease:
		if kr.Target < kr.Start {
			return Invalid("target", fmt.Sprintf("must be above start for an increase (start %s, target %s); use kind decrease",
				fmtNum(kr.Start), fmtNum(kr.Target)))
		}
	case KRDecrease:
		if kr.Target > kr.Start {
			return Invalid("target", fmt.Sprintf("must be below start for a decrease (start %s, target %s); use kind increase",
				fmtNum(kr.Start), fmtNum(kr.Target)))
		}
	case KRPercentage:
		if kr.Start < 0 || kr.Start > 100 {
			return Invalid("start", fmt.Sprintf("a percentage must be 0 to 100, got %s", fmtNum(kr.Start)))
		}
		if kr.Target < 0 || kr.Target > 100 {
			return Invalid("target", fmt.Sprintf("a percentage must be 0 to 100, got %s", fmtNum(kr.Target)))
		}
	}
	return nil
}

// validateLinkShape rejects blank or repeated labels and bad epic IDs.
func validateLinkShape(labels []string, epics []int64) error {
	seen := make(map[string]bool, len(labels))
	for _, l := range labels {
		if strings.TrimSpace(l) == "" {
			return Invalid("label_links", "a label must not be empty")
		}
		if seen[l] {
			return Invalid("label_links", fmt.Sprintf("label %q is linked twice", l))
		}
		seen[l] = true
	}
	seenEpic := make(map[int64]bool, len(epics))
	for _, id := range epics {
		if id <= 0 {
			return Invalid("epic_links", fmt.Sprintf("epic id must be above 0, got %d", id))
		}
		if seenEpic[id] {
			return Invalid("epic_links", fmt.Sprintf("epic %d is linked twice", id))
		}
		seenEpic[id] = true
	}
	return nil
}

// ValidateLinks names every linked label not in known (the project's
// labels, loaded by the caller), so a typo is reported rather than
// silently tracing nothing.
func ValidateLinks(links []string, known map[string]bool) error {
	var unknown []string
	for _, l := range links {
		if !known[l] {
			unknown = append(unknown, strconv.Quote(l))
		}
	}
	switch len(unknown) {
	case 0:
		return nil
	case 1:
		return Invalid("label_links", "unknown label "+unknown[0])
	}
	return Invalid("label_links", "unknown labels "+strings.Join(unknown, ", "))
}

// ValidateScore checks an end-of-period score: 0.0 (no progress) to 1.0 (target met).
func ValidateScore(score float64) error {
	if !finite(score) || score < 0 || score > 1 {
		return Invalid("score", fmt.Sprintf("must be 0.0 to 1.0, got %s", fmtNum(score)))
	}
	return nil
}

// Validate checks a check-in for kr in period p. It refuses a closed period
// with ErrConflict before looking at the fields, so every caller gets the
// same answer for "too late".
func (c CheckIn) Validate(kr KeyResult, p Period) error {
	if err := p.CheckWritable(); err != nil {
		return err
	}
	if strings.TrimSpace(c.Author) == "" {
		return Invalid("author", "must not be empty")
	}
	if c.Confidence < 0 || c.Confidence > 10 {
		return Invalid("confidence", fmt.Sprintf("must be 0 to 10, got %d", c.Confidence))
	}
	if c.At.IsZero() {
		return Invalid("at", "the check-in date is required")
	}
	if !p.Contains(c.At) {
		return Invalid("at", fmt.Sprintf("check-in date %s is outside period %s (%s to %s)",
			c.At.In(p.Start.Location()).Format(time.DateOnly), p.Key,
			p.Start.Format(time.DateOnly), p.LastDay().Format(time.DateOnly)))
	}
	if !finite(c.Value) {
		return Invalid("value", "must be a number")
	}
	switch kr.Kind {
	case KRBinary:
		if c.Value != 0 && c.Value != 1 {
			return Invalid("value", fmt.Sprintf("a binary value must be 0 (not done) or 1 (done), got %s", fmtNum(c.Value)))
		}
	case KRPercentage:
		if c.Value < 0 || c.Value > 100 {
			return Invalid("value", fmt.Sprintf("a percentage must be 0 to 100, got %s", fmtNum(c.Value)))
		}
	case KRMilestones:
		return c.validateMilestones(len(kr.Milestones))
	}
	return nil
}

// validateMilestones checks the done count against the key result's milestones.
func (c CheckIn) validateMilestones(total int) error {
	if c.Value < 0 || c.Value > float64(total) || c.Value != math.Trunc(c.Value) {
		return Invalid("value", fmt.Sprintf("must be a whole number of milestones done, 0 to %d, got %s", total, fmtNum(c.Value)))
	}
	if c.MilestonesDone == nil {
		return nil
	}
	if len(c.MilestonesDone) != total {
		return Invalid("milestones_done", fmt.Sprintf("has %d entries, the key result has %d milestones", len(c.MilestonesDone), total))
	}
	if done := countTrue(c.MilestonesDone); float64(done) != c.Value {
		return Invalid("value", fmt.Sprintf("must equal the milestones ticked (%d), got %s", done, fmtNum(c.Value)))
	}
	return nil
}

// validateTitle rejects blank and overlong titles.
func validateTitle(field, title string) error {
	t := strings.TrimSpace(title)
	if t == "" {
		return Invalid(field, "must not be empty")
	}
	if n := utf8.RuneCountInString(t); n > MaxOKRTitle {
		return Invalid(field, fmt.Sprintf("must be at most %d characters, got %d", MaxOKRTitle, n))
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// fmtNum prints a number as a person typed it: 24, 0.5, 99.9.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
