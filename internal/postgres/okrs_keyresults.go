package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const keyResultColumns = `k.id, k.objective_id, k.title, k.owner, k.kind, k.start_value::float8, k.target_value::float8,
	k.unit, k.weight::float8, k.milestones, k.score::float8, k.retro, k.position, k.created_at, k.updated_at`

func scanKeyResult(row pgx.CollectableRow) (sprintlens.KeyResult, error) {
	var kr sprintlens.KeyResult
	var kind string
	err := row.Scan(&kr.ID, &kr.ObjectiveID, &kr.Title, &kr.Owner, &kind, &kr.Start, &kr.Target,
		&kr.Unit, &kr.Weight, &kr.Milestones, &kr.Score, &kr.Retro, &kr.Position, &kr.CreatedAt, &kr.UpdatedAt)
	kr.Kind = sprintlens.KRKind(kind)
	return kr, err
}

// PeriodKeyResults lists every key result of a period's objectives, in
// objective then key result order, with their links.
func (s *Store) PeriodKeyResults(ctx context.Context, periodID int64) ([]sprintlens.KeyResult, error) {
	const q = `SELECT ` + keyResultColumns + `
FROM key_results k JOIN objectives o ON o.id = k.objective_id
WHERE o.period_id = $1
ORDER BY o.position, o.id, k.position, k.id`
	return queryKeyResults(ctx, s.pool, q, periodID)
}

// KeyResult returns one key result with its links, or sprintlens.ErrNotFound.
func (s *Store) KeyResult(ctx context.Context, id int64) (sprintlens.KeyResult, error) {
	return keyResultByID(ctx, s.pool, id, "")
}

func keyResultByID(ctx context.Context, q querier, id int64, lock string) (sprintlens.KeyResult, error) {
	krs, err := queryKeyResults(ctx, q, `SELECT `+keyResultColumns+` FROM key_results k WHERE k.id = $1 `+lock, id)
	if err != nil {
		return sprintlens.KeyResult{}, err
	}
	if len(krs) == 0 {
		return sprintlens.KeyResult{}, fmt.Errorf("postgres: key result %d: %w", id, sprintlens.ErrNotFound)
	}
	return krs[0], nil
}

func queryKeyResults(ctx context.Context, q querier, sql string, args ...any) ([]sprintlens.KeyResult, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: key results: %w", err)
	}
	krs, err := pgx.CollectRows(rows, scanKeyResult)
	if err != nil {
		return nil, fmt.Errorf("postgres: key results: %w", err)
	}
	if err := attachLinks(ctx, q, krs); err != nil {
		return nil, err
	}
	return krs, nil
}

