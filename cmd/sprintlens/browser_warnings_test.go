package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// dismissWarning dismisses the first warning on the project's warnings
// page with a reason typed and Enter pressed, waits for htmx to swap the
// row, and checks the row says who dismissed it and why and the API no
// longer lists the warning.
func dismissWarning(t *testing.T, ctx context.Context, app *demoApp) {
	t.Helper()
	page := fmt.Sprintf("/projects/%d/warnings", app.projectID)
	type warning struct {
		StoryID int64  `json:"story_id"`
		Kind    string `json:"kind"`
	}
	api := fmt.Sprintf("/api/v1/projects/%d/warnings", app.projectID)
	var before []warning
	app.getJSON(t, api, &before)
	if len(before) == 0 {
		t.Fatal("the demo project has no warning to dismiss")
	}

	must(t, "open warnings", chromedp.Do(ctx, chromedp.Navigate(app.base+page), chromedp.WaitVisible(byTestID("warning-row"))))
	screenshot(t, ctx, "04-warnings")
	row, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const r = document.querySelector('tr[data-testid="warning-row"]:has([data-testid="dismiss-form"])');
		return r ? {id: r.id, story: r.dataset.story, kind: r.dataset.kind} : {};
	})()`))
	must(t, "find a warning to dismiss", err)
	if row["id"] == "" {
		t.Fatal("no warning row with a dismiss form")
	}
	sel := "#" + row["id"]
	reason := fmt.Sprintf("split already planned (browser test %d)", time.Now().Unix())
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload = true`))
	must(t, "mark the page", err)
	must(t, "dismiss", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(sel+" details summary")),
		chromedp.WaitVisible(chromedp.CSS(sel+` input[name="reason"]`)),
		chromedp.SendKeys(chromedp.CSS(sel+` input[name="reason"]`), reason+"\n"),
		chromedp.WaitVisible(chromedp.CSS(sel+` [data-testid="warning-dismissed"]`)),
	))
	screenshot(t, ctx, "04-warning-dismissed")
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload === true`))
	must(t, "read the marker", err)
	if !kept {
		t.Error("dismissing reloaded the whole page; htmx should have swapped the row")
	}
	said, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel+` [data-testid="warning-dismissed"]`)))
	must(t, "read the dismissed row", err)
	if !strings.Contains(said, reason) {
		t.Errorf("dismissed row says %q, want the reason %q", said, reason)
	}

	var after []warning
	app.getJSON(t, api, &after)
	for _, w := range after {
		if fmt.Sprint(w.StoryID) == row["story"] && w.Kind == row["kind"] {
			t.Errorf("GET %s still lists the dismissed %s warning of story %s", api, w.Kind, row["story"])
		}
	}
	if len(after) != len(before)-1 {
		t.Errorf("GET %s lists %d warnings after one dismissal, %d before", api, len(after), len(before))
	}
}
