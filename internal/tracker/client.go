package tracker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for a Client; each can be changed with an Option.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 5
	DefaultMaxElapsed  = 2 * time.Minute
)

// Client reads one Tracker API v5 endpoint with one token. It is safe for
// concurrent use once built.
type Client struct {
	base        string // scheme://host/.../services/v5, no trailing slash
	token       string
	hc          *http.Client
	log         *slog.Logger
	hook        func(RequestInfo)
	maxAttempts int
	maxElapsed  time.Duration

	// Seams for tests: retries sleep and measure elapsed time through these
	// so a test can run a whole backoff schedule in microseconds.
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	jitter func(d time.Duration) time.Duration
}

// RequestInfo describes one HTTP request the client made, after it finished.
// The syncer counts these and shows progress; Query never holds the token
// (the token travels in a header).
type RequestInfo struct {
	Method   string
	Path     string // relative to the base URL, e.g. "/projects/99/stories"
	Query    string
	Status   int // 0 when no response arrived
	Duration time.Duration
	Attempt  int // 1 for the first try, 2 for the first retry, ...
	// Err is set when no response arrived or its body could not be read;
	// an error status shows in Status alone.
	Err error
}

// Option changes how New builds a Client.
type Option func(*Client)

// WithHTTPClient makes the client send requests through hc. The caller then
// owns its timeout and redirect policy.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithRetry bounds retries of 429, 5xx and network failures: at most
// maxAttempts tries in all, and no retry that would end after maxElapsed
// from the first try. Values below 1 (or 0 for the duration) keep the default.
func WithRetry(maxAttempts int, maxElapsed time.Duration) Option {
	return func(c *Client) {
		if maxAttempts >= 1 {
			c.maxAttempts = maxAttempts
		}
		if maxElapsed > 0 {
			c.maxElapsed = maxElapsed
		}
	}
}

// WithLogger logs each request at debug level and each retry at warn level.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) {
		if l != nil {
			c.log = l
		}
	}
}

// WithRequestHook calls fn after every HTTP request, retries included.
// fn runs on the calling goroutine and should return quickly.
func WithRequestHook(fn func(RequestInfo)) Option {
	return func(c *Client) { c.hook = fn }
}

// New builds a client for baseURL, which must be a Tracker API v5 root such as
// https://www.pivotaltracker.com/services/v5 (a trailing slash is fine).
func New(baseURL, token string, opts ...Option) (*Client, error) {
	base, err := checkBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("tracker: empty API token")
	}
	c := &Client{
		base:        base,
		token:       token,
		hc:          defaultHTTPClient(),
		log:         slog.New(slog.DiscardHandler),
		maxAttempts: DefaultMaxAttempts,
		maxElapsed:  DefaultMaxElapsed,
		sleep:       sleepCtx,
		now:         time.Now,
		jitter:      equalJitter,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// BaseURL returns the API root the client talks to, without a trailing slash.
func (c *Client) BaseURL() string { return c.base }

func checkBaseURL(raw string) (string, error) {
	const want = "/services/v5"
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// Not the raw URL: it might carry credentials.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("tracker: base URL: %w", err)
	}
	if u.User != nil {
		// Credentials in the URL would end up in error messages; the token goes in a header.
		return "", errors.New("tracker: base URL must not carry user info")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("tracker: base URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("tracker: base URL %q: no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("tracker: base URL %q: must not have a query or fragment", raw)
	}
	p := strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(p, want) {
		return "", fmt.Errorf("tracker: base URL %q: path must end in %s (for example https://www.pivotaltracker.com%s)", raw, want, want)
	}
	u.Path = p
	u.RawPath = ""
	return u.String(), nil
}

// defaultHTTPClient has a timeout and refuses redirects to another host,
// because Go forwards custom headers such as X-TrackerToken on redirect.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout: DefaultTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Host != via[0].URL.Host {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

// equalJitter spreads retries of many clients: a delay in [d/2, d).
func equalJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half)
}
