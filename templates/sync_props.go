package templates

import "time"

// SyncProps is the sync page: recent runs and whether a run can be started.
type SyncProps struct {
	// Enabled is false when TRACKER_BASE_URL or TRACKER_TOKEN is not set.
	Enabled  bool
	Projects []SyncProjectOption
	Runs     []SyncRunView
}

// SyncProjectOption is one project the "Sync now" form can pick.
type SyncProjectOption struct {
	ID   int64
	Name string
}

// SyncRunView is one sync run as the page shows it.
type SyncRunView struct {
	ID          int64
	ProjectID   int64
	ProjectName string
	Kind        string // full, incremental, import
	Status      string // running, succeeded, failed, cancelled
	StartedAt   time.Time
	Duration    time.Duration
	Progress    string
	Inserted    int
	Updated     int
	Deleted     int
	Iterations  int
	Requests    int
	Error       string
	TriggeredBy string
}

// Running reports whether the page should keep polling the run.
func (r SyncRunView) Running() bool { return r.Status == "running" }

// AddProjectProps is the admin form on the projects page that adds a
// Tracker project by id.
type AddProjectProps struct {
	// Value is what was typed, kept when the form comes back with Error.
	Value string
	Error string
}
