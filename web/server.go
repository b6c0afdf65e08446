// Package web is sprintlens's HTTP layer: the echo server, its middleware,
// the one error handler and a handler file per feature. Handlers parse
// input, call the small interface their file declares, build a view model
// and render a templ component. It never imports pgx.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Config is what the server needs besides its data sources.
type Config struct {
	Version string
	BaseURL string
	Logger  *slog.Logger
	Bundle  *i18n.Bundle
	// Registry receives the HTTP metrics; /metrics serves it.
	Registry *prometheus.Registry
	// RequestTimeout bounds each request's context.
	RequestTimeout time.Duration
	// SecureCookies marks cookies Secure (BASE_URL is https).
	SecureCookies bool
	// Now is the clock (tests set it).
	Now func() time.Time
	// Auth says how callers sign in (default: mode none, local admin).
	Auth AuthConfig
}

// Readiness answers /readyz: nil when the database is reachable and current.
type Readiness interface {
	Ready(ctx context.Context) error
}

// Deps are the data sources the handlers read through. Each field is an
// interface declared by the handler file that uses it.
type Deps struct {
	Ready    Readiness
	Projects ProjectLister
	OKRs     OKRStore
	// OKRZone is TIME_ZONE: quarters are cut in it and times on pages that
	// are not about one project show in it; nil means UTC.
	OKRZone *time.Location
	// CheckInMaxAge is how old a key result's latest check-in may get
	// before it is outdated; 0 means sprintlens.DefaultCheckInMaxAge.
	CheckInMaxAge time.Duration
	// Users, Sessions and Tokens back sign-in, the users page and API
	// tokens (they may be nil in mode none when tokens are not used).
	Users    UserStore
	Sessions SessionStore
	Tokens   TokenStore
	// Digest and DigestLog serve the digest pages; nil turns them off.
	Digest    DigestService
	DigestLog DigestLog
	// Snapshots and SnapshotSources serve the as-of permalinks /s/<id>.
	Snapshots       SnapshotStore
	SnapshotSources SnapshotSources
	Importer        CSVImporter
	SyncRuns        SyncRunReader
	// Sync and AddProject are nil when Tracker sync is not configured.
	Sync       SyncStarter
	AddProject ProjectAdder
	// Velocity pages (dashboard.go, sprints.go, forecast.go, cycletime.go, rollup.go).
	Velocity VelocityReader
	Backlog  BacklogReader
	Cycles   CycleReader
	Rollup   RollupReader
	// Warnings serves the warnings, split radar and calibration pages.
	Warnings WarningStore
	// Settings reads and saves a project's settings.
	Settings SettingsStore
	// StoryWarnings puts warning badges on sprint review rows (optional).
	StoryWarnings StoryWarnings
	// Versions lets the project overview and sprint review answer repeat
	// views with 304 (optional: without it they always render).
	Versions PageVersions
}

// Server is the configured echo instance.
type Server struct {
	cfg  Config
	deps Deps
	echo *echo.Echo
	oidc *oidcClient
	// tableRoutes are the "METHOD path" keys of routeTable, for authorize.
	tableRoutes map[string]bool
	// buffers holds *bytes.Buffer that render reuses.
	buffers sync.Pool
	// started names this process in ETags (see notModified).
	started int64
}

// New builds the server with every route and middleware.
func New(cfg Config, deps Deps) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(cfg.Auth.TrustedProxies)
	s := &Server{cfg: cfg, deps: deps, echo: e, tableRoutes: map[string]bool{}, started: time.Now().UnixNano()}
	s.authDefaults()
	e.HTTPErrorHandler = s.handleError
	s.middleware()
	s.routes()
	for _, r := range s.routeTable() {
		s.tableRoutes[r.Method+" "+r.Path] = true
	}
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Echo exposes the router (route listing in tests).
func (s *Server) Echo() *echo.Echo { return s.echo }
