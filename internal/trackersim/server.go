package trackersim

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// BasePath is where the API lives, as on www.pivotaltracker.com.
const BasePath = "/services/v5"

// DefaultToken is the API token the server accepts unless WithToken says otherwise.
const DefaultToken = "sim-token"

// Server answers Tracker API v5 GET requests from a Dataset. It is safe for
// concurrent use; the mutation and fault methods may be called while it serves.
type Server struct {
	mu    sync.RWMutex // guards ds
	ds    *Dataset
	token string
	faults
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the accepted X-TrackerToken value.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithLatency delays every response by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.SetLatency(d) } }

// WithFailures makes the first n responses fail; see FailNext.
func WithFailures(n, status int, retryAfter string) Option {
	return func(s *Server) { s.FailNext(n, status, retryAfter) }
}

// WithTruncation makes the first n successful responses stop halfway; see TruncateNext.
func WithTruncation(n int) Option { return func(s *Server) { s.TruncateNext(n) } }

// New returns a server over ds; from now on the server owns ds.
func New(ds *Dataset, opts ...Option) *Server {
	s := &Server{ds: ds, token: DefaultToken}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Token is the API token the server accepts.
func (s *Server) Token() string { return s.token }

// View calls fn with the dataset under the read lock, so tests can compute
// expected numbers while the server runs. fn must not keep or change it.
func (s *Server) View(fn func(ds *Dataset)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(s.ds)
}

// Start serves on addr (e.g. "127.0.0.1:0") in the background. baseURL
// includes BasePath, ready for a client: "http://127.0.0.1:PORT/services/v5".
func (s *Server) Start(addr string) (baseURL string, stop func(context.Context) error, err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("trackersim: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	var once sync.Once
	var stopErr error
	stop = func(ctx context.Context) error {
		once.Do(func() {
			if err := srv.Shutdown(ctx); err != nil {
				stopErr = fmt.Errorf("trackersim: shutdown: %w", err)
				return
			}
			if err := <-done; !errors.Is(err, http.ErrServerClosed) {
				stopErr = fmt.Errorf("trackersim: serve: %w", err)
			}
		})
		return stopErr
	}
	return "http://" + ln.Addr().String() + BasePath, stop, nil
}

// ServeHTTP answers one request: latency, injected failure, token check,
// then the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if d := s.currentLatency(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			s.record(r, 0, "canceled")
			return
		}
	}
	if status, retryAfter, failed := s.takeFailure(); failed {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		s.record(r, status, "fail")
		s.write(w, faultResponse(status), false)
		return
	}
	var res response
	if r.Header.Get("X-TrackerToken") != s.token && r.URL.Query().Get("token") != s.token {
		res = invalidAuthentication()
	} else {
		s.mu.RLock()
		res = s.route(r)
		s.mu.RUnlock()
	}
	truncate := res.status == http.StatusOK && s.takeTruncation()
	fault := ""
	if truncate {
		fault = "truncate"
	}
	s.record(r, res.status, fault)
	s.write(w, res, truncate)
}

// write sends res with Tracker's headers. A truncated response promises the
// full Content-Length, sends half and drops the connection.
func (s *Server) write(w http.ResponseWriter, res response, truncate bool) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if res.version > 0 {
		h.Set("X-Tracker-Project-Version", strconv.FormatInt(res.version, 10))
	}
	if res.page != nil {
		res.page.set(h)
	}
	if res.status == http.StatusOK {
		sum := md5.Sum(res.body)
		h.Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
		h.Set("X-Tracker-Client-Pinger-Interval", "20")
	}
	h.Set("Content-Length", strconv.Itoa(len(res.body)))
	w.WriteHeader(res.status)
	if !truncate {
		_, _ = w.Write(res.body)
		return
	}
	_, _ = w.Write(res.body[:len(res.body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler) // net/http closes the connection without logging
}
