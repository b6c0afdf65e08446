package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestEveryRouteHasAnAccessDecision(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	routes := s.echo.Routes()
	if len(routes) < len(s.routeTable()) {
		t.Fatalf("echo lists %d routes, the table has %d", len(routes), len(s.routeTable()))
	}
	for _, r := range routes {
		need, ok := routeAccess[r.Method+" "+r.Path]
		if !ok || need == roleUndecided {
			t.Errorf("%s %s has no access decision: add it to routeAccess in web/access.go", r.Method, r.Path)
		}
	}
}

// The table's policy, stated independently of the table.
func TestAccessPolicy(t *testing.T) {
	for key, need := range routeAccess {
		method, path, _ := strings.Cut(key, " ")
		switch {
		case method != http.MethodGet && method != http.MethodPost:
			t.Errorf("%s: only GET and POST routes are expected", key)
		case method == http.MethodPost && need == RolePublic && key != "POST /logout":
			t.Errorf("%s: a state-changing route must not be public", key)
		case strings.HasPrefix(path, "/users") || strings.HasPrefix(path, "/import") || strings.Contains(path, "settings"):
			if need != RoleAdmin {
				t.Errorf("%s: users, imports and settings are for admins, not %s", key, need)
			}
		case method == http.MethodGet && strings.HasPrefix(path, "/api/") && need != RoleViewer:
			t.Errorf("%s: API reads are for viewers, not %s", key, need)
		case method == http.MethodPost && (strings.Contains(path, "check-in") || strings.HasSuffix(path, "/dismiss") || strings.HasSuffix(path, "sync")) && need != RoleMember:
			t.Errorf("%s: check-ins, dismissals and sync are for members, not %s", key, need)
		}
	}
	if routeAccess["POST /projects"] != RoleAdmin || routeAccess["GET /"] != RoleViewer {
		t.Error("adding projects is admin's, reading is viewer's")
	}
}

var paramRE = regexp.MustCompile(`:[a-z]+`)

// samplePath fills a route pattern's parameters so the request matches
// it. Ids name nothing stored, so no request changes what later ones see
// (revoking token 1 would break the next token check).
func samplePath(pattern string) string {
	p := paramRE.ReplaceAllString(pattern, "999")
	return strings.Replace(p, "*", "css/app.css", 1)
}

const trustedProxy = "10.0.0.2:41000"

// proxyServer signs people in by a header from trustedProxy, with an
// admin, a member and a viewer already known and a token for each.
func proxyServer(t *testing.T) (*Server, *memAuth, *lockedBuffer, map[sprintlens.Role]string) {
	t.Helper()
	store := &memAuth{}
	s, logs := newAuthServer(t, Config{Auth: AuthConfig{Mode: AuthProxy,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}}}, store)
	tokens := map[sprintlens.Role]string{}
	for _, r := range sprintlens.Roles {
		u := store.add(string(r)+"@example.com", string(r), r)
		secret := tokenPrefix + newSecret()
		if _, err := store.CreateToken(t.Context(), u.ID, "t", secret[:10], hashSecret(secret), time.Now()); err != nil {
			t.Fatal(err)
		}
		tokens[r] = secret
	}
	return s, store, logs, tokens
}

// call sends one request straight to the handler, as if through the proxy.
// as is the signed-in address ("" anonymous); requests carry a CSRF token
// (any non-GET) unless hdr sets Authorization (scripts send none).
func call(t *testing.T, h http.Handler, method, path, as string, hdr ...string) (*http.Response, string) {
	t.Helper()
	return callBody(t, h, method, path, as, "", hdr...)
}

