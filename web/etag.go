package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

// PageVersions says what a project's pages were last built from. The
// version changes whenever their data can: every save recomputes the
// metrics (a new project_metrics row), a warning is dismissed. The
// project overview and sprint review answer a repeat view with 304 Not
// Modified through it, without reading or rendering anything else.
type PageVersions interface {
	PageVersion(ctx context.Context, pid int64) (string, error)
}

// notModified sets the page's weak ETag and reports whether the request's
// If-None-Match already holds it, so the handler can answer 304. The tag
// covers everything the page shows: the server process (a new build or
// restart starts afresh), the URL and whether htmx asked, the page's
// frame (user, role, language and the CSRF token, which comes from the
// browser's cookie, so a 304 never keeps a stale token in the page), the
// project row, its data version and extra (what else the page depends on,
// such as today's date for a burn-up). Without PageVersions it does
// nothing.
func (s *Server) notModified(c echo.Context, page templates.Page, p sprintlens.Project, extra ...any) (bool, error) {
	if s.deps.Versions == nil {
		return false, nil
	}
	version, err := s.deps.Versions.PageVersion(c.Request().Context(), p.ID)
	if err != nil {
		return false, err
	}
	page.RequestID = "" // differs on every request and changes nothing a reader sees
	parts, err := json.Marshal([]any{s.started, c.Request().URL.RequestURI(), isHTMX(c), page, p, version, extra})
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(parts)
	tag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
	h := c.Response().Header()
	h.Set("ETag", tag)
	// Revalidate on every view: the tag is cheap to check, and the page
	// belongs to one user.
	h.Set("Cache-Control", "private, no-cache")
	h.Add("Vary", "HX-Request")
	return etagMatches(c.Request().Header.Get("If-None-Match"), tag), nil
}

// etagMatches is If-None-Match's weak comparison: any listed tag equal to
// tag once the W/ prefixes are dropped, or "*".
func etagMatches(header, tag string) bool {
	tag = strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}
