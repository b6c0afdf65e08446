package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestSettingsValidationAndSave(t *testing.T) {
	srv, _, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/projects/77/settings")
	if res.StatusCode != 200 || testIDs(body, "settings-form") != 1 {
		t.Fatalf("settings page: %d", res.StatusCode)
	}
	for _, want := range []string{`name="size_limit" value=""`, `<option value="3" selected>`,
		`name="lumpy_share" value="40"`, `name="long_running_percentile" value="85"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	// Project 77 is synced: its time zone is Tracker's, shown and not offered.
	if strings.Contains(body, `name="time_zone"`) || testIDText(t, body, "value-time_zone") != "Asia/Tokyo" ||
		testIDText(t, body, "origin-time_zone") != "(from Tracker)" || testIDs(body, "readonly-time_zone") != 1 {
		t.Errorf("a synced project's time zone should show read-only, from Tracker:\n%s", body)
	}
	form := url.Values{"size_limit": {"0"}, "velocity_window": {"7"}, "time_zone": {"Mars/Olympus"},
		"lumpy_share": {"abc"}, "long_running_percentile": {"85"}}
	bare := &client{t: t, h: srv}
	if res, _ := bare.post("/projects/77/settings", form, false); res.StatusCode < 400 {
		t.Fatalf("settings without a CSRF token: %d", res.StatusCode)
	}
	res, body = c.post("/projects/77/settings", form, false)
	if res.StatusCode != 422 || testIDs(body, "settings-invalid") != 1 {
		t.Fatalf("invalid settings: %d", res.StatusCode)
	}
	errs := map[string]string{
		"size_limit":      "Enter a number above 0 and at most 100, or leave it empty for the default rule.",
		"velocity_window": "Choose 1 to 4 sprints.",
		"lumpy_share":     "Enter a number.",
	}
	for field, msg := range errs {
		if got := testIDText(t, body, "error-"+field); got != msg {
			t.Errorf("error beside %s = %q, want %q", field, got, msg)
		}
	}
	if testIDs(body, "error-long_running_percentile") != 0 || testIDs(body, "error-time_zone") != 0 {
		t.Error("a valid field, and the time zone the form does not send, show no error")
	}
	if !strings.Contains(body, `value="abc"`) || !strings.Contains(body, `aria-invalid="true"`) ||
		testIDText(t, body, "value-time_zone") != "Asia/Tokyo" {
		t.Error("the form keeps what was typed, marks the bad fields and still shows Tracker's zone")
	}
	_, body = c.post("/projects/77/settings", url.Values{"size_limit": {"8"}, "velocity_window": {"2"}, "time_zone": {"Asia/Tokyo"},
		"lumpy_share": {"101"}, "long_running_percentile": {"49"}}, false)
	if testIDText(t, body, "error-lumpy_share") != "Enter a percentage from 10 to 100." ||
		testIDText(t, body, "error-long_running_percentile") != "Enter a percentile from 50 to 99." {
		t.Error("out-of-range percentages need their own messages")
	}

	// A time zone posted anyway (an old form, a script) is not Tracker's: ignored.
	res, _ = c.post("/projects/77/settings", url.Values{"size_limit": {"8"}, "velocity_window": {"2"}, "time_zone": {"Europe/Berlin"},
		"lumpy_share": {"60"}, "long_running_percentile": {"90"}, "count_bugs_and_chores": {"on"}}, false)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/projects/77/settings?saved=1" {
		t.Fatalf("save: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/projects/77/settings?saved=1")
	if testIDs(body, "settings-saved") != 1 || !strings.Contains(body, `name="size_limit" value="8"`) ||
		!strings.Contains(body, `<option value="2" selected>`) || !strings.Contains(body, `name="count_bugs_and_chores" value="on" checked`) {
		t.Error("saved settings should show")
	}
	if z := testIDText(t, body, "value-time_zone"); z != "Asia/Tokyo" {
		t.Errorf("a synced project's zone became %q", z)
	}
	// Saving recomputed the warnings: an 8 is within a limit of 8, and at a
	// 60% lumpy share only the four 5-of-7 coarse sprints (71%) stay lumpy.
	_, body = c.get("/projects/77/warnings")
	if got := testIDText(t, body, "size-limit"); got != "Size limit: 8 points, set in this project's settings." {
		t.Errorf("limit note = %q", got)
	}
	if testIDText(t, body, "warning-count-too_big") != "0" || testIDText(t, body, "warning-count-lumpy_sprint") != "4" {
		t.Errorf("after saving: too_big %s, lumpy %s", testIDText(t, body, "warning-count-too_big"),
			testIDText(t, body, "warning-count-lumpy_sprint"))
	}
	if res, _ := c.get("/projects/999/settings"); res.StatusCode != 404 {
		t.Errorf("unknown project settings: %d", res.StatusCode)
	}
}

// An imported project's time zone is sprintlens's own: the form offers it.
func TestSettingsEditTheTimeZoneOfAnImport(t *testing.T) {
	srv, st, _ := teamServer(t)
	p, _, err := st.EnsureCSVProject(context.Background(), sprintlens.Project{Name: "Ops export", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/projects/" + strconv.FormatInt(p.ID, 10) + "/settings"
	c := &client{t: t, h: srv}
	_, body := c.get(path)
	if !strings.Contains(body, `name="time_zone" value="UTC"`) || testIDs(body, "readonly-time_zone") != 0 {
		t.Fatalf("an imported project's zone should be an input:\n%s", body)
	}
	form := url.Values{"size_limit": {""}, "velocity_window": {"3"}, "time_zone": {"Mars/Olympus"},
		"lumpy_share": {"40"}, "long_running_percentile": {"85"}}
	res, body := c.post(path, form, false)
	if res.StatusCode != 422 || testIDText(t, body, "error-time_zone") != "Not a time zone name: use one such as Asia/Tokyo." ||
		!strings.Contains(body, `value="Mars/Olympus"`) {
		t.Fatalf("a bad zone: %d, error %q", res.StatusCode, testIDText(t, body, "error-time_zone"))
	}
	form.Set("time_zone", "Asia/Tokyo")
	if res, _ := c.post(path, form, false); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if _, body := c.get(path); !strings.Contains(body, `name="time_zone" value="Asia/Tokyo"`) {
		t.Error("the saved zone should show")
	}
	if got, err := st.Project(context.Background(), p.ID); err != nil || got.TimeZone != "Asia/Tokyo" {
		t.Errorf("stored zone %q, %v", got.TimeZone, err)
	}
}
