package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// SettingsStore reads and saves what the settings page edits. Saving
// recomputes the project's metrics and warnings.
type SettingsStore interface {
	Project(ctx context.Context, id int64) (sprintlens.Project, error)
	ProjectSettings(ctx context.Context, pid int64) (sprintlens.ProjectSettings, error)
	SaveProjectSettings(ctx context.Context, pid int64, ps sprintlens.ProjectSettings, by string) error
}

// handleSettings renders GET /projects/:id/settings.
func (s *Server) handleSettings(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.deps.Settings.Project(ctx, pid)
	if err != nil {
		return err
	}
	ps, err := s.deps.Settings.ProjectSettings(ctx, pid)
	if err != nil {
		return err
	}
	props := settingsProps(c, p, settingsForm(ps), nil)
	props.Saved = c.QueryParam("saved") == "1"
	return s.renderSettings(c, http.StatusOK, p, props)
}

// handleSettingsSave answers POST /projects/:id/settings: 303 back to the
// page when saved, 422 with the form and a message beside each bad field.
func (s *Server) handleSettingsSave(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.deps.Settings.Project(ctx, pid)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, f := range []string{"size_limit", "velocity_window", "time_zone", "lumpy_share", "long_running_percentile", "count_bugs_and_chores"} {
		form[f] = strings.TrimSpace(c.FormValue(f))
	}
	if p.TimeZoneFromTracker() {
		form["time_zone"] = p.TimeZone // shown, not offered: Tracker's wins at every sync
	}
	ps, fieldErrs := parseSettings(form)
	if len(fieldErrs) == 0 {
		err := s.deps.Settings.SaveProjectSettings(ctx, pid, ps, currentUser(c))
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/projects/"+strconv.FormatInt(pid, 10)+"/settings?saved=1")
		}
		if !errors.Is(err, sprintlens.ErrInvalid) {
			return err
		}
		for f := range sprintlens.FieldErrors(err) {
			fieldErrs[f] = "settings.error." + f
		}
	}
	props := settingsProps(c, p, form, fieldErrs)
	props.Invalid = true
	return s.renderSettings(c, http.StatusUnprocessableEntity, p, props)
}

// parseSettings reads the form; the result maps each bad field to the
// catalog id of its message.
func parseSettings(form map[string]string) (sprintlens.ProjectSettings, map[string]string) {
	errs := map[string]string{}
	num := func(field string) float64 {
		v, err := strconv.ParseFloat(form[field], 64)
		if err != nil {
			errs[field] = "settings.error.number"
		}
		return v
	}
	ps := sprintlens.ProjectSettings{TimeZone: form["time_zone"], CountBugsAndChores: form["count_bugs_and_chores"] == "on"}
	if form["size_limit"] != "" {
		v := num("size_limit")
		ps.SizeLimit = &v
	}
	w, err := strconv.Atoi(form["velocity_window"])
	if err != nil {
		errs["velocity_window"] = "settings.error.velocity_window"
	}
	ps.VelocityWindow = w
	ps.Warnings.LumpyShare = num("lumpy_share")
	ps.Warnings.LongRunningPercentile = num("long_running_percentile")
	for f := range sprintlens.FieldErrors(ps.Validate()) {
		if _, ok := errs[f]; !ok {
			errs[f] = "settings.error." + f
		}
	}
	return ps, errs
}

// settingsForm writes stored settings as form values.
func settingsForm(ps sprintlens.ProjectSettings) map[string]string {
	f := map[string]string{
		"velocity_window":         strconv.Itoa(ps.VelocityWindow),
		"time_zone":               ps.TimeZone,
		"lumpy_share":             strconv.FormatFloat(ps.Warnings.LumpyShare, 'f', -1, 64),
		"long_running_percentile": strconv.FormatFloat(ps.Warnings.LongRunningPercentile, 'f', -1, 64),
	}
	if ps.SizeLimit != nil {
		f["size_limit"] = strconv.FormatFloat(*ps.SizeLimit, 'f', -1, 64)
	}
	if ps.CountBugsAndChores {
		f["count_bugs_and_chores"] = "on"
	}
	return f
}

func settingsProps(c echo.Context, p sprintlens.Project, form, errs map[string]string) templates.SettingsProps {
	l := i18n.From(c.Request().Context())
	field := func(name, label, help string) templates.SettingsField {
		f := templates.SettingsField{Name: name, Label: l.T(label), Value: form[name], Help: l.T(help)}
		if id, ok := errs[name]; ok {
			f.Error = l.T(id)
		}
		return f
	}
	props := templates.SettingsProps{
		ProjectID: p.ID, ProjectName: p.Name, Tabs: projectTabs(l, p.ID, "settings"), CSRFToken: csrfToken(c),
		SizeLimit:  field("size_limit", "settings.size_limit", "settings.size_limit.help"),
		Window:     field("velocity_window", "settings.window", "settings.window.help"),
		CountBugs:  form["count_bugs_and_chores"] == "on",
		TimeZone:   field("time_zone", "settings.time_zone", "settings.time_zone.help"),
		LumpyShare: field("lumpy_share", "settings.lumpy_share", "settings.lumpy_share.help"),
		Percentile: field("long_running_percentile", "settings.percentile", "settings.percentile.help"),
	}
	if p.TimeZoneFromTracker() {
		props.TimeZone = field("time_zone", "settings.time_zone", "settings.time_zone.tracker_help")
		props.TimeZoneFromTracker = true
	}
	return props
}

func (s *Server) renderSettings(c echo.Context, status int, p sprintlens.Project, props templates.SettingsProps) error {
	l := i18n.From(c.Request().Context())
	page := s.page(c, l.T("settings.title")+" · "+p.Name, "projects")
	page.ProjectID = p.ID
	return s.render(c, status, templates.SettingsPage(page, props))
}
