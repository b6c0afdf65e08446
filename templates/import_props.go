package templates

// ImportProps is the CSV import page: the upload form and, after an
// upload, what became of it.
type ImportProps struct {
	// ProjectID, Name and TimeZone echo the form, so a retry keeps them.
	ProjectID string
	Name      string
	TimeZone  string
	// Zones are suggestions for the time zone field.
	Zones []string
	// FileName is the uploaded file's name, after an upload.
	FileName string
	// Result is set after a successful import.
	Result *ImportResult
	// Errors lists the bad rows of a rejected file (at most MaxErrors);
	// Stopped says reading stopped there.
	Errors    []ImportRowError
	Stopped   bool
	MaxErrors int
	// Problem is a rejection not about rows: no file, a Tracker project's
	// id, a bad time zone, another import running.
	Problem string
	// RunID is the run that recorded a rejected import (0: none).
	RunID int64
}

// ImportResult summarises a successful import.
type ImportResult struct {
	ProjectID      int64
	ProjectName    string
	ProjectCreated bool
	RunID          int64
	Layout         string
	Stories        int
	Inserted       int
	Updated        int
	Unchanged      int
	Deleted        int
	// DeletedIDs are the first deleted stories; MoreDeleted counts the rest.
	DeletedIDs       []int64
	MoreDeleted      int
	Iterations       int
	CurrentIteration int
	Labels           int
	NewLabels        int
	People           int
	NewPeople        int
	Skipped          int
	// SkippedRows are the first skipped rows with the reason.
	SkippedRows []ImportSkip
	// Warning is set when the import committed but a later step failed.
	Warning string
}

// ImportSkip is a row that is not a story, and why.
type ImportSkip struct {
	Line   int
	Reason string
}

// ImportRowError is one bad row of a rejected file.
type ImportRowError struct {
	Line    int
	Column  string
	Problem string
}
