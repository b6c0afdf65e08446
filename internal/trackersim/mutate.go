package trackersim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNotFound is returned by the mutation methods for an unknown project or story.
var ErrNotFound = errors.New("trackersim: not found")

// Mutations stand in for a team working in Tracker while a client syncs:
// each records an activity performed by Dataset.Me with the next project
// version (and a transition when the state changes), then replans.

// EditStory lets fn change a copy of the story, then records what changed
// in one story_update_activity: a state change (highlight = new state, plus
// a transition), an estimate change ("estimated"), or other fields
// ("edited"). Moving accepts and un-accepts keeps accepted_at right. A
// change to Position alone is a story_move_activity. No change, no activity.
func (s *Server) EditStory(projectID, storyID int64, fn func(*Story)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, st, err := s.find(projectID, storyID)
	if err != nil {
		return err
	}
	before := cloneStory(st)
	after := cloneStory(st)
	fn(after)
	after.ID, after.CreatedAt = st.ID, st.CreatedAt
	at := p.nextEventTime(s.ds.Now)
	a := Activity{Kind: KindStoryUpdate, Version: p.Version + 1, StoryID: st.ID, PerformedByID: s.ds.Me.ID,
		OccurredAt: at, PrevUpdatedAt: st.UpdatedAt}
	if after.State != before.State {
		a.FromState, a.ToState, a.Highlight = before.State, after.State, after.State
		switch {
		case after.State == StateAccepted:
			after.AcceptedAt = &at
		case before.State == StateAccepted && before.AcceptedAt != nil:
			a.Edits = append(a.Edits, FieldEdit{Field: "accepted_at", From: fmtTime(*before.AcceptedAt), To: nil})
			after.AcceptedAt = nil
		default:
			after.AcceptedAt = nil
		}
	}
	if !samePoints(before.Estimate, after.Estimate) {
		a.EstimateChanged, a.FromEstimate, a.ToEstimate = true, before.Estimate, after.Estimate
		if a.Highlight == "" {
			a.Highlight = "estimated"
		}
	}
	a.Edits = append(a.Edits, fieldEdits(before, after)...)
	switch {
	case a.Highlight != "":
	case len(a.Edits) > 0:
		a.Highlight = "edited"
	case after.Position != before.Position:
		a.Kind, a.Highlight = "story_move_activity", "moved"
	default:
		return nil
	}
	after.UpdatedAt = at
	*st = *after
	p.record(a)
	p.replan(s.ds.Now)
	return nil
}

// Reestimate changes a story's estimate (an "estimated" activity).
func (s *Server) Reestimate(projectID, storyID int64, points float64) error {
	return s.EditStory(projectID, storyID, func(st *Story) { st.Estimate = &points })
}

// AddStory creates a story from st (ID, timestamps and position are
// assigned; Type defaults to feature, State to unscheduled, the requester
// to Me) and records a story_create_activity. It returns the stored story.
func (s *Server) AddStory(projectID int64, st Story) (*Story, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.ds.Project(projectID)
	if p == nil {
		return nil, fmt.Errorf("add story to project %d: %w", projectID, ErrNotFound)
	}
	n := cloneStory(&st)
	n.ID = p.nextID
	p.nextID++
	at := p.nextEventTime(s.ds.Now)
	n.CreatedAt, n.UpdatedAt = at, at
	n.Type = cmp.Or(n.Type, TypeFeature)
	n.State = cmp.Or(n.State, StateUnscheduled)
	if n.RequestedByID == 0 {
		n.RequestedByID = s.ds.Me.ID
	}
	n.OwnerIDs, n.LabelIDs = nonNil(n.OwnerIDs), nonNil(n.LabelIDs)
	if n.State == StateAccepted {
		n.AcceptedAt = &at
	} else {
		n.AcceptedAt = nil
	}
	if n.Position == 0 {
		p.nextPos++
		n.Position = p.nextPos
	}
	p.Stories = append(p.Stories, n)
	p.byID[n.ID] = n
	p.record(Activity{Kind: KindStoryCreate, Highlight: "added", Version: p.Version + 1, StoryID: n.ID,
		PerformedByID: s.ds.Me.ID, OccurredAt: at, ToState: n.State, EstimateChanged: n.Estimate != nil,
		ToEstimate: n.Estimate})
	p.replan(s.ds.Now)
	return n, nil
}

