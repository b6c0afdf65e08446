package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// ProjectLister is what the projects list needs.
type ProjectLister interface {
	ProjectSummaries(ctx context.Context) ([]sprintlens.ProjectSummary, error)
}

// ProjectAdder enables a Tracker project for sync after checking that
// Tracker knows it; an unknown id is a *sprintlens.ValidationError.
type ProjectAdder interface {
	AddProject(ctx context.Context, projectID int64) (sprintlens.Project, error)
}

// handleHome renders GET /: the projects, or how to add the first one.
func (s *Server) handleHome(c echo.Context) error {
	return s.renderHome(c, http.StatusOK, templates.AddProjectProps{})
}

// renderHome renders the projects page; form carries what the add-project
// form shows (a rejected id and why).
func (s *Server) renderHome(c echo.Context, status int, form templates.AddProjectProps) error {
	sums, err := s.deps.Projects.ProjectSummaries(c.Request().Context())
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	props := templates.HomeProps{}
	for _, p := range sums {
		props.Projects = append(props.Projects, templates.ProjectRow{
			ID: p.ID, Name: p.Name, Source: string(p.Source), StoryCount: p.StoryCount,
			IterationCount: p.IterationCount, LastSyncedAt: p.LastSyncedAt, Stale: p.Stale(now),
		})
	}
	if s.deps.AddProject != nil {
		props.AddProject = &form
	}
	title := i18n.T(c.Request().Context(), "home.title")
	return s.render(c, status, templates.Home(s.page(c, title, "projects"), props))
}

// handleProjectCreate answers POST /projects (CSRF-protected): add a
// Tracker project by id, start its first sync and show the sync page; a
// bad id comes back to the form with the reason.
func (s *Server) handleProjectCreate(c echo.Context) error {
	ctx := c.Request().Context()
	if s.deps.AddProject == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, i18n.T(ctx, "sync.add.disabled"))
	}
	raw := strings.TrimSpace(c.FormValue("tracker_project_id"))
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		id = 0 // AddProject explains what an id looks like
	}
	p, err := s.deps.AddProject.AddProject(ctx, id)
	var ve *sprintlens.ValidationError
	if errors.As(err, &ve) {
		return s.renderHome(c, http.StatusUnprocessableEntity, templates.AddProjectProps{Value: raw, Error: ve.Message})
	}
	if err != nil {
		return err
	}
	if s.deps.Sync != nil {
		if _, err := s.deps.Sync.StartSync(ctx, p.ID, false, "web:"+currentUser(c)); err != nil && !errors.Is(err, sprintlens.ErrLocked) {
			// The project is added; the scheduled sync will pick it up.
			s.cfg.Logger.Warn("first sync of an added project did not start", "project", p.ID, "error", err)
		}
	}
	return c.Redirect(http.StatusSeeOther, "/sync")
}

// projectJSON is one element of GET /api/v1/projects.
type projectJSON struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	Source         string     `json:"source"`
	StoryCount     int        `json:"story_count"`
	IterationCount int        `json:"iteration_count"`
	LastSyncedAt   *time.Time `json:"last_synced_at"`
	TimeZone       string     `json:"time_zone"`
	VelocityWindow int        `json:"velocity_window"`
	Stale          bool       `json:"stale"`
}

// handleAPIProjects answers GET /api/v1/projects.
func (s *Server) handleAPIProjects(c echo.Context) error {
	sums, err := s.deps.Projects.ProjectSummaries(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]projectJSON, 0, len(sums))
	now := s.cfg.Now()
	for _, p := range sums {
		out = append(out, projectJSON{ID: p.ID, Name: p.Name, Source: string(p.Source), StoryCount: p.StoryCount,
			IterationCount: p.IterationCount, LastSyncedAt: p.LastSyncedAt, TimeZone: p.TimeZone,
			VelocityWindow: p.VelocityWindow, Stale: p.Stale(now)})
	}
	return c.JSON(http.StatusOK, out)
}
