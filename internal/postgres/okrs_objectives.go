package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const objectiveColumns = `id, period_id, title, description, owner, project_id, team, position, created_at, updated_at`

func scanObjective(row pgx.CollectableRow) (sprintlens.Objective, error) {
	var o sprintlens.Objective
	err := row.Scan(&o.ID, &o.PeriodID, &o.Title, &o.Description, &o.Owner, &o.ProjectID, &o.Team,
		&o.Position, &o.CreatedAt, &o.UpdatedAt)
	return o, err
}

// Objectives lists a period's objectives in their order.
func (s *Store) Objectives(ctx context.Context, periodID int64) ([]sprintlens.Objective, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+objectiveColumns+` FROM objectives WHERE period_id = $1 ORDER BY position, id`, periodID)
	if err != nil {
		return nil, fmt.Errorf("postgres: objectives of period %d: %w", periodID, err)
	}
	out, err := pgx.CollectRows(rows, scanObjective)
	if err != nil {
		return nil, fmt.Errorf("postgres: objectives of period %d: %w", periodID, err)
	}
	return out, nil
}

// Objective returns one objective, or sprintlens.ErrNotFound.
func (s *Store) Objective(ctx context.Context, id int64) (sprintlens.Objective, error) {
	return objectiveByID(ctx, s.pool, id)
}

func objectiveByID(ctx context.Context, q querier, id int64) (sprintlens.Objective, error) {
	rows, err := q.Query(ctx, `SELECT `+objectiveColumns+` FROM objectives WHERE id = $1`, id)
	if err != nil {
		return sprintlens.Objective{}, fmt.Errorf("postgres: objective %d: %w", id, err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, scanObjective)
	if err != nil {
		return sprintlens.Objective{}, fmt.Errorf("postgres: objective %d: %w", id, translate(err))
	}
	return o, nil
}

// CreateObjective adds an objective at the end of its period, which must
// be open, and records who added it.
func (s *Store) CreateObjective(ctx context.Context, o sprintlens.Objective, author string) (sprintlens.Objective, error) {
	var out sprintlens.Objective
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := periodWhere(ctx, tx, "id = $1", o.PeriodID, "FOR SHARE")
		if err != nil {
			return err
		}
		if err := p.CheckWritable(); err != nil {
			return err
		}
		out, err = insertObjective(ctx, tx, o, author)
		return err
	})
	if err != nil {
		return sprintlens.Objective{}, err
	}
	return out, nil
}

// insertObjective validates and inserts o after the period's last
// objective; the caller has checked the period is open.
func insertObjective(ctx context.Context, q querier, o sprintlens.Objective, author string) (sprintlens.Objective, error) {
	o.Title, o.Team = strings.TrimSpace(o.Title), strings.TrimSpace(o.Team)
	if err := o.Validate(); err != nil {
		return sprintlens.Objective{}, err
	}
	if o.ProjectID != nil {
		var ok bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)`, *o.ProjectID).Scan(&ok); err != nil {
			return sprintlens.Objective{}, fmt.Errorf("postgres: create objective: %w", err)
		}
		if !ok {
			return sprintlens.Objective{}, sprintlens.Invalid("project_id", fmt.Sprintf("unknown project %d", *o.ProjectID))
		}
	}
	const ins = `
INSERT INTO objectives (period_id, title, description, owner, project_id, team, position)
VALUES ($1, $2, $3, $4, $5, $6, (SELECT coalesce(max(position), 0) + 1 FROM objectives WHERE period_id = $1))
RETURNING ` + objectiveColumns
	rows, err := q.Query(ctx, ins, o.PeriodID, o.Title, o.Description, o.Owner, o.ProjectID, o.Team)
	if err != nil {
		return sprintlens.Objective{}, fmt.Errorf("postgres: create objective: %w", translate(err))
	}
	out, err := pgx.CollectExactlyOneRow(rows, scanObjective)
	if err != nil {
		return sprintlens.Objective{}, fmt.Errorf("postgres: create objective: %w", translate(err))
	}
	created := sprintlens.DiffObjective(sprintlens.Objective{}, out, author, time.Now())
	if err := writeEdits(ctx, q, created); err != nil {
		return sprintlens.Objective{}, err
	}
	return out, nil
}
