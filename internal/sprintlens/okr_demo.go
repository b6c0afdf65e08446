package sprintlens

import (
	"math"
	"time"
)

// DemoTeam owns the demo objectives when they belong to no project.
const DemoTeam = "SRE"

// DemoObjective is one objective of the demo OKRs with its key results.
type DemoObjective struct {
	Objective  Objective
	KeyResults []DemoKeyResult
}

// DemoKeyResult is a demo key result with the check-ins the team made.
type DemoKeyResult struct {
	KeyResult KeyResult
	CheckIns  []CheckIn
}

// demoKR describes how a demo key result moved: pace is the share of the
// straight line it kept up with, confidence its owner's mood, and stopped
// how many of the latest weekly check-ins were skipped.
type demoKR struct {
	kr         KeyResult
	pace       float64
	confidence []int
	comments   []string
	stopped    int
}

// DemoOKRs builds an SRE team's OKRs for period p as of now, linked to the
// simulated Tracker labels: weekly check-ins from the period's start up to
// now, behind the ideal line by different amounts, and the AWS bill result
// without a check-in for two weeks so it shows as outdated. projectID 0
// makes them team objectives. It is pure: the same inputs give the same values.
func DemoOKRs(p Period, projectID int64, now time.Time) []DemoObjective {
	specs := []struct {
		o   Objective
		krs []demoKR
	}{
		{Objective{Title: "Run every service on containers", Owner: "kenji",
			Description: "Finish the move from OpsWorks and Chef to EKS so every service deploys the same way."},
			[]demoKR{
				{kr: KeyResult{Title: "Services running on EKS", Owner: "kenji", Kind: KRIncrease, Start: 0, Target: 24,
					Unit: "services", Weight: 2, LabelLinks: []string{"eks-migration", "opsworks-chef"}},
					pace: 0.85, confidence: []int{8, 8, 7, 7, 7, 8},
					comments: []string{"batch jobs moved", "image-resizer on EKS", "waiting on the Chef recipes for the mailer",
						"two services moved", "API gateway moved", "cron workers next"}},
				{kr: KeyResult{Title: "Chef server switched off", Owner: "aiko", Kind: KRBinary, Weight: 1},
					pace: 0, confidence: []int{7, 6, 6, 5},
					comments: []string{"still three stacks on Chef", "two stacks left", "mailer blocks it"}},
			}},
		{Objective{Title: "Photos load fast for overseas users", Owner: "mina",
			Description: "Users in Taiwan open albums as fast as users in Tokyo."},
			[]demoKR{
				{kr: KeyResult{Title: "p95 image load time in Taiwan", Owner: "mina", Kind: KRDecrease, Start: 2.8, Target: 1.0,
					Unit: "s", Weight: 2, LabelLinks: []string{"cloudfront", "s3"}},
					pace: 0.7, confidence: []int{6, 6, 7, 6, 6},
					comments: []string{"CloudFront in front of the image bucket", "cache hit rate 80 %", "origin shield on",
						"thumbnails still slow"}},
				{kr: KeyResult{Title: "CloudFront rollout", Owner: "yuto", Kind: KRMilestones, Weight: 1, Milestones: []Milestone{
					{Title: "Image bucket behind CloudFront"}, {Title: "Signed URLs for private albums"},
					{Title: "Resizing at the edge"}, {Title: "Old CDN switched off"}}},
					pace: 1.1, confidence: []int{8, 8, 8, 7},
					comments: []string{"bucket behind CloudFront", "signed URLs done", "edge resizing in review"}},
			}},
		{Objective{Title: "Spend less on AWS", Owner: "haruto",
			Description: "Bring the monthly bill down without hurting the SLOs."},
			[]demoKR{
				{kr: KeyResult{Title: "Monthly AWS bill below September", Owner: "haruto", Kind: KRPercentage, Start: 0, Target: 20,
					Unit: "% lower", Weight: 1, LabelLinks: []string{"cost"}},
					pace: 0.5, confidence: []int{5, 4, 4}, stopped: 2,
					comments: []string{"reserved instances bought", "idle RDS replicas removed", "NAT gateway traffic is the big one"}},
			}},
	}

	times := demoCheckInTimes(p, now)
	out := make([]DemoObjective, 0, len(specs))
	for i, s := range specs {
		o := s.o
		o.Position = i + 1
		if projectID != 0 {
			id := projectID
			o.ProjectID = &id
		} else {
			o.Team = DemoTeam
		}
		d := DemoObjective{Objective: o}
		for j, k := range s.krs {
			kr := k.kr
			kr.Position = j + 1
			kr.ApplyDefaults()
			d.KeyResults = append(d.KeyResults, DemoKeyResult{KeyResult: kr, CheckIns: k.checkIns(p, times)})
		}
		out = append(out, d)
	}
	return out
}

// demoCheckInTimes are the weekly meetings, oldest first: Monday-ish
// mornings a week apart, ending an hour before now (or the period's end)
// and starting no earlier than a day into the period.
func demoCheckInTimes(p Period, now time.Time) []time.Time {
	last := now.Add(-time.Hour)
	if !last.Before(p.End) {
		last = p.End.Add(-time.Hour)
	}
	var ts []time.Time
	for t := last; !t.Before(p.Start.Add(24 * time.Hour)); t = t.Add(-7 * 24 * time.Hour) {
		ts = append([]time.Time{t}, ts...)
	}
	return ts
}

// checkIns writes the key result's readings at the meeting times, its
// value keeping pace × the ideal line.
func (k demoKR) checkIns(p Period, times []time.Time) []CheckIn {
	if k.stopped >= len(times) {
		return nil
	}
	times = times[:len(times)-k.stopped]
	authors := []string{k.kr.Owner, k.kr.Owner, "kenji"}
	out := make([]CheckIn, 0, len(times))
	for i, t := range times {
		share := math.Min(1, k.pace*p.ExpectedProgress(t)/100)
		c := CheckIn{Confidence: k.confidence[i%len(k.confidence)], Comment: k.comments[i%len(k.comments)],
			Author: authors[i%len(authors)], At: t}
		switch k.kr.Kind {
		case KRBinary:
			c.Value = 0
		case KRMilestones:
			n := int(math.Floor(share * float64(len(k.kr.Milestones))))
			c.Value = float64(n)
			c.MilestonesDone = make([]bool, len(k.kr.Milestones))
			for m := 0; m < n; m++ {
				c.MilestonesDone[m] = true
			}
		case KRIncrease:
			c.Value = math.Round(k.kr.Start + share*(k.kr.Target-k.kr.Start))
		default:
			c.Value = math.Round(10*(k.kr.Start+share*(k.kr.Target-k.kr.Start))) / 10
		}
		out = append(out, c)
	}
	return out
}
