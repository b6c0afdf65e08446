package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// handleSprintsIndex answers GET /sprints?project=ID by redirecting to the
// review of that project's current sprint (or its last one). Without a
// project it picks the first project by name; with none it goes home.
func (s *Server) handleSprintsIndex(c echo.Context) error {
	ctx := c.Request().Context()
	var pid int64
	if raw := c.QueryParam("project"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return notFound("project")
		}
		pid = id
	} else {
		sums, err := s.deps.Projects.ProjectSummaries(ctx)
		if err != nil {
			return err
		}
		if len(sums) == 0 {
			return c.Redirect(http.StatusSeeOther, "/")
		}
		pid = sums[0].ID
	}
	p, err := s.deps.Velocity.Project(ctx, pid)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return notFound("project")
	}
	if err != nil {
		return err
	}
	sums, err := s.deps.Velocity.IterationSummaries(ctx, p.ID)
	if err != nil {
		return err
	}
	base := "/projects/" + strconv.FormatInt(p.ID, 10)
	if len(sums) == 0 {
		return c.Redirect(http.StatusSeeOther, base)
	}
	n := sums[len(sums)-1].Iteration.Number
	for _, is := range sums {
		if is.Iteration.Number == p.CurrentIteration {
			n = p.CurrentIteration
		}
	}
	return c.Redirect(http.StatusSeeOther, base+"/sprints/"+strconv.Itoa(n))
}

// sprintRequest is the sprint review a URL names.
type sprintRequest struct {
	project sprintlens.Project
	loc     *time.Location
	review  sprintlens.Review
	// csv is set by ":n.csv" or ?format=csv.
	csv bool
}

// loadReview reads the project and the review of sprint :n; unknown
// sprints are a 404.
func (s *Server) loadReview(c echo.Context) (sprintRequest, error) {
	req, n, err := s.sprintOf(c)
	if err != nil {
		return req, err
	}
	return s.withReview(c, req, n)
}

// sprintOf reads the project and the number of the sprint :n ("12" or
// "12.csv"); anything but a number is an unknown sprint.
func (s *Server) sprintOf(c echo.Context) (sprintRequest, int, error) {
	var req sprintRequest
	var err error
	if req.project, req.loc, err = s.loadProject(c); err != nil {
		return req, 0, err
	}
	raw, csv := strings.CutSuffix(c.Param("n"), ".csv")
	n, err := strconv.Atoi(raw)
	if err != nil {
		return req, 0, notFound("sprint")
	}
	req.csv = csv || wantsCSV(c)
	return req, n, nil
}

// withReview adds the precomputed review of sprint n.
func (s *Server) withReview(c echo.Context, req sprintRequest, n int) (sprintRequest, error) {
	var err error
	req.review, err = s.deps.Velocity.SprintReview(c.Request().Context(), req.project.ID, n)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return req, notFound("sprint")
	}
	return req, err
}

