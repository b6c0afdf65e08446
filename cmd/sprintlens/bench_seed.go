package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// The benchmark's data is the simulator's generated team history written
// straight through Store.SaveSnapshot: the rows a sync would leave, without
// the HTTP and JSON of a sync (which internal/ingest measures on its own).

// plannedLead is how long before a sprint starts the last sync that saw
// its plan ran: a 15-minute schedule sees it at most that long before.
const plannedLead = 10 * time.Minute

// seedStats says what seeding wrote and how long it took.
type seedStats struct {
	projects, stories, history int
	took                       time.Duration
}

// seedBench generates projects × stories and saves each project as a
// full snapshot with the metrics precompute, two projects at a time (the
// server has two cores; more only queues in PostgreSQL).
func seedBench(ctx context.Context, store *postgres.Store, projects, stories int, now time.Time) (seedStats, error) {
	start := time.Now()
	ds := trackersim.Generate(trackersim.Config{Seed: 1, Projects: projects, StoriesPerProject: stories, Now: now})
	snaps := snapshotsOf(ds)
	st := seedStats{projects: len(snaps)}
	for _, s := range snaps {
		st.stories += len(s.Stories)
		st.history += len(s.History)
	}
	hook := postgres.RefreshMetricsHook(func() time.Time { return ds.Now })
	var wg sync.WaitGroup
	errs := make([]error, len(snaps))
	sem := make(chan struct{}, 2)
	for i := range snaps {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			_, errs[i] = store.SaveSnapshot(ctx, snaps[i], hook)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return st, fmt.Errorf("bench: seed: %w", err)
		}
	}
	st.took = time.Since(start)
	return st, nil
}

// snapshotsOf maps a generated dataset to one full snapshot per project.
func snapshotsOf(ds *trackersim.Dataset) []sprintlens.Snapshot {
	out := make([]sprintlens.Snapshot, 0, len(ds.Projects))
	for _, p := range ds.Projects {
		out = append(out, snapshotOf(p, ds.Now))
	}
	return out
}

func snapshotOf(p *trackersim.Project, now time.Time) sprintlens.Snapshot {
	snap := sprintlens.Snapshot{Full: true, Project: sprintlens.Project{
		ID: p.ID, Name: p.Name, Source: sprintlens.SourceTracker, TimeZone: p.TimeZone,
		IterationWeeks: p.IterationLength, WeekStartDay: p.WeekStartDay, PointScale: sprintlens.PointScale(p.PointScale),
		Version: p.Version,
	}}
	if cur := p.Current(); cur != nil {
		snap.Project.CurrentIteration = cur.Number
	}
	for _, it := range p.Iterations {
		snap.Iterations = append(snap.Iterations, sprintlens.Iteration{ProjectID: p.ID, Number: it.Number,
			Start: it.Start, Finish: it.Finish, TeamStrength: it.TeamStrength, Length: it.Length, Kind: string(it.Scope)})
	}
	names := map[int64]string{}
	for _, m := range p.Memberships {
		names[m.Person.ID] = m.Person.Name
		snap.People = append(snap.People, sprintlens.Person{ID: m.Person.ID, Name: m.Person.Name,
			Initials: m.Person.Initials, Username: m.Person.Username, Email: m.Person.Email})
	}
	labels := map[int64]string{}
	for _, l := range p.Labels {
		labels[l.ID] = l.Name
		snap.Labels = append(snap.Labels, sprintlens.Label{ProjectID: p.ID, ID: l.ID, Name: l.Name})
	}
	for _, e := range p.Epics {
		snap.Epics = append(snap.Epics, sprintlens.Epic{ProjectID: p.ID, ID: e.ID, Name: e.Name, LabelID: e.Label.ID, LabelName: e.Label.Name})
	}
	for _, s := range p.Stories {
		snap.Stories = append(snap.Stories, storyOf(p.ID, s, names, labels))
	}
	snap.History = historyOf(p, snap.Iterations, now)
	return snap
}

