package sprintlens

import "time"

// ProjectData is everything stored about one project that the metrics are
// computed from.
type ProjectData struct {
	Project    Project
	Iterations []Iteration
	Stories    []Story
	History    []HistoryEntry
	Labels     []Label
	Epics      []Epic
	// WindowChanges are the times the velocity window was changed.
	WindowChanges []WindowChange
}

// StoryMetric is what the metrics learned about one story: its cycle and
// how many sprint boundaries it rolled across unaccepted.
type StoryMetric struct {
	StoryID    int64
	Started    *time.Time
	Accepted   *time.Time
	Cycle      *time.Duration
	Rejections int
	RollCount  int
}

// ProjectMetrics is every number the pages show for a project, computed
// once per sync or import.
type ProjectMetrics struct {
	ComputedAt  time.Time
	Velocity    Velocity
	Points      []IterationPoints
	Rolling     []VelocityPoint
	Reviews     []Review
	Annotations []Annotation
	CycleByType []CycleGroup
	CycleBySize []CycleGroup
	Stories     []StoryMetric
}

// ComputeMetrics derives all of a project's metrics from its data. It is
// pure: the same data gives the same numbers.
func ComputeMetrics(d ProjectData, now time.Time) ProjectMetrics {
	points := AcceptedPoints(d.Project, d.Iterations, d.Stories)
	m := ProjectMetrics{
		ComputedAt: now,
		Points:     points,
		Velocity:   ComputeVelocity(d.Project, points),
		Rolling:    RollingVelocity(d.Project, points),
		Reviews:    BuildReviews(d.Project, d.Iterations, d.Stories, d.History),
	}
	m.Annotations = VelocityAnnotations(d.Iterations, d.History, d.WindowChanges)
	samples := CycleSamples(d.Stories, d.History)
	m.CycleByType = CyclePercentilesByType(samples)
	m.CycleBySize = CyclePercentilesBySize(samples)
	m.Stories = storyMetrics(d, m.Reviews)
	return m
}

// storyMetrics collects each story's cycle and its largest roll count.
func storyMetrics(d ProjectData, reviews []Review) []StoryMetric {
	rolls := map[int64]int{}
	for _, r := range reviews {
		for _, rs := range r.Stories {
			rolls[rs.StoryID] = max(rolls[rs.StoryID], rs.RollCount)
		}
	}
	byStory := groupHistory(d.History)
	out := make([]StoryMetric, 0, len(d.Stories))
	for _, s := range d.Stories {
		sm := StoryMetric{StoryID: s.ID, RollCount: rolls[s.ID]}
		if ci, ok := cycleOf(byStory[s.ID]); ok {
			sm.Started, sm.Accepted, sm.Cycle, sm.Rejections = &ci.Started, &ci.Accepted, &ci.Duration, ci.Rejections
		}
		out = append(out, sm)
	}
	return out
}

// IterationSummary is one iteration's precomputed numbers, as the velocity
// chart and API list them.
type IterationSummary struct {
	Iteration Iteration
	// AcceptedPoints and AcceptedCount follow the velocity definition
	// (AcceptedPoints): current estimates of stories accepted in the window.
	AcceptedPoints float64
	AcceptedCount  int
	Committed      Tally
	CarriedOver    Tally
	Added          Tally
	Removed        Tally
	// Open, InProgress and Inferred follow the Review's fields.
	Open       Tally
	InProgress bool
	Inferred   bool
	// RollingVelocity is the velocity as it stood at the iteration's end
	// (nil for iterations not done).
	RollingVelocity *float64
	RollingStdDev   *float64
	Reconstructed   bool
}

// MetricsSummary is a project's headline numbers and small breakdowns.
type MetricsSummary struct {
	ComputedAt  time.Time
	Velocity    Velocity
	Annotations []Annotation
	CycleByType []CycleGroup
	CycleBySize []CycleGroup
}
