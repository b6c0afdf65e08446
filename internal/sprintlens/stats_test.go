package sprintlens

import (
	"math"
	"testing"
)

func TestStats(t *testing.T) {
	tests := []struct {
		name                      string
		values                    []float64
		mean, sd, volatility, p50 float64
		p85                       float64
	}{
		{name: "empty", values: nil},
		{name: "single", values: []float64{7}, mean: 7, p50: 7, p85: 7},
		// mean 8; deviations 0, -2, 2; variance (0+4+4)/3 = 8/3; sd √(8/3);
		// volatility √(8/3)/8·100. Sorted 6, 8, 10: p50 rank 1 → 8;
		// p85 rank 2·0.85 = 1.7 → 8 + 0.7·(10−8) = 9.4.
		{name: "three", values: []float64{8, 6, 10}, mean: 8, sd: math.Sqrt(8.0 / 3),
			volatility: math.Sqrt(8.0/3) / 8 * 100, p50: 8, p85: 9.4},
		// 1, 2, 3, 4: p50 rank 1.5 → 2.5; p85 rank 2.55 → 3 + 0.55 = 3.55.
		// mean 2.5, variance (2.25+0.25+0.25+2.25)/4 = 1.25.
		{name: "four", values: []float64{4, 1, 3, 2}, mean: 2.5, sd: math.Sqrt(1.25),
			volatility: math.Sqrt(1.25) / 2.5 * 100, p50: 2.5, p85: 3.55},
		// All zero: mean 0, so volatility is 0 rather than NaN.
		{name: "zeros", values: []float64{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"mean", Mean(tt.values), tt.mean},
				{"stddev", StdDev(tt.values), tt.sd},
				{"volatility", Volatility(tt.values), tt.volatility},
				{"p50", Percentile(tt.values, 50), tt.p50},
				{"p85", Percentile(tt.values, 85), tt.p85},
			} {
				if !vNear(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestPercentileLeavesInputAlone(t *testing.T) {
	values := []float64{3, 1, 2}
	Percentile(values, 50)
	if values[0] != 3 || values[1] != 1 || values[2] != 2 {
		t.Errorf("Percentile reordered its input: %v", values)
	}
}
