package sprintlens

import (
	"cmp"
	"slices"
)

// Hints for the sprint review. They state the rules commitment.go,
// review_infer.go and review_reconstruct.go implement.
const (
	CommittedHint = "Stories that at the sprint's start were planned in it and not yet accepted, plus every " +
		"story already in progress then (work in flight always belongs to the current sprint). " +
		"Points are the estimates at the start."
	AcceptedHint = "Stories accepted from the sprint's start up to, not including, its end, " +
		"with their estimates at acceptance."
	CarriedOverHint = "Committed stories neither accepted nor removed by the sprint's end: they roll into the next sprint. " +
		"Points are the estimates at the end."
	AddedHint = "Stories that entered the sprint after it started: planned into it, started, or accepted " +
		"without having been committed. Points are the estimates at the end."
	RemovedHint = "Committed stories that left the sprint before its end without being accepted " +
		"(moved to the backlog or icebox, or deleted). Points are the estimates at the start."
	RollCountHint = "How many sprint boundaries a story had already rolled across unaccepted since it was first " +
		"started, counted up to this sprint's start; in the sprint it is accepted this is its total."
	OpenHint = "In the sprint in progress: committed or added stories not yet accepted and still in the sprint. " +
		"Nothing is carried over before the sprint ends. Points are the current estimates."
	InferredHint = "The Tracker API does not record when a story was scheduled, so for sprints before sprintlens " +
		"first synced, a story counts as committed if it existed before the sprint started and work on it began " +
		"during the sprint (or, in the sprint in progress, if it sits in the sprint now); stories then in the icebox do not."
	ReconstructedHint = "No recorded history covers this sprint (imported data), so it is reconstructed from dates: " +
		"an accepted story counts as committed if it was created before the sprint started, added otherwise; " +
		"removals cannot be seen."
)

// Tally is a number of stories and their points. Count includes every story
// but releases; Points only those whose type counts toward velocity.
type Tally struct {
	Points float64
	Count  int
}

func (t *Tally) add(points float64, counted bool) {
	t.Count++
	if counted {
		t.Points += points
	}
}

// ReviewStory is one story's part in one iteration.
type ReviewStory struct {
	StoryID int64
	Name    string
	Type    StoryType
	// StateAtEnd is the story's state just before the iteration's finish
	// (for the current iteration: its latest state).
	StateAtEnd StoryState
	// Points is the estimate at the end of the iteration, or at acceptance
	// when accepted in it.
	Points float64
	// CommittedPoints is the estimate at the iteration's start (committed
	// stories only).
	CommittedPoints float64
	Estimated       bool
	// Counted reports whether the story's type counts toward velocity, that
	// is whether its points enter the review's tallies.
	Counted bool
	Owners  []string
	Labels  []string
	// Cycle is the story's cycle time when it has been accepted; nil otherwise.
	Cycle *CycleInfo
	// RollCount follows RollCountHint.
	RollCount int
	// Chain lists, oldest first, every reviewed iteration the story was part
	// of (committed or added): its carry-over chain. The slice is shared by
	// the story's rows in all reviews.
	Chain []int

	Committed   bool
	Added       bool
	Accepted    bool
	CarriedOver bool
	Removed     bool
	// Open follows OpenHint: set instead of CarriedOver (and for added
	// stories not yet accepted) in the iteration in progress.
	Open bool
	// Inferred is true when the story counts as committed by the rule of
	// InferredHint rather than by recorded scheduling.
	Inferred bool
	// Reconstructed is true when this row comes from dates, not history.
	Reconstructed bool
}

// Breakdown is the review's tallies for one label or one story type.
type Breakdown struct {
	// Key is the label name (empty for stories without labels) or the story type.
	Key         string
	Committed   Tally
	Accepted    Tally
	CarriedOver Tally
	Added       Tally
	Removed     Tally
	Open        Tally
}

func (b *Breakdown) add(rs ReviewStory) {
	if rs.Committed {
		b.Committed.add(rs.CommittedPoints, rs.Counted)
	}
	if rs.Accepted {
		b.Accepted.add(rs.Points, rs.Counted)
	}
	if rs.CarriedOver {
		b.CarriedOver.add(rs.Points, rs.Counted)
	}
	if rs.Added {
		b.Added.add(rs.Points, rs.Counted)
	}
	if rs.Removed {
		b.Removed.add(rs.CommittedPoints, rs.Counted)
	}
	if rs.Open {
		b.Open.add(rs.Points, rs.Counted)
	}
}

// Review is the sprint review of one iteration. For committed stories
// Committed = accepted-and-committed + CarriedOver + Removed + committed
// Open, so every committed story ends in exactly one of those four; Open
// is empty but in the iteration in progress, CarriedOver empty in it.
type Review struct {
	Iteration   Iteration
	Committed   Tally
	Accepted    Tally
	CarriedOver Tally
	Added       Tally
	Removed     Tally
	// Open follows OpenHint (committed and added stories alike).
	Open Tally
	// Stories is every story committed to or added to the iteration, by ID.
	Stories []ReviewStory
	ByLabel []Breakdown
	ByType  []Breakdown
	// InProgress is true for the iteration in progress: its stories not
	// yet accepted are Open, not carried over.
	InProgress bool
	// Inferred is true when any story's commitment follows InferredHint.
	Inferred bool
	// Reconstructed follows ReconstructedHint; it is also set when any
	// story in the review had no usable history of its own.
	Reconstructed bool
}

// finish sorts the review's stories and computes its tallies and breakdowns.
func (r *Review) finish() {
	slices.SortFunc(r.Stories, func(a, b ReviewStory) int { return cmp.Compare(a.StoryID, b.StoryID) })
	var total Breakdown
	byLabel := map[string]*Breakdown{}
	byType := map[string]*Breakdown{}
	for _, rs := range r.Stories {
		total.add(rs)
		r.Reconstructed = r.Reconstructed || rs.Reconstructed
		r.Inferred = r.Inferred || rs.Inferred
		labels := rs.Labels
		if len(labels) == 0 {
			labels = []string{""}
		}
		for _, l := range labels {
			breakdownFor(byLabel, l).add(rs)
		}
		breakdownFor(byType, string(rs.Type)).add(rs)
	}
	r.Committed, r.Accepted, r.CarriedOver = total.Committed, total.Accepted, total.CarriedOver
	r.Added, r.Removed, r.Open = total.Added, total.Removed, total.Open
	r.ByLabel = sortedBreakdowns(byLabel)
	r.ByType = sortedBreakdowns(byType)
}

func breakdownFor(m map[string]*Breakdown, key string) *Breakdown {
	b, ok := m[key]
	if !ok {
		b = &Breakdown{Key: key}
		m[key] = b
	}
	return b
}

func sortedBreakdowns(m map[string]*Breakdown) []Breakdown {
	out := make([]Breakdown, 0, len(m))
	for _, b := range m {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b Breakdown) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
