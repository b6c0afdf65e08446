package sprintlens

import (
	"fmt"
	"time"
)

// Source says where a project's data comes from.
type Source string

// Project sources.
const (
	SourceTracker Source = "tracker" // synced from a Tracker API v5 server
	SourceCSV     Source = "csv"     // imported from a Tracker CSV export
)

// PointScale is the set of estimates a project allows, as Tracker writes it ("0,1,2,3,5,8").
type PointScale string

// Project is a Tracker project with sprintlens's settings for it.
type Project struct {
	ID     int64
	Name   string
	Source Source
	// TimeZone is an Olson name ("Asia/Tokyo"); iteration windows are computed in it.
	TimeZone string
	// IterationWeeks is the iteration length in weeks (Tracker's iteration_length).
	IterationWeeks int
	// WeekStartDay is Tracker's week_start_day ("Monday").
	WeekStartDay string
	PointScale   PointScale
	// VelocityWindow is N, the number of done iterations averaged for velocity (1..4).
	VelocityWindow int
	// CountBugsAndChores makes estimated bugs and chores count toward velocity.
	CountBugsAndChores bool
	// SizeLimit overrides the too-big threshold; nil means the default rule.
	SizeLimit *float64
	// CurrentIteration is the number of the iteration in progress (0 if unknown).
	CurrentIteration int
	// Version is Tracker's project version seen at the last sync (for incremental sync).
	Version      int64
	LastSyncedAt *time.Time
	CreatedAt    time.Time
}

// Defaults for project settings.
const (
	DefaultVelocityWindow = 3
	DefaultTimeZone       = "UTC"
	DefaultPointScale     = PointScale("0,1,2,3,5,8")
)

// TimeZoneFromTracker reports whether the project's time zone is Tracker's.
// A synced project takes it from Tracker on every sync: a zone saved in
// sprintlens would be undone by the next sync, moving every sprint boundary
// back and forth, so Tracker is authoritative and the zone is changed there.
// An imported project's zone is sprintlens's own: set by an import or on
// the settings page, and kept otherwise.
func (p Project) TimeZoneFromTracker() bool { return p.Source == SourceTracker }

// Location loads the project's time zone, falling back to UTC with an error.
func (p Project) Location() (*time.Location, error) {
	if p.TimeZone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC, fmt.Errorf("project %d time zone %q: %w", p.ID, p.TimeZone, err)
	}
	return loc, nil
}

// Validate checks the settings a user can change.
func (p Project) Validate() error {
	if p.Name == "" {
		return Invalid("name", "must not be empty")
	}
	if p.VelocityWindow < 1 || p.VelocityWindow > 4 {
		return Invalid("velocity_window", fmt.Sprintf("must be 1 to 4, got %d", p.VelocityWindow))
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" {
		return Invalid("time_zone", fmt.Sprintf("%q is not an Olson time zone name such as Asia/Tokyo", p.TimeZone))
	}
	if p.IterationWeeks < 1 || p.IterationWeeks > 4 {
		return Invalid("iteration_weeks", fmt.Sprintf("must be 1 to 4, got %d", p.IterationWeeks))
	}
	if p.SizeLimit != nil && *p.SizeLimit <= 0 {
		return Invalid("size_limit", "must be above 0")
	}
	return nil
}

// Iteration is one sprint of a project. Its window is half-open: [Start, Finish).
type Iteration struct {
	ProjectID int64
	Number    int
	Start     time.Time
	Finish    time.Time
	// TeamStrength is Tracker's team_strength (1.0 = full team).
	TeamStrength float64
	// Length is the iteration length in weeks.
	Length int
	// Kind is "done", "current" or "backlog".
	Kind string
	// TrackerVelocity is the velocity Tracker itself reported, when known.
	TrackerVelocity *float64
}

// Iteration kinds.
const (
	IterationDone    = "done"
	IterationCurrent = "current"
	IterationBacklog = "backlog"
)

// Contains reports whether t falls in the half-open window [Start, Finish).
func (it Iteration) Contains(t time.Time) bool {
	return !t.Before(it.Start) && t.Before(it.Finish)
}

// Label is a Tracker label.
type Label struct {
	ProjectID int64
	ID        int64
	Name      string
}

// Epic is a Tracker epic; its stories are those carrying its label.
type Epic struct {
	ProjectID int64
	ID        int64
	Name      string
	LabelID   int64
	LabelName string
}

// Person is a project member.
type Person struct {
	ID       int64
	Name     string
	Initials string
	Username string
	Email    string
}
