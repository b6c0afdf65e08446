package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != DefaultDatabaseURL || c.ListenAddr != "127.0.0.1:8080" || !c.RunMigrations {
		t.Errorf("defaults wrong: %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("BaseURL = %q, want derived from LISTEN_ADDR", c.BaseURL)
	}
	if c.SyncSchedule != "*/15 * * * *" || c.ShutdownTimeout != 15*time.Second {
		t.Errorf("schedule/timeout defaults wrong: %q %v", c.SyncSchedule, c.ShutdownTimeout)
	}
}

func TestLoadBadValues(t *testing.T) {
	tests := []struct {
		name, key, value, wantErr string
	}{
		{"listen without port", "LISTEN_ADDR", "localhost", "LISTEN_ADDR: want host:port"},
		{"log format", "LOG_FORMAT", "xml", "LOG_FORMAT: want text or json"},
		{"log level", "LOG_LEVEL", "loud", "LOG_LEVEL: want debug, info, warn or error"},
		{"migrations flag", "RUN_MIGRATIONS", "maybe", "RUN_MIGRATIONS: want true or false"},
		{"database scheme", "DATABASE_URL", "mysql://x/y", "DATABASE_URL: want a URL like postgres://"},
		{"base url relative", "BASE_URL", "/sprintlens", "BASE_URL: want an absolute http(s) URL"},
		{"tracker url path", "TRACKER_BASE_URL", "https://example.com/api", "TRACKER_BASE_URL: want an http(s) URL ending in /services/v5"},
		{"project ids", "TRACKER_PROJECTS", "12,abc", `TRACKER_PROJECTS: want comma-separated positive project ids`},
		{"schedule", "SYNC_SCHEDULE", "often", "SYNC_SCHEDULE: want a 5-field cron spec"},
		{"time zone", "TIME_ZONE", "Mars/Olympus", "TIME_ZONE: want an Olson time zone name"},
		{"duration", "SYNC_TIMEOUT", "ten minutes", "SYNC_TIMEOUT: want a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(map[string]string{tt.key: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load(%s=%q) error = %v, want it to contain %q", tt.key, tt.value, err, tt.wantErr)
			}
		})
	}
}

func TestLoadGoodValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"LISTEN_ADDR":          "0.0.0.0:9000",
		"AUTH_ALLOW_ANONYMOUS": "true",
		"BASE_URL":             "https://lens.example.com/",
		"LOG_LEVEL":            "debug",
		"LOG_FORMAT":           "json",
		"RUN_MIGRATIONS":       "0",
		"TRACKER_BASE_URL":     "http://127.0.0.1:9999/services/v5/",
		"TRACKER_PROJECTS":     " 1, 2 ,3",
		"SYNC_SCHEDULE":        "@every 1m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://lens.example.com" || c.RunMigrations || len(c.TrackerProjects) != 3 || c.TrackerProjects[2] != 3 {
		t.Errorf("parsed wrong: %+v", c)
	}
	if c.ListensOnLoopback() {
		t.Error("0.0.0.0 is not loopback")
	}
}

func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token")
	if err := os.WriteFile(path, []byte("s3cr3t-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"TRACKER_TOKEN_FILE": path, "DATABASE_URL": "postgres://u:hunter2@db/x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.TrackerToken != "s3cr3t-token" {
		t.Errorf("token from file = %q", c.TrackerToken)
	}
	out := c.String()
	for _, secret := range []string{"s3cr3t-token", "hunter2"} {
		if strings.Contains(out, secret) {
			t.Errorf("config dump leaks %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "TRACKER_TOKEN=[redacted]") {
		t.Errorf("dump should mark the token redacted:\n%s", out)
	}

	_, err = Load(env(map[string]string{"TRACKER_TOKEN_FILE": filepath.Join(dir, "missing")}))
	if err == nil || !strings.Contains(err.Error(), "TRACKER_TOKEN_FILE") {
		t.Errorf("missing secret file error = %v", err)
	}
	_, err = Load(env(map[string]string{"TRACKER_TOKEN_FILE": path, "TRACKER_TOKEN": "x"}))
	if err == nil || !strings.Contains(err.Error(), "set one, not both") {
		t.Errorf("both set error = %v", err)
	}
}

func TestVarsCoverDump(t *testing.T) {
	c, _ := Load(env(nil))
	dump := c.String()
	for _, v := range Vars {
		if !strings.Contains(dump, v.Name+"=") {
			t.Errorf("Vars lists %s but the dump does not print it", v.Name)
		}
	}
}
