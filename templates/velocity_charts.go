package templates

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Chart.js configurations of the velocity pages. They travel as JSON in a
// script tag (the CSP allows no inline script), so they hold data and
// colours only, never callbacks.

// chart is one Chart.js configuration.
type chart map[string]any

// Colours shared by the charts; they read on white and in print.
const (
	colorAccepted   = "rgba(37, 99, 235, 0.6)"
	colorInProgress = "rgba(37, 99, 235, 0.25)"
	colorVelocity   = "#ea580c"
	colorBand       = "rgba(234, 88, 12, 0.15)"
	colorCommitted  = "#6b7280"
	colorScope      = "#7c3aed"
	colorCarried    = "rgba(178, 106, 0, 0.7)"
)

// typeColors tell story types apart in the scatter.
var typeColors = map[string]string{"feature": "#2563eb", "bug": "#c62828", "chore": "#6b7280"}

// round1 keeps one decimal so the JSON stays short.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// sprintAccepted is a sprint's accepted tally in the velocity definition.
func sprintAccepted(s SprintRow) sprintlens.Tally {
	return sprintlens.Tally{Points: s.AcceptedPoints, Count: s.AcceptedCount}
}

// shortDate is a compact day for axis labels.
func shortDate(ctx context.Context, t time.Time) string {
	return t.Format(i18n.T(ctx, "format.day"))
}

func baseOptions(ctx context.Context, yTitle string) map[string]any {
	return map[string]any{
		"locale":      i18n.From(ctx).Lang.String(),
		"interaction": map[string]any{"mode": "index", "intersect": false},
		"plugins":     map[string]any{"legend": map[string]any{"position": "bottom"}},
		"scales": map[string]any{
			"y": map[string]any{"beginAtZero": true, "title": map[string]any{"display": true, "text": yTitle}},
		},
	}
}

// velocityChart draws accepted points per sprint as bars, the rolling
// velocity as a line inside its ±1 sd band, and markers (on a hidden axis,
// their value the number of changes) where the meaning of numbers changed.
func velocityChart(ctx context.Context, sprints []SprintRow) chart {
	labels := make([][]string, 0, len(sprints))
	var accepted, rolling, low, high, changes []any
	var colors []string
	maxChanges := 0
	for _, s := range sprints {
		label := []string{"#" + strconv.Itoa(s.Number), shortDate(ctx, s.Start)}
		color := colorAccepted
		if !s.Done {
			// The sprint in progress is still filling up: paler, and said so.
			label = append(label, i18n.T(ctx, "chart.in_progress"))
			color = colorInProgress
		}
		labels = append(labels, label)
		colors = append(colors, color)
		accepted = append(accepted, round1(s.AcceptedPoints))
		if s.RollingVelocity != nil && s.RollingStdDev != nil {
			v, sd := *s.RollingVelocity, *s.RollingStdDev
			rolling = append(rolling, round1(v))
			low = append(low, round1(max(0, v-sd)))
			high = append(high, round1(v+sd))
		} else {
			rolling, low, high = append(rolling, nil), append(low, nil), append(high, nil)
		}
		if s.Changes > 0 {
			changes = append(changes, s.Changes)
			maxChanges = max(maxChanges, s.Changes)
		} else {
			changes = append(changes, nil)
		}
	}
	datasets := []map[string]any{
		{"type": "bar", "label": i18n.T(ctx, "chart.accepted_points"), "data": accepted, "backgroundColor": colors, "order": 3},
		{"type": "line", "label": i18n.T(ctx, "metric.rolling_velocity"), "data": rolling, "borderColor": colorVelocity,
			"backgroundColor": colorVelocity, "pointRadius": 2, "borderWidth": 2, "order": 1},
		{"type": "line", "label": i18n.T(ctx, "chart.band_low"), "data": low, "borderWidth": 0, "pointRadius": 0,
			"fill": false, "order": 2},
		// fill "-1" shades down to the dataset before: the band.
		{"type": "line", "label": i18n.T(ctx, "chart.band_high"), "data": high, "borderWidth": 0, "pointRadius": 0,
			"fill": "-1", "backgroundColor": colorBand, "order": 2},
		{"type": "line", "label": i18n.T(ctx, "chart.changes"), "data": changes, "yAxisID": "y2", "showLine": false,
			"pointStyle": "triangle", "pointRadius": 7, "borderColor": colorScope, "backgroundColor": colorScope, "order": 0},
	}
	opts := baseOptions(ctx, i18n.T(ctx, "chart.points"))
	// The busiest sprint's marker sits just under the top edge.
	opts["scales"].(map[string]any)["y2"] = map[string]any{"display": false, "min": 0, "max": float64(max(1, maxChanges)) * 1.08}
	return chart{"type": "bar", "data": map[string]any{"labels": labels, "datasets": datasets}, "options": opts}
}

