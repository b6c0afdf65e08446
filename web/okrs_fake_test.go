package web

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// fakeOKRs is an in-memory OKRStore that validates like the real one
// (domain validation, closed periods, known labels) so the handlers'
// error paths are exercised.
type fakeOKRs struct {
	periods    []sprintlens.Period
	objectives []sprintlens.Objective
	krs        []sprintlens.KeyResult
	checkIns   []sprintlens.CheckIn
	edits      []sprintlens.OKREdit
	stories    map[int64][]sprintlens.Story
	carried    map[int64]bool
	accepted   []sprintlens.Story
	iterations []sprintlens.Iteration
	epics      []sprintlens.Epic
	labels     []sprintlens.Label
	projects   []sprintlens.Project
	nextID     int64
}

func (f *fakeOKRs) id() int64 { f.nextID++; return f.nextID }

func (f *fakeOKRs) Periods(context.Context) ([]sprintlens.Period, error) { return f.periods, nil }

func (f *fakeOKRs) Period(_ context.Context, key string) (sprintlens.Period, error) {
	for _, p := range f.periods {
		if p.Key == key {
			return p, nil
		}
	}
	return sprintlens.Period{}, sprintlens.ErrNotFound
}

func (f *fakeOKRs) PeriodByID(_ context.Context, id int64) (sprintlens.Period, error) {
	for _, p := range f.periods {
		if p.ID == id {
			return p, nil
		}
	}
	return sprintlens.Period{}, sprintlens.ErrNotFound
}

func (f *fakeOKRs) CreatePeriod(ctx context.Context, p sprintlens.Period, author string) (sprintlens.Period, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	if _, err := f.Period(ctx, p.Key); err == nil {
		return p, sprintlens.Invalid("key", "period "+p.Key+" already exists")
	}
	p.ID = f.id()
	f.periods = append(f.periods, p)
	f.edits = append(f.edits, sprintlens.DiffPeriod(sprintlens.Period{}, p, author, time.Now())...)
	return p, nil
}

func (f *fakeOKRs) ClosePeriod(_ context.Context, key, author string) (sprintlens.Period, error) {
	for i, p := range f.periods {
		if p.Key == key {
			if err := p.CheckWritable(); err != nil {
				return p, err
			}
			now := time.Now()
			f.periods[i].Closed, f.periods[i].ClosedAt = true, &now
			f.edits = append(f.edits, sprintlens.DiffPeriod(p, f.periods[i], author, now)...)
			return f.periods[i], nil
		}
	}
	return sprintlens.Period{}, sprintlens.ErrNotFound
}

