package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const userColumns = `u.id, u.email, u.name, u.role, u.created_at, u.last_seen_at`

func scanUser(row pgx.CollectableRow) (sprintlens.User, error) {
	var u sprintlens.User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.CreatedAt, &u.LastSeenAt)
	u.Role = sprintlens.Role(role)
	return u, err
}

// signInLock serialises first sign-ins, so two people signing in to a new
// installation at the same moment cannot both become admin.
const signInLock = 0x736c7573 // "slus"

// SignIn records that email signed in and returns the user. A new address
// becomes a viewer, except the very first person, who becomes admin (the
// built-in local user does not count). An existing user keeps their role;
// a non-empty name from the identity provider replaces the stored one.
func (s *Store) SignIn(ctx context.Context, email, name string) (sprintlens.User, error) {
	const q = `
INSERT INTO users AS u (email, name, role, last_seen_at)
VALUES ($1, $2,
        CASE WHEN EXISTS (SELECT 1 FROM users WHERE email <> $3) THEN 'viewer' ELSE 'admin' END,
        now())
ON CONFLICT (email) DO UPDATE SET
    name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE u.name END,
    last_seen_at = now()
RETURNING ` + userColumns
	var u sprintlens.User
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, signInLock); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, q, email, name, sprintlens.LocalUserEmail)
		if err != nil {
			return err
		}
		u, err = pgx.CollectExactlyOneRow(rows, scanUser)
		return err
	})
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: sign in: %w", translate(err))
	}
	return u, nil
}

// EnsureLocalUser returns the built-in admin every request acts as in
// AUTH_MODE=none, creating it on first use. It owns the API tokens made
// while sign-in is off.
func (s *Store) EnsureLocalUser(ctx context.Context) (sprintlens.User, error) {
	const q = `
INSERT INTO users AS u (email, name, role) VALUES ($1, 'local', 'admin')
ON CONFLICT (email) DO UPDATE SET role = 'admin'
RETURNING ` + userColumns
	rows, err := s.pool.Query(ctx, q, sprintlens.LocalUserEmail)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: local user: %w", err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: local user: %w", translate(err))
	}
	return u, nil
}

// UserByEmail returns the user with that (normalised) address or
// sprintlens.ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (sprintlens.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, email)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: user by email: %w", err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: user by email: %w", translate(err))
	}
	return u, nil
}

// Users lists everyone who signed in, admins first, then by address (the
// built-in local user is left out: its role cannot change).
func (s *Store) Users(ctx context.Context) ([]sprintlens.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email <> $1
ORDER BY CASE u.role WHEN 'admin' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.email`, sprintlens.LocalUserEmail)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	us, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	return us, nil
}

// SetUserRole changes a user's role, effective at their next request
// (sessions and tokens read the role live). Demoting the last admin is a
// sprintlens.ErrConflict: someone who can sign in must be able to manage
// the rest (the built-in local user does not count).
func (s *Store) SetUserRole(ctx context.Context, id int64, role sprintlens.Role) (sprintlens.User, error) {
	if role.Rank() == 0 {
		return sprintlens.User{}, sprintlens.Invalid("role", "want viewer, member or admin")
	}
	var u sprintlens.User
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// Lock the admins so two admins demoting each other at once cannot
		// leave none.
		var admins int
		err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM users WHERE role = 'admin' AND email <> $1 FOR UPDATE) a`,
			sprintlens.LocalUserEmail).Scan(&admins)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1 FOR UPDATE`, id)
		if err != nil {
			return err
		}
		cur, err := pgx.CollectExactlyOneRow(rows, scanUser)
		if err != nil {
			return err
		}
		if cur.IsLocal() {
			return sprintlens.Invalid("role", "the built-in local user is always admin")
		}
		if cur.Role == sprintlens.RoleAdmin && role != sprintlens.RoleAdmin && admins <= 1 {
			return fmt.Errorf("%w: %s is the only admin; make someone else admin first", sprintlens.ErrConflict, cur.Email)
		}
		rows, err = tx.Query(ctx, `UPDATE users u SET role = $2 WHERE u.id = $1 RETURNING `+userColumns, id, string(role))
		if err != nil {
			return err
		}
		u, err = pgx.CollectExactlyOneRow(rows, scanUser)
		return err
	})
	if err != nil {
		return sprintlens.User{}, fmt.Errorf("postgres: set role of user %d: %w", id, translate(err))
	}
	return u, nil
}
