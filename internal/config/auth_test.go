package config

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAuthModeNoneNeedsLoopback(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // "" means Load succeeds
	}{
		{"default is none on loopback", nil, ""},
		{"localhost", map[string]string{"LISTEN_ADDR": "localhost:8080"}, ""},
		{"ipv6 loopback", map[string]string{"LISTEN_ADDR": "[::1]:8080"}, ""},
		{"all interfaces refused", map[string]string{"LISTEN_ADDR": "0.0.0.0:8080"}, "AUTH_MODE: none makes every visitor an admin"},
		{"empty host refused", map[string]string{"LISTEN_ADDR": ":8080"}, "AUTH_ALLOW_ANONYMOUS=true"},
		{"allowed explicitly", map[string]string{"LISTEN_ADDR": "0.0.0.0:8080", "AUTH_ALLOW_ANONYMOUS": "true"}, ""},
		{"allow flag is not a yes to everything", map[string]string{"LISTEN_ADDR": "0.0.0.0:8080", "AUTH_ALLOW_ANONYMOUS": "sure"}, "AUTH_ALLOW_ANONYMOUS: want true or false"},
		{"unknown mode", map[string]string{"AUTH_MODE": "ldap"}, "AUTH_MODE: want none, oidc or proxy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Load: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Load error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func oidcEnv(extra map[string]string) map[string]string {
	m := map[string]string{
		"LISTEN_ADDR":          "0.0.0.0:8080",
		"BASE_URL":             "https://lens.example.com",
		"AUTH_MODE":            "oidc",
		"OIDC_ISSUER":          "https://accounts.example.com/",
		"OIDC_CLIENT_ID":       "sprintlens",
		"OIDC_CLIENT_SECRET":   "oidc-s3cret-value",
		"OIDC_ALLOWED_DOMAINS": "Example.com, sre.example.jp",
	}
	for k, v := range extra {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func TestAuthModeOIDC(t *testing.T) {
	c, err := Load(env(oidcEnv(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if c.OIDCIssuer != "https://accounts.example.com" || strings.Join(c.OIDCAllowedDomains, "|") != "example.com|sre.example.jp" {
		t.Errorf("parsed: issuer %q domains %q", c.OIDCIssuer, c.OIDCAllowedDomains)
	}
	if c.SessionTTL != 12*time.Hour {
		t.Errorf("SessionTTL default = %v", c.SessionTTL)
	}
	dump := c.String()
	if strings.Contains(dump, "oidc-s3cret-value") || !strings.Contains(dump, "OIDC_CLIENT_SECRET=[redacted]") {
		t.Errorf("dump must redact the client secret:\n%s", dump)
	}

	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"no issuer", map[string]string{"OIDC_ISSUER": ""}, "OIDC_ISSUER: want the provider's issuer URL"},
		{"issuer not a URL", map[string]string{"OIDC_ISSUER": "accounts.example.com"}, "OIDC_ISSUER"},
		{"no client id", map[string]string{"OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID: required"},
		{"no secret", map[string]string{"OIDC_CLIENT_SECRET": ""}, "OIDC_CLIENT_SECRET: required"},
		{"no domains", map[string]string{"OIDC_ALLOWED_DOMAINS": ""}, "OIDC_ALLOWED_DOMAINS: required"},
		{"address not domain", map[string]string{"OIDC_ALLOWED_DOMAINS": "ken@example.com"}, "OIDC_ALLOWED_DOMAINS: want domains"},
		{"short session", map[string]string{"SESSION_TTL": "10s"}, "SESSION_TTL: want a duration of at least a minute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(oidcEnv(tt.env)))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load error = %v, want it to contain %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "oidc-s3cret-value") {
				t.Fatalf("error leaks the client secret: %v", err)
			}
		})
	}
}

func TestOIDCClientSecretFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(oidcEnv(map[string]string{"OIDC_CLIENT_SECRET": "", "OIDC_CLIENT_SECRET_FILE": path})))
	if err != nil {
		t.Fatal(err)
	}
	if c.OIDCClientSecret != "from-a-file" || strings.Contains(c.String(), "from-a-file") {
		t.Errorf("secret %q, dump:\n%s", c.OIDCClientSecret, c.String())
	}
}

func TestAuthModeProxy(t *testing.T) {
	c, err := Load(env(map[string]string{
		"LISTEN_ADDR": "0.0.0.0:8080", "AUTH_MODE": "PROXY", "AUTH_PROXY_TRUSTED": "10.0.0.0/8, 192.168.1.7,::1, ::ffff:172.16.0.9",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("172.16.0.9/32"),
	}
	if c.AuthMode != AuthProxy || c.AuthProxyHeader != "X-Forwarded-Email" || len(c.AuthProxyTrusted) != len(want) {
		t.Fatalf("parsed: %+v", c)
	}
	for i := range want {
		if c.AuthProxyTrusted[i] != want[i] {
			t.Errorf("trusted[%d] = %v, want %v", i, c.AuthProxyTrusted[i], want[i])
		}
	}
	if !strings.Contains(c.String(), "AUTH_PROXY_TRUSTED=10.0.0.0/8,192.168.1.7/32,::1/128,172.16.0.9/32") {
		t.Errorf("dump:\n%s", c.String())
	}
	_, err = Load(env(map[string]string{"AUTH_MODE": "proxy"}))
	if err == nil || !strings.Contains(err.Error(), "AUTH_PROXY_TRUSTED: required") {
		t.Errorf("proxy without trusted addresses: %v", err)
	}
	_, err = Load(env(map[string]string{"AUTH_MODE": "proxy", "AUTH_PROXY_TRUSTED": "10.0.0.0/33"}))
	if err == nil || !strings.Contains(err.Error(), "AUTH_PROXY_TRUSTED: want comma-separated IPs or CIDRs") {
		t.Errorf("bad CIDR: %v", err)
	}
}
