package trackersim

import "time"

// Project is one simulated Tracker project with its full history.
type Project struct {
	ID                   int64
	Name                 string
	Description          string
	TimeZone             string // Olson name, e.g. "Asia/Tokyo"
	IterationLength      int    // weeks
	WeekStartDay         string
	PointScale           string
	VelocityAveragedOver int
	InitialVelocity      int
	AccountID            int64
	StartTime            time.Time
	CreatedAt            time.Time
	UpdatedAt            time.Time
	// Version is the project version: the Version of the newest activity.
	Version     int64
	Memberships []*Membership
	Labels      []*Label
	Epics       []*Epic
	// Stories are the live stories in panel order: done iterations, current,
	// backlog, icebox. Planning keeps this order after every change.
	Stories []*Story
	// DeletedStories were created and later deleted (story_delete_activity).
	DeletedStories []*Story
	// Iterations are done, current and backlog iterations in number order.
	Iterations []*Iteration
	// Velocity is the velocity planning used: the strength-adjusted average
	// of the last VelocityAveragedOver done iterations, rounded down.
	Velocity int
	// Activities are in ascending Version order; Transitions too.
	Activities  []Activity
	Transitions []Transition

	cal     calendar
	byID    map[int64]*Story
	nextID  int64
	nextPos int
}

// Story returns the live story with the given id, or nil.
func (p *Project) Story(id int64) *Story { return p.byID[id] }

// Person returns the member with the given person id, or nil.
func (p *Project) Person(id int64) *Person {
	for _, m := range p.Memberships {
		if m.Person.ID == id {
			return m.Person
		}
	}
	return nil
}

// Label returns the label with the given id, or nil.
func (p *Project) Label(id int64) *Label {
	for _, l := range p.Labels {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// LabelNamed returns the label with the given name, or nil.
func (p *Project) LabelNamed(name string) *Label {
	for _, l := range p.Labels {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// Current returns the current iteration.
func (p *Project) Current() *Iteration {
	for _, it := range p.Iterations {
		if it.Scope == ScopeCurrent {
			return it
		}
	}
	return nil
}

// IterationsIn returns the iterations with the given scope, in number order.
func (p *Project) IterationsIn(scope IterationScope) []*Iteration {
	var out []*Iteration
	for _, it := range p.Iterations {
		if it.Scope == scope {
			out = append(out, it)
		}
	}
	return out
}

// StoryTransitions returns the transitions of one story in order.
func (p *Project) StoryTransitions(storyID int64) []Transition {
	var out []Transition
	for _, t := range p.Transitions {
		if t.StoryID == storyID {
			out = append(out, t)
		}
	}
	return out
}

// storyAny finds a story whether live or deleted; activities need both.
func (p *Project) storyAny(id int64) *Story {
	if s := p.byID[id]; s != nil {
		return s
	}
	for _, s := range p.DeletedStories {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// index rebuilds the id lookup after the story list changed.
func (p *Project) index() {
	p.byID = make(map[int64]*Story, len(p.Stories))
	for _, s := range p.Stories {
		p.byID[s.ID] = s
	}
}
