package slack

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// sampleDigest is a week of the SRE team in Tokyo: sprint 42 committed 21
// points over 9 stories and accepted 13, two 8-pointers still open.
func sampleDigest() sprintlens.Digest {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 11, 16, 0, 0, 0, 0, tokyo)
	return sprintlens.Digest{
		ProjectID: 2600001, ProjectName: "SRE Platform", PeriodLabel: "Sprint 42 · Nov 16 – Nov 22, 2026",
		GeneratedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, tokyo),
		LastSprint: &sprintlens.DigestSprint{Number: 42, Start: start, Finish: start.AddDate(0, 0, 7),
			Accepted:    sprintlens.DigestTally{Points: 13, Count: 6},
			Committed:   sprintlens.DigestTally{Points: 21, Count: 9},
			CarriedOver: sprintlens.DigestTally{Points: 5, Count: 2}},
		Velocity: 12.333333,
		Warnings: []sprintlens.DigestWarning{
			{StoryID: 188000101, Name: "Migrate ingress to Gateway API", Kind: "too_big", Message: "8 points: split it into stories of 3 or less", Points: 8, URL: "https://www.pivotaltracker.com/story/show/188000101"},
			{StoryID: 188000102, Name: "Rotate TLS certs & <CA> bundle", Kind: "multi_sprint", Message: "open across 3 sprints", Points: 5, URL: "/projects/2600001/stories/188000102"},
		},
		WarningsAvailable: true,
		OKRs: []sprintlens.DigestKR{
			{Objective: "Reliable platform", Title: "p99 latency under 300 ms", Status: sprintlens.OnTrack, Progress: 62, Expected: 58, URL: "/okrs/krs/11"},
			{Objective: "Reliable platform", Title: "Zero manual cert rotations", Status: sprintlens.AtRisk, Progress: 40, Expected: 58, Outdated: true, URL: "/okrs/krs/12"},
			{ProjectID: 2600001, Objective: "Cheaper compute", Title: "Cut EKS spend 20%", Status: sprintlens.OffTrack, Progress: 10, Expected: 58, URL: "/okrs/krs/13"},
		},
		OKRsAvailable: true,
		Links: sprintlens.DigestLinks{Project: "/projects/2600001", SprintReview: "/projects/2600001/sprints/42",
			Warnings: "/warnings?project=2600001", OKRs: "/okrs", AsSent: "/s/abcdefghijklmnopqrst"},
	}
}

func TestBuildMatchesGolden(t *testing.T) {
	p := Build(sampleDigest(), "https://sprintlens.example.com/")
	if err := Validate(p); err != nil {
		t.Fatalf("the sample digest is invalid: %v", err)
	}
	got, err := Encode(p, true)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "digest.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/slack -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("payload differs from %s (rerun with -update if the change is intended):\n%s", golden, got)
	}
}

func TestBuildCarriesTheNumbers(t *testing.T) {
	p := Build(sampleDigest(), "https://sprintlens.example.com")
	all := payloadText(p)
	for _, want := range []string{
		"Weekly digest · SRE Platform",
		"12.3 pts a sprint",                        // velocity, one decimal
		"13 of 21 committed pts (62%)",             // accepted against committed
		"5 pts · 2 stories",                        // carried over
		"*Story-size warnings* (2)",                // warnings with their count
		"Rotate TLS certs &amp; &lt;CA&gt; bundle", // user text escaped
		"<https://sprintlens.example.com/projects/2600001/stories/188000102|", // paths resolved
		"1 on track", "1 at risk", "1 off track", "1 outdated check-in",
		"<https://sprintlens.example.com/s/abcdefghijklmnopqrst|This digest as sent>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("message lacks %q", want)
		}
	}
	if !strings.Contains(p.Text, "sprint 42 accepted 13 of 21 committed pts, 5 pts carried over") {
		t.Errorf("fallback text lacks the numbers: %q", p.Text)
	}
}

func TestBuildShowsUnestimatedStoriesAsSuch(t *testing.T) {
	d := sampleDigest()
	d.Warnings = []sprintlens.DigestWarning{
		{StoryID: 1, Name: "Patch OpenSSL", Kind: "unestimated_soon", URL: "/a"},
		{StoryID: 2, Name: "Expire old logs", Kind: "thin_scope", URL: "/b"},
		{StoryID: 3, Name: "Zero-point chore", Kind: "lumpy_sprint", URL: "/c"},
	}
	block := blockWith(Build(d, "https://x.example"), "*Story-size warnings*")
	for _, want := range []string{"|Patch OpenSSL> · unestimated · unestimated soon", "|Expire old logs> · unestimated · thin scope",
		"|Zero-point chore> · 0 pts · lumpy sprint"} {
		if !strings.Contains(block, want) {
			t.Errorf("warnings lack %q:\n%s", want, block)
		}
	}
}

