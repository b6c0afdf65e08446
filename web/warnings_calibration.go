package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// handleCalibration renders GET /projects/:id/calibration: cycle time per
// estimate from the precomputed cycle-time groups, with overlapping sizes
// and long tails called out.
func (s *Server) handleCalibration(c echo.Context) error {
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
	cal := sprintlens.Calibrate(m.CycleBySize)
	props := templates.CalibrationProps{ProjectID: pid, ProjectName: p.Name, Tabs: projectTabs(l, pid, "calibration"),
		Empty: len(cal.Rows) == 0}
	days := func(d time.Duration) string { return warningDays(l, d.Hours()/24) }
	num := func(v float64) string { return warningNum(l, v) }
	var labels []string
	var p50, p85 []float64
	for _, r := range cal.Rows {
		var overlaps []string
		for _, o := range r.OverlapsWith {
			overlaps = append(overlaps, num(o))
		}
		view := templates.CalibrationRowView{Estimate: num(r.Estimate), Count: l.Int(r.Count), P50: days(r.P50), P85: days(r.P85),
			FewSamples: r.FewSamples, LongTail: r.LongTail}
		if len(overlaps) > 0 {
			view.Overlaps = l.T("calibration.flag.overlap", map[string]any{"Sizes": strings.Join(overlaps, ", ")})
		}
		props.Rows = append(props.Rows, view)
		if r.LongTail {
			props.Findings = append(props.Findings, l.T("calibration.finding.long_tail",
				map[string]any{"Size": num(r.Estimate), "P85": days(r.P85), "P50": days(r.P50)}))
		}
		labels = append(labels, num(r.Estimate))
		p50 = append(p50, r.P50.Hours()/24)
		p85 = append(p85, r.P85.Hours()/24)
	}
	for _, o := range cal.Overlaps {
		props.Findings = append(props.Findings, l.T("calibration.finding.overlap", map[string]any{"Smaller": num(o.Smaller),
			"Larger": num(o.Larger), "SmallerP50": days(o.SmallerP50), "LargerP50": days(o.LargerP50)}))
	}
	props.Chart = templates.ChartData{ID: "calibration-chart", Config: map[string]any{
		"type": "bar",
		"data": map[string]any{"labels": labels, "datasets": []any{
			map[string]any{"label": l.T("calibration.series.p50"), "data": p50, "backgroundColor": colorBlue},
			map[string]any{"label": l.T("calibration.series.p85"), "data": p85, "backgroundColor": colorWarn},
		}},
		"options": map[string]any{"scales": map[string]any{"y": map[string]any{"min": 0,
			"title": map[string]any{"display": true, "text": l.T("calibration.chart")}}},
			"plugins": map[string]any{"legend": map[string]any{"position": "bottom"}}},
	}}
	props.Hints = []templates.Summary{
		{Label: l.T("calibration.label.table"), Value: l.T("calibration.hint.table")},
		{Label: l.T("calibration.label.overlap"), Value: l.T("calibration.hint.overlap")},
		{Label: l.T("calibration.label.long_tail"), Value: l.T("calibration.hint.long_tail")},
	}
	page := s.page(c, l.T("calibration.title")+" · "+p.Name, "warnings")
	page.ProjectID = pid
	return s.render(c, http.StatusOK, templates.CalibrationPage(page, props))
}
