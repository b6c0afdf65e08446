package trackersim

import "time"

// Story types and states as Tracker spells them.
const (
	TypeFeature = "feature"
	TypeBug     = "bug"
	TypeChore   = "chore"
	TypeRelease = "release"

	StateUnscheduled = "unscheduled"
	StateUnstarted   = "unstarted"
	StateStarted     = "started"
	StateFinished    = "finished"
	StateDelivered   = "delivered"
	StateRejected    = "rejected"
	StateAccepted    = "accepted"
)

// IterationScope says where an iteration sits relative to now, the way the
// iterations endpoint's scope parameter splits them.
type IterationScope string

// Iteration scopes.
const (
	ScopeDone    IterationScope = "done"
	ScopeCurrent IterationScope = "current"
	ScopeBacklog IterationScope = "backlog"
)

// Dataset is everything the simulated server knows. Once handed to New, the
// Server owns it: read it through Server.View while requests may be in flight.
type Dataset struct {
	// Now is the simulated present; it falls inside each project's current iteration.
	Now time.Time
	// Me is the token's owner, a member (owner role) of every project.
	Me       *Person
	Projects []*Project
}

// Project returns the project with the given id, or nil.
func (d *Dataset) Project(id int64) *Project {
	for _, p := range d.Projects {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Person is a Tracker user.
type Person struct {
	ID       int64
	Name     string
	Initials string
	Username string
	Email    string
}

// Membership ties a person to a project.
type Membership struct {
	ID           int64
	Person       *Person
	Role         string // "owner" or "member"
	Color        string // project_color, hex without '#'
	CreatedAt    time.Time
	LastViewedAt time.Time
}

// Label is a project label.
type Label struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Epic groups stories through its label.
type Epic struct {
	ID          int64
	Name        string
	Description string
	Label       *Label
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Story is one story as it stands at Dataset.Now.
type Story struct {
	ID   int64
	Type string // TypeFeature, TypeBug, TypeChore or TypeRelease
	Name string
	// Description is empty for most stories (the field is then left out of the JSON).
	Description string
	State       string
	// Estimate is nil when unestimated (always for bugs and chores: the
	// project does not let them be estimated).
	Estimate      *float64
	RequestedByID int64
	OwnerIDs      []int64
	LabelIDs      []int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	AcceptedAt    *time.Time
	// Position is the priority order of stories that are not accepted:
	// lower comes first, in the current iteration, the backlog and the icebox.
	Position int
	// IterationNumber is set by planning: the done iteration it was accepted
	// in, the current iteration or its backlog iteration; 0 in the icebox.
	IterationNumber int
}

// Points is the estimate, or 0 when unestimated.
func (s *Story) Points() float64 {
	if s.Estimate == nil {
		return 0
	}
	return *s.Estimate
}

// Iteration is one iteration as Tracker plans it at Dataset.Now.
type Iteration struct {
	Number       int
	Scope        IterationScope
	Start        time.Time
	Finish       time.Time
	TeamStrength float64
	Length       int // in weeks
	// Stories in panel order: accepted first (by accepted_at), then by Position.
	Stories []*Story
}

// Points sums the estimates of the iteration's stories.
func (it *Iteration) Points() float64 {
	var sum float64
	for _, s := range it.Stories {
		sum += s.Points()
	}
	return sum
}

// AcceptedPoints sums the estimates of the iteration's accepted stories.
func (it *Iteration) AcceptedPoints() float64 {
	var sum float64
	for _, s := range it.Stories {
		if s.State == StateAccepted {
			sum += s.Points()
		}
	}
	return sum
}

// Activity kinds and the story_transition kind.
const (
	KindStoryCreate = "story_create_activity"
	KindStoryUpdate = "story_update_activity"
	KindStoryDelete = "story_delete_activity"
)

// Activity is one entry of the project activity feed. Only story activities
// are simulated; each bumps the project version by one.
type Activity struct {
	Kind          string // KindStoryCreate, KindStoryUpdate or KindStoryDelete
	Highlight     string // "added", "started", "accepted", "estimated", "edited", "deleted", ...
	Version       int64
	StoryID       int64
	PerformedByID int64
	OccurredAt    time.Time
	// PrevUpdatedAt is the story's updated_at before this change (zero on create).
	PrevUpdatedAt time.Time
	// FromState and ToState are set when current_state changed (ToState alone on create).
	FromState, ToState string
	// EstimateChanged marks an estimate change; on create ToEstimate is the initial estimate.
	EstimateChanged          bool
	FromEstimate, ToEstimate *float64
	// Edits lists other changed fields (mutations only), rendered in
	// original_values/new_values.
	Edits []FieldEdit
}

// FieldEdit is one changed story field in an "edited" activity.
type FieldEdit struct {
	Field    string // JSON name: "name", "description", "owner_ids", "label_ids", "labels"
	From, To any
}

// Transition is a story_transition: the story entered State at OccurredAt.
type Transition struct {
	StoryID       int64
	State         string
	Version       int64
	OccurredAt    time.Time
	PerformedByID int64
}
