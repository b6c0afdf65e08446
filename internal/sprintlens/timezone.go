package sprintlens

import "time"

// IterationWindowHint explains where sprint boundaries fall.
const IterationWindowHint = "Sprints start and end at midnight in the project's time zone; " +
	"a story accepted exactly at midnight counts in the sprint that starts then."

// IterationWindow returns the half-open window [start, finish) of an
// iteration that begins on startDate's calendar day and lasts weeks weeks,
// with both ends at local midnight in loc.
//
// The calendar day is startDate's own year, month and day (in whatever
// location startDate carries), so a date parsed as "2024-03-10" in UTC means
// the 10th in loc too. The finish is found by adding calendar days to the
// local date rather than adding 168h per week: across a DST change a week is
// 167 or 169 hours long, and only calendar arithmetic keeps every boundary at
// midnight. A nil loc means UTC.
func IterationWindow(startDate time.Time, weeks int, loc *time.Location) (start, finish time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := startDate.Date()
	start = time.Date(y, m, d, 0, 0, 0, 0, loc)
	finish = start.AddDate(0, 0, 7*weeks)
	return start, finish
}

// NthIterationWindow returns the window of iteration number n (1-based) of a
// project whose first iteration starts on firstDate and whose iterations all
// last weeks weeks. It is how Tracker numbers iterations: iteration n starts
// (n−1)·weeks weeks of calendar days after the first.
func NthIterationWindow(firstDate time.Time, weeks, n int, loc *time.Location) (start, finish time.Time) {
	y, m, d := firstDate.Date()
	day := time.Date(y, m, d+7*weeks*(n-1), 0, 0, 0, 0, time.UTC)
	return IterationWindow(day, weeks, loc)
}
