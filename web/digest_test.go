package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// memStore is an in-memory stand-in for *postgres.Store's digest,
// snapshot and metrics methods.
type memStore struct {
	mu        sync.Mutex
	project   sprintlens.Project
	metrics   sprintlens.MetricsSummary
	sums      []sprintlens.IterationSummary
	review    sprintlens.Review
	webhooks  map[int64]string
	snapshots map[string]sprintlens.AsOfSnapshot
	sends     []sprintlens.DigestSend
}

func (m *memStore) ProjectSummaries(context.Context) ([]sprintlens.ProjectSummary, error) {
	return []sprintlens.ProjectSummary{{Project: m.project}}, nil
}
func (m *memStore) Projects(context.Context) ([]sprintlens.Project, error) {
	return []sprintlens.Project{m.project}, nil
}
func (m *memStore) Project(_ context.Context, id int64) (sprintlens.Project, error) {
	if id != m.project.ID {
		return sprintlens.Project{}, sprintlens.ErrNotFound
	}
	return m.project, nil
}
func (m *memStore) MetricsSummary(context.Context, int64) (sprintlens.MetricsSummary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.metrics, nil
}
func (m *memStore) IterationSummaries(context.Context, int64) ([]sprintlens.IterationSummary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sprintlens.IterationSummary(nil), m.sums...), nil
}
func (m *memStore) SprintReview(_ context.Context, pid int64, n int) (sprintlens.Review, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if pid != m.project.ID || n != m.review.Iteration.Number {
		return sprintlens.Review{}, sprintlens.ErrNotFound
	}
	return m.review, nil
}
func (m *memStore) DigestWebhookURL(_ context.Context, pid int64) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u, ok := m.webhooks[pid]; ok {
		return u, nil
	}
	return "", sprintlens.ErrNotFound
}
func (m *memStore) DigestWebhooks(context.Context) ([]sprintlens.DigestWebhook, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sprintlens.DigestWebhook
	for pid, u := range m.webhooks {
		out = append(out, sprintlens.DigestWebhook{ProjectID: pid, Host: slack.WebhookHost(u)})
	}
	return out, nil
}
func (m *memStore) SetDigestWebhook(_ context.Context, pid int64, u string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u == "" {
		delete(m.webhooks, pid)
		return nil
	}
	m.webhooks[pid] = u
	return nil
}
func (m *memStore) RecordDigestSend(_ context.Context, s sprintlens.DigestSend) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sends = append(m.sends, s)
	return int64(len(m.sends)), nil
}
func (m *memStore) RecentDigestSends(context.Context, int) ([]sprintlens.DigestSend, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]sprintlens.DigestSend, len(m.sends))
	for i, s := range m.sends {
		s.ID = int64(i + 1)
		out[len(out)-1-i] = s
	}
	return out, nil
}
func (m *memStore) CreateAsOfSnapshot(_ context.Context, s sprintlens.AsOfSnapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snapshots[s.ID] = s
	return nil
}
func (m *memStore) AsOfSnapshot(_ context.Context, id string) (sprintlens.AsOfSnapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.snapshots[id]
	if !ok {
		return s, sprintlens.ErrNotFound
	}
	return s, nil
}

// set changes the live numbers, as a re-estimate and the next sync would.
func (m *memStore) set(f func(m *memStore)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(m)
}

var testNow = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func newMemStore() *memStore {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 11, 16, 0, 0, 0, 0, tokyo)
	it := sprintlens.Iteration{ProjectID: 1, Number: 42, Start: start, Finish: start.AddDate(0, 0, 7), Kind: "done"}
	return &memStore{
		project: sprintlens.Project{ID: 1, Name: "SRE <Platform> & Ops", TimeZone: "Asia/Tokyo", CurrentIteration: 43},
		metrics: sprintlens.MetricsSummary{Velocity: sprintlens.Velocity{Value: 12}},
		sums: []sprintlens.IterationSummary{{Iteration: it, AcceptedPoints: 13, AcceptedCount: 6,
			Committed: sprintlens.Tally{Points: 21, Count: 9}, CarriedOver: sprintlens.Tally{Points: 5, Count: 2}}},
		review: sprintlens.Review{Iteration: it, Committed: sprintlens.Tally{Points: 21, Count: 9},
			Accepted: sprintlens.Tally{Points: 13, Count: 6}, CarriedOver: sprintlens.Tally{Points: 5, Count: 2},
			Stories: []sprintlens.ReviewStory{{StoryID: 188000101, Name: "Rotate certs <now>", Type: sprintlens.Feature,
				Points: 8, Committed: true, CarriedOver: true}}},
		webhooks:  map[int64]string{},
		snapshots: map[string]sprintlens.AsOfSnapshot{},
	}
}

