package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/postgres"
)

func cmdConfig(_ context.Context, env *environment, args []string) error {
	if err := parseFlags(newFlagSet("config"), env, args); err != nil {
		return err
	}
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return err
	}
	fmt.Fprint(env.stdout, cfg.String())
	return nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openApp is the start of every command that works on stored data: load
// the configuration, build the logger on stderr and open the database
// (see openDatabase). The caller closes the pool.
func openApp(ctx context.Context, env *environment) (config.Config, *slog.Logger, *pgxpool.Pool, error) {
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return config.Config{}, nil, nil, err
	}
	log := newLogger(cfg, env.stderr)
	pool, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return config.Config{}, nil, nil, err
	}
	return cfg, log, pool, nil
}

// openDatabase connects and brings the schema up to date (or, with
// RUN_MIGRATIONS=false, refuses a schema that is behind).
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*pgxpool.Pool, error) {
	pool, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.RunMigrations {
		v, err := postgres.Migrate(ctx, pool)
		if err != nil {
			pool.Close()
			return nil, err
		}
		log.Info("database ready", "schema_version", v, "database", config.RedactURL(cfg.DatabaseURL))
		return pool, nil
	}
	if err := postgres.CheckSchema(ctx, pool); err != nil {
		pool.Close()
		if errors.Is(err, postgres.ErrSchemaBehind) {
			return nil, fmt.Errorf("refusing to start: %w", err)
		}
		return nil, err
	}
	return pool, nil
}

func cmdMigrate(ctx context.Context, env *environment, args []string) error {
	if err := parseFlags(newFlagSet("migrate"), env, args); err != nil {
		return err
	}
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return err
	}
	pool, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	v, err := postgres.Migrate(ctx, pool)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "schema version %d\n", v)
	return nil
}
