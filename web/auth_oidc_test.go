package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/web/authtest"
)

const testClientSecret = "client-s3cret-9f8e7d"

type oidcRig struct {
	prov  *authtest.Provider
	store *memAuth
	app   *httptest.Server
	srv   *Server
	logs  *lockedBuffer
	clock *clock
}

// newOIDCRig runs sprintlens over TLS (so cookies are Secure, as with an
// https BASE_URL) against a fake provider, plus stub routes standing in
// for features other branches add, each using its real access decision.
func newOIDCRig(t *testing.T, mutate func(*Config)) *oidcRig {
	t.Helper()
	r := &oidcRig{prov: authtest.New(t, "sprintlens-test", testClientSecret), store: &memAuth{},
		clock: &clock{now: time.Now()}}
	var set func(http.Handler)
	r.app, set = serveLate(t, true)
	cfg := Config{BaseURL: r.app.URL, SecureCookies: true, Now: r.clock.Now, Auth: AuthConfig{
		Mode:       AuthOIDC,
		LoginBurst: 100, // every browser here comes from 127.0.0.1
		OIDC: OIDCConfig{Issuer: r.prov.URL, ClientID: "sprintlens-test", ClientSecret: testClientSecret,
			AllowedDomains: []string{"example.com"}},
	}}
	if mutate != nil {
		mutate(&cfg)
	}
	r.srv, r.logs = newAuthServer(t, cfg, r.store)
	stub := func(c echo.Context) error { return c.String(http.StatusCreated, "done by "+currentUser(c)) }
	for _, key := range []string{"POST /projects", "POST /okrs/check-ins", "POST /api/v1/key-results/:id/check-ins"} {
		method, path, _ := strings.Cut(key, " ")
		if _, ok := routeAccess[key]; !ok {
			t.Fatalf("stub %s has no access decision", key)
		}
		r.srv.echo.Add(method, path, stub)
	}
	set(r.srv)
	return r
}

