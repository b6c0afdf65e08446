package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const projectColumns = `id, name, source, time_zone, iteration_weeks, week_start_day, point_scale,
	velocity_window, count_bugs_and_chores, size_limit::float8, current_iteration, tracker_version,
	last_synced_at, created_at`

func scanProject(row pgx.CollectableRow) (sprintlens.Project, error) {
	var p sprintlens.Project
	var source, scale string
	err := row.Scan(&p.ID, &p.Name, &source, &p.TimeZone, &p.IterationWeeks, &p.WeekStartDay, &scale,
		&p.VelocityWindow, &p.CountBugsAndChores, &p.SizeLimit, &p.CurrentIteration, &p.Version,
		&p.LastSyncedAt, &p.CreatedAt)
	p.Source, p.PointScale = sprintlens.Source(source), sprintlens.PointScale(scale)
	return p, err
}

// Projects lists every project by name.
func (s *Store) Projects(ctx context.Context) ([]sprintlens.Project, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list projects: %w", err)
	}
	ps, err := pgx.CollectRows(rows, scanProject)
	if err != nil {
		return nil, fmt.Errorf("postgres: list projects: %w", err)
	}
	return ps, nil
}

// Project returns one project or sprintlens.ErrNotFound.
func (s *Store) Project(ctx context.Context, id int64) (sprintlens.Project, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = $1`, id)
	if err != nil {
		return sprintlens.Project{}, fmt.Errorf("postgres: project %d: %w", id, err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, scanProject)
	if err != nil {
		return sprintlens.Project{}, fmt.Errorf("postgres: project %d: %w", id, translate(err))
	}
	return p, nil
}

// UpsertProject creates a project or updates the fields a sync or import
// owns (name, source, zone, iteration settings), leaving user settings
// such as the velocity window alone on update.
func (s *Store) UpsertProject(ctx context.Context, p sprintlens.Project) error {
	const q = `
INSERT INTO projects (id, name, source, time_zone, iteration_weeks, week_start_day, point_scale,
                      velocity_window, count_bugs_and_chores, current_iteration)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, source = EXCLUDED.source, time_zone = EXCLUDED.time_zone,
    iteration_weeks = EXCLUDED.iteration_weeks, week_start_day = EXCLUDED.week_start_day,
    point_scale = EXCLUDED.point_scale, current_iteration = EXCLUDED.current_iteration,
    updated_at = now()`
	p = withProjectDefaults(p)
	_, err := s.pool.Exec(ctx, q, p.ID, p.Name, string(p.Source), p.TimeZone, p.IterationWeeks,
		p.WeekStartDay, string(p.PointScale), p.VelocityWindow, p.CountBugsAndChores, p.CurrentIteration)
	if err != nil {
		return fmt.Errorf("postgres: upsert project %d: %w", p.ID, translate(err))
	}
	return nil
}

// withProjectDefaults fills what a project row must hold but a caller may
// leave zero: the domain's defaults, a one-week iteration starting
// Monday, and Tracker as the source.
func withProjectDefaults(p sprintlens.Project) sprintlens.Project {
	if p.VelocityWindow == 0 {
		p.VelocityWindow = sprintlens.DefaultVelocityWindow
	}
	if p.PointScale == "" {
		p.PointScale = sprintlens.DefaultPointScale
	}
	if p.TimeZone == "" {
		p.TimeZone = sprintlens.DefaultTimeZone
	}
	if p.IterationWeeks == 0 {
		p.IterationWeeks = 1
	}
	if p.WeekStartDay == "" {
		p.WeekStartDay = "Monday"
	}
	if p.Source == "" {
		p.Source = sprintlens.SourceTracker
	}
	return p
}

// ProjectSummaries lists projects with their story and iteration counts,
// as the last save stored them (see storeProjectCounts).
func (s *Store) ProjectSummaries(ctx context.Context) ([]sprintlens.ProjectSummary, error) {
	const q = `SELECT ` + projectColumns + `, story_count, iteration_count FROM projects ORDER BY name, id`
	rows, err := s.pool.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("postgres: project summaries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.ProjectSummary, error) {
		var ps sprintlens.ProjectSummary
		var source, scale string
		p := &ps.Project
		err := row.Scan(&p.ID, &p.Name, &source, &p.TimeZone, &p.IterationWeeks, &p.WeekStartDay, &scale,
			&p.VelocityWindow, &p.CountBugsAndChores, &p.SizeLimit, &p.CurrentIteration, &p.Version,
			&p.LastSyncedAt, &p.CreatedAt, &ps.StoryCount, &ps.IterationCount)
		p.Source, p.PointScale = sprintlens.Source(source), sprintlens.PointScale(scale)
		return ps, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: project summaries: %w", err)
	}
	return out, nil
}

// storeProjectCounts rewrites the project row's story and iteration counts
// at the end of a save, in its transaction. Counting one project's rows
// here costs about a millisecond once per save; counting every project's
// on each view of the projects list cost 5–8 ms per request.
func storeProjectCounts(ctx context.Context, tx pgx.Tx, pid int64) error {
	_, err := tx.Exec(ctx, `UPDATE projects SET
    story_count = (SELECT count(*) FROM stories WHERE project_id = $1),
    iteration_count = (SELECT count(*) FROM iterations WHERE project_id = $1)
WHERE id = $1`, pid)
	if err != nil {
		return fmt.Errorf("store counts: %w", err)
	}
	return nil
}
