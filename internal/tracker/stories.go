package tracker

import (
	"context"
	"fmt"
	"time"
)

// MaxStoriesPerPage is the largest page Tracker serves for stories.
const MaxStoriesPerPage = 500

// StoryQuery selects stories. Filter (Tracker's search syntax, e.g.
// `label:"ops" includedone:true`) cannot be combined with WithState or
// UpdatedAfter.
type StoryQuery struct {
	WithState    string     // one current_state, e.g. "accepted"
	UpdatedAfter *time.Time // only stories changed after this instant
	Filter       string
	// Limit is the page size: 0 means MaxStoriesPerPage, and more is capped to it.
	Limit int
}

// ListStories reads a project's stories page by page. pg tells how far the
// listing has got (Offset+Returned of Total) and the project version.
func (c *Client) ListStories(ctx context.Context, projectID int64, q StoryQuery, fn func(page []Story, pg Pagination) error) error {
	if q.Filter != "" && (q.WithState != "" || q.UpdatedAfter != nil) {
		return fmt.Errorf("tracker: list stories of project %d: Filter cannot be combined with WithState or UpdatedAfter", projectID)
	}
	k := projectCall(projectID, "/stories", StoryFields)
	if q.WithState != "" {
		k.query.Set("with_state", q.WithState)
	}
	if q.UpdatedAfter != nil {
		k.query.Set("updated_after", formatTime(*q.UpdatedAfter))
	}
	if q.Filter != "" {
		k.query.Set("filter", q.Filter)
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxStoriesPerPage {
		limit = MaxStoriesPerPage
	}
	spec := pageSpec[Story, int64]{limit: limit, key: func(s Story) int64 { return s.ID }}
	if err := listPages(ctx, c, k, spec, fn); err != nil {
		return fmt.Errorf("tracker: list stories of project %d: %w", projectID, err)
	}
	return nil
}

// formatTime writes a query timestamp the way Tracker reads it: ISO 8601 in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
