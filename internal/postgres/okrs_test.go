package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func tokyo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// okrFixture is a store with project 42 (labels eks-migration and cost,
// epic 900 on eks-migration), the 2026Q4 period in Tokyo and one objective.
type okrFixture struct {
	st     *postgres.Store
	period sprintlens.Period
	obj    sprintlens.Objective
}

func newOKRFixture(t *testing.T) okrFixture {
	t.Helper()
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 42, Name: "SRE", TimeZone: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, st, `INSERT INTO labels (project_id, id, name) VALUES (42, 1, 'eks-migration'), (42, 2, 'cost'), (42, 3, 'monitoring')`)
	mustExec(t, st, `INSERT INTO epics (project_id, id, name, label_id) VALUES (42, 900, 'Migrate to EKS', 1), (42, 901, 'Calmer on-call', 3)`)
	q, err := sprintlens.QuarterPeriod(2026, 4, tokyo(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreatePeriod(ctx, q, "aiko")
	if err != nil {
		t.Fatal(err)
	}
	project := int64(42)
	o, err := st.CreateObjective(ctx, sprintlens.Objective{PeriodID: p.ID, Title: "Run every service on containers",
		Owner: "kenji", ProjectID: &project}, "aiko")
	if err != nil {
		t.Fatal(err)
	}
	return okrFixture{st: st, period: p, obj: o}
}

func mustExec(t *testing.T, st *postgres.Store, sql string, args ...any) {
	t.Helper()
	if _, err := st.Pool().Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestPeriodRoundTrip(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	got, err := f.st.Period(ctx, "2026Q4")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo(t))
	if !got.Start.Equal(want) || got.Start.Location().String() != "Asia/Tokyo" || !got.End.Equal(want.AddDate(0, 3, 0)) || got.Closed {
		t.Errorf("period round trip: %+v", got)
	}
	byID, err := f.st.PeriodByID(ctx, got.ID)
	if err != nil || byID.Key != "2026Q4" {
		t.Errorf("PeriodByID = %+v, %v", byID, err)
	}
	if _, err := f.st.Period(ctx, "2030Q1"); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("missing period: %v, want ErrNotFound", err)
	}
	custom, err := sprintlens.NewPeriod("h2-push", "Second half push", time.Date(2026, 7, 15, 0, 0, 0, 0, tokyo(t)),
		time.Date(2026, 9, 1, 0, 0, 0, 0, tokyo(t)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreatePeriod(ctx, custom, "aiko"); err != nil {
		t.Fatal(err)
	}
	_, err = f.st.CreatePeriod(ctx, custom, "aiko")
	if !errors.Is(err, sprintlens.ErrInvalid) || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate key: %v, want ErrInvalid 'already exists'", err)
	}
	all, err := f.st.Periods(ctx)
	if err != nil || len(all) != 2 || all[0].Key != "2026Q4" || all[1].Key != "h2-push" {
		t.Errorf("Periods = %+v, %v (latest first)", all, err)
	}
	edits, err := f.st.OKREdits(ctx, sprintlens.EntityPeriod, got.ID)
	if err != nil || len(edits) == 0 || edits[0].Author != "aiko" {
		t.Errorf("period creation not in the edit trail: %+v, %v", edits, err)
	}
}

func TestKeyResultRoundTripAndLinkValidation(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "Services on EKS", Kind: sprintlens.KRIncrease,
		Start: 0, Target: 24, Unit: "services", LabelLinks: []string{"eks-migration", "cost"}, EpicLinks: []int64{900}}, 0, "kenji")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "Rollout", Kind: sprintlens.KRMilestones,
		Milestones: []sprintlens.Milestone{{Title: "design"}, {Title: "pilot"}, {Title: "all"}}}, 0, "kenji")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.st.KeyResult(ctx, kr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target != 24 || got.Weight != 1 || got.Unit != "services" || strings.Join(got.LabelLinks, ",") != "eks-migration,cost" ||
		len(got.EpicLinks) != 1 || got.EpicLinks[0] != 900 || got.Score != nil {
		t.Errorf("key result round trip: %+v", got)
	}
	all, err := f.st.PeriodKeyResults(ctx, f.period.ID)
	if err != nil || len(all) != 2 || all[0].ID != kr.ID || len(all[1].Milestones) != 3 || all[1].Target != 3 || all[1].ID != ms.ID {
		t.Errorf("PeriodKeyResults = %+v, %v", all, err)
	}
	edits, _ := f.st.OKREdits(ctx, sprintlens.EntityKeyResult, kr.ID)
	if len(edits) == 0 || edits[0].Author != "kenji" {
		t.Errorf("creation edits = %+v", edits)
	}

	bad := []struct {
		name string
		kr   sprintlens.KeyResult
		want string
	}{
		{"unknown label", sprintlens.KeyResult{Title: "x", Kind: sprintlens.KRIncrease, Start: 0, Target: 1, LabelLinks: []string{"eks-migraton"}}, `unknown label "eks-migraton"`},
		{"unknown epic", sprintlens.KeyResult{Title: "x", Kind: sprintlens.KRIncrease, Start: 0, Target: 1, EpicLinks: []int64{77}}, "unknown epic 77"},
		{"target equals start", sprintlens.KeyResult{Title: "x", Kind: sprintlens.KRDecrease, Start: 2, Target: 2}, "must differ from start"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			tt.kr.ObjectiveID = f.obj.ID
			_, err := f.st.CreateKeyResult(ctx, tt.kr, 0, "kenji")
			if !errors.Is(err, sprintlens.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
	// A label of another project is unknown in this one.
	if err := f.st.UpsertProject(ctx, sprintlens.Project{ID: 43, Name: "Web"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "x", Kind: sprintlens.KRIncrease,
		Start: 0, Target: 1, LabelLinks: []string{"cost"}}, 43, "kenji")
	if !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("label of project 42 linked through project 43: %v, want ErrInvalid", err)
	}
	after, _ := f.st.PeriodKeyResults(ctx, f.period.ID)
	if len(after) != 2 {
		t.Errorf("rejected key results were stored: %d key results", len(after))
	}
}

func TestCheckInsAreAppendOnly(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "Services on EKS",
		Kind: sprintlens.KRIncrease, Start: 0, Target: 24}, 0, "kenji")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, tokyo(t))
	for i, v := range []float64{4, 3} { // a value may go down: history keeps both
		c, err := f.st.AddCheckIn(ctx, sprintlens.CheckIn{KeyResultID: kr.ID, Value: v, Confidence: 7 - i,
			Comment: "weekly", Author: "kenji", At: at.AddDate(0, 0, 7*i)})
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Value != v || !c.At.Equal(at.AddDate(0, 0, 7*i)) {
			t.Errorf("stored check-in %+v", c)
		}
	}
	got, err := f.st.CheckIns(ctx, kr.ID)
	if err != nil || len(got) != 2 || got[0].Value != 4 || got[1].Value != 3 || got[1].Confidence != 6 || got[0].MilestonesDone != nil {
		t.Fatalf("CheckIns = %+v, %v", got, err)
	}
	if _, err := f.st.Pool().Exec(ctx, `UPDATE check_ins SET value = 99 WHERE id = $1`, got[0].ID); err == nil ||
		!strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE of a check-in: %v, want the append-only refusal", err)
	}
	if _, err := f.st.Pool().Exec(ctx, `DELETE FROM check_ins WHERE id = $1`, got[0].ID); err == nil {
		t.Error("DELETE of a check-in should fail")
	}

	bad := []struct {
		name string
		c    sprintlens.CheckIn
		want string
	}{
		{"confidence above 10", sprintlens.CheckIn{Value: 5, Confidence: 11, Author: "kenji", At: at}, "confidence"},
		{"confidence below 0", sprintlens.CheckIn{Value: 5, Confidence: -1, Author: "kenji", At: at}, "confidence"},
		{"date before the period", sprintlens.CheckIn{Value: 5, Confidence: 5, Author: "kenji", At: f.period.Start.Add(-time.Second)}, "outside period"},
		{"date at the exclusive end", sprintlens.CheckIn{Value: 5, Confidence: 5, Author: "kenji", At: f.period.End}, "outside period"},
		{"no author", sprintlens.CheckIn{Value: 5, Confidence: 5, Author: "  ", At: at}, "author"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.KeyResultID = kr.ID
			if _, err := f.st.AddCheckIn(ctx, tt.c); !errors.Is(err, sprintlens.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalid about %q", err, tt.want)
			}
		})
	}
	if _, err := f.st.AddCheckIn(ctx, sprintlens.CheckIn{KeyResultID: 999999, Value: 1, Confidence: 5, Author: "x", At: at}); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown key result: %v, want ErrNotFound", err)
	}
	period, _ := f.st.PeriodCheckIns(ctx, f.period.ID)
	if len(period) != 2 {
		t.Errorf("PeriodCheckIns has %d, want the 2 valid ones", len(period))
	}
}

