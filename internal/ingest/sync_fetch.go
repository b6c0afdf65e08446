package ingest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/sprintlens/sprintlens/internal/tracker"
)

// pulled is what one run read from Tracker.
type pulled struct {
	project     tracker.Project
	members     []tracker.Membership
	labels      []tracker.Label
	epics       []tracker.Epic
	teamRead    bool // members, labels and epics were read (else the stored ones stay)
	done        []tracker.Iteration
	planned     []tracker.Iteration // current then backlog, with their stories
	stories     []tracker.Story
	transitions []tracker.StoryTransition
	activity    []tracker.Activity
}

// storyListTries bounds how often a story listing is read again when the
// project changed between its pages (offsets may then skip a story).
const storyListTries = 3

// errProjectBusy means the project kept changing under a story listing.
var errProjectBusy = errors.New("the project kept changing while its stories were read; the next run will try again")

func (r *run) readTeam(ctx context.Context, p *pulled) error {
	id := r.rec.ProjectID
	r.note(ctx, "members, labels and epics")
	var err error
	if p.members, err = r.client.ListMemberships(ctx, id); err != nil {
		return err
	}
	if p.labels, err = r.client.ListLabels(ctx, id); err != nil {
		return err
	}
	if p.epics, err = r.client.ListEpics(ctx, id); err != nil {
		return err
	}
	p.teamRead = true
	return nil
}

// readDone reads done iterations; offset 0 reads all of them, -n the last n.
func (r *run) readDone(ctx context.Context, offset int) ([]tracker.Iteration, error) {
	return r.readIterations(ctx, tracker.IterationQuery{Scope: "done", Offset: offset}, "done iterations")
}

// readPlanned reads the current and backlog iterations with their stories:
// the only place Tracker says which iteration an unfinished story is in.
func (r *run) readPlanned(ctx context.Context) ([]tracker.Iteration, error) {
	return r.readIterations(ctx, tracker.IterationQuery{Scope: "current_backlog", WithStories: true}, "current and backlog iterations")
}

// readIterations collects every page of an iteration listing, reporting
// progress under label.
func (r *run) readIterations(ctx context.Context, q tracker.IterationQuery, label string) ([]tracker.Iteration, error) {
	var out []tracker.Iteration
	err := r.client.ListIterations(ctx, r.rec.ProjectID, q, func(page []tracker.Iteration) error {
		out = append(out, page...)
		r.step(ctx, label, len(out), 0)
		return nil
	})
	return out, err
}

// readStories lists stories, reading again when the project version moved
// between pages.
func (r *run) readStories(ctx context.Context, q tracker.StoryQuery) ([]tracker.Story, error) {
	for try := 1; ; try++ {
		var out []tracker.Story
		var first int64
		moved := false
		err := r.client.ListStories(ctx, r.rec.ProjectID, q, func(page []tracker.Story, pg tracker.Pagination) error {
			if first == 0 {
				first = pg.ProjectVersion
			} else if pg.ProjectVersion != 0 && pg.ProjectVersion != first {
				moved = true
			}
			out = append(out, page...)
			r.step(ctx, "stories", len(out), pg.Total)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if !moved {
			return out, nil
		}
		if try == storyListTries {
			return nil, errProjectBusy
		}
		r.s.log.Info("sync: project changed while listing stories; reading again", "project", r.rec.ProjectID)
	}
}

func (r *run) readTransitions(ctx context.Context, after *time.Time) ([]tracker.StoryTransition, error) {
	var out []tracker.StoryTransition
	q := tracker.TransitionQuery{OccurredAfter: after, Limit: 500}
	err := r.client.ListStoryTransitions(ctx, r.rec.ProjectID, q, func(page []tracker.StoryTransition, pg tracker.Pagination) error {
		out = append(out, page...)
		r.step(ctx, "transitions", len(out), pg.Total)
		return nil
	})
	return out, err
}

// readActivity reads the activity feed after sinceVersion (0: all of it).
func (r *run) readActivity(ctx context.Context, sinceVersion int64) ([]tracker.Activity, error) {
	var out []tracker.Activity
	q := tracker.ActivityQuery{SinceVersion: sinceVersion, Limit: 500}
	err := r.client.ListActivity(ctx, r.rec.ProjectID, q, func(page []tracker.Activity, pg tracker.Pagination) error {
		out = append(out, page...)
		r.step(ctx, "activity", len(out), pg.Total)
		return nil
	})
	return out, err
}

// parallel runs the readers at once and returns the first failure; the
// others are cancelled with it as the cause. The three big listings of a
// full sync are independent, and reading them together keeps both the
// network and the decoder busy.
func parallel(ctx context.Context, readers ...func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errs := make([]error, len(readers))
	var wg sync.WaitGroup
	for i, read := range readers {
		wg.Go(func() {
			if err := read(ctx); err != nil {
				errs[i] = err
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err // the first reader's failure, not the cancellations it caused
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