// burnUpChart draws the points accepted by each day's end against the
// committed points and the whole scope.
func burnUpChart(ctx context.Context, b BurnUp) chart {
	labels := make([]string, 0, len(b.Days))
	var accepted, committed, scope []any
	for _, d := range b.Days {
		labels = append(labels, shortDate(ctx, d.Date))
		if d.Future {
			accepted = append(accepted, nil)
		} else {
			accepted = append(accepted, round1(d.Accepted))
		}
		committed = append(committed, round1(b.Committed))
		scope = append(scope, round1(b.Scope))
	}
	datasets := []map[string]any{
		{"label": i18n.T(ctx, "chart.accepted_points"), "data": accepted, "borderColor": "#2563eb",
			"backgroundColor": "rgba(37, 99, 235, 0.15)", "fill": "origin", "stepped": false, "pointRadius": 3},
		{"label": i18n.T(ctx, "metric.committed"), "data": committed, "borderColor": colorCommitted,
			"borderDash": []int{6, 4}, "pointRadius": 0, "borderWidth": 2},
		{"label": i18n.T(ctx, "col.scope"), "data": scope, "borderColor": colorScope, "pointRadius": 0, "borderWidth": 2},
	}
	return chart{"type": "line", "data": map[string]any{"labels": labels, "datasets": datasets},
		"options": baseOptions(ctx, i18n.T(ctx, "chart.points"))}
}

// cycleChart plots each accepted story at its acceptance day (a category
// axis of every day in the range, so spacing follows time) against its
// cycle time in days, one colour per story type.
func cycleChart(ctx context.Context, points []CyclePoint) chart {
	var days []string
	if len(points) > 0 {
		first, last := points[0].Accepted, points[0].Accepted
		for _, p := range points {
			first, last = minTime(first, p.Accepted), maxTime(last, p.Accepted)
		}
		y, m, d := first.Date()
		for day := time.Date(y, m, d, 0, 0, 0, 0, first.Location()); !day.After(last); day = day.AddDate(0, 0, 1) {
			days = append(days, day.Format(time.DateOnly))
		}
	}
	byType := map[string][]any{}
	var order []string
	for _, p := range points {
		if _, ok := byType[p.Type]; !ok {
			order = append(order, p.Type)
		}
		byType[p.Type] = append(byType[p.Type], map[string]any{"x": p.Accepted.Format(time.DateOnly), "y": round1(p.Days)})
	}
	datasets := make([]map[string]any, 0, len(order))
	for _, t := range order {
		c := typeColors[t]
		if c == "" {
			c = colorScope
		}
		datasets = append(datasets, map[string]any{"label": i18n.T(ctx, "type."+t), "data": byType[t],
			"borderColor": c, "backgroundColor": c, "pointRadius": 3})
	}
	opts := baseOptions(ctx, i18n.T(ctx, "chart.cycle_days"))
	opts["interaction"] = map[string]any{"mode": "nearest", "intersect": true}
	opts["scales"].(map[string]any)["x"] = map[string]any{"type": "category", "labels": days,
		"title": map[string]any{"display": true, "text": i18n.T(ctx, "chart.accepted_on")}}
	return chart{"type": "scatter", "data": map[string]any{"datasets": datasets}, "options": opts}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// rollupChart compares projects: velocity next to their last sprint's
// committed, accepted and carried-over points.
func rollupChart(ctx context.Context, rows []RollupRow) chart {
	labels := make([]string, 0, len(rows))
	var vel, committed, accepted, carried []any
	for _, r := range rows {
		labels = append(labels, r.Project.Name)
		vel = append(vel, round1(r.Velocity.Value))
		if r.Last != nil {
			committed = append(committed, round1(r.Last.Committed.Points))
			accepted = append(accepted, round1(r.Last.AcceptedPoints))
			carried = append(carried, round1(r.Last.CarriedOver.Points))
		} else {
			committed, accepted, carried = append(committed, nil), append(accepted, nil), append(carried, nil)
		}
	}
	datasets := []map[string]any{
		{"label": i18n.T(ctx, "metric.velocity"), "data": vel, "backgroundColor": colorVelocity},
		{"label": i18n.T(ctx, "rollup.last_committed"), "data": committed, "backgroundColor": colorCommitted},
		{"label": i18n.T(ctx, "rollup.last_accepted"), "data": accepted, "backgroundColor": colorAccepted},
		{"label": i18n.T(ctx, "rollup.last_carried"), "data": carried, "backgroundColor": colorCarried},
	}
	return chart{"type": "bar", "data": map[string]any{"labels": labels, "datasets": datasets},
		"options": baseOptions(ctx, i18n.T(ctx, "chart.points"))}
}
