package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"

	"github.com/sprintlens/sprintlens/migrations"
)

// MigrateDownTo runs down migrations until the schema is at version v, as
// an older build would have left it (tests only).
func MigrateDownTo(ctx context.Context, pool *pgxpool.Pool, v int32) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	m, err := migrate.NewMigrator(ctx, conn.Conn(), versionTable)
	if err != nil {
		return err
	}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		return err
	}
	return m.MigrateTo(ctx, v)
}
