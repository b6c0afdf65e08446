package web

import (
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestForecastLinked(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	ago := func(days int) *time.Time { t := now.AddDate(0, 0, -days); return &t }
	pts := func(v float64) *float64 { return &v }
	accepted := func(p float64, daysAgo int) sprintlens.Story {
		return sprintlens.Story{Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: pts(p), AcceptedAt: ago(daysAgo)}
	}
	open := func(p *float64) sprintlens.Story {
		return sprintlens.Story{Type: sprintlens.Feature, State: sprintlens.Started, Estimate: p}
	}
	tests := []struct {
		name       string
		stories    []sprintlens.Story
		wantDone   bool
		wantPace   float64
		wantWeeks  float64 // -1: no forecast
		wantRemain float64
	}{
		{"nothing linked", nil, false, 0, -1, 0},
		{"all accepted", []sprintlens.Story{accepted(3, 2), accepted(5, 40)}, true, 1, -1, 0},
		{"pace from the last 3 weeks only", []sprintlens.Story{accepted(3, 2), accepted(3, 20), accepted(8, 22), open(pts(4))}, false, 2, 2, 4},
		{"nothing accepted lately: no pace", []sprintlens.Story{accepted(8, 30), open(pts(5))}, false, 0, -1, 5},
		{"open work without estimates: no size", []sprintlens.Story{accepted(3, 2), open(nil)}, false, 1, -1, 0},
		{"release markers carry no work", []sprintlens.Story{accepted(6, 1), {Type: sprintlens.Release, State: sprintlens.Unstarted}}, true, 2, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := forecastLinked(tt.stories, now)
			if f.Done != tt.wantDone || f.PerWeek != tt.wantPace || f.Remaining != tt.wantRemain {
				t.Fatalf("got done=%v pace=%v remaining=%v, want %v %v %v", f.Done, f.PerWeek, f.Remaining, tt.wantDone, tt.wantPace, tt.wantRemain)
			}
			switch {
			case tt.wantWeeks < 0 && f.Finish != nil:
				t.Errorf("forecast %v, want none", f.Finish)
			case tt.wantWeeks >= 0 && (f.Finish == nil || !f.Finish.Equal(now.Add(time.Duration(tt.wantWeeks*float64(7*24*time.Hour))))):
				t.Errorf("forecast %v, want %v weeks from now", f.Finish, tt.wantWeeks)
			}
		})
	}
}

func TestWeekFacts(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(-d); return &t }
	five := 5.0
	kr := sprintlens.KeyResult{ID: 1, LabelLinks: []string{"cost"}}
	w := linkedWork{
		stories: map[int64][]sprintlens.Story{1: {
			{ID: 1, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &five, AcceptedAt: at(6 * 24 * time.Hour)},
			{ID: 2, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &five, AcceptedAt: at(7*24*time.Hour + time.Minute)},
			{ID: 3, Type: sprintlens.Feature, State: sprintlens.Started, Estimate: &five},
			{ID: 4, Type: sprintlens.Feature, State: sprintlens.Started, Estimate: &five},
		}},
		carried: map[int64]bool{3: true},
	}
	f := weekFacts(kr, w, now)
	if !f.Linked || f.AcceptedCount != 1 || f.AcceptedPoints != 5 || f.CarriedCount != 1 || f.CarriedPoints != 5 ||
		f.DeliveryPercent == nil || *f.DeliveryPercent != 50 {
		t.Errorf("facts = %+v (just over 7 days ago is last week)", f)
	}
	if f := weekFacts(sprintlens.KeyResult{ID: 2}, w, now); f.Linked || f.DeliveryPercent != nil {
		t.Errorf("unlinked key result: %+v", f)
	}
}
