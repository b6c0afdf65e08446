package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// statusOf maps an error to its HTTP status. This and handleError are the
// only places that know the mapping.
func statusOf(err error) int {
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		return he.Code
	case errors.Is(err, sprintlens.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, sprintlens.ErrInvalid):
		return http.StatusUnprocessableEntity
	case errors.Is(err, sprintlens.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, sprintlens.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, sprintlens.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, sprintlens.ErrLocked):
		return http.StatusConflict
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// publicMessage is what a user may read about err: the validation message
// or a generic line, never SQL, a stack or a secret.
func publicMessage(c echo.Context, status int, err error) string {
	l := i18n.From(c.Request().Context())
	var he *echo.HTTPError
	var ve *sprintlens.ValidationError
	switch {
	case errors.As(err, &ve):
		return ve.Error()
	case status == http.StatusNotFound:
		if errors.As(err, &he) && he.Message != nil && he.Internal == nil {
			if m, ok := he.Message.(string); ok && m != "Not Found" {
				return m
			}
		}
		return l.T("error.404")
	case status >= 500:
		return l.T("error.500", map[string]any{"RequestID": requestID(c)})
	case errors.As(err, &he):
		if m, ok := he.Message.(string); ok {
			return m
		}
	}
	return http.StatusText(status)
}

// handleError is the one HTTPErrorHandler: JSON {"error": "..."} under
// /api/ (and for /readyz-style probes), an HTML page for browsers, and a
// log line for every 5xx.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := statusOf(err)
	if status >= 500 {
		s.cfg.Logger.Error("request failed", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "status", status, "error", err)
	}
	msg := publicMessage(c, status, err)
	if strings.HasPrefix(c.Request().URL.Path, "/api/") || c.Request().Header.Get("Accept") == "application/json" {
		_ = c.JSON(status, map[string]string{"error": msg})
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	// The request context may already be cancelled (timeout middleware,
	// client gone); the error page must still render.
	req := c.Request()
	c.SetRequest(req.WithContext(context.WithoutCancel(req.Context())))
	page := s.page(c, http.StatusText(status), "")
	if err := s.render(c, status, templates.ErrorPage(page, templates.ErrorProps{Status: status, Message: msg})); err != nil {
		s.cfg.Logger.Error("render error page", "error", err)
	}
}
