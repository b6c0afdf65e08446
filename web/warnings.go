package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// WarningStore is what the warnings, split radar and calibration pages read
// (all precomputed at save time) and how a dismissal is recorded.
type WarningStore interface {
	Project(ctx context.Context, id int64) (sprintlens.Project, error)
	MetricsSummary(ctx context.Context, pid int64) (sprintlens.MetricsSummary, error)
	ProjectWarnings(ctx context.Context, pid int64) ([]sprintlens.Warning, error)
	DismissedWarnings(ctx context.Context, pid int64) ([]sprintlens.DismissedWarning, error)
	DismissWarning(ctx context.Context, d sprintlens.Dismissal) (sprintlens.DismissedWarning, error)
	RadarRows(ctx context.Context, pid int64) ([]sprintlens.RadarRow, error)
}

// projectAndSummary reads what every warnings page heads with: the project
// and its precomputed numbers (zero before the first computation).
func (s *Server) projectAndSummary(ctx context.Context, pid int64) (sprintlens.Project, sprintlens.MetricsSummary, error) {
	p, err := s.deps.Warnings.Project(ctx, pid)
	if err != nil {
		return p, sprintlens.MetricsSummary{}, err
	}
	m, err := summaryOrZero(ctx, s.deps.Warnings, pid)
	return p, m, err
}

// warnProjectID reads the :id path parameter; anything but a positive
// number is an unknown project.
func warnProjectID(raw string) (int64, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("project")
	}
	return id, nil
}

// summaryOrZero reads the precomputed headline numbers; a project never
// computed yet has none, which reads as no velocity.
func summaryOrZero(ctx context.Context, ws WarningStore, pid int64) (sprintlens.MetricsSummary, error) {
	m, err := ws.MetricsSummary(ctx, pid)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return sprintlens.MetricsSummary{}, nil
	}
	return m, err
}

// handleWarningsIndex renders GET /warnings?project=ID: that project's
// warnings, or a choice of projects (straight to the only one if so).
func (s *Server) handleWarningsIndex(c echo.Context) error {
	if raw := c.QueryParam("project"); raw != "" {
		pid, err := warnProjectID(raw)
		if err != nil {
			return err
		}
		return s.renderWarnings(c, pid, rowError{})
	}
	sums, err := s.deps.Projects.ProjectSummaries(c.Request().Context())
	if err != nil {
		return err
	}
	if len(sums) == 1 {
		return c.Redirect(http.StatusFound, "/projects/"+strconv.FormatInt(sums[0].ID, 10)+"/warnings")
	}
	props := templates.WarningsProps{}
	for _, p := range sums {
		props.Choose = append(props.Choose, templates.ProjectLink{Name: p.Name, URL: "/projects/" + strconv.FormatInt(p.ID, 10) + "/warnings"})
	}
	return s.render(c, http.StatusOK, templates.WarningsPage(s.page(c, i18n.T(c.Request().Context(), "warnings.title"), "warnings"), props))
}

// handleProjectWarnings renders GET /projects/:id/warnings: the first
// warnings of each kind, or with ?kind= that kind alone, a page (?page=)
// at a time.
func (s *Server) handleProjectWarnings(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderWarnings(c, pid, rowError{})
}

// rowError is a rejected dismissal to show again beside its warning.
type rowError struct {
	storyID       int64
	kind          string
	reason, error string
}

func (s *Server) renderWarnings(c echo.Context, pid int64, rerr rowError) error {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	p, m, err := s.projectAndSummary(ctx, pid)
	if err != nil {
		return err
	}
	ws, err := s.deps.Warnings.ProjectWarnings(ctx, pid)
	if err != nil {
		return err
	}
	dismissed, err := s.deps.Warnings.DismissedWarnings(ctx, pid)
	if err != nil {
		return err
	}
	loc, _ := p.Location() // an unknown zone falls back to UTC
	filter := sprintlens.WarningKind(c.QueryParam("kind"))
	if !filter.Valid() {
		filter = ""
	}
	base := "/projects/" + strconv.FormatInt(pid, 10) + "/warnings"
	props := templates.WarningsProps{
		ProjectID: pid, ProjectName: p.Name, Tabs: projectTabs(l, pid, "warnings"),
		LimitNote: limitNote(l, sprintlens.ProjectSizeLimit(p, m.Velocity)), ComputedAt: m.ComputedAt,
		AllURL: base, Filtered: filter != "", DismissHint: l.T("warnings.hint.dismiss"),
	}
	// Lumpy sprints read best newest sprint first; the rest by story.
	slices.SortStableFunc(ws, func(a, b sprintlens.Warning) int {
		if a.Kind == sprintlens.WarnLumpySprint && b.Kind == sprintlens.WarnLumpySprint {
			return cmp.Compare(b.Iteration, a.Iteration)
		}
		return 0
	})
	groups := map[sprintlens.WarningKind][]sprintlens.Warning{}
	for _, w := range ws {
		groups[w.Kind] = append(groups[w.Kind], w)
	}
	view := func(w sprintlens.Warning) templates.WarningView { return warningView(l, loc, w) }
	pageNo, _ := strconv.Atoi(c.QueryParam("page")) // anything but a number is the first page
	for _, k := range sprintlens.WarningKinds {
		props.Counts = append(props.Counts, templates.WarningKindCount{Kind: string(k), Label: l.T("warnings.kind." + string(k)),
			URL: base + "?kind=" + string(k), Count: len(groups[k]), Active: k == filter})
		if len(groups[k]) == 0 || (filter != "" && k != filter) {
			continue
		}
		var pinned int64
		if string(k) == rerr.kind {
			pinned = rerr.storyID
		}
		props.Groups = append(props.Groups, warningGroup(l, k, groups[k], view, filter != "", pageNo, base, pinned))
	}
	for _, d := range dismissed {
		props.Dismissed = append(props.Dismissed, templates.DismissedView{WarningView: warningView(l, loc, d.Warning), Reason: d.Reason, By: d.By, At: d.At})
	}
	page := s.page(c, l.T("warnings.title")+" · "+p.Name, "warnings")
	page.ProjectID = pid
	status := http.StatusOK
	if rerr.error != "" {
		status = http.StatusUnprocessableEntity
		props.RowErrorID = "warning-" + strconv.FormatInt(rerr.storyID, 10) + "-" + rerr.kind
		props.RowError, props.RowReason = rerr.error, rerr.reason
	}
	return s.render(c, status, templates.WarningsPage(page, props))
}

