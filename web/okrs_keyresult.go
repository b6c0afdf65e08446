package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// handleOKRKeyResult renders GET /okrs/key-results/:id: the value over time
// against the ideal line, the check-in history, the linked work's delivery
// and forecast against the period's end, and divergence alerts.
func (s *Server) handleOKRKeyResult(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("key result")
	}
	k, p, err := s.keyResultNow(ctx, id)
	if err != nil {
		return s.okrError(c, err, "key result")
	}
	now, loc := s.cfg.Now(), p.Start.Location()
	work, err := s.loadLinkedWork(ctx, []int64{id}, now)
	if err != nil {
		return err
	}
	edits, err := s.deps.OKRs.OKREdits(ctx, sprintlens.EntityKeyResult, id)
	if err != nil {
		return err
	}
	stories := work.stories[id]
	delivery := sprintlens.LinkedDelivery(stories, work.carried)
	fc := forecastLinked(stories, now)
	page := s.page(c, k.kr.Title, "okrs")
	chart, rows := krChart(i18n.From(ctx), k.kr, p, k.checkIns)
	props := templates.OKRKeyResultProps{
		Period:         periodView(p, true, now),
		KR:             krView(k, loc),
		Row:            s.checkInRow(k, p, work, now, page.CSRFToken, "kr"),
		Chart:          chart,
		ChartRows:      rows,
		Delivery:       deliveryView(k.kr, delivery),
		Forecast:       forecastView(fc, p),
		SuggestedScore: sprintlens.SuggestScore(k.sum.Progress),
		OutdatedHint:   sprintlens.HintOutdatedFor(s.checkInMaxAge()),
	}
	for i := len(k.checkIns) - 1; i >= 0; i-- { // newest first
		ci := k.checkIns[i]
		props.History = append(props.History, templates.OKRCheckInView{At: ci.At.In(loc), Author: ci.Author, Value: ci.Value,
			Confidence: ci.Confidence, Comment: ci.Comment, Progress: k.kr.CheckInProgress(ci)})
	}
	for _, d := range sprintlens.Divergences(k.kr, k.sum.Progress, delivery, fc.Finish, p, k.checkIns) {
		props.Divergences = append(props.Divergences, templates.OKRDivergenceView{Kind: string(d.Kind), Message: d.Message, Hint: d.Kind.Hint()})
	}
	for _, e := range edits {
		props.Edits = append(props.Edits, templates.OKREditView{At: e.At.In(loc), Author: e.Author, Field: e.Field, Old: e.Old, New: e.New})
	}
	return s.render(c, http.StatusOK, templates.OKRKeyResult(page, props))
}

func deliveryView(kr sprintlens.KeyResult, d sprintlens.DeliveryProgress) templates.OKRDeliveryView {
	v := templates.OKRDeliveryView{Linked: kr.HasLinks(), AcceptedPoints: d.AcceptedPoints, TotalPoints: d.TotalPoints,
		AcceptedCount: d.AcceptedCount, TotalCount: d.TotalCount, Unestimated: d.Unestimated,
		CarriedOver: d.CarriedOver, CarriedOverPoints: d.CarriedOverPoints}
	if pct, ok := d.Percent(); ok {
		v.Percent = &pct
	}
	return v
}

func forecastView(f deliveryForecast, p sprintlens.Period) templates.OKRForecastView {
	v := templates.OKRForecastView{Done: f.Done, Remaining: f.Remaining, PerWeek: f.PerWeek, PeriodEnd: p.LastDay()}
	if f.Finish != nil {
		v.Known, v.Finish = true, f.Finish.In(p.Start.Location())
		v.AfterEnd = !f.Finish.Before(p.End)
	}
	return v
}

// chartPoint is a Chart.js point on a linear x axis.
type chartPoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// krChart is the Chart.js configuration of a key result's values against
// its ideal line, x in days since the period's start (a linear axis needs
// no date adapter), and the same numbers as table rows.
func krChart(l *i18n.Localizer, kr sprintlens.KeyResult, p sprintlens.Period, checkIns []sprintlens.CheckIn) (any, []templates.OKRChartRow) {
	ideal := sprintlens.IdealLine(kr, p)
	days := func(t time.Time) float64 { return math.Round(10*t.Sub(p.Start).Hours()/24) / 10 }
	total := days(p.End)
	idealAt := func(t time.Time) float64 {
		share := p.ExpectedProgress(t) / 100
		return ideal[0].Value + share*(ideal[1].Value-ideal[0].Value)
	}
	var values []chartPoint
	var rows []templates.OKRChartRow
	for _, v := range sprintlens.ValueSeries(kr, checkIns) {
		values = append(values, chartPoint{days(v.At), v.Value})
		rows = append(rows, templates.OKRChartRow{At: v.At.In(p.Start.Location()), Value: v.Value, Ideal: idealAt(v.At)})
	}
	axis := l.T("okr.chart.days", map[string]any{"Start": l.Date(p.Start)})
	yTitle := kr.Unit
	if yTitle == "" {
		yTitle = l.T("okr.chart.value")
	}
	cfg := map[string]any{
		"type": "line",
		"data": map[string]any{"datasets": []map[string]any{
			{"label": l.T("okr.chart.value"), "data": values, "borderColor": "#1e6fd9", "backgroundColor": "#1e6fd9",
				"pointRadius": 3, "tension": 0},
			{"label": l.T("okr.chart.ideal"), "data": []chartPoint{{0, ideal[0].Value}, {total, ideal[1].Value}},
				"borderColor": "#9e9e9e", "borderDash": []int{6, 4}, "pointRadius": 0},
		}},
		"options": map[string]any{
			"scales": map[string]any{
				"x": map[string]any{"type": "linear", "min": 0, "max": total, "title": map[string]any{"display": true, "text": axis}},
				"y": map[string]any{"title": map[string]any{"display": true, "text": yTitle}},
			},
			"plugins": map[string]any{"legend": map[string]any{"position": "bottom"}},
		},
	}
	return cfg, rows
}
