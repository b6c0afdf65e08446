package sprintlens

import "math"

// Figure is one headline number a snapshot froze, keyed so that the same
// number read today can be set beside it ("what changed since").
type Figure struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
}

// Figure keys. Pages translate them; the stored JSON keeps them.
const (
	FigureVelocity          = "velocity"
	FigureCommittedPoints   = "committed_points"
	FigureCommittedCount    = "committed_count"
	FigureAcceptedPoints    = "accepted_points"
	FigureAcceptedCount     = "accepted_count"
	FigureCarriedOverPoints = "carried_over_points"
	FigureCarriedOverCount  = "carried_over_count"
)

func tallyFigures(committed, accepted, carried DigestTally) []Figure {
	return []Figure{
		{FigureCommittedPoints, committed.Points}, {FigureCommittedCount, float64(committed.Count)},
		{FigureAcceptedPoints, accepted.Points}, {FigureAcceptedCount, float64(accepted.Count)},
		{FigureCarriedOverPoints, carried.Points}, {FigureCarriedOverCount, float64(carried.Count)},
	}
}

// Figures are the numbers a digest states: velocity and the last sprint's.
func (d Digest) Figures() []Figure {
	out := []Figure{{FigureVelocity, d.Velocity}}
	if s := d.LastSprint; s != nil {
		out = append(out, tallyFigures(s.Committed, s.Accepted, s.CarriedOver)...)
	}
	return out
}

// Figures are the numbers a sprint review states.
func (r ReviewSnapshot) Figures() []Figure {
	return tallyFigures(r.Committed, r.Accepted, r.CarriedOver)
}

// ReviewFigures are a live review's numbers, keyed as a frozen one's.
func ReviewFigures(r Review) []Figure {
	return tallyFigures(TallyOf(r.Committed), TallyOf(r.Accepted), TallyOf(r.CarriedOver))
}

// SprintOf turns iteration n's precomputed numbers into the digest's
// last-sprint block; ok is false when n has no numbers.
func SprintOf(sums []IterationSummary, n int) (DigestSprint, bool) {
	for _, is := range sums {
		if is.Iteration.Number == n {
			return DigestSprint{Number: n, Start: is.Iteration.Start, Finish: is.Iteration.Finish,
				Accepted:  DigestTally{Points: is.AcceptedPoints, Count: is.AcceptedCount},
				Committed: TallyOf(is.Committed), CarriedOver: TallyOf(is.CarriedOver)}, true
		}
	}
	return DigestSprint{}, false
}

// DigestFigures are today's numbers for a digest that froze sprint n: the
// project's velocity now and sprint n as it is computed now.
func DigestFigures(m MetricsSummary, sums []IterationSummary, n int) []Figure {
	d := Digest{Velocity: m.Velocity.Value}
	if s, ok := SprintOf(sums, n); ok {
		d.LastSprint = &s
	}
	return d.Figures()
}

// FigureChange is one frozen number that reads differently today.
type FigureChange struct {
	Key  string
	Then float64
	Now  float64
}

// ChangedFigures lists, in then's order, the numbers whose value moved.
// A number missing from now is left out: nothing can be said about it.
func ChangedFigures(then, now []Figure) []FigureChange {
	current := make(map[string]float64, len(now))
	for _, f := range now {
		current[f.Key] = f.Value
	}
	var out []FigureChange
	for _, f := range then {
		v, ok := current[f.Key]
		// Points are sums of small decimals; a rounding crumb is no change.
		if ok && math.Abs(v-f.Value) > 1e-9 {
			out = append(out, FigureChange{Key: f.Key, Then: f.Value, Now: v})
		}
	}
	return out
}
