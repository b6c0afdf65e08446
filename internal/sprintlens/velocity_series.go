package sprintlens

import "time"

// RollingVelocityHint explains the velocity chart's line and band.
const RollingVelocityHint = "For each done sprint, the velocity as it stood at its end: the mean of that sprint " +
	"and the N−1 before it. The band is that mean ± one standard deviation."

// VelocityPoint is one point of the rolling velocity chart.
type VelocityPoint struct {
	Number int
	Finish time.Time
	// Accepted is the points accepted in this iteration alone.
	Accepted float64
	// Velocity is the mean over this iteration and the N−1 done before it.
	Velocity float64
	StdDev   float64
	// Low and High bound the volatility band, Velocity ± StdDev; Low is
	// floored at 0 because negative points cannot happen.
	Low, High float64
	// Used is how many iterations the mean covers (< N near the start).
	Used int
}

// RollingVelocity returns one point per done iteration, oldest first: the
// velocity the team would have seen at the end of that iteration.
func RollingVelocity(p Project, points []IterationPoints) []VelocityPoint {
	done := doneSorted(points)
	n := velocityWindow(p)
	out := make([]VelocityPoint, len(done))
	for i, ip := range done {
		v := velocityOver(done, i+1, n)
		out[i] = VelocityPoint{
			Number: ip.Number, Finish: ip.Finish, Accepted: ip.Points,
			Velocity: v.Value, StdDev: v.StdDev,
			Low: max(0, v.Value-v.StdDev), High: v.Value + v.StdDev,
			Used: v.Used,
		}
	}
	return out
}
