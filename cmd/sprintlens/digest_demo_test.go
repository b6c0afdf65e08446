package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// TestDigestDryRunOnDemoData prints the digest of the demo's data (the
// simulated team synced, its OKRs seeded) and checks that every section is
// there: the last done sprint, story-size warnings and OKR status lines.
func TestDigestDryRunOnDemoData(t *testing.T) {
	ctx := context.Background()
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "sldigest")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	env := map[string]string{"DATABASE_URL": dbURL, "LOG_LEVEL": "error", "BASE_URL": "https://sprintlens.example.com"}
	cfg, err := config.Load(envMap(env))
	if err != nil {
		t.Fatal(err)
	}
	log := newLogger(cfg, io.Discard)
	pool, err := openDatabase(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	_, stopSim, err := startDemoTracker(ctx, &cfg, pool, log, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stopSim(context.Background()) }()
	pid := cfg.TrackerProjects[0]

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"digest", "--project", fmt.Sprint(pid), "--dry-run"}, envMap(env), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var p slack.Payload
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatalf("dry run output is not one JSON payload: %v\n%s", err, out.String())
	}
	if err := slack.Validate(p); err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, b := range p.Blocks {
		if b.Text != nil {
			text.WriteString(b.Text.Text + "\n")
		}
		for _, f := range b.Fields {
			text.WriteString(f.Text + "\n")
		}
	}
	all := text.String()

	// The numbers the digest states are the store's for the last done sprint.
	store := postgres.NewStore(pool)
	proj, err := store.Project(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := store.IterationSummaries(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	var last, current sprintlens.IterationSummary
	for _, s := range sums {
		n := s.Iteration.Number
		if n < proj.CurrentIteration && n > last.Iteration.Number {
			last = s
		}
		if n == proj.CurrentIteration {
			current = s
		}
	}
	// The sprint in progress has open stories and nothing carried over; the
	// digest must report the sprint before it, whose numbers are final.
	if !current.InProgress || current.Open.Count == 0 || last.Iteration.Number == 0 || last.InProgress || last.Open.Count != 0 {
		t.Fatalf("the demo should have a sprint in progress with open stories after a done one: current %+v, last %+v", current, last)
	}
	n := last.Iteration.Number
	for _, want := range []string{
		fmt.Sprintf("/projects/%d/sprints/%d|Sprint %d>", pid, n, n),
		"*Carried over*\n" + tallyText(last.CarriedOver),
		"*Committed*\n" + tallyText(last.Committed),
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the last sprint should be %d, the newest done one (current is %d); payload lacks %q:\n%s",
				n, proj.CurrentIteration, want, all)
		}
	}

	ws, err := store.TopWarnings(ctx, pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) == 0 {
		t.Fatal("the demo data should have open warnings")
	}
	warnLine := regexp.MustCompile(`(?m)^• <https://[^|]+\|[^>]+> · ([\d.]+ pts|unestimated) · (too big|multi sprint|unestimated soon|thin scope|long running|rejected twice|lumpy sprint)`)
	if !strings.Contains(all, fmt.Sprintf("*Story-size warnings* (%d)", len(ws))) || !warnLine.MatchString(all) {
		t.Errorf("no warnings section with %d warnings and a warning line:\n%s", len(ws), all)
	}
	okrLine := regexp.MustCompile(`(?m)^• :(large_green_circle|large_yellow_circle|red_circle): <https://sprintlens\.example\.com/okrs/key-results/\d+\|[^>]+> · \d+% \(expected \d+%\)`)
	if !strings.Contains(all, "*OKRs* · ") || !okrLine.MatchString(all) {
		t.Errorf("no OKR section with a status line:\n%s", all)
	}
}

// tallyText is how the digest writes a tally: points to one decimal.
func tallyText(t sprintlens.Tally) string {
	pts := strconv.FormatFloat(math.Round(t.Points*10)/10, 'f', -1, 64)
	if t.Count == 1 {
		return pts + " pts · 1 story"
	}
	return fmt.Sprintf("%s pts · %d stories", pts, t.Count)
}
