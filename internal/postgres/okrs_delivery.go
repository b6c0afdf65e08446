package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// linkedStoriesCTE resolves key results ($1) to the stories they are linked
// to: stories carrying a linked label, or the label of a linked epic, in
// the link's project. A story reached both ways appears once per key result.
const linkedStoriesCTE = `
WITH link_labels AS (
    SELECT l.key_result_id, l.project_id, lb.id AS label_id
    FROM key_result_links l
    JOIN labels lb ON lb.project_id = l.project_id AND lb.name = l.label_name
    WHERE l.key_result_id = ANY($1)
    UNION
    SELECT l.key_result_id, l.project_id, e.label_id
    FROM key_result_links l
    JOIN epics e ON e.project_id = l.project_id AND e.id = l.epic_id
    WHERE l.key_result_id = ANY($1) AND e.label_id IS NOT NULL
), linked AS (
    SELECT DISTINCT ll.key_result_id, sl.project_id, sl.story_id
    FROM link_labels ll
    JOIN story_labels sl ON sl.project_id = ll.project_id AND sl.label_id = ll.label_id
)`

const storyColumns = `s.project_id, s.id, s.name, s.story_type, s.current_state, s.estimate::float8,
	s.iteration_number, s.created_at, s.updated_at, s.accepted_at`

func scanStoryInto(s *sprintlens.Story, typ, state *string) []any {
	return []any{&s.ProjectID, &s.ID, &s.Name, typ, state, &s.Estimate, &s.IterationNumber,
		&s.CreatedAt, &s.UpdatedAt, &s.AcceptedAt}
}

// LinkedStories returns, per key result, the Tracker stories its labels and
// epics link it to (without their labels).
func (s *Store) LinkedStories(ctx context.Context, keyResultIDs []int64) (map[int64][]sprintlens.Story, error) {
	const q = linkedStoriesCTE + `
SELECT k.key_result_id, ` + storyColumns + `
FROM linked k JOIN stories s ON s.project_id = k.project_id AND s.id = k.story_id
ORDER BY k.key_result_id, s.accepted_at NULLS LAST, s.project_id, s.id`
	rows, err := s.pool.Query(ctx, q, keyResultIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: linked stories: %w", err)
	}
	out := make(map[int64][]sprintlens.Story)
	var krID int64
	var st sprintlens.Story
	var typ, state string
	_, err = pgx.ForEachRow(rows, append([]any{&krID}, scanStoryInto(&st, &typ, &state)...), func() error {
		st.Type, st.State = sprintlens.StoryType(typ), sprintlens.StoryState(state)
		out[krID] = append(out[krID], st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: linked stories: %w", err)
	}
	return out, nil
}

// CarriedOverLinked returns the IDs of the key results' linked stories
// that are carried over: in progress now (started, finished, delivered or
// rejected) and already in progress at since, per story_history (the
// latest entry at or before since). The check-in page passes a week ago,
// so a story counts when it has been under way for a whole sprint. A story
// with no history before since is not counted: nothing says it was started.
func (s *Store) CarriedOverLinked(ctx context.Context, keyResultIDs []int64, since time.Time) (map[int64]bool, error) {
	const q = linkedStoriesCTE + `
SELECT DISTINCT s.id
FROM linked k JOIN stories s ON s.project_id = k.project_id AND s.id = k.story_id
WHERE s.current_state IN ('started', 'finished', 'delivered', 'rejected')
  AND (SELECT h.state FROM story_history h
       WHERE h.project_id = s.project_id AND h.story_id = s.id AND h.occurred_at <= $2
       ORDER BY h.occurred_at DESC, h.seq DESC LIMIT 1) IN ('started', 'finished', 'delivered', 'rejected')`
	rows, err := s.pool.Query(ctx, q, keyResultIDs, since)
	if err != nil {
		return nil, fmt.Errorf("postgres: carried-over stories: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("postgres: carried-over stories: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// AcceptedWork sums the work accepted in [from, to) in any project by
// project, sprint and label set, from the rows the metrics precompute
// keeps (release markers left out): the input of the OKR coverage. Each
// story's labels are cut to keep (sprintlens.CoverageLabels), so stories
// that differ only in labels no key result looks at are summed together:
// a quarter of 7,000 stories comes back as a few hundred rows.
func (s *Store) AcceptedWork(ctx context.Context, from, to time.Time, keep []string) ([]sprintlens.AcceptedWork, error) {
	const q = `
SELECT project_id, iteration_number,
       CASE WHEN labels <@ $3 THEN labels
            WHEN labels && $3 THEN ARRAY(SELECT l FROM unnest(labels) AS l WHERE l = ANY($3))
            ELSE '{}' END AS kept,
       sum(points), count(*)::int
FROM accepted_work
WHERE accepted_at >= $1 AND accepted_at < $2
GROUP BY project_id, iteration_number, kept`
	if keep == nil {
		keep = []string{}
	}
	rows, err := s.pool.Query(ctx, q, from, to, keep)
	if err != nil {
		return nil, fmt.Errorf("postgres: accepted work: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.AcceptedWork, error) {
		var w sprintlens.AcceptedWork
		err := row.Scan(&w.ProjectID, &w.Iteration, &w.Labels, &w.Points, &w.Count)
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: accepted work: %w", err)
	}
	return out, nil
}

// OKRIterations lists the iterations of every project overlapping [from, to).
func (s *Store) OKRIterations(ctx context.Context, from, to time.Time) ([]sprintlens.Iteration, error) {
	const q = `
SELECT project_id, number, start_at, finish_at, team_strength::float8, length_weeks, kind
FROM iterations WHERE start_at < $2 AND finish_at > $1
ORDER BY project_id, number`
	rows, err := s.pool.Query(ctx, q, from, to)
	if err != nil {
		return nil, fmt.Errorf("postgres: iterations for OKRs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.Iteration, error) {
		var it sprintlens.Iteration
		err := row.Scan(&it.ProjectID, &it.Number, &it.Start, &it.Finish, &it.TeamStrength, &it.Length, &it.Kind)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: iterations for OKRs: %w", err)
	}
	return out, nil
}

// OKREpics lists every project's epics with their label names, to resolve
// epic links and find epics no key result links.
func (s *Store) OKREpics(ctx context.Context) ([]sprintlens.Epic, error) {
	const q = `
SELECT e.project_id, e.id, e.name, coalesce(e.label_id, 0), coalesce(l.name, '')
FROM epics e LEFT JOIN labels l ON l.project_id = e.project_id AND l.id = e.label_id
ORDER BY e.project_id, e.name, e.id`
	rows, err := s.pool.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("postgres: epics for OKRs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.Epic, error) {
		var e sprintlens.Epic
		err := row.Scan(&e.ProjectID, &e.ID, &e.Name, &e.LabelID, &e.LabelName)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: epics for OKRs: %w", err)
	}
	return out, nil
}

// OKRLabels lists every project's labels by name, for the link form.
func (s *Store) OKRLabels(ctx context.Context) ([]sprintlens.Label, error) {
	rows, err := s.pool.Query(ctx, `SELECT project_id, id, name FROM labels ORDER BY name, project_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: labels for OKRs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.Label, error) {
		var l sprintlens.Label
		err := row.Scan(&l.ProjectID, &l.ID, &l.Name)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: labels for OKRs: %w", err)
	}
	return out, nil
}
