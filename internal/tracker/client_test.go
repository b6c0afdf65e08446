package tracker

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		in      string
		want    string // BaseURL() on success
		wantErr string
	}{
		{in: "https://www.pivotaltracker.com/services/v5", want: "https://www.pivotaltracker.com/services/v5"},
		{in: "https://www.pivotaltracker.com/services/v5/", want: "https://www.pivotaltracker.com/services/v5"},
		{in: "http://127.0.0.1:8089/services/v5", want: "http://127.0.0.1:8089/services/v5"},
		{in: "http://sim.local/tracker/services/v5/", want: "http://sim.local/tracker/services/v5"},
		{in: " https://www.pivotaltracker.com/services/v5 ", want: "https://www.pivotaltracker.com/services/v5"},
		{in: "https://www.pivotaltracker.com", wantErr: "path must end in /services/v5"},
		{in: "https://www.pivotaltracker.com/services/v3", wantErr: "path must end in /services/v5"},
		{in: "https://www.pivotaltracker.com/services/v5/projects", wantErr: "path must end in /services/v5"},
		{in: "ftp://www.pivotaltracker.com/services/v5", wantErr: "scheme must be http or https"},
		{in: "www.pivotaltracker.com/services/v5", wantErr: "scheme must be http or https"},
		{in: "https:///services/v5", wantErr: "no host"},
		{in: "https://www.pivotaltracker.com/services/v5?token=x", wantErr: "query or fragment"},
		{in: "https://me:secret@www.pivotaltracker.com/services/v5", wantErr: "user info"},
		{in: "http://[::1", wantErr: "base URL"},
		{in: "", wantErr: "scheme must be http or https"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := New(tt.in, testToken)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error repeats credentials: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseURL() != tt.want {
				t.Errorf("BaseURL = %q, want %q", c.BaseURL(), tt.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	if _, err := New("https://www.pivotaltracker.com/services/v5", "  "); err == nil {
		t.Error("an empty token must be refused")
	}
	c, err := New("https://www.pivotaltracker.com/services/v5", testToken)
	if err != nil {
		t.Fatal(err)
	}
	if c.hc.Timeout != DefaultTimeout || c.maxAttempts != 5 || c.maxElapsed != 2*time.Minute {
		t.Errorf("defaults: timeout %s, attempts %d, elapsed %s", c.hc.Timeout, c.maxAttempts, c.maxElapsed)
	}
	hc := &http.Client{Timeout: time.Second}
	c, _ = New("https://www.pivotaltracker.com/services/v5", testToken, WithHTTPClient(hc), WithRetry(2, time.Second))
	if c.hc != hc || c.maxAttempts != 2 || c.maxElapsed != time.Second {
		t.Errorf("options not applied: %+v", c)
	}
}

func TestTimeUnmarshal(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: `"2017-05-03T23:29:40Z"`, want: time.Date(2017, 5, 3, 23, 29, 40, 0, time.UTC)},
		{in: `"2025-04-07T09:00:00+09:00"`, want: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)},
		{in: `1389218474000`, want: time.Date(2014, 1, 8, 22, 1, 14, 0, time.UTC)},
		{in: `"1389218474000"`, want: time.Date(2014, 1, 8, 22, 1, 14, 0, time.UTC)},
		{in: `"2011-09-14"`, want: time.Date(2011, 9, 14, 0, 0, 0, 0, time.UTC)},
		{in: `null`},
		{in: `""`},
		{in: `"last tuesday"`, wantErr: true},
		{in: `true`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				At Time `json:"at"`
			}
			err := json.Unmarshal([]byte(`{"at":`+tt.in+`}`), &v)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %v", v.At)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !v.At.Equal(tt.want) || (!tt.want.IsZero() && v.At.Location() != time.UTC) {
				t.Errorf("got %v, want %v", v.At, tt.want)
			}
			if (v.At.Ptr() == nil) != tt.want.IsZero() {
				t.Errorf("Ptr() = %v", v.At.Ptr())
			}
		})
	}
}

func TestTimeRoundTrip(t *testing.T) {
	in := Time{time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)}
	b, err := json.Marshal(struct{ A, B Time }{A: in})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"A":"2025-04-07T00:00:00Z","B":null}` {
		t.Errorf("marshal = %s", b)
	}
}

func TestBackoffAndRetryAfter(t *testing.T) {
	wantBackoff := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, want := range wantBackoff {
		if got := backoff(i + 1); got != want {
			t.Errorf("backoff(%d) = %s, want %s", i+1, got, want)
		}
	}
	for range 100 {
		if d := equalJitter(8 * time.Second); d < 4*time.Second || d >= 8*time.Second {
			t.Fatalf("equalJitter(8s) = %s, want [4s, 8s)", d)
		}
	}
	now := time.Date(2025, 4, 7, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"12", 12 * time.Second},
		{"-5", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
}
