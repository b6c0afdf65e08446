package tracker

// Story is a Tracker story (kind "story"). Which fields are filled depends on
// the fields= selection; the client asks for StoryFields.
type Story struct {
	Kind          string   `json:"kind"`
	ID            int64    `json:"id"`
	ProjectID     int64    `json:"project_id"`
	Name          string   `json:"name"`
	Description   string   `json:"description,omitempty"`
	StoryType     string   `json:"story_type"`    // feature, bug, chore, release
	CurrentState  string   `json:"current_state"` // unscheduled ... accepted
	Estimate      *float64 `json:"estimate"`      // nil when unestimated
	AcceptedAt    Time     `json:"accepted_at"`   // zero unless accepted
	Deadline      Time     `json:"deadline"`      // releases only
	CreatedAt     Time     `json:"created_at"`
	UpdatedAt     Time     `json:"updated_at"`
	RequestedByID int64    `json:"requested_by_id"`
	OwnerIDs      []int64  `json:"owner_ids"`
	// OwnedByID is the pre-2014 single owner, still sent by some responses.
	OwnedByID int64    `json:"owned_by_id,omitempty"`
	LabelIDs  []int64  `json:"label_ids,omitempty"`
	Labels    []Label  `json:"labels"`
	Owners    []Person `json:"owners,omitempty"` // only with fields=owners
	URL       string   `json:"url"`
}

// Iteration is one Tracker iteration (kind "iteration"). Tracker numbers
// iterations from 1; match them by Number, never by position in a page.
type Iteration struct {
	Kind      string `json:"kind"`
	Number    int    `json:"number"`
	ProjectID int64  `json:"project_id"`
	// Length is in weeks; older responses omit it.
	Length       int     `json:"length"`
	TeamStrength float64 `json:"team_strength"`
	Start        Time    `json:"start"`
	Finish       Time    `json:"finish"`
	// Velocity is Tracker's velocity as of this iteration; nil when not sent.
	Velocity        *float64 `json:"velocity"`
	Points          float64  `json:"points"`
	AcceptedPoints  float64  `json:"accepted_points"`
	EffectivePoints float64  `json:"effective_points"`
	StoryIDs        []int64  `json:"story_ids,omitempty"`
	Stories         []Story  `json:"stories,omitempty"`
}

// Release is a release marker (kind "release"); Tracker also lists releases
// among stories with story_type "release".
type Release struct {
	Kind         string  `json:"kind"`
	ID           int64   `json:"id"`
	ProjectID    int64   `json:"project_id"`
	Name         string  `json:"name"`
	Description  string  `json:"description,omitempty"`
	CurrentState string  `json:"current_state"`
	Deadline     Time    `json:"deadline"`
	AcceptedAt   Time    `json:"accepted_at"`
	URL          string  `json:"url"`
	Labels       []Label `json:"labels"`
	CreatedAt    Time    `json:"created_at"`
	UpdatedAt    Time    `json:"updated_at"`
}

// StoryTransition is one change of a story's state (kind
// "story_transition"): the exact moment a story became started, accepted...
type StoryTransition struct {
	Kind           string `json:"kind"`
	State          string `json:"state"`
	StoryID        int64  `json:"story_id"`
	ProjectID      int64  `json:"project_id"`
	ProjectVersion int64  `json:"project_version"`
	OccurredAt     Time   `json:"occurred_at"`
	PerformedByID  int64  `json:"performed_by_id"`
}