// digestServer wires a real digest job over the memStore, posting to a
// local webhook that answers with status.
func digestServer(t *testing.T, status int) (*Server, *memStore, *int, func(int)) {
	t.Helper()
	st := newMemStore()
	var mu sync.Mutex
	posts := 0
	answer := status
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		var p slack.Payload
		b, _ := io.ReadAll(r.Body)
		if json.Unmarshal(b, &p) != nil || slack.Validate(p) != nil {
			w.WriteHeader(400)
			return
		}
		posts++
		w.WriteHeader(answer)
		_, _ = io.WriteString(w, map[bool]string{true: "ok", false: "internal_error"}[answer == 200])
	}))
	t.Cleanup(hook.Close)
	job := slack.NewJob("https://sprintlens.example.com", hook.URL+"/services/T0/B0/s3cr3t", slog.New(slog.DiscardHandler))
	job.Projects, job.Webhooks, job.Snapshots, job.Sends = st, st, st, st
	job.Assembler = &slack.Assembler{Projects: st, Metrics: st}
	job.Now = func() time.Time { return testNow }
	job.Sender.Sleep = func(context.Context, time.Duration) error { return nil }
	s, _ := newTestServer(t, Deps{Projects: st, Digest: job, DigestLog: st, Snapshots: st, SnapshotSources: st})
	return s, st, &posts, func(code int) { mu.Lock(); answer = code; mu.Unlock() }
}

var preJSON = regexp.MustCompile(`(?s)<pre data-testid="digest-json">(.*?)</pre>`)

func TestDigestPreviewShowsBlocksAndValidJSON(t *testing.T) {
	s, _, posts, _ := digestServer(t, 200)
	res, body := get(t, s, "/digest/preview?project=1")
	if res.StatusCode != 200 {
		t.Fatalf("preview status %d", res.StatusCode)
	}
	m := preJSON.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON payload on the preview")
	}
	var p slack.Payload
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &p); err != nil {
		t.Fatalf("payload on the page is not JSON: %v", err)
	}
	if err := slack.Validate(p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`data-testid="block-header"`, "Weekly digest · SRE &lt;Platform&gt; &amp; Ops",
		`data-testid="block-field"`, "13 of 21 committed pts (62%)",
		`href="https://sprintlens.example.com/projects/1/sprints/42"`,
		`name="_csrf"`, `data-testid="send-test"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(body, "s3cr3t") || strings.Contains(body, "<Platform>") {
		t.Fatal("preview leaks the webhook URL or unescaped text")
	}
	if *posts != 0 {
		t.Fatal("a preview must not post")
	}
	if res, _ := get(t, s, "/digest/preview?project=nope"); res.StatusCode != 422 {
		t.Errorf("bad project id: %d", res.StatusCode)
	}
	if res, _ := get(t, s, "/digest/preview?project=99"); res.StatusCode != 404 {
		t.Errorf("unknown project: %d", res.StatusCode)
	}
}

func TestDigestSendTestIsRecordedAndShown(t *testing.T) {
	s, st, posts, answer := digestServer(t, 200)
	sess := newSession(t, s, "/digest/preview?project=1")

	if res, _ := (session{cookie: sess.cookie}).post(t, s, "/digest/test", url.Values{"project": {"1"}}); res.StatusCode < 400 || *posts != 0 {
		t.Fatalf("without a CSRF token: status %d, posts %d", res.StatusCode, *posts)
	}
	res, _ := sess.post(t, s, "/digest/test", url.Values{"project": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/digest?send=1" || *posts != 1 {
		t.Fatalf("send test: status %d, location %q, posts %d", res.StatusCode, res.Header.Get("Location"), *posts)
	}
	answer(500)
	res, _ = sess.post(t, s, "/digest/test", url.Values{"project": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/digest?send=2" {
		t.Fatalf("a failed send is still recorded and shown: status %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := get(t, s, "/digest?send=2")
	if n := strings.Count(body, `data-testid="digest-send"`); n != 2 {
		t.Fatalf("%d sends listed, want 2", n)
	}
	for _, want := range []string{`data-testid="send-ok"`, `data-testid="send-failed"`, "answered 500 after 4 attempts",
		`href="/s/` + st.sends[0].SnapshotID + `"`, `data-send-id="2" aria-current="page"`, "internal_error"} {
		if !strings.Contains(body, want) {
			t.Errorf("digest page lacks %q", want)
		}
	}
	if strings.Contains(body, "s3cr3t") || strings.Contains(body, "/services/T0") {
		t.Fatal("the digest page leaks the webhook URL")
	}
	if !strings.Contains(body, `data-testid="default-webhook"`) || !strings.Contains(body, "127.0.0.1") {
		t.Error("the default webhook's host should be shown")
	}
}

func TestDigestWebhookFormShowsHostOnly(t *testing.T) {
	s, st, _, _ := digestServer(t, 200)
	sess := newSession(t, s, "/digest")
	const secret = "https://hooks.slack.com/services/T9/B9/t0pS3cret"
	res, _ := sess.post(t, s, "/digest/webhook", url.Values{"project": {"1"}, "url": {secret}})
	if res.StatusCode != http.StatusSeeOther || st.webhooks[1] != secret {
		t.Fatalf("set webhook: status %d, stored %q", res.StatusCode, st.webhooks[1])
	}
	_, body := get(t, s, "/digest")
	if !strings.Contains(body, "hooks.slack.com") || strings.Contains(body, "t0pS3cret") {
		t.Fatalf("the page should name the host and hide the URL")
	}
	_, body = get(t, s, "/digest/preview?project=1")
	if !strings.Contains(body, "hooks.slack.com") || strings.Contains(body, "t0pS3cret") {
		t.Fatal("the preview should name the host the test goes to, and only the host")
	}
}

func TestDigestPagesOffWithoutDeps(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	for _, path := range []string{"/digest", "/digest/preview?project=1", "/s/abcdefghijklmnopqrst"} {
		if res, _ := get(t, s, path); res.StatusCode != 404 {
			t.Errorf("%s without its deps: %d, want 404", path, res.StatusCode)
		}
	}
}
