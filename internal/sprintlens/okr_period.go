package sprintlens

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is an OKR cycle, a quarter by default. Its window is half-open,
// [Start, End): Start is the first instant of the first day and End the
// first instant after the last day, both in the team's time zone, so a
// quarter's End is the next quarter's Start and no day falls in two periods.
type Period struct {
	ID int64
	// Key names the period in URLs and forms ("2026Q4" for a quarter).
	Key   string
	Name  string
	Start time.Time
	End   time.Time
	// Closed periods are read-only: scores and retros are written before closing.
	Closed   bool
	ClosedAt *time.Time
}

// QuarterPeriod returns calendar quarter q (1..4) of year in loc: Q1 is
// [1 Jan, 1 Apr), Q4 is [1 Oct, 1 Jan of the next year).
func QuarterPeriod(year, q int, loc *time.Location) (Period, error) {
	if loc == nil {
		return Period{}, Invalid("time_zone", "a location is required (for example Asia/Tokyo)")
	}
	if q < 1 || q > 4 {
		return Period{}, Invalid("quarter", fmt.Sprintf("must be 1 to 4, got %d", q))
	}
	if year < 1 || year > 9999 {
		return Period{}, Invalid("year", fmt.Sprintf("must be 1 to 9999, got %d", year))
	}
	start := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, loc)
	return Period{
		Key:   fmt.Sprintf("%04dQ%d", year, q),
		Name:  fmt.Sprintf("Q%d %d", q, year),
		Start: start,
		End:   start.AddDate(0, 3, 0),
	}, nil
}

// QuarterOf returns the quarter containing t as seen in loc.
func QuarterOf(t time.Time, loc *time.Location) (Period, error) {
	if loc == nil {
		return Period{}, Invalid("time_zone", "a location is required (for example Asia/Tokyo)")
	}
	local := t.In(loc)
	return QuarterPeriod(local.Year(), (int(local.Month())-1)/3+1, loc)
}

// ParsePeriodKey turns a quarter key such as "2026Q4" into its period in loc.
// Custom periods have free-form keys and are built with NewPeriod instead.
func ParsePeriodKey(key string, loc *time.Location) (Period, error) {
	k := strings.TrimSpace(key)
	bad := Invalid("key", fmt.Sprintf("%q is not a quarter such as 2026Q4", key))
	if len(k) != 6 || (k[4] != 'Q' && k[4] != 'q') || k[5] < '1' || k[5] > '4' {
		return Period{}, bad
	}
	year, err := strconv.Atoi(k[:4])
	if err != nil || k[0] == '+' || k[0] == '-' {
		return Period{}, bad
	}
	return QuarterPeriod(year, int(k[5]-'0'), loc)
}

// NewPeriod builds a custom period over [start, end) and validates it. A form
// asking for the last day should pass the day after it as end.
func NewPeriod(key, name string, start, end time.Time) (Period, error) {
	p := Period{Key: strings.TrimSpace(key), Name: strings.TrimSpace(name), Start: start, End: end}
	if err := p.Validate(); err != nil {
		return Period{}, err
	}
	return p, nil
}

// Validate checks the key, name and window.
func (p Period) Validate() error {
	if !validPeriodKey(p.Key) {
		return Invalid("key", fmt.Sprintf("%q must be 1 to 32 letters, digits, - or _ (for example 2026Q4)", p.Key))
	}
	if strings.TrimSpace(p.Name) == "" {
		return Invalid("name", "must not be empty")
	}
	if p.Start.IsZero() || p.End.IsZero() {
		return Invalid("start", "start and end dates are required")
	}
	if !p.Start.Before(p.End) {
		return Invalid("end", fmt.Sprintf("must be after the start (start %s, end %s)",
			p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly)))
	}
	return nil
}

// Contains reports whether t falls in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// LastDay is the last calendar day in the period, for display: End is exclusive.
func (p Period) LastDay() time.Time {
	return p.End.AddDate(0, 0, -1)
}

// ExpectedProgress is the progress (0–100) a key result on a straight line
// from start to target would show at t: 0 at Start, 100 at End, clamped.
func (p Period) ExpectedProgress(t time.Time) float64 {
	total := p.End.Sub(p.Start)
	if total <= 0 {
		return 0
	}
	return clampPercent(100 * float64(t.Sub(p.Start)) / float64(total))
}

// CheckWritable returns ErrConflict when the period is closed, so every
// write path (objectives, key results, check-ins, scores) refuses the same way.
func (p Period) CheckWritable() error {
	if p.Closed {
		return fmt.Errorf("period %s is closed: %w", p.Key, ErrConflict)
	}
	return nil
}

// validPeriodKey keeps keys safe in a URL path segment: 1 to 32 of [A-Za-z0-9_-].
func validPeriodKey(k string) bool {
	if len(k) == 0 || len(k) > 32 {
		return false
	}
	for _, r := range k {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
