package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// warningColumns are read by scanWarning, in its order.
const warningColumns = `w.story_id, w.kind, w.story_name, w.story_url, w.points::float8, w.value, w.threshold, w.basis,
	w.scope, w.epic, w.iteration, w.since, w.message, w.fingerprint`

// activeWarnings joins a project's warnings ($1) with the dismissals that
// still hold (same fingerprint) and keeps those without one.
const activeWarnings = `
SELECT ` + warningColumns + `
FROM warnings w
LEFT JOIN warning_dismissals d ON d.project_id = w.project_id AND d.story_id = w.story_id
	AND d.kind = w.kind AND d.fingerprint = w.fingerprint
WHERE w.project_id = $1 AND d.story_id IS NULL`

// kindOrder sorts rows by the domain's display order of kinds.
const kindOrder = ` ORDER BY array_position($2::text[], w.kind), w.story_id`

func kindNames() []string {
	out := make([]string, len(sprintlens.WarningKinds))
	for i, k := range sprintlens.WarningKinds {
		out[i] = string(k)
	}
	return out
}

func scanWarning(r pgx.CollectableRow) (sprintlens.Warning, error) {
	var w sprintlens.Warning
	var kind string
	err := r.Scan(&w.StoryID, &kind, &w.StoryName, &w.StoryURL, &w.Points, &w.Value, &w.Threshold, &w.Basis,
		&w.Scope, &w.Epic, &w.Iteration, &w.Since, &w.Message, &w.Fingerprint)
	w.Kind = sprintlens.WarningKind(kind)
	return w, err
}

// ProjectWarnings lists a project's warnings that no dismissal hides,
// ordered by kind and story.
func (s *Store) ProjectWarnings(ctx context.Context, pid int64) ([]sprintlens.Warning, error) {
	rows, err := s.pool.Query(ctx, activeWarnings+kindOrder, pid, kindNames())
	if err != nil {
		return nil, fmt.Errorf("postgres: warnings of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, scanWarning)
	if err != nil {
		return nil, fmt.Errorf("postgres: warnings of project %d: %w", pid, err)
	}
	return out, nil
}

// WarningsForStories returns the undismissed warnings of the given stories
// by story id, for pages that show them inline (sprint, backlog). Stories
// without warnings are absent from the map.
func (s *Store) WarningsForStories(ctx context.Context, pid int64, storyIDs []int64) (map[int64][]sprintlens.Warning, error) {
	out := map[int64][]sprintlens.Warning{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, activeWarnings+` AND w.story_id = ANY($3)`+kindOrder, pid, kindNames(), storyIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: warnings of %d stories of project %d: %w", len(storyIDs), pid, err)
	}
	ws, err := pgx.CollectRows(rows, scanWarning)
	if err != nil {
		return nil, fmt.Errorf("postgres: warnings of %d stories of project %d: %w", len(storyIDs), pid, err)
	}
	for _, w := range ws {
		out[w.StoryID] = append(out[w.StoryID], w)
	}
	return out, nil
}

// DismissedWarnings lists the warnings that dismissals currently hide, the
// latest dismissal first.
func (s *Store) DismissedWarnings(ctx context.Context, pid int64) ([]sprintlens.DismissedWarning, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+warningColumns+`, d.reason, d.dismissed_by, d.dismissed_at
		FROM warnings w JOIN warning_dismissals d ON d.project_id = w.project_id AND d.story_id = w.story_id
			AND d.kind = w.kind AND d.fingerprint = w.fingerprint
		WHERE w.project_id = $1 ORDER BY d.dismissed_at DESC, w.story_id, w.kind`, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: dismissed warnings of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.DismissedWarning, error) {
		var dw sprintlens.DismissedWarning
		var kind string
		w := &dw.Warning
		err := r.Scan(&w.StoryID, &kind, &w.StoryName, &w.StoryURL, &w.Points, &w.Value, &w.Threshold, &w.Basis,
			&w.Scope, &w.Epic, &w.Iteration, &w.Since, &w.Message, &w.Fingerprint, &dw.Reason, &dw.By, &dw.At)
		w.Kind = sprintlens.WarningKind(kind)
		return dw, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: dismissed warnings of project %d: %w", pid, err)
	}
	return out, nil
}

// DismissWarning records a member's dismissal of one current warning,
// against the story's fingerprint as the warning saw it (d.Fingerprint and
// d.At are filled here). ErrNotFound when the story has no such warning.
func (s *Store) DismissWarning(ctx context.Context, d sprintlens.Dismissal) (sprintlens.DismissedWarning, error) {
	var dw sprintlens.DismissedWarning
	if err := d.Validate(); err != nil {
		return dw, fmt.Errorf("postgres: dismiss warning: %w", err)
	}
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+warningColumns+` FROM warnings w
			WHERE w.project_id = $1 AND w.story_id = $2 AND w.kind = $3`, d.ProjectID, d.StoryID, string(d.Kind))
		if err != nil {
			return err
		}
		if dw.Warning, err = pgx.CollectExactlyOneRow(rows, scanWarning); err != nil {
			return err
		}
		if d.At.IsZero() {
			d.At = time.Now()
		}
		_, err = tx.Exec(ctx, `INSERT INTO warning_dismissals (project_id, story_id, kind, fingerprint, reason, dismissed_by, dismissed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (project_id, story_id, kind) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
				reason = EXCLUDED.reason, dismissed_by = EXCLUDED.dismissed_by, dismissed_at = EXCLUDED.dismissed_at`,
			d.ProjectID, d.StoryID, string(d.Kind), dw.Fingerprint, d.Reason, d.By, d.At)
		return err
	})
	if err != nil {
		err = translate(err)
		if errors.Is(err, sprintlens.ErrNotFound) {
			return dw, fmt.Errorf("postgres: story %d has no %s warning: %w", d.StoryID, d.Kind, err)
		}
		return dw, fmt.Errorf("postgres: dismiss warning: %w", err)
	}
	dw.Reason, dw.By, dw.At = d.Reason, d.By, d.At
	return dw, nil
}

// RadarRows reads a project's precomputed split radar: every scope's rows,
// the project's ("") first, each by sprint number.
func (s *Store) RadarRows(ctx context.Context, pid int64) ([]sprintlens.RadarRow, error) {
	rows, err := s.pool.Query(ctx, `SELECT number, scope, start_at, finish_at, current, points, stories, big_points,
		largest_points, spanned, ready_points, runway, velocity, volatility
		FROM radar_metrics WHERE project_id = $1 ORDER BY scope, number`, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: radar of project %d: %w", pid, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.RadarRow, error) {
		var rr sprintlens.RadarRow
		err := r.Scan(&rr.Number, &rr.Scope, &rr.Start, &rr.Finish, &rr.Current, &rr.Points, &rr.Stories, &rr.BigPoints,
			&rr.LargestPoints, &rr.Spanned, &rr.ReadyPoints, &rr.Runway, &rr.Velocity, &rr.Volatility)
		return rr, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: radar of project %d: %w", pid, err)
	}
	return out, nil
}