func TestBuildWithoutOptionalSections(t *testing.T) {
	d := sampleDigest()
	d.LastSprint, d.WarningsAvailable, d.OKRsAvailable, d.Links.AsSent, d.Links.SprintReview = nil, false, false, "", ""
	p := Build(d, "https://x.example")
	if err := Validate(p); err != nil {
		t.Fatal(err)
	}
	all := payloadText(p)
	for _, absent := range []string{"Story-size warnings", "OKRs ·", "as sent", "Sprint review"} {
		if strings.Contains(all, absent) {
			t.Errorf("message has %q though its source is absent", absent)
		}
	}
	if !strings.Contains(all, "No sprint has finished yet.") {
		t.Errorf("no-sprint message missing:\n%s", all)
	}
	d.WarningsAvailable, d.Warnings = true, nil
	if all := payloadText(Build(d, "https://x.example")); !strings.Contains(all, "None: every open story is small enough.") {
		t.Errorf("an empty warnings list should say so:\n%s", all)
	}
}

func TestBuildStaysWithinLimitsForHugeInput(t *testing.T) {
	d := sampleDigest()
	hostile := strings.Repeat("<script>alert('x')</script> & <!channel> | ", 120)[:5000]
	d.ProjectName = hostile
	d.PeriodLabel = hostile
	d.Warnings = nil
	for i := 0; i < 200; i++ {
		d.Warnings = append(d.Warnings, sprintlens.DigestWarning{StoryID: int64(i), Name: fmt.Sprintf("%d %s", i, hostile),
			Kind: "too_big", Message: hostile, Points: 8, URL: fmt.Sprintf("/projects/1/stories/%d?a=1&b=<2>", i)})
	}
	d.OKRs = nil
	for i := 0; i < 300; i++ {
		d.OKRs = append(d.OKRs, sprintlens.DigestKR{Objective: hostile, Title: hostile, Status: sprintlens.AtRisk, URL: "/okrs"})
	}
	p := Build(d, "https://sprintlens.example.com")
	if err := Validate(p); err != nil {
		t.Fatalf("huge digest breaks Slack's limits: %v", err)
	}
	all := payloadText(p)
	if strings.Contains(all, "<script>") || strings.Contains(all, "<!channel>") {
		t.Fatal("user text reached the message unescaped")
	}
	if !strings.Contains(all, "&lt;script&gt;") || !strings.Contains(all, "&amp;") {
		t.Fatal("user text should appear escaped")
	}
	if !strings.Contains(all, "more_ · <https://sprintlens.example.com/warnings?project=2600001|see them all>") {
		t.Errorf("warnings should end with 'and N more' and a link:\n%s", all)
	}
	shown := strings.Count(blockWith(p, "*Story-size warnings*"), "\n• ")
	if !strings.Contains(all, fmt.Sprintf("_and %d more_", 200-shown)) || shown == 0 || shown > MaxWarningLines {
		t.Errorf("shown %d warnings; the 'and N more' count must make up 200", shown)
	}
	if !strings.Contains(all, "_and ") || !strings.Contains(blockWith(p, "*OKRs*"), "see all OKRs") {
		t.Error("OKRs should be cut with 'and N more' and a link")
	}
	if h := p.Blocks[0].Text.Text; utf8.RuneCountInString(h) > MaxHeaderText || !strings.HasSuffix(h, "…") {
		t.Errorf("header %d characters, want ≤ %d and an ellipsis", utf8.RuneCountInString(h), MaxHeaderText)
	}
}

func TestEscapeAndLink(t *testing.T) {
	tests := []struct{ got, want string }{
		{Escape("a & b < c > d"), "a &amp; b &lt; c &gt; d"},
		{Escape("<!channel> <@U123>"), "&lt;!channel&gt; &lt;@U123&gt;"},
		{Escape("line\nbreak\ttab"), "line break tab"},
		{Link("https://x.example/a?b=1&c=2", "R&D <team>"), "<https://x.example/a?b=1&amp;c=2|R&amp;D &lt;team&gt;>"},
		{Link("https://x.example/a|b>c", "x|y>z"), "<https://x.example/a%7Cb%3Ec|x¦y&gt;z>"},
		{Link("javascript:alert(1)", "click"), "click"},
		{Link("", "no link"), "no link"},
		{Truncate("日本語のストーリー", 4), "日本語…"},
		{Truncate("short", 10), "short"},
		{fitEscaped("&&&&", 10), "&amp;…"}, // "&&…" would escape to 11 characters
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
		if err := checkEscaped(tt.got); err != nil {
			t.Errorf("case %d: %q fails the escape check: %v", i, tt.got, err)
		}
	}
}

func payloadText(p Payload) string {
	var b strings.Builder
	b.WriteString(p.Text + "\n")
	for _, bl := range p.Blocks {
		if bl.Text != nil {
			b.WriteString(bl.Text.Text + "\n")
		}
		for _, f := range append(bl.Fields, bl.Elements...) {
			b.WriteString(f.Text + "\n")
		}
	}
	return b.String()
}

func blockWith(p Payload, prefix string) string {
	for _, bl := range p.Blocks {
		if bl.Text != nil && strings.HasPrefix(bl.Text.Text, prefix) {
			return bl.Text.Text
		}
	}
	return ""
}
