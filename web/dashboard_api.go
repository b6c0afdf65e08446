package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// velocityJSON is GET /api/v1/projects/:id/velocity.
type velocityJSON struct {
	Window             int                 `json:"window"`
	Velocity           float64             `json:"velocity"`
	Volatility         float64             `json:"volatility"`
	VelocityNormalized float64             `json:"velocity_normalized"`
	WindowUsed         int                 `json:"window_used"`
	Iterations         []velocityIteration `json:"iterations"`
}

type velocityIteration struct {
	Number            int       `json:"number"`
	Start             time.Time `json:"start"`
	Finish            time.Time `json:"finish"`
	TeamStrength      float64   `json:"team_strength"`
	AcceptedPoints    float64   `json:"accepted_points"`
	AcceptedCount     int       `json:"accepted_count"`
	CommittedPoints   float64   `json:"committed_points"`
	CarriedOverPoints float64   `json:"carried_over_points"`
	AddedPoints       float64   `json:"added_points"`
}

// handleAPIVelocity answers GET /api/v1/projects/:id/velocity: the
// precomputed velocity and every reviewed iteration, oldest first.
func (s *Server) handleAPIVelocity(c echo.Context) error {
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, found, err := s.metricsOf(ctx, p.ID)
	if err != nil {
		return err
	}
	out := velocityJSON{Window: p.VelocityWindow, Iterations: []velocityIteration{}}
	if !found {
		return c.JSON(http.StatusOK, out)
	}
	sums, err := s.deps.Velocity.IterationSummaries(ctx, p.ID)
	if err != nil {
		return err
	}
	v := m.Velocity
	out = velocityJSON{Window: v.Window, Velocity: v.Value, Volatility: v.Volatility, VelocityNormalized: v.Normalized,
		WindowUsed: v.Used, Iterations: make([]velocityIteration, 0, len(sums))}
	for _, is := range sums {
		it := is.Iteration
		out.Iterations = append(out.Iterations, velocityIteration{Number: it.Number, Start: it.Start.In(loc),
			Finish: it.Finish.In(loc), TeamStrength: it.TeamStrength, AcceptedPoints: is.AcceptedPoints,
			AcceptedCount: is.AcceptedCount, CommittedPoints: is.Committed.Points,
			CarriedOverPoints: is.CarriedOver.Points, AddedPoints: is.Added.Points})
	}
	return c.JSON(http.StatusOK, out)
}
