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

// CycleReader is what the cycle-time page reads: every accepted story's
// precomputed cycle.
type CycleReader interface {
	CycleSamples(ctx context.Context, pid int64) ([]sprintlens.CycleSample, error)
}

// handleCycleTime renders GET /projects/:id/cycle-time with
// ?label=&epic=&type=&from=&to= filters; ?format=csv downloads the scatter.
func (s *Server) handleCycleTime(c echo.Context) error { return s.cycleTime(c, wantsCSV(c)) }

// handleCycleTimeCSV answers GET /projects/:id/cycle-time.csv (same query).
func (s *Server) handleCycleTimeCSV(c echo.Context) error { return s.cycleTime(c, true) }

func (s *Server) cycleTime(c echo.Context, asCSV bool) error {
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	props, err := s.loadCycleTime(c, p, loc)
	if err != nil {
		return err
	}
	if asCSV {
		return writeCSV(c, "cycle-time.csv", cycleCSV(props))
	}
	page := s.page(c, i18n.T(c.Request().Context(), "cycle.title")+" · "+p.Name, "projects")
	page.ProjectID = p.ID
	return s.render(c, http.StatusOK, templates.CycleTime(page, props))
}

// loadCycleTime reads the samples and their stories. Unfiltered, the
// percentiles are the ones precomputed at sync; with a filter they are
// recomputed from the matching samples (a sort of a few hundred numbers).
func (s *Server) loadCycleTime(c echo.Context, p sprintlens.Project, loc *time.Location) (templates.CycleProps, error) {
	ctx := c.Request().Context()
	rng, from, to, err := parseDateRange(c, loc)
	if err != nil {
		return templates.CycleProps{}, err
	}
	props := templates.CycleProps{Project: templates.ProjectRef{ID: p.ID, Name: p.Name},
		Filter: templates.StoryFilter{Label: c.QueryParam("label"), Epic: c.QueryParam("epic"), Type: c.QueryParam("type"), Range: rng}}
	samples, err := s.deps.Cycles.CycleSamples(ctx, p.ID)
	if err != nil {
		return props, err
	}
	ids := make([]int64, len(samples))
	for i, cs := range samples {
		ids[i] = cs.StoryID
	}
	stories, err := s.deps.Velocity.StoriesByID(ctx, p.ID, ids)
	if err != nil {
		return props, err
	}
	epics, err := s.deps.Velocity.ProjectEpics(ctx, p.ID)
	if err != nil {
		return props, err
	}
	byID := make(map[int64]sprintlens.Story, len(stories))
	for _, st := range stories {
		byID[st.ID] = st
	}
	epicLabel := map[string]string{}
	for _, e := range epics {
		epicLabel[e.Name] = e.LabelName
	}
	labels, types, epicUsed := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var kept []sprintlens.CycleSample
	for _, cs := range samples {
		st := byID[cs.StoryID]
		for _, l := range st.Labels {
			labels[l] = true
		}
		types[string(cs.Type)] = true
		acc := cs.Accepted.In(loc)
		if !from.IsZero() && acc.Before(from) || !to.IsZero() && !acc.Before(to) {
			continue
		}
		if !storyMatches(st.Labels, string(cs.Type), props.Filter, epicLabel) {
			continue
		}
		kept = append(kept, cs)
		props.Points = append(props.Points, templates.CyclePoint{StoryID: cs.StoryID, Name: st.Name, Type: string(cs.Type),
			Estimate: cs.Estimate, Estimated: cs.Estimated, Started: cs.Started.In(loc), Accepted: acc,
			Days: cs.Duration.Hours() / 24, Rejections: cs.Rejections})
	}
	for _, e := range epics {
		if labels[e.LabelName] {
			epicUsed[e.Name] = true
		}
	}
	props.Options = templates.FilterOptions{Labels: sortedKeys(labels), Epics: sortedKeys(epicUsed), Types: sortedKeys(types)}
	if props.Filter.Active() {
		props.ByType, props.BySize = sprintlens.CyclePercentilesByType(kept), sprintlens.CyclePercentilesBySize(kept)
		return props, nil
	}
	m, _, err := s.metricsOf(ctx, p.ID)
	props.ByType, props.BySize = m.CycleByType, m.CycleBySize
	return props, err
}