func storyOf(pid int64, s *trackersim.Story, names, labels map[int64]string) sprintlens.Story {
	st := sprintlens.Story{ProjectID: pid, ID: s.ID, Name: s.Name, Type: sprintlens.StoryType(s.Type),
		State: sprintlens.StoryState(s.State), Estimate: s.Estimate, Position: s.Position, Description: s.Description,
		URL: "https://www.pivotaltracker.com/story/show/" + strconv.FormatInt(s.ID, 10), RequestedBy: names[s.RequestedByID],
		LabelIDs: s.LabelIDs, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, AcceptedAt: s.AcceptedAt}
	if s.IterationNumber > 0 {
		n := s.IterationNumber
		st.IterationNumber = &n
	}
	for _, id := range s.OwnerIDs {
		st.Owners = append(st.Owners, names[id])
	}
	for _, id := range s.LabelIDs {
		st.Labels = append(st.Labels, labels[id])
	}
	return st
}

// historyOf replays the activity feed into history entries, adding what
// a 15-minute sync would have observed: each story planned into the sprint
// it was started in, and where unfinished stories sit now. Without those
// the sprint reviews would find no commitments.
func historyOf(p *trackersim.Project, its []sprintlens.Iteration, now time.Time) []sprintlens.HistoryEntry {
	type life struct {
		state     sprintlens.StoryState
		est       *float64
		planned   bool
		entries   []sprintlens.HistoryEntry
		createdAt time.Time
	}
	lives := map[int64]*life{}
	for _, s := range p.Stories {
		lives[s.ID] = &life{}
	}
	entry := func(id int64, at time.Time, l *life, iter *int, src sprintlens.HistorySource) {
		l.entries = append(l.entries, sprintlens.HistoryEntry{ProjectID: p.ID, StoryID: id, OccurredAt: at,
			State: l.state, Estimate: l.est, IterationNumber: iter, Source: src})
	}
	for _, a := range p.Activities { // in version order, which is time order
		l := lives[a.StoryID]
		if l == nil {
			continue // deleted since
		}
		if a.Kind == trackersim.KindStoryCreate {
			l.createdAt = a.OccurredAt
		}
		to := sprintlens.StoryState(a.ToState)
		if to == sprintlens.Started && !l.planned {
			l.planned = true
			if i := iterationIndex(its, a.OccurredAt); i >= 0 {
				if seen := its[i].Start.Add(-plannedLead); seen.After(l.createdAt) {
					n := its[i].Number
					entry(a.StoryID, seen, l, &n, sprintlens.FromSync)
				}
			}
		}
		if to != "" {
			l.state = to
		}
		if a.EstimateChanged {
			l.est = a.ToEstimate
		}
		var iter *int
		if i := iterationIndex(its, a.OccurredAt); i >= 0 && (l.state.InProgress() || l.state == sprintlens.Accepted) {
			n := its[i].Number
			iter = &n
		}
		entry(a.StoryID, a.OccurredAt, l, iter, sprintlens.FromActivity)
	}
	var out []sprintlens.HistoryEntry
	for _, s := range p.Stories {
		l := lives[s.ID]
		if s.IterationNumber > 0 && s.State != trackersim.StateAccepted && !endsIn(l.entries, s.IterationNumber) {
			n := s.IterationNumber
			entry(s.ID, now, l, &n, sprintlens.FromSync)
		}
		slices.SortStableFunc(l.entries, func(a, b sprintlens.HistoryEntry) int { return a.OccurredAt.Compare(b.OccurredAt) })
		out = append(out, l.entries...)
	}
	return out
}

// iterationIndex returns the index of the iteration holding t, or -1;
// its are in number order with adjoining windows.
func iterationIndex(its []sprintlens.Iteration, t time.Time) int {
	i := sort.Search(len(its), func(i int) bool { return its[i].Start.After(t) }) - 1
	if i < 0 || !its[i].Contains(t) {
		return -1
	}
	return i
}

// endsIn reports whether the last entry already places the story in
// iteration n, so a sync would observe nothing new.
func endsIn(entries []sprintlens.HistoryEntry, n int) bool {
	k := len(entries)
	return k > 0 && entries[k-1].IterationNumber != nil && *entries[k-1].IterationNumber == n
}
