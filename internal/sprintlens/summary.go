package sprintlens

import "time"

// ProjectSummary is a project with the counts the projects list shows.
type ProjectSummary struct {
	Project
	StoryCount     int
	IterationCount int
}

// StaleAfter is how old a synced project's data may get before the UI
// marks it stale: four missed runs of the default 15-minute schedule.
const StaleAfter = time.Hour

// Stale reports whether a synced project has not synced for StaleAfter.
// Imported projects are never stale: nothing refreshes them.
func (p ProjectSummary) Stale(now time.Time) bool {
	if p.Source != SourceTracker {
		return false
	}
	return p.LastSyncedAt == nil || now.Sub(*p.LastSyncedAt) > StaleAfter
}
