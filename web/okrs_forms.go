package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

// okrsURL is the overview of a period, optionally at an anchor.
func okrsURL(key, anchor string) string {
	u := "/okrs?period=" + url.QueryEscape(key)
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// handleOKRPeriodCreate handles POST /okrs/periods: a quarter (kind=quarter,
// key such as 2026Q4) or custom dates (key, name, start and last_day,
// inclusive, in TIME_ZONE).
func (s *Server) handleOKRPeriodCreate(c echo.Context) error {
	zone := s.okrZone()
	key := strings.TrimSpace(c.FormValue("key"))
	var p sprintlens.Period
	var err error
	if c.FormValue("kind") == "custom" {
		start, serr := parseFormDate(c.FormValue("start"), zone, "start")
		last, lerr := parseFormDate(c.FormValue("last_day"), zone, "last_day")
		switch {
		case serr != nil:
			err = serr
		case lerr != nil:
			err = lerr
		default:
			p, err = sprintlens.NewPeriod(key, c.FormValue("name"), start, last.AddDate(0, 0, 1))
		}
	} else {
		p, err = sprintlens.ParsePeriodKey(key, zone)
	}
	if err != nil {
		return err
	}
	p, err = s.deps.OKRs.CreatePeriod(c.Request().Context(), p, currentUser(c))
	if err != nil {
		return s.okrError(c, err, "period")
	}
	return c.Redirect(http.StatusSeeOther, okrsURL(p.Key, ""))
}

func parseFormDate(v string, loc *time.Location, field string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), loc)
	if err != nil {
		return time.Time{}, sprintlens.Invalid(field, "a date such as 2026-10-01 is required")
	}
	return t, nil
}

// handleOKRPeriodClose handles POST /okrs/periods/:key/close: after the
// scores and retros, the period becomes read-only. The form's confirm box
// must be ticked.
func (s *Server) handleOKRPeriodClose(c echo.Context) error {
	if c.FormValue("confirm") != "yes" {
		return sprintlens.Invalid("confirm", "tick the box to confirm: a closed period cannot be changed")
	}
	p, err := s.deps.OKRs.ClosePeriod(c.Request().Context(), c.Param("key"), currentUser(c))
	if err != nil {
		return s.okrError(c, err, "period")
	}
	return c.Redirect(http.StatusSeeOther, okrsURL(p.Key, ""))
}

// handleOKRObjectiveCreate handles POST /okrs/objectives: an objective of a
// project (project_id) or of a team (team) in a stored period.
func (s *Server) handleOKRObjectiveCreate(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.deps.OKRs.Period(ctx, c.FormValue("period"))
	if err != nil {
		return s.okrError(c, err, "period")
	}
	o := sprintlens.Objective{PeriodID: p.ID, Title: c.FormValue("title"), Description: strings.TrimSpace(c.FormValue("description")),
		Owner: strings.TrimSpace(c.FormValue("owner")), Team: c.FormValue("team")}
	if v := strings.TrimSpace(c.FormValue("project_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return sprintlens.Invalid("project_id", "choose a project from the list")
		}
		o.ProjectID = &id
	}
	o, err = s.deps.OKRs.CreateObjective(ctx, o, currentUser(c))
	if err != nil {
		return s.okrError(c, err, "period")
	}
	return c.Redirect(http.StatusSeeOther, okrsURL(p.Key, "objective-"+itoa64(o.ID)))
}

// handleOKRKeyResultCreate handles POST /okrs/key-results: a key result of
// an objective with its kind, range, weight, milestones (one per line) and
// links (labels and epic IDs, comma-separated) in link_project_id.
func (s *Server) handleOKRKeyResultCreate(c echo.Context) error {
	objID, err := strconv.ParseInt(c.FormValue("objective_id"), 10, 64)
	if err != nil {
		return sprintlens.Invalid("objective_id", "choose an objective")
	}
	kr := sprintlens.KeyResult{ObjectiveID: objID, Title: c.FormValue("title"), Owner: strings.TrimSpace(c.FormValue("owner")),
		Kind: sprintlens.KRKind(c.FormValue("kind")), Unit: strings.TrimSpace(c.FormValue("unit"))}
	numbers := []struct {
		field string
		dst   *float64
	}{{"start", &kr.Start}, {"target", &kr.Target}, {"weight", &kr.Weight}}
	for _, n := range numbers {
		v := strings.TrimSpace(c.FormValue(n.field))
		if v == "" {
			continue // start 0, weight default; binary and milestones need no range
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return sprintlens.Invalid(n.field, "must be a number")
		}
		*n.dst = f
	}
	if kr.Kind != sprintlens.KRBinary && kr.Kind != sprintlens.KRMilestones && strings.TrimSpace(c.FormValue("target")) == "" {
		return sprintlens.Invalid("target", "is required")
	}
	for _, line := range strings.Split(c.FormValue("milestones"), "\n") {
		if t := strings.TrimSpace(line); t != "" {
			kr.Milestones = append(kr.Milestones, sprintlens.Milestone{Title: t})
		}
	}
	kr.LabelLinks = splitList(c.FormValue("labels"))
	for _, v := range splitList(c.FormValue("epics")) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return sprintlens.Invalid("epic_links", "epic IDs are numbers, such as 4012345")
		}
		kr.EpicLinks = append(kr.EpicLinks, id)
	}
	var project int64
	if v := strings.TrimSpace(c.FormValue("link_project_id")); v != "" {
		if project, err = strconv.ParseInt(v, 10, 64); err != nil {
			return sprintlens.Invalid("link_project_id", "choose a project from the list")
		}
	}
	kr, err = s.deps.OKRs.CreateKeyResult(c.Request().Context(), kr, project, currentUser(c))
	if err != nil {
		return s.okrError(c, err, "objective")
	}
	return c.Redirect(http.StatusSeeOther, "/okrs/key-results/"+itoa64(kr.ID))
}

// splitList splits "a, b,,c" into [a b c].
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if t := strings.TrimSpace(p); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// handleOKRKeyResultScore handles POST /okrs/key-results/:id/score: the
// end-of-period score (0.0–1.0) and retro note, while the period is open.
func (s *Server) handleOKRKeyResultScore(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("key result")
	}
	score, err := strconv.ParseFloat(strings.TrimSpace(c.FormValue("score")), 64)
	if err != nil {
		return sprintlens.Invalid("score", "must be a number from 0.0 to 1.0")
	}
	if _, err := s.deps.OKRs.ScoreKeyResult(c.Request().Context(), id, score, c.FormValue("retro"), currentUser(c)); err != nil {
		return s.okrError(c, err, "key result")
	}
	return c.Redirect(http.StatusSeeOther, "/okrs/key-results/"+itoa64(id))
}
