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
		{http.MethodGet, "/import", s.handleImportForm},
		{http.MethodPost, "/import", s.handleImportUpload},

		{http.MethodGet, "/okrs", s.handleOKRs},
		{http.MethodGet, "/okrs/check-in", s.handleOKRCheckIn},
		{http.MethodPost, "/okrs/check-ins", s.handleOKRCheckInSave},
		{http.MethodGet, "/okrs/key-results/:id", s.handleOKRKeyResult},
		{http.MethodPost, "/okrs/periods", s.handleOKRPeriodCreate},
		{http.MethodPost, "/okrs/periods/:key/close", s.handleOKRPeriodClose},
		{http.MethodPost, "/okrs/objectives", s.handleOKRObjectiveCreate},
		{http.MethodPost, "/okrs/key-results", s.handleOKRKeyResultCreate},
		{http.MethodPost, "/okrs/key-results/:id/score", s.handleOKRKeyResultScore},

		{http.MethodGet, "/projects/:id", s.handleProjectShow},
		{http.MethodGet, "/projects/:id/velocity.csv", s.handleVelocityCSV},
		{http.MethodGet, "/projects/:id/burnup.csv", s.handleBurnUpCSV},
		{http.MethodGet, "/sprints", s.handleSprintsIndex},
		{http.MethodGet, "/projects/:id/sprints/:n", s.handleSprintShow}, // ":n.csv" downloads
		{http.MethodGet, "/projects/:id/forecast", s.handleForecast},
		{http.MethodGet, "/projects/:id/forecast.csv", s.handleForecastCSV},
		{http.MethodGet, "/projects/:id/cycle-time", s.handleCycleTime},
		{http.MethodGet, "/projects/:id/cycle-time.csv", s.handleCycleTimeCSV},
		{http.MethodGet, "/rollup", s.handleRollup},
		{http.MethodGet, "/rollup.csv", s.handleRollupCSV},

		{http.MethodGet, "/api/v1/projects", s.handleAPIProjects},
		{http.MethodGet, "/api/v1/okrs", s.handleAPIOKRs},
		{http.MethodPost, "/api/v1/key-results/:id/check-ins", s.handleAPICheckInCreate},

		{http.MethodGet, "/login", s.handleLogin},
		{http.MethodGet, "/auth/callback", s.handleAuthCallback},
		{http.MethodPost, "/logout", s.handleLogout},
		{http.MethodGet, "/users", s.handleUsers},
		{http.MethodPost, "/users/:id/role", s.handleUserRole},
		{http.MethodGet, "/tokens", s.handleTokens},
		{http.MethodPost, "/tokens", s.handleTokenCreate},
		{http.MethodPost, "/tokens/:id/revoke", s.handleTokenRevoke},

		{http.MethodGet, "/digest", s.handleDigestIndex},
		{http.MethodGet, "/digest/preview", s.handleDigestPreview},
		{http.MethodPost, "/digest/test", s.handleDigestTest},
		{http.MethodPost, "/digest/webhook", s.handleDigestWebhook},
		{http.MethodPost, "/projects/:id/sprints/:n/snapshot", s.handleSprintSnapshotCreate},
		{http.MethodGet, "/s/:id", s.handleSnapshotShow},
		{http.MethodPost, "/projects", s.handleProjectCreate},
		{http.MethodGet, "/sync", s.handleSyncIndex},
		{http.MethodPost, "/sync", s.handleSyncStart},
		{http.MethodGet, "/sync/runs/:id", s.handleSyncRunShow},

		{http.MethodGet, "/api/v1/sync/runs", s.handleAPISyncRuns},
		{http.MethodPost, "/api/v1/sync", s.handleAPISyncStart},
		{http.MethodGet, "/api/v1/projects/:id/velocity", s.handleAPIVelocity},
		{http.MethodGet, "/api/v1/projects/:id/sprints/:n", s.handleAPISprint},
		{http.MethodGet, "/warnings", s.handleWarningsIndex},
		{http.MethodGet, "/projects/:id/warnings", s.handleProjectWarnings},
		{http.MethodPost, "/projects/:id/warnings/dismiss", s.handleDismissWarning},
		{http.MethodGet, "/projects/:id/radar", s.handleRadar},
		{http.MethodGet, "/projects/:id/calibration", s.handleCalibration},
		{http.MethodGet, "/projects/:id/settings", s.handleSettings},
		{http.MethodPost, "/projects/:id/settings", s.handleSettingsSave},

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
