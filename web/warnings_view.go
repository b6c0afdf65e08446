package web

import (
	"math"
	"strconv"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// warningNum formats a number as the warning messages do: at most one
// decimal, none when it rounds to a whole number.
func warningNum(l *i18n.Localizer, v float64) string {
	r := math.Round(v*10) / 10
	if r == math.Trunc(r) {
		return l.Number(r, 0)
	}
	return l.Number(r, 1)
}

// warningPercent formats a share in percent ("45%").
func warningPercent(l *i18n.Localizer, v float64) string { return warningNum(l, v) + "%" }

// warningMessage states a warning's reason, threshold and suggested action
// in the reader's language; in English it reads as the domain's Message.
func warningMessage(l *i18n.Localizer, w sprintlens.Warning) string {
	n := func(v float64) string { return warningNum(l, v) }
	switch w.Kind {
	case sprintlens.WarnTooBig:
		return l.T("warnings.msg.too_big", map[string]any{"Points": n(w.Value), "Limit": n(w.Threshold)})
	case sprintlens.WarnMultiSprint:
		return l.T("warnings.msg.multi_sprint", map[string]any{"Crossed": n(w.Value), "Threshold": n(w.Threshold)})
	case sprintlens.WarnUnestimatedSoon:
		if w.Basis == 0 {
			return l.T("warnings.msg.unestimated_soon_novelocity")
		}
		return l.T("warnings.msg.unestimated_soon", map[string]any{"Above": n(w.Value), "Velocity": n(w.Basis), "Budget": n(w.Threshold)})
	case sprintlens.WarnThinScope:
		what := l.T("warnings.scope.label")
		if w.Epic {
			what = l.T("warnings.scope.epic")
		}
		return l.T("warnings.msg.thin_scope", map[string]any{"What": what, "Scope": w.Scope,
			"Estimated": n(math.Round(w.Value * w.Basis / 100)), "Open": n(w.Basis), "Share": n(w.Value)})
	case sprintlens.WarnLongRunning:
		size := l.T("warnings.size.none")
		if w.Points != nil {
			size = l.T("warnings.size.points", map[string]any{"N": n(*w.Points)})
		}
		return l.T("warnings.msg.long_running", map[string]any{"Days": n(w.Value), "Percentile": w.Scope, "Size": size,
			"Limit": n(w.Threshold), "Samples": n(w.Basis)})
	case sprintlens.WarnRejectedTwice:
		return l.T("warnings.msg.rejected_twice", map[string]any{"Count": n(w.Value), "Threshold": n(w.Threshold)})
	case sprintlens.WarnLumpySprint:
		var pts float64
		if w.Points != nil {
			pts = *w.Points
		}
		return l.T("warnings.msg.lumpy_sprint", map[string]any{"Points": n(pts), "Sprint": w.Iteration, "Total": n(w.Basis),
			"Share": n(w.Value), "Limit": n(w.Threshold)})
	}
	return w.Message
}

// warningView localizes one warning for a page, with its date in loc (the
// project's time zone; nil keeps the stored zone).
func warningView(l *i18n.Localizer, loc *time.Location, w sprintlens.Warning) templates.WarningView {
	pts := "—"
	if w.Points != nil {
		pts = warningNum(l, *w.Points)
	}
	v := templates.WarningView{
		StoryID: w.StoryID, Kind: string(w.Kind), KindLabel: l.T("warnings.kind." + string(w.Kind)),
		Message: warningMessage(l, w), StoryName: w.StoryName, StoryURL: safeStoryURL(w.StoryURL),
		Points: pts, Since: w.Since,
	}
	if loc != nil {
		v.Since = w.Since.In(loc)
	}
	return v
}

// warningViews localizes warnings for WarningBadges: the sprint and backlog
// pages pass a story's entry of Store.WarningsForStories.
func warningViews(l *i18n.Localizer, ws []sprintlens.Warning) []templates.WarningView {
	out := make([]templates.WarningView, len(ws))
	for i, w := range ws {
		out[i] = warningView(l, nil, w)
	}
	return out
}

// safeStoryURL keeps only http(s) links to a story, so a crafted URL in the
// data cannot run script when clicked.
func safeStoryURL(u string) string {
	if len(u) > 8 && (u[:7] == "http://" || u[:8] == "https://") {
		return u
	}
	return ""
}

// projectTabs links the warnings, radar, calibration and settings of a project.
func projectTabs(l *i18n.Localizer, pid int64, active string) []templates.ProjectTab {
	base := "/projects/" + strconv.FormatInt(pid, 10) + "/"
	var out []templates.ProjectTab
	for _, key := range []string{"warnings", "radar", "calibration", "settings"} {
		out = append(out, templates.ProjectTab{Key: key, Label: l.T("warnings.tab." + key), URL: base + key, Active: key == active})
	}
	return out
}

// limitNote explains the size limit in force.
func limitNote(l *i18n.Localizer, lim sprintlens.SizeLimit) string {
	switch {
	case lim.Override:
		return l.T("warnings.limit.override", map[string]any{"Limit": warningNum(l, lim.Points)})
	case lim.Velocity == 0:
		return l.T("warnings.limit.novelocity", map[string]any{"Limit": warningNum(l, lim.Points)})
	}
	return l.T("warnings.limit.default", map[string]any{"Limit": warningNum(l, lim.Points), "Velocity": warningNum(l, lim.Velocity)})
}

// warningDays formats a duration's length in days ("2.5 d").
func warningDays(l *i18n.Localizer, days float64) string {
	return l.T("warnings.days", map[string]any{"N": warningNum(l, days)})
}
