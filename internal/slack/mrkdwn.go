package slack

import (
	"strings"
)

// Span is a run of mrkdwn text with its formatting, for pages that show an
// approximation of a message. Text is unescaped: the page escapes it again.
type Span struct {
	Text   string
	URL    string
	Bold   bool
	Italic bool
}

// emoji maps the shortcodes the digest uses to characters a browser shows.
var emoji = strings.NewReplacer(
	":large_green_circle:", "🟢", ":large_yellow_circle:", "🟡", ":red_circle:", "🔴",
	":hourglass:", "⏳", ":tada:", "🎉",
)

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// Lines splits mrkdwn into lines of spans: links (<url|text>), *bold* and
// _italic_ are recognised, entities and the digest's emoji decoded. It is
// an approximation for previews, not a full mrkdwn parser.
func Lines(mrkdwn string) [][]Span {
	var out [][]Span
	for _, line := range strings.Split(mrkdwn, "\n") {
		out = append(out, lineSpans(line))
	}
	return out
}

func lineSpans(line string) []Span {
	var spans []Span
	var bold, italic bool
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			spans = append(spans, Span{Text: emoji.Replace(unescaper.Replace(cur.String())), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '<':
			end := strings.IndexByte(line[i:], '>')
			if end < 0 {
				cur.WriteByte(c)
				continue
			}
			flush()
			target, text, found := strings.Cut(line[i+1:i+end], "|")
			if !found {
				text = target
			}
			spans = append(spans, Span{Text: emoji.Replace(unescaper.Replace(text)), URL: unescaper.Replace(target), Bold: bold, Italic: italic})
			i += end
		case c == '*' && toggles(line, i):
			flush()
			bold = !bold
		case c == '_' && toggles(line, i):
			flush()
			italic = !italic
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return spans
}

// toggles reports whether the marker at i opens or closes formatting: it
// sits at a word edge, as Slack requires (so snake_case stays as is).
func toggles(line string, i int) bool {
	before := i == 0 || strings.ContainsRune(" \t(*_", rune(line[i-1]))
	after := i == len(line)-1 || strings.ContainsRune(" \t).,:;*_", rune(line[i+1]))
	return before || after
}
