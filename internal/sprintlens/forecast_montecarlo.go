package sprintlens

import "math/rand/v2"

// Monte Carlo settings.
const (
	// DefaultTrials is the number of simulated futures.
	DefaultTrials = 10_000
	// MaxForecastIterations caps one simulated future (ten years of weekly
	// sprints): a trial not done by then counts as never done.
	MaxForecastIterations = 520
	// pcgStream is the PCG's second seed word; fixed so the caller's seed
	// alone decides the sequence.
	pcgStream = 0x5eed_5b1e_2a15
)

// MonteCarloResult is the simulated number of iterations needed.
type MonteCarloResult struct {
	Trials int
	// P50, P85 and P95 are the iterations within which that share of the
	// trials finished (nearest rank: the smallest k reached by at least
	// that share, since a sprint count is a whole number).
	P50, P85, P95 Outlook
}

// MonteCarlo simulates trials futures: each draws past iterations' values
// from samples uniformly with replacement, adding them until remaining is
// covered, and records how many it drew. It is deterministic for a seed
// (PCG from math/rand/v2). With remaining ≤ 0 every percentile is 0; with no
// positive sample every percentile is unbounded. Finish dates are left zero.
func MonteCarlo(remaining float64, samples []float64, trials int, seed uint64) MonteCarloResult {
	if trials <= 0 {
		trials = DefaultTrials
	}
	res := MonteCarloResult{Trials: trials}
	if remaining <= 0 {
		return res
	}
	positive := false
	for _, s := range samples {
		positive = positive || s > 0
	}
	if !positive {
		never := Outlook{Unbounded: true}
		res.P50, res.P85, res.P95 = never, never, never
		return res
	}
	rng := rand.New(rand.NewPCG(seed, pcgStream))
	// counts[k] is the number of trials that needed exactly k iterations;
	// the last slot holds the trials that never finished. A histogram
	// avoids sorting 10,000 results.
	counts := make([]int, MaxForecastIterations+2)
	target := remaining - 1e-9
	for range trials {
		k, done := 0, 0.0
		for done < target && k <= MaxForecastIterations {
			done += samples[rng.IntN(len(samples))]
			k++
		}
		counts[k]++
	}
	res.P50 = nearestRank(counts, trials, 50)
	res.P85 = nearestRank(counts, trials, 85)
	res.P95 = nearestRank(counts, trials, 95)
	return res
}

// nearestRank returns the smallest k such that at least pct% of trials
// needed k iterations or fewer.
func nearestRank(counts []int, trials, pct int) Outlook {
	need := (trials*pct + 99) / 100
	seen := 0
	for k, c := range counts {
		seen += c
		if seen >= need {
			if k > MaxForecastIterations {
				return Outlook{Unbounded: true}
			}
			return Outlook{Iterations: k}
		}
	}
	return Outlook{Unbounded: true}
}

// date fills each bounded percentile's finish from the schedule.
func (r *MonteCarloResult) date(sched Schedule) {
	for _, o := range []*Outlook{&r.P50, &r.P85, &r.P95} {
		if !o.Unbounded {
			o.Finish = sched.Finish(o.Iterations)
		}
	}
}
