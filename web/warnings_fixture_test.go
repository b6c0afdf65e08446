package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// teamID is the simulated team's project.
const teamID = 77

// team is the simulated SRE team in miniature, positioned so that its
// current sprint (21) is the week holding now in Tokyo: warnings that
// depend on the clock come out the same whenever the metrics are computed.
//
// Sprints 1-8 are coarse: an eks-migration 8 that runs into the next sprint
// (into the one after that when n%3 == 1), a 5 done in two days, a 2 and an
// unestimated bug. Sprints 9-20 are split: 3, 2, 2, 2, 2, 1, 1 (13 points)
// done inside the sprint; the 3s take 1.5, 2, 2.5 or 6 days in turn. So the
// velocity is 13, the size limit min(5, 6.5) = 5, and the 3s take as long
// as the 5s with a long tail.
//
// Now: story 9001 (3, started 7 days ago: long-running), 9002 (8, started 15
// days ago: too big, multi-sprint), 9003 (2, rejected twice), planned 9010
// and 9011; backlog 9020 (5), 9021 (unestimated, within two sprints), 9022
// (8: too big), 9023 (unestimated, far down); icebox 9030 (unestimated) and
// 9031. eks-migration (an epic) and observability hold unestimated features.
type team struct {
	now     time.Time
	its     []sprintlens.Iteration
	stories []sprintlens.Story
	hist    []sprintlens.HistoryEntry
	// bump moves a story's updated_at forward (an edit in Tracker).
	bump map[int64]time.Duration
}

// newTeam builds the team as of now (pass the same now to save the same
// data twice).
func newTeam(t *testing.T, now time.Time, bump map[int64]time.Duration) sprintlens.Snapshot {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	now = now.In(tokyo)
	y, m, d := now.Date()
	week := time.Date(y, m, d-(int(now.Weekday())+6)%7, 0, 0, 0, 0, tokyo) // this Monday
	tm := &team{now: now, bump: bump}
	for n := 1; n <= 23; n++ {
		kind := sprintlens.IterationDone
		switch {
		case n == 21:
			kind = sprintlens.IterationCurrent
		case n > 21:
			kind = sprintlens.IterationBacklog
		}
		start := week.AddDate(0, 0, 7*(n-21))
		tm.its = append(tm.its, sprintlens.Iteration{ProjectID: teamID, Number: n, Start: start, Finish: start.AddDate(0, 0, 7),
			TeamStrength: 1, Length: 1, Kind: kind})
	}
	tm.history()
	return sprintlens.Snapshot{
		Project: sprintlens.Project{ID: teamID, Name: "SRE Platform", TimeZone: "Asia/Tokyo", IterationWeeks: 1,
			VelocityWindow: 3, CurrentIteration: 21},
		Full: true, Iterations: tm.its, Stories: tm.stories, History: tm.hist,
		Labels: []sprintlens.Label{{ProjectID: teamID, ID: 1, Name: "eks-migration"}, {ProjectID: teamID, ID: 2, Name: "observability"},
			{ProjectID: teamID, ID: 3, Name: "ci"}},
		Epics: []sprintlens.Epic{{ProjectID: teamID, ID: 11, Name: "EKS migration", LabelID: 1, LabelName: "eks-migration"}},
	}
}

// at is day d of sprint n (negative days fall before it).
func (tm *team) at(n int, day float64) time.Time {
	return tm.its[n-1].Start.Add(time.Duration(day * float64(24*time.Hour)))
}

var teamLabelIDs = map[string]int64{"eks-migration": 1, "observability": 2, "ci": 3}

// add creates a story; steps then record its history.
func (tm *team) add(id int64, name string, typ sprintlens.StoryType, est *float64, label string, created time.Time) {
	s := sprintlens.Story{ProjectID: teamID, ID: id, Name: name, Type: typ, State: sprintlens.Unscheduled, Estimate: est,
		Position: int(id), CreatedAt: created, UpdatedAt: created,
		URL: fmt.Sprintf("https://www.pivotaltracker.com/story/show/%d", id)}
	if label != "" {
		s.Labels, s.LabelIDs = []string{label}, []int64{teamLabelIDs[label]}
	}
	tm.stories = append(tm.stories, s)
}

func (tm *team) step(id int64, at time.Time, st sprintlens.StoryState, iter int) {
	s := &tm.stories[len(tm.stories)-1]
	if s.ID != id {
		panic("steps follow their story")
	}
	var it *int
	if iter > 0 {
		it = &iter
	}
	tm.hist = append(tm.hist, sprintlens.HistoryEntry{ProjectID: teamID, StoryID: id, OccurredAt: at, State: st,
		Estimate: s.Estimate, IterationNumber: it, Source: sprintlens.FromActivity})
	s.State, s.IterationNumber, s.UpdatedAt = st, it, at.Add(tm.bump[id])
	if st == sprintlens.Accepted {
		a := at
		s.AcceptedAt = &a
	}
}

