package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// syncNow presses "Sync now" on /sync after a story changed in the
// simulated Tracker, which answers slowly, so the new run's row shows it
// running and htmx polling turns it into succeeded without a page load.
func syncNow(t *testing.T, ctx context.Context, app *demoApp) {
	t.Helper()
	storyID, points := reestimateOne(t, app)
	// Slow enough that the run outlasts a poll or two (every second).
	app.sim.SetLatency(400 * time.Millisecond)
	defer app.sim.SetLatency(0)

	must(t, "open /sync", chromedp.Do(ctx, chromedp.Navigate(app.base+"/sync"), chromedp.WaitVisible(byTestID("sync-now"))))
	known, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('tr[data-testid="sync-run"]')].map(r => r.id)`))
	must(t, "list the runs shown", err)
	knownJSON, _ := json.Marshal(known)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload = true`))
	must(t, "mark the page", err)

	must(t, "press Sync now", chromedp.Do(ctx, chromedp.Click(byTestID("sync-now"))))
	newRow := fmt.Sprintf(`(() => {
		const known = %s;
		const r = [...document.querySelectorAll('tr[data-testid="sync-run"]')].find(r => !known.includes(r.id));
		return r ? r.id + " " + r.dataset.status : false;
	})()`, knownJSON)
	first, err := chromedp.Run(ctx, chromedp.Poll[string](newRow, chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(10*time.Second)))
	must(t, "wait for the new run's row", err)
	var rowID, firstStatus string
	fmt.Sscan(first, &rowID, &firstStatus)
	screenshot(t, ctx, "05-sync-running")
	if firstStatus != "running" {
		t.Errorf("the new run's row came in as %q, want running (the run is slow on purpose)", firstStatus)
	}

	final, err := chromedp.Run(ctx, chromedp.Poll[string](
		fmt.Sprintf(`(() => { const s = document.getElementById(%q)?.dataset.status; return s && s !== "running" ? s : false; })()`, rowID),
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(25*time.Second)))
	must(t, "wait for the run to finish", err)
	screenshot(t, ctx, "05-sync-finished")
	if final != "succeeded" {
		detail, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#"+rowID)))
		t.Fatalf("run row %s ended %q: %s", rowID, final, detail)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload === true`))
	must(t, "read the marker", err)
	if !kept {
		t.Error("the page was reloaded; the row should have been updated by htmx polling")
	}

	var runs []struct {
		ID             int64  `json:"id"`
		Status         string `json:"status"`
		StoriesUpdated int    `json:"stories_updated"`
		TriggeredBy    string `json:"triggered_by"`
	}
	app.getJSON(t, "/api/v1/sync/runs?limit=5", &runs)
	found := false
	for _, r := range runs {
		if fmt.Sprintf("run-%d", r.ID) != rowID {
			continue
		}
		found = true
		if r.Status != "succeeded" || r.StoriesUpdated < 1 {
			t.Errorf("API run %d: %+v, want succeeded with the re-estimated story %d (%v pts) updated", r.ID, r, storyID, points)
		}
	}
	if !found {
		t.Errorf("GET /api/v1/sync/runs lacks %s: %+v", rowID, runs)
	}
}

// reestimateOne changes the estimate of an unaccepted story in the
// simulated Tracker so the next incremental sync has work to do.
func reestimateOne(t *testing.T, app *demoApp) (int64, float64) {
	t.Helper()
	var id int64
	var points float64
	app.sim.View(func(ds *trackersim.Dataset) {
		for _, p := range ds.Projects {
			if p.ID != app.projectID {
				continue
			}
			for _, st := range p.Stories {
				if st.State != trackersim.StateAccepted && st.Estimate != nil {
					id, points = st.ID, 5
					if *st.Estimate == 5 {
						points = 3
					}
					return
				}
			}
		}
	})
	if id == 0 {
		t.Fatal("the simulated project has no estimated story left to change")
	}
	if err := app.sim.Reestimate(app.projectID, id, points); err != nil {
		t.Fatal(err)
	}
	return id, points
}
