package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// ProgressEvery is how many rows pass between progress lines.
const ProgressEvery = 10_000

// csvSource maps the rows of a CSV export to stories, one at a time, for
// the store to COPY. After the first bad row it stops yielding stories
// but keeps reading, to report up to MaxCSVErrors bad rows at once.
type csvSource struct {
	rd      *tracker.CSVReader
	project sprintlens.Project
	// observedAt is when the export was taken (or the import started);
	// exportedAt is the same time when the file name gave it, else zero.
	observedAt, exportedAt time.Time
	iterations             iterationSet
	// progress receives a line every ProgressEvery rows and at the end.
	progress func(line string)
	rows     int
	errs     []*tracker.CSVError
	// plan is set by Plan, for the summary.
	plan *postgres.ImportPlan
}

var _ postgres.ImportSource = (*csvSource)(nil)

// Next returns the next story, io.EOF at the end, or a *CSVErrors once
// the file is known to be bad.
func (s *csvSource) Next() (sprintlens.Story, error) {
	for {
		cs, err := s.rd.Next()
		if errors.Is(err, io.EOF) {
			if len(s.errs) > 0 {
				return sprintlens.Story{}, &CSVErrors{Errors: s.errs}
			}
			if s.rows == 0 {
				// Deleting every stored story because a file is empty is
				// never what was meant.
				return sprintlens.Story{}, &Refusal{Message: "the file holds no stories; nothing was imported", Kind: sprintlens.ErrInvalid}
			}
			s.progress(fmt.Sprintf("read %d stories; writing", s.rows))
			return sprintlens.Story{}, io.EOF
		}
		var ce *tracker.CSVError
		if errors.As(err, &ce) {
			if s.reject(ce) {
				return sprintlens.Story{}, &CSVErrors{Errors: s.errs, Stopped: true}
			}
			continue
		}
		if err != nil {
			return sprintlens.Story{}, err // the upload or file broke off; the reader says how
		}
		s.rows++
		if s.rows%ProgressEvery == 0 {
			s.progress(fmt.Sprintf("read %d stories (line %d)", s.rows, cs.Line))
		}
		st, ce := s.story(cs)
		if ce != nil {
			if s.reject(ce) {
				return sprintlens.Story{}, &CSVErrors{Errors: s.errs, Stopped: true}
			}
			continue
		}
		if len(s.errs) == 0 {
			return st, nil
		}
	}
}

// reject notes a bad row and reports whether to stop reading.
func (s *csvSource) reject(ce *tracker.CSVError) bool {
	s.errs = append(s.errs, ce)
	return len(s.errs) >= MaxCSVErrors
}

// Plan derives the iterations and the project settings once every row
// has been read.
func (s *csvSource) Plan() (postgres.ImportPlan, error) {
	ip := s.iterations.plan(s.exportedAt)
	p := s.project
	p.IterationWeeks = ip.Weeks
	p.CurrentIteration = ip.Current
	s.plan = &postgres.ImportPlan{Project: p, Iterations: ip.Iterations}
	return *s.plan, nil
}

// story maps one row. Text that PostgreSQL cannot store (invalid UTF-8
// from a file saved in another encoding, NUL bytes) is a row error here,
// where the line and column are still known.
func (s *csvSource) story(cs tracker.CSVStory) (sprintlens.Story, *tracker.CSVError) {
	title := "Title"
	if s.rd.Layout() == tracker.CSVLayoutClassic {
		title = "Story"
	}
	texts := []struct {
		column string
		values []string
	}{
		{title, []string{cs.Title}}, {"Description", []string{cs.Description}}, {"Labels", cs.Labels},
		{"Requested By", []string{cs.RequestedBy}}, {"Owned By", cs.Owners}, {"URL", []string{cs.URL}},
	}
	for _, t := range texts {
		for _, v := range t.values {
			if !storable(v) {
				return sprintlens.Story{}, &tracker.CSVError{Line: cs.Line, Column: t.column,
					Err: errors.New("is not valid UTF-8 text (save the export as UTF-8)")}
			}
		}
	}
	if ce := checkIterationNumber(cs); ce != nil {
		return sprintlens.Story{}, ce
	}

	st := sprintlens.Story{
		ProjectID:   s.project.ID,
		ID:          cs.ID,
		Name:        strings.TrimSpace(cs.Title),
		Type:        sprintlens.StoryType(cs.Type),
		State:       sprintlens.StoryState(cs.State),
		Estimate:    cs.Estimate,
		Position:    s.rows,
		Description: cs.Description,
		URL:         cs.URL,
		RequestedBy: cs.RequestedBy,
		Owners:      cs.Owners,
		Labels:      cs.Labels,
		CreatedAt:   cs.CreatedAt,
		UpdatedAt:   s.observedAt,
		AcceptedAt:  cs.AcceptedAt,
		Deadline:    cs.Deadline,
	}
	if st.Type == "" { // exports without a type column hold features
		st.Type = sprintlens.Feature
	}
	if st.State == "" { // nor a state column: infer what the other cells allow
		switch {
		case cs.AcceptedAt != nil:
			st.State = sprintlens.Accepted
		case cs.Iteration != nil:
			st.State = sprintlens.Unstarted
		default:
			st.State = sprintlens.Unscheduled
		}
	}
	// The icebox has no iteration, whatever a hand-edited cell says.
	if st.State != sprintlens.Unscheduled {
		st.IterationNumber = cs.Iteration
	}
	if st.CreatedAt.IsZero() {
		st.CreatedAt = s.observedAt
		if cs.AcceptedAt != nil {
			st.CreatedAt = *cs.AcceptedAt
		}
	}
	if ce := s.iterations.add(cs, st.IterationNumber, st.State); ce != nil {
		return sprintlens.Story{}, ce
	}
	return st, nil
}

// storable reports whether PostgreSQL's text type accepts v.
func storable(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
}
