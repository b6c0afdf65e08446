package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// OKRStore is what the OKR pages, forms and API read and write through.
type OKRStore interface {
	Periods(ctx context.Context) ([]sprintlens.Period, error)
	Period(ctx context.Context, key string) (sprintlens.Period, error)
	PeriodByID(ctx context.Context, id int64) (sprintlens.Period, error)
	CreatePeriod(ctx context.Context, p sprintlens.Period, author string) (sprintlens.Period, error)
	ClosePeriod(ctx context.Context, key, author string) (sprintlens.Period, error)
	Objectives(ctx context.Context, periodID int64) ([]sprintlens.Objective, error)
	Objective(ctx context.Context, id int64) (sprintlens.Objective, error)
	CreateObjective(ctx context.Context, o sprintlens.Objective, author string) (sprintlens.Objective, error)
	PeriodKeyResults(ctx context.Context, periodID int64) ([]sprintlens.KeyResult, error)
	KeyResult(ctx context.Context, id int64) (sprintlens.KeyResult, error)
	CreateKeyResult(ctx context.Context, kr sprintlens.KeyResult, linkProjectID int64, author string) (sprintlens.KeyResult, error)
	ScoreKeyResult(ctx context.Context, id int64, score float64, retro, author string) (sprintlens.KeyResult, error)
	CheckIns(ctx context.Context, keyResultID int64) ([]sprintlens.CheckIn, error)
	PeriodCheckIns(ctx context.Context, periodID int64) ([]sprintlens.CheckIn, error)
	AddCheckIn(ctx context.Context, c sprintlens.CheckIn) (sprintlens.CheckIn, error)
	OKREdits(ctx context.Context, entity string, id int64) ([]sprintlens.OKREdit, error)
	OKRDelivery
}

// OKRDelivery reads the Tracker work key results are linked to.
type OKRDelivery interface {
	LinkedStories(ctx context.Context, keyResultIDs []int64) (map[int64][]sprintlens.Story, error)
	CarriedOverLinked(ctx context.Context, keyResultIDs []int64, since time.Time) (map[int64]bool, error)
	AcceptedWork(ctx context.Context, from, to time.Time, keep []string) ([]sprintlens.AcceptedWork, error)
	OKRIterations(ctx context.Context, from, to time.Time) ([]sprintlens.Iteration, error)
	OKREpics(ctx context.Context) ([]sprintlens.Epic, error)
	OKRLabels(ctx context.Context) ([]sprintlens.Label, error)
	Projects(ctx context.Context) ([]sprintlens.Project, error)
}

// okrZone is the zone quarters are cut in (TIME_ZONE; UTC when unset).
func (s *Server) okrZone() *time.Location {
	if s.deps.OKRZone != nil {
		return s.deps.OKRZone
	}
	return time.UTC
}

// checkInMaxAge is how old a check-in may get before its key result is outdated.
func (s *Server) checkInMaxAge() time.Duration {
	if s.deps.CheckInMaxAge > 0 {
		return s.deps.CheckInMaxAge
	}
	return sprintlens.DefaultCheckInMaxAge
}

// resolvePeriod finds the period named by key (the current quarter when
// empty). A quarter nobody has stored yet is returned with stored false, so
// its page can offer to start it; any other unknown key is not found.
func (s *Server) resolvePeriod(ctx context.Context, key string) (p sprintlens.Period, stored bool, err error) {
	st := s.deps.OKRs
	if key == "" {
		q, err := sprintlens.QuarterOf(s.cfg.Now(), s.okrZone())
		if err != nil {
			return p, false, err
		}
		key = q.Key
	}
	p, err = st.Period(ctx, key)
	if err == nil || !errors.Is(err, sprintlens.ErrNotFound) {
		return p, err == nil, err
	}
	q, qerr := sprintlens.ParsePeriodKey(key, s.okrZone())
	if qerr != nil {
		return p, false, notFound("period " + key)
	}
	if q.Key != key { // "2026q4" names the stored 2026Q4
		if p, err = st.Period(ctx, q.Key); err == nil {
			return p, true, nil
		} else if !errors.Is(err, sprintlens.ErrNotFound) {
			return p, false, err
		}
	}
	return q, false, nil
}

// periodOptions lists the stored periods and the current quarter for the
// picker, the shown one selected.
func (s *Server) periodOptions(ctx context.Context, shown sprintlens.Period) ([]templates.OKROption, error) {
	all, err := s.deps.OKRs.Periods(ctx)
	if err != nil {
		return nil, err
	}
	current, err := sprintlens.QuarterOf(s.cfg.Now(), s.okrZone())
	if err != nil {
		return nil, err
	}
	var out []templates.OKROption
	seen := map[string]bool{}
	add := func(p sprintlens.Period) {
		if seen[p.Key] {
			return
		}
		seen[p.Key] = true
		out = append(out, templates.OKROption{Value: p.Key, Label: p.Name, Selected: p.Key == shown.Key})
	}
	add(current)
	add(shown)
	for _, p := range all {
		add(p)
	}
	return out, nil
}

// handleOKRs renders GET /okrs?period=KEY: the period at a glance.
func (s *Server) handleOKRs(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.loadBoard(ctx, c.QueryParam("period"))
	if err != nil {
		return err
	}
	periods, err := s.periodOptions(ctx, b.period)
	if err != nil {
		return err
	}
	props := templates.OKRsProps{Period: b.periodView(), Periods: periods, OutdatedHint: sprintlens.HintOutdatedFor(s.checkInMaxAge())}
	for _, o := range b.objectives {
		props.Objectives = append(props.Objectives, b.objectiveView(o))
	}
	if props.Coverage, err = s.okrCoverage(ctx, b); err != nil {
		return err
	}
	if props.Forms, err = s.okrForms(ctx, b); err != nil {
		return err
	}
	title := i18n.T(ctx, "okr.title") + " · " + b.period.Name
	return s.render(c, http.StatusOK, templates.OKRs(s.page(c, title, "okrs"), props))
}
