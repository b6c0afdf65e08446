package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// CreateSession stores a signed-in browser session under the SHA-256 hash
// of its id, and clears out every expired session while it is here.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, userID int64, created, expires time.Time) error {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, created); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			idHash, userID, created, expires)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", translate(err))
	}
	return nil
}

// SessionUser returns the user of an unexpired session, with their
// current role, or sprintlens.ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, idHash []byte, now time.Time) (sprintlens.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+`
FROM sessions se JOIN users u ON u.id = se.user_id
WHERE se.id_hash = $1 AND se.expires_at > $2`, idHash, now)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: session: %w", err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: session: %w", translate(err))
	}
	return u, nil
}

// DeleteSession ends a session (sign-out). Ending one that does not exist
// is not an error: the browser is signed out either way.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}
