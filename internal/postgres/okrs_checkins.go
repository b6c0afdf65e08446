package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const checkInColumns = `c.id, c.key_result_id, c.value::float8, c.confidence, c.comment, c.author, c.milestones_done, c.created_at`

func scanCheckIn(row pgx.CollectableRow) (sprintlens.CheckIn, error) {
	var c sprintlens.CheckIn
	err := row.Scan(&c.ID, &c.KeyResultID, &c.Value, &c.Confidence, &c.Comment, &c.Author, &c.MilestonesDone, &c.At)
	return c, err
}

// CheckIns lists a key result's check-ins, oldest first.
func (s *Store) CheckIns(ctx context.Context, keyResultID int64) ([]sprintlens.CheckIn, error) {
	return queryCheckIns(ctx, s.pool, `SELECT `+checkInColumns+` FROM check_ins c
WHERE c.key_result_id = $1 ORDER BY c.created_at, c.id`, keyResultID)
}

// PeriodCheckIns lists the check-ins of every key result of a period,
// oldest first.
func (s *Store) PeriodCheckIns(ctx context.Context, periodID int64) ([]sprintlens.CheckIn, error) {
	return queryCheckIns(ctx, s.pool, `SELECT `+checkInColumns+` FROM check_ins c
JOIN key_results k ON k.id = c.key_result_id
JOIN objectives o ON o.id = k.objective_id
WHERE o.period_id = $1 ORDER BY c.created_at, c.id`, periodID)
}

func queryCheckIns(ctx context.Context, q querier, sql string, arg any) ([]sprintlens.CheckIn, error) {
	rows, err := q.Query(ctx, sql, arg)
	if err != nil {
		return nil, fmt.Errorf("postgres: check-ins: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanCheckIn)
	if err != nil {
		return nil, fmt.Errorf("postgres: check-ins: %w", err)
	}
	return out, nil
}

// AddCheckIn appends a check-in to its key result's history after checking
// it against the key result and its period (open, date inside, confidence
// 0–10). For a milestones key result it also ticks the key result's
// milestones: the ones named in MilestonesDone, or else the first Value
// ones, as milestones are usually reached in order.
func (s *Store) AddCheckIn(ctx context.Context, c sprintlens.CheckIn) (sprintlens.CheckIn, error) {
	var out sprintlens.CheckIn
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		kr, err := keyResultByID(ctx, tx, c.KeyResultID, "FOR UPDATE OF k")
		if err != nil {
			return err
		}
		p, err := keyResultPeriod(ctx, tx, kr)
		if err != nil {
			return err
		}
		out, err = insertCheckIn(ctx, tx, kr, p, c)
		return err
	})
	if err != nil {
		return sprintlens.CheckIn{}, err
	}
	return out, nil
}

func insertCheckIn(ctx context.Context, q querier, kr sprintlens.KeyResult, p sprintlens.Period, c sprintlens.CheckIn) (sprintlens.CheckIn, error) {
	c.Author, c.Comment = strings.TrimSpace(c.Author), strings.TrimSpace(c.Comment)
	if err := c.Validate(kr, p); err != nil {
		return sprintlens.CheckIn{}, err
	}
	var done any // SQL NULL when the check-in does not say which milestones
	if c.MilestonesDone != nil {
		done = c.MilestonesDone
	}
	const ins = `
INSERT INTO check_ins AS c (key_result_id, value, confidence, comment, author, milestones_done, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING ` + checkInColumns
	rows, err := q.Query(ctx, ins, kr.ID, c.Value, c.Confidence, c.Comment, c.Author, done, c.At)
	if err != nil {
		return sprintlens.CheckIn{}, fmt.Errorf("postgres: add check-in to key result %d: %w", kr.ID, translate(err))
	}
	out, err := pgx.CollectExactlyOneRow(rows, scanCheckIn)
	if err != nil {
		return sprintlens.CheckIn{}, fmt.Errorf("postgres: add check-in to key result %d: %w", kr.ID, translate(err))
	}
	if kr.Kind == sprintlens.KRMilestones {
		ms := tickMilestones(kr.Milestones, c)
		if _, err := q.Exec(ctx, `UPDATE key_results SET milestones = $2, updated_at = now() WHERE id = $1`, kr.ID, ms); err != nil {
			return sprintlens.CheckIn{}, fmt.Errorf("postgres: tick milestones of key result %d: %w", kr.ID, translate(err))
		}
	}
	return out, nil
}

// tickMilestones returns the milestones as the check-in reports them.
func tickMilestones(ms []sprintlens.Milestone, c sprintlens.CheckIn) []sprintlens.Milestone {
	out := make([]sprintlens.Milestone, len(ms))
	for i, m := range ms {
		m.Done = float64(i) < c.Value
		if c.MilestonesDone != nil {
			m.Done = c.MilestonesDone[i]
		}
		out[i] = m
	}
	return out
}