// handleSprintShow renders GET /projects/:id/sprints/:n, the sprint
// review, with ?label=&epic=&type= filtering its stories; ":n.csv" or
// ?format=csv downloads the (filtered) stories table. A repeat view of an
// unchanged review is a 304.
func (s *Server) handleSprintShow(c echo.Context) error {
	req, n, err := s.sprintOf(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	page := s.page(c, i18n.T(ctx, "review.title", map[string]any{"N": n})+" · "+req.project.Name, "sprints")
	page.ProjectID = req.project.ID
	if !req.csv {
		if same, err := s.notModified(c, page, req.project); err != nil || same {
			if same {
				return c.NoContent(http.StatusNotModified)
			}
			return err
		}
	}
	if req, err = s.withReview(c, req, n); err != nil {
		return err
	}
	p, r := req.project, req.review
	epics, err := s.deps.Velocity.ProjectEpics(ctx, p.ID)
	if err != nil {
		return err
	}
	sums, err := s.deps.Velocity.IterationSummaries(ctx, p.ID)
	if err != nil {
		return err
	}
	filter := templates.StoryFilter{Label: c.QueryParam("label"), Epic: c.QueryParam("epic"), Type: c.QueryParam("type")}
	props := reviewProps(p, req.loc, r, filter, epics, sums)
	if err := s.attachWarnings(c, p.ID, props.Stories); err != nil {
		return err
	}
	if req.csv {
		return writeCSV(c, "sprint-"+strconv.Itoa(r.Iteration.Number)+".csv", reviewCSV(props))
	}
	return s.render(c, http.StatusOK, templates.SprintReview(page, props))
}

// reviewProps turns a precomputed review into the page's view model.
func reviewProps(p sprintlens.Project, loc *time.Location, r sprintlens.Review, f templates.StoryFilter,
	epics []sprintlens.Epic, sums []sprintlens.IterationSummary) templates.ReviewProps {
	it := r.Iteration
	props := templates.ReviewProps{
		Project: templates.ProjectRef{ID: p.ID, Name: p.Name}, Number: it.Number,
		Start: it.Start.In(loc), Finish: it.Finish.In(loc), Reconstructed: r.Reconstructed,
		InProgress: r.InProgress, Inferred: r.Inferred,
		Committed: r.Committed, Accepted: r.Accepted, CarriedOver: r.CarriedOver, Added: r.Added, Removed: r.Removed,
		Open: r.Open, ByLabel: r.ByLabel, ByType: r.ByType, StoryCount: len(r.Stories), Filter: f,
	}
	for i, is := range sums {
		if is.Iteration.Number != it.Number {
			continue
		}
		props.Current = is.RollingVelocity == nil
		if i > 0 {
			props.Prev = sums[i-1].Iteration.Number
		}
		if i+1 < len(sums) {
			props.Next = sums[i+1].Iteration.Number
		}
	}
	epicLabel := map[string]string{}
	for _, e := range epics {
		epicLabel[e.Name] = e.LabelName
	}
	labels, types := map[string]bool{}, map[string]bool{}
	for _, rs := range r.Stories {
		for _, l := range rs.Labels {
			labels[l] = true
		}
		types[string(rs.Type)] = true
		if !storyMatches(rs.Labels, string(rs.Type), f, epicLabel) {
			continue
		}
		row := reviewStoryRow(rs)
		props.Stories = append(props.Stories, row)
		if len(rs.Chain) > 1 {
			props.Chains = append(props.Chains, templates.ChainRow{StoryID: rs.StoryID, Name: rs.Name, Chain: rs.Chain})
		}
	}
	for _, e := range epics {
		if labels[e.LabelName] {
			props.Options.Epics = append(props.Options.Epics, e.Name)
		}
	}
	props.Options.Labels, props.Options.Types = sortedKeys(labels), sortedKeys(types)
	return props
}

// storyMatches applies a story filter: the story carries the label, the
// epic's label and the type asked for.
func storyMatches(labels []string, typ string, f templates.StoryFilter, epicLabel map[string]string) bool {
	if f.Type != "" && typ != f.Type {
		return false
	}
	if f.Label != "" && !slices.Contains(labels, f.Label) {
		return false
	}
	if f.Epic != "" {
		l, ok := epicLabel[f.Epic]
		return ok && slices.Contains(labels, l)
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func reviewStoryRow(rs sprintlens.ReviewStory) templates.ReviewStoryRow {
	row := templates.ReviewStoryRow{
		ID: rs.StoryID, Name: rs.Name, Type: string(rs.Type), State: string(rs.StateAtEnd), Points: rs.Points,
		Estimated: rs.Estimated, Counted: rs.Counted, Owners: rs.Owners, Labels: rs.Labels, RollCount: rs.RollCount,
		Committed: rs.Committed, Added: rs.Added, Accepted: rs.Accepted, CarriedOver: rs.CarriedOver, Removed: rs.Removed,
		Open: rs.Open, Inferred: rs.Inferred, Chain: rs.Chain,
	}
	// A story's cycle ends at its acceptance: rows of earlier sprints,
	// where it was carried over, show none.
	if rs.Cycle != nil && rs.Accepted {
		d := rs.Cycle.Duration.Hours() / 24
		row.CycleDays = &d
	}
	return row
}

// StoryWarnings gives the open warnings of some stories, for badges
// beside them on the sprint review.
type StoryWarnings interface {
	WarningsForStories(ctx context.Context, pid int64, storyIDs []int64) (map[int64][]sprintlens.Warning, error)
}

// attachWarnings puts each story's warning badges on its row.
func (s *Server) attachWarnings(c echo.Context, pid int64, rows []templates.ReviewStoryRow) error {
	if s.deps.StoryWarnings == nil || len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	ws, err := s.deps.StoryWarnings.WarningsForStories(c.Request().Context(), pid, ids)
	if err != nil {
		return err
	}
	l := i18n.From(c.Request().Context())
	for i := range rows {
		rows[i].Warnings = warningViews(l, ws[rows[i].ID])
	}
	return nil
}
