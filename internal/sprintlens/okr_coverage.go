package sprintlens

import (
	"maps"
	"slices"
)

// KRLinks is what a key result is linked to: label names (matched in any
// project) and epic IDs (matched through the epic's label in its project).
type KRLinks struct {
	KeyResultID int64
	Labels      []string
	EpicIDs     []int64
}

// KRLinksOf collects the links of key results, the input of Coverage.
func KRLinksOf(krs []KeyResult) []KRLinks {
	out := make([]KRLinks, 0, len(krs))
	for _, kr := range krs {
		out = append(out, KRLinks{KeyResultID: kr.ID, Labels: kr.LabelLinks, EpicIDs: kr.EpicLinks})
	}
	return out
}

// OKRCoverage is how much of a sprint's accepted work traces to a key result.
type OKRCoverage struct {
	AcceptedPoints float64
	AcceptedCount  int
	// LinkedPoints and LinkedCount cover stories tracing to at least one key
	// result; a story tracing to two counts once here.
	LinkedPoints float64
	LinkedCount  int
	// PointsByKR is the accepted points tracing to each key result; a story
	// tracing to two key results counts in both.
	PointsByKR map[int64]float64
	// UnlinkedEpics are the given epics no key result links.
	UnlinkedEpics []Epic
	// KRsWithoutLinks link no label and no epic.
	KRsWithoutLinks []int64
	// KRsWithoutAcceptedWork have links, but no accepted story traced to them.
	KRsWithoutAcceptedWork []int64
}

// HintCoverage defines the coverage share for pages.
const HintCoverage = "OKR coverage: the share of the sprint's accepted points on stories carrying a label " +
	"or epic linked to a key result."

// LinkedPercent is the share of accepted points tracing to a key result,
// 0–100; ok is false when nothing with points was accepted.
func (c OKRCoverage) LinkedPercent() (pct float64, ok bool) {
	if c.AcceptedPoints <= 0 {
		return 0, false
	}
	return 100 * c.LinkedPoints / c.AcceptedPoints, true
}

// AcceptedWork is accepted stories of one project that share a sprint
// and a set of labels, summed: what OKR coverage is computed from. One
// story is an AcceptedWork of Count 1; the store sums the many stories a
// quarter holds into far fewer of these, keeping only the labels that
// matter (CoverageLabels). Release markers are never work.
type AcceptedWork struct {
	ProjectID int64
	// Iteration is the sprint the work was accepted in; nil when outside
	// any sprint (it then counts in a period's total only).
	Iteration *int
	// Labels are the label names every story of the group carries, sorted.
	Labels []string
	Points float64
	Count  int
}

// WorkOf turns accepted stories into AcceptedWork, one per story, leaving
// release markers out.
func WorkOf(accepted []Story) []AcceptedWork {
	out := make([]AcceptedWork, 0, len(accepted))
	for _, s := range accepted {
		if s.Type == Release {
			continue
		}
		out = append(out, AcceptedWork{ProjectID: s.ProjectID, Iteration: s.IterationNumber, Labels: s.Labels,
			Points: s.Points(), Count: 1})
	}
	return out
}

