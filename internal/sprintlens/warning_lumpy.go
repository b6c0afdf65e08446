package sprintlens

import "fmt"

// sprintLoad is the set of stories whose points make up a sprint's points:
// for a done sprint the stories accepted in it, for the current sprint every
// story still in it (committed or added, not removed). Only stories whose
// type counts toward velocity take part, with their points at acceptance
// (done) or now (current).
func sprintLoad(p Project, r Review) (rows []ReviewStory, total float64) {
	done := iterationDone(p, r.Iteration)
	for _, rs := range r.Stories {
		if !rs.Counted {
			continue
		}
		if (done && !rs.Accepted) || (!done && rs.Removed) {
			continue
		}
		rows = append(rows, rs)
		total += rs.Points
	}
	return rows, total
}

// lumpy flags, in each done and the current sprint, stories carrying the
// lumpy share or more of the sprint's points. One-point stories are left
// alone: they cannot be split. Since: the sprint's start.
func (wc *warningContext) lumpy() []Warning {
	share := wc.ws.LumpyShare
	if share <= 0 {
		share = DefaultLumpyShare
	}
	var out []Warning
	for _, r := range wc.m.Reviews {
		rows, total := sprintLoad(wc.d.Project, r)
		if total <= 0 {
			continue
		}
		for _, rs := range rows {
			got := rs.Points / total * 100
			if rs.Points <= 1 || got < share {
				continue
			}
			s, ok := wc.stories[rs.StoryID]
			if !ok {
				continue
			}
			w := newWarning(s, WarnLumpySprint)
			w.Value, w.Threshold, w.Basis = got, share, total
			w.Iteration, w.Since = r.Iteration.Number, r.Iteration.Start
			w.Message = fmt.Sprintf("%s of sprint %d's %s points (%s%%) sit in this one story, at or above the %s%% lumpy limit: "+
				"split stories like it so the sprint finishes evenly.", warnNum(rs.Points), r.Iteration.Number, warnNum(total),
				warnNum(got), warnNum(share))
			out = append(out, w)
		}
	}
	return out
}
