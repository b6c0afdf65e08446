package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// TestProjectPagesAnswerRepeatViewsWith304: the project overview and a
// sprint review carry an ETag; asking again with it gets 304 until the
// data, the reader (language, CSRF cookie), the representation (htmx,
// CSV) or, for the overview's burn-up, the day changes.
func TestProjectPagesAnswerRepeatViewsWith304(t *testing.T) {
	_, st, teamNow := teamServer(t)
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	srv := web.New(web.Config{Version: "test", Bundle: b, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return clock }},
		web.Deps{Ready: st, Projects: st, Velocity: st, Backlog: st, Warnings: st, StoryWarnings: st, Versions: st})
	c := &client{t: t, h: srv}

	// The sprint where story 9002 shows its too_big badge.
	row := regexp.MustCompile(`<tr data-testid="story-row" data-story-id="9002">`)
	sprint := ""
	for n := 1; n <= 21 && sprint == ""; n++ {
		if _, body := c.get("/projects/77/sprints/" + strconv.Itoa(n)); row.MatchString(body) {
			sprint = "/projects/77/sprints/" + strconv.Itoa(n)
		}
	}
	if sprint == "" {
		t.Fatal("story 9002 is in no sprint review")
	}
	pages := []string{"/projects/77", sprint}
	tags := map[string]string{}
	for _, page := range pages {
		res, _ := c.get(page)
		tag := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || res.Header.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("%s: status %d, ETag %q, Cache-Control %q", page, res.StatusCode, tag, res.Header.Get("Cache-Control"))
		}
		tags[page] = tag
	}
	// expect asks for page with its last tag (and hdr) and checks the status.
	expect := func(cl *client, page string, want int, why string, hdr ...string) string {
		t.Helper()
		res, body := cl.get(page, append([]string{"If-None-Match", tags[page]}, hdr...)...)
		if res.StatusCode != want {
			t.Errorf("%s, %s: status %d, want %d", page, why, res.StatusCode, want)
		}
		if want == http.StatusNotModified && body != "" {
			t.Errorf("%s, %s: a 304 with a body", page, why)
		}
		return body
	}
	for _, page := range pages {
		expect(c, page, http.StatusNotModified, "repeat view")
		expect(c, page, http.StatusNotModified, "repeat view among other tags", "If-None-Match", `W/"x", `+tags[page])
		expect(c, page, http.StatusOK, "in Japanese", "Accept-Language", "ja")
		expect(c, page, http.StatusOK, "from htmx", "HX-Request", "true")
		// Another browser has another CSRF cookie: its page must carry its own token.
		other := &client{t: t, h: srv}
		body := expect(other, page, http.StatusOK, "another browser")
		if other.token == "" || other.token == c.token || !strings.Contains(body, other.token) {
			t.Errorf("%s, another browser: its page carries token %q, not its own", page, other.token)
		}
	}
	if res, _ := c.get(sprint+"?format=csv", "If-None-Match", tags[sprint]); res.StatusCode != http.StatusOK ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV download with the page's tag: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// A dismissed warning drops a badge from the sprint review.
	c.get("/projects/77/warnings")
	if res, _ := c.post("/projects/77/warnings/dismiss", url.Values{"story_id": {"9002"}, "kind": {"too_big"},
		"reason": {"One stateful set per cluster."}}, true); res.StatusCode != http.StatusOK {
		t.Fatalf("dismiss: status %d", res.StatusCode)
	}
	body := expect(c, sprint, http.StatusOK, "after a dismissal")
	if m := regexp.MustCompile(`(?s)<tr data-testid="story-row" data-story-id="9002">.*?</tr>`).FindString(body); strings.Contains(m, `data-kind="too_big"`) {
		t.Errorf("the dismissed badge is still on the page")
	}
	for _, page := range pages {
		res, _ := c.get(page)
		tags[page] = res.Header.Get("ETag")
	}

	// A save (a sync or an import) recomputes the metrics.
	saveTeam(t, st, teamNow, nil)
	for _, page := range pages {
		expect(c, page, http.StatusOK, "after a save")
		res, _ := c.get(page)
		tags[page] = res.Header.Get("ETag")
	}

	// Tomorrow the overview's burn-up greys out one day less.
	clock = clock.AddDate(0, 0, 1)
	expect(c, "/projects/77", http.StatusOK, "the next day")
	expect(c, sprint, http.StatusNotModified, "the next day")
}