// callForm POSTs form fields (name, value pairs) like call does.
func callForm(t *testing.T, h http.Handler, path, as string, kv ...string) (*http.Response, string) {
	t.Helper()
	form := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return callBody(t, h, http.MethodPost, path, as, form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
}

func callBody(t *testing.T, h http.Handler, method, path, as, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = trustedProxy
	if as != "" {
		req.Header.Set("X-Forwarded-Email", as)
	}
	setHeaders(req, hdr...)
	if method == http.MethodGet || req.Header.Get("Authorization") != "" {
		return serve(h, req)
	}
	fixed := session{cookie: &http.Cookie{Name: "sl_csrf", Value: "csrf-test-token"}, token: "csrf-test-token"}
	return fixed.viaHeader().send(h, req)
}

// TestRouteAccessByRole requests every route as anonymous, viewer, member
// and admin (and, under /api/, with each role's token) and checks the
// outcome against the route's decision: allowed requests reach the
// handler, refused ones get 401 (anonymous) or 403.
func TestRouteAccessByRole(t *testing.T) {
	s, _, _, tokens := proxyServer(t)
	callers := []sprintlens.Role{"", sprintlens.RoleViewer, sprintlens.RoleMember, sprintlens.RoleAdmin}
	checked := 0
	for _, r := range s.echo.Routes() {
		key := r.Method + " " + r.Path
		need := routeAccess[key]
		for _, role := range callers {
			allowed := need == RolePublic || (role != "" && grants(role) >= need)
			as := ""
			if role != "" {
				as = string(role) + "@example.com"
			}
			res, body := call(t, s, r.Method, samplePath(r.Path), as)
			checkAccess(t, key, "as "+string(role), allowed, role == "", res.StatusCode, body)
			if strings.HasPrefix(r.Path, "/api/") && role != "" {
				res, body = call(t, s, r.Method, samplePath(r.Path), "", "Authorization", "Bearer "+tokens[role])
				checkAccess(t, key, "with a "+string(role)+" token", allowed, false, res.StatusCode, body)
			}
			checked++
		}
	}
	if checked < 4*len(s.routeTable()) {
		t.Errorf("checked %d combinations, want every route × 4 callers", checked)
	}
}

func checkAccess(t *testing.T, key, who string, allowed, anonymous bool, status int, body string) {
	t.Helper()
	refused := status == http.StatusUnauthorized || status == http.StatusForbidden
	switch {
	case allowed && refused:
		t.Errorf("%s %s: refused with %d, want allowed\n%.300s", key, who, status, body)
	case !allowed && anonymous && status != http.StatusUnauthorized:
		t.Errorf("%s %s: %d, want 401", key, who, status)
	case !allowed && !anonymous && status != http.StatusForbidden:
		t.Errorf("%s %s: %d, want 403", key, who, status)
	}
}

func TestRouteWithoutDecisionIsRefused(t *testing.T) {
	s, _, logs, _ := proxyServer(t)
	s.echo.GET("/undecided", func(c echo.Context) error { return c.String(200, "secret") })
	s.tableRoutes["GET /undecided"] = true // as if listed in routeTable
	res, body := call(t, s, "GET", "/undecided", "admin@example.com")
	if res.StatusCode != 403 || strings.Contains(body, "secret") {
		t.Fatalf("undecided route: %d %s", res.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "no access decision") || !strings.Contains(logs.String(), "GET /undecided") {
		t.Errorf("the refusal should be logged:\n%s", logs.String())
	}
	// Unknown paths and methods still get echo's 404 and 405.
	if res, _ := call(t, s, "GET", "/nope", "viewer@example.com"); res.StatusCode != 404 {
		t.Errorf("unknown path: %d", res.StatusCode)
	}
	if res, _ := call(t, s, "DELETE", "/", "admin@example.com"); res.StatusCode != 405 {
		t.Errorf("unknown method: %d", res.StatusCode)
	}
}

func TestProxyModeTrustsOnlyTheProxy(t *testing.T) {
	s, store, logs, _ := proxyServer(t)
	// From the proxy: a new address is created as a viewer (an admin exists).
	res, body := call(t, s, "GET", "/", "New.Person@Example.com")
	if res.StatusCode != 200 || !strings.Contains(body, `data-testid="current-user">new.person@example.com<`) {
		t.Fatalf("trusted proxy: %d\n%s", res.StatusCode, body)
	}
	if u, err := store.UserByEmail(t.Context(), "new.person@example.com"); err != nil || u.Role != sprintlens.RoleViewer {
		t.Errorf("new user via proxy: %+v %v", u, err)
	}
	// From anywhere else the header is ignored, even an admin's address.
	for _, remote := range []string{"192.0.2.7:5000", "10.0.1.2:5000", "[::1]:5000"} {
		req := httptest.NewRequest("GET", "/users", nil)
		req.RemoteAddr = remote
		req.Header.Set("X-Forwarded-Email", "admin@example.com")
		req.Header.Set("X-Forwarded-For", "10.0.0.2")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `data-testid="sign-in-proxy"`) {
			t.Errorf("header from %s: %d, want the sign-in page", remote, rec.Code)
		}
	}
	if !strings.Contains(logs.String(), "ignoring identity header from an untrusted address") {
		t.Error("a forged identity header should be logged")
	}
	// A header that is not an address signs no one in.
	if res, _ := call(t, s, "GET", "/", "local"); res.StatusCode != 401 {
		t.Errorf("header %q: %d, want 401", "local", res.StatusCode)
	}
	// No sign-out button: the proxy owns the session.
	if _, body := call(t, s, "GET", "/", "admin@example.com"); strings.Contains(body, `data-testid="sign-out"`) || !strings.Contains(body, `data-testid="nav-users"`) {
		t.Error("proxy admin: users link but no sign-out button expected")
	}
}

func TestCSRF(t *testing.T) {
	s, _, _, tokens := proxyServer(t)
	post := func(path string, hdr ...string) int {
		req := httptest.NewRequest("POST", path, strings.NewReader(url.Values{"name": {"x"}}.Encode()))
		req.RemoteAddr = trustedProxy
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(hdr); i += 2 {
			if hdr[i] == "Cookie" {
				req.AddCookie(&http.Cookie{Name: "sl_csrf", Value: hdr[i+1]})
				continue
			}
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	admin := "admin@example.com"
	tests := []struct {
		name string
		path string
		hdr  []string
		want int
	}{
		{"no token", "/tokens", []string{"X-Forwarded-Email", admin}, 403},
		{"wrong token", "/tokens", []string{"X-Forwarded-Email", admin, "Cookie", "abc", "X-CSRF-Token", "xyz"}, 403},
		{"header token (htmx)", "/tokens", []string{"X-Forwarded-Email", admin, "Cookie", "abc", "X-CSRF-Token", "abc"}, 201},
		{"cross-site browser", "/tokens", []string{"X-Forwarded-Email", admin, "Sec-Fetch-Site", "cross-site"}, 403},
		{"anonymous sign-out", "/logout", nil, 403},
		// Past CSRF, the handler answers the empty body with 400.
		{"API with a bearer token skips it", "/api/v1/key-results/1/check-ins", []string{"Authorization", "Bearer " + tokens[sprintlens.RoleMember]}, 400},
		{"API as a browser does not", "/api/v1/key-results/1/check-ins", []string{"X-Forwarded-Email", admin}, 403},
		{"a bearer token on a page does not", "/tokens", []string{"Authorization", "Bearer " + tokens[sprintlens.RoleAdmin], "X-Forwarded-Email", admin}, 403},
	}
	for _, tt := range tests {
		if got := post(tt.path, tt.hdr...); got != tt.want {
			t.Errorf("%s: POST %s = %d, want %d", tt.name, tt.path, got, tt.want)
		}
	}
}
