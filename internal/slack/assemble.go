package slack

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// ProjectSource finds a project (its name and time zone).
type ProjectSource interface {
	Project(ctx context.Context, id int64) (sprintlens.Project, error)
}

// MetricsSource reads a project's precomputed numbers (*postgres.Store).
type MetricsSource interface {
	MetricsSummary(ctx context.Context, pid int64) (sprintlens.MetricsSummary, error)
	IterationSummaries(ctx context.Context, pid int64) ([]sprintlens.IterationSummary, error)
}

// WarningsSource lists a project's n worst story-size warnings.
type WarningsSource interface {
	TopWarnings(ctx context.Context, pid int64, n int) ([]sprintlens.DigestWarning, error)
}

// OKRSource lists the key results of the period running at now, with their
// status; a key result is outdated when its latest check-in is older than
// maxAge. The digest keeps the team's and the project's own.
type OKRSource interface {
	DigestOKRs(ctx context.Context, now time.Time, maxAge time.Duration) ([]sprintlens.DigestKR, error)
}

// DefaultWarningLimit is how many warnings the assembler asks for. The
// message shows MaxWarningLines of them; the rest only feed "and N more",
// so the count stops being exact beyond this many.
const DefaultWarningLimit = 500

// Assembler fills a Digest from the stores. Warnings and OKRs may be nil:
// their sections are then left out of the message.
type Assembler struct {
	Projects     ProjectSource
	Metrics      MetricsSource
	Warnings     WarningsSource
	OKRs         OKRSource
	WarningLimit int
	// CheckInMaxAge is CHECKIN_MAX_AGE, so the digest calls the same key
	// results outdated as the OKR pages; 0 means sprintlens.DefaultCheckInMaxAge.
	CheckInMaxAge time.Duration
}

// Assemble makes project pid's digest as of now.
func (a *Assembler) Assemble(ctx context.Context, pid int64, now time.Time) (sprintlens.Digest, error) {
	p, err := a.Projects.Project(ctx, pid)
	if err != nil {
		return sprintlens.Digest{}, fmt.Errorf("digest: %w", err)
	}
	loc, _ := p.Location() // a bad zone falls back to UTC; the project page reports it
	d := sprintlens.Digest{ProjectID: pid, ProjectName: p.Name, GeneratedAt: now.In(loc), Links: linksFor(pid, 0)}

	m, err := a.Metrics.MetricsSummary(ctx, pid)
	switch {
	case errors.Is(err, sprintlens.ErrNotFound): // never computed: no numbers yet
	case err != nil:
		return d, fmt.Errorf("digest: %w", err)
	default:
		d.Velocity = m.Velocity.Value
	}
	sums, err := a.Metrics.IterationSummaries(ctx, pid)
	if err != nil {
		return d, fmt.Errorf("digest: %w", err)
	}
	if n := lastDone(p, sums, now); n > 0 {
		s, _ := sprintlens.SprintOf(sums, n)
		s.Start, s.Finish = s.Start.In(loc), s.Finish.In(loc)
		d.LastSprint = &s
		d.Links = linksFor(pid, n)
	}
	d.PeriodLabel = periodLabel(d.LastSprint, now.In(loc))

	if a.Warnings != nil {
		limit := a.WarningLimit
		if limit <= 0 {
			limit = DefaultWarningLimit
		}
		if d.Warnings, err = a.Warnings.TopWarnings(ctx, pid, limit); err != nil {
			return d, fmt.Errorf("digest: warnings: %w", err)
		}
		d.WarningsAvailable = true
	}
	if a.OKRs != nil {
		krs, err := a.OKRs.DigestOKRs(ctx, now, a.CheckInMaxAge)
		if err != nil {
			return d, fmt.Errorf("digest: okrs: %w", err)
		}
		d.OKRs, d.OKRsAvailable = sprintlens.ForProject(krs, pid), true
	}
	return d, nil
}

// lastDone is the newest done sprint's number (0 when none). The project's
// current iteration wins over a stored kind, as for velocity; a sprint that
// has not ended by now is never "last"; and neither is one whose numbers
// were computed while it was in progress (InProgress): they count its
// unaccepted stories as Open, not carried over, so its "Carried over"
// would read 0. The project row and the precomputed numbers are written in
// one transaction and normally agree; the numbers' own flag is what says
// how they were counted, so it has the last word.
func lastDone(p sprintlens.Project, sums []sprintlens.IterationSummary, now time.Time) int {
	best := 0
	for _, s := range sums {
		it := s.Iteration
		done := it.Kind == sprintlens.IterationDone
		if p.CurrentIteration > 0 {
			done = it.Number < p.CurrentIteration
		}
		if done && !s.InProgress && !it.Finish.After(now) && it.Number > best {
			best = it.Number
		}
	}
	return best
}

func periodLabel(s *sprintlens.DigestSprint, now time.Time) string {
	if s == nil {
		return "Week of " + now.Format("Jan 2, 2006")
	}
	last := s.Finish.AddDate(0, 0, -1) // the window is half-open
	return fmt.Sprintf("Sprint %d · %s – %s", s.Number, s.Start.Format("Jan 2"), last.Format("Jan 2, 2006"))
}

// linksFor names the pages a digest points to. They are the routes the
// web package serves; sprint 0 means there is no review to link.
func linksFor(pid int64, sprint int) sprintlens.DigestLinks {
	id := strconv.FormatInt(pid, 10)
	l := sprintlens.DigestLinks{
		Project:  "/projects/" + id,
		Warnings: "/warnings?project=" + id,
		OKRs:     "/okrs",
	}
	if sprint > 0 {
		l.SprintReview = "/projects/" + id + "/sprints/" + strconv.Itoa(sprint)
	}
	return l
}
