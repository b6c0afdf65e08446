// Package templates renders sprintlens's pages with templ. Components take
// typed view models (defined here and in *_props.go), never database rows;
// the package imports neither echo nor pgx.
package templates

import "time"

// Page is what the layout needs to frame any page.
type Page struct {
	Title string
	// Nav names the active navigation item: projects, sprints, warnings, okrs, sync.
	Nav string
	// ProjectID scopes the project-specific navigation links (0: none chosen).
	ProjectID int64
	Version   string
	CSRFToken string
	// Lang is "en" or "ja"; LangSwitchURL flips it.
	Lang          string
	LangSwitchURL string
	RequestID     string
	// User labels the signed-in user ("" when anonymous); Role is their
	// role, translated. Admin shows the users link; SignOut the sign-out
	// button (only a session can be signed out of here).
	User    string
	Role    string
	Admin   bool
	SignOut bool
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Key, Label, URL string
}

// ProjectRow is one line of the projects list.
type ProjectRow struct {
	ID             int64
	Name           string
	Source         string
	StoryCount     int
	IterationCount int
	LastSyncedAt   *time.Time
	Stale          bool
}

// HomeProps is the projects list, or its empty state.
type HomeProps struct {
	Projects []ProjectRow
	// AddProject, when set, shows the form that adds a Tracker project.
	AddProject *AddProjectProps
}

// ErrorProps is an error page: a status and a safe message, never internals.
type ErrorProps struct {
	Status  int
	Message string
}
