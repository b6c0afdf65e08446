package main

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// jobMetrics are the sync and digest counters on /metrics. The syncer and
// the digest job only call hooks; serve points the hooks here.
type jobMetrics struct {
	syncRuns     *prometheus.CounterVec
	syncDuration *prometheus.HistogramVec
	syncStories  *prometheus.CounterVec
	syncRequests prometheus.Counter
	digestSends  *prometheus.CounterVec
}

// newJobMetrics registers the counters on reg. Every label value that can
// occur starts at 0, so a rate or an alert on failures has a series from
// the start rather than from the first failure.
func newJobMetrics(reg prometheus.Registerer) *jobMetrics {
	m := &jobMetrics{
		syncRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sprintlens_sync_runs_total", Help: "Tracker sync runs ended, by kind (full, incremental) and status.",
		}, []string{"kind", "status"}),
		syncDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sprintlens_sync_duration_seconds", Help: "How long Tracker sync runs ran, by kind.",
			// An incremental run takes about a second, a first full sync of a
			// large project minutes; SYNC_TIMEOUT defaults to ten.
			Buckets: []float64{.25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"kind"}),
		syncStories: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sprintlens_sync_stories_total", Help: "Stories changed by Tracker syncs, by change (inserted, updated, deleted).",
		}, []string{"change"}),
		syncRequests: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sprintlens_sync_requests_total", Help: "Requests Tracker sync runs made to the Tracker API.",
		}),
		digestSends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sprintlens_digest_sends_total", Help: "Slack digests tried, by whether Slack took them (ok).",
		}, []string{"ok"}),
	}
	reg.MustRegister(m.syncRuns, m.syncDuration, m.syncStories, m.syncRequests, m.digestSends)
	for _, kind := range []string{postgres.RunFull, postgres.RunIncremental} {
		for _, st := range []sprintlens.RunStatus{sprintlens.RunSucceeded, sprintlens.RunFailed, sprintlens.RunCancelled} {
			m.syncRuns.WithLabelValues(kind, string(st))
		}
		m.syncDuration.WithLabelValues(kind)
	}
	for _, change := range []string{"inserted", "updated", "deleted"} {
		m.syncStories.WithLabelValues(change)
	}
	m.digestSends.WithLabelValues("true")
	m.digestSends.WithLabelValues("false")
	return m
}

// syncRunFinished is ingest.SyncConfig.OnRunFinished.
func (m *jobMetrics) syncRunFinished(r sprintlens.SyncRun, took time.Duration) {
	m.syncRuns.WithLabelValues(r.Kind, string(r.Status)).Inc()
	m.syncDuration.WithLabelValues(r.Kind).Observe(took.Seconds())
	m.syncStories.WithLabelValues("inserted").Add(float64(r.StoriesInserted))
	m.syncStories.WithLabelValues("updated").Add(float64(r.StoriesUpdated))
	m.syncStories.WithLabelValues("deleted").Add(float64(r.StoriesDeleted))
	m.syncRequests.Add(float64(r.Requests))
}

// digestSent is slack.Job.OnSent.
func (m *jobMetrics) digestSent(s sprintlens.DigestSend) {
	m.digestSends.WithLabelValues(strconv.FormatBool(s.OK)).Inc()
}
