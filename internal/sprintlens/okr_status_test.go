package sprintlens

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func conf(c int) *int { return &c }

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name               string
		progress, expected float64
		confidence         *int
		want               KRStatus
	}{
		{"ahead, no check-in yet", 60, 40, nil, OnTrack},
		{"gap exactly 10 is on track", 40, 50, conf(7), OnTrack},
		{"gap just over 10 is at risk", 39.9, 50, conf(7), AtRisk},
		{"gap exactly 25 is at risk", 25, 50, conf(8), AtRisk},
		{"gap just over 25 is off track", 24.9, 50, conf(8), OffTrack},
		{"gap over 25 with no confidence", 10, 50, nil, OffTrack},
		{"no gap, confidence 6 is at risk", 50, 50, conf(6), AtRisk},
		{"no gap, confidence 7 is on track", 50, 50, conf(7), OnTrack},
		{"no gap, confidence 4 is at risk", 50, 50, conf(4), AtRisk},
		{"no gap, confidence 3 is off track", 50, 50, conf(3), OffTrack},
		{"ahead but confidence 0 is off track", 100, 50, conf(0), OffTrack},
		{"gap 15 with confidence 10 is at risk", 35, 50, conf(10), AtRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.progress, tt.expected, tt.confidence); got != tt.want {
				t.Errorf("StatusOf(%v, %v, %v) = %s, want %s", tt.progress, tt.expected, tt.confidence, got, tt.want)
			}
		})
	}
}

// TestHintsMatchThresholds keeps the sentences pages show in step with the constants.
func TestHintsMatchThresholds(t *testing.T) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	days := strconv.Itoa(int(DefaultCheckInMaxAge / (24 * time.Hour)))
	tests := []struct {
		name, hint string
		want       []string
	}{
		{"on track", HintOnTrack, []string{num(OnTrackMaxGap), strconv.Itoa(OnTrackMinConfidence)}},
		{"at risk", HintAtRisk, []string{num(OnTrackMaxGap), num(OffTrackMinGap),
			strconv.Itoa(OffTrackMaxConfidence + 1), strconv.Itoa(OnTrackMinConfidence - 1)}},
		{"off track", HintOffTrack, []string{num(OffTrackMinGap), strconv.Itoa(OffTrackMaxConfidence)}},
		{"outdated", HintOutdated, []string{days + " days"}},
		{"outdated for default", HintOutdatedFor(0), []string{days + " days"}},
		{"outdated for 14 days", HintOutdatedFor(14 * 24 * time.Hour), []string{"14 days"}},
		{"outdated for 1 day", HintOutdatedFor(24 * time.Hour), []string{"1 day old"}},
		{"flat", HintDeliveryDoneOutcomeFlat, []string{num(DeliveryDoneMinPercent), num(OutcomeMoveMinPoints),
			num(OutcomeLowProgress), strconv.Itoa(DivergenceCheckIns)}},
		{"moving", HintOutcomeMovingNoLinkedWork, []string{num(OutcomeMoveMinPoints), strconv.Itoa(DivergenceCheckIns)}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(tt.hint, w) {
				t.Errorf("%s hint %q does not mention %q", tt.name, tt.hint, w)
			}
		}
	}
	if HintOutdated != HintOutdatedFor(DefaultCheckInMaxAge) {
		t.Errorf("HintOutdated = %q, HintOutdatedFor(default) = %q", HintOutdated, HintOutdatedFor(DefaultCheckInMaxAge))
	}
	for _, s := range []KRStatus{OnTrack, AtRisk, OffTrack} {
		if s.Hint() == "" || !strings.HasPrefix(s.Hint(), s.Label()) {
			t.Errorf("status %s: hint %q should start with its label %q", s, s.Hint(), s.Label())
		}
	}
}

func TestOutdated(t *testing.T) {
	last := time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	tests := []struct {
		name   string
		now    time.Time
		maxAge time.Duration
		want   bool
	}{
		{"same day", last.Add(time.Hour), 0, false},
		{"exactly 7 days is still fresh", last.Add(week), 0, false},
		{"7 days and a second", last.Add(week + time.Second), 0, true},
		{"explicit default", last.Add(week + time.Second), week, true},
		{"configured 14 days, 10 days old", last.Add(10 * 24 * time.Hour), 14 * 24 * time.Hour, false},
		{"configured 3 days, 4 days old", last.Add(4 * 24 * time.Hour), 3 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Outdated(tt.now, last, tt.maxAge); got != tt.want {
				t.Errorf("Outdated = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKeyResultOutdated(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, mustTokyo(t))
	day := 24 * time.Hour
	checkIn := &CheckIn{At: p.Start.Add(20 * day)}
	closed := p
	closed.Closed = true
	tests := []struct {
		name   string
		p      Period
		now    time.Time
		latest *CheckIn
		want   bool
	}{
		{"never checked in, period 7 days old", p, p.Start.Add(7 * day), nil, false},
		{"never checked in, period 8 days old", p, p.Start.Add(8 * day), nil, true},
		{"checked in 7 days ago exactly", p, checkIn.At.Add(7 * day), checkIn, false},
		{"checked in 9 days ago", p, checkIn.At.Add(9 * day), checkIn, true},
		{"period not started", p, p.Start.Add(-30 * day), nil, false},
		{"period over", p, p.End, checkIn, false},
		{"closed period", closed, checkIn.At.Add(30 * day), checkIn, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeyResultOutdated(tt.now, tt.p, tt.latest, 0); got != tt.want {
				t.Errorf("KeyResultOutdated = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLatestCheckIn(t *testing.T) {
	at := time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)
	if LatestCheckIn(nil) != nil {
		t.Error("latest of none is not nil")
	}
	cs := []CheckIn{
		{ID: 3, At: at.Add(time.Hour), Value: 3},
		{ID: 7, At: at.Add(2 * time.Hour), Value: 7},
		{ID: 5, At: at, Value: 5},
		{ID: 8, At: at.Add(2 * time.Hour), Value: 8},
	}
	if got := LatestCheckIn(cs); got == nil || got.ID != 8 {
		t.Errorf("latest = %+v, want ID 8 (newest, higher ID on a tie)", got)
	}
}

func TestSummarizeKR(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := Period{Key: "p", Name: "p", Start: start, End: start.AddDate(0, 0, 100)}
	kr := KeyResult{Kind: KRIncrease, Start: 0, Target: 200, Weight: 1}
	checkIns := []CheckIn{
		{ID: 2, At: start.AddDate(0, 0, 30), Value: 70, Confidence: 8},
		{ID: 1, At: start.AddDate(0, 0, 10), Value: 20, Confidence: 5},
	}
	s := SummarizeKR(kr, p, checkIns, start.AddDate(0, 0, 40), 0)
	// value 70 of 200 is 35 %; expected on day 40 of 100 is 40 %: gap 5, confidence 8.
	if s.Latest == nil || s.Latest.ID != 2 || s.Value != 70 || !near(s.Progress, 35) || !near(s.Expected, 40) {
		t.Errorf("summary = %+v", s)
	}
	if s.Status != OnTrack || !s.Outdated {
		t.Errorf("status, outdated = %s, %v; want on_track, true (last check-in 10 days ago)", s.Status, s.Outdated)
	}
	none := SummarizeKR(kr, p, nil, start.AddDate(0, 0, 40), 0)
	if none.Latest != nil || none.Progress != 0 || none.Status != OffTrack || !none.Outdated {
		t.Errorf("no check-ins summary = %+v, want 0 %% off track (gap 40) and outdated", none)
	}
}
