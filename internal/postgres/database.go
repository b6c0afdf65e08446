package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// EnsureDatabase creates the database named in databaseURL when it does not
// exist yet, connecting to the server's "postgres" database to do so. It
// reports whether it created one.
func EnsureDatabase(ctx context.Context, databaseURL string) (bool, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return false, fmt.Errorf("postgres: parse DATABASE_URL: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		conn.Close(ctx)
		return false, nil
	}
	if pgCode(err) != "3D000" { // invalid_catalog_name: the database is missing
		return false, fmt.Errorf("postgres: connect to %s: %w", cfg.Host, err)
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return false, fmt.Errorf("postgres: parse DATABASE_URL: %w", err)
	}
	u.Path = "/postgres"
	admin, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return false, fmt.Errorf("postgres: connect to create database %q: %w", cfg.Database, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cfg.Database}.Sanitize()); err != nil {
		if pgCode(err) == "42P04" { // duplicate_database: another process won the race
			return false, nil
		}
		return false, fmt.Errorf("postgres: create database %q: %w", cfg.Database, err)
	}
	return true, nil
}

func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}
