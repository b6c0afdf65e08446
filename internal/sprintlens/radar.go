package sprintlens

import (
	"cmp"
	"slices"
	"time"
)

// Hints for the split radar. Each states the rule radar.go implements.
const (
	RadarBigShareHint = "Share of the sprint's points that came from stories above the size limit " +
		"(today's limit, so every sprint is measured with the same yardstick)."
	RadarLumpinessHint = "Share of the sprint's points carried by its largest story. " +
		"A done sprint's points are its accepted points; the current sprint's are the points planned in it."
	RadarSpannedHint = "Share of the sprint's stories that crossed at least one sprint boundary after they were first " +
		"started (for a done sprint, among the stories accepted in it)."
	RadarRunwayHint = "Sprints of ready backlog ahead: the points of unstarted, estimated stories at or below the size limit " +
		"in the current sprint and backlog (not the icebox), divided by the velocity. Done sprints show it as it stood " +
		"at their end with the velocity of then; sprints before any recorded history have none."
	RadarTrendHint = "Early compares the first four done sprints with points to the last four: when the team splits " +
		"its stories, big-story share, lumpiness and spanning fall, and so, usually, does volatility."
	RadarVolatilityHint = "Velocity volatility at the end of each sprint: the standard deviation of accepted points over " +
		"the velocity window divided by their mean, in percent."
)

// RadarTrendSprints is how many sprints each end of the trend compares.
const RadarTrendSprints = 4

// RadarRow is one sprint's splitting numbers for the whole project (Scope
// "") or for one label or epic (Scope is its name).
type RadarRow struct {
	Number  int
	Start   time.Time
	Finish  time.Time
	Current bool
	Scope   string
	// Points, Stories: the sprint's points and stories (see sprintLoad),
	// limited to the label for a label row.
	Points  float64
	Stories int
	// BigPoints is the part of Points from stories above the size limit.
	BigPoints float64
	// LargestPoints is the largest single story's points.
	LargestPoints float64
	// Spanned counts stories that crossed a sprint boundary after starting.
	Spanned int
	// ReadyPoints and Runway follow RadarRunwayHint; nil when unknown and
	// always nil for label rows.
	ReadyPoints *float64
	Runway      *float64
	// Velocity and Volatility are the project's at the sprint's end (now for
	// the current sprint); 0 for label rows.
	Velocity   float64
	Volatility float64
}

// BigShare is BigPoints as a percentage of Points (0 without points).
func (r RadarRow) BigShare() float64 { return sharePct(r.BigPoints, r.Points) }

// Lumpiness is LargestPoints as a percentage of Points (0 without points).
func (r RadarRow) Lumpiness() float64 { return sharePct(r.LargestPoints, r.Points) }

// SpannedShare is Spanned as a percentage of Stories (0 without stories).
func (r RadarRow) SpannedShare() float64 { return sharePct(float64(r.Spanned), float64(r.Stories)) }

func sharePct(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return part / whole * 100
}

// ComputeRadar returns the split radar of every done sprint and the current
// one: a project row per sprint, then one row per label with stories in
// that sprint, ordered by sprint number and scope ("" first). m comes from
// ComputeMetrics over d; limit from ProjectSizeLimit.
func ComputeRadar(d ProjectData, m ProjectMetrics, limit SizeLimit, now time.Time) []RadarRow {
	rolling := map[int]VelocityPoint{}
	for _, vp := range m.Rolling {
		rolling[vp.Number] = vp
	}
	ready := readyPointsAt(d, m.Reviews, limit.Points, now)
	var out []RadarRow
	for i, r := range m.Reviews {
		it := r.Iteration
		base := RadarRow{Number: it.Number, Start: it.Start, Finish: it.Finish, Current: !iterationDone(d.Project, it)}
		proj := base
		labels := map[string]*RadarRow{}
		rows, _ := sprintLoad(d.Project, r)
		for _, rs := range rows {
			proj.add(rs, limit.Points)
			for _, l := range rs.Labels {
				lr, ok := labels[l]
				if !ok {
					lr = new(RadarRow)
					*lr = base
					lr.Scope = l
					labels[l] = lr
				}
				lr.add(rs, limit.Points)
			}
		}
		if proj.Current {
			proj.Velocity, proj.Volatility = m.Velocity.Value, m.Velocity.Volatility
		} else if vp, ok := rolling[it.Number]; ok {
			proj.Velocity = vp.Velocity
			proj.Volatility = sharePct(vp.StdDev, vp.Velocity)
		}
		if rp := ready[i]; rp != nil {
			proj.ReadyPoints = rp
			if proj.Velocity > 0 {
				runway := *rp / proj.Velocity
				proj.Runway = &runway
			}
		}
		out = append(out, proj)
		start := len(out)
		for _, lr := range labels {
			out = append(out, *lr)
		}
		slices.SortFunc(out[start:], func(a, b RadarRow) int { return cmp.Compare(a.Scope, b.Scope) })
	}
	return out
}

func (r *RadarRow) add(rs ReviewStory, limit float64) {
	r.Points += rs.Points
	r.Stories++
	if rs.Estimated && rs.Points > limit {
		r.BigPoints += rs.Points
	}
	r.LargestPoints = max(r.LargestPoints, rs.Points)
	if rs.RollCount >= 1 {
		r.Spanned++
	}
}

// RadarSummary pools a run of sprints: shares are of the pooled points and
// stories, Lumpiness is the mean of the sprints' lumpiness, and Volatility
// is that of the sprints' points (VolatilityHint).
type RadarSummary struct {
	Sprints      int
	First, Last  int
	Points       float64
	BigShare     float64
	Lumpiness    float64
	SpannedShare float64
	Volatility   float64
}

// SummarizeRadar pools rows (one scope; current-sprint rows and sprints
// without points are skipped).
func SummarizeRadar(rows []RadarRow) RadarSummary {
	var s RadarSummary
	var big, spanned, stories float64
	var lumps, points []float64
	for _, r := range rows {
		if r.Current || r.Points == 0 {
			continue
		}
		if s.Sprints == 0 {
			s.First = r.Number
		}
		s.Sprints++
		s.Last = r.Number
		s.Points += r.Points
		big += r.BigPoints
		spanned += float64(r.Spanned)
		stories += float64(r.Stories)
		lumps = append(lumps, r.Lumpiness())
		points = append(points, r.Points)
	}
	s.BigShare = sharePct(big, s.Points)
	s.SpannedShare = sharePct(spanned, stories)
	s.Lumpiness = Mean(lumps)
	s.Volatility = Volatility(points)
	return s
}

// RadarTrend summarizes the first and the last n done sprints with points
// of one scope's rows (ordered by number), per RadarTrendHint. With fewer
// than 2n such sprints the two ends overlap.
func RadarTrend(rows []RadarRow, n int) (early, recent RadarSummary) {
	var done []RadarRow
	for _, r := range rows {
		if !r.Current && r.Points > 0 {
			done = append(done, r)
		}
	}
	return SummarizeRadar(done[:min(n, len(done))]), SummarizeRadar(done[max(0, len(done)-n):])
}
