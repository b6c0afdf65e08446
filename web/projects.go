package web

import (
	"context"
	"net/http"
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

// handleHome renders GET /: the projects, or how to add the first one.
func (s *Server) handleHome(c echo.Context) error {
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
	title := i18n.T(c.Request().Context(), "home.title")
	return s.render(c, http.StatusOK, templates.Home(s.page(c, title, "projects"), props))
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