// signIn drives a browser through the whole flow one hop at a time and
// returns the callback's response (a redirect to next, or an error page).
func (r *oidcRig) signIn(t *testing.T, b *browser, who authtest.Identity, next string) (*http.Response, string) {
	t.Helper()
	r.prov.SignInAs(who)
	b.follow = false
	defer func() { b.follow = true }()
	res, body := b.get("/login?next=" + url.QueryEscape(next))
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), r.prov.URL+"/auth?") {
		t.Fatalf("/login: %d %s %s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if ck := setCookie(res, pendingCookie); ck == nil || !ck.HttpOnly || !ck.Secure || ck.Path != "/auth/callback" {
		t.Fatalf("pending sign-in cookie = %+v", ck)
	}
	auth := mustURL(t, res.Header.Get("Location")).Query()
	if auth.Get("code_challenge") == "" || auth.Get("nonce") == "" || auth.Get("state") == "" || auth.Get("redirect_uri") != r.app.URL+"/auth/callback" {
		t.Fatalf("authorization request lacks PKCE, nonce or state: %v", auth)
	}
	res, body = b.get(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound {
		t.Fatalf("provider: %d %s", res.StatusCode, body)
	}
	return b.get(res.Header.Get("Location"))
}

func verified(v bool) *bool { return &v }

func TestOIDCSignInRolesAndSignOut(t *testing.T) {
	r := newOIDCRig(t, nil)
	anon := newBrowser(t, r.app)

	// Anonymous: the sign-in page for a browser, 401 JSON for the API.
	res, body := anon.get("/")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `data-testid="sign-in-button"`) ||
		!strings.Contains(body, `href="/login?next=%2F"`) || !strings.Contains(body, mustURL(t, r.prov.URL).Host) {
		t.Fatalf("anonymous home: %d\n%s", res.StatusCode, body)
	}
	res, body = anon.get("/api/v1/projects")
	if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(body, `{"error":"sign in`) || res.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("anonymous API: %d %q", res.StatusCode, body)
	}

	// The first person to sign in becomes admin and lands where they were going.
	aiko := newBrowser(t, r.app)
	res, body = r.signIn(t, aiko, authtest.Identity{Email: "Aiko@Example.com", Name: "Aiko", EmailVerified: verified(true)}, "/users?x=1")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/users?x=1" {
		t.Fatalf("callback: %d %s %s", res.StatusCode, res.Header.Get("Location"), body)
	}
	ck := setCookie(res, sessionCookie)
	if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge != int((12*time.Hour).Seconds()) {
		t.Fatalf("session cookie = %+v", ck)
	}
	res, body = aiko.get("/users")
	if res.StatusCode != 200 || !strings.Contains(body, `data-testid="current-user">Aiko<`) || !strings.Contains(body, "aiko@example.com") ||
		!strings.Contains(body, `data-testid="sign-out"`) {
		t.Fatalf("admin users page: %d\n%s", res.StatusCode, body)
	}

	// Later people are viewers: they read, and change nothing.
	ken, mei := newBrowser(t, r.app), newBrowser(t, r.app)
	r.signIn(t, ken, authtest.Identity{Email: "ken@example.com", Name: "Ken"}, "/")
	r.signIn(t, mei, authtest.Identity{Email: "mei@example.com"}, "/")
	kenUser, _ := r.store.UserByEmail(t.Context(), "ken@example.com")
	if kenUser.Role != sprintlens.RoleViewer {
		t.Fatalf("second user is %s, want viewer", kenUser.Role)
	}
	for _, tt := range []struct {
		name       string
		who        *browser
		method     string
		path       string
		wantStatus int
	}{
		{"mei", mei, "GET", "/", 200},
		{"mei", mei, "GET", "/api/v1/projects", 200},
		{"mei", mei, "GET", "/users", 403},
		{"mei", mei, "POST", "/users/1/role", 403},
		{"mei", mei, "POST", "/okrs/check-ins", 403},
		{"mei", mei, "POST", "/projects", 403},
		{"ken", ken, "POST", "/okrs/check-ins", 403},
		{"aiko", aiko, "POST", "/projects", 201},
	} {
		var res *http.Response
		if tt.method == "GET" {
			res, body = tt.who.get(tt.path)
		} else {
			res, body = tt.who.post(tt.path, nil)
		}
		if res.StatusCode != tt.wantStatus {
			t.Errorf("%s %s as %s: %d, want %d\n%s", tt.method, tt.path, tt.name, res.StatusCode, tt.wantStatus, body)
		}
	}

	// The admin makes Ken a member; it applies at his next request.
	aiko.follow = false
	res, _ = aiko.post("/users/"+itoa(kenUser.ID)+"/role", url.Values{"role": {"member"}})
	aiko.follow = true
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: %d", res.StatusCode)
	}
	res, body = ken.post("/okrs/check-ins", nil)
	if res.StatusCode != 201 || body != "done by Ken" {
		t.Fatalf("member check-in: %d %q", res.StatusCode, body)
	}
	if res, _ = ken.post("/projects", nil); res.StatusCode != 403 {
		t.Errorf("member adding a project: %d, want 403", res.StatusCode)
	}
	// A cookie-authenticated API call is CSRF-checked like a form.
	if res, _ = ken.do("POST", "/api/v1/key-results/7/check-ins", url.Values{}); res.StatusCode != 403 {
		t.Errorf("API POST on a session without a CSRF token: %d, want 403", res.StatusCode)
	}
	if res, _ = ken.do("POST", "/api/v1/key-results/7/check-ins", url.Values{}, "X-CSRF-Token", ken.cookie("sl_csrf")); res.StatusCode != 201 {
		t.Errorf("API POST on a session with the CSRF header: %d, want 201", res.StatusCode)
	}
	// The last admin cannot step down.
	if res, body = aiko.post("/users/1/role", url.Values{"role": {"viewer"}}); res.StatusCode != 409 || !strings.Contains(body, "someone else admin") {
		t.Errorf("last admin stepping down: %d %s", res.StatusCode, body)
	}

	// Signing out ends the session on the server, not just in the browser.
	stolen := ken.cookie(sessionCookie)
	before := r.store.sessionCount()
	ken.follow = false
	res, _ = ken.post("/logout", nil)
	ken.follow = true
	if res.StatusCode != http.StatusSeeOther || r.store.sessionCount() != before-1 {
		t.Fatalf("logout: %d, sessions %d -> %d", res.StatusCode, before, r.store.sessionCount())
	}
	if res, _ = ken.get("/"); res.StatusCode != 401 {
		t.Errorf("after sign-out: %d, want the sign-in page", res.StatusCode)
	}
	replay := newBrowser(t, r.app)
	replay.client.Jar.SetCookies(replay.base, []*http.Cookie{{Name: sessionCookie, Value: stolen}})
	if res, _ = replay.get("/"); res.StatusCode != 401 {
		t.Errorf("a signed-out session id still works: %d", res.StatusCode)
	}

	// Sessions expire.
	r.clock.advance(12*time.Hour + time.Second)
	if res, _ = aiko.get("/"); res.StatusCode != 401 {
		t.Errorf("expired session: %d, want 401", res.StatusCode)
	}

	// Nothing secret reached the logs: not the client secret, codes, ID or
	// access tokens, nor session ids.
	logs := r.logs.String()
	if !strings.Contains(logs, "signed in") || !strings.Contains(logs, "/auth/callback?[redacted]") {
		t.Fatalf("the log should record sign-ins and redact callback queries:\n%s", logs)
	}
	secrets := append(r.prov.Secrets(), testClientSecret, stolen, aiko.cookie(sessionCookie))
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("a secret reached the logs: %.12s…", s)
		}
	}
	if len(r.prov.Secrets()) < 9 {
		t.Errorf("the provider issued %d secrets; the leak check needs the flow to have run", len(r.prov.Secrets()))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOIDCSignInFailures(t *testing.T) {
	r := newOIDCRig(t, nil)
	tests := []struct {
		name       string
		who        authtest.Identity
		wantStatus int
		wantText   string
	}{
		{"domain not allowed", authtest.Identity{Email: "eve@elsewhere.test"}, 403, "Addresses at elsewhere.test may not sign in"},
		{"email not verified", authtest.Identity{Email: "ken@example.com", EmailVerified: verified(false)}, 403, "not verified"},
		{"no email", authtest.Identity{Email: ""}, 403, "did not share an email address"},
		{"provider refuses", authtest.Identity{Deny: true}, 401, "did not sign you in"},
		{"replayed nonce", authtest.Identity{Email: "ken@example.com", Nonce: "an-old-nonce"}, 401, "could not be verified"},
		{"token for another client", authtest.Identity{Email: "ken@example.com", Audience: "other-app"}, 401, "could not be verified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, r.app)
			res, body := r.signIn(t, b, tt.who, "/")
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.wantText) || !strings.Contains(body, `data-testid="sign-in-button"`) {
				t.Fatalf("status %d, want %d with %q:\n%s", res.StatusCode, tt.wantStatus, tt.wantText, body)
			}
			if setCookie(res, sessionCookie) != nil || b.cookie(sessionCookie) != "" {
				t.Fatal("a failed sign-in must not start a session")
			}
		})
	}
	if users, _ := r.store.Users(t.Context()); len(users) != 0 {
		t.Errorf("failed sign-ins created users: %+v", users)
	}

	// The callback only works in the browser that started the sign-in,
	// with the state it was given, and a code works once.
	b := newBrowser(t, r.app)
	r.prov.SignInAs(authtest.Identity{Email: "ken@example.com"})
	b.follow = false
	res, _ := b.get("/login")
	res, _ = b.get(res.Header.Get("Location"))
	callback := mustURL(t, res.Header.Get("Location"))
	forged := *callback
	q := forged.Query()
	q.Set("state", "forged-state")
	forged.RawQuery = q.Encode()
	if res, _ = newBrowser(t, r.app).get(callback.String()); res.StatusCode != 400 {
		t.Errorf("callback in another browser: %d, want 400", res.StatusCode)
	}
	if res, _ = b.get(forged.String()); res.StatusCode != 400 {
		t.Errorf("callback with a forged state: %d, want 400", res.StatusCode)
	}
	if res, _ = b.get(callback.String()); res.StatusCode != 400 {
		t.Errorf("the pending sign-in is used up by the first callback: %d, want 400", res.StatusCode)
	}
	if strings.Contains(r.logs.String(), callback.Query().Get("code")) {
		t.Error("the authorization code reached the logs")
	}
}

