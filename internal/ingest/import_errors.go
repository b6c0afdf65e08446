package ingest

import (
	"errors"
	"strconv"
	"strings"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// MaxCSVErrors is how many bad rows an import collects before it stops
// reading: enough to fix a file in one pass, few enough to read.
const MaxCSVErrors = 20

// CSVErrors rejects an export with bad rows (or a bad header). Nothing of
// the file was written. It unwraps to sprintlens.ErrInvalid and to each
// *tracker.CSVError, so errors.As finds the first.
type CSVErrors struct {
	// Errors are the bad rows in file order, at most MaxCSVErrors.
	Errors []*tracker.CSVError
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

// Unwrap exposes sprintlens.ErrInvalid and every row error.
func (e *CSVErrors) Unwrap() []error {
	out := make([]error, 0, len(e.Errors)+1)
	out = append(out, sprintlens.ErrInvalid)
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

// Refusal is an import the importer would not do, with a message meant
// for the person who asked ("project 77 is synced from Tracker; import
// into another id"). It unwraps to Kind: sprintlens.ErrConflict or
// sprintlens.ErrInvalid.
type Refusal struct {
	Message string
	Kind    error
}

// Error is the message as is.
func (e *Refusal) Error() string { return e.Message }

// Unwrap exposes the sentinel for errors.Is.
func (e *Refusal) Unwrap() error { return e.Kind }

// ErrAfterImport marks an error of the AfterImport hook: the import
// itself committed and its summary is valid.
var ErrAfterImport = errors.New("the step after the import failed")

// runErrorText is what the failed run records: every row error, or the
// error's text.
func runErrorText(err error) string {
	var ce *CSVErrors
	if errors.As(err, &ce) {
		return strings.Join(ce.Lines(), "\n")
	}
	return err.Error()
}
