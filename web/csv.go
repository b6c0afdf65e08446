package web

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

// Every chart and table of the velocity pages downloads as CSV from the
// page's path + ".csv" or with ?format=csv. Numbers are plain (no
// grouping, "." decimals), dates ISO 8601 in the project's time zone, so
// spreadsheets read them in any language.

// wantsCSV reports whether the request asked for ?format=csv.
func wantsCSV(c echo.Context) bool { return c.QueryParam("format") == "csv" }

// writeCSV sends rows (the first is the header) as a CSV attachment.
func writeCSV(c echo.Context, filename string, rows [][]string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", filename))
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("web: write %s: %w", filename, err)
	}
	return nil
}

// num formats a number with at most three decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

func optNum(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func boolStr(b bool) string { return strconv.FormatBool(b) }

// handleVelocityCSV answers GET /projects/:id/velocity.csv (and the
// overview with ?format=csv): the velocity chart's table, same ?from=&to=.
func (s *Server) handleVelocityCSV(c echo.Context) error {
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	v, err := s.loadVelocity(c, p, loc)
	if err != nil {
		return err
	}
	return writeCSV(c, "velocity.csv", velocityCSV(v.props.Sprints))
}

func velocityCSV(sprints []templates.SprintRow) [][]string {
	rows := [][]string{{"number", "start", "last_day", "team_strength", "accepted_points", "accepted_count",
		"committed_points", "committed_count", "carried_over_points", "carried_over_count", "added_points",
		"added_count", "removed_points", "removed_count", "rolling_velocity", "rolling_stddev", "reconstructed"}}
	for _, s := range sprints {
		rows = append(rows, []string{strconv.Itoa(s.Number), day(s.Start), day(s.Finish.AddDate(0, 0, -1)),
			num(s.TeamStrength), num(s.AcceptedPoints), strconv.Itoa(s.AcceptedCount),
			num(s.Committed.Points), strconv.Itoa(s.Committed.Count), num(s.CarriedOver.Points),
			strconv.Itoa(s.CarriedOver.Count), num(s.Added.Points), strconv.Itoa(s.Added.Count),
			num(s.Removed.Points), strconv.Itoa(s.Removed.Count), optNum(s.RollingVelocity), optNum(s.RollingStdDev),
			boolStr(s.Reconstructed)})
	}
	return rows
}

// handleBurnUpCSV answers GET /projects/:id/burnup.csv: the current
// sprint's burn-up table (only the header when no sprint is in progress).
func (s *Server) handleBurnUpCSV(c echo.Context) error {
	p, loc, err := s.loadProject(c)
	if err != nil {
		return err
	}
	v, err := s.loadVelocity(c, p, loc)
	if err != nil {
		return err
	}
	rows := [][]string{{"sprint", "day", "accepted_points", "committed_points", "scope_points"}}
	if v.current != nil {
		b, err := s.loadBurnUp(c.Request().Context(), p.ID, v.current.Iteration.Number, loc)
		if err != nil {
			return err
		}
		for _, d := range burnDays(b) {
			acc := ""
			if !d.Future {
				acc = num(d.Accepted)
			}
			rows = append(rows, []string{strconv.Itoa(b.Number), day(d.Date), acc, num(b.Committed), num(b.Scope)})
		}
	}
	return writeCSV(c, "burnup.csv", rows)
}

func burnDays(b *templates.BurnUp) []templates.BurnDay {
	if b == nil {
		return nil
	}
	return b.Days
}

func reviewCSV(props templates.ReviewProps) [][]string {
	rows := [][]string{{"sprint", "story_id", "name", "type", "state", "points", "estimated", "owners", "labels",
		"cycle_days", "roll_count", "committed", "added", "accepted", "carried_over", "removed", "chain"}}
	for _, s := range props.Stories {
		chain := make([]string, len(s.Chain))
		for i, n := range s.Chain {
			chain[i] = strconv.Itoa(n)
		}
		rows = append(rows, []string{strconv.Itoa(props.Number), strconv.FormatInt(s.ID, 10), s.Name, s.Type, s.State,
			num(s.Points), boolStr(s.Estimated), strings.Join(s.Owners, ", "), strings.Join(s.Labels, ", "), optNum(s.CycleDays),
			strconv.Itoa(s.RollCount), boolStr(s.Committed), boolStr(s.Added), boolStr(s.Accepted),
			boolStr(s.CarriedOver), boolStr(s.Removed), strings.Join(chain, " ")})
	}
	return rows
}

func cycleCSV(props templates.CycleProps) [][]string {
	rows := [][]string{{"story_id", "name", "type", "estimate", "started_at", "accepted_at", "cycle_days", "rejections"}}
	for _, p := range props.Points {
		est := ""
		if p.Estimated {
			est = num(p.Estimate)
		}
		rows = append(rows, []string{strconv.FormatInt(p.StoryID, 10), p.Name, p.Type, est,
			p.Started.Format(time.RFC3339), p.Accepted.Format(time.RFC3339), num(p.Days), strconv.Itoa(p.Rejections)})
	}
	return rows
}

func forecastCSV(props templates.ForecastProps) [][]string {
	f := props.Forecast
	rows := [][]string{{"method", "measure", "remaining", "sprints", "last_day", "unbounded"}}
	pts, stories := num(props.Points), strconv.Itoa(props.Stories)
	add := func(method, measure, remaining string, o sprintlens.Outlook) {
		last, sprints := "", ""
		if !o.Unbounded {
			sprints = strconv.Itoa(o.Iterations)
			if o.Iterations > 0 {
				last = day(o.Finish.AddDate(0, 0, -1))
			}
		}
		rows = append(rows, []string{method, measure, remaining, sprints, last, boolStr(o.Unbounded)})
	}
	add("range_optimistic", "points", pts, f.Range.Optimistic)
	add("range_likely", "points", pts, f.Range.Likely)
	add("range_pessimistic", "points", pts, f.Range.Pessimistic)
	add("monte_carlo_p50", "points", pts, f.Points.P50)
	add("monte_carlo_p85", "points", pts, f.Points.P85)
	add("monte_carlo_p95", "points", pts, f.Points.P95)
	add("monte_carlo_p50", "stories", stories, f.Stories.P50)
	add("monte_carlo_p85", "stories", stories, f.Stories.P85)
	add("monte_carlo_p95", "stories", stories, f.Stories.P95)
	return rows
}

func rollupCSV(props templates.RollupProps) [][]string {
	rows := [][]string{{"project_id", "project", "velocity", "velocity_normalized", "volatility", "window", "window_used",
		"last_sprint", "last_committed_points", "last_accepted_points", "last_carried_over_points", "last_carried_over_count"}}
	for _, r := range props.Rows {
		row := []string{strconv.FormatInt(r.Project.ID, 10), r.Project.Name, "", "", "", "", ""}
		if r.HasMetrics {
			v := r.Velocity
			row = append(row[:2], num(v.Value), num(v.Normalized), num(v.Volatility), strconv.Itoa(v.Window), strconv.Itoa(v.Used))
		}
		if s := r.Last; s != nil {
			row = append(row, strconv.Itoa(s.Number), num(s.Committed.Points), num(s.AcceptedPoints),
				num(s.CarriedOver.Points), strconv.Itoa(s.CarriedOver.Count))
		} else {
			row = append(row, "", "", "", "", "")
		}
		rows = append(rows, row)
	}
	return rows
}
