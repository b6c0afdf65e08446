package sprintlens

import (
	"cmp"
	"slices"
	"time"
)

// Hints for cycle-time numbers.
const (
	CycleTimeHint = "Time from a story's first start to its last acceptance, in calendar time " +
		"(nights and weekends included). Rejections count how often it was sent back on the way."
	CyclePercentileHint = "p50 and p85 cycle time of accepted stories, by story type and by estimate; " +
		PercentileHint
)

// CycleInfo is how long one story took from start to acceptance.
type CycleInfo struct {
	Duration time.Duration
	// Rejections counts transitions into rejected before the final acceptance.
	Rejections int
	Started    time.Time
	Accepted   time.Time
}

// CycleTime measures one story's cycle from its history (entries of a single
// story, in any order; equal times keep their given order). Started is the
// first transition into started; when the started step was never observed
// (a sync saw the story only once it was finished) it is the first
// in-progress state. Accepted is the last transition into accepted, and the
// story must still be accepted at its last entry. ok is false for stories
// never started or not (or no longer) accepted.
func CycleTime(history []HistoryEntry) (info CycleInfo, ok bool) {
	entries := make([]*HistoryEntry, len(history))
	for i := range history {
		entries[i] = &history[i]
	}
	slices.SortStableFunc(entries, func(a, b *HistoryEntry) int { return a.OccurredAt.Compare(b.OccurredAt) })
	return cycleOf(entries)
}

// cycleOf is CycleTime over entries already sorted by time.
func cycleOf(entries []*HistoryEntry) (CycleInfo, bool) {
	var info CycleInfo
	if len(entries) == 0 || entries[len(entries)-1].State != Accepted {
		return info, false
	}
	started := firstStart(entries)
	if started < 0 {
		return info, false
	}
	acc := acceptanceRun(entries, len(entries)-1)
	if acc < started {
		return info, false
	}
	var prev StoryState
	for _, e := range entries[:acc] {
		if e.State == Rejected && prev != Rejected {
			info.Rejections++
		}
		prev = e.State
	}
	info.Started = entries[started].OccurredAt
	info.Accepted = entries[acc].OccurredAt
	info.Duration = info.Accepted.Sub(info.Started)
	return info, true
}

// firstStart returns the index of the first in-progress entry: normally the
// transition into started, or the first later step a sync happened to see
// when it missed the start. -1 if the story never started.
func firstStart(entries []*HistoryEntry) int {
	for i, e := range entries {
		if e.State.InProgress() {
			return i
		}
	}
	return -1
}

// acceptanceRun returns the index where the run of accepted entries ending
// at last begins: the moment the story (last) became accepted.
func acceptanceRun(entries []*HistoryEntry, last int) int {
	i := last
	for i > 0 && entries[i-1].State == Accepted {
		i--
	}
	return i
}

// CycleSample is one accepted story's cycle time with what it is grouped by.
type CycleSample struct {
	StoryID   int64
	Type      StoryType
	Estimate  float64
	Estimated bool
	CycleInfo
}

// CycleSamples measures every accepted story that has a usable history.
// history may hold many stories in any order; it is sorted once
// (O(n log n)) and not modified.
func CycleSamples(stories []Story, history []HistoryEntry) []CycleSample {
	byStory := groupHistory(history)
	var out []CycleSample
	for _, s := range stories {
		if s.Type == Release {
			continue
		}
		info, ok := cycleOf(byStory[s.ID])
		if !ok {
			continue
		}
		out = append(out, CycleSample{StoryID: s.ID, Type: s.Type, Estimate: s.Points(), Estimated: s.Estimated(), CycleInfo: info})
	}
	return out
}

// CycleGroup is the cycle-time spread of one group of stories: one story
// type (Type set) or one estimate (Estimate and Estimated set).
type CycleGroup struct {
	Type      StoryType
	Estimate  float64
	Estimated bool
	Count     int
	P50, P85  time.Duration
}

// CyclePercentilesByType returns p50/p85 per story type, ordered by type name.
func CyclePercentilesByType(samples []CycleSample) []CycleGroup {
	groups := map[StoryType][]float64{}
	for _, s := range samples {
		groups[s.Type] = append(groups[s.Type], float64(s.Duration))
	}
	out := make([]CycleGroup, 0, len(groups))
	for t, ds := range groups {
		out = append(out, cycleGroup(CycleGroup{Type: t}, ds))
	}
	slices.SortFunc(out, func(a, b CycleGroup) int { return cmp.Compare(a.Type, b.Type) })
	return out
}

// CyclePercentilesBySize returns p50/p85 per estimate, smallest first, with
// unestimated stories last.
func CyclePercentilesBySize(samples []CycleSample) []CycleGroup {
	type key struct {
		est float64
		ok  bool
	}
	groups := map[key][]float64{}
	for _, s := range samples {
		k := key{s.Estimate, s.Estimated}
		if !s.Estimated {
			k.est = 0
		}
		groups[k] = append(groups[k], float64(s.Duration))
	}
	out := make([]CycleGroup, 0, len(groups))
	for k, ds := range groups {
		out = append(out, cycleGroup(CycleGroup{Estimate: k.est, Estimated: k.ok}, ds))
	}
	slices.SortFunc(out, func(a, b CycleGroup) int {
		if a.Estimated != b.Estimated {
			if a.Estimated {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Estimate, b.Estimate)
	})
	return out
}

func cycleGroup(g CycleGroup, durations []float64) CycleGroup {
	slices.Sort(durations)
	g.Count = len(durations)
	g.P50 = time.Duration(percentileSorted(durations, 50))
	g.P85 = time.Duration(percentileSorted(durations, 85))
	return g
}

// groupHistory orders history by story then time, entries with equal times
// keeping their given order (the store's seq), and indexes it by story. The
// entries are not copied or modified. Sorting compact keys rather than the
// entries keeps this O(n log n) and cache-friendly for 500,000 entries.
func groupHistory(history []HistoryEntry) map[int64][]*HistoryEntry {
	type key struct {
		story int64
		sec   int64
		nsec  int32
		idx   int32
	}
	keys := make([]key, len(history))
	for i := range history {
		e := &history[i]
		keys[i] = key{e.StoryID, e.OccurredAt.Unix(), int32(e.OccurredAt.Nanosecond()), int32(i)}
	}
	cmpKey := func(a, b key) int {
		if c := cmp.Compare(a.story, b.story); c != 0 {
			return c
		}
		if c := cmp.Compare(a.sec, b.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	}
	if !slices.IsSortedFunc(keys, cmpKey) {
		slices.SortFunc(keys, cmpKey)
	}
	entries := make([]*HistoryEntry, len(keys))
	for i, k := range keys {
		entries[i] = &history[k.idx]
	}
	byStory := map[int64][]*HistoryEntry{}
	for lo := 0; lo < len(entries); {
		hi := lo + 1
		for hi < len(entries) && entries[hi].StoryID == entries[lo].StoryID {
			hi++
		}
		byStory[entries[lo].StoryID] = entries[lo:hi:hi]
		lo = hi
	}
	return byStory
}
