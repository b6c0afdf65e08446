package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Chart colours, matching the CSS palette.
const (
	colorBad   = "#c62828"
	colorWarn  = "#b26a00"
	colorBlue  = "#1565c0"
	colorMuted = "#6b7280"
	colorOK    = "#2e7d32"
)

// handleRadar renders GET /projects/:id/radar (?label= narrows it to one
// label or epic): the split radar from the precomputed radar rows.
func (s *Server) handleRadar(c echo.Context) error {
	pid, err := warnProjectID(c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	p, m, err := s.projectAndSummary(ctx, pid)
	if err != nil {
		return err
	}
	all, err := s.deps.Warnings.RadarRows(ctx, pid)
	if err != nil {
		return err
	}
	byScope := map[string][]sprintlens.RadarRow{}
	for _, r := range all {
		byScope[r.Scope] = append(byScope[r.Scope], r)
	}
	scope := c.QueryParam("label")
	rows := byScope[scope]
	if scope != "" && len(rows) == 0 {
		return notFound("label")
	}
	base := "/projects/" + strconv.FormatInt(pid, 10) + "/radar"
	limit := sprintlens.ProjectSizeLimit(p, m.Velocity)
	props := templates.RadarProps{
		ProjectID: pid, ProjectName: p.Name, Tabs: projectTabs(l, pid, "radar"), Scope: scope, ProjectURL: base,
		LimitNote: l.T("radar.limit", map[string]any{"Limit": warningNum(l, limit.Points)}),
		Empty:     len(rows) == 0,
	}
	if !props.Empty {
		loc, _ := p.Location() // an unknown zone falls back to UTC
		fillRadar(l, &props, rows, loc)
	}
	props.Scopes = radarScopes(l, byScope, scope, base)
	props.Hints = []templates.Summary{
		{Label: l.T("radar.label.big"), Value: l.T("radar.hint.big")},
		{Label: l.T("radar.label.lumpiness"), Value: l.T("radar.hint.lumpiness")},
		{Label: l.T("radar.label.spanned"), Value: l.T("radar.hint.spanned")},
		{Label: l.T("radar.label.runway"), Value: l.T("radar.hint.runway")},
		{Label: l.T("radar.label.trend"), Value: l.T("radar.hint.trend")},
		{Label: l.T("radar.label.volatility"), Value: l.T("radar.hint.volatility")},
	}
	page := s.page(c, l.T("radar.title")+" · "+p.Name, "warnings")
	page.ProjectID = pid
	return s.render(c, http.StatusOK, templates.RadarPage(page, props))
}

// fillRadar builds the verdict, trend figures, charts and table of one
// scope's rows (ordered by sprint).
func fillRadar(l *i18n.Localizer, props *templates.RadarProps, rows []sprintlens.RadarRow, loc *time.Location) {
	n := sprintlens.RadarTrendSprints
	early, recent := sprintlens.RadarTrend(rows, n)
	if sprintlens.SummarizeRadar(rows).Sprints < 2*n {
		props.Overlap = l.T("radar.overlap", map[string]any{"N": 2 * n})
	}
	pct := func(v float64) string { return warningPercent(l, v) }
	trend := func(key string, e, r float64) templates.Summary {
		tone := ""
		switch {
		case r < e:
			tone = "ok"
		case r > e:
			tone = "warn"
		}
		return templates.Summary{Key: key, Label: l.T("radar.trend." + key), Value: pct(r), Tone: tone,
			Note: l.T("radar.trend.from", map[string]any{"Value": pct(e), "First": early.First, "Last": early.Last})}
	}
	props.Trend = []templates.Summary{
		trend("big", early.BigShare, recent.BigShare),
		trend("lumpiness", early.Lumpiness, recent.Lumpiness),
		trend("spanned", early.SpannedShare, recent.SpannedShare),
	}
	if props.Scope == "" {
		props.Trend = append(props.Trend, trend("volatility", early.Volatility, recent.Volatility))
		last := rows[len(rows)-1]
		props.Trend = append(props.Trend, templates.Summary{Key: "runway", Label: l.T("radar.trend.runway"),
			Value: radarRunway(l, last.Runway), Note: l.T("radar.trend.runway_note", map[string]any{"Velocity": warningNum(l, last.Velocity)})})
	}
	props.Verdict, props.VerdictTone = radarVerdict(l, early, recent)

	var labels []string
	var big, lump, span, vol, runway []*float64
	ptr := func(v float64) *float64 { return &v }
	for _, r := range rows {
		props.Rows = append(props.Rows, radarRowView(l, r, loc))
		if r.Current {
			// The current sprint is still open: its shares would read as a
			// trend they are not. The table shows it.
			continue
		}
		labels = append(labels, strconv.Itoa(r.Number))
		if r.Points > 0 {
			big, lump = append(big, ptr(r.BigShare())), append(lump, ptr(r.Lumpiness()))
		} else {
			big, lump = append(big, nil), append(lump, nil)
		}
		if r.Stories > 0 {
			span = append(span, ptr(r.SpannedShare()))
		} else {
			span = append(span, nil)
		}
		vol = append(vol, ptr(r.Volatility))
		runway = append(runway, r.Runway)
	}
	slices.Reverse(props.Rows) // newest first in the table
	line := func(label string, data []*float64, color string) map[string]any {
		return map[string]any{"label": label, "data": data, "borderColor": color, "backgroundColor": color,
			"tension": 0, "spanGaps": true, "pointRadius": 2, "borderWidth": 2}
	}
	percentAxis := map[string]any{"y": map[string]any{"min": 0, "suggestedMax": 100, "title": map[string]any{"display": true, "text": "%"}}}
	legend := map[string]any{"legend": map[string]any{"position": "bottom"}}
	props.TrendChart = templates.ChartData{ID: "radar-trend", Config: map[string]any{
		"type": "line",
		"data": map[string]any{"labels": labels, "datasets": []any{
			line(l.T("radar.series.big"), big, colorBad),
			line(l.T("radar.series.lumpiness"), lump, colorWarn),
			line(l.T("radar.series.spanned"), span, colorBlue),
		}},
		"options": map[string]any{"scales": percentAxis, "plugins": legend},
	}}
	props.VolChart = templates.ChartData{ID: "radar-volatility", Config: map[string]any{
		"type":    "line",
		"data":    map[string]any{"labels": labels, "datasets": []any{line(l.T("radar.series.volatility"), vol, colorMuted)}},
		"options": map[string]any{"scales": map[string]any{"y": map[string]any{"min": 0, "title": map[string]any{"display": true, "text": "%"}}}, "plugins": legend},
	}}
	if props.Scope == "" {
		props.RunwayChart = templates.ChartData{ID: "radar-runway", Config: map[string]any{
			"type": "bar",
			"data": map[string]any{"labels": labels, "datasets": []any{map[string]any{"label": l.T("radar.series.runway"),
				"data": runway, "backgroundColor": colorOK}}},
			"options": map[string]any{"scales": map[string]any{"y": map[string]any{"min": 0}}, "plugins": legend},
		}}
	}
}

// radarVerdict says whether splitting pays off: good when big-story share,
// lumpiness and spanning are all down (or stayed at zero) and at least one
// fell, bad when none fell.
func radarVerdict(l *i18n.Localizer, early, recent sprintlens.RadarSummary) (string, string) {
	var fell, flat int
	for _, p := range [][2]float64{{early.BigShare, recent.BigShare}, {early.Lumpiness, recent.Lumpiness},
		{early.SpannedShare, recent.SpannedShare}} {
		switch {
		case p[1] < p[0]:
			fell++
		case p[0] == 0 && p[1] == 0:
			flat++
		}
	}
	switch {
	case fell > 0 && fell+flat == 3:
		return l.T("radar.verdict.good"), "ok"
	case fell == 0:
		return l.T("radar.verdict.bad"), "warn"
	}
	return l.T("radar.verdict.mixed"), ""
}

func radarRunway(l *i18n.Localizer, runway *float64) string {
	if runway == nil {
		return l.T("radar.runway.none")
	}
	return warningNum(l, *runway)
}

func radarRowView(l *i18n.Localizer, r sprintlens.RadarRow, loc *time.Location) templates.RadarRowView {
	v := templates.RadarRowView{
		Number: r.Number, Current: r.Current,
		Dates:  l.Date(r.Start.In(loc)) + " – " + l.Date(r.Finish.In(loc).AddDate(0, 0, -1)),
		Points: warningNum(l, r.Points), BigShare: "—", Lumpiness: "—", Spanned: "—",
		Runway: radarRunway(l, r.Runway), Volatility: "—",
	}
	if r.Points > 0 {
		v.BigShare, v.Lumpiness = warningPercent(l, r.BigShare()), warningPercent(l, r.Lumpiness())
		v.BigHigh = r.BigPoints > 0
		v.LumpHigh = r.Lumpiness() >= sprintlens.DefaultLumpyShare && r.LargestPoints > 1
	}
	if r.Stories > 0 {
		v.Spanned, v.SpannedHigh = warningPercent(l, r.SpannedShare()), r.Spanned > 0
	}
	if r.Scope == "" && (r.Velocity > 0 || !r.Current) {
		v.Volatility = warningPercent(l, r.Volatility)
	}
	return v
}

// radarScopes lists the labels and epics with radar rows, the biggest first.
func radarScopes(l *i18n.Localizer, byScope map[string][]sprintlens.RadarRow, active, base string) []templates.RadarScopeView {
	var out []templates.RadarScopeView
	points := map[string]float64{}
	for name, rows := range byScope {
		if name == "" {
			continue
		}
		sum := sprintlens.SummarizeRadar(rows)
		early, recent := sprintlens.RadarTrend(rows, sprintlens.RadarTrendSprints)
		points[name] = sum.Points
		out = append(out, templates.RadarScopeView{Name: name, URL: base + "?label=" + url.QueryEscape(name),
			Sprints: sum.Sprints, Points: warningNum(l, sum.Points), EarlyBig: warningPercent(l, early.BigShare),
			RecentBig: warningPercent(l, recent.BigShare), Active: name == active})
	}
	slices.SortFunc(out, func(a, b templates.RadarScopeView) int {
		return cmp.Or(cmp.Compare(points[b.Name], points[a.Name]), cmp.Compare(a.Name, b.Name))
	})
	return out
}
