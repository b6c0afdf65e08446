package trackersim

import (
	"math"
	"time"
)

// Work happens 10:00-19:00 local, Monday to Friday; story events are placed
// on this clock so the history looks like a team's, not a random process's.
const (
	workDayStart    = 10 * time.Hour
	workDayMinutes  = 9 * 60
	workWeekMinutes = 5 * workDayMinutes
	week            = 7 * 24 * time.Hour
)

// calendar maps iteration numbers to times for a one-week-iteration project.
// Positions x are "work weeks": the integer part is the iteration number and
// the fraction is how far through that iteration's working time.
type calendar struct {
	loc   *time.Location
	start time.Time // start of iteration 1: a Monday 00:00 local
}

// newCalendar puts the current iteration around now and numbers the
// iterations so that `done` complete iterations precede it.
func newCalendar(loc *time.Location, now time.Time, done int) calendar {
	l := now.In(loc)
	midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	back := (int(midnight.Weekday()) + 6) % 7 // days since Monday
	cur := midnight.AddDate(0, 0, -back)
	return calendar{loc: loc, start: cur.AddDate(0, 0, -7*done)}
}

// iterStart is the start of iteration n (n may be <= 0 for the weeks before).
func (c calendar) iterStart(n int) time.Time {
	return c.start.AddDate(0, 0, 7*(n-1))
}

// iterationAt is the number of the iteration containing t.
func (c calendar) iterationAt(t time.Time) int {
	d := t.Sub(c.start)
	n := int(math.Floor(float64(d) / float64(week)))
	return n + 1
}

// at converts a work position to a time, rounded to the second.
func (c calendar) at(x float64) time.Time {
	n := math.Floor(x)
	mins := (x - n) * workWeekMinutes
	day := math.Floor(mins / workDayMinutes)
	within := mins - day*workDayMinutes
	off := time.Duration(day)*24*time.Hour + workDayStart + time.Duration(within*float64(time.Minute))
	return c.iterStart(int(n)).Add(off).Truncate(time.Second)
}

// position is the work position of t: the inverse of at, with time outside
// working hours mapped to the next working minute.
func (c calendar) position(t time.Time) float64 {
	n := c.iterationAt(t)
	into := t.Sub(c.iterStart(n))
	day := int(into / (24 * time.Hour))
	if day >= 5 {
		return float64(n + 1)
	}
	within := into - time.Duration(day)*24*time.Hour - workDayStart
	mins := min(max(within.Minutes(), 0), workDayMinutes)
	return float64(n) + (float64(day)*workDayMinutes+mins)/workWeekMinutes
}

// strength is the team strength of iteration n: Tokyo holidays (Golden Week,
// Obon, New Year) take people out of the office.
func (c calendar) strength(n int) float64 {
	off := 0
	s := c.iterStart(n)
	for i := range 5 {
		if isHoliday(s.AddDate(0, 0, i)) {
			off++
		}
	}
	switch {
	case off == 0:
		return 1
	case off <= 2:
		return 0.8
	default:
		return 0.6
	}
}

func isHoliday(d time.Time) bool {
	m, day := d.Month(), d.Day()
	switch {
	case m == time.April && day >= 29, m == time.May && day <= 6: // Golden Week
		return true
	case m == time.August && day >= 13 && day <= 16: // Obon
		return true
	case m == time.December && day >= 29, m == time.January && day <= 3: // New Year
		return true
	}
	return false
}
