package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// DigestOKRs lists the key results of the period running at now, in the
// OKR page's order, each graded as that page grades it: status, progress
// and expected progress at now, outdated when the latest check-in is older
// than maxAge (≤ 0: sprintlens.DefaultCheckInMaxAge). No period running
// gives an empty list. When periods overlap (a custom one inside a
// quarter), an open one wins over a closed one, then the latest to start.
func (s *Store) DigestOKRs(ctx context.Context, now time.Time, maxAge time.Duration) ([]sprintlens.DigestKR, error) {
	out := []sprintlens.DigestKR{}
	periods, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	p, ok := runningPeriod(periods, now)
	if !ok {
		return out, nil
	}
	objs, err := s.Objectives(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	krs, err := s.PeriodKeyResults(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	checkIns, err := s.PeriodCheckIns(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	byObjective := make(map[int64]sprintlens.Objective, len(objs))
	for _, o := range objs {
		byObjective[o.ID] = o
	}
	byKR := make(map[int64][]sprintlens.CheckIn)
	for _, c := range checkIns {
		byKR[c.KeyResultID] = append(byKR[c.KeyResultID], c)
	}
	for _, kr := range krs {
		o := byObjective[kr.ObjectiveID]
		sum := sprintlens.SummarizeKR(kr, p, byKR[kr.ID], now, maxAge)
		d := sprintlens.DigestKR{Objective: o.Title, Title: kr.Title, Status: sum.Status, Progress: sum.Progress,
			Expected: sum.Expected, Outdated: sum.Outdated, URL: "/okrs/key-results/" + strconv.FormatInt(kr.ID, 10)}
		if o.ProjectID != nil {
			d.ProjectID = *o.ProjectID
		}
		out = append(out, d)
	}
	return out, nil
}

// runningPeriod picks the period whose window holds now (see DigestOKRs).
func runningPeriod(periods []sprintlens.Period, now time.Time) (sprintlens.Period, bool) {
	var best sprintlens.Period
	found := false
	for _, p := range periods {
		if !p.Contains(now) {
			continue
		}
		if !found || (best.Closed && !p.Closed) || (best.Closed == p.Closed && p.Start.After(best.Start)) {
			best, found = p, true
		}
	}
	return best, found
}
