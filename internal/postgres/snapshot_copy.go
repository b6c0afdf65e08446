package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

var storyCopyColumns = []string{"project_id", "id", "name", "story_type", "current_state", "estimate",
	"iteration_number", "position", "description", "url", "requested_by", "owners",
	"created_at", "updated_at", "accepted_at", "deadline"}

func storyRow(st sprintlens.Story) []any {
	owners := st.Owners
	if owners == nil {
		owners = []string{}
	}
	return []any{st.ProjectID, st.ID, st.Name, string(st.Type), string(st.State), st.Estimate,
		st.IterationNumber, st.Position, st.Description, st.URL, st.RequestedBy, owners,
		st.CreatedAt, st.UpdatedAt, st.AcceptedAt, st.Deadline}
}

func copyStories(ctx context.Context, tx pgx.Tx, table string, stories []sprintlens.Story) error {
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, storyCopyColumns,
		pgx.CopyFromSlice(len(stories), func(i int) ([]any, error) { return storyRow(stories[i]), nil }))
	if err != nil {
		return fmt.Errorf("copy stories: %w", err)
	}
	return nil
}

// upsertStories writes changed stories through a staging table: COPY in,
// then one INSERT ... ON CONFLICT, far faster than a statement per row.
func upsertStories(ctx context.Context, tx pgx.Tx, pid int64, stories []sprintlens.Story) error {
	if len(stories) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE stage_stories (LIKE stories INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("stage stories: %w", err)
	}
	if err := copyStories(ctx, tx, "stage_stories", stories); err != nil {
		return err
	}
	const q = `
INSERT INTO stories SELECT * FROM stage_stories
ON CONFLICT (project_id, id) DO UPDATE SET
    name = EXCLUDED.name, story_type = EXCLUDED.story_type, current_state = EXCLUDED.current_state,
    estimate = EXCLUDED.estimate, iteration_number = EXCLUDED.iteration_number, position = EXCLUDED.position,
    description = EXCLUDED.description, url = EXCLUDED.url, requested_by = EXCLUDED.requested_by,
    owners = EXCLUDED.owners, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
    accepted_at = EXCLUDED.accepted_at, deadline = EXCLUDED.deadline`
	if _, err := tx.Exec(ctx, q); err != nil {
		return fmt.Errorf("upsert stories: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM story_labels WHERE project_id = $1 AND story_id IN (SELECT id FROM stage_stories)`, pid); err != nil {
		return fmt.Errorf("clear story labels: %w", err)
	}
	if _, err := tx.Exec(ctx, `DROP TABLE stage_stories`); err != nil {
		return fmt.Errorf("drop staging: %w", err)
	}
	return nil
}

func copyStoryLabels(ctx context.Context, tx pgx.Tx, pid int64, stories []sprintlens.Story) error {
	var rows [][]any
	for _, st := range stories {
		for _, lid := range st.LabelIDs {
			rows = append(rows, []any{pid, st.ID, lid})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"story_labels"}, []string{"project_id", "story_id", "label_id"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy story labels: %w", err)
	}
	return nil
}

// insertHistory appends entries. A full snapshot has just cleared its
// sources, so COPY suffices; an incremental one may repeat an entry
// already stored and skips it.
func insertHistory(ctx context.Context, tx pgx.Tx, pid int64, hist []sprintlens.HistoryEntry, full bool) error {
	if len(hist) == 0 {
		return nil
	}
	cols := []string{"project_id", "story_id", "occurred_at", "seq", "state", "estimate", "iteration_number", "source"}
	seq := map[[2]int64]int{} // (story, unix nano) → next seq, so equal timestamps stay distinct
	row := func(h sprintlens.HistoryEntry) []any {
		k := [2]int64{h.StoryID, h.OccurredAt.UnixNano()}
		n := seq[k]
		seq[k] = n + 1
		return []any{pid, h.StoryID, h.OccurredAt, n, string(h.State), h.Estimate, h.IterationNumber, string(h.Source)}
	}
	table := "story_history"
	if !full {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE stage_history (LIKE story_history INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return fmt.Errorf("stage history: %w", err)
		}
		table = "stage_history"
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols,
		pgx.CopyFromSlice(len(hist), func(i int) ([]any, error) { return row(hist[i]), nil }))
	if err != nil {
		return fmt.Errorf("copy history: %w", err)
	}
	if !full {
		if _, err := tx.Exec(ctx, `INSERT INTO story_history SELECT * FROM stage_history ON CONFLICT DO NOTHING`); err != nil {
			return fmt.Errorf("append history: %w", err)
		}
		if _, err := tx.Exec(ctx, `DROP TABLE stage_history`); err != nil {
			return fmt.Errorf("drop staging: %w", err)
		}
	}
	return nil
}

// replaceSmallTables rewrites a project's iterations, people, labels and
// epics. They are small (hundreds of rows) and always sent whole.
func replaceSmallTables(ctx context.Context, tx pgx.Tx, snap sprintlens.Snapshot) error {
	pid := snap.Project.ID
	if len(snap.Iterations) > 0 || snap.Full {
		if _, err := tx.Exec(ctx, `DELETE FROM iterations WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("delete iterations: %w", err)
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"iterations"},
			[]string{"project_id", "number", "start_at", "finish_at", "team_strength", "length_weeks", "kind", "tracker_velocity"},
			pgx.CopyFromSlice(len(snap.Iterations), func(i int) ([]any, error) {
				it := snap.Iterations[i]
				return []any{pid, it.Number, it.Start, it.Finish, it.TeamStrength, max(it.Length, 1), it.Kind, it.TrackerVelocity}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy iterations: %w", err)
		}
	}
	if len(snap.People) > 0 || snap.Full {
		if _, err := tx.Exec(ctx, `DELETE FROM people WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("delete people: %w", err)
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"people"}, []string{"project_id", "id", "name", "initials", "username", "email"},
			pgx.CopyFromSlice(len(snap.People), func(i int) ([]any, error) {
				p := snap.People[i]
				return []any{pid, p.ID, p.Name, p.Initials, p.Username, p.Email}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy people: %w", err)
		}
	}
	if len(snap.Labels) > 0 || snap.Full {
		if _, err := tx.Exec(ctx, `DELETE FROM labels WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("delete labels: %w", err)
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"labels"}, []string{"project_id", "id", "name"},
			pgx.CopyFromSlice(len(snap.Labels), func(i int) ([]any, error) {
				return []any{pid, snap.Labels[i].ID, snap.Labels[i].Name}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy labels: %w", err)
		}
	}
	if len(snap.Epics) > 0 || snap.Full {
		if _, err := tx.Exec(ctx, `DELETE FROM epics WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("delete epics: %w", err)
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"epics"}, []string{"project_id", "id", "name", "label_id"},
			pgx.CopyFromSlice(len(snap.Epics), func(i int) ([]any, error) {
				e := snap.Epics[i]
				var lid *int64
				if e.LabelID != 0 {
					lid = &e.LabelID
				}
				return []any{pid, e.ID, e.Name, lid}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy epics: %w", err)
		}
	}
	return nil
}
