package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const tokenColumns = `t.id, t.user_id, u.email, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at`

func scanToken(row pgx.CollectableRow) (sprintlens.APIToken, error) {
	var t sprintlens.APIToken
	err := row.Scan(&t.ID, &t.UserID, &t.OwnerEmail, &t.Name, &t.Prefix, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt)
	return t, err
}

// CreateToken stores a new API token for userID under the SHA-256 hash of
// its secret. The secret itself is never stored.
func (s *Store) CreateToken(ctx context.Context, userID int64, name, prefix string, hash []byte, created time.Time) (sprintlens.APIToken, error) {
	const q = `
WITH t AS (
    INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
    VALUES ($1, $2, $3, $4, $5)
    RETURNING *
)
SELECT ` + tokenColumns + ` FROM t JOIN users u ON u.id = t.user_id`
	rows, err := s.pool.Query(ctx, q, userID, name, prefix, hash, created)
	if err != nil {
		return sprintlens.APIToken{}, fmt.Errorf("postgres: create token: %w", err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if err != nil {
		return sprintlens.APIToken{}, fmt.Errorf("postgres: create token: %w", translate(err))
	}
	return t, nil
}

// TokenUser returns the owner of an unrevoked token, with the owner's
// current role, and notes the use (at most once a minute, to spare writes).
// An unknown or revoked token is sprintlens.ErrNotFound.
func (s *Store) TokenUser(ctx context.Context, hash []byte, now time.Time) (sprintlens.User, sprintlens.APIToken, error) {
	const q = `
WITH used AS (
    UPDATE api_tokens SET last_used_at = $2::timestamptz
    WHERE token_hash = $1 AND revoked_at IS NULL
      AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')
)
SELECT ` + userColumns + `, ` + tokenColumns + `
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL`
	var u sprintlens.User
	var t sprintlens.APIToken
	var role string
	err := s.pool.QueryRow(ctx, q, hash, now).Scan(&u.ID, &u.Email, &u.Name, &role, &u.CreatedAt, &u.LastSeenAt,
		&t.ID, &t.UserID, &t.OwnerEmail, &t.Name, &t.Prefix, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt)
	if err != nil {
		return sprintlens.User{}, sprintlens.APIToken{}, fmt.Errorf("postgres: token: %w", translate(err))
	}
	u.Role = sprintlens.Role(role)
	return u, t, nil
}

// Tokens lists userID's tokens, or everyone's when userID is 0 (admins),
// newest first, revoked ones included so the page shows what happened.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]sprintlens.APIToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenColumns+`
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE $1::bigint = 0 OR t.user_id = $1
ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list tokens: %w", err)
	}
	ts, err := pgx.CollectRows(rows, scanToken)
	if err != nil {
		return nil, fmt.Errorf("postgres: list tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken stops a token working. ownerID limits it to that user's
// tokens (0: any token, for admins); a token outside that is
// sprintlens.ErrNotFound. Revoking twice keeps the first time.
func (s *Store) RevokeToken(ctx context.Context, id, ownerID int64, now time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3)
WHERE id = $1 AND ($2::bigint = 0 OR user_id = $2)`, id, ownerID, now)
	if err != nil {
		return fmt.Errorf("postgres: revoke token %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: revoke token %d: %w", id, sprintlens.ErrNotFound)
	}
	return nil
}
