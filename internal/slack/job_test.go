package slack

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// fakeStore stands in for *postgres.Store and the warnings and OKR stores.
type fakeStore struct {
	projects  []sprintlens.Project
	metrics   map[int64]sprintlens.MetricsSummary
	sums      map[int64][]sprintlens.IterationSummary
	warnings  []sprintlens.DigestWarning
	krs       []sprintlens.DigestKR
	webhooks  map[int64]string
	snapshots []sprintlens.AsOfSnapshot
	sends     []sprintlens.DigestSend
	failWith  error
	// maxAge is what DigestOKRs was last asked with.
	maxAge time.Duration
}

func (f *fakeStore) Projects(context.Context) ([]sprintlens.Project, error) { return f.projects, nil }
func (f *fakeStore) Project(_ context.Context, id int64) (sprintlens.Project, error) {
	for _, p := range f.projects {
		if p.ID == id {
			return p, nil
		}
	}
	return sprintlens.Project{}, sprintlens.ErrNotFound
}
func (f *fakeStore) MetricsSummary(_ context.Context, pid int64) (sprintlens.MetricsSummary, error) {
	m, ok := f.metrics[pid]
	if !ok {
		return m, sprintlens.ErrNotFound
	}
	return m, f.failWith
}
func (f *fakeStore) IterationSummaries(_ context.Context, pid int64) ([]sprintlens.IterationSummary, error) {
	return f.sums[pid], nil
}
func (f *fakeStore) TopWarnings(_ context.Context, _ int64, n int) ([]sprintlens.DigestWarning, error) {
	return f.warnings[:min(n, len(f.warnings))], nil
}
func (f *fakeStore) DigestOKRs(_ context.Context, _ time.Time, maxAge time.Duration) ([]sprintlens.DigestKR, error) {
	f.maxAge = maxAge
	return f.krs, nil
}
func (f *fakeStore) DigestWebhookURL(_ context.Context, pid int64) (string, error) {
	if u, ok := f.webhooks[pid]; ok {
		return u, nil
	}
	return "", sprintlens.ErrNotFound
}
func (f *fakeStore) CreateAsOfSnapshot(_ context.Context, s sprintlens.AsOfSnapshot) error {
	f.snapshots = append(f.snapshots, s)
	return nil
}
func (f *fakeStore) RecordDigestSend(_ context.Context, s sprintlens.DigestSend) (int64, error) {
	f.sends = append(f.sends, s)
	return int64(len(f.sends)), nil
}

var jobNow = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday 09:00 in Tokyo

func teamStore() *fakeStore {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 11, 9, 0, 0, 0, 0, tokyo)
	its := func(n int, kind string) sprintlens.Iteration {
		return sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-41)), Finish: start.AddDate(0, 0, 7*(n-40)), Kind: kind}
	}
	return &fakeStore{
		projects: []sprintlens.Project{
			{ID: 1, Name: "SRE Platform", TimeZone: "Asia/Tokyo", CurrentIteration: 43},
			{ID: 2, Name: "No webhook", TimeZone: "Asia/Tokyo"},
		},
		metrics: map[int64]sprintlens.MetricsSummary{1: {Velocity: sprintlens.Velocity{Value: 12}}},
		sums: map[int64][]sprintlens.IterationSummary{1: {
			{Iteration: its(41, "done"), AcceptedPoints: 11, AcceptedCount: 5},
			{Iteration: its(42, "done"), AcceptedPoints: 13, AcceptedCount: 6, Committed: sprintlens.Tally{Points: 21, Count: 9}, CarriedOver: sprintlens.Tally{Points: 5, Count: 2}},
			{Iteration: its(43, "current"), AcceptedPoints: 2, AcceptedCount: 1},
		}},
		warnings: []sprintlens.DigestWarning{{StoryID: 9, Name: "Big one", Kind: "too_big", Points: 8}},
		krs: []sprintlens.DigestKR{
			{Objective: "Team", Title: "kr", Status: sprintlens.OnTrack},
			{ProjectID: 99, Objective: "Other project", Title: "not ours", Status: sprintlens.OffTrack},
		},
		webhooks: map[int64]string{},
	}
}

func newTestJob(st *fakeStore, defaultHook string) (*Job, *strings.Builder) {
	logs := &strings.Builder{}
	j := NewJob("https://sprintlens.example.com", defaultHook, slog.New(slog.NewTextHandler(logs, nil)))
	j.Projects, j.Webhooks, j.Snapshots, j.Sends = st, st, st, st
	j.Assembler = &Assembler{Projects: st, Metrics: st, Warnings: st, OKRs: st}
	j.Now = func() time.Time { return jobNow }
	j.Sender.Sleep = func(context.Context, time.Duration) error { return nil }
	return j, logs
}

