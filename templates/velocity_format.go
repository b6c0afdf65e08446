package templates

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Number and date formats of the velocity pages, in the reader's language.

// fmtPoints formats points with at most one decimal ("6", "6.3").
func fmtPoints(ctx context.Context, v float64) string {
	s := i18n.From(ctx).Number(math.Round(v*10)/10, 1)
	return strings.TrimSuffix(s, ".0")
}

// fmtPct formats a percentage without decimals.
func fmtPct(ctx context.Context, v float64) string {
	return i18n.From(ctx).Number(v, 0) + "%"
}

// fmtDays formats a duration in days with one decimal.
func fmtDays(ctx context.Context, d time.Duration) string {
	return i18n.T(ctx, "unit.days", map[string]any{"N": fmtPoints(ctx, d.Hours()/24)})
}

// plural translates key, or key_one when n is 1 (English says "1 story").
func plural(ctx context.Context, key string, n float64, data map[string]any) string {
	if n == 1 {
		key += "_one"
	}
	return i18n.T(ctx, key, data)
}

// fmtPointsUnit reads "5 pts" or "1 pt".
func fmtPointsUnit(ctx context.Context, v float64) string {
	return plural(ctx, "unit.points", v, map[string]any{"N": fmtPoints(ctx, v)})
}

// fmtStories reads "8 stories" or "1 story".
func fmtStories(ctx context.Context, n int) string {
	return plural(ctx, "unit.stories", float64(n), map[string]any{"Count": n})
}

// fmtSprints reads "3 sprints" or "1 sprint".
func fmtSprints(ctx context.Context, n int) string {
	return plural(ctx, "unit.sprints", float64(n), map[string]any{"Count": n})
}

// fmtTally reads "20 pts (8 stories)".
func fmtTally(ctx context.Context, t sprintlens.Tally) string {
	return i18n.T(ctx, "unit.tally", map[string]any{"Points": fmtPointsUnit(ctx, t.Points), "Stories": fmtStories(ctx, t.Count)})
}

// fmtSprintDates reads "Oct 5, 2026 – Oct 11, 2026": the finish is
// exclusive midnight, so the last day is the one before it.
func fmtSprintDates(ctx context.Context, start, finish time.Time) string {
	l := i18n.From(ctx)
	return l.Date(start) + " – " + l.Date(finish.AddDate(0, 0, -1))
}

// fmtChain reads "#12 → #13 → #14".
func fmtChain(chain []int) string {
	parts := make([]string, len(chain))
	for i, n := range chain {
		parts[i] = "#" + strconv.Itoa(n)
	}
	return strings.Join(parts, " → ")
}

// itoa64 formats an id.
func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
