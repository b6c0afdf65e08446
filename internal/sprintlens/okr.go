package sprintlens

import "time"

// Objective is a qualitative goal for a period, owned by one project or by a
// team spanning projects (exactly one of ProjectID and Team is set).
type Objective struct {
	ID          int64
	PeriodID    int64
	Title       string
	Description string
	Owner       string
	// ProjectID is nil for a team objective, and becomes nil when the
	// project is deleted (the objective and its history stay).
	ProjectID *int64
	Team      string
	// Position orders objectives within a period (lower comes first).
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// KRKind says how a key result's value turns into progress.
type KRKind string

// Key result kinds.
const (
	// KRIncrease moves a number up from Start to Target (Target > Start).
	KRIncrease KRKind = "increase"
	// KRDecrease moves a number down from Start to Target (Target < Start).
	KRDecrease KRKind = "decrease"
	// KRPercentage moves a percentage (0..100) from Start to Target, either way.
	KRPercentage KRKind = "percentage"
	// KRBinary is done (value 1) or not (value 0); Start and Target are ignored.
	KRBinary KRKind = "binary"
	// KRMilestones is the share of Milestones done; Start and Target are ignored.
	KRMilestones KRKind = "milestones"
)

// KRKinds lists every kind in the order a form offers them.
func KRKinds() []KRKind {
	return []KRKind{KRIncrease, KRDecrease, KRPercentage, KRBinary, KRMilestones}
}

// Valid reports whether k is a known kind.
func (k KRKind) Valid() bool {
	switch k {
	case KRIncrease, KRDecrease, KRPercentage, KRBinary, KRMilestones:
		return true
	}
	return false
}

// Milestone is one step of a milestones key result.
type Milestone struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// DefaultKRWeight is the weight of a key result whose form left it empty.
const DefaultKRWeight = 1.0

// KeyResult is a measurable result of an objective.
type KeyResult struct {
	ID          int64
	ObjectiveID int64
	Title       string
	Owner       string
	Kind        KRKind
	// Start is the value when the period began; Target the value that means 100 %.
	Start  float64
	Target float64
	Unit   string
	// Weight is the key result's share of its objective's progress (> 0).
	Weight float64
	// Milestones are the steps of a milestones key result, with their
	// current Done flags (the store updates them when a check-in ticks one).
	Milestones []Milestone
	// LabelLinks are Tracker label names whose stories deliver this result.
	LabelLinks []string
	// EpicLinks are Tracker epic IDs whose stories deliver this result.
	EpicLinks []int64
	// Score is the end-of-period grade, 0.0–1.0; nil until scored.
	Score *float64
	// Retro is the end-of-period note: what worked, what did not.
	Retro     string
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ApplyDefaults fills what a form may leave empty; call it before Validate.
func (kr *KeyResult) ApplyDefaults() {
	if kr.Weight == 0 {
		kr.Weight = DefaultKRWeight
	}
	if kr.Kind == KRBinary {
		kr.Start, kr.Target = 0, 1
	}
	if kr.Kind == KRMilestones {
		kr.Start, kr.Target = 0, float64(len(kr.Milestones))
	}
}

// HasLinks reports whether any label or epic is linked to the key result.
func (kr KeyResult) HasLinks() bool {
	return len(kr.LabelLinks) > 0 || len(kr.EpicLinks) > 0
}

// CheckIn is one reading of a key result. Check-ins are history: the store
// only appends them, so progress over time can always be redrawn.
type CheckIn struct {
	ID          int64
	KeyResultID int64
	// Value is the measured value; for binary 0 or 1, for milestones the
	// number of milestones done.
	Value float64
	// Confidence is the author's confidence (0–10) of reaching the target.
	Confidence int
	Comment    string
	Author     string
	At         time.Time
	// MilestonesDone optionally records which milestones were done, in the
	// key result's order; nil when the check-in did not say.
	MilestonesDone []bool
}

// OKR entities named in the edit trail.
const (
	EntityPeriod    = "period"
	EntityObjective = "objective"
	EntityKeyResult = "key_result"
)

// OKREdit is one changed field of a period, objective or key result, kept
// with who changed it and when so a page can show the history of a goal.
type OKREdit struct {
	ID       int64
	Entity   string
	EntityID int64
	Field    string
	Old      string
	New      string
	Author   string
	At       time.Time
}
