package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// sync runs the run's kind of sync and saves what it read in one
// transaction: readers see the previous data or the new, never half.
func (r *run) sync(ctx context.Context) error {
	r.note(ctx, "project")
	tp, err := r.client.GetProject(ctx, r.rec.ProjectID)
	if err != nil {
		return err
	}
	var snap sprintlens.Snapshot
	if r.rec.Kind == "incremental" {
		old := r.state.Project
		if tp.Version == old.Version && tp.CurrentIterationNumber == old.CurrentIteration {
			// Nothing changed and no sprint started: one request, and the
			// data counts as freshly synced.
			r.rec.TrackerVersion = tp.Version
			r.rec.Progress = "no changes"
			return r.s.store.MarkSynced(ctx, r.rec.ProjectID)
		}
		snap, err = r.incremental(ctx, tp)
	} else {
		snap, err = r.full(ctx, tp)
	}
	if err != nil {
		return err
	}
	hooks := r.s.cfg.AfterSave
	if snap.Full {
		hooks = append([]postgres.AfterSave{postgres.MarkFullSync()}, hooks...)
	}
	r.note(ctx, fmt.Sprintf("saving %d stories", len(snap.Stories)))
	counts, err := r.s.store.SaveSnapshot(ctx, snap, hooks...)
	if err != nil {
		return err
	}
	r.rec.StoriesInserted, r.rec.StoriesUpdated, r.rec.StoriesDeleted = counts.Inserted, counts.Updated, counts.Deleted
	r.rec.Iterations = len(snap.Iterations)
	r.rec.TrackerVersion = tp.Version
	r.rec.Progress = "done"
	return nil
}

// full reads the whole project. The version stored is the one read
// before the stories, so anything changed while reading is read again by
// the next incremental sync.
func (r *run) full(ctx context.Context, tp tracker.Project) (sprintlens.Snapshot, error) {
	pid := r.rec.ProjectID
	p := &pulled{project: tp}
	var err error
	if err = r.readTeam(ctx, p); err != nil {
		return sprintlens.Snapshot{}, err
	}
	if p.done, err = r.readDone(ctx, 0); err != nil {
		return sprintlens.Snapshot{}, err
	}
	if p.planned, err = r.readPlanned(ctx); err != nil {
		return sprintlens.Snapshot{}, err
	}
	r.note(ctx, "stories, transitions and activity")
	err = parallel(ctx,
		func(ctx context.Context) (err error) {
			p.stories, err = r.readStories(ctx, tracker.StoryQuery{})
			return err
		},
		func(ctx context.Context) (err error) { p.transitions, err = r.readTransitions(ctx, nil); return err },
		func(ctx context.Context) (err error) { p.activity, err = r.readActivity(ctx, 0); return err },
	)
	if err != nil {
		return sprintlens.Snapshot{}, err
	}

	cal := mergeIterations(pid, nil, p.done, p.planned, tp.CurrentIterationNumber)
	m := newStoryMapper(pid, p, cal)
	snap := sprintlens.Snapshot{Project: mapProject(tp), Full: true, Iterations: cal}
	snap.People, snap.Labels, snap.Epics = mapTeam(pid, p)
	snap.Stories = make([]sprintlens.Story, 0, len(p.stories))
	var plannedIDs []int64
	for _, ts := range p.stories {
		st := m.story(ts)
		snap.Stories = append(snap.Stories, st)
		if m.planned(st.ID) {
			plannedIDs = append(plannedIDs, st.ID)
		}
	}
	// The history is rebuilt from Tracker except what earlier syncs
	// observed, which only this database knows and the save keeps.
	observed, err := r.s.store.LatestHistory(ctx, pid, plannedIDs, sprintlens.FromSync)
	if err != nil {
		return sprintlens.Snapshot{}, err
	}
	ch := collectChanges(p.activity, p.transitions)
	h := historyBuilder{pid: pid, cal: cal, observedAt: observationTime()}
	for _, st := range snap.Stories {
		var latest *sprintlens.HistoryEntry
		if e, ok := observed[st.ID]; ok {
			latest = &e
		}
		snap.History = append(snap.History, h.story(st, ch.events[st.ID], nil, latest, m.planned(st.ID))...)
	}
	return snap, nil
}

// observationTime is when a sync saw what it saw, at the precision the
// database keeps.
func observationTime() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
