package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

// VelocityReader is what the project overview, sprint review, forecast
// and cycle-time pages read: the project and the numbers precomputed at
// its last sync, plus a few stories by id.
type VelocityReader interface {
	Project(ctx context.Context, id int64) (sprintlens.Project, error)
	MetricsSummary(ctx context.Context, pid int64) (sprintlens.MetricsSummary, error)
	IterationSummaries(ctx context.Context, pid int64) ([]sprintlens.IterationSummary, error)
	SprintReview(ctx context.Context, pid int64, n int) (sprintlens.Review, error)
	StoriesByID(ctx context.Context, pid int64, ids []int64) ([]sprintlens.Story, error)
	ProjectEpics(ctx context.Context, pid int64) ([]sprintlens.Epic, error)
}

// overviewSprints is how many sprints the velocity chart shows when no
// date range is chosen: half a year of one-week sprints.
const overviewSprints = 26

// loadProject reads the project named by :id with its time zone; an id
// that is not a number or not a project is a 404.
func (s *Server) loadProject(c echo.Context) (sprintlens.Project, *time.Location, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return sprintlens.Project{}, nil, notFound("project")
	}
	p, err := s.deps.Velocity.Project(c.Request().Context(), id)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return p, nil, notFound("project")
	}
	if err != nil {
		return p, nil, err
	}
	loc, err := p.Location()
	if err != nil {
		s.cfg.Logger.Warn("project time zone unusable, using UTC", "project", p.ID, "error", err)
	}
	return p, loc, nil
}

