package sprintlens

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustTokyo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatalf("load Asia/Tokyo: %v", err)
	}
	return loc
}

// wantField fails unless err is a ValidationError for field whose message contains msg.
func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError on %q", err, field)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("err %v does not unwrap to ErrInvalid", err)
	}
	if ve.Field != field || !strings.Contains(ve.Message, msg) {
		t.Errorf("err = %q on field %q, want field %q with message containing %q", ve.Message, ve.Field, field, msg)
	}
}

func TestQuarterPeriod(t *testing.T) {
	tokyo := mustTokyo(t)
	tests := []struct {
		year, q          int
		loc              *time.Location
		key, name        string
		startUTC, endUTC time.Time
		lastDay          string
	}{
		{2026, 1, time.UTC, "2026Q1", "Q1 2026",
			time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), "2026-03-31"},
		{2026, 4, time.UTC, "2026Q4", "Q4 2026",
			time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "2026-12-31"},
		// Tokyo is UTC+9 all year: midnight there is 15:00 UTC the day before.
		{2026, 4, tokyo, "2026Q4", "Q4 2026",
			time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC), "2026-12-31"},
		{2027, 2, tokyo, "2027Q2", "Q2 2027",
			time.Date(2027, 3, 31, 15, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 15, 0, 0, 0, time.UTC), "2027-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"/"+tt.loc.String(), func(t *testing.T) {
			p, err := QuarterPeriod(tt.year, tt.q, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			if p.Key != tt.key || p.Name != tt.name {
				t.Errorf("key, name = %q, %q; want %q, %q", p.Key, p.Name, tt.key, tt.name)
			}
			if !p.Start.Equal(tt.startUTC) || !p.End.Equal(tt.endUTC) {
				t.Errorf("window = [%v, %v), want [%v, %v)", p.Start.UTC(), p.End.UTC(), tt.startUTC, tt.endUTC)
			}
			if got := p.LastDay().Format(time.DateOnly); got != tt.lastDay {
				t.Errorf("LastDay = %s, want %s", got, tt.lastDay)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestQuarterPeriodInvalid(t *testing.T) {
	if _, err := QuarterPeriod(2026, 5, time.UTC); err == nil {
		t.Error("quarter 5 accepted")
	} else {
		wantField(t, err, "quarter", "got 5")
	}
	if _, err := QuarterPeriod(2026, 0, time.UTC); err == nil {
		t.Error("quarter 0 accepted")
	}
	if _, err := QuarterPeriod(2026, 1, nil); err == nil {
		t.Error("nil location accepted")
	}
}

func TestQuarterOfUsesLocation(t *testing.T) {
	tokyo := mustTokyo(t)
	// 16:00 UTC on 31 Dec is already 01:00 on 1 Jan in Tokyo.
	at := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		loc  *time.Location
		want string
	}{{time.UTC, "2026Q4"}, {tokyo, "2027Q1"}} {
		p, err := QuarterOf(at, tt.loc)
		if err != nil {
			t.Fatal(err)
		}
		if p.Key != tt.want {
			t.Errorf("QuarterOf(%v, %v) = %s, want %s", at, tt.loc, p.Key, tt.want)
		}
		if !p.Contains(at) {
			t.Errorf("%s does not contain %v", p.Key, at)
		}
	}
}

func TestParsePeriodKey(t *testing.T) {
	tokyo := mustTokyo(t)
	for _, tt := range []struct {
		in, want string
		start    time.Time
	}{
		{"2026Q4", "2026Q4", time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo)},
		{"2026q1", "2026Q1", time.Date(2026, 1, 1, 0, 0, 0, 0, tokyo)},
		{" 2030Q3 ", "2030Q3", time.Date(2030, 7, 1, 0, 0, 0, 0, tokyo)},
	} {
		p, err := ParsePeriodKey(tt.in, tokyo)
		if err != nil {
			t.Errorf("ParsePeriodKey(%q): %v", tt.in, err)
			continue
		}
		if p.Key != tt.want || !p.Start.Equal(tt.start) || p.Start.Location() != tokyo {
			t.Errorf("ParsePeriodKey(%q) = %s from %v, want %s from %v", tt.in, p.Key, p.Start, tt.want, tt.start)
		}
	}
	for _, in := range []string{"", "2026Q5", "2026Q0", "2026-Q4", "26Q4", "+026Q1", "2026Q44", "Q4 2026"} {
		if _, err := ParsePeriodKey(in, tokyo); err == nil {
			t.Errorf("ParsePeriodKey(%q) accepted", in)
		} else {
			wantField(t, err, "key", "is not a quarter")
		}
	}
}

func TestNewPeriod(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	p, err := NewPeriod("2026H2-ish", "Second half", start, end)
	if err != nil {
		t.Fatalf("custom period: %v", err)
	}
	if p.Key != "2026H2-ish" || !p.End.Equal(end) {
		t.Errorf("got %+v", p)
	}
	tests := []struct {
		name, key, title string
		start, end       time.Time
		field, msg       string
	}{
		{"end before start", "x", "X", end, start, "end", "must be after the start"},
		{"empty window", "x", "X", start, start, "end", "must be after the start"},
		{"zero dates", "x", "X", time.Time{}, end, "start", "required"},
		{"key with space", "2026 H2", "X", start, end, "key", "letters, digits"},
		{"key too long", strings.Repeat("k", 33), "X", start, end, "key", "1 to 32"},
		{"empty name", "x", "  ", start, end, "name", "must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPeriod(tt.key, tt.title, tt.start, tt.end)
			wantField(t, err, tt.field, tt.msg)
		})
	}
}

func TestPeriodContainsIsHalfOpen(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, mustTokyo(t))
	if !p.Contains(p.Start) {
		t.Error("start not contained")
	}
	if p.Contains(p.End) {
		t.Error("end contained; the window is [Start, End)")
	}
	if !p.Contains(p.End.Add(-time.Nanosecond)) || p.Contains(p.Start.Add(-time.Nanosecond)) {
		t.Error("edges wrong")
	}
}

func TestExpectedProgress(t *testing.T) {
	// A 100-day period makes each day 1 %.
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := Period{Key: "p", Name: "p", Start: start, End: start.AddDate(0, 0, 100)}
	tests := []struct {
		at   time.Time
		want float64
	}{
		{start.AddDate(0, 0, -5), 0},
		{start, 0},
		{start.AddDate(0, 0, 25), 25},
		{start.AddDate(0, 0, 50).Add(12 * time.Hour), 50.5},
		{start.AddDate(0, 0, 100), 100},
		{start.AddDate(0, 0, 130), 100},
	}
	for _, tt := range tests {
		if got := p.ExpectedProgress(tt.at); !near(got, tt.want) {
			t.Errorf("ExpectedProgress(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
	if got := (Period{}).ExpectedProgress(start); got != 0 {
		t.Errorf("empty period = %v, want 0", got)
	}
}

func TestCheckWritable(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, time.UTC)
	if err := p.CheckWritable(); err != nil {
		t.Fatalf("open period: %v", err)
	}
	p.Closed = true
	err := p.CheckWritable()
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if !strings.Contains(err.Error(), "period 2026Q4 is closed") {
		t.Errorf("err = %q, want it to name the period", err)
	}
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9
}
