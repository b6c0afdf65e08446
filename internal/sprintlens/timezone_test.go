package sprintlens

import (
	"testing"
	"time"
)

func TestIterationWindow(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load America/New_York: %v", err)
	}
	tokyo := vTokyo(t)
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name          string
		start         time.Time
		weeks         int
		loc           *time.Location
		wantStart     time.Time
		wantFinish    time.Time
		wantHours     float64
		wantFinishDay int
	}{
		// New York springs forward at 02:00 on Sun 10 Mar 2024. A sprint
		// ending that Sunday ends at midnight EST (UTC−5) = 05:00Z, just
		// before the change; 7 × 24 = 168h long.
		{name: "new york sprint ending at the DST change", start: date(2024, 3, 3), weeks: 1, loc: ny,
			wantStart: utc(2024, 3, 3, 5), wantFinish: utc(2024, 3, 10, 5), wantHours: 168, wantFinishDay: 10},
		// The next sprint starts at that boundary and ends Sun 17 Mar at
		// midnight EDT (UTC−4) = 04:00Z: 167h. Adding 168h would end it at
		// 01:00 local on the 17th.
		{name: "new york sprint starting at the DST change", start: date(2024, 3, 10), weeks: 1, loc: ny,
			wantStart: utc(2024, 3, 10, 5), wantFinish: utc(2024, 3, 17, 4), wantHours: 167, wantFinishDay: 17},
		// Falling back on Sun 3 Nov 2024: midnight EDT 04:00Z to midnight
		// EST 05:00Z a week later, 169h.
		{name: "new york sprint across the November change", start: date(2024, 10, 28), weeks: 1, loc: ny,
			wantStart: utc(2024, 10, 28, 4), wantFinish: utc(2024, 11, 4, 5), wantHours: 169, wantFinishDay: 4},
		// Tokyo has no DST: midnight JST is 15:00Z the day before, always 168h.
		{name: "tokyo one week", start: date(2024, 3, 4), weeks: 1, loc: tokyo,
			wantStart: utc(2024, 3, 3, 15), wantFinish: utc(2024, 3, 10, 15), wantHours: 168, wantFinishDay: 11},
		// Two weeks = 336h in Tokyo.
		{name: "tokyo two weeks", start: date(2024, 3, 4), weeks: 2, loc: tokyo,
			wantStart: utc(2024, 3, 3, 15), wantFinish: utc(2024, 3, 17, 15), wantHours: 336, wantFinishDay: 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, finish := IterationWindow(tt.start, tt.weeks, tt.loc)
			if !start.Equal(tt.wantStart) || !finish.Equal(tt.wantFinish) {
				t.Fatalf("window = [%v, %v), want [%v, %v)", start.UTC(), finish.UTC(), tt.wantStart, tt.wantFinish)
			}
			if h := finish.Sub(start).Hours(); h != tt.wantHours {
				t.Errorf("length = %vh, want %vh", h, tt.wantHours)
			}
			local := finish.In(tt.loc)
			if local.Hour() != 0 || local.Minute() != 0 || local.Day() != tt.wantFinishDay {
				t.Errorf("finish is %v local, want midnight on day %d", local, tt.wantFinishDay)
			}
		})
	}
}

// Consecutive numbered windows must tile time with no gap or overlap, even
// when a DST change falls on a boundary.
func TestNthIterationWindowContiguousAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load America/New_York: %v", err)
	}
	first := time.Date(2024, 2, 18, 0, 0, 0, 0, time.UTC) // a Sunday; sprint 4 starts on the DST Sunday
	var prevFinish time.Time
	for n := 1; n <= 6; n++ {
		start, finish := NthIterationWindow(first, 1, n, ny)
		if n > 1 && !start.Equal(prevFinish) {
			t.Errorf("iteration %d starts %v, previous finished %v", n, start, prevFinish)
		}
		if l := start.In(ny); l.Hour() != 0 || l.Weekday() != time.Sunday {
			t.Errorf("iteration %d starts %v, want Sunday midnight", n, l)
		}
		prevFinish = finish
	}
	// Sprint 4 is 10–17 March 2024, the 167-hour week.
	start, finish := NthIterationWindow(first, 1, 4, ny)
	if h := finish.Sub(start).Hours(); h != 167 {
		t.Errorf("iteration 4 lasts %vh, want 167h", h)
	}
}
