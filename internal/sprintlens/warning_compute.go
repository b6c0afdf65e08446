package sprintlens

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// ComputeWarnings derives every warning of a project from its data and the
// metrics computed from it (m comes from ComputeMetrics over the same d),
// at time now. It returns at most one warning per story and kind, ordered
// by kind (as WarningKinds lists them) and then story id. It is pure.
func ComputeWarnings(d ProjectData, m ProjectMetrics, ws WarningSettings, now time.Time) []Warning {
	wc := warningContext{
		d: d, m: m, ws: ws, now: now,
		limit:   ProjectSizeLimit(d.Project, m.Velocity),
		byStory: groupHistory(d.History),
		stories: map[int64]*Story{},
	}
	for i := range d.Stories {
		wc.stories[d.Stories[i].ID] = &d.Stories[i]
	}
	var out []Warning
	out = append(out, wc.tooBig()...)
	out = append(out, wc.multiSprint()...)
	out = append(out, wc.unestimatedSoon()...)
	out = append(out, wc.thinScope()...)
	out = append(out, wc.longRunning()...)
	out = append(out, wc.rejectedTwice()...)
	out = append(out, wc.lumpy()...)
	return dedupeWarnings(out)
}

// warningContext is what every rule reads.
type warningContext struct {
	d       ProjectData
	m       ProjectMetrics
	ws      WarningSettings
	now     time.Time
	limit   SizeLimit
	byStory map[int64][]*HistoryEntry
	stories map[int64]*Story
}

// newWarning fills the parts of a warning that come from the story.
func newWarning(s *Story, kind WarningKind) Warning {
	return Warning{StoryID: s.ID, Kind: kind, StoryName: s.Name, StoryURL: s.URL,
		Points: s.Estimate, Fingerprint: StoryFingerprint(*s)}
}

// openWork reports whether a story is still work to do (not accepted, not a release).
func openWork(s *Story) bool { return s.State != Accepted && s.Type != Release }

// tooBig flags open estimated stories above the size limit.
// Since: when the story got its current estimate.
func (wc *warningContext) tooBig() []Warning {
	var out []Warning
	lim := wc.limit.Points
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if !openWork(s) || !s.Estimated() || s.Points() <= lim {
			continue
		}
		w := newWarning(s, WarnTooBig)
		w.Value, w.Threshold = s.Points(), lim
		w.Since = estimateSince(s, wc.byStory[s.ID])
		w.Message = fmt.Sprintf("%s points is above this project's %s-point limit: split it.", warnNum(w.Value), warnNum(lim))
		out = append(out, w)
	}
	return out
}

