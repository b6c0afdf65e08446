package tracker

import "github.com/sprintlens/sprintlens/internal/sprintlens"

// Reasons a CSVReader skips a row instead of returning it.
const (
	// CSVSkipBlankLine is an empty line between (or after) records.
	CSVSkipBlankLine = "blank line"
	// CSVSkipEmptyRow is a row whose every cell is empty or spaces, as
	// spreadsheets leave behind when rows are deleted.
	CSVSkipEmptyRow = "row with every cell empty"
	// CSVSkipEpic is an epic row: exports made with epics included list
	// them beside stories with the type "epic".
	CSVSkipEpic = "epic row, not a story"
)

// csvMaxSkipped bounds CSVStats.SkippedRows so a file of many blank lines
// cannot grow memory; Skipped still counts them all.
const csvMaxSkipped = 1000

// CSVStats counts the rows a CSVReader has consumed so far. Once Next has
// returned io.EOF it covers the whole file, trailing blank lines included.
type CSVStats struct {
	// Stories is the number of rows Next returned as stories.
	Stories int
	// Rejected is the number of rows Next returned a *sprintlens.CSVError for.
	Rejected int
	// Skipped is the number of rows and blank lines skipped.
	Skipped int
	// SkippedRows lists the first skipped rows in file order (at most
	// 1000), each with a CSVSkip* reason, so a report can point at them.
	SkippedRows []sprintlens.CSVSkip
}

func (s *CSVStats) skip(line int, reason string) {
	s.Skipped++
	if len(s.SkippedRows) < csvMaxSkipped {
		s.SkippedRows = append(s.SkippedRows, sprintlens.CSVSkip{Line: line, Reason: reason})
	}
}
