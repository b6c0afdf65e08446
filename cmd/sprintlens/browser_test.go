package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFlows drives Debian's Chromium through the demo's critical
// flows and checks what the pages show against the JSON API. Each page
// visited is saved as a screenshot (see artifactDir).
func TestBrowserFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests start Chromium; skipped with -short")
	}
	browser := newBrowser(t)
	app := startDemoApp(t)
	overview := fmt.Sprintf("%s/projects/%d", app.base, app.projectID)

	t.Run("overview velocity matches the API", func(t *testing.T) {
		ctx := within(t, browser, 20*time.Second)
		must(t, "open overview", chromedp.Do(ctx, chromedp.Navigate(overview), chromedp.WaitVisible(byTestID("kpi-velocity"))))
		screenshot(t, ctx, "01-overview")
		var api struct {
			Velocity float64 `json:"velocity"`
		}
		app.getJSON(t, fmt.Sprintf("/api/v1/projects/%d/velocity", app.projectID), &api)
		got := number(t, "kpi-velocity", text(t, ctx, "kpi-velocity"))
		if api.Velocity <= 0 || got != shown(api.Velocity) {
			t.Errorf("overview shows velocity %v, the API says %v", got, api.Velocity)
		}
	})

	t.Run("sprint review matches the API", func(t *testing.T) {
		ctx := within(t, browser, 20*time.Second)
		must(t, "open overview", chromedp.Do(ctx, chromedp.Navigate(overview), chromedp.WaitVisible(byTestID("last-sprint-line"))))
		must(t, "follow the sprint review link", chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`[data-testid="last-sprint-line"] a`)),
			chromedp.WaitVisible(byTestID("review-committed-points"))))
		screenshot(t, ctx, "02-sprint-review")
		loc, err := chromedp.Run(ctx, chromedp.Location())
		must(t, "read location", err)
		m := regexp.MustCompile(fmt.Sprintf(`/projects/%d/sprints/(\d+)$`, app.projectID)).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("the link led to %s, not a sprint review", loc)
		}
		type tally struct {
			Points float64 `json:"points"`
			Count  int     `json:"count"`
		}
		var api struct {
			Committed tally `json:"committed"`
			Accepted  tally `json:"accepted"`
		}
		app.getJSON(t, fmt.Sprintf("/api/v1/projects/%d/sprints/%s", app.projectID, m[1]), &api)
		if api.Accepted.Count == 0 {
			t.Fatalf("sprint %s accepted nothing: pick a sprint the numbers can be compared on", m[1])
		}
		for _, c := range []struct {
			key  string
			want tally
		}{{"committed", api.Committed}, {"accepted", api.Accepted}} {
			points := number(t, c.key, text(t, ctx, "review-"+c.key+"-points"))
			count := number(t, c.key, text(t, ctx, "review-"+c.key+"-count"))
			if points != shown(c.want.Points) || int(count) != c.want.Count {
				t.Errorf("sprint %s %s: page shows %v pts / %v stories, the API says %v / %d",
					m[1], c.key, points, count, c.want.Points, c.want.Count)
			}
		}
	})

	t.Run("key-result check-in", func(t *testing.T) {
		ctx := within(t, browser, 20*time.Second)
		checkIn(t, ctx, app)
	})

	t.Run("dismiss a warning", func(t *testing.T) {
		ctx := within(t, browser, 20*time.Second)
		dismissWarning(t, ctx, app)
	})

	t.Run("sync now", func(t *testing.T) {
		ctx := within(t, browser, 40*time.Second)
		syncNow(t, ctx, app)
	})

	t.Run("japanese overview", func(t *testing.T) {
		ctx := within(t, browser, 20*time.Second)
		must(t, "open overview in Japanese", chromedp.Do(ctx, chromedp.Navigate(overview+"?lang=ja"), chromedp.WaitVisible(byTestID("kpi-velocity"))))
		screenshot(t, ctx, "06-overview-ja")
		lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		must(t, "read lang", err)
		if lang != "ja" {
			t.Errorf("?lang=ja gave a page in %q", lang)
		}
		// Back to English for anything after this.
		must(t, "back to English", chromedp.Do(ctx, chromedp.Navigate(overview+"?lang=en")))
	})
}

// checkIn enters a key result's weekly check-in on /okrs/check-in the way
// a person does (type, press Enter), waits for htmx to swap the row and
// checks the page and the API show the new value.
func checkIn(t *testing.T, ctx context.Context, app *demoApp) {
	t.Helper()
	must(t, "open check-in", chromedp.Do(ctx, chromedp.Navigate(app.base+"/okrs/check-in"), chromedp.WaitVisible(byTestID("checkin-list"))))
	// The first key result measured by a number (not done/not done, not milestones).
	rowID, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.querySelector('[data-testid="kr-row"]:has(input[type="number"][name="value"])')?.id ?? ""`))
	must(t, "find a numeric key result", err)
	if rowID == "" {
		t.Fatal("no key result with a number to check in")
	}
	krID, _ := strconv.ParseInt(strings.TrimPrefix(rowID, "kr-"), 10, 64)
	before := apiKeyResult(t, app, krID)
	value := before.Current + 1
	confidence := derefInt(before.Confidence)%10 + 1 // 1-10, never the old value
	comment := fmt.Sprintf("browser check-in %d", time.Now().Unix())
	row := "#" + rowID
	// A full page load would drop this marker; an htmx swap keeps it.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload = true`))
	must(t, "mark the page", err)
	must(t, "type the check-in", chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS(row+` input[name="value"]`)),
		chromedp.SendKeys(chromedp.CSS(row+` input[name="value"]`), strconv.FormatFloat(value, 'f', -1, 64)),
		chromedp.Clear(chromedp.CSS(row+` input[name="confidence"]`)),
		chromedp.SendKeys(chromedp.CSS(row+` input[name="confidence"]`), strconv.Itoa(confidence)),
		chromedp.SendKeys(chromedp.CSS(row+` input[name="comment"]`), comment+"\n"),
		chromedp.WaitVisible(chromedp.CSS(row+` [data-testid="checkin-saved"]`)),
	))
	screenshot(t, ctx, "03-okr-check-in")
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.slNoReload === true`))
	must(t, "read the marker", err)
	if !kept {
		t.Error("saving reloaded the whole page; htmx should have swapped the row")
	}
	shownValue, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(row+` [data-testid="kr-value"]`)))
	must(t, "read the row's value", err)
	if number(t, "kr-value", shownValue) != value {
		t.Errorf("row shows %q after checking in %v", shownValue, value)
	}
	after := apiKeyResult(t, app, krID)
	if after.Current != value || derefInt(after.Confidence) != confidence {
		t.Errorf("API key result %d: current %v confidence %v, want %v and %d", krID, after.Current, derefInt(after.Confidence), value, confidence)
	}
}

// apiKeyResult is one key result of the current period from GET /api/v1/okrs.
type apiKR struct {
	ID         int64   `json:"id"`
	Current    float64 `json:"current"`
	Confidence *int    `json:"confidence"`
}

func apiKeyResult(t *testing.T, app *demoApp, id int64) apiKR {
	t.Helper()
	var api struct {
		Objectives []struct {
			KeyResults []apiKR `json:"key_results"`
		} `json:"objectives"`
	}
	app.getJSON(t, "/api/v1/okrs", &api)
	for _, o := range api.Objectives {
		for _, kr := range o.KeyResults {
			if kr.ID == id {
				return kr
			}
		}
	}
	t.Fatalf("GET /api/v1/okrs has no key result %d", id)
	return apiKR{}
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
