package trackersim

import (
	"math"
	"time"
)

// Config chooses what Generate builds.
type Config struct {
	// Seed makes the data: the same Config gives the same Dataset.
	Seed int64
	// Projects is the number of projects (0 means 1). The first is the demo's
	// "SRE Platform"; every project gets its own team and history.
	Projects int
	// StoriesPerProject is the number of live stories per project; 0 means the
	// realistic default (a five-person team's year, about 600 stories). Large
	// values stretch the history (up to 520 weeks) and grow the team.
	StoriesPerProject int
	// Now is the simulated present; zero means DefaultNow.
	Now time.Time
	// Weeks is the number of done iterations (0 means 52, or what
	// StoriesPerProject needs).
	Weeks int
}

// DefaultNow is the simulated present when Config.Now is zero: a Wednesday
// afternoon in Tokyo, so the current iteration is half done.
func DefaultNow() time.Time { return time.Date(2025, 11, 26, 5, 30, 0, 0, time.UTC) }

// DefaultProjectID is the id of the first generated project.
const DefaultProjectID = 2600001

// storiesPerWeek is roughly how many stories one done week holds at scale 1
// (features, bugs and chores); it only sizes large datasets.
const storiesPerWeek = 10.5

// plan is a normalised Config: how many weeks and how big a team.
type plan struct {
	seed     int64
	projects int
	target   int // live stories wanted per project, 0 = whatever the default makes
	now      time.Time
	weeks    int
	scale    float64 // team size and throughput relative to the five-person team
}

func (c Config) plan() plan {
	p := plan{seed: c.Seed, projects: max(c.Projects, 1), target: max(c.StoriesPerProject, 0), now: c.Now, weeks: c.Weeks, scale: 1}
	if p.now.IsZero() {
		p.now = DefaultNow()
	}
	if p.target == 0 {
		if p.weeks <= 0 {
			p.weeks = 52
		}
		return p
	}
	if p.weeks <= 0 {
		w := float64(p.target) / (storiesPerWeek + 1)
		if w > 52 {
			w = min(max(float64(p.target)/40, 52), 520)
		}
		p.weeks = int(math.Round(max(w, 8)))
	}
	// Leave room for the current sprint, backlog and icebox; the icebox is
	// topped up to the exact target afterwards.
	p.scale = max(0.9*float64(p.target)/(storiesPerWeek*float64(p.weeks)+65), 0.1)
	return p
}
