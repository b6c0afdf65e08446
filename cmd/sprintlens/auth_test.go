package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/web/authtest"
)

func TestServeRefusesAnonymousOnAllInterfaces(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve"}, envMap(map[string]string{"LISTEN_ADDR": "0.0.0.0:0"}), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "AUTH_MODE: none makes every visitor an admin") {
		t.Fatalf("serve on 0.0.0.0 without sign-in: %v", err)
	}
}

func TestConfigDumpRedactsClientSecret(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"config"}, envMap(map[string]string{
		"AUTH_MODE": "oidc", "OIDC_ISSUER": "https://accounts.example.com", "OIDC_CLIENT_ID": "lens",
		"OIDC_CLIENT_SECRET": "dump-s3cret-4242", "OIDC_ALLOWED_DOMAINS": "example.com",
	}), &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "dump-s3cret-4242") || !strings.Contains(out.String(), "OIDC_CLIENT_SECRET=[redacted]") {
		t.Fatalf("config dump:\n%s", out.String())
	}
}

// TestServeWithOIDC runs the real binary's wiring (config, migrations,
// PostgreSQL store, server) against a fake provider.
func TestServeWithOIDC(t *testing.T) {
	pgtest.Reset(t, pgtest.Pool(t))
	const secret = "e2e-client-s3cret-77"
	prov := authtest.New(t, "lens-e2e", secret)
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, envMap(map[string]string{
			"DATABASE_URL": pgtest.URL(), "LISTEN_ADDR": addr, "BASE_URL": base, "LOG_LEVEL": "debug",
			"AUTH_MODE": "oidc", "OIDC_ISSUER": prov.URL, "OIDC_CLIENT_ID": "lens-e2e", "OIDC_CLIENT_SECRET": secret,
			"OIDC_ALLOWED_DOMAINS": "example.com",
		}), io.Discard, logs)
	}()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	fetch := func(method, path string, form url.Values, hdr ...string) (int, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, base+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for i := 0; ; i++ {
		if code, _ := fetch("GET", "/healthz", nil); code == 200 {
			break
		}
		if i == 200 {
			t.Fatalf("server never came up:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	if code, body := fetch("GET", "/", nil); code != 401 || !strings.Contains(body, `data-testid="sign-in-button"`) {
		t.Fatalf("anonymous page: %d", code)
	}
	if code, body := fetch("GET", "/api/v1/projects", nil); code != 401 || !strings.HasPrefix(body, `{"error":`) {
		t.Fatalf("anonymous API: %d %s", code, body)
	}
	prov.SignInAs(authtest.Identity{Email: "aiko@example.com", Name: "Aiko"})
	code, body := fetch("GET", "/login?next=/users", nil)
	if code != 200 || !strings.Contains(body, `data-testid="current-role">admin<`) || !strings.Contains(body, "aiko@example.com") {
		t.Fatalf("first sign-in should land on /users as admin: %d\n%s", code, body)
	}
	csrf := ""
	for _, c := range jar.Cookies(mustParse(t, base)) {
		if c.Name == "sl_csrf" {
			csrf = c.Value
		}
	}
	code, body = fetch("POST", "/tokens", url.Values{"name": {"e2e"}, "_csrf": {csrf}})
	m := regexp.MustCompile(`(slt_[A-Za-z0-9_-]{43})`).FindStringSubmatch(body)
	if code != 201 || m == nil {
		t.Fatalf("create token: %d\n%s", code, body)
	}
	token := m[1]
	bare := &http.Client{Timeout: 10 * time.Second}
	req, _ := http.NewRequest("GET", base+"/api/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := bare.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("API with token: %v %v", res, err)
	}
	res.Body.Close()

	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "signed in") {
		t.Fatalf("no sign-in logged:\n%s", out)
	}
	for _, s := range append(prov.Secrets(), secret, token) {
		if strings.Contains(out, s) {
			t.Errorf("a secret reached the logs: %.10s…", s)
		}
	}
	for _, c := range jar.Cookies(mustParse(t, base)) {
		if c.Name == "sl_session" && strings.Contains(out, c.Value) {
			t.Error("the session id reached the logs")
		}
	}
}

// syncBuffer is a log sink safe to read while the scheduler's goroutine
// may still be writing its last lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func mustParse(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(fmt.Errorf("parse %q: %w", raw, err))
	}
	return u
}
