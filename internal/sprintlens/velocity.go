package sprintlens

import (
	"slices"
	"sort"
	"time"
)

// Hints shown beside the velocity numbers. Each states the definition the
// code below implements.
const (
	VelocityHint = "Mean accepted points of features (bugs and chores too if the project counts them) " +
		"over the last N done sprints; the current sprint is never included. " +
		"A sprint's accepted points are the estimates of stories accepted from its start up to, not including, its end."
	NormalizedVelocityHint = "Velocity adjusted for team strength: each done sprint's accepted points divided by its " +
		"team strength, then averaged; sprints with team strength 0 are left out."
	VolatilityHint = "How much accepted points swing between sprints: standard deviation divided by the mean, " +
		"in percent, over the same sprints as velocity (0 when nothing was accepted)."
	ShortWindowHint = "Fewer done sprints than the velocity window: the average uses the sprints available."
)

// IterationPoints is what one iteration delivered, the input to velocity,
// volatility and forecasts.
type IterationPoints struct {
	Number       int
	Start        time.Time
	Finish       time.Time
	TeamStrength float64
	// Done is false for the current and future iterations.
	Done bool
	// Points is the sum of estimates of accepted stories that count toward
	// velocity (see CountsTowardVelocity).
	Points float64
	// Stories counts every accepted story except releases, whatever its type
	// or estimate: story-count forecasts need no estimates.
	Stories int
}

// CountsTowardVelocity reports whether points of a story of type t count:
// features always, bugs and chores only when the project says so, releases
// never (they are markers, not work).
func CountsTowardVelocity(p Project, t StoryType) bool {
	switch t {
	case Feature:
		return true
	case Bug, Chore:
		return p.CountBugsAndChores
	}
	return false
}

// velocityWindow is N clamped to the allowed 1..4, with 0 meaning the default.
func velocityWindow(p Project) int {
	switch n := p.VelocityWindow; {
	case n < 1:
		return DefaultVelocityWindow
	case n > 4:
		return 4
	default:
		return n
	}
}

// iterationDone reports whether an iteration is finished. The project's
// current iteration number wins when known, because a stored Kind can be
// stale between syncs; otherwise Kind decides.
func iterationDone(p Project, it Iteration) bool {
	if p.CurrentIteration > 0 {
		return it.Number < p.CurrentIteration
	}
	return it.Kind == IterationDone
}

// AcceptedPoints sums, for each iteration, the stories accepted within its
// half-open window [Start, Finish): a story accepted exactly at Finish
// belongs to the next iteration. Only stories in state accepted with an
// AcceptedAt count, using their current estimate (Tracker does the same).
// The result is ordered by Start. Cost is O((I + S) log I).
func AcceptedPoints(p Project, iterations []Iteration, stories []Story) []IterationPoints {
	its := slices.Clone(iterations)
	slices.SortFunc(its, func(a, b Iteration) int { return a.Start.Compare(b.Start) })
	out := make([]IterationPoints, len(its))
	for i, it := range its {
		out[i] = IterationPoints{
			Number: it.Number, Start: it.Start, Finish: it.Finish,
			TeamStrength: it.TeamStrength, Done: iterationDone(p, it),
		}
	}
	for _, s := range stories {
		if s.State != Accepted || s.AcceptedAt == nil || s.Type == Release {
			continue
		}
		i := containingIteration(its, *s.AcceptedAt)
		if i < 0 {
			continue
		}
		out[i].Stories++
		if CountsTowardVelocity(p, s.Type) {
			out[i].Points += s.Points()
		}
	}
	return out
}

// containingIteration returns the index of the iteration (sorted by Start)
// whose window holds t, or -1 when t falls outside all of them.
func containingIteration(its []Iteration, t time.Time) int {
	i := sort.Search(len(its), func(i int) bool { return its[i].Start.After(t) }) - 1
	if i < 0 || !its[i].Contains(t) {
		return -1
	}
	return i
}

// Velocity is the team's pace over the last Window done iterations.
type Velocity struct {
	// Value is the mean accepted points per iteration.
	Value float64
	// Normalized is the mean of points / team strength over the iterations
	// with team strength above 0.
	Normalized float64
	// Window is N, the number of iterations the project averages over.
	Window int
	// Used is how many done iterations were available (≤ Window).
	Used int
	// Short is true when Used < Window.
	Short bool
	// StdDev is the population standard deviation of the points.
	StdDev float64
	// Volatility is StdDev / Value × 100 (0 when Value is 0).
	Volatility float64
	// Iterations lists the iteration numbers averaged, oldest first.
	Iterations []int
}

// ComputeVelocity computes velocity from per-iteration points (as from
// AcceptedPoints): the last N done iterations by Start, N =
// project.VelocityWindow. Iterations not done are skipped, so the current
// one never counts.
func ComputeVelocity(p Project, points []IterationPoints) Velocity {
	done := doneSorted(points)
	return velocityOver(done, len(done), velocityWindow(p))
}

// doneSorted returns the done iterations ordered by Start.
func doneSorted(points []IterationPoints) []IterationPoints {
	var done []IterationPoints
	for _, ip := range points {
		if ip.Done {
			done = append(done, ip)
		}
	}
	slices.SortFunc(done, func(a, b IterationPoints) int { return a.Start.Compare(b.Start) })
	return done
}

// velocityOver computes velocity over the up to n iterations of done that
// end just before index end.
func velocityOver(done []IterationPoints, end, n int) Velocity {
	from := max(0, end-n)
	window := done[from:end]
	v := Velocity{Window: n, Used: len(window), Short: len(window) < n}
	raw := make([]float64, 0, len(window))
	var norm []float64
	for _, ip := range window {
		raw = append(raw, ip.Points)
		v.Iterations = append(v.Iterations, ip.Number)
		if ip.TeamStrength > 0 {
			norm = append(norm, ip.Points/ip.TeamStrength)
		}
	}
	v.Value = Mean(raw)
	v.Normalized = Mean(norm)
	v.StdDev = StdDev(raw)
	v.Volatility = Volatility(raw)
	return v
}
