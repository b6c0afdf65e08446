package web

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

var changeSpan = regexp.MustCompile(`(?s)<span data-testid="change" data-key="([a-z_]+)">(.*?)</span>`)

// changes reads the "changed since" line: key → "then → now".
func changes(body string) map[string]string {
	out := map[string]string{}
	for _, m := range changeSpan.FindAllStringSubmatch(body, -1) {
		// "accepted points 13 → 11": keep "13 → 11"
		f := strings.Fields(m[2])
		if len(f) >= 3 {
			out[m[1]] = strings.Join(f[len(f)-3:], " ")
		}
	}
	return out
}

func TestSprintReviewSnapshotKeepsWhatItSaid(t *testing.T) {
	s, st, _, _ := digestServer(t, 200)
	res, _ := newSession(t, s, "/digest").post(t, s, "/projects/1/sprints/42/snapshot", nil)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/s/") {
		t.Fatalf("create snapshot: status %d, location %q", res.StatusCode, loc)
	}
	if id := strings.TrimPrefix(loc, "/s/"); !sprintlens.ValidSnapshotID(id) {
		t.Fatalf("permalink id %q is not a snapshot id", id)
	}
	res, body := get(t, s, loc)
	if res.StatusCode != 200 || res.Header.Get("X-Robots-Tag") != "noindex" {
		t.Fatalf("snapshot page: %d, robots %q", res.StatusCode, res.Header.Get("X-Robots-Tag"))
	}
	if !strings.Contains(body, "Nothing has changed since") || !strings.Contains(body, `href="/projects/1/sprints/42"`) {
		t.Fatalf("fresh snapshot should say nothing changed and link the live review:\n%s", body)
	}

	// The story is re-estimated and the sprint recomputed: 13 accepted
	// becomes 11, 5 carried over becomes 8.
	st.set(func(m *memStore) {
		m.review.Accepted.Points, m.review.CarriedOver.Points = 11, 8
		m.review.Stories[0].Points = 5
	})
	_, body = get(t, s, loc)
	tallies := regexp.MustCompile(`(?s)data-testid="tally-accepted"><div class="v">(\d+)</div>`).FindStringSubmatch(body)
	if tallies == nil || tallies[1] != "13" {
		t.Fatalf("the frozen review should still show 13 accepted, got %v", tallies)
	}
	if !strings.Contains(body, "Rotate certs &lt;now&gt;") || !strings.Contains(body, `<td class="num">8</td>`) {
		t.Error("the frozen story row should keep its 8 points")
	}
	got := changes(body)
	if got["accepted_points"] != "13 → 11" || got["carried_over_points"] != "5 → 8" || len(got) != 2 {
		t.Fatalf("changed since = %v, want accepted 13 → 11 and carried over 5 → 8", got)
	}
}

func TestDigestSnapshotKeepsWhatWasSent(t *testing.T) {
	s, st, _, _ := digestServer(t, 200)
	if _, err := s.deps.Digest.SendProject(context.Background(), 1, sprintlens.TriggerCLI); err != nil {
		t.Fatal(err)
	}
	loc := "/s/" + st.sends[0].SnapshotID
	st.set(func(m *memStore) {
		m.sums[0].AcceptedPoints = 11 // an accepted story re-estimated from 5 to 3
		m.metrics.Velocity.Value = 11.3
	})
	res, body := get(t, s, loc)
	if res.StatusCode != 200 {
		t.Fatalf("snapshot page: %d", res.StatusCode)
	}
	if !strings.Contains(body, "13 of 21 committed pts (62%)") || !strings.Contains(body, `data-testid="digest-json"`) {
		t.Fatal("the digest snapshot should show the message as sent")
	}
	got := changes(body)
	if got["accepted_points"] != "13 → 11" || got["velocity"] != "12 → 11.3" {
		t.Fatalf("changed since = %v", got)
	}
	if !strings.Contains(body, `href="/projects/1"`) {
		t.Error("no link to the current view")
	}
}

func TestSnapshotUnknownOrMalformed(t *testing.T) {
	s, st, _, _ := digestServer(t, 200)
	for _, path := range []string{"/s/short", "/s/abcdefghijklmnopqrst", "/s/ABCDEFGHIJKLMNOPQRST", "/s/abcdefghijklmnopqrs0"} {
		if res, _ := get(t, s, path); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	sess := newSession(t, s, "/digest")
	for _, path := range []string{"/projects/1/sprints/41/snapshot", "/projects/9/sprints/42/snapshot", "/projects/x/sprints/42/snapshot"} {
		if res, _ := sess.post(t, s, path, nil); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	if len(st.snapshots) != 0 {
		t.Fatal("no snapshot should have been made")
	}
}