func TestAssembleFillsTheDigest(t *testing.T) {
	st := teamStore()
	a := &Assembler{Projects: st, Metrics: st, Warnings: st, OKRs: st, CheckInMaxAge: 14 * 24 * time.Hour}
	d, err := a.Assemble(context.Background(), 1, jobNow)
	if err != nil {
		t.Fatal(err)
	}
	if st.maxAge != 14*24*time.Hour {
		t.Errorf("OKRs read with max age %v, want CHECKIN_MAX_AGE's 336h", st.maxAge)
	}
	s := d.LastSprint
	if s == nil || s.Number != 42 || s.Accepted.Points != 13 || s.Committed.Points != 21 || s.CarriedOver.Count != 2 {
		t.Fatalf("last sprint = %+v, want 42 with 13 of 21 accepted", s)
	}
	if d.Velocity != 12 || d.PeriodLabel != "Sprint 42 · Nov 16 – Nov 22, 2026" || d.GeneratedAt.Location().String() != "Asia/Tokyo" {
		t.Fatalf("digest = %+v", d)
	}
	if len(d.Warnings) != 1 || !d.WarningsAvailable || len(d.OKRs) != 1 || !d.OKRsAvailable {
		t.Fatalf("warnings %v, okrs %v: want ours and the team's only", d.Warnings, d.OKRs)
	}
	if d.Links.SprintReview != "/projects/1/sprints/42" || d.Links.Project != "/projects/1" {
		t.Fatalf("links = %+v", d.Links)
	}

	// Without warnings and OKR sources, and before any metrics, it still works.
	bare := &Assembler{Projects: st, Metrics: st}
	d, err = bare.Assemble(context.Background(), 2, jobNow)
	if err != nil {
		t.Fatal(err)
	}
	if d.LastSprint != nil || d.WarningsAvailable || d.OKRsAvailable || d.PeriodLabel != "Week of Nov 23, 2026" {
		t.Fatalf("bare digest = %+v", d)
	}
	if err := Validate(Build(d, "https://x.example")); err != nil {
		t.Fatal(err)
	}
	if _, err := bare.Assemble(context.Background(), 404, jobNow); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("unknown project: %v", err)
	}
}

func TestLastDoneSkipsUnfinishedSprints(t *testing.T) {
	end := jobNow.Add(time.Hour) // sprint 42 has not ended yet
	sums := []sprintlens.IterationSummary{
		{Iteration: sprintlens.Iteration{Number: 41, Kind: "done", Finish: jobNow.Add(-time.Hour)}},
		{Iteration: sprintlens.Iteration{Number: 42, Kind: "done", Finish: end}},
	}
	if n := lastDone(sprintlens.Project{}, sums, jobNow); n != 41 {
		t.Fatalf("lastDone = %d, want 41", n)
	}
	if n := lastDone(sprintlens.Project{CurrentIteration: 41}, sums, jobNow); n != 0 {
		t.Fatalf("with current iteration 41, lastDone = %d, want 0", n)
	}
}

// A sprint whose numbers were computed while it was in progress counts its
// unaccepted stories as Open, not carried over: it is not the last sprint
// even once its end has passed, whatever the iteration's kind says.
func TestLastSprintIgnoresNumbersOfASprintInProgress(t *testing.T) {
	st := teamStore()
	sums := st.sums[1]
	sums[2].Iteration.Kind = sprintlens.IterationDone // sprint 43 ended a day ago, unsynced since
	now := sums[2].Iteration.Finish.AddDate(0, 0, 1)
	sums[2].InProgress, sums[2].Open = true, sprintlens.Tally{Points: 8, Count: 3}
	sums[2].Committed = sprintlens.Tally{Points: 10, Count: 4}
	for _, p := range []sprintlens.Project{
		{ID: 1, Name: "by kind", TimeZone: "Asia/Tokyo"},
		{ID: 1, Name: "by current iteration", TimeZone: "Asia/Tokyo", CurrentIteration: 44},
	} {
		st.projects[0] = p
		d, err := (&Assembler{Projects: st, Metrics: st}).Assemble(context.Background(), 1, now)
		if err != nil {
			t.Fatal(err)
		}
		if s := d.LastSprint; s == nil || s.Number != 42 || s.CarriedOver.Points != 5 {
			t.Errorf("%s: last sprint = %+v, want 42 with 5 points carried over", p.Name, s)
		}
	}
}

