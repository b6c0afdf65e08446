package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// BacklogStories lists a project's unaccepted stories, releases and the
// icebox included, in backlog order (position, then id): the scope a
// forecast counts from. Callers decide which of them are in scope.
func (s *Store) BacklogStories(ctx context.Context, pid int64) ([]sprintlens.Story, error) {
	st, err := loadStories(ctx, s.pool, pid, `AND s.current_state <> 'accepted'`)
	if err != nil {
		return nil, fmt.Errorf("postgres: backlog of project %d: %w", pid, err)
	}
	slices.SortStableFunc(st, func(a, b sprintlens.Story) int { return cmp.Compare(a.Position, b.Position) })
	return st, nil
}

// ProjectLabels lists a project's labels by name.
func (s *Store) ProjectLabels(ctx context.Context, pid int64) ([]sprintlens.Label, error) {
	ls, err := loadLabels(ctx, s.pool, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: labels of project %d: %w", pid, err)
	}
	return ls, nil
}

// ProjectEpics lists a project's epics by name, each with its label.
func (s *Store) ProjectEpics(ctx context.Context, pid int64) ([]sprintlens.Epic, error) {
	es, err := loadEpics(ctx, s.pool, pid)
	if err != nil {
		return nil, fmt.Errorf("postgres: epics of project %d: %w", pid, err)
	}
	return es, nil
}

// StoriesByID reads the given stories of a project (those that exist), by id.
func (s *Store) StoriesByID(ctx context.Context, pid int64, ids []int64) ([]sprintlens.Story, error) {
	if len(ids) == 0 {
		return []sprintlens.Story{}, nil
	}
	st, err := loadStories(ctx, s.pool, pid, `AND s.id = ANY($2)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: stories of project %d: %w", pid, err)
	}
	return st, nil
}
