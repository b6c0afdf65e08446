package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// MetricsSummary reads a project's headline numbers; ErrNotFound when the
// project has never been computed.
func (s *Store) MetricsSummary(ctx context.Context, pid int64) (sprintlens.MetricsSummary, error) {
	var m sprintlens.MetricsSummary
	var details []byte
	v := &m.Velocity
	err := s.pool.QueryRow(ctx, `SELECT computed_at, velocity::float8, velocity_normalized::float8, stddev::float8,
		volatility::float8, window_size, window_used, velocity_iterations, details
		FROM project_metrics WHERE project_id = $1`, pid).
		Scan(&m.ComputedAt, &v.Value, &v.Normalized, &v.StdDev, &v.Volatility, &v.Window, &v.Used, &v.Iterations, &details)
	if err != nil {
		return m, fmt.Errorf("postgres: metrics of project %d: %w", pid, translate(err))
	}
	v.Short = v.Used < v.Window
	var d metricsDetails
	if err := json.Unmarshal(details, &d); err != nil {
		return m, fmt.Errorf("postgres: decode metrics details of project %d: %w", pid, err)
	}
	m.Annotations, m.CycleByType, m.CycleBySize = d.Annotations, d.CycleByType, d.CycleBySize
	return m, nil
}

// IterationSummaries lists a project's iterations with their precomputed
// numbers, oldest first.
func (s *Store) IterationSummaries(ctx context.Context, pid int64) ([]sprintlens.IterationSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT number, start_at, finish_at, kind, team_strength::float8,
		accepted_points::float8, accepted_count, committed_points::float8, committed_count,
		carried_over_points::float8, carried_over_count, added_points::float8, added_count,
		removed_points::float8, removed_count, rolling_velocity::float8, rolling_stddev::float8, reconstructed,
		open_points::float8, open_count, in_progress, inferred
		FROM iteration_metrics WHERE project_id = $1 ORDER BY number`, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: iteration metrics of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.IterationSummary, error) {
		var is sprintlens.IterationSummary
		it := &is.Iteration
		it.ProjectID = pid
		err := r.Scan(&it.Number, &it.Start, &it.Finish, &it.Kind, &it.TeamStrength, &is.AcceptedPoints, &is.AcceptedCount,
			&is.Committed.Points, &is.Committed.Count, &is.CarriedOver.Points, &is.CarriedOver.Count,
			&is.Added.Points, &is.Added.Count, &is.Removed.Points, &is.Removed.Count,
			&is.RollingVelocity, &is.RollingStdDev, &is.Reconstructed,
			&is.Open.Points, &is.Open.Count, &is.InProgress, &is.Inferred)
		return is, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: iteration metrics of project %d: %w", pid, err)
	}
	return out, nil
}

// SprintReview reads the precomputed review of iteration n.
func (s *Store) SprintReview(ctx context.Context, pid int64, n int) (sprintlens.Review, error) {
	var raw []byte
	var r sprintlens.Review
	err := s.pool.QueryRow(ctx, `SELECT review FROM iteration_metrics WHERE project_id = $1 AND number = $2`, pid, n).Scan(&raw)
	if err != nil {
		return r, fmt.Errorf("postgres: review of project %d sprint %d: %w", pid, n, translate(err))
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("postgres: decode review of project %d sprint %d: %w", pid, n, err)
	}
	return r, nil
}

// PageVersion names the state a project's pages are built from: its
// metrics row, rewritten in a new transaction by every save's recompute
// (computed_at and the writing transaction's id, so even two saves with
// the same clock differ), and its warning dismissals. Pages use it as an
// ETag: equal versions mean equal data.
func (s *Store) PageVersion(ctx context.Context, pid int64) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT
    coalesce((SELECT computed_at::text || ' ' || xmin::text FROM project_metrics WHERE project_id = $1), 'none') || ' ' ||
    (SELECT count(*)::text || ' ' || coalesce(max(dismissed_at)::text, '') FROM warning_dismissals WHERE project_id = $1)`,
		pid).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("postgres: page version of project %d: %w", pid, err)
	}
	return v, nil
}
