package sprintlens

import (
	"strconv"
	"strings"
)

// MaxCSVErrors is how many bad rows an import collects before it stops
// reading: enough to fix a file in one pass, few enough to read.
const MaxCSVErrors = 20

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
	b.WriteString(e.Problem())
	return b.String()
}

// Problem is the error without its position, for a table that shows the
// line and column in columns of their own: `"abc" is not a number`.
func (e *CSVError) Problem() string {
	if e.Value == "" {
		return e.Err.Error()
	}
	return strconv.Quote(e.Value) + " " + e.Err.Error()
}

// Unwrap exposes the cause, e.g. csv.ErrQuote for a broken quoted field.
func (e *CSVError) Unwrap() error { return e.Err }

// CSVErrors rejects an export with bad rows (or a bad header). Nothing of
// the file was written. It unwraps to ErrInvalid and to each *CSVError,
// so errors.As finds the first.
type CSVErrors struct {
	// Errors are the bad rows in file order, at most MaxCSVErrors.
	Errors []*CSVError
	// Stopped reports that reading stopped at MaxCSVErrors, so rows after
	// the last listed one were not checked.
	Stopped bool
}

// Error reads like `line 14, column "Estimate": "abc" is not a number
// (and 2 more errors)`.
func (e *CSVErrors) Error() string {
	if len(e.Errors) == 0 {
		return "no errors"
	}
	msg := e.Errors[0].Error()
	switch more := len(e.Errors) - 1; {
	case e.Stopped:
		msg += " (and " + strconv.Itoa(more) + " more errors; reading stopped there)"
	case more == 1:
		msg += " (and 1 more error)"
	case more > 1:
		msg += " (and " + strconv.Itoa(more) + " more errors)"
	}
	return msg
}

// Unwrap exposes ErrInvalid and every row error.
func (e *CSVErrors) Unwrap() []error {
	out := make([]error, 0, len(e.Errors)+1)
	out = append(out, ErrInvalid)
	for _, ce := range e.Errors {
		out = append(out, ce)
	}
	return out
}

// Lines lists every error on its own line, as the run record keeps them.
func (e *CSVErrors) Lines() []string {
	out := make([]string, 0, len(e.Errors)+1)
	for _, ce := range e.Errors {
		out = append(out, ce.Error())
	}
	if e.Stopped {
		out = append(out, "reading stopped after "+strconv.Itoa(len(e.Errors))+" errors")
	}
	return out
}
