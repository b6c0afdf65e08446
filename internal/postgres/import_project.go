package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// FirstCSVProjectID is the first id given to a project created by an
// import without an explicit id: far above Tracker's own project ids, so an
// imported project never collides with one synced later.
const FirstCSVProjectID int64 = 900000001

// importProjectLock serialises the find-or-create of import projects, so
// two imports of a new name at once cannot allocate the same id or create
// the project twice. Its value is arbitrary but fixed.
const importProjectLock int64 = 0x736c696d706f7274 // "slimport"

// EnsureCSVProject finds or creates the project an import writes to, and
// reports whether it created it.
//
// With p.ID set it returns the project of that id, whatever its source
// (the caller refuses Tracker-synced ones), or creates it. With p.ID zero
// it returns the csv-sourced project named p.Name (the lowest id if
// several), or creates one with the next free id from FirstCSVProjectID
// on. A created project gets p's name and time zone and source csv.
//
// The project row is committed at once so an import's run can be
// recorded against it even when the import's data is rolled back.
func (s *Store) EnsureCSVProject(ctx context.Context, p sprintlens.Project) (sprintlens.Project, bool, error) {
	var out sprintlens.Project
	created := false
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importProjectLock); err != nil {
			return err
		}
		var err error
		if p.ID != 0 {
			out, err = projectTx(ctx, tx, `SELECT `+projectColumns+` FROM projects WHERE id = $1`, p.ID)
		} else {
			out, err = projectTx(ctx, tx, `SELECT `+projectColumns+` FROM projects
WHERE source = 'csv' AND name = $1 ORDER BY id LIMIT 1`, p.Name)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if p.ID == 0 {
			err = tx.QueryRow(ctx, `SELECT greatest($1::bigint, coalesce(max(id), 0) + 1) FROM projects WHERE id >= $1`,
				FirstCSVProjectID).Scan(&p.ID)
			if err != nil {
				return err
			}
		}
		p.Source = sprintlens.SourceCSV
		p = withProjectDefaults(p)
		_, err = tx.Exec(ctx, `
INSERT INTO projects (id, name, source, time_zone, iteration_weeks, week_start_day, point_scale, velocity_window)
VALUES ($1, $2, 'csv', $3, $4, $5, $6, $7)`,
			p.ID, p.Name, p.TimeZone, p.IterationWeeks, p.WeekStartDay, string(p.PointScale), p.VelocityWindow)
		if err != nil {
			return err
		}
		created = true
		out, err = projectTx(ctx, tx, `SELECT `+projectColumns+` FROM projects WHERE id = $1`, p.ID)
		return err
	})
	if err != nil {
		return sprintlens.Project{}, false, fmt.Errorf("postgres: find or create import project: %w", translate(err))
	}
	return out, created, nil
}

func projectTx(ctx context.Context, tx pgx.Tx, sql string, arg any) (sprintlens.Project, error) {
	rows, err := tx.Query(ctx, sql, arg)
	if err != nil {
		return sprintlens.Project{}, err
	}
	return pgx.CollectExactlyOneRow(rows, scanProject)
}
