package tracker

import (
	"errors"
	"strconv"
	"strings"
)

// CSVError reports a row or header of a Tracker CSV export that cannot be
// read, with enough position to find it in the file: the physical line, the
// column as the header names it and the offending cell.
type CSVError struct {
	// Line is the physical line of the offending cell (or of the record).
	Line int
	// Column is the header name of the offending column; empty when the
	// problem is not tied to one column.
	Column string
	// Value is the offending cell, trimmed; empty when the cell is missing.
	Value string
	Err   error
}

// Error reads like `line 14, column "Estimate": "abc" is not a number`.
func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString("line ")
	b.WriteString(strconv.Itoa(e.Line))
	if e.Column != "" {
		b.WriteString(", column ")
		b.WriteString(strconv.Quote(e.Column))
	}
	b.WriteString(": ")
	if e.Value != "" {
		b.WriteString(strconv.Quote(e.Value))
		b.WriteByte(' ')
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap exposes the cause, e.g. csv.ErrQuote for a broken quoted field.
func (e *CSVError) Unwrap() error { return e.Err }

// The causes a CSVError carries. Their text completes the sentence that
// Error starts with the quoted cell, hence the lower-case verbs.
var (
	errCSVNoHeader      = errors.New("no header row")
	errCSVMissingColumn = errors.New("missing required column")
	errCSVEmpty         = errors.New("is empty")
	errCSVBadID         = errors.New("is not a story id")
	errCSVDuplicateID   = errors.New("repeats the id of the story")
	errCSVBadNumber     = errors.New("is not a number")
	errCSVBadEstimate   = errors.New("is not an estimate")
	errCSVBadIteration  = errors.New("is not an iteration number")
	errCSVBadDate       = errors.New(`is not a date (want e.g. "Oct 6, 2019" or "2019-10-06")`)
	errCSVBadType       = errors.New("is not a story type (feature, bug, chore, release)")
	errCSVBadState      = errors.New("is not a story state")
	errCSVBadTask       = errors.New(`is not a task status ("completed" or "not completed")`)
	errCSVBadBlocker    = errors.New(`is not a blocker status ("blocked" or "resolved")`)
)
