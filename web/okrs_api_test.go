package web

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestAPIOKRs(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	for _, path := range []string{"/api/v1/okrs", "/api/v1/okrs?period=2026Q4", "/api/v1/okrs?period=2026q4"} {
		res, body := get(t, s, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d %s", path, res.StatusCode, body)
		}
		var got struct {
			Period     map[string]any   `json:"period"`
			Objectives []map[string]any `json:"objectives"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"key", "name", "start", "end", "closed"} {
			if _, ok := got.Period[k]; !ok {
				t.Errorf("%s: period lacks %q", path, k)
			}
		}
		if got.Period["key"] != "2026Q4" || got.Period["start"] != "2026-10-01T00:00:00+09:00" || got.Period["end"] != "2027-01-01T00:00:00+09:00" {
			t.Errorf("%s: period %v", path, got.Period)
		}
		if len(got.Objectives) != 2 {
			t.Fatalf("%s: %d objectives", path, len(got.Objectives))
		}
		o := got.Objectives[0]
		for _, k := range []string{"id", "title", "owner", "progress", "status", "key_results"} {
			if _, ok := o[k]; !ok {
				t.Errorf("objective lacks %q", k)
			}
		}
		if o["title"] != xssTitle || o["status"] != "at_risk" || o["progress"] != 50.0 {
			t.Errorf("objective 0: title %v status %v progress %v (12 of 24 services, 12 points behind)", o["title"], o["status"], o["progress"])
		}
		krs := map[float64]map[string]any{}
		for _, ob := range got.Objectives {
			for _, kr := range ob["key_results"].([]any) {
				m := kr.(map[string]any)
				krs[m["id"].(float64)] = m
			}
		}
		for _, k := range []string{"id", "title", "kind", "start", "target", "unit", "weight", "current", "progress", "expected",
			"confidence", "status", "outdated", "last_check_in_at"} {
			if _, ok := krs[10][k]; !ok {
				t.Errorf("key result lacks %q", k)
			}
		}
		eks, taiwan, binary := krs[10], krs[11], krs[13]
		if eks["current"] != 12.0 || eks["progress"] != 50.0 || eks["confidence"] != 7.0 || eks["status"] != "at_risk" || eks["outdated"] != false {
			t.Errorf("EKS key result: %v", eks)
		}
		if exp := eks["expected"].(float64); math.Abs(exp-100*56.875/92) > 0.01 {
			t.Errorf("expected = %v, want %.2f (day 56.875 of 92)", exp, 100*56.875/92)
		}
		if p := taiwan["progress"].(float64); math.Abs(p-100*0.3/1.8) > 1e-9 || taiwan["status"] != "off_track" || taiwan["outdated"] != true {
			t.Errorf("Taiwan key result (2.8 → 2.5 of 1.0, 16 days old): %v", taiwan)
		}
		if binary["confidence"] != nil || binary["last_check_in_at"] != nil || binary["outdated"] != true {
			t.Errorf("never checked in: %v", binary)
		}
	}

	// The outdated age is configurable: with 30 days, a 16-day-old check-in is fresh.
	lenient, _ := newTestServer(t, Deps{OKRs: f, OKRZone: tokyoZone(t), CheckInMaxAge: 30 * 24 * time.Hour})
	_, body := get(t, lenient, "/api/v1/okrs")
	if strings.Count(body, `"outdated":true`) != 1 || !strings.Contains(body, `"id":11,"title":"p95 in Taiwan"`) {
		t.Errorf("with CheckInMaxAge 30 days only the never-checked-in result is outdated: %s", body)
	}
	_, page := get(t, lenient, "/okrs")
	if !strings.Contains(page, "more than 30 days old") {
		t.Error("the outdated hint should name the configured age")
	}

	res, body := get(t, s, "/api/v1/okrs?period=2027Q1")
	if res.StatusCode != 200 || !strings.Contains(body, `"objectives":[]`) || !strings.Contains(body, `"key":"2027Q1"`) {
		t.Errorf("unstored quarter: %d %s", res.StatusCode, body)
	}
	res, body = get(t, s, "/api/v1/okrs?period=no-such")
	if res.StatusCode != 404 || !strings.Contains(body, `"error"`) {
		t.Errorf("unknown period: %d %s", res.StatusCode, body)
	}
}

func TestAPICheckInCreate(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	tests := []struct {
		name      string
		path      string
		body      string
		status    int
		wantInErr string
	}{
		{"valid", "/api/v1/key-results/10/check-ins", `{"value": 14, "confidence": 8, "comment": "cron workers moved", "author": "kenji"}`, 201, ""},
		{"confidence above 10", "/api/v1/key-results/10/check-ins", `{"value": 14, "confidence": 11, "author": "kenji"}`, 422, "confidence"},
		{"confidence below 0", "/api/v1/key-results/10/check-ins", `{"value": 14, "confidence": -1, "author": "kenji"}`, 422, "confidence"},
		{"missing value", "/api/v1/key-results/10/check-ins", `{"confidence": 5, "author": "kenji"}`, 422, "value"},
		{"missing author", "/api/v1/key-results/10/check-ins", `{"value": 1, "confidence": 5}`, 422, "author"},
		{"binary value 2", "/api/v1/key-results/13/check-ins", `{"value": 2, "confidence": 5, "author": "aiko"}`, 422, "binary"},
		{"value of the wrong type", "/api/v1/key-results/10/check-ins", `{"value": "lots", "confidence": 5, "author": "kenji"}`, 422, "value"},
		{"not JSON", "/api/v1/key-results/10/check-ins", `{value`, 400, "JSON"},
		{"unknown key result", "/api/v1/key-results/999/check-ins", `{"value": 1, "confidence": 5, "author": "kenji"}`, 404, "key result not found"},
		{"non-numeric id", "/api/v1/key-results/abc/check-ins", `{"value": 1, "confidence": 5, "author": "kenji"}`, 404, "not found"},
	}
	sess := newSession(t, s, "/okrs")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.checkIns)
			res, body := sess.postJSON(t, s, tt.path, tt.body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.status != 201 {
				var e map[string]string
				if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e["error"], tt.wantInErr) {
					t.Errorf("error body %s, want {\"error\": ...%s...}", body, tt.wantInErr)
				}
				if len(f.checkIns) != before {
					t.Error("a rejected check-in was stored")
				}
				return
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if got["value"] != 14.0 || got["confidence"] != 8.0 || got["author"] != "kenji" || got["key_result_id"] != 10.0 ||
				got["at"] != "2026-11-26T12:00:00Z" || got["id"] == nil {
				t.Errorf("stored check-in: %v", got)
			}
			if len(f.checkIns) != before+1 || f.checkIns[before-1].Value != 1 {
				t.Error("the check-in should be appended, the history kept")
			}
		})
	}

	// A closed period refuses with 409 and says why.
	f.periods[0].Closed = true
	res, body := sess.postJSON(t, s, "/api/v1/key-results/10/check-ins", `{"value": 15, "confidence": 8, "author": "kenji"}`)
	if res.StatusCode != 409 || !strings.Contains(body, "closed") {
		t.Errorf("closed period: %d %s", res.StatusCode, body)
	}
}
