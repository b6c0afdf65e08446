package web

import (
	"context"
	"sort"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

// okrCoverage traces the work accepted during the period to its key
// results: the share per sprint (newest first) and over the period, the
// epics no key result links and the key results that link nothing. Work
// accepted without an iteration number counts in the period total only.
func (s *Server) okrCoverage(ctx context.Context, b okrBoard) (templates.OKRCoverageView, error) {
	var v templates.OKRCoverageView
	krs := b.keyResults()
	if len(krs) == 0 {
		return v, nil
	}
	st := s.deps.OKRs
	iterations, err := st.OKRIterations(ctx, b.period.Start, b.period.End)
	if err != nil {
		return v, err
	}
	epics, err := st.OKREpics(ctx)
	if err != nil {
		return v, err
	}
	projects, err := st.Projects(ctx)
	if err != nil {
		return v, err
	}
	names := map[int64]string{}
	for _, p := range projects {
		names[p.ID] = p.Name
	}
	links := make([]sprintlens.KRLinks, 0, len(krs))
	titles := map[int64]string{}
	for _, k := range krs {
		links = append(links, sprintlens.KRLinks{KeyResultID: k.kr.ID, Labels: k.kr.LabelLinks, EpicIDs: k.kr.EpicLinks})
		titles[k.kr.ID] = k.kr.Title
	}

	work, err := st.AcceptedWork(ctx, b.period.Start, b.period.End, sprintlens.CoverageLabels(epics, links))
	if err != nil {
		return v, err
	}
	whole, bySprint := sprintlens.CoverageBySprint(work, epics, links)
	v.AcceptedPoints, v.LinkedPoints = whole.AcceptedPoints, whole.LinkedPoints
	if pct, ok := whole.LinkedPercent(); ok {
		v.Percent = &pct
	}
	for _, e := range whole.UnlinkedEpics {
		v.UnlinkedEpics = append(v.UnlinkedEpics, e.Name)
	}
	for _, id := range whole.KRsWithoutLinks {
		v.KRsWithoutLinks = append(v.KRsWithoutLinks, templates.OKRRef{ID: id, Title: titles[id]})
	}
	for _, it := range iterations {
		if it.Start.After(b.now) {
			continue // not begun: nothing accepted yet
		}
		c := bySprint[sprintlens.SprintRef{ProjectID: it.ProjectID, Number: it.Number}]
		row := templates.OKRSprintCoverageView{Project: names[it.ProjectID], Number: it.Number, Start: it.Start,
			AcceptedPoints: c.AcceptedPoints, LinkedPoints: c.LinkedPoints}
		if pct, ok := c.LinkedPercent(); ok {
			row.Percent = &pct
		}
		v.Sprints = append(v.Sprints, row)
	}
	sort.SliceStable(v.Sprints, func(i, j int) bool { return v.Sprints[i].Start.After(v.Sprints[j].Start) })
	return v, nil
}

// okrForms gathers the choices of the create forms.
func (s *Server) okrForms(ctx context.Context, b okrBoard) (templates.OKRFormsView, error) {
	var f templates.OKRFormsView
	st := s.deps.OKRs
	projects, err := st.Projects(ctx)
	if err != nil {
		return f, err
	}
	for _, p := range projects {
		f.Projects = append(f.Projects, templates.OKROption{Value: itoa64(p.ID), Label: p.Name})
	}
	labels, err := st.OKRLabels(ctx)
	if err != nil {
		return f, err
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if !seen[l.Name] {
			seen[l.Name] = true
			f.Labels = append(f.Labels, l.Name)
		}
	}
	for _, k := range sprintlens.KRKinds() {
		f.Kinds = append(f.Kinds, string(k))
	}
	for _, o := range b.objectives {
		f.Objectives = append(f.Objectives, templates.OKROption{Value: itoa64(o.obj.ID), Label: o.obj.Title})
		for _, k := range o.krs {
			if k.kr.Score == nil {
				f.Unscored++
			}
		}
	}
	return f, nil
}
