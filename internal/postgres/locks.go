package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// TryLockProjectSync takes the advisory lock that keeps two replicas (or a
// scheduled run and a "Sync now") from syncing one project at once. The
// lock is a session lock, so it lives on a connection taken from the pool
// and held until unlock is called; it returns sprintlens.ErrLocked at once
// when another session holds it, never waiting.
//
// unlock releases the lock and returns the connection. It must be called
// exactly once; it uses its own short context so a cancelled sync still
// releases its lock.
func (s *Store) TryLockProjectSync(ctx context.Context, projectID int64) (unlock func(), err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: lock project %d: %w", projectID, err)
	}
	// One namespace for sync locks: hashing the text key keeps them apart
	// from any other advisory lock a future feature takes.
	var got bool
	err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended('sprintlens.sync:' || $1::bigint, 0))`, projectID).Scan(&got)
	if err != nil {
		conn.Release()
		return nil, fmt.Errorf("postgres: lock project %d: %w", projectID, err)
	}
	if !got {
		conn.Release()
		return nil, fmt.Errorf("postgres: sync of project %d: %w", projectID, sprintlens.ErrLocked)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended('sprintlens.sync:' || $1::bigint, 0))`, projectID)
		if err != nil {
			// A session lock dies with its session: closing the connection
			// releases it even when the unlock statement could not run.
			_ = conn.Conn().Close(ctx)
		}
		conn.Release()
	}, nil
}
