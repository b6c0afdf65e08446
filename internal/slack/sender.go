package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sender posts payloads to incoming webhooks. A 429 is retried after its
// Retry-After, a 5xx or a failed connection with exponential backoff, up
// to MaxAttempts; any other answer is final.
type Sender struct {
	// HTTP should have a timeout; NewSender sets 15 s.
	HTTP *http.Client
	// MaxAttempts bounds the tries, the first included.
	MaxAttempts int
	// BaseDelay is the first backoff; it doubles each retry.
	BaseDelay time.Duration
	// MaxDelay caps any wait, Retry-After included.
	MaxDelay time.Duration
	// Sleep waits d or until ctx ends (tests make it instant).
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewSender returns a Sender with production settings: four attempts over
// about a minute at most.
func NewSender() *Sender {
	return &Sender{
		HTTP: &http.Client{
			Timeout: 15 * time.Second,
			// A webhook never redirects; following one would post the
			// digest somewhere nobody configured.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		MaxAttempts: 4,
		BaseDelay:   time.Second,
		MaxDelay:    30 * time.Second,
		Sleep:       sleepCtx,
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Result is what the webhook answered last.
type Result struct {
	Status   int
	Response string // the start of the response body
	Attempts int
}

// Error is a send that did not succeed. It names the webhook's host only:
// the URL itself is the credential.
type Error struct {
	Host     string
	Status   int    // 0 when no answer came back
	Response string // Slack's own message ("invalid_blocks", "no_service")
	Attempts int
	Err      error // the transport error, when there was no answer
}

func (e *Error) Error() string {
	tries := "1 attempt"
	if e.Attempts != 1 {
		tries = strconv.Itoa(e.Attempts) + " attempts"
	}
	if e.Status == 0 {
		return fmt.Sprintf("slack: post to %s failed after %s: %v", e.Host, tries, e.Err)
	}
	return fmt.Sprintf("slack: %s answered %d after %s: %s", e.Host, e.Status, tries, e.Response)
}

func (e *Error) Unwrap() error { return e.Err }

// WebhookHost is the host of a webhook URL, which pages and logs may show.
func WebhookHost(webhookURL string) string {
	u, err := url.Parse(webhookURL)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	return u.Host
}

// maxResponse is how much of a response body is kept for the record.
const maxResponse = 300

// Send validates p and posts it. The error is an *Error for a send that
// reached no success, or a validation error (then nothing was posted).
func (s *Sender) Send(ctx context.Context, webhookURL string, p Payload) (Result, error) {
	if err := Validate(p); err != nil {
		return Result{}, err
	}
	body, err := Encode(p, false)
	if err != nil {
		return Result{}, err
	}
	host := WebhookHost(webhookURL)
	attempts := max(s.MaxAttempts, 1)
	var res Result
	for res.Attempts < attempts {
		res.Attempts++
		status, response, retryAfter, err := s.post(ctx, webhookURL, body)
		res.Status, res.Response = status, response
		if err == nil && status >= 200 && status < 300 {
			return res, nil
		}
		failure := &Error{Host: host, Status: status, Response: response, Attempts: res.Attempts, Err: err}
		retryable := status == http.StatusTooManyRequests || status >= 500 || (status == 0 && ctx.Err() == nil)
		if !retryable || res.Attempts == attempts {
			return res, failure
		}
		wait := s.BaseDelay << (res.Attempts - 1)
		if retryAfter > 0 {
			wait = retryAfter
		}
		if s.MaxDelay > 0 {
			wait = min(wait, s.MaxDelay)
		}
		if err := s.Sleep(ctx, wait); err != nil {
			failure.Err = errors.Join(failure.Err, err)
			return res, failure
		}
	}
	return res, nil // unreachable: the loop returns on its last attempt
}

// post makes one request. The error it returns never contains the URL.
func (s *Sender) post(ctx context.Context, webhookURL string, body []byte) (status int, response string, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, "", 0, errors.New("bad webhook URL")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := s.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // *url.Error prints the URL, the secret
		}
		return 0, "", 0, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	return res.StatusCode, snippet(raw), parseRetryAfter(res.Header.Get("Retry-After"), time.Now()), nil
}

// parseRetryAfter reads seconds or an HTTP date; 0 when absent or bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func snippet(raw []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(raw), "�"))
	if utf8.RuneCountInString(s) > maxResponse {
		s = Truncate(s, maxResponse)
	}
	return s
}
