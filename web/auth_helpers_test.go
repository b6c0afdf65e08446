package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/templates/i18n"
)

// lockedBuffer collects log output written from server goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// clock is a settable time source for session expiry.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newAuthServer builds a server with the given sign-in settings over an
// in-memory auth store, logging at debug level into the returned buffer.
func newAuthServer(t *testing.T, cfg Config, store *memAuth) (*Server, *lockedBuffer) {
	t.Helper()
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	cfg.Version, cfg.Bundle = "test", b
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return New(cfg, Deps{Ready: &fakeReady{}, Projects: &fakeProjects{}, Users: store, Sessions: store, Tokens: store}), logs
}

// serveLate starts a server whose handler is set afterwards, so the
// handler can be built knowing the server's URL (BASE_URL).
func serveLate(t *testing.T, tls bool) (*httptest.Server, func(http.Handler)) {
	var mu sync.Mutex
	var h http.Handler = http.NotFoundHandler()
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hh := h
		mu.Unlock()
		hh.ServeHTTP(w, r)
	}))
	if tls {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	return ts, func(next http.Handler) { mu.Lock(); h = next; mu.Unlock() }
}

// browser is an http.Client with a cookie jar that either follows
// redirects like a browser or stops at each one (follow=false).
type browser struct {
	t      *testing.T
	client *http.Client
	base   *url.URL
	follow bool
}

func newBrowser(t *testing.T, ts *httptest.Server) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, base: mustURL(t, ts.URL), follow: true}
	client := new(http.Client)
	*client = *ts.Client() // a copy: ts.Client() is one shared client
	client.Jar = jar
	client.Timeout = 15 * time.Second
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		if b.follow {
			return nil
		}
		return http.ErrUseLastResponse
	}
	b.client = client
	return b
}

func mustURL(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// do sends a request to an app path or an absolute URL; hdr are
// name, value pairs.
func (b *browser) do(method, target string, form url.Values, hdr ...string) (*http.Response, string) {
	b.t.Helper()
	u := b.base.ResolveReference(mustURL(b.t, target))
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	setHeaders(req, hdr...)
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

func (b *browser) get(target string, hdr ...string) (*http.Response, string) {
	b.t.Helper()
	return b.do(http.MethodGet, target, nil, hdr...)
}

// cookie is the jar's value of an app cookie ("" when absent).
func (b *browser) cookie(name string) string {
	for _, c := range b.client.Jar.Cookies(b.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// post submits a form with the CSRF token, as the app's forms do.
func (b *browser) post(target string, form url.Values, hdr ...string) (*http.Response, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if b.cookie("sl_csrf") == "" {
		b.get("/healthz") // any GET hands out the CSRF cookie
	}
	form.Set("_csrf", b.cookie("sl_csrf"))
	return b.do(http.MethodPost, target, form, hdr...)
}
