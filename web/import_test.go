package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// fakeImporter records what the handler passed and answers as told.
type fakeImporter struct {
	calls int
	opts  ingest.ImportOptions
	body  string
	sum   ingest.ImportSummary
	err   error
}

func (f *fakeImporter) Import(ctx context.Context, r io.Reader, opts ingest.ImportOptions) (ingest.ImportSummary, error) {
	f.calls++
	f.opts = opts
	b, err := io.ReadAll(r)
	if err != nil {
		return ingest.ImportSummary{}, err
	}
	f.body = string(b)
	if ctx.Err() != nil {
		return ingest.ImportSummary{}, ctx.Err()
	}
	return f.sum, f.err
}

// csrfSession does what a browser does: GET the form, keep the sl_csrf
// cookie, and read the token the page carries.
func csrfSession(t *testing.T, h http.Handler) (*http.Cookie, string) {
	t.Helper()
	res, body := get(t, h, "/import")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="import-form"`) {
		t.Fatalf("GET /import: %d\n%s", res.StatusCode, body)
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "sl_csrf" {
			cookie = c
		}
	}
	m := csrfMeta.FindStringSubmatch(body)
	if cookie == nil || m == nil || m[1] != cookie.Value {
		t.Fatalf("CSRF cookie %v and meta token %v should match", cookie, m)
	}
	if !strings.Contains(body, `name="_csrf" value="`+m[1]+`"`) {
		t.Fatalf("the form does not carry the token")
	}
	return cookie, m[1]
}

// upload posts a multipart form; file "" sends no file part.
func upload(t *testing.T, h http.Handler, cookie *http.Cookie, fields map[string]string, fileName, file string, hdr ...string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, file)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

const sampleExport = "Id,Title,Estimate\n1,Rotate certs,2\n"

func TestImportUploadSucceeds(t *testing.T) {
	imp := &fakeImporter{sum: ingest.ImportSummary{
		ProjectID: 900000001, ProjectName: "sre <platform>", ProjectCreated: true, RunID: 12, Layout: "modern",
		ImportCounts: ingest.ImportCounts{Stories: 40, Inserted: 3, Updated: 2, Unchanged: 10, Deleted: 25,
			DeletedIDs: []int64{101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122},
			Iterations: 33, Labels: 4, NewLabels: 1, People: 5, NewPeople: 2},
		CurrentIteration: 33, Skipped: 1, SkippedRows: []tracker.CSVSkip{{Line: 9, Reason: tracker.CSVSkipBlankLine}},
	}}
	s, _ := newTestServer(t, Deps{Importer: imp})
	cookie, token := csrfSession(t, s)

	fields := map[string]string{"_csrf": token, "project": " 900000001 ", "name": "SRE", "time_zone": "Asia/Tokyo"}
	res, body := upload(t, s, cookie, fields, "sre_20261126_0900.csv", sampleExport)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d\n%s", res.StatusCode, body)
	}
	want := ingest.ImportOptions{ProjectID: 900000001, Name: "SRE", FileName: "sre_20261126_0900.csv", TimeZone: "Asia/Tokyo", TriggeredBy: "local"}
	if imp.calls != 1 || imp.body != sampleExport || imp.opts.ProjectID != want.ProjectID || imp.opts.Name != want.Name ||
		imp.opts.FileName != want.FileName || imp.opts.TimeZone != want.TimeZone || imp.opts.TriggeredBy != want.TriggeredBy {
		t.Errorf("importer got %d calls, opts %+v, body %q", imp.calls, imp.opts, imp.body)
	}
	for _, w := range []string{`data-testid="import-summary"`, "sre &lt;platform&gt; (project 900000001)", "new project",
		`data-testid="import-inserted">3<`, `data-testid="import-updated">2<`, `data-testid="import-deleted">25<`,
		"iteration 33 in progress", "<code>120</code>", "and 5 more", "line 9: blank line", `href="/projects/900000001"`, "run 12"} {
		if !strings.Contains(body, w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	if strings.Contains(body, "<code>121</code>") {
		t.Error("the page lists more than 20 deleted ids")
	}

	_, body = upload(t, s, cookie, fields, "sre.csv", sampleExport, "Accept-Language", "ja")
	if !strings.Contains(body, "取り込みました") {
		t.Error("Japanese summary missing")
	}
}

func TestImportUploadNeedsCSRF(t *testing.T) {
	imp := &fakeImporter{}
	s, _ := newTestServer(t, Deps{Importer: imp})
	cookie, token := csrfSession(t, s)
	for name, c := range map[string]struct {
		cookie *http.Cookie
		token  string
	}{"no token": {cookie, ""}, "wrong token": {cookie, token + "x"}, "no cookie": {nil, token}} {
		fields := map[string]string{}
		if c.token != "" {
			fields["_csrf"] = c.token
		}
		res, _ := upload(t, s, c.cookie, fields, "sre.csv", sampleExport)
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 400 or 403", name, res.StatusCode)
		}
	}
	if imp.calls != 0 {
		t.Errorf("an upload without a valid CSRF token reached the importer")
	}
}

func TestImportUploadRejections(t *testing.T) {
	rowErrs := &ingest.CSVErrors{Errors: []*tracker.CSVError{
		{Line: 3, Column: "Estimate", Value: "two", Err: errors.New("is not a number")},
		{Line: 17, Column: "Accepted at", Value: "Feb 30, 2019", Err: errors.New("is not a date")},
		{Line: 1, Column: "Id", Err: errors.New("missing required column")},
	}}
	tests := []struct {
		name     string
		fields   map[string]string
		fileName string
		err      error
		status   int
		want     []string
		called   bool
	}{
		{"bad rows", nil, "x.csv", rowErrs, 422, []string{`data-testid="import-errors"`, "x.csv was not imported",
			`<td class="num">3</td><td>Estimate</td><td>&#34;two&#34; is not a number</td>`,
			`<td class="num">17</td><td>Accepted at</td>`, `<td>Id</td><td>missing required column</td>`, "run 7"}, true},
		{"Tracker project", nil, "x.csv", &ingest.Refusal{Message: "project 77 is synced from Tracker; import into another id", Kind: sprintlens.ErrConflict},
			409, []string{`data-testid="import-problem"`, "project 77 is synced from Tracker; import into another id"}, true},
		{"bad zone", map[string]string{"time_zone": "Tokyo"}, "x.csv", sprintlens.Invalid("time zone", `"Tokyo" is not an Olson time zone name`),
			422, []string{`time zone: &#34;Tokyo&#34; is not an Olson time zone name`, `value="Tokyo"`}, true},
		{"locked", nil, "x.csv", fmt.Errorf("postgres: import project 5: busy: %w", sprintlens.ErrLocked),
			409, []string{"Another import or sync of this project is running"}, true},
		{"after-import step failed", nil, "x.csv", fmt.Errorf("ingest: %w: boom", ingest.ErrAfterImport),
			200, []string{`data-testid="import-summary"`, `data-testid="import-warning"`}, true},
		{"database down", nil, "x.csv", errors.New("postgres: connection refused"), 500, []string{`data-testid="error-message"`}, true},
		{"bad project id", map[string]string{"project": "12ab"}, "x.csv", nil, 422, []string{"The project id must be a positive whole number."}, false},
		{"no file", nil, "", nil, 422, []string{"Choose a CSV file to import."}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := &fakeImporter{err: tt.err, sum: ingest.ImportSummary{RunID: 7, ProjectID: 5}}
			s, logs := newTestServer(t, Deps{Importer: imp})
			cookie, token := csrfSession(t, s)
			fields := map[string]string{"_csrf": token}
			for k, v := range tt.fields {
				fields[k] = v
			}
			res, body := upload(t, s, cookie, fields, tt.fileName, sampleExport)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q\n%s", w, body)
				}
			}
			if (imp.calls == 1) != tt.called {
				t.Errorf("importer called %d times", imp.calls)
			}
			if strings.Contains(body, "connection refused") || strings.Contains(body, "boom") {
				t.Error("the page leaks an internal error")
			}
			if tt.status == 500 && !strings.Contains(logs.String(), "connection refused") {
				t.Error("the 500 cause should be logged")
			}
		})
	}
}

func TestImportPageWithoutImporter(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	if res, _ := get(t, s, "/import"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /import without an importer: %d", res.StatusCode)
	}
}