func TestMilestoneCheckInTicksMilestones(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "Rollout", Kind: sprintlens.KRMilestones,
		Milestones: []sprintlens.Milestone{{Title: "design"}, {Title: "pilot"}, {Title: "all"}}}, 0, "kenji")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, tokyo(t))
	tests := []struct {
		c    sprintlens.CheckIn
		want string
	}{
		{sprintlens.CheckIn{Value: 2}, "true,true,false"},
		{sprintlens.CheckIn{Value: 2, MilestonesDone: []bool{true, false, true}}, "true,false,true"},
	}
	for i, tt := range tests {
		tt.c.KeyResultID, tt.c.Confidence, tt.c.Author, tt.c.At = kr.ID, 8, "yuto", at.Add(time.Duration(i)*time.Hour)
		if _, err := f.st.AddCheckIn(ctx, tt.c); err != nil {
			t.Fatal(err)
		}
		got, _ := f.st.KeyResult(ctx, kr.ID)
		var flags []string
		for _, m := range got.Milestones {
			flags = append(flags, map[bool]string{true: "true", false: "false"}[m.Done])
		}
		if strings.Join(flags, ",") != tt.want {
			t.Errorf("check-in %d: milestones %v, want %s", i, flags, tt.want)
		}
	}
	cs, _ := f.st.CheckIns(ctx, kr.ID)
	if len(cs) != 2 || cs[0].MilestonesDone != nil || len(cs[1].MilestonesDone) != 3 || !cs[1].MilestonesDone[2] {
		t.Errorf("milestones_done round trip: %+v", cs)
	}
}

