package postgres_test

import (
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// TestDigestOKRs grades the running period's key results as the OKR page
// does, on Friday 20 November 2026 at noon in Tokyo: 50.5 of 2026Q4's 92
// days have gone.
func TestDigestOKRs(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	loc := tokyo(t)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, loc)
	expected := 100 * 50.5 / 92

	team, err := f.st.CreateObjective(ctx, sprintlens.Objective{PeriodID: f.period.ID, Title: "Calmer on-call", Team: "SRE"}, "aiko")
	if err != nil {
		t.Fatal(err)
	}
	newKR := func(obj int64, title string) sprintlens.KeyResult {
		kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: obj, Title: title, Kind: sprintlens.KRIncrease,
			Start: 0, Target: 100}, 0, "kenji")
		if err != nil {
			t.Fatal(err)
		}
		return kr
	}
	checkIn := func(kr sprintlens.KeyResult, value float64, confidence int, at time.Time) {
		if _, err := f.st.AddCheckIn(ctx, sprintlens.CheckIn{KeyResultID: kr.ID, Value: value, Confidence: confidence,
			Author: "kenji", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	eks := newKR(f.obj.ID, "Services on EKS")
	checkIn(eks, 30, 6, time.Date(2026, 11, 4, 10, 0, 0, 0, loc))
	checkIn(eks, 50, 8, time.Date(2026, 11, 18, 10, 0, 0, 0, loc)) // the latest: 4 points behind, confident
	pages := newKR(team.ID, "Pages a week below 3")
	checkIn(pages, 10, 5, time.Date(2026, 11, 1, 10, 0, 0, 0, loc)) // 19 days old, 45 points behind
	silent := newKR(f.obj.ID, "Chef server switched off")           // nobody has checked in since 1 October

	type want struct {
		project  int64
		obj, kr  string
		status   sprintlens.KRStatus
		progress float64
		outdated bool
	}
	check := func(t *testing.T, got []sprintlens.DigestKR, wants []want) {
		t.Helper()
		if len(got) != len(wants) {
			t.Fatalf("%d key results %+v, want %d", len(got), got, len(wants))
		}
		for i, w := range wants {
			g := got[i]
			if g.ProjectID != w.project || g.Objective != w.obj || g.Title != w.kr || g.Status != w.status ||
				g.Progress != w.progress || g.Outdated != w.outdated || math.Abs(g.Expected-expected) > 1e-9 {
				t.Errorf("#%d = %+v, want %+v (expected %.2f)", i, g, w, expected)
			}
		}
	}
	// Objectives in their order, key results in theirs.
	got, err := f.st.DigestOKRs(ctx, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, []want{
		{42, "Run every service on containers", "Services on EKS", sprintlens.OnTrack, 50, false},
		{42, "Run every service on containers", "Chef server switched off", sprintlens.OffTrack, 0, true},
		{0, "Calmer on-call", "Pages a week below 3", sprintlens.OffTrack, 10, true},
	})
	if got[0].URL != "/okrs/key-results/"+strconv.FormatInt(eks.ID, 10) || got[1].URL != "/okrs/key-results/"+strconv.FormatInt(silent.ID, 10) {
		t.Errorf("links: %q, %q", got[0].URL, got[1].URL)
	}
	// CHECKIN_MAX_AGE of 30 days: a check-in 19.5 days old is fresh, but
	// 50.5 days without one is not.
	got, err = f.st.DigestOKRs(ctx, now, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Outdated != true || got[2].Outdated != false {
		t.Errorf("with a 30-day max age: outdated %v and %v, want true and false", got[1].Outdated, got[2].Outdated)
	}

	// A custom period inside the quarter is the one running; once closed,
	// the quarter is again.
	push, err := sprintlens.NewPeriod("nov-push", "November push", time.Date(2026, 11, 16, 0, 0, 0, 0, loc), time.Date(2026, 12, 1, 0, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	if push, err = f.st.CreatePeriod(ctx, push, "aiko"); err != nil {
		t.Fatal(err)
	}
	o, err := f.st.CreateObjective(ctx, sprintlens.Objective{PeriodID: push.ID, Title: "Ship the ingress cut-over", Team: "SRE"}, "aiko")
	if err != nil {
		t.Fatal(err)
	}
	newKR(o.ID, "Ingress on Gateway API")
	if got, err = f.st.DigestOKRs(ctx, now, 0); err != nil || len(got) != 1 || got[0].Title != "Ingress on Gateway API" {
		t.Fatalf("with the November push running: %+v, %v", got, err)
	}
	if _, err := f.st.ClosePeriod(ctx, "nov-push", "aiko"); err != nil {
		t.Fatal(err)
	}
	if got, err = f.st.DigestOKRs(ctx, now, 0); err != nil || len(got) != 3 {
		t.Fatalf("after closing the push: %+v, %v; want the quarter's three", got, err)
	}

	// No period running: an empty list.
	got, err = f.st.DigestOKRs(ctx, time.Date(2027, 2, 1, 0, 0, 0, 0, loc), 0)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("outside every period: %+v, %v; want an empty list", got, err)
	}
}
