package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// ProjectData loads everything the metrics are computed from.
func (s *Store) ProjectData(ctx context.Context, pid int64) (sprintlens.ProjectData, error) {
	return loadProjectData(ctx, s.pool, pid)
}

func loadProjectData(ctx context.Context, q querier, pid int64) (sprintlens.ProjectData, error) {
	var d sprintlens.ProjectData
	rows, err := q.Query(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = $1`, pid)
	if err != nil {
		return d, fmt.Errorf("load project %d: %w", pid, err)
	}
	if d.Project, err = pgx.CollectExactlyOneRow(rows, scanProject); err != nil {
		return d, fmt.Errorf("load project %d: %w", pid, translate(err))
	}
	if d.Iterations, err = loadIterations(ctx, q, pid); err != nil {
		return d, err
	}
	if d.Stories, err = loadStories(ctx, q, pid, ""); err != nil {
		return d, err
	}
	if d.History, err = loadHistory(ctx, q, pid); err != nil {
		return d, err
	}
	if d.Labels, err = loadLabels(ctx, q, pid); err != nil {
		return d, err
	}
	if d.Epics, err = loadEpics(ctx, q, pid); err != nil {
		return d, err
	}
	if d.WindowChanges, err = loadWindowChanges(ctx, q, pid); err != nil {
		return d, err
	}
	return d, nil
}

func loadWindowChanges(ctx context.Context, q querier, pid int64) ([]sprintlens.WindowChange, error) {
	rows, err := q.Query(ctx, `SELECT changed_at, from_window, to_window FROM velocity_window_changes
		WHERE project_id = $1 ORDER BY changed_at`, pid)
	if err != nil {
		return nil, fmt.Errorf("load window changes: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sprintlens.WindowChange])
	if err != nil {
		return nil, fmt.Errorf("load window changes: %w", err)
	}
	return out, nil
}

func loadIterations(ctx context.Context, q querier, pid int64) ([]sprintlens.Iteration, error) {
	rows, err := q.Query(ctx, `SELECT project_id, number, start_at, finish_at, team_strength::float8, length_weeks, kind,
		tracker_velocity::float8 FROM iterations WHERE project_id = $1 ORDER BY number`, pid)
	if err != nil {
		return nil, fmt.Errorf("load iterations: %w", err)
	}
	its, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.Iteration, error) {
		var it sprintlens.Iteration
		err := r.Scan(&it.ProjectID, &it.Number, &it.Start, &it.Finish, &it.TeamStrength, &it.Length, &it.Kind, &it.TrackerVelocity)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("load iterations: %w", err)
	}
	return its, nil
}

// storySelect reads stories with their label names and ids.
const storySelect = `
SELECT s.project_id, s.id, s.name, s.story_type, s.current_state, s.estimate::float8, s.iteration_number,
       s.position, s.description, s.url, s.requested_by, s.owners, s.created_at, s.updated_at,
       s.accepted_at, s.deadline,
       coalesce(array_agg(l.name ORDER BY l.name) FILTER (WHERE l.id IS NOT NULL), '{}'),
       coalesce(array_agg(l.id ORDER BY l.name) FILTER (WHERE l.id IS NOT NULL), '{}')
FROM stories s
LEFT JOIN story_labels sl ON sl.project_id = s.project_id AND sl.story_id = s.id
LEFT JOIN labels l ON l.project_id = sl.project_id AND l.id = sl.label_id
WHERE s.project_id = $1 `

func scanStory(r pgx.CollectableRow) (sprintlens.Story, error) {
	var st sprintlens.Story
	var typ, state string
	err := r.Scan(&st.ProjectID, &st.ID, &st.Name, &typ, &state, &st.Estimate, &st.IterationNumber,
		&st.Position, &st.Description, &st.URL, &st.RequestedBy, &st.Owners, &st.CreatedAt, &st.UpdatedAt,
		&st.AcceptedAt, &st.Deadline, &st.Labels, &st.LabelIDs)
	st.Type, st.State = sprintlens.StoryType(typ), sprintlens.StoryState(state)
	return st, err
}

// loadStories reads a project's stories; where is an extra SQL condition
// ("AND s.id = $2") and args its parameters.
func loadStories(ctx context.Context, q querier, pid int64, where string, args ...any) ([]sprintlens.Story, error) {
	rows, err := q.Query(ctx, storySelect+where+` GROUP BY s.project_id, s.id ORDER BY s.id`, append([]any{pid}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("load stories: %w", err)
	}
	st, err := pgx.CollectRows(rows, scanStory)
	if err != nil {
		return nil, fmt.Errorf("load stories: %w", err)
	}
	return st, nil
}

func loadHistory(ctx context.Context, q querier, pid int64) ([]sprintlens.HistoryEntry, error) {
	rows, err := q.Query(ctx, `SELECT story_id, occurred_at, state, estimate::float8, iteration_number, source
		FROM story_history WHERE project_id = $1 ORDER BY story_id, occurred_at, seq`, pid)
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	var out []sprintlens.HistoryEntry
	var h sprintlens.HistoryEntry
	var state, source string
	h.ProjectID = pid
	_, err = pgx.ForEachRow(rows, []any{&h.StoryID, &h.OccurredAt, &state, &h.Estimate, &h.IterationNumber, &source}, func() error {
		h.State, h.Source = sprintlens.StoryState(state), sprintlens.HistorySource(source)
		out = append(out, h)
		h.Estimate, h.IterationNumber = nil, nil
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	return out, nil
}

func loadLabels(ctx context.Context, q querier, pid int64) ([]sprintlens.Label, error) {
	rows, err := q.Query(ctx, `SELECT project_id, id, name FROM labels WHERE project_id = $1 ORDER BY name`, pid)
	if err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sprintlens.Label])
	if err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	return out, nil
}

func loadEpics(ctx context.Context, q querier, pid int64) ([]sprintlens.Epic, error) {
	rows, err := q.Query(ctx, `SELECT e.project_id, e.id, e.name, coalesce(e.label_id, 0), coalesce(l.name, '')
		FROM epics e LEFT JOIN labels l ON l.project_id = e.project_id AND l.id = e.label_id
		WHERE e.project_id = $1 ORDER BY e.name`, pid)
	if err != nil {
		return nil, fmt.Errorf("load epics: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sprintlens.Epic])
	if err != nil {
		return nil, fmt.Errorf("load epics: %w", err)
	}
	return out, nil
}
