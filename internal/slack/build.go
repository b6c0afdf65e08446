package slack

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// How much of each list the message shows before "and N more". The rest is
// one link away; a digest is read in a minute.
const (
	MaxWarningLines = 10
	MaxKRLines      = 15
	// maxNameChars bounds a story or key result name in a list line.
	maxNameChars = 120
	// maxMessageChars bounds a warning's explanation.
	maxMessageChars = 160
)

// Build turns a digest into a Block Kit message. Paths in d's links are
// resolved against baseURL. The result always passes Validate: every list
// is cut to fit with an "and N more" line that links to the full page.
func Build(d sprintlens.Digest, baseURL string) Payload {
	links := d.Links
	abs := func(u string) string { return resolve(baseURL, u) }
	blocks := []Block{
		header(fitEscaped("Weekly digest · "+d.ProjectName, MaxHeaderText)),
		contextBlock(fitEscaped(contextLine(d), MaxContextText)),
		sprintSection(d, abs(links.SprintReview)),
	}
	if d.WarningsAvailable {
		blocks = append(blocks, divider(), warningsSection(d.Warnings, abs, abs(links.Warnings)))
	}
	if d.OKRsAvailable {
		blocks = append(blocks, divider(), okrSection(d.OKRs, abs, abs(links.OKRs)))
	}
	blocks = append(blocks, divider())
	if l := linksLine(links, abs); l != "" {
		blocks = append(blocks, section(l))
	}
	if links.AsSent != "" {
		blocks = append(blocks, contextBlock(Link(abs(links.AsSent), "This digest as sent")+
			" · the numbers above are frozen there; the pages show today's"))
	}
	return Payload{Text: fallbackText(d), Blocks: blocks}
}

func contextLine(d sprintlens.Digest) string {
	parts := []string{}
	if d.PeriodLabel != "" {
		parts = append(parts, d.PeriodLabel)
	}
	if !d.GeneratedAt.IsZero() {
		parts = append(parts, "made "+d.GeneratedAt.Format("Mon Jan 2, 2006 15:04 MST"))
	}
	if len(parts) == 0 {
		return "sprintlens"
	}
	return strings.Join(parts, " · ")
}

func sprintSection(d sprintlens.Digest, reviewURL string) Block {
	s := d.LastSprint
	velocity := "*Velocity*\n" + withUnit(d.Velocity) + " a sprint"
	if s == nil {
		return section("*Last sprint*\nNo sprint has finished yet.", velocity)
	}
	title := "*Last sprint* · " + Link(reviewURL, "Sprint "+strconv.Itoa(s.Number))
	if !s.Start.IsZero() {
		title += " (" + s.Start.Format("Jan 2") + " – " + s.Finish.AddDate(0, 0, -1).Format("Jan 2") + ")"
	}
	accepted := fmt.Sprintf("*Accepted*\n%s of %s committed pts", points(s.Accepted.Points), points(s.Committed.Points))
	if s.Committed.Points > 0 {
		accepted += fmt.Sprintf(" (%d%%)", int(math.Round(100*s.Accepted.Points/s.Committed.Points)))
	}
	return section(title, velocity, accepted,
		"*Committed*\n"+tally(s.Committed), "*Carried over*\n"+tally(s.CarriedOver))
}

func warningsSection(ws []sprintlens.DigestWarning, abs func(string) string, pageURL string) Block {
	title := "*Story-size warnings*"
	if len(ws) == 0 {
		return section(title + "\nNone: every open story is small enough. :tada:")
	}
	lines := make([]string, 0, len(ws))
	for _, w := range ws {
		line := "• " + Link(abs(w.URL), Truncate(w.Name, maxNameChars)) + " · " + warningSize(w) + " · " +
			Escape(strings.ReplaceAll(w.Kind, "_", " "))
		if w.Message != "" {
			line += ": " + Escape(Truncate(w.Message, maxMessageChars))
		}
		lines = append(lines, line)
	}
	return section(fitList(fmt.Sprintf("%s (%d)", title, len(ws)), lines, MaxWarningLines, pageURL, "see them all"))
}

// warningSize is a warned story's estimate. The two kinds that are about
// missing estimates flag unestimated stories only, whose points read 0.
func warningSize(w sprintlens.DigestWarning) string {
	switch sprintlens.WarningKind(w.Kind) {
	case sprintlens.WarnUnestimatedSoon, sprintlens.WarnThinScope:
		return "unestimated"
	}
	return withUnit(w.Points)
}

