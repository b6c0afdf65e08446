package sprintlens

import (
	"reflect"
	"testing"
	"time"
)

func TestDemoOKRsAreValid(t *testing.T) {
	loc := time.FixedZone("JST", 9*3600)
	p, err := QuarterPeriod(2026, 4, loc)
	if err != nil {
		t.Fatal(err)
	}
	p.ID = 1
	tests := []struct {
		name         string
		now          time.Time
		wantOutdated int
	}{
		{"late in the quarter", time.Date(2026, 11, 26, 12, 0, 0, 0, loc), 1},
		{"second day: nothing is overdue yet", p.Start.Add(36 * time.Hour), 0},
		{"after the end", p.End.Add(48 * time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			demo := DemoOKRs(p, 0, tt.now)
			if !reflect.DeepEqual(demo, DemoOKRs(p, 0, tt.now)) {
				t.Fatal("DemoOKRs is not deterministic")
			}
			outdated := 0
			for _, d := range demo {
				o := d.Objective
				o.PeriodID = p.ID
				if err := o.Validate(); err != nil {
					t.Errorf("objective %q: %v", o.Title, err)
				}
				for _, k := range d.KeyResults {
					if err := k.KeyResult.Validate(); err != nil {
						t.Errorf("key result %q: %v", k.KeyResult.Title, err)
					}
					for _, c := range k.CheckIns {
						if err := c.Validate(k.KeyResult, p); err != nil {
							t.Errorf("check-in of %q at %v: %v", k.KeyResult.Title, c.At, err)
						}
						if c.At.After(tt.now) {
							t.Errorf("check-in of %q in the future: %v", k.KeyResult.Title, c.At)
						}
					}
					if SummarizeKR(k.KeyResult, p, k.CheckIns, tt.now, 0).Outdated {
						outdated++
					}
				}
			}
			if outdated != tt.wantOutdated {
				t.Errorf("%d outdated key results, want %d", outdated, tt.wantOutdated)
			}
		})
	}
}
