package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// reviewJSON is GET /api/v1/projects/:id/sprints/:n.
type reviewJSON struct {
	Number        int               `json:"number"`
	Start         time.Time         `json:"start"`
	Finish        time.Time         `json:"finish"`
	Committed     tally             `json:"committed"`
	Accepted      tally             `json:"accepted"`
	CarriedOver   tally             `json:"carried_over"`
	Added         tally             `json:"added"`
	Removed       tally             `json:"removed"`
	Reconstructed bool              `json:"reconstructed"`
	Stories       []reviewStoryJSON `json:"stories"`
	ByLabel       []breakdownJSON   `json:"by_label"`
	ByType        []breakdownJSON   `json:"by_type"`
}

// tally is points and a story count.
type tally struct {
	Points float64 `json:"points"`
	Count  int     `json:"count"`
}

func tallyJSON(t sprintlens.Tally) tally { return tally{Points: t.Points, Count: t.Count} }

type reviewStoryJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	State       string   `json:"state"`
	Points      float64  `json:"points"`
	Owners      []string `json:"owners"`
	Labels      []string `json:"labels"`
	CycleDays   *float64 `json:"cycle_days"`
	RollCount   int      `json:"roll_count"`
	Committed   bool     `json:"committed"`
	Added       bool     `json:"added"`
	Accepted    bool     `json:"accepted"`
	CarriedOver bool     `json:"carried_over"`
	Removed     bool     `json:"removed"`
	Chain       []int    `json:"chain"`
}

// breakdownJSON is one label's or story type's tallies; key is the label
// ("" for stories without one) or the type.
type breakdownJSON struct {
	Key         string `json:"key"`
	Committed   tally  `json:"committed"`
	Accepted    tally  `json:"accepted"`
	CarriedOver tally  `json:"carried_over"`
	Added       tally  `json:"added"`
	Removed     tally  `json:"removed"`
}

func breakdownsJSON(bs []sprintlens.Breakdown) []breakdownJSON {
	out := make([]breakdownJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, breakdownJSON{Key: b.Key, Committed: tallyJSON(b.Committed), Accepted: tallyJSON(b.Accepted),
			CarriedOver: tallyJSON(b.CarriedOver), Added: tallyJSON(b.Added), Removed: tallyJSON(b.Removed)})
	}
	return out
}

// nonNil makes an absent list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// handleAPISprint answers GET /api/v1/projects/:id/sprints/:n with the
// sprint's review.
func (s *Server) handleAPISprint(c echo.Context) error {
	req, err := s.loadReview(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, reviewToJSON(req.loc, req.review))
}

// reviewToJSON is the API's view of a review, times in the project's zone.
func reviewToJSON(loc *time.Location, r sprintlens.Review) reviewJSON {
	out := reviewJSON{
		Number: r.Iteration.Number, Start: r.Iteration.Start.In(loc), Finish: r.Iteration.Finish.In(loc),
		Committed: tallyJSON(r.Committed), Accepted: tallyJSON(r.Accepted), CarriedOver: tallyJSON(r.CarriedOver),
		Added: tallyJSON(r.Added), Removed: tallyJSON(r.Removed), Reconstructed: r.Reconstructed,
		Stories: make([]reviewStoryJSON, 0, len(r.Stories)),
		ByLabel: breakdownsJSON(r.ByLabel), ByType: breakdownsJSON(r.ByType),
	}
	for _, rs := range r.Stories {
		row := reviewStoryRow(rs)
		out.Stories = append(out.Stories, reviewStoryJSON{
			ID: row.ID, Name: row.Name, Type: row.Type, State: row.State, Points: row.Points,
			Owners: nonNil(row.Owners), Labels: nonNil(row.Labels), CycleDays: row.CycleDays, RollCount: row.RollCount,
			Committed: row.Committed, Added: row.Added, Accepted: row.Accepted, CarriedOver: row.CarriedOver,
			Removed: row.Removed, Chain: nonNil(row.Chain),
		})
	}
	return out
}
