package templates

import (
	"strconv"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// View models of the velocity pages: project overview, sprint review,
// forecast, cycle time and the multi-project roll-up. Times are already in
// the project's time zone.

// ProjectRef names the project a page is about.
type ProjectRef struct {
	ID   int64
	Name string
}

// URL is the project's overview page; suffix is appended ("/forecast").
func (p ProjectRef) URL(suffix string) string {
	return "/projects/" + strconv.FormatInt(p.ID, 10) + suffix
}

// DateRange is a from/to filter as written in the URL (YYYY-MM-DD); an
// empty end is open.
type DateRange struct {
	From, To string
}

// VelocityKPIs are the headline numbers of the overview.
type VelocityKPIs struct {
	Velocity   float64
	Normalized float64
	StdDev     float64
	Volatility float64
	Window     int
	Used       int
	Short      bool
}

// SprintRow is one iteration's precomputed numbers: a bar of the velocity
// chart and a row of its table.
type SprintRow struct {
	Number         int
	Start, Finish  time.Time
	TeamStrength   float64
	Done           bool
	AcceptedPoints float64
	AcceptedCount  int
	Committed      sprintlens.Tally
	CarriedOver    sprintlens.Tally
	Added          sprintlens.Tally
	Removed        sprintlens.Tally
	// RollingVelocity and RollingStdDev are nil for sprints not done.
	RollingVelocity *float64
	RollingStdDev   *float64
	Reconstructed   bool
	// Changes counts the annotations that fall in this sprint.
	Changes int
}

// AnnotationRow explains one marker of the velocity chart.
type AnnotationRow struct {
	Kind      string
	Iteration int
	At        time.Time
	StoryID   int64
	From, To  float64
}

// BurnDay is one day of the current sprint's burn-up.
type BurnDay struct {
	Date time.Time
	// Accepted is the points accepted by the end of the day.
	Accepted float64
	// Future days have no value yet.
	Future bool
}

// BurnUp is the current sprint so far.
type BurnUp struct {
	Number    int
	Days      []BurnDay
	Committed float64
	Scope     float64
	Accepted  float64
}

// OverviewProps is the project overview.
type OverviewProps struct {
	Project    ProjectRef
	HasMetrics bool
	ComputedAt time.Time
	KPIs       VelocityKPIs
	// Sprints are those in Range, oldest first; AllSprints counts every one.
	Sprints     []SprintRow
	AllSprints  int
	Range       DateRange
	Annotations []AnnotationRow
	LastSprint  *SprintRow
	// CarriedOver lists the stories the last sprint carried over.
	CarriedOver []ReviewStoryRow
	// CurrentSprint is the number of the sprint in progress (0: none).
	CurrentSprint int
	BurnUp        *BurnUp
}

// StoryFilter narrows a story list; empty fields do not filter.
type StoryFilter struct {
	Label, Epic, Type string
	Range             DateRange
}

// Active reports whether any filter is set.
func (f StoryFilter) Active() bool {
	return f.Label != "" || f.Epic != "" || f.Type != "" || f.Range.From != "" || f.Range.To != ""
}

// FilterOptions are the choices of a filter form.
type FilterOptions struct {
	Labels, Epics, Types []string
}

// ReviewStoryRow is one story of the sprint review.
type ReviewStoryRow struct {
	ID        int64
	Name      string
	Type      string
	State     string
	Points    float64
	Estimated bool
	Counted   bool
	Owners    []string
	Labels    []string
	// CycleDays is set for accepted stories with a measured cycle.
	CycleDays   *float64
	RollCount   int
	Committed   bool
	Added       bool
	Accepted    bool
	CarriedOver bool
	Removed     bool
	Chain       []int
}

// ChainRow is a story that rolled across sprints.
type ChainRow struct {
	StoryID int64
	Name    string
	Chain   []int
}

// ReviewProps is the sprint review of one iteration.
type ReviewProps struct {
	Project       ProjectRef
	Number        int
	Start, Finish time.Time
	Current       bool
	Reconstructed bool
	Committed     sprintlens.Tally
	Accepted      sprintlens.Tally
	CarriedOver   sprintlens.Tally
	Added         sprintlens.Tally
	Removed       sprintlens.Tally
	// Stories passed the filter; StoryCount counts them all.
	Stories    []ReviewStoryRow
	StoryCount int
	Chains     []ChainRow
	ByLabel    []sprintlens.Breakdown
	ByType     []sprintlens.Breakdown
	// Prev and Next are neighbouring sprint numbers (0: none).
	Prev, Next int
	Filter     StoryFilter
	Options    FilterOptions
}

// ReleaseOption is a release story the forecast can stop at.
type ReleaseOption struct {
	ID   int64
	Name string
}

// ForecastProps is the forecast of one scope.
type ForecastProps struct {
	Project  ProjectRef
	Label    string
	Epic     string
	Release  int64
	Options  FilterOptions
	Releases []ReleaseOption
	// Scope: unaccepted stories in scope (Points only from types that count
	// toward velocity), unestimated ones among them, and icebox stories
	// that matched but are not planned.
	Points      float64
	Stories     int
	Unestimated int
	Icebox      int
	Velocity    sprintlens.Velocity
	// Samples is how many past sprints the simulation resamples.
	Samples  int
	Start    time.Time
	Forecast sprintlens.Forecast
}

// CyclePoint is one accepted story of the cycle-time scatter.
type CyclePoint struct {
	StoryID    int64
	Name       string
	Type       string
	Estimate   float64
	Estimated  bool
	Started    time.Time
	Accepted   time.Time
	Days       float64
	Rejections int
}

// CycleProps is the cycle-time page.
type CycleProps struct {
	Project ProjectRef
	Filter  StoryFilter
	Options FilterOptions
	ByType  []sprintlens.CycleGroup
	BySize  []sprintlens.CycleGroup
	Points  []CyclePoint
}

// RollupRow is one project of the roll-up.
type RollupRow struct {
	Project    ProjectRef
	HasMetrics bool
	Velocity   sprintlens.Velocity
	// Last is the latest done sprint (nil: none yet).
	Last *SprintRow
}

// RollupProps is every project side by side.
type RollupProps struct {
	Rows []RollupRow
}
