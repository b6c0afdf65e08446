package tracker

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// ActivityQuery selects project activity.
type ActivityQuery struct {
	// SinceVersion keeps only activity after this project version; the
	// incremental sync passes the version it stored last time.
	SinceVersion  int64
	OccurredAfter *time.Time
	// Limit is the page size; 0 means 100.
	Limit int
}

// ListActivity reads a project's activity feed page by page, newest first
// (Tracker's order).
func (c *Client) ListActivity(ctx context.Context, projectID int64, q ActivityQuery, fn func(page []Activity, pg Pagination) error) error {
	k := projectCall(projectID, "/activity", ActivityFields)
	if q.SinceVersion > 0 {
		k.query.Set("since_version", strconv.FormatInt(q.SinceVersion, 10))
	}
	if q.OccurredAfter != nil {
		k.query.Set("occurred_after", formatTime(*q.OccurredAfter))
	}
	spec := pageSpec[Activity, string]{limit: orDefault(q.Limit, 100), key: func(a Activity) string { return a.GUID }}
	if err := listPages(ctx, c, k, spec, fn); err != nil {
		return fmt.Errorf("tracker: list activity of project %d: %w", projectID, err)
	}
	return nil
}

// TransitionQuery selects story transitions by when they happened.
type TransitionQuery struct {
	OccurredAfter  *time.Time
	OccurredBefore *time.Time
	// Limit is the page size; 0 means 100.
	Limit int
}

// transitionKey tells transitions apart: one project version can move
// several stories, and one story can pass through several states in it.
type transitionKey struct {
	storyID, version int64
	state            string
}

// ListStoryTransitions reads every story transition of a project
// (GET /projects/{id}/story_transitions) page by page: the exact times
// stories were started, delivered, accepted...
func (c *Client) ListStoryTransitions(ctx context.Context, projectID int64, q TransitionQuery, fn func(page []StoryTransition, pg Pagination) error) error {
	k := projectCall(projectID, "/story_transitions", TransitionFields)
	if q.OccurredAfter != nil {
		k.query.Set("occurred_after", formatTime(*q.OccurredAfter))
	}
	if q.OccurredBefore != nil {
		k.query.Set("occurred_before", formatTime(*q.OccurredBefore))
	}
	spec := pageSpec[StoryTransition, transitionKey]{limit: orDefault(q.Limit, 100), key: keyOfTransition}
	if err := listPages(ctx, c, k, spec, fn); err != nil {
		return fmt.Errorf("tracker: list story transitions of project %d: %w", projectID, err)
	}
	return nil
}

// StoryTransitions returns all transitions of one story, oldest first.
func (c *Client) StoryTransitions(ctx context.Context, projectID, storyID int64) ([]StoryTransition, error) {
	// Not project-scoped for 404 purposes: a 404 may mean the story is gone.
	k := call{path: fmt.Sprintf("/projects/%d/stories/%d/transitions", projectID, storyID), query: fields(TransitionFields)}
	var all []StoryTransition
	spec := pageSpec[StoryTransition, transitionKey]{limit: 100, key: keyOfTransition}
	err := listPages(ctx, c, k, spec, func(page []StoryTransition, _ Pagination) error {
		all = append(all, page...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tracker: transitions of story %d: %w", storyID, err)
	}
	return all, nil
}

func keyOfTransition(t StoryTransition) transitionKey {
	return transitionKey{t.StoryID, t.ProjectVersion, t.State}
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