// attachLinks fills LabelLinks and EpicLinks in link order.
func attachLinks(ctx context.Context, q querier, krs []sprintlens.KeyResult) error {
	if len(krs) == 0 {
		return nil
	}
	ids := make([]int64, len(krs))
	at := make(map[int64]int, len(krs))
	for i, kr := range krs {
		ids[i], at[kr.ID] = kr.ID, i
	}
	rows, err := q.Query(ctx, `SELECT key_result_id, label_name, epic_id FROM key_result_links
WHERE key_result_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return fmt.Errorf("postgres: key result links: %w", err)
	}
	var krID int64
	var label *string
	var epic *int64
	_, err = pgx.ForEachRow(rows, []any{&krID, &label, &epic}, func() error {
		kr := &krs[at[krID]]
		if label != nil {
			kr.LabelLinks = append(kr.LabelLinks, *label)
		}
		if epic != nil {
			kr.EpicLinks = append(kr.EpicLinks, *epic)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: key result links: %w", err)
	}
	return nil
}

// CreateKeyResult adds a key result at the end of its objective, with its
// label and epic links, and records who added it. Links name labels and
// epics of linkProjectID, or of the objective's project when that is 0;
// each must exist there, so a typo is reported instead of tracing nothing.
func (s *Store) CreateKeyResult(ctx context.Context, kr sprintlens.KeyResult, linkProjectID int64, author string) (sprintlens.KeyResult, error) {
	var out sprintlens.KeyResult
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		o, err := objectiveByID(ctx, tx, kr.ObjectiveID)
		if err != nil {
			return err
		}
		p, err := periodWhere(ctx, tx, "id = $1", o.PeriodID, "FOR SHARE")
		if err != nil {
			return err
		}
		if err := p.CheckWritable(); err != nil {
			return err
		}
		if linkProjectID == 0 && o.ProjectID != nil {
			linkProjectID = *o.ProjectID
		}
		out, err = insertKeyResult(ctx, tx, kr, linkProjectID, author)
		return err
	})
	if err != nil {
		return sprintlens.KeyResult{}, err
	}
	return out, nil
}

// insertKeyResult validates kr and its links against the project's labels
// and epics, then inserts both; the caller has checked the period is open.
func insertKeyResult(ctx context.Context, q querier, kr sprintlens.KeyResult, project int64, author string) (sprintlens.KeyResult, error) {
	kr.Title = strings.TrimSpace(kr.Title)
	kr.ApplyDefaults()
	if kr.Milestones == nil {
		kr.Milestones = []sprintlens.Milestone{}
	}
	if err := kr.Validate(); err != nil {
		return sprintlens.KeyResult{}, err
	}
	if kr.HasLinks() {
		if err := checkLinks(ctx, q, project, kr.LabelLinks, kr.EpicLinks); err != nil {
			return sprintlens.KeyResult{}, err
		}
	}
	const ins = `
INSERT INTO key_results AS k (objective_id, title, owner, kind, start_value, target_value, unit, weight, milestones, position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
        (SELECT coalesce(max(position), 0) + 1 FROM key_results WHERE objective_id = $1))
RETURNING ` + keyResultColumns
	rows, err := q.Query(ctx, ins, kr.ObjectiveID, kr.Title, kr.Owner, string(kr.Kind), kr.Start, kr.Target,
		kr.Unit, kr.Weight, kr.Milestones)
	if err != nil {
		return sprintlens.KeyResult{}, fmt.Errorf("postgres: create key result: %w", translate(err))
	}
	out, err := pgx.CollectExactlyOneRow(rows, scanKeyResult)
	if err != nil {
		return sprintlens.KeyResult{}, fmt.Errorf("postgres: create key result: %w", translate(err))
	}
	for _, name := range kr.LabelLinks {
		if _, err := q.Exec(ctx, `INSERT INTO key_result_links (key_result_id, project_id, label_name) VALUES ($1, $2, $3)`,
			out.ID, project, name); err != nil {
			return sprintlens.KeyResult{}, fmt.Errorf("postgres: link label %q: %w", name, translate(err))
		}
	}
	for _, id := range kr.EpicLinks {
		if _, err := q.Exec(ctx, `INSERT INTO key_result_links (key_result_id, project_id, epic_id) VALUES ($1, $2, $3)`,
			out.ID, project, id); err != nil {
			return sprintlens.KeyResult{}, fmt.Errorf("postgres: link epic %d: %w", id, translate(err))
		}
	}
	out.LabelLinks, out.EpicLinks = kr.LabelLinks, kr.EpicLinks
	created := sprintlens.DiffKeyResult(sprintlens.KeyResult{}, out, author, time.Now())
	if err := writeEdits(ctx, q, created); err != nil {
		return sprintlens.KeyResult{}, err
	}
	return out, nil
}

// checkLinks reports labels and epics unknown in project.
func checkLinks(ctx context.Context, q querier, project int64, labels []string, epics []int64) error {
	if project == 0 {
		return sprintlens.Invalid("project_id", "choose the project whose labels and epics the key result links")
	}
	known := make(map[string]bool)
	rows, err := q.Query(ctx, `SELECT name FROM labels WHERE project_id = $1 AND name = ANY($2)`, project, labels)
	if err != nil {
		return fmt.Errorf("postgres: check labels: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("postgres: check labels: %w", err)
	}
	for _, n := range names {
		known[n] = true
	}
	if err := sprintlens.ValidateLinks(labels, known); err != nil {
		return err
	}
	for _, id := range epics {
		var ok bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM epics WHERE project_id = $1 AND id = $2)`, project, id).Scan(&ok); err != nil {
			return fmt.Errorf("postgres: check epic %d: %w", id, err)
		}
		if !ok {
			return sprintlens.Invalid("epic_links", fmt.Sprintf("unknown epic %d in project %d", id, project))
		}
	}
	return nil
}

// ScoreKeyResult writes the end-of-period score and retro note while the
// period is still open, and records who wrote them.
func (s *Store) ScoreKeyResult(ctx context.Context, id int64, score float64, retro, author string) (sprintlens.KeyResult, error) {
	if err := sprintlens.ValidateScore(score); err != nil {
		return sprintlens.KeyResult{}, err
	}
	var out sprintlens.KeyResult
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := keyResultByID(ctx, tx, id, "FOR UPDATE OF k")
		if err != nil {
			return err
		}
		if err := checkKeyResultWritable(ctx, tx, before); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE key_results SET score = $2, retro = $3, updated_at = now() WHERE id = $1`,
			id, score, strings.TrimSpace(retro)); err != nil {
			return fmt.Errorf("postgres: score key result %d: %w", id, translate(err))
		}
		if out, err = keyResultByID(ctx, tx, id, ""); err != nil {
			return err
		}
		return writeEdits(ctx, tx, sprintlens.DiffKeyResult(before, out, author, time.Now()))
	})
	if err != nil {
		return sprintlens.KeyResult{}, err
	}
	return out, nil
}

// keyResultPeriod loads the period a key result belongs to, share-locked so
// it cannot close while the caller writes.
func keyResultPeriod(ctx context.Context, q querier, kr sprintlens.KeyResult) (sprintlens.Period, error) {
	return periodWhere(ctx, q, "id = (SELECT period_id FROM objectives WHERE id = $1)", kr.ObjectiveID, "FOR SHARE")
}

func checkKeyResultWritable(ctx context.Context, q querier, kr sprintlens.KeyResult) error {
	p, err := keyResultPeriod(ctx, q, kr)
	if err != nil {
		return err
	}
	return p.CheckWritable()
}
