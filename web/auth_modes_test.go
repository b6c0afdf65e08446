package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestModeNoneActsAsLocalAdminWithCSRF(t *testing.T) {
	store := &memAuth{}
	local := store.add(sprintlens.LocalUserEmail, "local", sprintlens.RoleAdmin)
	s, _ := newAuthServer(t, Config{Auth: AuthConfig{LocalUser: local}}, store)
	s.echo.POST("/api/v1/sync", func(c echo.Context) error { return c.String(http.StatusAccepted, currentUser(c)) })

	res, body := call(t, s, "GET", "/users", "")
	if res.StatusCode != 200 || !strings.Contains(body, `data-testid="current-user">local<`) ||
		!strings.Contains(body, `data-testid="current-role">admin<`) || strings.Contains(body, `data-testid="sign-out"`) {
		t.Fatalf("mode none: %d\n%s", res.StatusCode, body)
	}
	// The identity header means nothing without proxy mode.
	if _, body := call(t, s, "GET", "/", "ken@example.com"); !strings.Contains(body, `current-user">local<`) {
		t.Error("mode none must ignore identity headers")
	}
	// Still CSRF-protected, the API included: a page on another site
	// must not drive the local admin's browser.
	for _, path := range []string{"/logout", "/tokens", "/api/v1/sync"} {
		req := httptest.NewRequest("POST", path, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 403 {
			t.Errorf("POST %s without a CSRF token: %d, want 403", path, rec.Code)
		}
	}
	if res, body := call(t, s, "POST", "/api/v1/sync", ""); res.StatusCode != 202 || body != "local" {
		t.Errorf("API POST with a CSRF token: %d %q", res.StatusCode, body)
	}
	// Sign-in routes have nothing to do.
	if res, _ := call(t, s, "GET", "/login?next=/okrs", ""); res.StatusCode != 303 || res.Header.Get("Location") != "/okrs" {
		t.Errorf("/login in mode none: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := call(t, s, "GET", "/auth/callback?code=x&state=y", ""); res.StatusCode != 404 {
		t.Errorf("/auth/callback in mode none: %d", res.StatusCode)
	}

	// Scripts use a token of the local user...
	res, body = callForm(t, s, "/tokens", "", "name", "cron")
	m := newTokenRE.FindStringSubmatch(body)
	if res.StatusCode != 201 || m == nil {
		t.Fatalf("local token: %d", res.StatusCode)
	}
	if res, _ := call(t, s, "POST", "/api/v1/sync", "", "Authorization", "Bearer "+m[1]); res.StatusCode != 202 {
		t.Errorf("local token in mode none: %d", res.StatusCode)
	}
	// ...which stops working once sign-in is turned on.
	proxied, _ := newAuthServer(t, Config{Auth: AuthConfig{Mode: AuthProxy,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}}}, store)
	if res, _ := call(t, proxied, "GET", "/api/v1/projects", "", "Authorization", "Bearer "+m[1]); res.StatusCode != 401 {
		t.Errorf("local token with sign-in on: %d, want 401", res.StatusCode)
	}

	// Without a stored local user (no database) tokens explain themselves.
	bare, _ := newTestServer(t, Deps{})
	if res, body := callForm(t, bare, "/tokens", "", "name", "cron"); res.StatusCode != 409 || !strings.Contains(body, "stored user") {
		t.Errorf("token without a stored local user: %d %s", res.StatusCode, body)
	}
}

func TestLoginIsRateLimitedPerAddress(t *testing.T) {
	s, _ := newAuthServer(t, Config{Auth: AuthConfig{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.2/32")},
	}}, &memAuth{})
	hit := func(path, remote, xff string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = remote
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	for i := range 10 {
		path := "/login"
		if i%2 == 1 {
			path = "/auth/callback"
		}
		if rec := hit(path, "192.0.2.1:1000", ""); rec.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	rec := hit("/login", "192.0.2.1:1001", "198.51.100.9")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "6" || !strings.Contains(rec.Body.String(), "Too many sign-in attempts") {
		t.Fatalf("11th attempt (with a forged X-Forwarded-For): %d %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := hit("/", "192.0.2.1:1002", ""); rec.Code != 200 {
		t.Errorf("other pages are not limited: %d", rec.Code)
	}
	if rec := hit("/login", "192.0.2.2:1000", ""); rec.Code != http.StatusSeeOther {
		t.Errorf("another address: %d", rec.Code)
	}
	// Behind the trusted proxy each client has its own budget.
	for i := range 10 {
		for _, client := range []string{"203.0.113.5", "203.0.113.6"} {
			if rec := hit("/login", "10.0.0.2:5000", client); rec.Code == http.StatusTooManyRequests {
				t.Fatalf("client %s refused at attempt %d", client, i+1)
			}
		}
	}
	if rec := hit("/login", "10.0.0.2:5000", "203.0.113.5"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("client behind the proxy past its burst: %d", rec.Code)
	}
}
