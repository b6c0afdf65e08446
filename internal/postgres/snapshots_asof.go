package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// CreateAsOfSnapshot stores a frozen view. Snapshots are never updated:
// a permalink shows what it showed the day it was made. An id already
// taken is ErrConflict.
func (s *Store) CreateAsOfSnapshot(ctx context.Context, snap sprintlens.AsOfSnapshot) error {
	figures := snap.Figures
	if figures == nil {
		figures = []sprintlens.Figure{}
	}
	fig, err := json.Marshal(figures)
	if err != nil {
		return fmt.Errorf("postgres: encode snapshot figures: %w", err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO as_of_snapshots (id, kind, project_id, sprint, source_url, view, figures, created_at)
		VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, $7, $8)`,
		snap.ID, string(snap.Kind), snap.ProjectID, snap.Sprint, snap.SourceURL, []byte(snap.View), fig, snap.CreatedAt)
	if err != nil {
		return fmt.Errorf("postgres: create snapshot: %w", translate(err))
	}
	return nil
}

// AsOfSnapshot reads the snapshot with the given id, or ErrNotFound.
func (s *Store) AsOfSnapshot(ctx context.Context, id string) (sprintlens.AsOfSnapshot, error) {
	var snap sprintlens.AsOfSnapshot
	var kind string
	var view, fig []byte
	err := s.pool.QueryRow(ctx, `SELECT id, kind, coalesce(project_id, 0), sprint, source_url, view, figures, created_at
		FROM as_of_snapshots WHERE id = $1`, id).
		Scan(&snap.ID, &kind, &snap.ProjectID, &snap.Sprint, &snap.SourceURL, &view, &fig, &snap.CreatedAt)
	if err != nil {
		return snap, fmt.Errorf("postgres: snapshot: %w", translate(err))
	}
	snap.Kind, snap.View = sprintlens.SnapshotKind(kind), view
	if err := json.Unmarshal(fig, &snap.Figures); err != nil {
		return snap, fmt.Errorf("postgres: decode snapshot figures: %w", err)
	}
	return snap, nil
}
