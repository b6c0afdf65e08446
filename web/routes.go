package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/static"
)

// Route is one entry of the route table.
type Route struct {
	Method, Path string
	Handler      echo.HandlerFunc
}

// routeTable lists every route in one place, so a reader (and the access
// tests) can see the whole surface.
func (s *Server) routeTable() []Route {
	return []Route{
		{http.MethodGet, "/healthz", s.handleHealthz},
		{http.MethodGet, "/readyz", s.handleReadyz},
		{http.MethodGet, "/metrics", s.handleMetrics()},
		{http.MethodGet, "/static/*", s.handleStatic()},

		{http.MethodGet, "/", s.handleHome},
		{http.MethodGet, "/warnings", s.handleWarningsIndex},
		{http.MethodGet, "/projects/:id/warnings", s.handleProjectWarnings},
		{http.MethodPost, "/projects/:id/warnings/dismiss", s.handleDismissWarning},
		{http.MethodGet, "/projects/:id/radar", s.handleRadar},
		{http.MethodGet, "/projects/:id/calibration", s.handleCalibration},
		{http.MethodGet, "/projects/:id/settings", s.handleSettings},
		{http.MethodPost, "/projects/:id/settings", s.handleSettingsSave},

		{http.MethodGet, "/api/v1/projects", s.handleAPIProjects},
		{http.MethodGet, "/api/v1/projects/:id/warnings", s.handleAPIWarnings},
	}
}

func (s *Server) routes() {
	for _, r := range s.routeTable() {
		s.echo.Add(r.Method, r.Path, r.Handler)
	}
}

// handleStatic serves GET /static/*: embedded assets, cached for a year
// when the URL carries a content hash.
func (s *Server) handleStatic() echo.HandlerFunc {
	files := http.StripPrefix("/static/", http.FileServer(http.FS(static.FS)))
	return func(c echo.Context) error {
		if c.QueryParam("v") != "" {
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Response().Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
