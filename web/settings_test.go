package web_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestSettingsValidationAndSave(t *testing.T) {
	srv, _, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/projects/77/settings")
	if res.StatusCode != 200 || testIDs(body, "settings-form") != 1 {
		t.Fatalf("settings page: %d", res.StatusCode)
	}
	for _, want := range []string{`name="size_limit" value=""`, `<option value="3" selected>`, `name="time_zone" value="Asia/Tokyo"`,
		`name="lumpy_share" value="40"`, `name="long_running_percentile" value="85"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
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
		"time_zone":       "Not a time zone name: use one such as Asia/Tokyo.",
		"lumpy_share":     "Enter a number.",
	}
	for field, msg := range errs {
		if got := testIDText(t, body, "error-"+field); got != msg {
			t.Errorf("error beside %s = %q, want %q", field, got, msg)
		}
	}
	if testIDs(body, "error-long_running_percentile") != 0 {
		t.Error("a valid field shows no error")
	}
	if !strings.Contains(body, `value="Mars/Olympus"`) || !strings.Contains(body, `aria-invalid="true"`) {
		t.Error("the form keeps what was typed and marks the bad fields")
	}
	_, body = c.post("/projects/77/settings", url.Values{"size_limit": {"8"}, "velocity_window": {"2"}, "time_zone": {"Asia/Tokyo"},
		"lumpy_share": {"101"}, "long_running_percentile": {"49"}}, false)
	if testIDText(t, body, "error-lumpy_share") != "Enter a percentage from 10 to 100." ||
		testIDText(t, body, "error-long_running_percentile") != "Enter a percentile from 50 to 99." {
		t.Error("out-of-range percentages need their own messages")
	}

	res, _ = c.post("/projects/77/settings", url.Values{"size_limit": {"8"}, "velocity_window": {"2"}, "time_zone": {"Asia/Tokyo"},
		"lumpy_share": {"60"}, "long_running_percentile": {"90"}, "count_bugs_and_chores": {"on"}}, false)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/projects/77/settings?saved=1" {
		t.Fatalf("save: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/projects/77/settings?saved=1")
	if testIDs(body, "settings-saved") != 1 || !strings.Contains(body, `name="size_limit" value="8"`) ||
		!strings.Contains(body, `<option value="2" selected>`) || !strings.Contains(body, `name="count_bugs_and_chores" value="on" checked`) {
		t.Error("saved settings should show")
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