func TestJobSendsFreezesAndRecords(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{200, "ok", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	st := teamStore()
	j, logs := newTestJob(st, "")
	st.webhooks[1] = srv.URL + secretPath
	if err := j.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if hook.count() != 1 || len(st.sends) != 1 || len(st.snapshots) != 1 {
		t.Fatalf("posts %d, sends %d, snapshots %d: want one each (project 2 has no webhook)", hook.count(), len(st.sends), len(st.snapshots))
	}
	rec, snap := st.sends[0], st.snapshots[0]
	if !rec.OK || rec.Status != 200 || rec.Attempts != 1 || rec.Trigger != sprintlens.TriggerSchedule || rec.SnapshotID != snap.ID {
		t.Fatalf("record = %+v", rec)
	}
	if rec.WebhookHost != strings.TrimPrefix(srv.URL, "http://") {
		t.Fatalf("record host %q", rec.WebhookHost)
	}
	// The message links to its own frozen copy, which holds exactly what was posted.
	if !strings.Contains(payloadText(hook.payloads[0]), "https://sprintlens.example.com/s/"+snap.ID+"|This digest as sent") {
		t.Fatal("the message does not link to its snapshot")
	}
	v, err := snap.DigestView()
	if err != nil {
		t.Fatal(err)
	}
	var frozen Payload
	if err := json.Unmarshal(v.Payload, &frozen); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(frozen, hook.payloads[0]) {
		t.Fatalf("snapshot payload differs from what was posted:\n%+v\n%+v", frozen, hook.payloads[0])
	}
	if strings.Contains(logs.String(), "s3cr3t") {
		t.Fatal("logs leak the webhook URL")
	}
}

func TestJobRecordsFailureAndKeepsGoing(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{500, "internal_error", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	st := teamStore()
	st.projects[1].ID = 3 // a second project with the default webhook and no numbers yet
	j, logs := newTestJob(st, srv.URL+secretPath)
	err := j.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "project 1") || !strings.Contains(err.Error(), "project 3") {
		t.Fatalf("Run = %v, want both projects' failures", err)
	}
	if len(st.sends) != 2 {
		t.Fatalf("%d sends recorded, want 2", len(st.sends))
	}
	for _, rec := range st.sends {
		if rec.OK || rec.Status != 500 || rec.Attempts != 4 || rec.Response != "internal_error" || !strings.Contains(rec.Error, "answered 500") {
			t.Errorf("failure record = %+v", rec)
		}
		if strings.Contains(rec.Error, "s3cr3t") {
			t.Error("the record leaks the webhook URL")
		}
	}
	if strings.Contains(logs.String(), "s3cr3t") || !strings.Contains(logs.String(), "digest not sent") {
		t.Fatalf("logs:\n%s", logs)
	}
}

func TestJobWithoutWebhook(t *testing.T) {
	st := teamStore()
	j, _ := newTestJob(st, "")
	if err := j.Run(context.Background()); err != nil {
		t.Fatalf("no webhook anywhere is not a failure: %v", err)
	}
	if _, err := j.SendProject(context.Background(), 1, sprintlens.TriggerTest); !errors.Is(err, ErrNoWebhook) || !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("SendProject without webhook = %v", err)
	}
	if len(st.sends) != 0 {
		t.Fatal("nothing to record when nothing could be sent")
	}
}

func TestJobRecordsAnAssemblyFailure(t *testing.T) {
	st := teamStore()
	st.failWith = errors.New("connection reset")
	j, _ := newTestJob(st, "https://hooks.slack.example/services/x")
	_, err := j.SendProject(context.Background(), 1, sprintlens.TriggerCLI)
	if err == nil || len(st.sends) != 1 || st.sends[0].OK || st.sends[0].Attempts != 0 || !strings.Contains(st.sends[0].Error, "connection reset") {
		t.Fatalf("err %v, sends %+v", err, st.sends)
	}
}

// OnSent sees every send tried, delivered or not, and no skipped project.
func TestJobReportsEachSendTried(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{200, "ok", ""}, {404, "no_service", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	st := teamStore()
	st.projects = append(st.projects, sprintlens.Project{ID: 3, Name: "Gone channel", TimeZone: "Asia/Tokyo"})
	j, _ := newTestJob(st, "")
	st.webhooks[1], st.webhooks[3] = srv.URL+secretPath, srv.URL+secretPath
	var seen []sprintlens.DigestSend
	j.OnSent = func(s sprintlens.DigestSend) { seen = append(seen, s) }
	if err := j.Run(context.Background()); err == nil {
		t.Fatal("project 3's refused post should fail the run")
	}
	if len(seen) != 2 || len(st.sends) != 2 {
		t.Fatalf("OnSent saw %d sends, %d recorded: want two each (project 2 has no webhook)", len(seen), len(st.sends))
	}
	for i, s := range seen {
		if s.ID != int64(i+1) {
			t.Errorf("send %d seen without its record's id: %d", i, s.ID)
		}
		s.ID = 0 // the recorder assigns it
		if !reflect.DeepEqual(s, st.sends[i]) {
			t.Errorf("OnSent saw %+v, recorded %+v", s, st.sends[i])
		}
	}
	if !seen[0].OK || seen[0].ProjectID != 1 || seen[1].OK || seen[1].ProjectID != 3 || seen[1].Status != 404 {
		t.Errorf("seen = %+v", seen)
	}
}
