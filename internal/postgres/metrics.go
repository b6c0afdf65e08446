package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// metricsDetails is the jsonb in project_metrics.details.
type metricsDetails struct {
	Annotations []sprintlens.Annotation `json:"annotations"`
	CycleByType []sprintlens.CycleGroup `json:"cycle_by_type"`
	CycleBySize []sprintlens.CycleGroup `json:"cycle_by_size"`
}

// RefreshMetricsHook recomputes a project's metrics inside the save's
// transaction, so the new data and its numbers appear together.
func RefreshMetricsHook(now func() time.Time) AfterSave {
	return func(ctx context.Context, tx pgx.Tx, pid int64) error {
		return refreshMetrics(ctx, tx, pid, now())
	}
}

// RefreshMetrics recomputes a project's metrics in a transaction of its own
// (after a settings change, say).
func (s *Store) RefreshMetrics(ctx context.Context, pid int64) error {
	err := s.InTx(ctx, func(tx pgx.Tx) error { return refreshMetrics(ctx, tx, pid, time.Now()) })
	if err != nil {
		return fmt.Errorf("postgres: refresh metrics of project %d: %w", pid, translate(err))
	}
	return nil
}

// refreshAllMetrics recomputes every project's metrics, each in its own
// transaction.
func (s *Store) refreshAllMetrics(ctx context.Context) error {
	projects, err := s.Projects(ctx)
	if err != nil {
		return err
	}
	for _, p := range projects {
		if err := s.RefreshMetrics(ctx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

func refreshMetrics(ctx context.Context, tx pgx.Tx, pid int64, now time.Time) error {
	d, err := loadProjectData(ctx, tx, pid)
	if err != nil {
		return err
	}
	m := sprintlens.ComputeMetrics(d, now)
	if _, err := tx.Exec(ctx, `DELETE FROM project_metrics WHERE project_id = $1`, pid); err != nil {
		return fmt.Errorf("clear project metrics: %w", err)
	}
	details, err := json.Marshal(metricsDetails{m.Annotations, m.CycleByType, m.CycleBySize})
	if err != nil {
		return fmt.Errorf("encode metrics details: %w", err)
	}
	v := m.Velocity
	iters := v.Iterations
	if iters == nil {
		iters = []int{}
	}
	_, err = tx.Exec(ctx, `INSERT INTO project_metrics (project_id, computed_at, velocity, velocity_normalized, stddev,
		volatility, window_size, window_used, velocity_iterations, details) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		pid, now, v.Value, v.Normalized, v.StdDev, v.Volatility, v.Window, v.Used, iters, details)
	if err != nil {
		return fmt.Errorf("write project metrics: %w", err)
	}
	if err := writeIterationMetrics(ctx, tx, pid, m); err != nil {
		return err
	}
	if err := writeStoryMetrics(ctx, tx, pid, m.Stories); err != nil {
		return err
	}
	if err := writeAcceptedWork(ctx, tx, pid, d.Stories); err != nil {
		return err
	}
	return writeWarnings(ctx, tx, pid, d, m)
}

func writeIterationMetrics(ctx context.Context, tx pgx.Tx, pid int64, m sprintlens.ProjectMetrics) error {
	points := map[int]sprintlens.IterationPoints{}
	for _, p := range m.Points {
		points[p.Number] = p
	}
	rolling := map[int]sprintlens.VelocityPoint{}
	for _, r := range m.Rolling {
		rolling[r.Number] = r
	}
	rows := make([]keyedRow, 0, len(m.Reviews))
	for _, r := range m.Reviews {
		it := r.Iteration
		review, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode review %d: %w", it.Number, err)
		}
		var rv, rsd *float64
		if p, ok := rolling[it.Number]; ok {
			rv, rsd = &p.Velocity, &p.StdDev
		}
		p := points[it.Number]
		rows = append(rows, keyedRow{int64(it.Number), []any{pid, it.Number, it.Start, it.Finish, it.Kind, it.TeamStrength,
			p.Points, p.Stories, r.Committed.Points, r.Committed.Count, r.CarriedOver.Points, r.CarriedOver.Count,
			r.Added.Points, r.Added.Count, r.Removed.Points, r.Removed.Count, rv, rsd, r.Reconstructed, review,
			r.Open.Points, r.Open.Count, r.InProgress, r.Inferred}})
	}
	return writeChangedRows(ctx, tx, "iteration_metrics", "number", pid, []string{"project_id", "number", "start_at", "finish_at",
		"kind", "team_strength", "accepted_points", "accepted_count", "committed_points", "committed_count",
		"carried_over_points", "carried_over_count", "added_points", "added_count", "removed_points", "removed_count",
		"rolling_velocity", "rolling_stddev", "reconstructed", "review",
		"open_points", "open_count", "in_progress", "inferred"}, rows)
}

func writeStoryMetrics(ctx context.Context, tx pgx.Tx, pid int64, sms []sprintlens.StoryMetric) error {
	rows := make([]keyedRow, len(sms))
	for i, sm := range sms {
		var secs *float64
		if sm.Cycle != nil {
			s := sm.Cycle.Seconds()
			secs = &s
		}
		rows[i] = keyedRow{sm.StoryID, []any{pid, sm.StoryID, sm.Started, sm.Accepted, secs, sm.Rejections, sm.RollCount}}
	}
	return writeChangedRows(ctx, tx, "story_metrics", "story_id", pid,
		[]string{"project_id", "story_id", "started_at", "accepted_at", "cycle_seconds", "rejections", "roll_count"}, rows)
}

// writeAcceptedWork stores the accepted stories' points and labels, the
// input AcceptedWork reads.
func writeAcceptedWork(ctx context.Context, tx pgx.Tx, pid int64, stories []sprintlens.Story) error {
	rows := make([]keyedRow, 0, len(stories))
	for _, st := range stories {
		if st.State != sprintlens.Accepted || st.AcceptedAt == nil || st.Type == sprintlens.Release {
			continue
		}
		labels := st.Labels
		if labels == nil {
			labels = []string{}
		}
		rows = append(rows, keyedRow{st.ID, []any{pid, st.ID, *st.AcceptedAt, st.IterationNumber, st.Points(), labels}})
	}
	return writeChangedRows(ctx, tx, "accepted_work", "story_id", pid,
		[]string{"project_id", "story_id", "accepted_at", "iteration_number", "points", "labels"}, rows)
}
