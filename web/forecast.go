package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// BacklogReader is what the forecast reads besides the precomputed
// velocity: the unaccepted stories in backlog order and the labels.
type BacklogReader interface {
	BacklogStories(ctx context.Context, pid int64) ([]sprintlens.Story, error)
	ProjectLabels(ctx context.Context, pid int64) ([]sprintlens.Label, error)
}

// forecastSamples is how many of the latest done sprints the Monte Carlo
// resamples: about a quarter of one-week sprints, recent enough to reflect
// how the team works now (it learned to split big stories).
const forecastSamples = 12

// handleForecast renders GET /projects/:id/forecast?release=&epic=&label=;
// ?format=csv downloads its table.
func (s *Server) handleForecast(c echo.Context) error { return s.forecast(c, wantsCSV(c)) }

// handleForecastCSV answers GET /projects/:id/forecast.csv (same query).
func (s *Server) handleForecastCSV(c echo.Context) error { return s.forecast(c, true) }

func (s *Server) forecast(c echo.Context, asCSV bool) error {
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	props, err := s.loadForecast(c, p, loc)
	if err != nil {
		return err
	}
	if asCSV {
		return writeCSV(c, "forecast.csv", forecastCSV(props))
	}
	page := s.page(c, i18n.T(c.Request().Context(), "forecast.title")+" · "+p.Name, "projects")
	page.ProjectID = p.ID
	return s.render(c, http.StatusOK, templates.Forecast(page, props))
}

// loadForecast picks the scope from the query, then runs BuildForecast:
// the range from the precomputed velocity and a Monte Carlo seeded with
// the project id, so a page shows the same dates on every reload.
func (s *Server) loadForecast(c echo.Context, p sprintlens.Project, loc *time.Location) (templates.ForecastProps, error) {
	ctx := c.Request().Context()
	props := templates.ForecastProps{Project: templates.ProjectRef{ID: p.ID, Name: p.Name},
		Label: c.QueryParam("label"), Epic: c.QueryParam("epic")}
	if raw := c.QueryParam("release"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return props, sprintlens.Invalid("release", "must be a story id")
		}
		props.Release = id
	}
	backlog, err := s.deps.Backlog.BacklogStories(ctx, p.ID)
	if err != nil {
		return props, err
	}
	labels, err := s.deps.Backlog.ProjectLabels(ctx, p.ID)
	if err != nil {
		return props, err
	}
	epics, err := s.deps.Velocity.ProjectEpics(ctx, p.ID)
	if err != nil {
		return props, err
	}
	for _, l := range labels {
		props.Options.Labels = append(props.Options.Labels, l.Name)
	}
	epicLabel := map[string]string{}
	for _, e := range epics {
		props.Options.Epics = append(props.Options.Epics, e.Name)
		epicLabel[e.Name] = e.LabelName
	}
	if err := forecastScope(&props, p, backlog, epicLabel); err != nil {
		return props, err
	}
	m, _, err := s.metricsOf(ctx, p.ID)
	if err != nil {
		return props, err
	}
	sums, err := s.deps.Velocity.IterationSummaries(ctx, p.ID)
	if err != nil {
		return props, err
	}
	props.Velocity = m.Velocity
	in := sprintlens.ForecastInput{RemainingPoints: props.Points, RemainingStories: props.Stories,
		Velocity: m.Velocity, Seed: uint64(p.ID)}
	in.History, in.Schedule = forecastHistory(sums, p, loc, s.cfg.Now())
	props.Samples, props.Start = len(in.History), in.Schedule.Start
	props.Forecast = sprintlens.BuildForecast(in)
	return props, nil
}

// forecastScope fills the remaining scope: unaccepted stories, in backlog
// order up to the chosen release, carrying the label and the epic's label
// when chosen. Releases are markers, not work. Icebox stories are not
// planned, so they stay out and are only counted (when no release cuts
// the backlog). Points come from types that count toward velocity.
func forecastScope(props *templates.ForecastProps, p sprintlens.Project, backlog []sprintlens.Story, epicLabel map[string]string) error {
	for _, st := range backlog {
		if st.Type == sprintlens.Release && st.State != sprintlens.Unscheduled {
			props.Releases = append(props.Releases, templates.ReleaseOption{ID: st.ID, Name: st.Name})
		}
	}
	if props.Release != 0 && !slices.ContainsFunc(props.Releases, func(r templates.ReleaseOption) bool { return r.ID == props.Release }) {
		return notFound("release")
	}
	f := templates.StoryFilter{Label: props.Label, Epic: props.Epic}
	for _, st := range backlog {
		if props.Release != 0 && st.ID == props.Release {
			break
		}
		if st.Type == sprintlens.Release || !storyMatches(st.Labels, string(st.Type), f, epicLabel) {
			continue
		}
		if st.State == sprintlens.Unscheduled {
			if props.Release == 0 {
				props.Icebox++
			}
			continue
		}
		props.Stories++
		if sprintlens.CountsTowardVelocity(p, st.Type) {
			props.Points += st.Points()
			if !st.Estimated() {
				props.Unestimated++
			}
		}
	}
	return nil
}

// forecastHistory turns the latest done sprints into the simulation's
// samples and lays out the sprints to come: from the current sprint's
// start (its unaccepted work is in the scope), else from the last done
// sprint's end, else from today.
func forecastHistory(sums []sprintlens.IterationSummary, p sprintlens.Project, loc *time.Location, now time.Time) ([]sprintlens.IterationPoints, sprintlens.Schedule) {
	sched := sprintlens.Schedule{Start: now.In(loc), Weeks: max(1, p.IterationWeeks), Location: loc}
	var done []sprintlens.IterationPoints
	for _, is := range sums {
		it := is.Iteration
		if is.RollingVelocity == nil {
			sched.Start = it.Start.In(loc)
			continue
		}
		sched.Start = it.Finish.In(loc)
		done = append(done, sprintlens.IterationPoints{Number: it.Number, Start: it.Start, Finish: it.Finish,
			TeamStrength: it.TeamStrength, Done: true, Points: is.AcceptedPoints, Stories: is.AcceptedCount})
	}
	if len(done) > forecastSamples {
		done = done[len(done)-forecastSamples:]
	}
	return done, sched
}
