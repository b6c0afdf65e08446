// Package web is sprintlens's HTTP layer: the echo server, its middleware,
// the one error handler and a handler file per feature. Handlers parse
// input, call the small interface their file declares, build a view model
// and render a templ component. It never imports pgx.
package web

import (
	"context"
	"log/slog"
	"net/http"
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
	// Warnings serves the warnings, split radar and calibration pages.
	Warnings WarningStore
	// Settings reads and saves a project's settings.
	Settings SettingsStore
}

// Server is the configured echo instance.
type Server struct {
	cfg  Config
	deps Deps
	echo *echo.Echo
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
	s := &Server{cfg: cfg, deps: deps, echo: e}
	e.HTTPErrorHandler = s.handleError
	s.middleware()
	s.routes()
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Echo exposes the router (route listing in tests).
func (s *Server) Echo() *echo.Echo { return s.echo }
