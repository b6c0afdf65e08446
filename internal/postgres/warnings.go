package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// writeWarnings recomputes a project's warnings and split radar inside
// refreshMetrics' transaction (d and m are what it just loaded and
// computed), replacing the previous rows with COPY. Dismissals are kept:
// they apply by fingerprint when read.
func writeWarnings(ctx context.Context, tx pgx.Tx, pid int64, d sprintlens.ProjectData, m sprintlens.ProjectMetrics) error {
	ws, err := warningSettings(ctx, tx, pid)
	if err != nil {
		return err
	}
	limit := sprintlens.ProjectSizeLimit(d.Project, m.Velocity)
	warnings := sprintlens.ComputeWarnings(d, m, ws, m.ComputedAt)
	radar := sprintlens.ComputeRadar(d, m, limit, m.ComputedAt)
	for _, table := range []string{"warnings", "radar_metrics"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"warnings"}, []string{"project_id", "story_id", "kind", "story_name", "story_url",
		"points", "value", "threshold", "basis", "scope", "epic", "iteration", "since", "message", "fingerprint"},
		pgx.CopyFromSlice(len(warnings), func(i int) ([]any, error) {
			w := warnings[i]
			return []any{pid, w.StoryID, string(w.Kind), w.StoryName, w.StoryURL, w.Points, w.Value, w.Threshold, w.Basis,
				w.Scope, w.Epic, w.Iteration, w.Since, w.Message, w.Fingerprint}, nil
		}))
	if err != nil {
		return fmt.Errorf("write warnings: %w", err)
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"radar_metrics"}, []string{"project_id", "number", "scope", "start_at", "finish_at",
		"current", "points", "stories", "big_points", "largest_points", "spanned", "ready_points", "runway", "velocity",
		"volatility", "size_limit"},
		pgx.CopyFromSlice(len(radar), func(i int) ([]any, error) {
			r := radar[i]
			return []any{pid, r.Number, r.Scope, r.Start, r.Finish, r.Current, r.Points, r.Stories, r.BigPoints,
				r.LargestPoints, r.Spanned, r.ReadyPoints, r.Runway, r.Velocity, r.Volatility, limit.Points}, nil
		}))
	if err != nil {
		return fmt.Errorf("write radar metrics: %w", err)
	}
	return nil
}