func est(v float64) *float64 { return &v }

// done adds a story planned into sprint n, started at (n, start) and
// accepted at (accN, accDay).
func (tm *team) done(id int64, name string, typ sprintlens.StoryType, e *float64, label string, n int, start float64, accN int, accDay float64) {
	planned := tm.at(n, -4)
	tm.add(id, name, typ, e, label, planned)
	tm.step(id, planned, sprintlens.Unstarted, n)
	tm.step(id, tm.at(n, start), sprintlens.Started, n)
	tm.step(id, tm.at(accN, accDay), sprintlens.Accepted, accN)
}

func (tm *team) history() {
	id := int64(100)
	next := func() int64 { id++; return id }
	for n := 1; n <= 8; n++ {
		roll := 1
		if n%3 == 1 {
			roll = 2
		}
		tm.done(next(), fmt.Sprintf("Migrate cluster group %d to EKS", n), sprintlens.Feature, est(8), "eks-migration", n, 0.5, n+roll, 3)
		tm.done(next(), fmt.Sprintf("Alerting rules for service %d", n), sprintlens.Feature, est(5), "observability", n, 1, n, 3)
		tm.done(next(), fmt.Sprintf("Cache CI images %d", n), sprintlens.Feature, est(2), "ci", n, 2, n, 3.5)
		tm.done(next(), fmt.Sprintf("Pager noise %d", n), sprintlens.Bug, nil, "", n, 1, n, 2)
	}
	threeDays := []float64{1.5, 2, 2.5, 6}
	labels := []string{"eks-migration", "observability", "ci"}
	for n := 9; n <= 20; n++ {
		for i, e := range []float64{3, 2, 2, 2, 2, 1, 1} {
			start := 0.3 + 0.4*float64(i)
			d := map[float64]float64{3: threeDays[n%4], 2: 1.25, 1: 0.75}[e]
			tm.done(next(), fmt.Sprintf("Small step %d.%d", n, i), sprintlens.Feature, est(e), labels[(n+i)%3], n, start, n, start+d)
		}
	}
	day := 24 * time.Hour
	inFlight := func(id int64, name string, e float64, label string, started time.Duration) {
		tm.add(id, name, sprintlens.Feature, est(e), label, tm.at(19, 0))
		tm.step(id, tm.at(19, 0), sprintlens.Unstarted, 21)
		tm.step(id, tm.now.Add(-started), sprintlens.Started, 21)
	}
	inFlight(9001, "Rotate TLS certificates on ingress", 3, "", 7*day)
	inFlight(9002, "Cut over DNS to Route 53", 8, "eks-migration", 15*day)
	inFlight(9003, "Runbook for on-call handover", 2, "observability", 3*day)
	for _, r := range []time.Duration{60 * time.Hour, 24 * time.Hour} {
		tm.step(9003, tm.now.Add(-r-time.Hour), sprintlens.Delivered, 21)
		tm.step(9003, tm.now.Add(-r), sprintlens.Rejected, 21)
		tm.step(9003, tm.now.Add(-r+time.Hour), sprintlens.Started, 21)
	}
	planned := func(id int64, name string, e *float64, label string, iter int, st sprintlens.StoryState) {
		tm.add(id, name, sprintlens.Feature, e, label, tm.at(20, 2))
		tm.step(id, tm.at(20, 2), st, iter)
	}
	planned(9010, "Dashboards for the new node pools", est(2), "observability", 21, sprintlens.Unstarted)
	planned(9011, "Delete the old Jenkins agents", est(1), "ci", 21, sprintlens.Unstarted)
	planned(9020, "Terraform the VPC peering", est(5), "", 22, sprintlens.Unstarted)
	planned(9021, "Migrate Prometheus to Mimir", nil, "observability", 22, sprintlens.Unstarted)
	planned(9022, "Move every stateful set to EKS", est(8), "eks-migration", 22, sprintlens.Unstarted)
	planned(9023, "Decommission the last VMs", nil, "eks-migration", 23, sprintlens.Unstarted)
	planned(9030, "Spot instances for batch jobs", nil, "eks-migration", 0, sprintlens.Unscheduled)
	planned(9031, "Evaluate Karpenter", est(3), "", 0, sprintlens.Unscheduled)
}