func TestOIDCProviderProblems(t *testing.T) {
	// A wrong client secret: the token endpoint refuses, the page says the
	// provider failed, and the secret appears nowhere.
	r := newOIDCRig(t, func(c *Config) { c.Auth.OIDC.ClientSecret = "wrong-s3cret-1234" })
	b := newBrowser(t, r.app)
	res, body := r.signIn(t, b, authtest.Identity{Email: "ken@example.com"}, "/")
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(body, "could not be reached") || strings.Contains(body, "wrong-s3cret") {
		t.Fatalf("wrong secret: %d\n%s", res.StatusCode, body)
	}
	if logs := r.logs.String(); strings.Contains(logs, "wrong-s3cret") || !strings.Contains(logs, "invalid_client") {
		t.Errorf("log should name the provider's error but not the secret:\n%s", logs)
	}

	// An unreachable provider: /login explains instead of failing blank.
	r = newOIDCRig(t, func(c *Config) { c.Auth.OIDC.Issuer = "http://127.0.0.1:1" })
	res, body = newBrowser(t, r.app).get("/login")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "could not be reached") {
		t.Fatalf("unreachable provider: %d\n%s", res.StatusCode, body)
	}
}

func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"":                       "/",
		"/okrs?period=2026Q4":    "/okrs?period=2026Q4",
		"//evil.example/":        "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"javascript:alert(1)":    "/",
		"/login?next=/x":         "/",
		"/auth/callback?code=1":  "/",
		"okrs":                   "/",
		"/projects/1/sprints/52": "/projects/1/sprints/52",
	}
	for in, want := range tests {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
