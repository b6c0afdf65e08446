package trackersim

import (
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	s, base := testServer(t, nil)
	s.FailNext(2, http.StatusTooManyRequests, "3")
	for i := range 2 {
		resp, body := get(t, base, "/me")
		e := decode[map[string]string](t, body)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "3" || e["kind"] != "error" {
			t.Errorf("failure %d: %d Retry-After %q %v", i, resp.StatusCode, resp.Header.Get("Retry-After"), e)
		}
	}
	s.FailNext(1, http.StatusInternalServerError, "")
	if resp, _ := get(t, base, "/me"); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("500 fault: status %d", resp.StatusCode)
	}
	if resp, _ := get(t, base, "/me"); resp.StatusCode != http.StatusOK {
		t.Errorf("after faults: status %d", resp.StatusCode)
	}

	s.TruncateNext(1)
	req, _ := http.NewRequest(http.MethodGet, base+"/projects/2600001/stories", nil)
	req.Header.Set("X-TrackerToken", DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated body: err = %v, want unexpected EOF", err)
	}
	if resp, _ := get(t, base, "/projects/2600001/stories"); resp.StatusCode != http.StatusOK {
		t.Errorf("after truncation: status %d", resp.StatusCode)
	}

	s.SetLatency(60 * time.Millisecond)
	start := time.Now()
	get(t, base, "/me")
	if took := time.Since(start); took < 60*time.Millisecond {
		t.Errorf("latency: request took %v", took)
	}
	s.SetLatency(0)

	if got := s.RequestCount(); got != 7 {
		t.Errorf("RequestCount = %d, want 7", got)
	}
	faults := map[string]int{}
	for _, r := range s.Requests() {
		faults[r.Fault]++
	}
	if faults["fail"] != 3 || faults["truncate"] != 1 {
		t.Errorf("request log faults = %v", faults)
	}
}
