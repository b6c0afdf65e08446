package sprintlens

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func est(v float64) *float64 { return &v }

func story(id int64, state StoryState, points *float64, labels ...string) Story {
	return Story{ProjectID: 1, ID: id, Type: Feature, State: state, Estimate: points, Labels: labels}
}

func TestLinkedDelivery(t *testing.T) {
	chore := story(6, Accepted, nil, "slo")
	chore.Type = Chore
	release := story(7, Unstarted, nil, "slo")
	release.Type = Release
	linked := []Story{
		story(1, Accepted, est(3), "slo"),
		story(2, Accepted, est(2), "slo"),
		story(3, Started, est(5), "slo"),
		story(4, Unstarted, est(1), "slo"),
		story(1, Accepted, est(3), "slo"), // reached again through an epic
		story(5, Delivered, est(8), "slo"),
		chore,
		release,
	}
	d := LinkedDelivery(linked, map[int64]bool{3: true, 2: true})
	want := DeliveryProgress{
		AcceptedPoints: 5, TotalPoints: 19, AcceptedCount: 3, TotalCount: 6, Unestimated: 1,
		// story 2 was carried over but is accepted now: only 3 still counts.
		CarriedOver: 1, CarriedOverPoints: 5,
	}
	if d != want {
		t.Errorf("LinkedDelivery = %+v\nwant %+v", d, want)
	}
	pct, ok := d.Percent()
	if !ok || !near(pct, 100*5.0/19) {
		t.Errorf("Percent = %v, %v; want %v by points", pct, ok, 100*5.0/19)
	}
}

