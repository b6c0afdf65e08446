package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// CycleSamples reads the precomputed cycle time of every accepted story
// (releases left out) with its type and current estimate, oldest
// acceptance first: the cycle-time scatter and, filtered, its percentiles.
func (s *Store) CycleSamples(ctx context.Context, pid int64) ([]sprintlens.CycleSample, error) {
	const q = `
SELECT m.story_id, s.story_type, s.estimate::float8, m.started_at, m.accepted_at, m.cycle_seconds, m.rejections
FROM story_metrics m
JOIN stories s ON s.project_id = m.project_id AND s.id = m.story_id
WHERE m.project_id = $1 AND m.cycle_seconds IS NOT NULL AND m.started_at IS NOT NULL
  AND m.accepted_at IS NOT NULL AND s.story_type <> 'release'
ORDER BY m.accepted_at, m.story_id`
	rows, err := s.pool.Query(ctx, q, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: cycle samples of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.CycleSample, error) {
		var cs sprintlens.CycleSample
		var typ string
		var est *float64
		var secs float64
		err := r.Scan(&cs.StoryID, &typ, &est, &cs.Started, &cs.Accepted, &secs, &cs.Rejections)
		cs.Type = sprintlens.StoryType(typ)
		if est != nil {
			cs.Estimate, cs.Estimated = *est, true
		}
		cs.Duration = time.Duration(secs * float64(time.Second))
		return cs, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: cycle samples of project %d: %w", pid, err)
	}
	return out, nil
}
