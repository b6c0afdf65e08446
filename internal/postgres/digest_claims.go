package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// digestLockSpace keeps digest claim locks apart from the per-project sync
// locks, which use the bare project id.
const digestLockSpace = 0x5D16E57 // "digest"

// ClaimScheduledDigest reports whether this replica should send project
// pid's scheduled digest: true unless another claim was made within window.
// A transaction-scoped advisory lock serialises replicas ticking together,
// and the claim row outlives it so a replica ticking later sees it.
func (s *Store) ClaimScheduledDigest(ctx context.Context, pid int64, window time.Duration) (bool, error) {
	claimed := false
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, int32(digestLockSpace), int32(pid)); err != nil {
			return err
		}
		var recent bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM digest_claims
			WHERE project_id = $1 AND claimed_at > now() - make_interval(secs => $2))`, pid, window.Seconds()).Scan(&recent); err != nil {
			return err
		}
		if recent {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO digest_claims (project_id) VALUES ($1)`, pid); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("postgres: claim digest of project %d: %w", pid, translate(err))
	}
	return claimed, nil
}
