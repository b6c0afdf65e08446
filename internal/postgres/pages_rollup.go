package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// VelocitySummaries reads every project's precomputed velocity, by project
// id; projects never computed are absent.
func (s *Store) VelocitySummaries(ctx context.Context) (map[int64]sprintlens.Velocity, error) {
	rows, err := s.pool.Query(ctx, `SELECT project_id, velocity::float8, velocity_normalized::float8, stddev::float8,
		volatility::float8, window_size, window_used, velocity_iterations FROM project_metrics`)
	if err != nil {
		return nil, fmt.Errorf("postgres: velocity summaries: %w", err)
	}
	out := map[int64]sprintlens.Velocity{}
	var pid int64
	var v sprintlens.Velocity
	_, err = pgx.ForEachRow(rows, []any{&pid, &v.Value, &v.Normalized, &v.StdDev, &v.Volatility, &v.Window, &v.Used, &v.Iterations},
		func() error {
			v.Short = v.Used < v.Window
			out[pid] = v
			v = sprintlens.Velocity{}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("postgres: velocity summaries: %w", err)
	}
	return out, nil
}

// LastDoneIterations reads, for every project, the precomputed numbers of
// its latest done iteration (the last one with a rolling velocity), by
// project id.
func (s *Store) LastDoneIterations(ctx context.Context) (map[int64]sprintlens.IterationSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (project_id) project_id, number, start_at, finish_at, kind,
		team_strength::float8, accepted_points::float8, accepted_count, committed_points::float8, committed_count,
		carried_over_points::float8, carried_over_count, added_points::float8, added_count,
		removed_points::float8, removed_count, rolling_velocity::float8, rolling_stddev::float8, reconstructed
		FROM iteration_metrics WHERE rolling_velocity IS NOT NULL ORDER BY project_id, number DESC`)
	if err != nil {
		return nil, fmt.Errorf("postgres: last done iterations: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.IterationSummary, error) {
		var is sprintlens.IterationSummary
		it := &is.Iteration
		err := r.Scan(&it.ProjectID, &it.Number, &it.Start, &it.Finish, &it.Kind, &it.TeamStrength,
			&is.AcceptedPoints, &is.AcceptedCount, &is.Committed.Points, &is.Committed.Count,
			&is.CarriedOver.Points, &is.CarriedOver.Count, &is.Added.Points, &is.Added.Count,
			&is.Removed.Points, &is.Removed.Count, &is.RollingVelocity, &is.RollingStdDev, &is.Reconstructed)
		return is, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: last done iterations: %w", err)
	}
	out := make(map[int64]sprintlens.IterationSummary, len(list))
	for _, is := range list {
		out[is.Iteration.ProjectID] = is
	}
	return out, nil
}
