package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// loadOptions bound one load run: it stops at the deadline or after
// maxRequests, whichever comes first, so it always ends by itself.
type loadOptions struct {
	concurrency int
	duration    time.Duration
	maxRequests int64
}

// pageSet is what a load run requests: path picks the next path, from a
// fixed one or a random project and sprint.
type pageSet struct {
	name string
	path func(r *rand.Rand) string
	// etags, when set, makes every request a repeat view: it sends the
	// ETag the URL last answered with in If-None-Match, as a browser
	// revisiting a page does, and counts 304 as success. It is kept
	// across runs of the set (the warm-up fills it).
	etags *sync.Map
}

// loadResult is one run's outcome. Latencies are sorted.
type loadResult struct {
	requests   int64
	errors     int64
	firstError string
	elapsed    time.Duration
	latencies  []time.Duration
}

// rate is completed requests per second.
func (r loadResult) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// percentile is the nearest-rank q-th percentile (q in (0,1]).
func (r loadResult) percentile(q float64) time.Duration {
	n := len(r.latencies)
	if n == 0 {
		return 0
	}
	i := int(float64(n)*q+0.999999) - 1
	return r.latencies[min(max(i, 0), n-1)]
}

// newLoadClient is a keep-alive client for one base URL, holding as many
// idle connections as there are workers. Its cookie jar keeps the CSRF
// and language cookies, as a browser does.
func newLoadClient(concurrency int) *http.Client {
	jar, _ := cookiejar.New(nil) // only fails on a bad public-suffix list, and it has none
	return &http.Client{
		Timeout: 30 * time.Second,
		Jar:     jar,
		Transport: &http.Transport{
			MaxIdleConns:        concurrency * 2,
			MaxIdleConnsPerHost: concurrency * 2,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// runLoad sends GET requests for set to base from opts.concurrency workers
// and times each one. It asks for gzip like a browser but does not
// inflate the body: the server's compression is part of a page's cost,
// decompressing it is not.
func runLoad(ctx context.Context, client *http.Client, base string, set pageSet, opts loadOptions) loadResult {
	ctx, cancel := context.WithTimeout(ctx, opts.duration)
	defer cancel()
	var sent, failed atomic.Int64
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	start := time.Now()
	for w := range max(opts.concurrency, 1) {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			var lat []time.Duration
			for ctx.Err() == nil && sent.Add(1) <= opts.maxRequests {
				t0 := time.Now()
				err := getOnce(ctx, client, base+set.path(rng), set.etags)
				if ctx.Err() != nil {
					break // cut off by the deadline: neither a result nor an error
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					if failed.Add(1) == 1 {
						mu.Lock()
						res.firstError = err.Error()
						mu.Unlock()
					}
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests, res.errors = int64(len(res.latencies)), failed.Load()
	slices.Sort(res.latencies)
	return res
}

// getOnce fetches url and reads the whole body; anything but 200 is an
// error, except a 304 to a request that sent an ETag from etags (nil:
// never send one).
func getOnce(ctx context.Context, client *http.Client, url string, etags *sync.Map) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	sent := false
	if etags != nil {
		if tag, ok := etags.Load(url); ok {
			req.Header.Set("If-None-Match", tag.(string))
			sent = true
		}
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	switch {
	case res.StatusCode == http.StatusNotModified && sent:
	case res.StatusCode != http.StatusOK:
		return fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	case etags != nil && res.Header.Get("ETag") != "":
		etags.Store(url, res.Header.Get("ETag"))
	}
	return nil
}

// probe reports the status a path answers with (0 and the error when the
// request itself failed), to tell a page that is not built yet (404) from
// one that is.
func probe(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}
