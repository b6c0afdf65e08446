package sprintlens

import "time"

// RunStatus is the state of a sync or import run.
type RunStatus string

// Run statuses.
const (
	RunRunning   RunStatus = "running"
	RunSucceeded RunStatus = "succeeded"
	RunFailed    RunStatus = "failed"
	RunCancelled RunStatus = "cancelled"
)

// SyncRun records one sync or import of a project: the UI lists these.
type SyncRun struct {
	ID         int64
	ProjectID  int64
	Kind       string // "full", "incremental", "import"
	Status     RunStatus
	StartedAt  time.Time
	FinishedAt *time.Time
	// Progress is a short human line updated while the run goes ("stories 1500/3104").
	Progress        string
	StoriesInserted int
	StoriesUpdated  int
	StoriesDeleted  int
	Iterations      int
	Requests        int
	Error           string
	TrackerVersion  int64
	TriggeredBy     string
}

// Duration is how long the run took (so far, if still running).
func (r SyncRun) Duration(now time.Time) time.Duration {
	if r.FinishedAt != nil {
		return r.FinishedAt.Sub(r.StartedAt)
	}
	return now.Sub(r.StartedAt)
}
