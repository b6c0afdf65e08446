package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// writeEdits appends changed fields to the OKR edit trail.
func writeEdits(ctx context.Context, q querier, edits []sprintlens.OKREdit) error {
	const ins = `
INSERT INTO okr_edits (entity, entity_id, field, old_value, new_value, author, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`
	for _, e := range edits {
		if _, err := q.Exec(ctx, ins, e.Entity, e.EntityID, e.Field, e.Old, e.New, e.Author, e.At); err != nil {
			return fmt.Errorf("postgres: record %s %d %s edit: %w", e.Entity, e.EntityID, e.Field, translate(err))
		}
	}
	return nil
}

// OKREdits lists the edit trail of one period, objective or key result,
// the newest first.
func (s *Store) OKREdits(ctx context.Context, entity string, id int64) ([]sprintlens.OKREdit, error) {
	const q = `
SELECT id, entity, entity_id, field, old_value, new_value, author, created_at
FROM okr_edits WHERE entity = $1 AND entity_id = $2
ORDER BY created_at DESC, id DESC`
	rows, err := s.pool.Query(ctx, q, entity, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s %d edits: %w", entity, id, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.OKREdit, error) {
		var e sprintlens.OKREdit
		err := row.Scan(&e.ID, &e.Entity, &e.EntityID, &e.Field, &e.Old, &e.New, &e.Author, &e.At)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: %s %d edits: %w", entity, id, err)
	}
	return out, nil
}