// metricsOf reads the project's summary; found is false when the project
// has never been computed (no sync or import yet).
func (s *Server) metricsOf(ctx context.Context, pid int64) (m sprintlens.MetricsSummary, found bool, err error) {
	m, err = s.deps.Velocity.MetricsSummary(ctx, pid)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

// sprintRow is one precomputed iteration as the pages show it.
func sprintRow(is sprintlens.IterationSummary, loc *time.Location) templates.SprintRow {
	it := is.Iteration
	return templates.SprintRow{
		Number: it.Number, Start: it.Start.In(loc), Finish: it.Finish.In(loc), TeamStrength: it.TeamStrength,
		Done: is.RollingVelocity != nil, AcceptedPoints: is.AcceptedPoints, AcceptedCount: is.AcceptedCount,
		Committed: is.Committed, CarriedOver: is.CarriedOver, Added: is.Added, Removed: is.Removed,
		Open: is.Open, InProgress: is.InProgress, Inferred: is.Inferred,
		RollingVelocity: is.RollingVelocity, RollingStdDev: is.RollingStdDev, Reconstructed: is.Reconstructed,
	}
}

// velocityView is the overview's data before rendering.
type velocityView struct {
	props templates.OverviewProps
	// current is the summary of the sprint in progress (nil: none).
	current *sprintlens.IterationSummary
}

// loadVelocity reads the project's precomputed velocity and sprints,
// keeping the sprints that start within the ?from=&to= range (the last
// overviewSprints when no range is given).
func (s *Server) loadVelocity(c echo.Context, p sprintlens.Project, loc *time.Location) (velocityView, error) {
	ctx := c.Request().Context()
	rng, from, to, err := parseDateRange(c, loc)
	if err != nil {
		return velocityView{}, err
	}
	v := velocityView{props: templates.OverviewProps{Project: templates.ProjectRef{ID: p.ID, Name: p.Name}, Range: rng}}
	m, found, err := s.metricsOf(ctx, p.ID)
	if err != nil || !found {
		return v, err
	}
	sums, err := s.deps.Velocity.IterationSummaries(ctx, p.ID)
	if err != nil {
		return v, err
	}
	props := &v.props
	props.HasMetrics, props.ComputedAt = true, m.ComputedAt.In(loc)
	vel := m.Velocity
	props.KPIs = templates.VelocityKPIs{Velocity: vel.Value, Normalized: vel.Normalized, StdDev: vel.StdDev,
		Volatility: vel.Volatility, Window: vel.Window, Used: vel.Used, Short: vel.Short}
	changes := map[int]int{}
	for _, a := range m.Annotations {
		changes[a.Iteration]++
		props.Annotations = append(props.Annotations, templates.AnnotationRow{Kind: string(a.Kind), Iteration: a.Iteration,
			At: a.At.In(loc), StoryID: a.StoryID, From: a.From, To: a.To})
	}
	var rows []templates.SprintRow
	for i, is := range sums {
		row := sprintRow(is, loc)
		row.Changes = changes[row.Number]
		if row.Done {
			props.LastSprint = &row
		} else {
			v.current = &sums[i]
			props.CurrentSprint = row.Number
		}
		if !from.IsZero() && row.Start.Before(from) || !to.IsZero() && !row.Start.Before(to) {
			continue
		}
		rows = append(rows, row)
	}
	if rng == (templates.DateRange{}) && len(rows) > overviewSprints {
		rows = rows[len(rows)-overviewSprints:]
	}
	props.Sprints, props.AllSprints = rows, len(sums)
	return v, nil
}

// parseDateRange reads ?from= and ?to= (YYYY-MM-DD, both days included)
// as local midnights: [from, day after to).
func parseDateRange(c echo.Context, loc *time.Location) (templates.DateRange, time.Time, time.Time, error) {
	r := templates.DateRange{From: c.QueryParam("from"), To: c.QueryParam("to")}
	var from, to time.Time
	var err error
	if r.From != "" {
		if from, err = time.ParseInLocation(time.DateOnly, r.From, loc); err != nil {
			return r, from, to, sprintlens.Invalid("from", "must be a date like 2026-10-05")
		}
	}
	if r.To != "" {
		if to, err = time.ParseInLocation(time.DateOnly, r.To, loc); err != nil {
			return r, from, to, sprintlens.Invalid("to", "must be a date like 2026-10-05")
		}
		to = to.AddDate(0, 0, 1)
	}
	return r, from, to, nil
}

// handleProjectShow renders GET /projects/:id: velocity chart, KPI tiles,
// the last sprint in one line, the current sprint's burn-up and the links
// onward. ?format=csv downloads the velocity table.
func (s *Server) handleProjectShow(c echo.Context) error {
	if wantsCSV(c) {
		return s.handleVelocityCSV(c)
	}
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	page := s.page(c, p.Name, "projects")
	page.ProjectID = p.ID
	// The burn-up greys out the days after today, in the project's zone.
	today := s.cfg.Now().In(loc).Format(time.DateOnly)
	if same, err := s.notModified(c, page, p, today); err != nil || same {
		if same {
			return c.NoContent(http.StatusNotModified)
		}
		return err
	}
	v, err := s.loadVelocity(c, p, loc)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if last := v.props.LastSprint; last != nil && last.CarriedOver.Count > 0 {
		r, err := s.deps.Velocity.SprintReview(ctx, p.ID, last.Number)
		if err != nil {
			return err
		}
		for _, rs := range r.Stories {
			if rs.CarriedOver {
				v.props.CarriedOver = append(v.props.CarriedOver, reviewStoryRow(rs))
			}
		}
	}
	if v.current != nil {
		b, err := s.loadBurnUp(ctx, p.ID, v.current.Iteration.Number, loc)
		if err != nil {
			return err
		}
		v.props.BurnUp = b
	}
	return s.render(c, http.StatusOK, templates.Overview(page, v.props))
}

// loadBurnUp builds the burn-up of sprint n from its precomputed review
// and its accepted stories' acceptance times (nil when there is no review).
func (s *Server) loadBurnUp(ctx context.Context, pid int64, n int, loc *time.Location) (*templates.BurnUp, error) {
	r, err := s.deps.Velocity.SprintReview(ctx, pid, n)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, rs := range r.Stories {
		if rs.Accepted {
			ids = append(ids, rs.StoryID)
		}
	}
	stories, err := s.deps.Velocity.StoriesByID(ctx, pid, ids)
	if err != nil {
		return nil, err
	}
	acceptedAt := make(map[int64]time.Time, len(stories))
	for _, st := range stories {
		if st.AcceptedAt != nil {
			acceptedAt[st.ID] = *st.AcceptedAt
		}
	}
	b := burnUp(r, acceptedAt, loc, s.cfg.Now())
	return &b, nil
}

// burnUp follows a sprint day by day. Accepted is, at each local day's
// end, the points of the review's accepted stories (estimates at
// acceptance, types that count toward velocity) whose acceptance time has
// passed; a story without one counts from the first day. Committed is the
// review's committed points; Scope is every story of the review not
// removed, at its latest estimate. Days that have not begun stay empty.
func burnUp(r sprintlens.Review, acceptedAt map[int64]time.Time, loc *time.Location, now time.Time) templates.BurnUp {
	start, finish := r.Iteration.Start.In(loc), r.Iteration.Finish.In(loc)
	b := templates.BurnUp{Number: r.Iteration.Number, Committed: r.Committed.Points, Accepted: r.Accepted.Points}
	for _, rs := range r.Stories {
		if rs.Counted && !rs.Removed {
			b.Scope += rs.Points
		}
	}
	for day := start; day.Before(finish); day = day.AddDate(0, 0, 1) {
		d := templates.BurnDay{Date: day, Future: day.After(now)}
		end := day.AddDate(0, 0, 1)
		for _, rs := range r.Stories {
			if !rs.Accepted || !rs.Counted {
				continue
			}
			if at, ok := acceptedAt[rs.StoryID]; !ok || at.Before(end) {
				d.Accepted += rs.Points
			}
		}
		b.Days = append(b.Days, d)
	}
	return b
}
