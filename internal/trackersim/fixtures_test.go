package trackersim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sprintlens/sprintlens/internal/tracker/trackertest"
)

// loadFixture decodes api/<name> into v.
func loadFixture(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(trackertest.Fixtures(t), "api", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode fixture %s: %v", name, err)
	}
}

// manifestHeaders returns the recorded response headers of one fixture file.
func manifestHeaders(t *testing.T, file string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(trackertest.Fixtures(t), "manifest.json"))
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	var entries []struct {
		File    string            `json:"file"`
		Headers map[string]string `json:"response_headers"`
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatalf("decode manifest: %v", err)
	}
	for _, e := range entries {
		if e.File == file {
			return e.Headers
		}
	}
	t.Fatalf("manifest has no entry for %s", file)
	return nil
}

// testServer serves the default dataset (or ds) over real HTTP.
func testServer(t *testing.T, ds *Dataset, opts ...Option) (*Server, string) {
	t.Helper()
	if ds == nil {
		ds = Generate(Config{})
	}
	s := New(ds, opts...)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs.URL + BasePath
}

// get fetches path with the default token and returns the response and body.
func get(t *testing.T, base, path string) (*http.Response, []byte) {
	t.Helper()
	return getToken(t, base, path, DefaultToken)
}

func getToken(t *testing.T, base, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("X-TrackerToken", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp, body
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
	return v
}
