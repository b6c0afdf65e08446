package sprintlens

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Thresholds of the flow warnings, fixed by the issue.
const (
	// MultiSprintBoundaries is how many sprint boundaries an unaccepted
	// story may cross since its first start before it is flagged.
	MultiSprintBoundaries = 2
	// RejectionsWarn is how many rejections flag an open story.
	RejectionsWarn = 2
	// MinCycleSamples is the fewest accepted stories of a size needed to
	// judge by that size's percentiles (long-running, calibration).
	MinCycleSamples = 5
)

// multiSprint flags stories in progress that crossed MultiSprintBoundaries
// or more done-sprint finishes since their first start. Since: first start.
func (wc *warningContext) multiSprint() []Warning {
	var finishes []time.Time
	for _, it := range wc.d.Iterations {
		if iterationDone(wc.d.Project, it) && !it.Finish.After(wc.now) {
			finishes = append(finishes, it.Finish)
		}
	}
	slices.SortFunc(finishes, time.Time.Compare)
	var out []Warning
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if !openWork(s) || !s.State.InProgress() {
			continue
		}
		entries := wc.byStory[s.ID]
		first := firstStart(entries)
		if first < 0 {
			continue
		}
		t0 := entries[first].OccurredAt
		crossed := len(finishes) - sort.Search(len(finishes), func(i int) bool { return finishes[i].After(t0) })
		if crossed < MultiSprintBoundaries {
			continue
		}
		w := newWarning(s, WarnMultiSprint)
		w.Value, w.Threshold, w.Since = float64(crossed), MultiSprintBoundaries, t0
		w.Message = fmt.Sprintf("Not accepted across %d sprint boundaries since it started (%d or more warns): "+
			"split off the part that is done, accept it, and plan the rest.", crossed, MultiSprintBoundaries)
		out = append(out, w)
	}
	return out
}

// cycleSizeKey groups cycle samples the way CyclePercentilesBySize does.
type cycleSizeKey struct {
	est float64
	ok  bool
}

func cycleSizeOf(estimate *float64) cycleSizeKey {
	if estimate == nil {
		return cycleSizeKey{}
	}
	return cycleSizeKey{*estimate, true}
}

// longRunning flags stories started, finished or delivered for longer than
// the configured percentile of their size's cycle times (sizes with at least
// MinCycleSamples accepted stories). Since: first start.
func (wc *warningContext) longRunning() []Warning {
	bySize := map[cycleSizeKey][]float64{}
	for _, smp := range CycleSamples(wc.d.Stories, wc.d.History) {
		k := cycleSizeKey{smp.Estimate, smp.Estimated}
		if !smp.Estimated {
			k.est = 0
		}
		bySize[k] = append(bySize[k], float64(smp.Duration))
	}
	pct := wc.ws.LongRunningPercentile
	if pct <= 0 {
		pct = DefaultLongRunningPercentile
	}
	var out []Warning
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if s.Type == Release || (s.State != Started && s.State != Finished && s.State != Delivered) {
			continue
		}
		samples := bySize[cycleSizeOf(s.Estimate)]
		if len(samples) < MinCycleSamples {
			continue
		}
		entries := wc.byStory[s.ID]
		first := firstStart(entries)
		if first < 0 {
			continue
		}
		t0 := entries[first].OccurredAt
		elapsed := wc.now.Sub(t0)
		limit := time.Duration(Percentile(samples, pct))
		if elapsed <= limit {
			continue
		}
		w := newWarning(s, WarnLongRunning)
		w.Value, w.Threshold, w.Basis = durationDays(elapsed), durationDays(limit), float64(len(samples))
		w.Scope, w.Since = "p"+warnNum(pct), t0
		size := "unestimated"
		if s.Estimated() {
			size = warnNum(s.Points()) + "-point"
		}
		w.Message = fmt.Sprintf("In progress for %s days, longer than the %s cycle time of %s stories (%s days over %d accepted): "+
			"find what blocks it, or split it.", warnNum(w.Value), w.Scope, size, warnNum(w.Threshold), len(samples))
		out = append(out, w)
	}
	return out
}

// days converts a duration to days.
func durationDays(d time.Duration) float64 { return d.Hours() / 24 }

// rejectedTwice flags open stories rejected RejectionsWarn times or more
// (transitions into rejected over the whole history). Since: the rejection
// that reached the threshold.
func (wc *warningContext) rejectedTwice() []Warning {
	var out []Warning
	for i := range wc.d.Stories {
		s := &wc.d.Stories[i]
		if !openWork(s) {
			continue
		}
		var n int
		var since time.Time
		var prev StoryState
		for _, e := range wc.byStory[s.ID] {
			if e.State == Rejected && prev != Rejected {
				n++
				if n == RejectionsWarn {
					since = e.OccurredAt
				}
			}
			prev = e.State
		}
		if n < RejectionsWarn {
			continue
		}
		w := newWarning(s, WarnRejectedTwice)
		w.Value, w.Threshold, w.Since = float64(n), RejectionsWarn, since
		w.Message = fmt.Sprintf("Rejected %d times (%d or more warns): agree on the acceptance criteria, "+
			"or split the disputed part into its own story.", n, RejectionsWarn)
		out = append(out, w)
	}
	return out
}
