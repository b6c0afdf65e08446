package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestSeedDemoOKRsIsIdempotent(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 7, Name: "SRE", TimeZone: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	// The project lacks "s3": the demo links the labels it has.
	mustExec(t, st, `INSERT INTO labels (project_id, id, name) VALUES (7, 1, 'eks-migration'), (7, 2, 'opsworks-chef'),
		(7, 3, 'cloudfront'), (7, 4, 'cost')`)
	now := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

	for run := 0; run < 2; run++ {
		if err := st.SeedDemoOKRs(ctx, 7, now); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	p, err := st.Period(ctx, "2026Q4")
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := st.Objectives(ctx, p.ID)
	krs, _ := st.PeriodKeyResults(ctx, p.ID)
	checkIns, _ := st.PeriodCheckIns(ctx, p.ID)
	if len(objs) != 3 || len(krs) != 5 {
		t.Fatalf("after two seeds: %d objectives, %d key results; want 3 and 5 (seeded once)", len(objs), len(krs))
	}
	if objs[0].ProjectID == nil || *objs[0].ProjectID != 7 || objs[0].Team != "" {
		t.Errorf("objective owner: %+v", objs[0])
	}
	byKR := map[int64][]sprintlens.CheckIn{}
	for _, c := range checkIns {
		byKR[c.KeyResultID] = append(byKR[c.KeyResultID], c)
	}
	outdated, links := 0, map[string]bool{}
	for _, kr := range krs {
		if len(byKR[kr.ID]) < 3 {
			t.Errorf("%q has %d check-ins, want several weeks", kr.Title, len(byKR[kr.ID]))
		}
		if sprintlens.SummarizeKR(kr, p, byKR[kr.ID], now, 0).Outdated {
			outdated++
		}
		for _, l := range kr.LabelLinks {
			links[l] = true
		}
	}
	if outdated != 1 {
		t.Errorf("%d outdated key results, want exactly 1", outdated)
	}
	for _, l := range []string{"eks-migration", "opsworks-chef", "cloudfront", "cost"} {
		if !links[l] {
			t.Errorf("label %q not linked", l)
		}
	}
	if links["s3"] {
		t.Error("s3 is not a label of the project and must not be linked")
	}

	// Team OKRs (project 0) go into the same Tokyo quarter, which already
	// has objectives: nothing changes.
	if err := st.SeedDemoOKRs(ctx, 0, now); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.PeriodKeyResults(ctx, p.ID); len(again) != 5 {
		t.Errorf("team seed into a seeded quarter added key results: %d", len(again))
	}
}

func TestSeedDemoTeamOKRs(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	now := time.Date(2027, 2, 20, 3, 0, 0, 0, time.UTC)
	if err := st.SeedDemoOKRs(ctx, 0, now); err != nil {
		t.Fatal(err)
	}
	p, err := st.Period(ctx, "2027Q1")
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := st.Objectives(ctx, p.ID)
	if len(objs) != 3 || objs[0].Team != sprintlens.DemoTeam || objs[0].ProjectID != nil {
		t.Errorf("team objectives: %+v", objs)
	}
	krs, _ := st.PeriodKeyResults(ctx, p.ID)
	for _, kr := range krs {
		if kr.HasLinks() {
			t.Errorf("team key result %q has links without a project", kr.Title)
		}
	}
}