// CoverageLabels are the label names coverage looks at: those key
// results link, and the labels of the epics they link. A story's other
// labels never change whether it is linked, so work can be summed
// without them (see AcceptedWork).
func CoverageLabels(epics []Epic, links []KRLinks) []string {
	byID := make(map[int64]Epic, len(epics))
	for _, e := range epics {
		byID[e.ID] = e
	}
	seen := map[string]bool{}
	for _, l := range links {
		for _, name := range l.Labels {
			seen[name] = true
		}
		for _, id := range l.EpicIDs {
			if e, ok := byID[id]; ok && e.LabelName != "" {
				seen[e.LabelName] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// Coverage traces a sprint's accepted stories to key results through their
// labels and epic labels. epics are the projects' epics: they resolve epic
// links to labels and are checked for being linked to no key result.
// Release markers are left out.
func Coverage(accepted []Story, epics []Epic, links []KRLinks) OKRCoverage {
	return newCoverageTracer(epics, links).trace(WorkOf(accepted))
}

// SprintRef names one project's sprint.
type SprintRef struct {
	ProjectID int64
	Number    int
}

// CoverageBySprint traces a period's accepted work once: the coverage of
// the whole period and of each sprint, each as Coverage would compute it
// from that sprint's stories. All of them share one UnlinkedEpics and one
// KRsWithoutLinks slice (neither depends on the work): do not modify them.
func CoverageBySprint(work []AcceptedWork, epics []Epic, links []KRLinks) (OKRCoverage, map[SprintRef]OKRCoverage) {
	t := newCoverageTracer(epics, links)
	groups := map[SprintRef][]AcceptedWork{}
	for _, w := range work {
		if w.Iteration != nil {
			k := SprintRef{w.ProjectID, *w.Iteration}
			groups[k] = append(groups[k], w)
		}
	}
	bySprint := make(map[SprintRef]OKRCoverage, len(groups))
	for k, ws := range groups {
		bySprint[k] = t.trace(ws)
	}
	return t.trace(work), bySprint
}

// coverageTracer holds what tracing needs from the epics and links, and
// what follows from them alone, built once however many sprints are
// traced.
type coverageTracer struct {
	links    []KRLinks
	epicByID map[int64]Epic
	// unlinkedEpics and withoutLinks are OKRCoverage's fields of the same
	// name.
	unlinkedEpics []Epic
	withoutLinks  []int64
}

func newCoverageTracer(epics []Epic, links []KRLinks) coverageTracer {
	t := coverageTracer{links: links, epicByID: make(map[int64]Epic, len(epics))}
	linkedEpics := map[int64]bool{}
	for _, l := range links {
		for _, id := range l.EpicIDs {
			linkedEpics[id] = true
		}
		if len(l.Labels) == 0 && len(l.EpicIDs) == 0 {
			t.withoutLinks = append(t.withoutLinks, l.KeyResultID)
		}
	}
	for _, e := range epics {
		t.epicByID[e.ID] = e
		if !linkedEpics[e.ID] {
			t.unlinkedEpics = append(t.unlinkedEpics, e)
		}
	}
	return t
}

func (t coverageTracer) trace(work []AcceptedWork) OKRCoverage {
	c := OKRCoverage{PointsByKR: make(map[int64]float64, len(t.links)),
		UnlinkedEpics: t.unlinkedEpics, KRsWithoutLinks: t.withoutLinks}
	traced := make(map[int64]bool, len(t.links))
	labels := map[string]bool{}
	for _, w := range work {
		c.AcceptedCount += w.Count
		c.AcceptedPoints += w.Points
		clear(labels)
		for _, name := range w.Labels {
			labels[name] = true
		}
		linked := false
		for _, l := range t.links {
			if !tracesTo(w.ProjectID, labels, l, t.epicByID) {
				continue
			}
			linked = true
			traced[l.KeyResultID] = true
			c.PointsByKR[l.KeyResultID] += w.Points
		}
		if linked {
			c.LinkedCount += w.Count
			c.LinkedPoints += w.Points
		}
	}
	for _, l := range t.links {
		if (len(l.Labels) > 0 || len(l.EpicIDs) > 0) && !traced[l.KeyResultID] {
			c.KRsWithoutAcceptedWork = append(c.KRsWithoutAcceptedWork, l.KeyResultID)
		}
	}
	return c
}

// tracesTo reports whether a story with labels in project traces to l, by
// a linked label or by the label of a linked epic of the same project.
func tracesTo(project int64, labels map[string]bool, l KRLinks, epics map[int64]Epic) bool {
	for _, name := range l.Labels {
		if labels[name] {
			return true
		}
	}
	for _, id := range l.EpicIDs {
		if e, ok := epics[id]; ok && e.ProjectID == project && e.LabelName != "" && labels[e.LabelName] {
			return true
		}
	}
	return false
}
