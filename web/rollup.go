package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// RollupReader is what the multi-project roll-up reads: every project's
// precomputed velocity and latest done sprint, in two queries.
type RollupReader interface {
	VelocitySummaries(ctx context.Context) (map[int64]sprintlens.Velocity, error)
	LastDoneIterations(ctx context.Context) (map[int64]sprintlens.IterationSummary, error)
}

// handleRollup renders GET /rollup: every project's velocity, volatility
// and last sprint side by side; ?format=csv downloads the table.
func (s *Server) handleRollup(c echo.Context) error { return s.rollup(c, wantsCSV(c)) }

// handleRollupCSV answers GET /rollup.csv.
func (s *Server) handleRollupCSV(c echo.Context) error { return s.rollup(c, true) }

func (s *Server) rollup(c echo.Context, asCSV bool) error {
	ctx := c.Request().Context()
	projects, err := s.deps.Projects.ProjectSummaries(ctx)
	if err != nil {
		return err
	}
	vels, err := s.deps.Rollup.VelocitySummaries(ctx)
	if err != nil {
		return err
	}
	lasts, err := s.deps.Rollup.LastDoneIterations(ctx)
	if err != nil {
		return err
	}
	var props templates.RollupProps
	for _, p := range projects {
		row := templates.RollupRow{Project: templates.ProjectRef{ID: p.ID, Name: p.Name}}
		row.Velocity, row.HasMetrics = vels[p.ID]
		if is, ok := lasts[p.ID]; ok {
			loc, err := p.Location()
			if err != nil {
				loc = time.UTC
			}
			last := sprintRow(is, loc)
			row.Last = &last
		}
		props.Rows = append(props.Rows, row)
	}
	if asCSV {
		return writeCSV(c, "rollup.csv", rollupCSV(props))
	}
	return s.render(c, http.StatusOK, templates.Rollup(s.page(c, i18n.T(ctx, "rollup.title"), "projects"), props))
}
