package tracker

import "errors"

// The causes a *sprintlens.CSVError from a CSVReader carries. Their text
// completes the sentence that Error starts with the quoted cell, hence the
// lower-case verbs.
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