// handleDismissWarning answers POST /projects/:id/warnings/dismiss
// (story_id, kind, reason). htmx gets the warning's row back, dismissed or
// with the error beside the reason; a plain form post is redirected to the
// list, or gets the page again with the error (422).
func (s *Server) handleDismissWarning(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	p, err := s.deps.Warnings.Project(ctx, pid)
	if err != nil {
		return err
	}
	loc, _ := p.Location() // an unknown zone falls back to UTC
	storyID, err := strconv.ParseInt(c.FormValue("story_id"), 10, 64)
	if err != nil {
		return sprintlens.Invalid("story_id", "must name a story")
	}
	d := sprintlens.Dismissal{ProjectID: pid, StoryID: storyID, Kind: sprintlens.WarningKind(c.FormValue("kind")),
		Reason: strings.TrimSpace(c.FormValue("reason")), By: currentUser(c), At: s.cfg.Now()}
	var ve *sprintlens.ValidationError
	if err := d.Validate(); errors.As(err, &ve) && ve.Field != "reason" {
		return err
	} else if err != nil {
		rerr := rowError{storyID: storyID, kind: string(d.Kind), reason: d.Reason, error: l.T("warnings.dismiss.error")}
		if !isHTMX(c) {
			return s.renderWarnings(c, pid, rerr)
		}
		w, err := s.findWarning(ctx, pid, storyID, d.Kind)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, templates.WarningRow(templates.WarningRowProps{ProjectID: pid,
			CSRFToken: csrfToken(c), Warning: warningView(l, loc, w), Reason: rerr.reason, Error: rerr.error}))
	}
	dw, err := s.deps.Warnings.DismissWarning(ctx, d)
	if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect(http.StatusSeeOther, "/projects/"+strconv.FormatInt(pid, 10)+"/warnings")
	}
	view := templates.DismissedView{WarningView: warningView(l, loc, dw.Warning), Reason: dw.Reason, By: dw.By, At: dw.At}
	return s.render(c, http.StatusOK, templates.WarningRow(templates.WarningRowProps{ProjectID: pid, Warning: view.WarningView, Dismissed: &view}))
}

// findWarning looks up one active warning of a story.
func (s *Server) findWarning(ctx context.Context, pid, storyID int64, kind sprintlens.WarningKind) (sprintlens.Warning, error) {
	ws, err := s.deps.Warnings.ProjectWarnings(ctx, pid)
	if err != nil {
		return sprintlens.Warning{}, err
	}
	for _, w := range ws {
		if w.StoryID == storyID && w.Kind == kind {
			return w, nil
		}
	}
	return sprintlens.Warning{}, notFound("warning")
}

// csrfToken is the request's CSRF token, for forms in fragments.
func csrfToken(c echo.Context) string {
	token, _ := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string)
	return token
}

// warningJSON is one element of GET /api/v1/projects/:id/warnings.
type warningJSON struct {
	StoryID int64     `json:"story_id"`
	Kind    string    `json:"kind"`
	Message string    `json:"message"`
	Points  *float64  `json:"points"`
	Since   time.Time `json:"since"`
}

// handleAPIWarnings answers GET /api/v1/projects/:id/warnings: the
// project's undismissed warnings, 404 JSON for an unknown project.
func (s *Server) handleAPIWarnings(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.deps.Warnings.Project(ctx, pid); err != nil {
		return err
	}
	ws, err := s.deps.Warnings.ProjectWarnings(ctx, pid)
	if err != nil {
		return err
	}
	out := make([]warningJSON, 0, len(ws))
	for _, w := range ws {
		out = append(out, warningJSON{StoryID: w.StoryID, Kind: string(w.Kind), Message: w.Message, Points: w.Points, Since: w.Since.UTC()})
	}
	return c.JSON(http.StatusOK, out)
}
