package sprintlens

import (
	"fmt"
	"testing"
	"time"
)

// Helpers shared by the warning, radar and calibration tests. Names carry a
// "w" prefix so they cannot clash with other test files of the package.

// wProject is a hand-built project: weekly Tokyo sprints from Mon 5 Jan
// 2026, `done` of them done, the next one current and two in the backlog.
type wProject struct {
	p       Project
	its     []Iteration
	stories []Story
	hist    []HistoryEntry
	labels  []Label
	epics   []Epic
}

func newWProject(t *testing.T, done int) *wProject {
	t.Helper()
	its := vWeekly(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), done+3, vTokyo(t))
	for i := range its {
		switch n := i + 1; {
		case n == done+1:
			its[i].Kind = IterationCurrent
		case n > done+1:
			its[i].Kind = IterationBacklog
		}
	}
	return &wProject{
		p:   Project{ID: 1, Name: "SRE Platform", TimeZone: "Asia/Tokyo", VelocityWindow: 3, CurrentIteration: done + 1},
		its: its,
	}
}

// at is day d (fractional days allowed) of sprint n.
func (w *wProject) at(n int, d float64) time.Time {
	return w.its[n-1].Start.Add(time.Duration(d * float64(24*time.Hour)))
}

// story adds a story as it is now; est nil means unestimated.
func (w *wProject) story(id int64, typ StoryType, st StoryState, est *float64, labels ...string) *Story {
	w.stories = append(w.stories, Story{
		ProjectID: w.p.ID, ID: id, Name: fmt.Sprintf("story %d", id), Type: typ, State: st, Estimate: est,
		Labels: labels, Position: int(id), CreatedAt: w.its[0].Start.Add(-24 * time.Hour),
		UpdatedAt: w.its[0].Start.Add(-24 * time.Hour),
	})
	return &w.stories[len(w.stories)-1]
}

// step records a history entry and moves the story's state, estimate and
// update time along with it.
func (w *wProject) step(id int64, at time.Time, st StoryState, est *float64, iter *int) {
	w.hist = append(w.hist, HistoryEntry{ProjectID: w.p.ID, StoryID: id, OccurredAt: at, State: st, Estimate: est,
		IterationNumber: iter, Source: FromActivity})
	for i := range w.stories {
		if s := &w.stories[i]; s.ID == id {
			s.State, s.Estimate, s.UpdatedAt = st, est, at
			if st.InProgress() || st == Unstarted || st == Planned {
				s.IterationNumber = iter
			}
			if st == Accepted {
				a := at
				s.AcceptedAt, s.IterationNumber = &a, iter
			}
		}
	}
}

// done adds a feature started at (sn, sd) and accepted at (an, ad).
func (w *wProject) done(id int64, est float64, sn int, sd float64, an int, ad float64, labels ...string) {
	w.story(id, Feature, Unstarted, vEst(est), labels...)
	w.step(id, w.at(sn, sd), Started, vEst(est), vIter(sn))
	w.step(id, w.at(an, ad), Accepted, vEst(est), vIter(an))
}

func (w *wProject) data() ProjectData {
	return ProjectData{Project: w.p, Iterations: w.its, Stories: w.stories, History: w.hist, Labels: w.labels, Epics: w.epics}
}

// warnings computes the project's warnings at now with the default settings.
func (w *wProject) warnings(now time.Time) []Warning {
	return w.warningsWith(DefaultWarningSettings(), now)
}

func (w *wProject) warningsWith(ws WarningSettings, now time.Time) []Warning {
	d := w.data()
	return ComputeWarnings(d, ComputeMetrics(d, now), ws, now)
}

// wOfKind keeps the warnings of one kind, keyed by story.
func wOfKind(ws []Warning, k WarningKind) map[int64]Warning {
	out := map[int64]Warning{}
	for _, w := range ws {
		if w.Kind == k {
			out[w.StoryID] = w
		}
	}
	return out
}

// wSteady gives the project `done` done sprints of 10 accepted points each
// (3, 3, 2 and 2, each started and accepted inside its sprint, none above
// 30% of it), so the velocity is 10 and the default size limit
// min(5, 10/2) = 5. Story ids start at 1000.
func (w *wProject) wSteady(done int) {
	for n := 1; n <= done; n++ {
		base := int64(1000 + 10*n)
		w.done(base, 3, n, 0.5, n, 1.5)
		w.done(base+1, 3, n, 1, n, 2)
		w.done(base+2, 2, n, 2, n, 3)
		w.done(base+3, 2, n, 2, n, 3.5)
	}
}
