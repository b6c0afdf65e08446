package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeWebhook is a local Slack incoming webhook answering from a script.
type fakeWebhook struct {
	mu       sync.Mutex
	answers  []answer // one per request; the last repeats
	payloads []Payload
}

type answer struct {
	status     int
	body       string
	retryAfter string
}

func (f *fakeWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var p Payload
	b, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal(b, &p) != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	f.payloads = append(f.payloads, p)
	a := f.answers[min(len(f.payloads), len(f.answers))-1]
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (f *fakeWebhook) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.payloads)
}

// testSender records its waits instead of sleeping.
func testSender() (*Sender, *[]time.Duration) {
	var waits []time.Duration
	s := NewSender()
	s.Sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return s, &waits
}

const secretPath = "/services/T000/B000/s3cr3tT0ken"

func TestSendRetriesAfter429HonouringRetryAfter(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{429, "rate_limited", "7"}, {200, "ok", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, waits := testSender()
	res, err := s.Send(context.Background(), srv.URL+secretPath, Build(sampleDigest(), "https://x.example"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 || res.Status != 200 || res.Response != "ok" || hook.count() != 2 {
		t.Fatalf("result %+v after %d requests, want success on the 2nd", res, hook.count())
	}
	if len(*waits) != 1 || (*waits)[0] != 7*time.Second {
		t.Fatalf("waits = %v, want the 7s Retry-After", *waits)
	}
	if got := hook.payloads[1]; Validate(got) != nil || got.Blocks[0].Text.Text != "Weekly digest · SRE Platform" {
		t.Fatalf("the webhook received %+v", got.Blocks[0])
	}
}

func TestSendGivesUpOnRepeated500(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{500, "internal_error", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, waits := testSender()
	res, err := s.Send(context.Background(), srv.URL+secretPath, Build(sampleDigest(), "https://x.example"))
	var se *Error
	if !errors.As(err, &se) || se.Status != 500 || se.Attempts != 4 || se.Response != "internal_error" {
		t.Fatalf("err = %v, want *Error 500 after 4 attempts", err)
	}
	if res.Attempts != 4 || hook.count() != 4 {
		t.Fatalf("attempts %d, requests %d, want 4", res.Attempts, hook.count())
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !equalDurations(*waits, want) {
		t.Fatalf("backoff = %v, want %v", *waits, want)
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error leaks the webhook URL: %v", err)
	}
}

func TestSendDoesNotRetryClientErrors(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{404, "no_service", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, waits := testSender()
	_, err := s.Send(context.Background(), srv.URL+secretPath, Build(sampleDigest(), "https://x.example"))
	var se *Error
	if !errors.As(err, &se) || se.Status != 404 || se.Attempts != 1 || len(*waits) != 0 {
		t.Fatalf("err = %v, waits %v: a 404 is final", err, *waits)
	}
}

func TestSendTransportErrorHidesTheURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + secretPath
	srv.Close() // nothing listens any more
	s, _ := testSender()
	s.MaxAttempts = 2
	_, err := s.Send(context.Background(), url, Build(sampleDigest(), "https://x.example"))
	var se *Error
	if !errors.As(err, &se) || se.Status != 0 || se.Attempts != 2 {
		t.Fatalf("err = %v, want a transport *Error after 2 attempts", err)
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "/services/") {
		t.Fatalf("error leaks the webhook URL: %v", err)
	}
}

func TestSendRefusesAnInvalidPayload(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{200, "ok", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, _ := testSender()
	if _, err := s.Send(context.Background(), srv.URL, Payload{Text: "x"}); err == nil || hook.count() != 0 {
		t.Fatalf("err = %v, requests %d: an invalid payload must not be posted", err, hook.count())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"3", 3 * time.Second}, {"-1", 0}, {"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
