package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// topWarnings lists a project's ($1) undismissed warnings of stories still
// open, the worst first: stories too big to finish in a sprint or already
// spanning sprints, then the biggest stories. $2 bounds the list (NULL: all).
const topWarnings = `
SELECT w.story_id, w.kind, w.story_name, w.message, coalesce(w.points, 0)::float8, w.story_url
FROM warnings w
JOIN stories s ON s.project_id = w.project_id AND s.id = w.story_id
LEFT JOIN warning_dismissals d ON d.project_id = w.project_id AND d.story_id = w.story_id
	AND d.kind = w.kind AND d.fingerprint = w.fingerprint
WHERE w.project_id = $1 AND d.story_id IS NULL AND s.current_state <> 'accepted'
ORDER BY w.kind NOT IN ('too_big', 'multi_sprint'), w.points DESC NULLS LAST, w.story_id,
	array_position($3::text[], w.kind)
LIMIT $2`

// TopWarnings lists at most n (n ≤ 0: every) warnings of project pid for
// the digest, worst first (see topWarnings). A lumpy-sprint warning of a
// story accepted long ago is history, not work, so only open stories are
// listed; the warnings page keeps the rest. Each links to the story in
// Tracker or, when the story has no web address, to its row on the
// project's warnings page.
func (s *Store) TopWarnings(ctx context.Context, pid int64, n int) ([]sprintlens.DigestWarning, error) {
	var limit any // NULL: no limit
	if n > 0 {
		limit = n
	}
	rows, err := s.pool.Query(ctx, topWarnings, pid, limit, kindNames())
	if err != nil {
		return nil, fmt.Errorf("postgres: top warnings of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.DigestWarning, error) {
		var w sprintlens.DigestWarning
		err := r.Scan(&w.StoryID, &w.Kind, &w.Name, &w.Message, &w.Points, &w.URL)
		if !webURL(w.URL) {
			w.URL = "/projects/" + strconv.FormatInt(pid, 10) + "/warnings#warning-" +
				strconv.FormatInt(w.StoryID, 10) + "-" + w.Kind
		}
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: top warnings of project %d: %w", pid, err)
	}
	return out, nil
}

// webURL reports whether u is an http(s) address; anything else in a
// story's url (empty for most CSV imports) is not worth a link.
func webURL(u string) bool {
	return len(u) > 8 && (u[:7] == "http://" || u[:8] == "https://")
}
