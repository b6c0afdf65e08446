package tracker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxBody bounds how much of one response the client reads; a full page of
// 500 stories with descriptions is a few MB.
const maxBody = 64 << 20

// call is one logical GET: its path, query and the project it concerns.
type call struct {
	path      string // relative to base, starting with "/"
	query     url.Values
	projectID int64 // non-zero for project-scoped calls (404 means project missing)
}

func (k call) String() string { return http.MethodGet + " " + k.path }

// get performs k with retries and decodes a 2xx JSON body into out. It
// returns the pagination headers of the response that succeeded.
func (c *Client) get(ctx context.Context, k call, out any) (Pagination, error) {
	body, h, err := c.fetch(ctx, k)
	if err != nil {
		return Pagination{}, err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return Pagination{}, fmt.Errorf("%s: decode %d-byte response (%s): %w", k, len(body), h.Get("Content-Type"), err)
	}
	return parsePagination(h), nil
}

// fetch sends k until it succeeds, fails for good, or the retry budget
// (attempts and elapsed time) runs out.
func (c *Client) fetch(ctx context.Context, k call) ([]byte, http.Header, error) {
	first := c.now()
	for attempt := 1; ; attempt++ {
		body, h, err := c.once(ctx, k, attempt)
		if err == nil {
			return body, h, nil
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("%s: %w", k, context.Cause(ctx))
		}
		var wait time.Duration
		var ae *APIError
		var pe permanent
		switch {
		case errors.As(err, &pe), errors.As(err, &ae) && !ae.Temporary():
			return nil, nil, err
		case ae != nil:
			wait = retryAfter(h, c.now())
		}
		if attempt >= c.maxAttempts {
			return nil, nil, fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		delay := max(wait, c.jitter(backoff(attempt)))
		if c.now().Sub(first)+delay > c.maxElapsed {
			return nil, nil, fmt.Errorf("gave up after %d attempts, next retry in %s would pass the %s limit: %w",
				attempt, delay.Round(time.Millisecond), c.maxElapsed, err)
		}
		c.log.WarnContext(ctx, "tracker: retrying", "method", http.MethodGet, "path", k.path,
			"attempt", attempt, "delay", delay, "err", err)
		if err := c.sleep(ctx, delay); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", k, err)
		}
	}
}

// once sends one HTTP request. A non-2xx status comes back as *APIError
// together with the response headers (for Retry-After).
func (c *Client) once(ctx context.Context, k call, attempt int) ([]byte, http.Header, error) {
	u := c.base + k.path
	q := k.query.Encode()
	if q != "" {
		u += "?" + q
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", k, err)
	}
	req.Header.Set("X-TrackerToken", c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "sprintlens")

	start := c.now()
	status, body, h, err := c.roundTrip(req)
	info := RequestInfo{Method: http.MethodGet, Path: k.path, Query: q, Status: status,
		Duration: c.now().Sub(start), Attempt: attempt, Err: err}
	c.log.DebugContext(ctx, "tracker: request", "method", info.Method, "path", info.Path, "query", q,
		"status", status, "duration", info.Duration, "attempt", attempt)
	if c.hook != nil {
		c.hook(info)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", k, err)
	}
	if status < 200 || status > 299 {
		ae := newAPIError(http.MethodGet, k.path, status, body, c.token)
		ae.projectID = k.projectID
		return nil, h, ae
	}
	return body, h, nil
}

func (c *Client) roundTrip(req *http.Request) (int, []byte, http.Header, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		// A body cut off mid-transfer is a network failure: retry it.
		return resp.StatusCode, nil, resp.Header, fmt.Errorf("read body: %w", err)
	}
	if len(body) > maxBody {
		return resp.StatusCode, nil, resp.Header, permanent{fmt.Errorf("response larger than %d bytes", maxBody)}
	}
	return resp.StatusCode, body, resp.Header, nil
}

// permanent marks a failure that retrying cannot fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// backoff is the un-jittered wait before retry n (n >= 1): 1s, 2s, 4s, ...
// capped at 30s.
func backoff(n int) time.Duration {
	const base, ceiling = time.Second, 30 * time.Second
	d := base
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

// retryAfter reads Retry-After as seconds or as an HTTP date; 0 if absent.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
