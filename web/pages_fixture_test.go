package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// The page tests save small hand-built projects through SaveSnapshot with
// the metrics hook, then read the rendered pages by data-testid.
//
// Project 9 "SRE" (Asia/Tokyo, window 3) has one-week sprints from Monday
// 2026-10-05; sprint 4 is current. Sprint by sprint:
//
//	1: #1 (3 pts) committed and accepted.
//	2: #2 (5) committed, accepted; #5 (2, named like a script) committed,
//	   started, not accepted: carried over; #7 (1) added, not started.
//	3: #3 (8) committed, accepted; #5 accepted (chain 2 → 3, one roll);
//	   #7 committed, carried over; #6 (bug, no estimate) added and accepted.
//	4: #7 (1) committed, started; #8 (3) committed, accepted on day 2.
//
// Accepted points are 3, 5, 10, so velocity = 6, population sd =
// sqrt((9+1+16)/3) ≈ 2.944 and volatility ≈ 49.07%. The backlog behind
// sprint 4: #10 (5, eks-migration), #11 (unestimated), release #12 "R1",
// #13 (8, eks-migration), chore #14, icebox #15 (2, eks-migration).
const (
	fixtureProject = 9
	xssName        = "<script>alert(1)</script>"
)

var tokyo = mustLoad("Asia/Tokyo")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// sprintStart is the start of sprint n of the fixture.
func sprintStart(n int) time.Time {
	return time.Date(2026, 10, 5, 0, 0, 0, 0, tokyo).AddDate(0, 0, 7*(n-1))
}

func ptr[T any](v T) *T { return &v }

type storyBuilder struct {
	stories []sprintlens.Story
	history []sprintlens.HistoryEntry
}

// story adds a story whose current state is its last history step.
func (b *storyBuilder) story(id int64, name string, typ sprintlens.StoryType, est *float64, pos int, labels []int64, steps ...step) {
	st := sprintlens.Story{ProjectID: fixtureProject, ID: id, Name: name, Type: typ, Estimate: est, Position: pos,
		LabelIDs: labels, State: sprintlens.Unscheduled, CreatedAt: sprintStart(1).Add(-72 * time.Hour),
		Owners: []string{"Aiko"}}
	for _, s := range steps {
		st.State = s.state
		st.IterationNumber = s.iteration
		st.UpdatedAt = s.at
		if s.state == sprintlens.Accepted {
			st.AcceptedAt = ptr(s.at)
		}
		if s.at.Before(st.CreatedAt) {
			st.CreatedAt = s.at
		}
		b.history = append(b.history, sprintlens.HistoryEntry{StoryID: id, OccurredAt: s.at, State: s.state,
			Estimate: est, IterationNumber: s.iteration, Source: sprintlens.FromActivity})
	}
	if len(steps) == 0 {
		st.UpdatedAt = st.CreatedAt
	}
	b.stories = append(b.stories, st)
}

type step struct {
	at        time.Time
	state     sprintlens.StoryState
	iteration *int
}

func at(n int, h time.Duration, state sprintlens.StoryState, iteration int) step {
	s := step{at: sprintStart(n).Add(h), state: state}
	if iteration > 0 {
		s.iteration = ptr(iteration)
	}
	return s
}