func (f *fakeOKRs) Objectives(_ context.Context, periodID int64) ([]sprintlens.Objective, error) {
	var out []sprintlens.Objective
	for _, o := range f.objectives {
		if o.PeriodID == periodID {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeOKRs) Objective(_ context.Context, id int64) (sprintlens.Objective, error) {
	for _, o := range f.objectives {
		if o.ID == id {
			return o, nil
		}
	}
	return sprintlens.Objective{}, sprintlens.ErrNotFound
}

func (f *fakeOKRs) CreateObjective(ctx context.Context, o sprintlens.Objective, author string) (sprintlens.Objective, error) {
	p, err := f.PeriodByID(ctx, o.PeriodID)
	if err != nil {
		return o, err
	}
	if err := p.CheckWritable(); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	o.ID = f.id()
	f.objectives = append(f.objectives, o)
	f.edits = append(f.edits, sprintlens.DiffObjective(sprintlens.Objective{}, o, author, time.Now())...)
	return o, nil
}

func (f *fakeOKRs) PeriodKeyResults(ctx context.Context, periodID int64) ([]sprintlens.KeyResult, error) {
	var out []sprintlens.KeyResult
	for _, kr := range f.krs {
		if o, _ := f.Objective(ctx, kr.ObjectiveID); o.PeriodID == periodID {
			out = append(out, kr)
		}
	}
	return out, nil
}

func (f *fakeOKRs) KeyResult(_ context.Context, id int64) (sprintlens.KeyResult, error) {
	for _, kr := range f.krs {
		if kr.ID == id {
			return kr, nil
		}
	}
	return sprintlens.KeyResult{}, fmt.Errorf("fake: key result %d: %w", id, sprintlens.ErrNotFound)
}

func (f *fakeOKRs) periodOf(ctx context.Context, kr sprintlens.KeyResult) (sprintlens.Period, error) {
	o, err := f.Objective(ctx, kr.ObjectiveID)
	if err != nil {
		return sprintlens.Period{}, err
	}
	return f.PeriodByID(ctx, o.PeriodID)
}

func (f *fakeOKRs) CreateKeyResult(ctx context.Context, kr sprintlens.KeyResult, project int64, author string) (sprintlens.KeyResult, error) {
	o, err := f.Objective(ctx, kr.ObjectiveID)
	if err != nil {
		return kr, err
	}
	if p, _ := f.PeriodByID(ctx, o.PeriodID); p.Closed {
		return kr, p.CheckWritable()
	}
	kr.ApplyDefaults()
	if err := kr.Validate(); err != nil {
		return kr, err
	}
	if project == 0 && o.ProjectID != nil {
		project = *o.ProjectID
	}
	known := map[string]bool{}
	for _, l := range f.labels {
		if l.ProjectID == project {
			known[l.Name] = true
		}
	}
	if err := sprintlens.ValidateLinks(kr.LabelLinks, known); err != nil {
		return kr, err
	}
	kr.ID = f.id()
	f.krs = append(f.krs, kr)
	f.edits = append(f.edits, sprintlens.DiffKeyResult(sprintlens.KeyResult{}, kr, author, time.Now())...)
	return kr, nil
}

func (f *fakeOKRs) ScoreKeyResult(ctx context.Context, id int64, score float64, retro, author string) (sprintlens.KeyResult, error) {
	if err := sprintlens.ValidateScore(score); err != nil {
		return sprintlens.KeyResult{}, err
	}
	i := slices.IndexFunc(f.krs, func(kr sprintlens.KeyResult) bool { return kr.ID == id })
	if i < 0 {
		return sprintlens.KeyResult{}, sprintlens.ErrNotFound
	}
	if p, _ := f.periodOf(ctx, f.krs[i]); p.Closed {
		return f.krs[i], p.CheckWritable()
	}
	before := f.krs[i]
	f.krs[i].Score, f.krs[i].Retro = &score, retro
	f.edits = append(f.edits, sprintlens.DiffKeyResult(before, f.krs[i], author, time.Now())...)
	return f.krs[i], nil
}

func (f *fakeOKRs) CheckIns(_ context.Context, id int64) ([]sprintlens.CheckIn, error) {
	var out []sprintlens.CheckIn
	for _, c := range f.checkIns {
		if c.KeyResultID == id {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeOKRs) PeriodCheckIns(ctx context.Context, periodID int64) ([]sprintlens.CheckIn, error) {
	krs, _ := f.PeriodKeyResults(ctx, periodID)
	var out []sprintlens.CheckIn
	for _, c := range f.checkIns {
		if slices.ContainsFunc(krs, func(kr sprintlens.KeyResult) bool { return kr.ID == c.KeyResultID }) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeOKRs) AddCheckIn(ctx context.Context, c sprintlens.CheckIn) (sprintlens.CheckIn, error) {
	kr, err := f.KeyResult(ctx, c.KeyResultID)
	if err != nil {
		return c, err
	}
	p, err := f.periodOf(ctx, kr)
	if err != nil {
		return c, err
	}
	if err := c.Validate(kr, p); err != nil {
		return c, err
	}
	c.ID = f.id()
	f.checkIns = append(f.checkIns, c)
	return c, nil
}

func (f *fakeOKRs) OKREdits(_ context.Context, entity string, id int64) ([]sprintlens.OKREdit, error) {
	var out []sprintlens.OKREdit
	for _, e := range f.edits {
		if e.Entity == entity && e.EntityID == id {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeOKRs) LinkedStories(_ context.Context, ids []int64) (map[int64][]sprintlens.Story, error) {
	out := map[int64][]sprintlens.Story{}
	for _, id := range ids {
		out[id] = f.stories[id]
	}
	return out, nil
}

func (f *fakeOKRs) CarriedOverLinked(context.Context, []int64, time.Time) (map[int64]bool, error) {
	return f.carried, nil
}

func (f *fakeOKRs) AcceptedWork(context.Context, time.Time, time.Time, []string) ([]sprintlens.AcceptedWork, error) {
	return sprintlens.WorkOf(f.accepted), nil
}

func (f *fakeOKRs) OKRIterations(context.Context, time.Time, time.Time) ([]sprintlens.Iteration, error) {
	return f.iterations, nil
}

func (f *fakeOKRs) OKREpics(context.Context) ([]sprintlens.Epic, error)    { return f.epics, nil }
func (f *fakeOKRs) OKRLabels(context.Context) ([]sprintlens.Label, error)  { return f.labels, nil }
func (f *fakeOKRs) Projects(context.Context) ([]sprintlens.Project, error) { return f.projects, nil }
