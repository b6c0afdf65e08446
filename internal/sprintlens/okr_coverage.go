package sprintlens

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

// Coverage traces a sprint's accepted stories to key results through their
// labels and epic labels. epics are the projects' epics: they resolve epic
// links to labels and are checked for being linked to no key result.
// Release markers are left out.
func Coverage(accepted []Story, epics []Epic, links []KRLinks) OKRCoverage {
	epicByID := make(map[int64]Epic, len(epics))
	for _, e := range epics {
		epicByID[e.ID] = e
	}

	c := OKRCoverage{PointsByKR: make(map[int64]float64, len(links))}
	linkedEpics := make(map[int64]bool)
	for _, l := range links {
		for _, id := range l.EpicIDs {
			linkedEpics[id] = true
		}
	}
	traced := make(map[int64]bool, len(links))
	for _, s := range accepted {
		if s.Type == Release {
			continue
		}
		c.AcceptedCount++
		c.AcceptedPoints += s.Points()
		labels := make(map[string]bool, len(s.Labels))
		for _, name := range s.Labels {
			labels[name] = true
		}
		linked := false
		for _, l := range links {
			if !tracesTo(s.ProjectID, labels, l, epicByID) {
				continue
			}
			linked = true
			traced[l.KeyResultID] = true
			c.PointsByKR[l.KeyResultID] += s.Points()
		}
		if linked {
			c.LinkedCount++
			c.LinkedPoints += s.Points()
		}
	}

	for _, e := range epics {
		if !linkedEpics[e.ID] {
			c.UnlinkedEpics = append(c.UnlinkedEpics, e)
		}
	}
	for _, l := range links {
		switch {
		case len(l.Labels) == 0 && len(l.EpicIDs) == 0:
			c.KRsWithoutLinks = append(c.KRsWithoutLinks, l.KeyResultID)
		case !traced[l.KeyResultID]:
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
