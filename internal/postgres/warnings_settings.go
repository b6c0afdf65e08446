package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// warningSettings reads a project's warning thresholds, the defaults when
// none were saved.
func warningSettings(ctx context.Context, q querier, pid int64) (sprintlens.WarningSettings, error) {
	ws := sprintlens.DefaultWarningSettings()
	err := q.QueryRow(ctx, `SELECT lumpy_share::float8, long_running_percentile::float8
		FROM warning_settings WHERE project_id = $1`, pid).Scan(&ws.LumpyShare, &ws.LongRunningPercentile)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return ws, fmt.Errorf("read warning settings: %w", err)
	}
	return ws, nil
}

// ProjectSettings reads what the settings page edits; ErrNotFound for an
// unknown project.
func (s *Store) ProjectSettings(ctx context.Context, pid int64) (sprintlens.ProjectSettings, error) {
	p, err := s.Project(ctx, pid)
	if err != nil {
		return sprintlens.ProjectSettings{}, err
	}
	ws, err := warningSettings(ctx, s.pool, pid)
	if err != nil {
		return sprintlens.ProjectSettings{}, fmt.Errorf("postgres: settings of project %d: %w", pid, err)
	}
	return sprintlens.SettingsOf(p, ws), nil
}

// SaveProjectSettings validates and stores a project's settings, then
// recomputes its metrics and warnings in the same transaction, so no page
// shows numbers computed under the old settings. by names who saved them.
// A Tracker project keeps its stored time zone whatever ps.TimeZone says
// (see Project.TimeZoneFromTracker): its zone is Tracker's, and a sync
// may have just changed it under a form that showed the old one.
func (s *Store) SaveProjectSettings(ctx context.Context, pid int64, ps sprintlens.ProjectSettings, by string) error {
	if err := ps.Validate(); err != nil {
		return fmt.Errorf("postgres: settings of project %d: %w", pid, err)
	}
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// A new velocity window changes what velocity means from now on:
		// keep when, for the chart's markers.
		_, err := tx.Exec(ctx, `INSERT INTO velocity_window_changes (project_id, from_window, to_window, changed_by)
			SELECT id, velocity_window, $2, $3 FROM projects WHERE id = $1 AND velocity_window <> $2`, pid, ps.VelocityWindow, by)
		if err != nil {
			return fmt.Errorf("record window change: %w", err)
		}
		tag, err := tx.Exec(ctx, `UPDATE projects SET size_limit = $2, velocity_window = $3, count_bugs_and_chores = $4,
			time_zone = CASE WHEN source = $6 THEN time_zone ELSE $5 END, updated_at = now() WHERE id = $1`,
			pid, ps.SizeLimit, ps.VelocityWindow, ps.CountBugsAndChores, ps.TimeZone, string(sprintlens.SourceTracker))
		if err != nil {
			return fmt.Errorf("update project: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return sprintlens.ErrNotFound
		}
		_, err = tx.Exec(ctx, `INSERT INTO warning_settings (project_id, lumpy_share, long_running_percentile, updated_by)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (project_id) DO UPDATE SET lumpy_share = EXCLUDED.lumpy_share,
				long_running_percentile = EXCLUDED.long_running_percentile, updated_by = EXCLUDED.updated_by, updated_at = now()`,
			pid, ps.Warnings.LumpyShare, ps.Warnings.LongRunningPercentile, by)
		if err != nil {
			return fmt.Errorf("upsert warning settings: %w", err)
		}
		return refreshMetrics(ctx, tx, pid, time.Now())
	})
	if err != nil {
		return fmt.Errorf("postgres: save settings of project %d: %w", pid, translate(err))
	}
	return nil
}
