package tracker

import (
	"context"
	"fmt"
)

// MaxIterationsPerPage is Tracker's cap on iterations per page, whatever
// limit is asked for.
const MaxIterationsPerPage = 50

// IterationQuery selects iterations.
type IterationQuery struct {
	// Scope is "" (all), "done", "current", "backlog" or "current_backlog".
	Scope string
	// Offset is where to start. With Scope "done" a negative Offset counts
	// back from the most recent done iteration: -N starts N iterations
	// before the end, so paging from -N yields the last N done iterations,
	// oldest first.
	Offset int
	// Limit is the page size: 0 means MaxIterationsPerPage, and more is capped to it.
	Limit int
	// WithStories embeds each iteration's stories (IterationWithStoriesFields).
	WithStories bool
}

// ListIterations reads iterations in ascending Number and passes them to fn
// page by page. Pages are matched by Number: an iteration already passed to
// fn is never passed again, and if the listing shifted while paging (an
// iteration closing moves every negative offset by one) so that numbers
// would be skipped, it fails instead of returning a hole.
func (c *Client) ListIterations(ctx context.Context, projectID int64, q IterationQuery, fn func([]Iteration) error) error {
	switch q.Scope {
	case "", "done", "current", "backlog", "current_backlog":
	default:
		return fmt.Errorf("tracker: list iterations of project %d: unknown scope %q", projectID, q.Scope)
	}
	if q.Offset < 0 && q.Scope != "done" {
		return fmt.Errorf("tracker: list iterations of project %d: negative offset needs scope done", projectID)
	}
	fl := IterationFields
	if q.WithStories {
		fl = IterationWithStoriesFields
	}
	k := projectCall(projectID, "/iterations", fl)
	if q.Scope != "" {
		k.query.Set("scope", q.Scope)
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxIterationsPerPage {
		limit = MaxIterationsPerPage
	}
	spec := pageSpec[Iteration, int]{offset: q.Offset, limit: limit, key: func(it Iteration) int { return it.Number }}
	last := 0
	err := listPages(ctx, c, k, spec, func(page []Iteration, _ Pagination) error {
		// Iterations are numbered consecutively, so a gap means the window
		// moved under us (a done-offset listing while an iteration closed).
		if last != 0 && page[0].Number != last+1 {
			return fmt.Errorf("iterations moved while paging: expected number %d after %d, got %d; read again", last+1, last, page[0].Number)
		}
		last = page[len(page)-1].Number
		return fn(page)
	})
	if err != nil {
		return fmt.Errorf("tracker: list iterations of project %d: %w", projectID, err)
	}
	return nil
}
