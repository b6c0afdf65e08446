package sprintlens

import "time"

// Digest is the weekly Slack digest of one project: the numbers the message
// carries, in the shape a builder turns into Block Kit. It is also the view
// model frozen in a digest snapshot, so its JSON names are part of the
// stored format: rename a Go field freely, never a json tag.
type Digest struct {
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name"`
	// PeriodLabel names the week the digest covers ("Sprint 42 · Nov 16 – Nov 22, 2026").
	PeriodLabel string    `json:"period_label"`
	GeneratedAt time.Time `json:"generated_at"`
	// LastSprint is the newest done sprint; nil before the first one ends.
	LastSprint *DigestSprint `json:"last_sprint,omitempty"`
	// Velocity is the project's velocity when the digest was made.
	Velocity float64 `json:"velocity"`
	// Warnings are the top story-size warnings, worst first. WarningsAvailable
	// is false when no warnings source is wired; the section is then left out
	// rather than claiming there are none.
	Warnings          []DigestWarning `json:"warnings"`
	WarningsAvailable bool            `json:"warnings_available"`
	// OKRs are the key results in their current period; OKRsAvailable as above.
	OKRs          []DigestKR  `json:"okrs"`
	OKRsAvailable bool        `json:"okrs_available"`
	Links         DigestLinks `json:"links"`
}

// DigestSprint is the last sprint's headline: accepted against committed
// and what rolled over.
type DigestSprint struct {
	Number int       `json:"number"`
	Start  time.Time `json:"start"`
	Finish time.Time `json:"finish"`
	// Accepted follows the velocity definition: current estimates of the
	// stories accepted in the sprint's window (added stories included).
	Accepted    DigestTally `json:"accepted"`
	Committed   DigestTally `json:"committed"`
	CarriedOver DigestTally `json:"carried_over"`
}

// DigestTally is a Tally with stored JSON names.
type DigestTally struct {
	Points float64 `json:"points"`
	Count  int     `json:"count"`
}

// TallyOf converts a Tally.
func TallyOf(t Tally) DigestTally { return DigestTally{Points: t.Points, Count: t.Count} }

// DigestWarning is one story-size warning as the digest lists it.
type DigestWarning struct {
	StoryID int64   `json:"story_id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Message string  `json:"message"`
	Points  float64 `json:"points"`
	// URL is absolute, or a path under BASE_URL when it starts with "/".
	URL string `json:"url"`
}

// DigestKR is one key result as the digest lists it.
type DigestKR struct {
	// ProjectID is the owning project, 0 for a team objective: a project's
	// digest lists its own key results and the team's.
	ProjectID int64    `json:"project_id"`
	Objective string   `json:"objective"`
	Title     string   `json:"title"`
	Status    KRStatus `json:"status"`
	Progress  float64  `json:"progress"`
	Expected  float64  `json:"expected"`
	Outdated  bool     `json:"outdated"`
	URL       string   `json:"url"`
}

// DigestLinks are the pages the digest points to, as paths under BASE_URL
// (empty when there is no such page).
type DigestLinks struct {
	Project      string `json:"project"`
	SprintReview string `json:"sprint_review"`
	Velocity     string `json:"velocity"`
	Warnings     string `json:"warnings"`
	OKRs         string `json:"okrs"`
	// AsSent is the digest's own permalink (/s/<id>), set once it is frozen.
	AsSent string `json:"as_sent"`
}

// ForProject keeps the key results of project pid and the team's.
func ForProject(krs []DigestKR, pid int64) []DigestKR {
	var out []DigestKR
	for _, kr := range krs {
		if kr.ProjectID == 0 || kr.ProjectID == pid {
			out = append(out, kr)
		}
	}
	return out
}

// KRCounts counts key results by status, and those whose check-in is outdated.
type KRCounts struct {
	OnTrack, AtRisk, OffTrack, Outdated int
}

// CountKRs tallies krs by status.
func CountKRs(krs []DigestKR) KRCounts {
	var c KRCounts
	for _, kr := range krs {
		switch kr.Status {
		case OnTrack:
			c.OnTrack++
		case AtRisk:
			c.AtRisk++
		case OffTrack:
			c.OffTrack++
		}
		if kr.Outdated {
			c.Outdated++
		}
	}
	return c
}