func TestDeliveryPercent(t *testing.T) {
	tests := []struct {
		name string
		d    DeliveryProgress
		want float64
		ok   bool
	}{
		{"no stories", DeliveryProgress{}, 0, false},
		{"by points", DeliveryProgress{AcceptedPoints: 9, TotalPoints: 10, AcceptedCount: 1, TotalCount: 4}, 90, true},
		{"all unestimated goes by count", DeliveryProgress{AcceptedCount: 3, TotalCount: 4, Unestimated: 4}, 75, true},
	}
	for _, tt := range tests {
		got, ok := tt.d.Percent()
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("%s: Percent = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDivergences(t *testing.T) {
	tokyo := mustTokyo(t)
	p, _ := QuarterPeriod(2026, 4, tokyo)
	day := func(n int) time.Time { return p.Start.AddDate(0, 0, n) }
	linked := KeyResult{Kind: KRIncrease, Start: 0, Target: 100, LabelLinks: []string{"slo"}}
	unlinked := KeyResult{Kind: KRIncrease, Start: 0, Target: 100}
	// values equal progress: start 0, target 100.
	series := func(values ...float64) []CheckIn {
		cs := make([]CheckIn, len(values))
		for i, v := range values {
			// newest first, to show order does not matter.
			cs[len(values)-1-i] = CheckIn{ID: int64(i + 1), At: day(7 * (i + 1)), Value: v, Confidence: 7}
		}
		return cs
	}
	done := DeliveryProgress{AcceptedPoints: 18, TotalPoints: 20, AcceptedCount: 9, TotalCount: 10}
	half := DeliveryProgress{AcceptedPoints: 10, TotalPoints: 20, AcceptedCount: 5, TotalCount: 10}
	empty := DeliveryProgress{}
	lateFinish := p.End.Add(13 * 24 * time.Hour)
	lastInstant := p.End.Add(-time.Second)

	tests := []struct {
		name     string
		kr       KeyResult
		progress float64
		delivery DeliveryProgress
		forecast *time.Time
		checkIns []CheckIn
		want     []DivergenceKind
		wantMsg  string
	}{
		{"delivery 90 % done, outcome moved 5 over last 3", linked, 45, done, nil,
			series(10, 40, 42, 45), []DivergenceKind{DeliveryDoneOutcomeFlat}, "moved +5 points over the last 3 check-ins"},
		{"delivery done, outcome went down", linked, 30, done, nil,
			series(50, 40, 30), []DivergenceKind{DeliveryDoneOutcomeFlat}, "moved -20 points"},
		{"delivery done, outcome low though moving", linked, 20, done, nil,
			series(0, 5, 20), []DivergenceKind{DeliveryDoneOutcomeFlat}, "progress is only 20 %"},
		{"delivery done, nobody checked in", linked, 0, done, nil,
			nil, []DivergenceKind{DeliveryDoneOutcomeFlat}, "90 % accepted (18 of 20 points)"},
		{"negative: delivery done, outcome moved 10 and above 25", linked, 50, done, nil,
			series(40, 45, 50), nil, ""},
		{"negative: delivery 89 %, outcome flat", linked, 10, DeliveryProgress{AcceptedPoints: 89, TotalPoints: 100, TotalCount: 2}, nil,
			series(10, 10, 10), nil, ""},
		{"negative: no linked stories is not done", linked, 10, empty, nil,
			series(10, 10, 10), nil, ""},

		{"outcome moving, nothing linked", unlinked, 35, empty, nil,
			series(5, 20, 35), []DivergenceKind{OutcomeMovingNoLinkedWork}, "no label or epic is linked"},
		{"outcome moving, links without stories", linked, 35, empty, nil,
			series(5, 20, 35), []DivergenceKind{OutcomeMovingNoLinkedWork}, "have no stories"},
		{"outcome moving down, nothing linked", unlinked, 20, empty, nil,
			series(40, 30, 20), []DivergenceKind{OutcomeMovingNoLinkedWork}, "moved -20 points"},
		{"single check-in moved from the start", unlinked, 15, empty, nil,
			series(15), []DivergenceKind{OutcomeMovingNoLinkedWork}, "since the start"},
		{"negative: outcome moving with linked work", linked, 35, half, nil,
			series(5, 20, 35), nil, ""},
		{"negative: nothing linked, moved only 9", unlinked, 19, empty, nil,
			series(30, 10, 15, 19), nil, ""},
		{"negative: nothing linked, no check-ins", unlinked, 0, empty, nil,
			nil, nil, ""},

		{"linked work after the period", linked, 50, half, &lateFinish,
			series(30, 40, 50), []DivergenceKind{LinkedWorkAfterPeriod}, "finish on 2027-01-14, after period 2026Q4 ends on 2026-12-31"},
		{"forecast at the exclusive end is after", linked, 50, half, timePtr(p.End),
			series(30, 40, 50), []DivergenceKind{LinkedWorkAfterPeriod}, "ends on 2026-12-31"},
		{"negative: forecast on the last day", linked, 50, half, &lastInstant,
			series(30, 40, 50), nil, ""},

		{"flat and late together", linked, 10, done, &lateFinish,
			series(10, 10), []DivergenceKind{DeliveryDoneOutcomeFlat, LinkedWorkAfterPeriod}, "over the last 2 check-ins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Divergences(tt.kr, tt.progress, tt.delivery, tt.forecast, p, tt.checkIns)
			var kinds []DivergenceKind
			var msgs []string
			for _, d := range got {
				kinds = append(kinds, d.Kind)
				msgs = append(msgs, d.Message)
				if d.Message == "" || d.Kind.Hint() == "" {
					t.Errorf("%s: empty message or hint", d.Kind)
				}
			}
			if !slices.Equal(kinds, tt.want) {
				t.Fatalf("kinds = %v, want %v (messages %q)", kinds, tt.want, msgs)
			}
			if tt.wantMsg != "" && !strings.Contains(strings.Join(msgs, "\n"), tt.wantMsg) {
				t.Errorf("messages %q do not contain %q", msgs, tt.wantMsg)
			}
		})
	}
}

func TestDivergencesMilestonesUseTicks(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, time.UTC)
	kr := KeyResult{Kind: KRMilestones, Milestones: milestones(false, false, false, false)}
	// Values left at 0 but ticks show 0 → 2 of 4 done: 50 points moved.
	cs := []CheckIn{
		{ID: 1, At: p.Start.AddDate(0, 0, 7), MilestonesDone: []bool{false, false, false, false}},
		{ID: 2, At: p.Start.AddDate(0, 0, 14), MilestonesDone: []bool{true, true, false, false}},
	}
	got := Divergences(kr, 50, DeliveryProgress{}, nil, p, cs)
	if len(got) != 1 || got[0].Kind != OutcomeMovingNoLinkedWork || !strings.Contains(got[0].Message, "+50 points") {
		t.Errorf("got %+v, want one outcome_moving_no_linked_work of +50 points", got)
	}
}

func timePtr(t time.Time) *time.Time { return &t }
