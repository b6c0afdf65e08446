package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// teamServer saves the simulated team as of now through the store
// (metrics and warnings computed at save time) and serves it. The team's
// now is returned so a test can save the same data again.
func teamServer(t *testing.T) (*web.Server, *postgres.Store, time.Time) {
	t.Helper()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	now := time.Now()
	saveTeam(t, st, now, nil)
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Version: "test", Bundle: b, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		web.Deps{Ready: st, Projects: st, Warnings: st, Settings: st})
	return srv, st, now
}

func saveTeam(t *testing.T, st *postgres.Store, now time.Time, bump map[int64]time.Duration) {
	t.Helper()
	if _, err := st.SaveSnapshot(context.Background(), newTeam(t, now, bump), postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
}

// client keeps the CSRF cookie between requests, as a browser does.
type client struct {
	t       *testing.T
	h       http.Handler
	cookies []*http.Cookie
	token   string
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if cks := res.Cookies(); len(cks) > 0 {
		c.cookies = cks
	}
	if m := csrfMeta.FindStringSubmatch(string(body)); m != nil {
		c.token = m[1]
	}
	return res, string(body)
}

func (c *client) get(path string, hdr ...string) (*http.Response, string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

// post sends a form with the CSRF token; htmx posts put it in the header
// as app.js does.
func (c *client) post(path string, form url.Values, htmx bool) (*http.Response, string) {
	if htmx {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", c.token)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return c.do(req)
	}
	form.Set("_csrf", c.token)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// testIDs counts the elements carrying data-testid="id".
func testIDs(body, id string) int { return strings.Count(body, `data-testid="`+id+`"`) }

// testIDText returns the text of the first element with data-testid="id"
// (tags inside it stripped), unescaped and trimmed.
func testIDText(t *testing.T, body, id string) string {
	t.Helper()
	re := regexp.MustCompile(`data-testid="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no element with data-testid=%q", id)
	}
	return strings.TrimSpace(html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "")))
}

// kindsOf maps each active warning's story to its kinds.
func kindsOf(t *testing.T, st *postgres.Store) map[int64][]sprintlens.WarningKind {
	t.Helper()
	ws, err := st.ProjectWarnings(context.Background(), teamID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64][]sprintlens.WarningKind{}
	for _, w := range ws {
		out[w.StoryID] = append(out[w.StoryID], w.Kind)
	}
	return out
}
