package web

import (
	"bytes"
	"net/http"
	"net/url"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// maxPooledBuffer is the largest render buffer kept for reuse: a rare
// huge page should not pin its memory for the life of the process.
const maxPooledBuffer = 1 << 20

// render writes a templ component as HTML with the given status. The page
// is rendered into a pooled buffer and written once: templ flushes its
// writer as components finish, and each flush through the gzip
// middleware is a sync flush and a small TCP write. It also means a
// component that fails leaves nothing written, so the error handler can
// still answer with a proper error page.
func (s *Server) render(c echo.Context, status int, cmp templ.Component) error {
	buf, _ := s.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			s.buffers.Put(buf)
		}
	}()
	if err := cmp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// isHTMX reports whether the request came from htmx (it gets a fragment).
func isHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }

// page builds the layout's view model for the current request.
func (s *Server) page(c echo.Context, title, nav string) templates.Page {
	l := i18n.From(c.Request().Context())
	lang := l.Lang.String()
	other := "ja"
	if lang == "ja" {
		other = "en"
	}
	q := c.Request().URL.Query()
	q.Set("lang", other)
	u := url.URL{Path: c.Request().URL.Path, RawQuery: q.Encode()}
	token, _ := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string)
	p := templates.Page{
		Title:         title,
		Nav:           nav,
		Version:       s.cfg.Version,
		CSRFToken:     token,
		Lang:          lang,
		LangSwitchURL: u.String(),
		RequestID:     requestID(c),
	}
	withUser(c, &p)
	return p
}

// notFound is the error for an unknown thing named in the URL.
func notFound(what string) error {
	return echo.NewHTTPError(http.StatusNotFound, what+" not found")
}

// zone is where pages that are not about one project show times: the
// configured TIME_ZONE (UTC when unset).
func (s *Server) zone() *time.Location {
	if s.deps.OKRZone != nil {
		return s.deps.OKRZone
	}
	return time.UTC
}

// inZone converts an optional time for display.
func inZone(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(loc)
	return &v
}