func TestClosedPeriodIsReadOnly(t *testing.T) {
	f := newOKRFixture(t)
	ctx := context.Background()
	kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "Bill down", Kind: sprintlens.KRPercentage,
		Start: 0, Target: 20}, 0, "haruto")
	if err != nil {
		t.Fatal(err)
	}
	scored, err := f.st.ScoreKeyResult(ctx, kr.ID, 0.6, "  RIs helped, NAT traffic did not move ", "haruto")
	if err != nil {
		t.Fatal(err)
	}
	if scored.Score == nil || *scored.Score != 0.6 || scored.Retro != "RIs helped, NAT traffic did not move" {
		t.Errorf("scored: %+v", scored)
	}
	if _, err := f.st.ScoreKeyResult(ctx, kr.ID, 1.2, "", "haruto"); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("score 1.2: %v, want ErrInvalid", err)
	}
	edits, _ := f.st.OKREdits(ctx, sprintlens.EntityKeyResult, kr.ID)
	if len(edits) == 0 || edits[0].Author != "haruto" || (edits[0].Field != "score" && edits[0].Field != "retro") {
		t.Errorf("score edit trail: %+v", edits)
	}

	closed, err := f.st.ClosePeriod(ctx, "2026Q4", "aiko")
	if err != nil || !closed.Closed || closed.ClosedAt == nil {
		t.Fatalf("close: %+v, %v", closed, err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, tokyo(t))
	writes := map[string]func() error{
		"check-in": func() error {
			_, err := f.st.AddCheckIn(ctx, sprintlens.CheckIn{KeyResultID: kr.ID, Value: 5, Confidence: 5, Author: "haruto", At: at})
			return err
		},
		"objective": func() error {
			_, err := f.st.CreateObjective(ctx, sprintlens.Objective{PeriodID: f.period.ID, Title: "late", Team: "SRE"}, "aiko")
			return err
		},
		"key result": func() error {
			_, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: "late", Kind: sprintlens.KRBinary}, 0, "aiko")
			return err
		},
		"score":       func() error { _, err := f.st.ScoreKeyResult(ctx, kr.ID, 0.7, "", "aiko"); return err },
		"close again": func() error { _, err := f.st.ClosePeriod(ctx, "2026Q4", "aiko"); return err },
	}
	for name, write := range writes {
		if err := write(); !errors.Is(err, sprintlens.ErrConflict) {
			t.Errorf("%s in a closed period: %v, want ErrConflict", name, err)
		}
	}
	if cs, _ := f.st.CheckIns(ctx, kr.ID); len(cs) != 0 {
		t.Errorf("a check-in was stored in a closed period: %+v", cs)
	}
	pe, _ := f.st.OKREdits(ctx, sprintlens.EntityPeriod, f.period.ID)
	if len(pe) == 0 || pe[0].Field != "closed" || pe[0].New != "true" || pe[0].Author != "aiko" {
		t.Errorf("close not in the edit trail: %+v", pe)
	}
}