// unestimatedSoon flags unestimated features within the next two sprints
// of work (see UnestimatedSoonHint). Since: when it became unestimated.
func (wc *warningContext) unestimatedSoon() []Warning {
	p := wc.d.Project
	var queue []*Story
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if openWork(s) && s.State != Unscheduled {
			queue = append(queue, s)
		}
	}
	current := func(s *Story) int {
		if s.State.InProgress() || (p.CurrentIteration > 0 && s.IterationNumber != nil && *s.IterationNumber == p.CurrentIteration) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(queue, func(a, b *Story) int {
		return cmp.Or(cmp.Compare(current(a), current(b)), cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	v := wc.m.Velocity.Value
	budget := 2 * v
	inWindow := func(s *Story, cum float64) bool {
		if v > 0 {
			return cum <= budget
		}
		// No velocity yet: trust Tracker's own scheduling.
		return current(s) == 0 || (p.CurrentIteration > 0 && s.IterationNumber != nil && *s.IterationNumber <= p.CurrentIteration+1)
	}
	var out []Warning
	var cum float64
	for _, s := range queue {
		if s.Estimated() && CountsTowardVelocity(p, s.Type) {
			cum += s.Points()
		}
		if !inWindow(s, cum) {
			if v > 0 {
				break
			}
			continue
		}
		if s.Type != Feature || s.Estimated() {
			continue
		}
		w := newWarning(s, WarnUnestimatedSoon)
		w.Value, w.Threshold, w.Basis = cum, budget, v
		w.Since = estimateSince(s, wc.byStory[s.ID])
		if v > 0 {
			w.Message = fmt.Sprintf("Unestimated, yet within the next two sprints of work (%s points above it; two sprints "+
				"at velocity %s is %s points): estimate it before it is planned.", warnNum(cum), warnNum(v), warnNum(budget))
		} else {
			w.Message = "Unestimated, yet scheduled in the current or next sprint: estimate it before it is planned."
		}
		out = append(out, w)
	}
	return out
}

// scopeTally counts one label's open scope.
type scopeTally struct {
	name               string
	open, estimated    int
	unestimatedFeature bool
	epic               bool
	// unestimated indexes the scope's unestimated open stories in ProjectData.Stories.
	unestimated []int
}

func (t scopeTally) share() float64 {
	if t.open == 0 {
		return 100
	}
	return float64(t.estimated) / float64(t.open) * 100
}

// thin applies ThinScopeHint's rule.
func (t scopeTally) thin() bool {
	return (t.open >= 3 && t.share() < 50) || t.unestimatedFeature
}

// thinScope flags unestimated open stories in thin labels or epics. A story
// in several thin scopes is reported once, for the thinnest. Since: when it
// became unestimated.
func (wc *warningContext) thinScope() []Warning {
	p := wc.d.Project
	epics := map[string]bool{}
	for _, e := range wc.d.Epics {
		if e.LabelName != "" {
			epics[e.LabelName] = true
		}
	}
	tallies := map[string]*scopeTally{}
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if !openWork(s) || !CountsTowardVelocity(p, s.Type) {
			continue
		}
		for _, l := range s.Labels {
			t, ok := tallies[l]
			if !ok {
				t = &scopeTally{name: l, epic: epics[l]}
				tallies[l] = t
			}
			t.open++
			if s.Estimated() {
				t.estimated++
			} else {
				t.unestimated = append(t.unestimated, i)
				t.unestimatedFeature = t.unestimatedFeature || s.Type == Feature
			}
		}
	}
	best := map[int]*scopeTally{}
	for _, t := range tallies {
		if !t.thin() {
			continue
		}
		for _, i := range t.unestimated {
			b, ok := best[i]
			if !ok || t.share() < b.share() || (t.share() == b.share() && t.name < b.name) {
				best[i] = t
			}
		}
	}
	var out []Warning
	for i, t := range best {
		s := &wc.d.Stories[i]
		w := newWarning(s, WarnThinScope)
		w.Value, w.Threshold, w.Basis = t.share(), 50, float64(t.open)
		w.Scope, w.Epic = t.name, t.epic
		w.Since = estimateSince(s, wc.byStory[s.ID])
		what := "Label"
		if t.epic {
			what = "Epic"
		}
		w.Message = fmt.Sprintf("%s %s has %d of %d open stories estimated (%s%%); it counts as thin under 50%% or with any "+
			"unestimated feature: estimate this story so the scope's forecast holds.", what, t.name, t.estimated, t.open, warnNum(t.share()))
		out = append(out, w)
	}
	return out
}

// estimateSince is when the story's current estimate (or lack of one) took
// effect: the start of the last run of history entries carrying it, or the
// story's creation when that run begins with its first entry.
func estimateSince(s *Story, entries []*HistoryEntry) time.Time {
	if len(entries) == 0 {
		return s.CreatedAt
	}
	i := len(entries)
	for i > 0 && sameEstimate(entries[i-1].Estimate, s.Estimate) {
		i--
	}
	if i == len(entries) {
		// The history does not show the current estimate yet: it changed
		// at the story's last update.
		return s.UpdatedAt
	}
	if i == 0 && !s.CreatedAt.IsZero() && s.CreatedAt.Before(entries[0].OccurredAt) {
		return s.CreatedAt
	}
	return entries[i].OccurredAt
}

// dedupeWarnings keeps one warning per story and kind (the last computed,
// so a later sprint wins for lumpy_sprint) and orders them.
func dedupeWarnings(ws []Warning) []Warning {
	type key struct {
		id   int64
		kind WarningKind
	}
	seen := map[key]int{}
	var out []Warning
	for _, w := range ws {
		k := key{w.StoryID, w.Kind}
		if i, ok := seen[k]; ok {
			out[i] = w
			continue
		}
		seen[k] = len(out)
		out = append(out, w)
	}
	order := map[WarningKind]int{}
	for i, k := range WarningKinds {
		order[k] = i
	}
	slices.SortFunc(out, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(order[a.Kind], order[b.Kind]), cmp.Compare(a.StoryID, b.StoryID))
	})
	return out
}
