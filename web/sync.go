package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// recentRuns is how many runs the sync page and API list.
const recentRuns = 50

// SyncRunReader reads recorded sync runs.
type SyncRunReader interface {
	SyncRunsRecent(ctx context.Context, limit int) ([]sprintlens.SyncRun, error)
	SyncRunByID(ctx context.Context, id int64) (sprintlens.SyncRun, error)
}

// SyncStarter starts syncs in the background: projectID 0 means every
// enabled project. It returns the recorded runs' ids at once; a project
// already being synced yields an error wrapping sprintlens.ErrLocked.
type SyncStarter interface {
	StartSync(ctx context.Context, projectID int64, full bool, triggeredBy string) ([]int64, error)
}

// handleSyncIndex renders GET /sync: recent runs and the "Sync now" form.
func (s *Server) handleSyncIndex(c echo.Context) error {
	props, err := s.syncProps(c.Request().Context())
	if err != nil {
		return err
	}
	title := i18n.T(c.Request().Context(), "sync.title")
	return s.render(c, http.StatusOK, templates.SyncPage(s.page(c, title, "sync"), props))
}

// handleSyncStart answers POST /sync (CSRF-protected): start a sync in the
// background, then give htmx the new runs' rows (which poll for their
// progress) or send a browser back to /sync.
func (s *Server) handleSyncStart(c echo.Context) error {
	if s.deps.Sync == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, i18n.T(c.Request().Context(), "sync.disabled"))
	}
	projectID, err := optionalID(c.FormValue("project"), "project")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ids, err := s.deps.Sync.StartSync(ctx, projectID, c.FormValue("full") == "true", "web:"+currentUser(c))
	if errors.Is(err, sprintlens.ErrLocked) {
		if isHTMX(c) {
			// htmx swaps only successful answers: say it in a row.
			return s.render(c, http.StatusOK, templates.SyncNoticeRow(i18n.T(ctx, "sync.locked")))
		}
		return echo.NewHTTPError(http.StatusConflict, i18n.T(ctx, "sync.locked")).SetInternal(err)
	}
	var ve *sprintlens.ValidationError
	if errors.As(err, &ve) && isHTMX(c) {
		return s.render(c, http.StatusOK, templates.SyncNoticeRow(ve.Message))
	}
	if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect(http.StatusSeeOther, "/sync")
	}
	views, err := s.runViews(ctx, ids)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusAccepted, templates.SyncRunRows(views))
}

// handleSyncRunShow renders GET /sync/runs/:id: the run's row for htmx
// polling, or a page around it.
func (s *Server) handleSyncRunShow(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("sync run")
	}
	views, err := s.runViews(c.Request().Context(), []int64{id})
	if errors.Is(err, sprintlens.ErrNotFound) {
		return notFound("sync run")
	}
	if err != nil {
		return err
	}
	if isHTMX(c) {
		return s.render(c, http.StatusOK, templates.SyncRunRow(views[0]))
	}
	title := i18n.T(c.Request().Context(), "sync.title")
	return s.render(c, http.StatusOK, templates.SyncRunPage(s.page(c, title, "sync"), views[0]))
}

func (s *Server) syncProps(ctx context.Context) (templates.SyncProps, error) {
	props := templates.SyncProps{Enabled: s.deps.Sync != nil}
	sums, err := s.deps.Projects.ProjectSummaries(ctx)
	if err != nil {
		return props, err
	}
	names := make(map[int64]string, len(sums))
	for _, p := range sums {
		names[p.ID] = p.Name
		if p.Source == sprintlens.SourceTracker {
			props.Projects = append(props.Projects, templates.SyncProjectOption{ID: p.ID, Name: p.Name})
		}
	}
	if s.deps.SyncRuns == nil {
		return props, nil
	}
	runs, err := s.deps.SyncRuns.SyncRunsRecent(ctx, recentRuns)
	if err != nil {
		return props, err
	}
	for _, r := range runs {
		props.Runs = append(props.Runs, s.runView(r, names))
	}
	return props, nil
}

func (s *Server) runViews(ctx context.Context, ids []int64) ([]templates.SyncRunView, error) {
	if s.deps.SyncRuns == nil {
		return nil, sprintlens.ErrNotFound
	}
	names, err := s.projectNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]templates.SyncRunView, 0, len(ids))
	for _, id := range ids {
		r, err := s.deps.SyncRuns.SyncRunByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s.runView(r, names))
	}
	return out, nil
}

func (s *Server) projectNames(ctx context.Context) (map[int64]string, error) {
	sums, err := s.deps.Projects.ProjectSummaries(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(sums))
	for _, p := range sums {
		names[p.ID] = p.Name
	}
	return names, nil
}

func (s *Server) runView(r sprintlens.SyncRun, names map[int64]string) templates.SyncRunView {
	name := names[r.ProjectID]
	if name == "" {
		name = strconv.FormatInt(r.ProjectID, 10)
	}
	return templates.SyncRunView{
		ID: r.ID, ProjectID: r.ProjectID, ProjectName: name, Kind: r.Kind, Status: string(r.Status),
		StartedAt: r.StartedAt, Duration: r.Duration(s.cfg.Now()), Progress: r.Progress,
		Inserted: r.StoriesInserted, Updated: r.StoriesUpdated, Deleted: r.StoriesDeleted,
		Iterations: r.Iterations, Requests: r.Requests, Error: r.Error, TriggeredBy: r.TriggeredBy,
	}
}

// optionalID reads an optional positive id from a form or query value.
func optionalID(v, field string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, sprintlens.Invalid(field, "must be a positive project id")
	}
	return id, nil
}
