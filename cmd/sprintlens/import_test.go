package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// importFixture finds a shared Tracker CSV export: $SPRINTLENS_FIXTURES,
// else "shared/tracker-fixtures" beside a parent of the working
// directory, else /work/shared/tracker-fixtures.
func importFixture(t *testing.T, name string) string {
	t.Helper()
	var roots []string
	if env := os.Getenv("SPRINTLENS_FIXTURES"); env != "" {
		roots = append(roots, env)
	}
	wd, _ := os.Getwd()
	for d := wd; ; d = filepath.Dir(d) {
		roots = append(roots, filepath.Join(d, "shared", "tracker-fixtures"))
		if filepath.Dir(d) == d {
			break
		}
	}
	roots = append(roots, "/work/shared/tracker-fixtures")
	for _, r := range roots {
		p := filepath.Join(r, "csv", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("fixture %s not found (set SPRINTLENS_FIXTURES); tried %v", name, roots)
	return ""
}

func TestImportCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "takes one FILE.csv, got 0"},
		{[]string{"import", "a.csv", "b.csv"}, "got 2"},
		{[]string{"import", "--bogus", "a.csv"}, "flag provided but not defined"},
		{[]string{"import", "a.csv", "--project", "abc"}, "invalid value"},
		{[]string{"import", "a.csv", "--project", "-4"}, "not a project id"},
		{[]string{"import", "--time-zone", "Tokyo", "a.csv"}, "Olson time zone"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, envMap(nil), &out, &errOut)
		code, ok := exitCode(err)
		if !ok || code != 2 {
			t.Errorf("%v: err %v, exit %d; want exit 2", tt.args, err, code)
			continue
		}
		if !strings.Contains(errOut.String(), tt.want) || !strings.Contains(errOut.String(), "Usage: sprintlens import") {
			t.Errorf("%v: error %q, stderr %q; want %q and the usage", tt.args, err, errOut.String(), tt.want)
		}
	}
}

func TestImportCommandMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no_such_export_20261126_0900.csv")
	var out bytes.Buffer
	// No database is reachable at this URL: the file is checked first.
	err := run(context.Background(), []string{"import", path}, envMap(map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}), &out, &out)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("missing file: %v", err)
	}
	if code, ok := exitCode(err); ok {
		t.Errorf("a missing file is not a usage error (exit %d)", code)
	}
}

func TestImportCommand(t *testing.T) {
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	env := envMap(map[string]string{"DATABASE_URL": pgtest.URL(), "LOG_LEVEL": "warn"})
	ctx := context.Background()

	var out, errOut bytes.Buffer
	legacy := importFixture(t, "legacy_2009_stories.csv")
	if err := run(ctx, []string{"import", legacy, "--time-zone", "Asia/Tokyo", "--name", "Timesheets"}, env, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{`into project 900000001 "Timesheets" (classic layout, new)`, "48: 48 inserted", "iterations  65, current 64", "labels      3 (3 new)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "import: read 48 stories") {
		t.Errorf("no progress on stderr: %q", errOut.String())
	}
	var zone string
	var stories int
	if err := pool.QueryRow(ctx, `SELECT time_zone, (SELECT count(*) FROM stories) FROM projects WHERE name = 'Timesheets'`).Scan(&zone, &stories); err != nil {
		t.Fatal(err)
	}
	if zone != "Asia/Tokyo" || stories != 48 {
		t.Errorf("stored zone %q, %d stories", zone, stories)
	}

	// A broken copy: every error on stderr with the file and line, exit 1, nothing changed.
	b, err := os.ReadFile(legacy)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	lines[2] = strings.Replace(lines[2], `"feature",2,`, `"feature",two,`, 1)
	lines[5] = strings.Replace(lines[5], `"Dec 5, 2009"`, `"Dec 45, 2009"`, 1)
	broken := filepath.Join(t.TempDir(), "legacy_2009_stories.csv")
	if err := os.WriteFile(broken, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	err = run(ctx, []string{"import", "--project", "900000001", broken}, env, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "2 bad rows, nothing imported") {
		t.Fatalf("broken import: %v", err)
	}
	for _, want := range []string{broken + `: line 3, column "Estimate": "two" is not a number`, broken + `: line 6, column "Accepted at": "Dec 45, 2009"`} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
	if out.Len() != 0 {
		t.Errorf("a failed import printed a summary: %s", out.String())
	}
}

// TestServeImportUpload drives the real server: GET the form for the
// CSRF cookie and token, upload a shared export, read the summary.
func TestServeImportUpload(t *testing.T) {
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve"}, envMap(map[string]string{"DATABASE_URL": pgtest.URL(), "LISTEN_ADDR": addr, "LOG_LEVEL": "warn"}), &logs, &logs)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	base := "http://" + addr
	var res *http.Response
	var err error
	for range 100 {
		if res, err = client.Get(base + "/import"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server never came up: %v\n%s", err, logs.String())
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET /import: %d, token %q", res.StatusCode, m)
	}

	export, err := os.ReadFile(importFixture(t, "workshop2_20191006_1729.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", string(m[1]))
	_ = mw.WriteField("time_zone", "Asia/Tokyo")
	fw, _ := mw.CreateFormFile("file", "workshop2_20191006_1729.csv")
	_, _ = fw.Write(export)
	mw.Close()
	res, err = client.Post(base+"/import", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(out), `data-testid="import-stories">22<`) ||
		!strings.Contains(string(out), "workshop2 (project 900000001)") {
		t.Fatalf("upload: %d\n%s\n%s", res.StatusCode, out, logs.String())
	}
	var stories int
	var who, zone string
	err = pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM stories), r.triggered_by, p.time_zone
	FROM sync_runs r JOIN projects p ON p.id = r.project_id WHERE r.status = 'succeeded'`).Scan(&stories, &who, &zone)
	if err != nil || stories != 22 || who != "local" || zone != "Asia/Tokyo" {
		t.Errorf("after the upload: %d stories, run by %q, zone %q, %v", stories, who, zone, err)
	}
}
