package web

import (
	"context"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

// okrBoard is a period with its objectives and key results summarised at
// one moment: what the overview, the check-in page and the API show.
type okrBoard struct {
	period     sprintlens.Period
	stored     bool
	now        time.Time
	maxAge     time.Duration
	objectives []okrObjective
	// scopes names each objective's project (or team) for display.
	scopes map[int64]string
}

type okrObjective struct {
	obj      sprintlens.Objective
	krs      []okrKR
	progress *float64
	// status is the worst status of the key results; "" with none.
	status sprintlens.KRStatus
}

type okrKR struct {
	kr        sprintlens.KeyResult
	objective string
	checkIns  []sprintlens.CheckIn
	sum       sprintlens.KRSummary
}

// loadBoard reads the period named by key and summarises it now.
func (s *Server) loadBoard(ctx context.Context, key string) (okrBoard, error) {
	p, stored, err := s.resolvePeriod(ctx, key)
	if err != nil {
		return okrBoard{}, err
	}
	b := okrBoard{period: p, stored: stored, now: s.cfg.Now(), maxAge: s.checkInMaxAge(), scopes: map[int64]string{}}
	if !stored {
		return b, nil
	}
	st := s.deps.OKRs
	objs, err := st.Objectives(ctx, p.ID)
	if err != nil {
		return b, err
	}
	krs, err := st.PeriodKeyResults(ctx, p.ID)
	if err != nil {
		return b, err
	}
	checkIns, err := st.PeriodCheckIns(ctx, p.ID)
	if err != nil {
		return b, err
	}
	projects, err := st.Projects(ctx)
	if err != nil {
		return b, err
	}
	names := make(map[int64]string, len(projects))
	for _, pr := range projects {
		names[pr.ID] = pr.Name
	}
	byKR := make(map[int64][]sprintlens.CheckIn)
	for _, c := range checkIns {
		byKR[c.KeyResultID] = append(byKR[c.KeyResultID], c)
	}
	byObjective := make(map[int64][]sprintlens.KeyResult)
	for _, kr := range krs {
		byObjective[kr.ObjectiveID] = append(byObjective[kr.ObjectiveID], kr)
	}
	for _, o := range objs {
		ob := okrObjective{obj: o}
		b.scopes[o.ID] = o.Team
		if o.ProjectID != nil {
			b.scopes[o.ID] = names[*o.ProjectID]
		}
		var weights []sprintlens.KRProgress
		for _, kr := range byObjective[o.ID] {
			k := okrKR{kr: kr, objective: o.Title, checkIns: byKR[kr.ID]}
			k.sum = sprintlens.SummarizeKR(kr, p, k.checkIns, b.now, b.maxAge)
			ob.krs = append(ob.krs, k)
			weights = append(weights, sprintlens.KRProgress{KeyResultID: kr.ID, Weight: kr.Weight, Progress: k.sum.Progress})
			ob.status = worseStatus(ob.status, k.sum.Status)
		}
		if prog, err := sprintlens.ObjectiveProgress(weights); err == nil {
			ob.progress = &prog
		}
		b.objectives = append(b.objectives, ob)
	}
	return b, nil
}

// keyResults lists every key result of the board in order.
func (b okrBoard) keyResults() []okrKR {
	var out []okrKR
	for _, o := range b.objectives {
		out = append(out, o.krs...)
	}
	return out
}

// worseStatus orders off track over at risk over on track: an objective
// is as far off as its furthest key result.
func worseStatus(a, b sprintlens.KRStatus) sprintlens.KRStatus {
	rank := map[sprintlens.KRStatus]int{"": 0, sprintlens.OnTrack: 1, sprintlens.AtRisk: 2, sprintlens.OffTrack: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func (b okrBoard) periodView() templates.OKRPeriodView {
	return periodView(b.period, b.stored, b.now)
}

func periodView(p sprintlens.Period, stored bool, now time.Time) templates.OKRPeriodView {
	return templates.OKRPeriodView{Key: p.Key, Name: p.Name, Start: p.Start, LastDay: p.LastDay(), Closed: p.Closed,
		Stored: stored, Expected: p.ExpectedProgress(now)}
}

func (b okrBoard) objectiveView(o okrObjective) templates.OKRObjectiveView {
	v := templates.OKRObjectiveView{ID: o.obj.ID, Title: o.obj.Title, Description: o.obj.Description, Owner: o.obj.Owner,
		Scope: b.scopes[o.obj.ID], Progress: o.progress, Status: string(o.status)}
	for _, k := range o.krs {
		v.KeyResults = append(v.KeyResults, krView(k, b.period.Start.Location()))
	}
	return v
}

// krView shows a key result; times are in loc, the period's zone.
func krView(k okrKR, loc *time.Location) templates.OKRKRView {
	v := templates.OKRKRView{ID: k.kr.ID, ObjectiveTitle: k.objective, Title: k.kr.Title, Owner: k.kr.Owner,
		Kind: string(k.kr.Kind), Start: k.kr.Start, Target: k.kr.Target, Unit: k.kr.Unit, Weight: k.kr.Weight,
		Value: k.sum.Value, Progress: k.sum.Progress, Expected: k.sum.Expected, Status: string(k.sum.Status),
		Outdated: k.sum.Outdated, Score: k.kr.Score, Retro: k.kr.Retro, Labels: k.kr.LabelLinks, Epics: k.kr.EpicLinks}
	if l := k.sum.Latest; l != nil {
		conf, at := l.Confidence, l.At.In(loc)
		v.Confidence, v.LastCheckInAt = &conf, &at
	}
	for i, m := range k.kr.Milestones {
		v.Milestones = append(v.Milestones, templates.OKRMilestoneView{Index: i, Title: m.Title, Done: m.Done})
	}
	return v
}