// DeleteStory removes a story and records a story_delete_activity.
func (s *Server) DeleteStory(projectID, storyID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, st, err := s.find(projectID, storyID)
	if err != nil {
		return err
	}
	p.Stories = slices.DeleteFunc(p.Stories, func(x *Story) bool { return x == st })
	delete(p.byID, st.ID)
	p.DeletedStories = append(p.DeletedStories, st)
	p.record(Activity{Kind: KindStoryDelete, Highlight: "deleted", Version: p.Version + 1, StoryID: st.ID,
		PerformedByID: s.ds.Me.ID, OccurredAt: p.nextEventTime(s.ds.Now)})
	p.replan(s.ds.Now)
	return nil
}

// AdvanceTime moves the simulated present forward by d and replans: once
// now passes the current iteration's finish, it becomes done and its
// unfinished stories roll into the next. No activity is recorded.
func (s *Server) AdvanceTime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds.Now = s.ds.Now.Add(d)
	for _, p := range s.ds.Projects {
		p.replan(s.ds.Now)
	}
}

func (s *Server) find(projectID, storyID int64) (*Project, *Story, error) {
	p := s.ds.Project(projectID)
	if p == nil {
		return nil, nil, fmt.Errorf("project %d: %w", projectID, ErrNotFound)
	}
	st := p.Story(storyID)
	if st == nil {
		return nil, nil, fmt.Errorf("story %d in project %d: %w", storyID, projectID, ErrNotFound)
	}
	return p, st, nil
}

// record appends an activity (and its transition) and bumps the version.
func (p *Project) record(a Activity) {
	p.Activities = append(p.Activities, a)
	p.Version = a.Version
	if a.Kind == KindStoryUpdate && a.ToState != "" {
		p.Transitions = append(p.Transitions, Transition{StoryID: a.StoryID, State: a.ToState, Version: a.Version,
			OccurredAt: a.OccurredAt, PerformedByID: a.PerformedByID})
	}
}

// nextEventTime is now, or just after the newest activity so the feed
// stays in time order when several changes happen at the same simulated now.
func (p *Project) nextEventTime(now time.Time) time.Time {
	now = now.UTC().Truncate(time.Second)
	if n := len(p.Activities); n > 0 {
		if last := p.Activities[n-1].OccurredAt; !now.After(last) {
			return last.Add(time.Second)
		}
	}
	return now
}

func cloneStory(s *Story) *Story {
	c := *s
	c.OwnerIDs, c.LabelIDs = slices.Clone(s.OwnerIDs), slices.Clone(s.LabelIDs)
	if s.Estimate != nil {
		v := *s.Estimate
		c.Estimate = &v
	}
	if s.AcceptedAt != nil {
		t := *s.AcceptedAt
		c.AcceptedAt = &t
	}
	return &c
}

func fieldEdits(a, b *Story) []FieldEdit {
	var out []FieldEdit
	if a.Name != b.Name {
		out = append(out, FieldEdit{Field: "name", From: a.Name, To: b.Name})
	}
	if a.Description != b.Description {
		out = append(out, FieldEdit{Field: "description", From: a.Description, To: b.Description})
	}
	if a.Type != b.Type {
		out = append(out, FieldEdit{Field: "story_type", From: a.Type, To: b.Type})
	}
	if !slices.Equal(a.OwnerIDs, b.OwnerIDs) {
		out = append(out, FieldEdit{Field: "owner_ids", From: nonNil(a.OwnerIDs), To: nonNil(b.OwnerIDs)})
	}
	if !slices.Equal(a.LabelIDs, b.LabelIDs) {
		out = append(out, FieldEdit{Field: "label_ids", From: nonNil(a.LabelIDs), To: nonNil(b.LabelIDs)})
	}
	return out
}

func samePoints(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