var statusEmoji = map[sprintlens.KRStatus]string{
	sprintlens.OnTrack:  ":large_green_circle:",
	sprintlens.AtRisk:   ":large_yellow_circle:",
	sprintlens.OffTrack: ":red_circle:",
}

func okrSection(krs []sprintlens.DigestKR, abs func(string) string, pageURL string) Block {
	if len(krs) == 0 {
		return section("*OKRs*\nNo key results in the current period.")
	}
	c := sprintlens.CountKRs(krs)
	title := fmt.Sprintf("*OKRs* · %s %d on track · %s %d at risk · %s %d off track",
		statusEmoji[sprintlens.OnTrack], c.OnTrack, statusEmoji[sprintlens.AtRisk], c.AtRisk, statusEmoji[sprintlens.OffTrack], c.OffTrack)
	if c.Outdated > 0 {
		title += " · :hourglass: " + plural(c.Outdated, "outdated check-in")
	}
	lines := make([]string, 0, len(krs))
	for _, kr := range krs {
		name := Truncate(kr.Objective, maxNameChars/2) + " › " + Truncate(kr.Title, maxNameChars)
		line := "• " + statusEmoji[kr.Status] + " " + Link(abs(kr.URL), name) +
			fmt.Sprintf(" · %d%% (expected %d%%)", int(math.Round(kr.Progress)), int(math.Round(kr.Expected)))
		if kr.Outdated {
			line += " · check-in outdated"
		}
		lines = append(lines, line)
	}
	return section(fitList(title, lines, MaxKRLines, pageURL, "see all OKRs"))
}

// fitList joins a title and up to maxLines lines, stopping early when the
// section would pass MaxSectionText, and ends with "and N more" linking to
// the page that lists everything.
func fitList(title string, lines []string, maxLines int, pageURL, linkText string) string {
	const reserve = 200 // room for the "and N more" line
	var b strings.Builder
	b.WriteString(title)
	shown := 0
	for _, l := range lines {
		if shown == maxLines || len([]rune(b.String()))+1+len([]rune(l)) > MaxSectionText-reserve {
			break
		}
		b.WriteString("\n" + l)
		shown++
	}
	if rest := len(lines) - shown; rest > 0 {
		fmt.Fprintf(&b, "\n_and %d more_", rest)
		if more := Link(pageURL, linkText); more != Escape(linkText) {
			b.WriteString(" · " + more)
		}
	}
	return b.String()
}

func linksLine(l sprintlens.DigestLinks, abs func(string) string) string {
	var parts []string
	for _, p := range []struct{ url, text string }{
		{l.Project, "Dashboard"}, {l.SprintReview, "Sprint review"}, {l.Warnings, "Warnings"}, {l.OKRs, "OKRs"},
	} {
		if p.url != "" {
			parts = append(parts, Link(abs(p.url), p.text))
		}
	}
	return strings.Join(parts, " · ")
}

// fallbackText is the notification line: the numbers without blocks.
func fallbackText(d sprintlens.Digest) string {
	parts := []string{"Weekly digest · " + Truncate(d.ProjectName, maxNameChars)}
	if s := d.LastSprint; s != nil {
		parts = append(parts, fmt.Sprintf("sprint %d accepted %s of %s committed pts, %s pts carried over",
			s.Number, points(s.Accepted.Points), points(s.Committed.Points), points(s.CarriedOver.Points)))
	}
	parts = append(parts, "velocity "+points(d.Velocity))
	if d.WarningsAvailable {
		parts = append(parts, plural(len(d.Warnings), "story-size warning"))
	}
	if d.OKRsAvailable && len(d.OKRs) > 0 {
		c := sprintlens.CountKRs(d.OKRs)
		parts = append(parts, fmt.Sprintf("OKRs %d on track, %d at risk, %d off track", c.OnTrack, c.AtRisk, c.OffTrack))
	}
	return Escape(strings.Join(parts, "; "))
}

// points prints a number of points with at most one decimal.
func points(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func tally(t sprintlens.DigestTally) string {
	if t.Count == 1 {
		return withUnit(t.Points) + " · 1 story"
	}
	return fmt.Sprintf("%s · %d stories", withUnit(t.Points), t.Count)
}

// plural counts n things named by a noun that takes an s.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// withUnit writes points with their unit: "1 pt", "2.5 pts".
func withUnit(v float64) string {
	if v == 1 {
		return "1 pt"
	}
	return points(v) + " pts"
}
