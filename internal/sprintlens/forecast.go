package sprintlens

import (
	"math"
	"time"
)

// Hints for forecasts.
const (
	ForecastRangeHint = "Sprints needed = remaining points ÷ velocity, rounded up. The optimistic end uses " +
		"velocity + one standard deviation, the pessimistic end velocity − one standard deviation " +
		"(no upper bound when that is 0 or less)."
	MonteCarloHint = "10,000 simulated futures, each replaying past sprints picked at random (with replacement) " +
		"until the remaining scope is done. 85% means 85 of every 100 simulations finished by that sprint."
)

// Schedule lays out the iterations still to come: the first starts on
// Start's calendar day in Location (nil means UTC), each lasts Weeks weeks,
// boundaries at local midnight. Pass the current iteration's start when the
// remaining scope includes its unaccepted work.
type Schedule struct {
	Start    time.Time
	Weeks    int
	Location *time.Location
}

// Finish returns the end of the k-th iteration of the schedule (k ≥ 1);
// Finish(0) is the schedule's start.
func (s Schedule) Finish(k int) time.Time {
	start, _ := IterationWindow(s.Start.In(s.location()), s.Weeks, s.Location)
	return start.AddDate(0, 0, 7*s.Weeks*k)
}

func (s Schedule) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// Outlook is one forecast answer: how many iterations, and when the last of
// them ends. Unbounded means the data gives no end (zero pace).
type Outlook struct {
	Iterations int
	Finish     time.Time
	Unbounded  bool
}

// RangeForecast is the velocity ± standard deviation forecast.
type RangeForecast struct {
	Remaining   float64
	Velocity    float64
	StdDev      float64
	Likely      Outlook
	Optimistic  Outlook
	Pessimistic Outlook
}

// ForecastRange follows ForecastRangeHint with velocity v.
func ForecastRange(remaining float64, v Velocity, sched Schedule) RangeForecast {
	return RangeForecast{
		Remaining:   remaining,
		Velocity:    v.Value,
		StdDev:      v.StdDev,
		Likely:      outlookAt(remaining, v.Value, sched),
		Optimistic:  outlookAt(remaining, v.Value+v.StdDev, sched),
		Pessimistic: outlookAt(remaining, v.Value-v.StdDev, sched),
	}
}

// outlookAt is ⌈remaining / pace⌉ iterations, unbounded for a pace ≤ 0.
func outlookAt(remaining, pace float64, sched Schedule) Outlook {
	if remaining <= 0 {
		return Outlook{Finish: sched.Finish(0)}
	}
	if pace <= 0 {
		return Outlook{Unbounded: true}
	}
	// The small tolerance keeps 30 ÷ 10 at 3 when float division lands a
	// hair above it.
	k := int(math.Ceil(remaining/pace - 1e-9))
	return Outlook{Iterations: k, Finish: sched.Finish(k)}
}

// ForecastInput is what BuildForecast needs.
type ForecastInput struct {
	RemainingPoints  float64
	RemainingStories int
	// Velocity drives the range forecast.
	Velocity Velocity
	// History holds the past iterations to resample; those not done are
	// ignored.
	History  []IterationPoints
	Schedule Schedule
	// Seed makes the simulation repeatable: same seed, same answer.
	Seed uint64
	// Trials defaults to DefaultTrials when 0.
	Trials int
}

// Forecast answers "when will this be done?" three ways.
type Forecast struct {
	Range RangeForecast
	// Points resamples past iterations' accepted points.
	Points MonteCarloResult
	// Stories resamples past iterations' accepted story counts.
	Stories MonteCarloResult
}

// BuildForecast runs the range forecast and both simulations and dates them
// with the schedule.
func BuildForecast(in ForecastInput) Forecast {
	var points, counts []float64
	for _, ip := range in.History {
		if ip.Done {
			points = append(points, ip.Points)
			counts = append(counts, float64(ip.Stories))
		}
	}
	f := Forecast{
		Range:   ForecastRange(in.RemainingPoints, in.Velocity, in.Schedule),
		Points:  MonteCarlo(in.RemainingPoints, points, in.Trials, in.Seed),
		Stories: MonteCarlo(float64(in.RemainingStories), counts, in.Trials, in.Seed),
	}
	f.Points.date(in.Schedule)
	f.Stories.date(in.Schedule)
	return f
}
