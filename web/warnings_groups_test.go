package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// manyWarnings is a WarningStore for project 5 with n too-big warnings
// (stories 1..n) and three long-running ones (stories 9001..9003).
type manyWarnings struct{ n int }

func (m manyWarnings) Project(_ context.Context, id int64) (sprintlens.Project, error) {
	if id != 5 {
		return sprintlens.Project{}, sprintlens.ErrNotFound
	}
	return sprintlens.Project{ID: 5, Name: "Big", TimeZone: "Asia/Tokyo"}, nil
}

func (m manyWarnings) MetricsSummary(context.Context, int64) (sprintlens.MetricsSummary, error) {
	return sprintlens.MetricsSummary{}, sprintlens.ErrNotFound
}

func (m manyWarnings) ProjectWarnings(context.Context, int64) ([]sprintlens.Warning, error) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var out []sprintlens.Warning
	for i := 1; i <= m.n; i++ {
		out = append(out, sprintlens.Warning{StoryID: int64(i), Kind: sprintlens.WarnTooBig, StoryName: "story " + strconv.Itoa(i),
			Value: 8, Threshold: 5, Since: since, Message: "too big"})
	}
	for id := int64(9001); id <= 9003; id++ {
		out = append(out, sprintlens.Warning{StoryID: id, Kind: sprintlens.WarnLongRunning, StoryName: "slow", Value: 9,
			Threshold: 6, Since: since, Message: "long running"})
	}
	return out, nil
}

func (m manyWarnings) DismissedWarnings(context.Context, int64) ([]sprintlens.DismissedWarning, error) {
	return nil, nil
}

func (m manyWarnings) DismissWarning(context.Context, sprintlens.Dismissal) (sprintlens.DismissedWarning, error) {
	return sprintlens.DismissedWarning{}, nil
}

func (m manyWarnings) RadarRows(context.Context, int64) ([]sprintlens.RadarRow, error) {
	return nil, nil
}

var pageText = regexp.MustCompile(`data-testid="warnings-page">([^<]*)<`)

// storiesShown lists the data-story of each warning row of a kind.
func storiesShown(body, kind string) []int64 {
	var out []int64
	for _, row := range strings.Split(body, `data-testid="warning-row" data-kind="`+kind+`" data-story="`)[1:] {
		id, _ := strconv.ParseInt(row[:strings.IndexByte(row, '"')], 10, 64)
		out = append(out, id)
	}
	return out
}

// TestWarningsCappedPerKind: the overview shows the first 50 of a kind
// with a link to the rest; the kind alone is listed 200 to a page.
func TestWarningsCappedPerKind(t *testing.T) {
	s, _ := newTestServer(t, Deps{Warnings: manyWarnings{n: 450}})
	cases := []struct {
		path           string
		first, last, n int64 // too-big stories shown: first..last, n rows
		longRunning    int
		more, page     string
		prev, next     string
	}{
		{"/projects/5/warnings", 1, 50, 50, 3, "and 400 more", "", "", ""},
		{"/projects/5/warnings?kind=too_big", 1, 200, 200, 0, "", "Page 1 of 3", "", "/projects/5/warnings?kind=too_big&page=2"},
		{"/projects/5/warnings?kind=too_big&page=2", 201, 400, 200, 0, "", "Page 2 of 3",
			"/projects/5/warnings?kind=too_big&page=1", "/projects/5/warnings?kind=too_big&page=3"},
		{"/projects/5/warnings?kind=too_big&page=3", 401, 450, 50, 0, "", "Page 3 of 3", "/projects/5/warnings?kind=too_big&page=2", ""},
		{"/projects/5/warnings?kind=too_big&page=9", 401, 450, 50, 0, "", "Page 3 of 3", "/projects/5/warnings?kind=too_big&page=2", ""},
		{"/projects/5/warnings?kind=too_big&page=x", 1, 200, 200, 0, "", "Page 1 of 3", "", "/projects/5/warnings?kind=too_big&page=2"},
		{"/projects/5/warnings?kind=long_running", 0, 0, 0, 3, "", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			res, body := get(t, s, tc.path)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			shown := storiesShown(body, "too_big")
			if int64(len(shown)) != tc.n || tc.n > 0 && (shown[0] != tc.first || shown[len(shown)-1] != tc.last) {
				t.Errorf("too-big rows: %d (%v … %v), want %d: %d … %d", len(shown), first(shown), last(shown), tc.n, tc.first, tc.last)
			}
			if got := len(storiesShown(body, "long_running")); got != tc.longRunning {
				t.Errorf("%d long-running rows, want %d", got, tc.longRunning)
			}
			if !strings.Contains(body, `data-testid="warning-count-too_big"><div class="v">450</div>`) {
				t.Error("the too-big count tile should say 450 whatever is shown")
			}
			more := `data-testid="warnings-more"><a href="/projects/5/warnings?kind=too_big">` + tc.more + `</a>`
			if strings.Contains(body, `data-testid="warnings-more"`) != (tc.more != "") || tc.more != "" && !strings.Contains(body, more) {
				t.Errorf("want the more link %q", tc.more)
			}
			var page string
			if m := pageText.FindStringSubmatch(body); m != nil {
				page = m[1]
			}
			if page != tc.page {
				t.Errorf("pager %q, want %q", page, tc.page)
			}
			for rel, want := range map[string]string{"prev": tc.prev, "next": tc.next} {
				href := `href="` + strings.ReplaceAll(want, "&", "&amp;") + `" rel="` + rel + `"`
				if has := strings.Contains(body, `rel="`+rel+`"`); has != (want != "") || want != "" && !strings.Contains(body, href) {
					t.Errorf("%s link: want %q", rel, want)
				}
			}
		})
	}
}

// TestRejectedDismissalStaysInView: a plain form's rejected dismissal of a
// warning past the overview's first 50 shows that row with its error.
func TestRejectedDismissalStaysInView(t *testing.T) {
	s, _ := newTestServer(t, Deps{Warnings: manyWarnings{n: 120}})
	sess := newSession(t, s, "/projects/5/warnings")
	res, body := sess.post(t, s, "/projects/5/warnings/dismiss", url.Values{"story_id": {"99"}, "kind": {"too_big"}, "reason": {" "}})
	if res.StatusCode != 422 {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	shown := storiesShown(body, "too_big")
	errs := strings.Count(body, `data-testid="dismiss-error"`)
	if len(shown) != 51 || shown[49] != 50 || shown[50] != 99 || errs != 1 {
		t.Errorf("rows %v … (%d), dismiss errors %d: want 1 … 50 then 99 with its error", first(shown), len(shown), errs)
	}
}

func first(ids []int64) any {
	if len(ids) == 0 {
		return nil
	}
	return ids[0]
}

func last(ids []int64) any {
	if len(ids) == 0 {
		return nil
	}
	return ids[len(ids)-1]
}
