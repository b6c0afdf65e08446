package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// demoAuthor signs the demo's edit trail.
const demoAuthor = "demo"

// demoZone is the demo team's zone when the OKRs belong to no project.
const demoZone = "Asia/Tokyo"

// SeedDemoOKRs stores the demo OKRs (sprintlens.DemoOKRs) in the quarter
// containing now, creating the period when missing. It does nothing when
// that period already has objectives or is closed, so the demo may call it
// on every start. projectID 0 makes team objectives without links; else
// the objectives belong to the project, the quarter follows its time zone,
// and only the demo labels the project has are linked.
func (s *Store) SeedDemoOKRs(ctx context.Context, projectID int64, now time.Time) error {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// Two demo processes starting together must not both seed.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('sprintlens.seed_demo_okrs'))`); err != nil {
			return err
		}
		zone := demoZone
		if projectID != 0 {
			if err := tx.QueryRow(ctx, `SELECT time_zone FROM projects WHERE id = $1`, projectID).Scan(&zone); err != nil {
				return fmt.Errorf("project %d: %w", projectID, translate(err))
			}
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return fmt.Errorf("time zone %q: %w", zone, err)
		}
		q, err := sprintlens.QuarterOf(now, loc)
		if err != nil {
			return err
		}
		p, err := periodWhere(ctx, tx, "key = $1", q.Key, "FOR UPDATE")
		if errors.Is(err, sprintlens.ErrNotFound) {
			p, err = insertPeriod(ctx, tx, q, demoAuthor)
		}
		if err != nil {
			return err
		}
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM objectives WHERE period_id = $1)`, p.ID).Scan(&has); err != nil {
			return err
		}
		if has || p.Closed {
			return nil
		}
		known, err := projectLabels(ctx, tx, projectID)
		if err != nil {
			return err
		}
		return seedObjectives(ctx, tx, p, sprintlens.DemoOKRs(p, projectID, now), projectID, known)
	})
	if err != nil {
		return fmt.Errorf("postgres: seed demo OKRs: %w", err)
	}
	return nil
}

func seedObjectives(ctx context.Context, tx pgx.Tx, p sprintlens.Period, demo []sprintlens.DemoObjective,
	projectID int64, known map[string]bool) error {
	for _, d := range demo {
		d.Objective.PeriodID = p.ID
		o, err := insertObjective(ctx, tx, d.Objective, demoAuthor)
		if err != nil {
			return err
		}
		for _, dk := range d.KeyResults {
			kr := dk.KeyResult
			kr.ObjectiveID = o.ID
			var labels []string
			for _, l := range kr.LabelLinks {
				if known[l] {
					labels = append(labels, l)
				}
			}
			kr.LabelLinks = labels
			stored, err := insertKeyResult(ctx, tx, kr, projectID, demoAuthor)
			if err != nil {
				return err
			}
			for _, c := range dk.CheckIns {
				c.KeyResultID = stored.ID
				if _, err := insertCheckIn(ctx, tx, stored, p, c); err != nil {
					return err
				}
				// Later check-ins validate against the ticked milestones.
				if stored.Kind == sprintlens.KRMilestones {
					stored.Milestones = tickMilestones(stored.Milestones, c)
				}
			}
		}
	}
	return nil
}

// projectLabels is the set of a project's label names (none for project 0).
func projectLabels(ctx context.Context, q querier, projectID int64) (map[string]bool, error) {
	known := make(map[string]bool)
	if projectID == 0 {
		return known, nil
	}
	rows, err := q.Query(ctx, `SELECT name FROM labels WHERE project_id = $1`, projectID)
	if err != nil {
		return nil, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		known[n] = true
	}
	return known, nil
}
