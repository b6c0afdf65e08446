package trackersim

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// maxLog bounds the request log; old entries are dropped.
const maxLog = 1000

// faults are the knobs tests turn to see how a client copes.
type faults struct {
	requests atomic.Int64
	latency  atomic.Int64 // nanoseconds

	mu         sync.Mutex
	failLeft   int
	failStatus int
	retryAfter string
	truncLeft  int
	log        []RequestRecord
}

// RequestRecord is one entry of the request log.
type RequestRecord struct {
	Method string
	Path   string
	Query  string
	Status int    // 0 when the client went away during latency
	Fault  string // "", "fail", "truncate" or "canceled"
	At     time.Time
}

// FailNext makes the next n requests fail with status (429 or 5xx) and a
// JSON error body; retryAfter, when not empty, is sent as Retry-After.
func (f *faults) FailNext(n, status int, retryAfter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failLeft, f.failStatus, f.retryAfter = n, status, retryAfter
}

// TruncateNext makes the next n successful responses stop halfway through
// the body and close the connection.
func (f *faults) TruncateNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.truncLeft = n
}

// SetLatency delays every following response by d (0 turns it off).
func (f *faults) SetLatency(d time.Duration) { f.latency.Store(int64(d)) }

// RequestCount is the number of requests received, faulty ones included.
func (f *faults) RequestCount() int64 { return f.requests.Load() }

// Requests returns a copy of the request log, oldest first (at most the
// last 1000 requests).
func (f *faults) Requests() []RequestRecord {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]RequestRecord(nil), f.log...)
}

func (f *faults) currentLatency() time.Duration { return time.Duration(f.latency.Load()) }

func (f *faults) takeFailure() (status int, retryAfter string, failed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failLeft <= 0 {
		return 0, "", false
	}
	f.failLeft--
	status = f.failStatus
	if status < 400 {
		status = http.StatusInternalServerError
	}
	return status, f.retryAfter, true
}

func (f *faults) takeTruncation() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.truncLeft <= 0 {
		return false
	}
	f.truncLeft--
	return true
}

func (f *faults) record(r *http.Request, status int, fault string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.log) >= maxLog {
		f.log = append(f.log[:0], f.log[len(f.log)-maxLog/2:]...)
	}
	f.log = append(f.log, RequestRecord{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: status, Fault: fault, At: time.Now()})
}
