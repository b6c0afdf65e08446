package web

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// The test server's clock is 2026-11-26 12:00 UTC (21:00 in Tokyo), day 57
// of the 92-day 2026Q4 in Tokyo.
const xssTitle = `<script>alert(1)</script>`

func tokyoZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// newOKRFake builds 2026Q4 with two objectives (the first titled like a
// script) and four key results:
//
//	10 Services on EKS     increase 0 → 24, eks-migration, check-ins 6 then 12 (Nov 24)
//	11 p95 in Taiwan       decrease 2.8 → 1.0, cloudfront, one check-in on Nov 10 (outdated)
//	12 CloudFront rollout  milestones (3), checked in Nov 25
//	13 Old CDN off         binary, never checked in (outdated), no links
func newOKRFake(t *testing.T) *fakeOKRs {
	t.Helper()
	loc := tokyoZone(t)
	q, err := sprintlens.QuarterPeriod(2026, 4, loc)
	if err != nil {
		t.Fatal(err)
	}
	q.ID = 1
	project := int64(7)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, loc) }
	five, three, eight := 5.0, 3.0, 8.0
	it46, it47 := 46, 47
	f := &fakeOKRs{
		nextID:   100,
		periods:  []sprintlens.Period{q},
		projects: []sprintlens.Project{{ID: 7, Name: "SRE Platform"}},
		labels:   []sprintlens.Label{{ProjectID: 7, ID: 1, Name: "eks-migration"}, {ProjectID: 7, ID: 2, Name: "cloudfront"}},
		objectives: []sprintlens.Objective{
			{ID: 2, PeriodID: 1, Title: xssTitle, Team: "SRE", Owner: "kenji"},
			{ID: 3, PeriodID: 1, Title: "Photos load fast", ProjectID: &project, Owner: "mina"},
		},
		krs: []sprintlens.KeyResult{
			{ID: 10, ObjectiveID: 2, Title: "Services on EKS", Kind: sprintlens.KRIncrease, Start: 0, Target: 24, Unit: "services",
				Weight: 2, LabelLinks: []string{"eks-migration"}},
			{ID: 11, ObjectiveID: 3, Title: "p95 in Taiwan", Kind: sprintlens.KRDecrease, Start: 2.8, Target: 1.0, Unit: "s",
				Weight: 1, LabelLinks: []string{"cloudfront"}},
			{ID: 12, ObjectiveID: 3, Title: "CloudFront rollout", Kind: sprintlens.KRMilestones, Target: 3, Weight: 1,
				Milestones: []sprintlens.Milestone{{Title: "bucket", Done: true}, {Title: "signed URLs"}, {Title: "old CDN off"}}},
			{ID: 13, ObjectiveID: 3, Title: "Old CDN off", Kind: sprintlens.KRBinary, Target: 1, Weight: 1},
		},
		checkIns: []sprintlens.CheckIn{
			{ID: 20, KeyResultID: 10, Value: 6, Confidence: 8, Author: "kenji", Comment: "batch jobs moved", At: day(12)},
			{ID: 21, KeyResultID: 11, Value: 2.5, Confidence: 5, Author: "mina", At: day(10)},
			{ID: 22, KeyResultID: 10, Value: 12, Confidence: 7, Author: "kenji", Comment: "API gateway <moved>", At: day(24)},
			{ID: 23, KeyResultID: 12, Value: 1, Confidence: 8, Author: "yuto", At: day(25)},
		},
		stories: map[int64][]sprintlens.Story{10: {
			{ProjectID: 7, ID: 501, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &three, AcceptedAt: ptrTime(day(24))},
			{ProjectID: 7, ID: 502, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &five, AcceptedAt: ptrTime(day(16))},
			{ProjectID: 7, ID: 503, Type: sprintlens.Feature, State: sprintlens.Started, Estimate: &eight},
			{ProjectID: 7, ID: 504, Type: sprintlens.Feature, State: sprintlens.Unstarted, Estimate: &eight},
		}},
		carried: map[int64]bool{503: true},
		accepted: []sprintlens.Story{
			{ProjectID: 7, ID: 502, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &five, IterationNumber: &it46, Labels: []string{"eks-migration"}},
			{ProjectID: 7, ID: 501, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &three, IterationNumber: &it47, Labels: []string{"eks-migration"}},
			{ProjectID: 7, ID: 600, Type: sprintlens.Feature, State: sprintlens.Accepted, Estimate: &eight, IterationNumber: &it47, Labels: []string{"monitoring"}},
		},
		iterations: []sprintlens.Iteration{
			{ProjectID: 7, Number: 46, Start: day(16), Finish: day(23)},
			{ProjectID: 7, Number: 47, Start: day(23), Finish: day(30)},
		},
		epics: []sprintlens.Epic{{ProjectID: 7, ID: 901, Name: "Calmer on-call", LabelName: "on-call"}},
	}
	return f
}

func ptrTime(t time.Time) *time.Time { return &t }

func newOKRServer(t *testing.T, f *fakeOKRs) *Server {
	t.Helper()
	s, _ := newTestServer(t, Deps{OKRs: f, OKRZone: tokyoZone(t)})
	return s
}

func countTestID(body, id string) int {
	return strings.Count(body, `data-testid="`+id+`"`)
}

// assertCSPSafe fails on inline scripts or style attributes (the CSP forbids them).
func assertCSPSafe(t *testing.T, body string) {
	t.Helper()
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, ` src=`) && !strings.Contains(tag, `type="application/json"`) {
			t.Errorf("inline script: %s", tag)
		}
	}
	if strings.Contains(body, ` style=`) || strings.Contains(body, ` onclick=`) || strings.Contains(body, `hx-on`) {
		t.Error("inline style or event handler")
	}
}
