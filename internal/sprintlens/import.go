package sprintlens

import (
	"errors"
	"time"
)

// ImportOptions say where a Pivotal Tracker CSV export goes; all are
// optional but a name must come from somewhere (Name, FileName or
// ProjectID).
type ImportOptions struct {
	// ProjectID imports into that project (created if absent); 0 picks
	// the csv project by name, or a new id.
	ProjectID int64
	// Name names (or renames) the project.
	Name string
	// FileName is the export's file name: Tracker's
	// <name>_<yyyymmdd>_<hhmm>.csv gives the project name and the export
	// time, which places the current iteration.
	FileName string
	// TimeZone is the Olson zone the export's dates are read in; "" keeps
	// the project's (UTC for a new one).
	TimeZone string
	// TriggeredBy names who started the import, for the run record.
	TriggeredBy string
	// Progress, when set, also receives the progress lines the run record
	// gets (the CLI prints them to stderr).
	Progress func(line string)
}

// MaxReportedDeletions bounds ImportCounts.DeletedIDs; Deleted counts all.
const MaxReportedDeletions = 1000

// ImportCounts says what an import changed, as the store counted it.
type ImportCounts struct {
	// Stories is the number of stories in the export.
	Stories                      int
	Inserted, Updated, Unchanged int
	Deleted                      int
	// DeletedIDs lists the first MaxReportedDeletions removed stories, by id.
	DeletedIDs []int64
	Iterations int
	// Labels is the number of distinct labels the export uses; NewLabels
	// of them were not known before.
	Labels, NewLabels int
	// People is the number of distinct owners and requesters; NewPeople
	// of them were not known before.
	People, NewPeople int
}

// ImportSummary reports an import. On failure the project and run fields
// are set when the import got that far.
type ImportSummary struct {
	ProjectID      int64
	ProjectName    string
	ProjectCreated bool
	TimeZone       string
	RunID          int64
	// Layout names the export's header layout ("modern" or "classic", as
	// the CSV reader detected it).
	Layout string
	// ExportedAt is the export time the file name gave, if any.
	ExportedAt *time.Time
	ImportCounts
	// CurrentIteration is the iteration in progress at export (0: none).
	CurrentIteration int
	// Skipped counts rows that are not stories (blank lines, epics, empty
	// rows); SkippedRows lists the first of them with the reason.
	Skipped     int
	SkippedRows []CSVSkip
	Duration    time.Duration
}

// CSVSkip is one line of an export that was skipped rather than read as a
// story, and why ("blank line", "epic row, not a story", ...).
type CSVSkip struct {
	Line   int
	Reason string
}

// Refusal is an import the importer would not do, with a message meant
// for the person who asked ("project 77 is synced from Tracker; import
// into another id"). It unwraps to Kind: ErrConflict or ErrInvalid.
type Refusal struct {
	Message string
	Kind    error
}

// Error is the message as is.
func (e *Refusal) Error() string { return e.Message }

// Unwrap exposes the sentinel for errors.Is.
func (e *Refusal) Unwrap() error { return e.Kind }

// ErrAfterImport marks an error of the step after an import (the metrics
// precompute): the import itself committed and its summary is valid.
var ErrAfterImport = errors.New("the step after the import failed")
