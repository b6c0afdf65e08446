package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const periodColumns = `id, key, name, start_date, end_date, time_zone, closed, closed_at`

// scanPeriod reads a period. Its dates are whole days in its time zone: the
// window [start_date, end_date) becomes midnight to midnight there.
func scanPeriod(row pgx.CollectableRow) (sprintlens.Period, error) {
	var p sprintlens.Period
	var start, end time.Time
	var zone string
	if err := row.Scan(&p.ID, &p.Key, &p.Name, &start, &end, &zone, &p.Closed, &p.ClosedAt); err != nil {
		return p, err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return p, fmt.Errorf("period %s: time zone %q: %w", p.Key, zone, err)
	}
	p.Start, p.End = dayIn(start, loc), dayIn(end, loc)
	return p, nil
}

// dayIn is midnight of d's calendar date in loc (pgx reads a date as UTC midnight).
func dayIn(d time.Time, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// Periods lists every OKR period, the latest first.
func (s *Store) Periods(ctx context.Context) ([]sprintlens.Period, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+periodColumns+` FROM okr_periods ORDER BY start_date DESC, key`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list periods: %w", err)
	}
	ps, err := pgx.CollectRows(rows, scanPeriod)
	if err != nil {
		return nil, fmt.Errorf("postgres: list periods: %w", err)
	}
	return ps, nil
}

// Period returns the period with key, or sprintlens.ErrNotFound.
func (s *Store) Period(ctx context.Context, key string) (sprintlens.Period, error) {
	return periodWhere(ctx, s.pool, "key = $1", key)
}

// PeriodByID returns the period with id, or sprintlens.ErrNotFound.
func (s *Store) PeriodByID(ctx context.Context, id int64) (sprintlens.Period, error) {
	return periodWhere(ctx, s.pool, "id = $1", id)
}

// periodWhere loads one period; lock may add a locking clause.
func periodWhere(ctx context.Context, q querier, where string, arg any, lock ...string) (sprintlens.Period, error) {
	sql := `SELECT ` + periodColumns + ` FROM okr_periods WHERE ` + where
	for _, l := range lock {
		sql += " " + l
	}
	rows, err := q.Query(ctx, sql, arg)
	if err != nil {
		return sprintlens.Period{}, fmt.Errorf("postgres: period %v: %w", arg, err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, scanPeriod)
	if err != nil {
		return sprintlens.Period{}, fmt.Errorf("postgres: period %v: %w", arg, translate(err))
	}
	return p, nil
}

// CreatePeriod stores a new period (a quarter or custom dates) and records
// who created it. The store keeps whole days: Start and End are taken as
// calendar dates in Start's location. A key already in use is invalid.
func (s *Store) CreatePeriod(ctx context.Context, p sprintlens.Period, author string) (sprintlens.Period, error) {
	var out sprintlens.Period
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = insertPeriod(ctx, tx, p, author)
		return err
	})
	if err != nil {
		return sprintlens.Period{}, err
	}
	return out, nil
}

func insertPeriod(ctx context.Context, q querier, p sprintlens.Period, author string) (sprintlens.Period, error) {
	if err := p.Validate(); err != nil {
		return sprintlens.Period{}, err
	}
	loc := p.Start.Location()
	const ins = `
INSERT INTO okr_periods (key, name, start_date, end_date, time_zone)
VALUES ($1, $2, $3::date, $4::date, $5)
ON CONFLICT (key) DO NOTHING
RETURNING ` + periodColumns
	rows, err := q.Query(ctx, ins, p.Key, p.Name, p.Start.Format(time.DateOnly), p.End.In(loc).Format(time.DateOnly), loc.String())
	if err != nil {
		return sprintlens.Period{}, fmt.Errorf("postgres: create period %s: %w", p.Key, translate(err))
	}
	out, err := pgx.CollectExactlyOneRow(rows, scanPeriod)
	if errors.Is(err, pgx.ErrNoRows) {
		return sprintlens.Period{}, sprintlens.Invalid("key", fmt.Sprintf("period %s already exists", p.Key))
	}
	if err != nil {
		return sprintlens.Period{}, fmt.Errorf("postgres: create period %s: %w", p.Key, translate(err))
	}
	if err := writeEdits(ctx, q, sprintlens.DiffPeriod(sprintlens.Period{}, out, author, time.Now())); err != nil {
		return sprintlens.Period{}, err
	}
	return out, nil
}

// ClosePeriod makes a period read-only and records who closed it. Closing
// a closed period is a conflict, like any other write to it.
func (s *Store) ClosePeriod(ctx context.Context, key, author string) (sprintlens.Period, error) {
	var out sprintlens.Period
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := periodWhere(ctx, tx, "key = $1", key, "FOR UPDATE")
		if err != nil {
			return err
		}
		if err := before.CheckWritable(); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE okr_periods SET closed = true, closed_at = now(), updated_at = now()
WHERE id = $1 RETURNING `+periodColumns, before.ID)
		if err != nil {
			return fmt.Errorf("postgres: close period %s: %w", key, err)
		}
		if out, err = pgx.CollectExactlyOneRow(rows, scanPeriod); err != nil {
			return fmt.Errorf("postgres: close period %s: %w", key, translate(err))
		}
		return writeEdits(ctx, tx, sprintlens.DiffPeriod(before, out, author, time.Now()))
	})
	if err != nil {
		return sprintlens.Period{}, err
	}
	return out, nil
}