func fixtureSnapshot() sprintlens.Snapshot {
	var its []sprintlens.Iteration
	for n := 1; n <= 6; n++ {
		kind := sprintlens.IterationDone
		switch {
		case n == 4:
			kind = sprintlens.IterationCurrent
		case n > 4:
			kind = sprintlens.IterationBacklog
		}
		its = append(its, sprintlens.Iteration{ProjectID: fixtureProject, Number: n, Start: sprintStart(n),
			Finish: sprintStart(n + 1), TeamStrength: 1, Length: 1, Kind: kind})
	}
	its[2].TeamStrength = 0.5 // sprint 3 at half strength: normalised = (3 + 5 + 20) / 3
	const h = time.Hour
	eks := []int64{1}
	var b storyBuilder
	b.story(1, "Rotate TLS certificates", sprintlens.Feature, ptr(3.0), 1, nil,
		at(1, -h, sprintlens.Unstarted, 1), at(1, h, sprintlens.Started, 1), at(1, 50*h, sprintlens.Accepted, 1))
	b.story(2, "Alert on disk pressure", sprintlens.Feature, ptr(5.0), 2, eks,
		at(2, -h, sprintlens.Unstarted, 2), at(2, h, sprintlens.Started, 2), at(2, 50*h, sprintlens.Accepted, 2))
	b.story(5, xssName, sprintlens.Feature, ptr(2.0), 3, eks,
		at(2, -h, sprintlens.Unstarted, 2), at(2, 2*h, sprintlens.Started, 2), at(3, 50*h, sprintlens.Accepted, 3))
	b.story(7, "Runbook for failover", sprintlens.Feature, ptr(1.0), 4, nil,
		at(2, 24*h, sprintlens.Unstarted, 2), at(3, 0, sprintlens.Unstarted, 3), at(4, 0, sprintlens.Unstarted, 4),
		at(4, h, sprintlens.Started, 4))
	b.story(3, "Migrate ingress to EKS", sprintlens.Feature, ptr(8.0), 5, eks,
		at(3, -h, sprintlens.Unstarted, 3), at(3, h, sprintlens.Started, 3), at(3, 50*h, sprintlens.Accepted, 3))
	b.story(6, "Pager storm at night", sprintlens.Bug, nil, 6, nil,
		at(3, 10*h, sprintlens.Started, 3), at(3, 20*h, sprintlens.Accepted, 3))
	b.story(8, "Backup restore drill", sprintlens.Feature, ptr(3.0), 7, nil,
		at(4, -h, sprintlens.Unstarted, 4), at(4, 2*h, sprintlens.Started, 4), at(4, 26*h, sprintlens.Accepted, 4))
	b.story(10, "Move logging to EKS", sprintlens.Feature, ptr(5.0), 10, eks, at(4, -h, sprintlens.Unstarted, 5))
	b.story(11, "Decide on tracing", sprintlens.Feature, nil, 11, nil, at(4, -h, sprintlens.Unstarted, 5))
	b.story(12, "R1", sprintlens.Release, nil, 12, nil, at(4, -h, sprintlens.Unstarted, 5))
	b.story(13, "Move databases to EKS", sprintlens.Feature, ptr(8.0), 13, eks, at(4, -h, sprintlens.Unstarted, 6))
	b.story(14, "Upgrade Terraform", sprintlens.Chore, nil, 14, nil, at(4, -h, sprintlens.Unstarted, 6))
	b.story(15, "Chaos day", sprintlens.Feature, ptr(2.0), 15, eks)
	return sprintlens.Snapshot{
		Project: sprintlens.Project{ID: fixtureProject, Name: "SRE", TimeZone: "Asia/Tokyo", IterationWeeks: 1,
			VelocityWindow: 3, CurrentIteration: 4},
		Full: true, Iterations: its,
		Labels:  []sprintlens.Label{{ProjectID: fixtureProject, ID: 1, Name: "eks-migration"}},
		Epics:   []sprintlens.Epic{{ProjectID: fixtureProject, ID: 100, Name: "EKS migration", LabelID: 1}},
		Stories: b.stories, History: b.history,
	}
}

// fixtureNow is Thursday noon of sprint 4: four days have begun.
var fixtureNow = sprintStart(4).Add(3*24*time.Hour + 12*time.Hour)

// pagesEnv is a server over a freshly saved fixture.
type pagesEnv struct {
	store *postgres.Store
	srv   *web.Server
}

func newPagesEnv(t *testing.T) pagesEnv {
	t.Helper()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	if _, err := st.SaveSnapshot(context.Background(), fixtureSnapshot(), postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Version: "test", Bundle: bundle, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return fixtureNow }},
		web.Deps{Ready: st, Projects: st, Velocity: st, Backlog: st, Cycles: st, Rollup: st})
	return pagesEnv{store: st, srv: srv}
}

// get fetches path and returns the status, the body and the response.
func (e pagesEnv) get(t *testing.T, path string, hdr ...string) (int, string, *http.Response) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body), rec.Result()
}

// page fetches an HTML page that must answer 200.
func (e pagesEnv) page(t *testing.T, path string) string {
	t.Helper()
	code, body, _ := e.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", path, code, body)
	}
	return body
}

// testID returns the text of every element with data-testid=id, tags
// stripped and spaces collapsed.
func testID(body, id string) []string {
	var out []string
	marker := `data-testid="` + id + `"`
	for rest := body; ; {
		i := strings.Index(rest, marker)
		if i < 0 {
			return out
		}
		rest = rest[i+len(marker):]
		open := strings.Index(rest, ">")
		if open < 0 {
			return out
		}
		rest = rest[open+1:]
		out = append(out, innerText(rest))
	}
}

// innerText reads up to the end of the element that starts at s (counting
// nested elements of any name) and returns its text.
func innerText(s string) string {
	depth := 0
	var text strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '<' {
			text.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag := s[i : i+end+1]
		i += end + 1
		switch {
		case strings.HasPrefix(tag, "</"):
			if depth == 0 {
				return clean(text.String())
			}
			depth--
		case strings.HasSuffix(tag, "/>") || isVoid(tag):
		default:
			depth++
		}
	}
	return clean(text.String())
}

// clean collapses spaces and decodes entities.
func clean(s string) string { return html.UnescapeString(strings.Join(strings.Fields(s), " ")) }

func isVoid(tag string) bool {
	for _, v := range []string{"<input", "<br", "<img", "<meta", "<link", "<hr"} {
		if strings.HasPrefix(tag, v) {
			return true
		}
	}
	return false
}

// one returns the single element's text with data-testid=id.
func one(t *testing.T, body, id string) string {
	t.Helper()
	got := testID(body, id)
	if len(got) != 1 {
		t.Fatalf("want one data-testid=%q, found %d: %q", id, len(got), got)
	}
	return got[0]
}
