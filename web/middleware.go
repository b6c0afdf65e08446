package web

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sprintlens/sprintlens/templates/i18n"
)

// contentSecurityPolicy allows no inline script: chart data travels in
// JSON script tags that the browser never executes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) middleware() {
	e := s.echo
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{
		RedirectCode: http.StatusMovedPermanently,
		Skipper:      func(c echo.Context) bool { return c.Request().URL.Path == "/" },
	}))
	e.Use(middleware.RequestID())
	e.Use(s.recoverer())
	e.Use(s.requestLogger())
	e.Use(s.metrics())
	e.Use(middleware.ContextTimeout(s.cfg.RequestTimeout))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Skipper: func(c echo.Context) bool { return c.Path() == "/metrics" },
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: contentSecurityPolicy,
		HSTSMaxAge:            31536000,
	}))
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     "sl_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.cfg.SecureCookies,
		CookieSameSite: http.SameSiteLaxMode,
		// The JSON API authenticates per request, not with cookies, so a
		// forged cross-site form cannot ride on a session there.
		Skipper: func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") },
		// A missing token is as forbidden as a wrong one (echo says 400).
		ErrorHandler: func(err error, _ echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, "missing or invalid CSRF token: reload the page and try again").SetInternal(err)
		},
	}))
	e.Use(s.locale())
}

// recoverer turns a panic into a 500 through the error handler, logging
// the stack on the server only.
func (s *Server) recoverer() echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.cfg.Logger.Error("panic", "request_id", requestID(c), "error", err, "stack", string(stack))
			return err
		},
	})
}

func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			if c.Path() == "/healthz" || c.Path() == "/metrics" {
				level = slog.LevelDebug
			}
			s.cfg.Logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", v.Method), slog.String("uri", v.URI), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("request_id", v.RequestID))
			return nil
		},
	})
}

func (s *Server) metrics() echo.MiddlewareFunc {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sprintlens_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"method", "route", "status"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "sprintlens_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"method", "route"})
	s.cfg.Registry.MustRegister(requests, latency)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			status := c.Response().Status
			if err != nil {
				status = statusOf(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			requests.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Inc()
			latency.WithLabelValues(c.Request().Method, route).Observe(time.Since(start).Seconds())
			return err
		}
	}
}

// locale picks the reader's language: ?lang= (remembered in a cookie),
// then the cookie, then Accept-Language.
func (s *Server) locale() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			choice := c.QueryParam("lang")
			if choice == "en" || choice == "ja" {
				c.SetCookie(&http.Cookie{Name: "sl_lang", Value: choice, Path: "/", MaxAge: 365 * 24 * 3600,
					HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
			} else if ck, err := c.Cookie("sl_lang"); err == nil {
				choice = ck.Value
			}
			l := s.cfg.Bundle.Localizer(choice, c.Request().Header.Get("Accept-Language"))
			req := c.Request()
			c.SetRequest(req.WithContext(i18n.WithLocalizer(req.Context(), l)))
			return next(c)
		}
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}
