package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

var newTokenRE = regexp.MustCompile(`data-testid="new-token-value">(slt_[A-Za-z0-9_-]{43})<`)

func TestAPITokenLifecycle(t *testing.T) {
	s, store, logs, _ := proxyServer(t)
	member := "member@example.com"

	// Created by a user, shown once, stored hashed.
	res, body := call(t, s, "POST", "/tokens?name=ignored", member, "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 422 {
		t.Errorf("token without a name: %d", res.StatusCode)
	}
	res, body = callForm(t, s, "/tokens", member, "name", "weekly <report>")
	m := newTokenRE.FindStringSubmatch(body)
	if res.StatusCode != http.StatusCreated || m == nil || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %q\n%s", res.StatusCode, res.Header.Get("Cache-Control"), body)
	}
	secret := m[1]
	if !strings.Contains(body, "weekly &lt;report&gt;") {
		t.Error("the token name must be escaped")
	}
	_, body = call(t, s, "GET", "/tokens", member)
	if strings.Contains(body, secret) || !strings.Contains(body, secret[:10]+"…") {
		t.Errorf("the list must show the prefix only:\n%s", body)
	}
	for _, tok := range store.tokens {
		if strings.Contains(string(tok.hash), secret) || len(tok.hash) != 32 {
			t.Fatal("the store must get a SHA-256 hash, not the token")
		}
	}

	// Scoped to the owner's role: a member's token checks in but cannot
	// do admin work, and follows the owner's role when it changes.
	bearer := "Bearer " + secret
	if res, _ := call(t, s, "GET", "/api/v1/projects", "", "Authorization", bearer); res.StatusCode != 200 {
		t.Errorf("read with token: %d", res.StatusCode)
	}
	owner, _ := store.UserByEmail(t.Context(), member)
	if _, err := store.SetUserRole(t.Context(), owner.ID, sprintlens.RoleViewer); err != nil {
		t.Fatal(err)
	}
	s.echo.POST("/api/v1/sync", func(c echo.Context) error { return c.NoContent(http.StatusAccepted) })
	if res, _ := call(t, s, "POST", "/api/v1/sync", "", "Authorization", bearer); res.StatusCode != 403 {
		t.Errorf("sync with a demoted owner's token: %d, want 403", res.StatusCode)
	}
	store.SetUserRole(t.Context(), owner.ID, sprintlens.RoleMember)
	if res, _ := call(t, s, "POST", "/api/v1/sync", "", "Authorization", bearer); res.StatusCode != 202 {
		t.Errorf("sync with a member's token: %d, want 202", res.StatusCode)
	}

	// Bad credentials are a 401 JSON error, never a fall-back to anonymous.
	for _, h := range []string{"Bearer slt_nope", "Basic bWU6cHc=", "Bearer", "Bearer " + secret[4:]} {
		res, body := call(t, s, "GET", "/api/v1/projects", "admin@example.com", "Authorization", h)
		if res.StatusCode != 401 || !strings.HasPrefix(body, `{"error":`) || !strings.Contains(res.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("Authorization %q: %d %s", h, res.StatusCode, body)
		}
	}

	// Revocable by its owner (not by another non-admin), then dead.
	id := store.tokens[len(store.tokens)-1].tok.ID
	if res, _ := call(t, s, "POST", "/tokens/"+itoa(id)+"/revoke", "viewer@example.com"); res.StatusCode != 404 {
		t.Errorf("revoking someone else's token: %d, want 404", res.StatusCode)
	}
	if res, _ := call(t, s, "POST", "/tokens/"+itoa(id)+"/revoke", member); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	if res, _ := call(t, s, "GET", "/api/v1/projects", "", "Authorization", bearer); res.StatusCode != 401 {
		t.Errorf("revoked token: %d, want 401", res.StatusCode)
	}
	// Admins see everyone's tokens with their owners.
	_, body = call(t, s, "GET", "/tokens", "admin@example.com")
	if !strings.Contains(body, "member@example.com") || !strings.Contains(body, `data-testid="token-revoked"`) {
		t.Errorf("admin token list:\n%s", body)
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), secret[10:]) {
		t.Error("the token reached the logs")
	}
}

func TestEscapesUserControlledText(t *testing.T) {
	s, store, _, _ := proxyServer(t)
	store.add("mallory@example.com", `<script>alert("x")</script>`, sprintlens.RoleViewer)
	_, body := call(t, s, "GET", "/users", "admin@example.com")
	if strings.Contains(body, `<script>alert`) || !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Errorf("users page must escape names:\n%s", body)
	}
	// The layout's signed-in name too.
	res, body := call(t, s, "GET", "/", "mallory@example.com")
	if res.StatusCode != 200 || strings.Contains(body, `<script>alert`) || !strings.Contains(body, `data-testid="current-user">&lt;script&gt;`) {
		t.Errorf("layout must escape the user's name: %d\n%s", res.StatusCode, body)
	}
	// Project names from Tracker on the home page.
	s, _, _, _ = proxyServer(t)
	s.deps.Projects = &fakeProjects{list: []sprintlens.ProjectSummary{{Project: sprintlens.Project{ID: 1, Name: `<img src=x onerror=alert(1)>`}}}}
	_, body = call(t, s, "GET", "/", "viewer@example.com")
	if strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("home must escape project names:\n%s", body)
	}
}
