package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// seedTeam saves project pid: three done one-week sprints and a current
// one; sprint 3 accepted an 8 and a 3 (<script> & all), the 8 estimated est.
func seedTeam(t *testing.T, st *postgres.Store, pid int64, est float64) {
	t.Helper()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	y, m, d := time.Now().In(tokyo).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, tokyo).AddDate(0, 0, -21)
	var its []sprintlens.Iteration
	for n := 1; n <= 4; n++ {
		kind := sprintlens.IterationDone
		if n == 4 {
			kind = sprintlens.IterationCurrent
		}
		its = append(its, sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-1)), Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Kind: kind, Length: 1})
	}
	var stories []sprintlens.Story
	var hist []sprintlens.HistoryEntry
	for i, e := range []float64{est, 3} {
		id := pid*100 + int64(i)
		acc := its[2].Start.Add(time.Duration(30+i) * time.Hour)
		n := 3
		s := sprintlens.Story{ProjectID: pid, ID: id, Name: "Rotate <script> certs & keys", Type: sprintlens.Feature,
			State: sprintlens.Accepted, Estimate: &e, CreatedAt: its[2].Start.Add(-time.Hour), UpdatedAt: acc, AcceptedAt: &acc, IterationNumber: &n}
		stories = append(stories, s)
		hist = append(hist,
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: its[2].Start.Add(time.Hour), State: sprintlens.Started, Estimate: &e, Source: sprintlens.FromActivity},
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: acc, State: sprintlens.Accepted, Estimate: &e, Source: sprintlens.FromActivity})
	}
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: pid, Name: "SRE & <Ops>", TimeZone: "Asia/Tokyo", CurrentIteration: 4},
		Full: true, Iterations: its, Stories: stories, History: hist}
	if _, err := st.SaveSnapshot(context.Background(), snap, postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
}

func TestDigestDryRunPrintsAValidPayload(t *testing.T) {
	st := postgres.NewStore(pgtest.Pool(t))
	seedTeam(t, st, 31, 8)
	var out, errOut bytes.Buffer
	env := envMap(map[string]string{"DATABASE_URL": pgtest.URL(), "BASE_URL": "https://sprintlens.example.com",
		"SLACK_WEBHOOK_URL": "http://127.0.0.1:1/services/never-called"})
	if err := run(context.Background(), []string{"digest", "--project", "31", "--dry-run"}, env, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var p slack.Payload
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatalf("dry run output is not one JSON payload: %v\n%s", err, out.String())
	}
	if err := slack.Validate(p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Weekly digest · SRE &amp; &lt;Ops&gt;", "11 of 11 committed pts", "/projects/31/sprints/3|Sprint 3>"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("payload lacks %q:\n%s", want, out.String())
		}
	}
	sends, err := st.RecentDigestSends(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sends {
		if s.ProjectID == 31 {
			t.Fatal("a dry run must not send or record")
		}
	}
	if err := run(context.Background(), []string{"digest", "--bogus"}, env, &out, &errOut); err == nil {
		t.Fatal("a bad flag must fail")
	}
}

func TestDigestSendThenReestimateKeepsThePermalink(t *testing.T) {
	ctx := context.Background()
	st := postgres.NewStore(pgtest.Pool(t))
	seedTeam(t, st, 32, 8)
	var posted []byte
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posted, _ = io.ReadAll(r.Body)
		_, _ = io.WriteString(w, "ok")
	}))
	defer hook.Close()
	var out, errOut bytes.Buffer
	env := envMap(map[string]string{"DATABASE_URL": pgtest.URL(), "BASE_URL": "https://sprintlens.example.com",
		"SLACK_WEBHOOK_URL": hook.URL + "/services/T0/B0/s3cr3t"})
	if err := run(ctx, []string{"digest", "--project", "32"}, env, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "project 32: sent to 127.0.0.1") || strings.Contains(out.String()+errOut.String(), "s3cr3t") {
		t.Fatalf("output: %s\nlogs: %s", out.String(), errOut.String())
	}
	sends, err := st.RecentDigestSends(ctx, 1)
	if err != nil || len(sends) != 1 || !sends[0].OK || sends[0].ProjectID != 32 || sends[0].SnapshotID == "" {
		t.Fatalf("recorded sends = %+v, %v", sends, err)
	}
	id := sends[0].SnapshotID
	if !strings.Contains(string(posted), "https://sprintlens.example.com/s/"+id) {
		t.Fatal("the posted message does not link to its permalink")
	}

	// The 8-pointer is re-estimated to 5 and synced again.
	seedTeam(t, st, 32, 5)
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Bundle: b}, web.Deps{Ready: st, Projects: st, Snapshots: st, SnapshotSources: st})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/s/"+id, nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "11 of 11 committed pts") {
		t.Fatalf("permalink %d should still show the 11 accepted points it sent:\n%s", rec.Code, body)
	}
	if !strings.Contains(body, `data-key="accepted_points"`) || !strings.Contains(body, "11 → 8") {
		t.Fatalf("permalink should say accepted points moved 11 → 8:\n%s", body)
	}
}
