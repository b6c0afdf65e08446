package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// The sprint review shows each story's open warnings beside it: story
// 9002 of the team (8 points, rolled across sprints) carries too_big and
// multi_sprint badges wherever it appears.
func TestSprintReviewShowsWarningBadges(t *testing.T) {
	_, st, _ := teamServer(t)
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Version: "test", Bundle: b, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		web.Deps{Ready: st, Projects: st, Velocity: st, Backlog: st, Warnings: st, StoryWarnings: st})
	c := &client{t: t, h: srv}
	row := regexp.MustCompile(`(?s)<tr data-testid="story-row" data-story-id="9002">.*?</tr>`)
	found := false
	for n := 1; n <= 20 && !found; n++ {
		res, body := c.get("/projects/77/sprints/" + strconv.Itoa(n))
		if res.StatusCode == http.StatusNotFound {
			break
		}
		m := row.FindString(body)
		if m == "" {
			continue
		}
		found = true
		for _, kind := range []string{"too_big", "multi_sprint"} {
			if !strings.Contains(m, `data-testid="warning-badge" data-kind="`+kind+`"`) {
				t.Errorf("sprint %d: story 9002's row lacks a %s badge: %s", n, kind, m)
			}
		}
	}
	if !found {
		t.Fatal("story 9002 is in no sprint review")
	}
}
