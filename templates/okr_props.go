package templates

import "time"

// OKRPeriodView is the period an OKR page shows.
type OKRPeriodView struct {
	Key     string
	Name    string
	Start   time.Time
	LastDay time.Time
	Closed  bool
	// Stored is false for a quarter nobody has set OKRs for yet.
	Stored bool
	// Expected is where the straight line from 0 % to 100 % stands now.
	Expected float64
}

// OKROption is one choice of a select (periods, objectives, projects).
type OKROption struct {
	Value    string
	Label    string
	Selected bool
}

// OKRMilestoneView is one step of a milestones key result.
type OKRMilestoneView struct {
	Index int
	Title string
	Done  bool
}

// OKRKRView is a key result with its numbers now.
type OKRKRView struct {
	ID             int64
	ObjectiveTitle string
	Title          string
	Owner          string
	// Kind is increase, decrease, percentage, binary or milestones.
	Kind   string
	Start  float64
	Target float64
	Unit   string
	Weight float64
	Value  float64
	// Progress and Expected are 0–100.
	Progress float64
	Expected float64
	// Status is on_track, at_risk or off_track.
	Status        string
	Outdated      bool
	Confidence    *int
	LastCheckInAt *time.Time
	Score         *float64
	Retro         string
	Labels        []string
	Epics         []int64
	Milestones    []OKRMilestoneView
}

// OKRObjectiveView is an objective with its key results.
type OKRObjectiveView struct {
	ID          int64
	Title       string
	Description string
	Owner       string
	// Scope is the project's name or the team.
	Scope string
	// Progress is nil while the objective has no key result.
	Progress   *float64
	Status     string
	KeyResults []OKRKRView
}

// OKRSprintCoverageView is one sprint's share of accepted points that trace to a key result.
type OKRSprintCoverageView struct {
	Project        string
	Number         int
	Start          time.Time
	AcceptedPoints float64
	LinkedPoints   float64
	// Percent is nil when nothing with points was accepted.
	Percent *float64
}

// OKRRef names a key result in a list.
type OKRRef struct {
	ID    int64
	Title string
}

// OKRCoverageView is how much delivered work traces to the period's key results.
type OKRCoverageView struct {
	Sprints         []OKRSprintCoverageView
	AcceptedPoints  float64
	LinkedPoints    float64
	Percent         *float64
	UnlinkedEpics   []string
	KRsWithoutLinks []OKRRef
}

// OKRFormsView feeds the forms that create objectives and key results.
type OKRFormsView struct {
	Objectives []OKROption
	Projects   []OKROption
	Kinds      []string
	Labels     []string
	// Unscored counts key results without a score, a warning before closing.
	Unscored int
}

// OKRsProps is the period at a glance.
type OKRsProps struct {
	Period     OKRPeriodView
	Periods    []OKROption
	Objectives []OKRObjectiveView
	Coverage   OKRCoverageView
	Forms      OKRFormsView
	// OutdatedHint defines outdated for the configured check-in age.
	OutdatedHint string
}

// OKRWeekFacts are the week's delivery facts of a key result's linked work.
type OKRWeekFacts struct {
	Linked         bool
	AcceptedCount  int
	AcceptedPoints float64
	CarriedCount   int
	CarriedPoints  float64
	// DeliveryPercent is accepted over total points of all linked work (nil: no linked stories).
	DeliveryPercent *float64
}

// OKRCheckInRow is one key result's row of the check-in page: its
// numbers, the week's facts and the form to check in.
type OKRCheckInRow struct {
	KR        OKRKRView
	PeriodKey string
	CSRFToken string
	Facts     OKRWeekFacts
	ReadOnly  bool
	// Return is where a save without JavaScript goes back to: "checkin" or "kr".
	Return string
	// Error is why the last save failed; Comment keeps what was typed.
	Error   string
	Comment string
	// Saved marks a row that was just saved.
	Saved bool
	// OutdatedHint defines outdated for the configured check-in age.
	OutdatedHint string
}

// OKRCheckInProps is the weekly check-in page.
type OKRCheckInProps struct {
	Period       OKRPeriodView
	Periods      []OKROption
	Rows         []OKRCheckInRow
	OutdatedHint string
}

// OKRCheckInView is one past check-in.
type OKRCheckInView struct {
	At         time.Time
	Author     string
	Value      float64
	Confidence int
	Comment    string
	Progress   float64
}

// OKRChartRow is one reading in the table view of the chart.
type OKRChartRow struct {
	At    time.Time
	Value float64
	Ideal float64
}

// OKRDeliveryView is the progress of the linked stories.
type OKRDeliveryView struct {
	Linked            bool
	AcceptedPoints    float64
	TotalPoints       float64
	AcceptedCount     int
	TotalCount        int
	Unestimated       int
	CarriedOver       int
	CarriedOverPoints float64
	Percent           *float64
}

// OKRForecastView is when the linked work should be done.
type OKRForecastView struct {
	// Known is false when nothing was accepted in the window (or nothing is linked).
	Known     bool
	Done      bool
	Remaining float64
	PerWeek   float64
	Finish    time.Time
	PeriodEnd time.Time
	AfterEnd  bool
}

// OKRDivergenceView is one alert that delivery and outcome disagree.
type OKRDivergenceView struct {
	Kind    string
	Message string
	Hint    string
}

// OKREditView is one recorded change.
type OKREditView struct {
	At     time.Time
	Author string
	Field  string
	Old    string
	New    string
}

// OKRKeyResultProps is a key result's page.
type OKRKeyResultProps struct {
	Period OKRPeriodView
	KR     OKRKRView
	Row    OKRCheckInRow
	// Chart is the Chart.js configuration of the value against the ideal line.
	Chart          any
	ChartRows      []OKRChartRow
	History        []OKRCheckInView
	Delivery       OKRDeliveryView
	Forecast       OKRForecastView
	Divergences    []OKRDivergenceView
	SuggestedScore float64
	Edits          []OKREditView
	OutdatedHint   string
}
