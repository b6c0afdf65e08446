package sprintlens

import (
	"math"
	"slices"
)

// PercentileHint explains how percentiles are computed wherever one is shown.
const PercentileHint = "Percentiles interpolate linearly between the two closest ranks: " +
	"p50 is the median, p85 means 85% of the values are at or below it."

// Mean is the arithmetic mean of values, 0 for none.
func Mean(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	var sum float64
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values))
}

// StdDev is the population standard deviation of values (divide by n, not
// n−1): the window is the whole population we describe, not a sample of it.
// It is 0 for fewer than two values.
func StdDev(values []float64) float64 {
	if len(values) < 2 {
		return 0
	}
	m := Mean(values)
	var ss float64
	for _, v := range values {
		d := v - m
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(values)))
}

// Volatility is the coefficient of variation in percent: population
// standard deviation divided by the mean, times 100. It is 0 when the mean
// is 0, so a run of empty sprints reads as "steady" rather than as NaN.
func Volatility(values []float64) float64 {
	m := Mean(values)
	if m == 0 {
		return 0
	}
	return StdDev(values) / m * 100
}

// Percentile returns the p-th percentile (0..100) of values by linear
// interpolation between the closest ranks (the "inclusive" method used by
// spreadsheets' PERCENTILE.INC and R's type 7): rank h = (n−1)·p/100, and the
// result lies between the ⌊h⌋-th and ⌈h⌉-th smallest values. It is 0 for no
// values. values is not modified.
func Percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return percentileSorted(sorted, p)
}

// percentileSorted is Percentile for an already ascending slice, so callers
// that need several percentiles sort once.
func percentileSorted(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	p = max(0, min(100, p))
	h := float64(n-1) * p / 100
	lo := int(math.Floor(h))
	hi := int(math.Ceil(h))
	return sorted[lo] + (h-float64(lo))*(sorted[hi]-sorted[lo])
}
