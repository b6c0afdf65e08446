package tracker

import (
	"fmt"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// csvRow is one record being turned into a CSVStory; it knows where each
// cell sits so a bad cell becomes a *sprintlens.CSVError with its line
// and column.
type csvRow struct {
	r    *CSVReader
	rec  []string
	line int
}

// cell is the raw cell i, or "" when the column is absent or the row is
// shorter than the header.
func (w csvRow) cell(i int) string {
	if i < 0 || i >= len(w.rec) {
		return ""
	}
	return w.rec[i]
}

func (w csvRow) trimmed(i int) string { return strings.TrimSpace(w.cell(i)) }

func (w csvRow) fail(i int, value string, err error) error {
	line := w.line
	if i >= 0 && i < len(w.rec) {
		line, _ = w.r.cr.FieldPos(i) // later than w.line after a multi-line cell
	}
	return &sprintlens.CSVError{Line: line, Column: w.r.cols.name(i), Value: value, Err: err}
}

// dateValue reads a date cell; the zero time when empty.
func (w csvRow) dateValue(i int) (time.Time, error) {
	v := w.trimmed(i)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := csvParseDate(v, w.r.loc)
	if err != nil {
		return time.Time{}, w.fail(i, v, err)
	}
	return t, nil
}

// date reads an optional date cell; nil when empty.
func (w csvRow) date(i int) (*time.Time, error) {
	t, err := w.dateValue(i)
	if err != nil || t.IsZero() {
		return nil, err
	}
	return new(t), nil // allocates only here, not for empty cells
}

// nonEmpty collects the cells at idx that are not blank; trim says whether
// to keep them trimmed (names) or as written (free text).
func (w csvRow) nonEmpty(idx []int, trim bool) []string {
	n := 0
	for _, i := range idx {
		if strings.TrimSpace(w.cell(i)) != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, i := range idx {
		v := w.cell(i)
		t := strings.TrimSpace(v)
		if t == "" {
			continue
		}
		if trim {
			v = t
		}
		out = append(out, v)
	}
	return out
}

// parse turns a record that is not skipped into a story, checking ids,
// numbers, dates, the type and the state.
func (r *CSVReader) parse(rec []string, line int) (CSVStory, error) {
	c := r.cols
	w := csvRow{r: r, rec: rec, line: line}
	s := CSVStory{Line: line}
	var err error

	idText := w.trimmed(c.id)
	if s.ID, err = csvParseID(idText); err != nil {
		return CSVStory{}, w.fail(c.id, idText, err)
	}
	if prev, ok := r.seen[s.ID]; ok {
		return CSVStory{}, w.fail(c.id, idText, fmt.Errorf("%w on line %d", errCSVDuplicateID, prev))
	}
	r.seen[s.ID] = line

	s.Title = w.cell(c.title)
	s.Labels = csvSplitLabels(w.cell(c.labels))
	if v := w.trimmed(c.iteration); v != "" {
		n, err := csvParseIteration(v)
		if err != nil {
			return CSVStory{}, w.fail(c.iteration, v, err)
		}
		s.Iteration = &n
	}
	if s.IterationStart, err = w.date(c.iterationStart); err != nil {
		return CSVStory{}, err
	}
	if s.IterationEnd, err = w.date(c.iterationEnd); err != nil {
		return CSVStory{}, err
	}
	if c.typ >= 0 {
		v := w.trimmed(c.typ)
		if s.Type, err = csvParseType(v); err != nil {
			return CSVStory{}, w.fail(c.typ, v, err)
		}
	}
	if v := w.trimmed(c.estimate); v != "" {
		if s.Estimate, err = csvParseEstimate(v); err != nil {
			return CSVStory{}, w.fail(c.estimate, v, err)
		}
	}
	s.Priority = w.trimmed(c.priority)
	if c.state >= 0 {
		v := w.trimmed(c.state)
		if s.State, err = csvParseState(v); err != nil {
			return CSVStory{}, w.fail(c.state, v, err)
		}
	}
	if s.CreatedAt, err = w.dateValue(c.createdAt); err != nil {
		return CSVStory{}, err
	}
	if s.AcceptedAt, err = w.date(c.acceptedAt); err != nil {
		return CSVStory{}, err
	}
	if s.Deadline, err = w.date(c.deadline); err != nil {
		return CSVStory{}, err
	}
	s.RequestedBy = w.trimmed(c.requestedBy)
	s.Owners = w.nonEmpty(c.owners, true)
	s.Description = w.cell(c.description)
	s.URL = w.trimmed(c.url)
	s.Comments = w.nonEmpty(c.comments, false)
	if s.Tasks, err = w.tasks(); err != nil {
		return CSVStory{}, err
	}
	if s.Blockers, err = w.blockers(); err != nil {
		return CSVStory{}, err
	}
	s.PullRequests = w.nonEmpty(c.pullRequests, true)
	s.GitBranches = w.nonEmpty(c.gitBranches, true)
	return s, nil
}

// tasks pairs the k-th "Task" cell with the k-th "Task Status" cell, as
// Tracker writes them; a task without text is an unused column.
func (w csvRow) tasks() ([]CSVTask, error) {
	return pairCells(w, w.r.cols.tasks, w.r.cols.taskStatuses, csvParseTaskStatus,
		func(text string, done bool) CSVTask { return CSVTask{Text: text, Done: done} })
}

// blockers pairs "Blocker" and "Blocker Status" cells like tasks.
func (w csvRow) blockers() ([]CSVBlocker, error) {
	return pairCells(w, w.r.cols.blockers, w.r.cols.blockerStatuses, csvParseBlockerStatus,
		func(text string, resolved bool) CSVBlocker { return CSVBlocker{Text: text, Resolved: resolved} })
}

// pairCells reads the k-th cell of texts with the k-th of statuses, which
// parse reads as a flag (a missing status column reads as ""), and makes
// each pair with a text into a T with pair.
func pairCells[T any](w csvRow, texts, statuses []int, parse func(string) (bool, error), pair func(text string, flag bool) T) ([]T, error) {
	var out []T
	for k, i := range texts {
		text := w.cell(i)
		if strings.TrimSpace(text) == "" {
			continue
		}
		status, si := "", -1
		if k < len(statuses) {
			si = statuses[k]
			status = w.trimmed(si)
		}
		flag, err := parse(status)
		if err != nil {
			return nil, w.fail(si, status, err)
		}
		out = append(out, pair(text, flag))
	}
	return out, nil
}
