package ingest

import (
	"context"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// incremental reads what changed since the stored project version: the
// activity names the changed and deleted stories, the changed ones are
// read by updated_at, and the current and backlog iterations are read
// again with their stories because planning moves stories between
// iterations without touching them.
func (r *run) incremental(ctx context.Context, tp tracker.Project) (sprintlens.Snapshot, error) {
	pid := r.rec.ProjectID
	st := r.state
	p := &pulled{project: tp}
	var err error
	if tp.Version != st.Project.Version {
		if p.activity, err = r.readActivity(ctx, st.Project.Version); err != nil {
			return sprintlens.Snapshot{}, err
		}
	}
	ch := collectChanges(p.activity, nil)
	if closed := tp.CurrentIterationNumber - st.Project.CurrentIteration; closed > 0 && st.Project.CurrentIteration > 0 {
		if p.done, err = r.readDone(ctx, -closed); err != nil {
			return sprintlens.Snapshot{}, err
		}
	}
	if p.planned, err = r.readPlanned(ctx); err != nil {
		return sprintlens.Snapshot{}, err
	}
	if len(ch.changed) > 0 {
		if err = r.readTeam(ctx, p); err != nil {
			return sprintlens.Snapshot{}, err
		}
		since := cursor(st.StoriesUpdatedThrough, st.Project.LastSyncedAt)
		if p.stories, err = r.readStories(ctx, tracker.StoryQuery{UpdatedAfter: since}); err != nil {
			return sprintlens.Snapshot{}, err
		}
		if p.transitions, err = r.readTransitions(ctx, cursor(st.HistoryThrough, st.Project.LastSyncedAt)); err != nil {
			return sprintlens.Snapshot{}, err
		}
		ch = collectChanges(p.activity, p.transitions)
	}

	cal := mergeIterations(pid, st.Iterations, p.done, p.planned, tp.CurrentIterationNumber)
	m := newStoryMapper(pid, p, cal)
	snap := sprintlens.Snapshot{Project: mapProject(tp), Iterations: cal}
	if p.teamRead {
		snap.People, snap.Labels, snap.Epics = mapTeam(pid, p)
	}
	for id := range ch.deleted {
		snap.DeletedStoryIDs = append(snap.DeletedStoryIDs, id)
	}
	// Changed stories and every planned one (its iteration or position may
	// have moved); a story in both lists is taken once, newest first.
	byID := map[int64]tracker.Story{}
	keep := func(ts tracker.Story) {
		if ch.deleted[ts.ID] {
			return
		}
		if old, ok := byID[ts.ID]; !ok || ts.UpdatedAt.After(old.UpdatedAt.Time) {
			byID[ts.ID] = ts
		}
	}
	for _, ts := range p.stories {
		keep(ts)
	}
	for _, it := range p.planned {
		for _, ts := range it.Stories {
			keep(ts)
		}
	}
	missing := 0
	for id := range ch.changed {
		if _, ok := byID[id]; !ok {
			missing++
		}
	}
	if missing > 0 {
		// Moved to another project, or changed outside the updated_at
		// window; the next full reconcile settles them.
		r.s.log.Warn("sync: changed stories not returned by Tracker", "project", pid, "stories", missing)
	}
	ids := make([]int64, 0, len(byID))
	for id, ts := range byID {
		ids = append(ids, id)
		snap.Stories = append(snap.Stories, m.story(ts))
	}
	base, err := r.s.store.LatestHistory(ctx, pid, ids)
	if err != nil {
		return sprintlens.Snapshot{}, err
	}
	h := historyBuilder{pid: pid, cal: cal, observedAt: observationTime()}
	for _, s := range snap.Stories {
		var b *sprintlens.HistoryEntry
		if e, ok := base[s.ID]; ok {
			b = &e
		}
		snap.History = append(snap.History, h.story(s, ch.events[s.ID], b, nil, m.planned(s.ID))...)
	}
	return snap, nil
}

// cursor is where an incremental read resumes: the stored Tracker time,
// else the last sync, less a margin; nil reads everything.
func cursor(stored, lastSync *time.Time) *time.Time {
	t := stored
	if t == nil {
		t = lastSync
	}
	if t == nil {
		return nil
	}
	v := t.Add(-updateMargin)
	return &v
}
