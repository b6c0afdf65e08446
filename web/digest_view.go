package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/templates"
)

// digestMessage turns a payload into the page's approximation of it: the
// blocks as lines of spans, and the JSON as Slack receives it, indented.
func digestMessage(p slack.Payload) (templates.DigestMessage, error) {
	raw, err := slack.Encode(p, true)
	if err != nil {
		return templates.DigestMessage{}, err
	}
	m := templates.DigestMessage{JSON: string(raw), Fallback: plain(p.Text)}
	for _, b := range p.Blocks {
		db := templates.DigestBlock{Kind: b.Type}
		if b.Text != nil {
			db.Lines = lines(b.Text.Text)
		}
		for _, e := range b.Elements {
			db.Lines = append(db.Lines, lines(e.Text)...)
		}
		for _, f := range b.Fields {
			db.Fields = append(db.Fields, lines(f.Text))
		}
		m.Blocks = append(m.Blocks, db)
	}
	return m, nil
}

// frozenMessage decodes a payload stored in a snapshot.
func frozenMessage(raw json.RawMessage) (templates.DigestMessage, error) {
	var p slack.Payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return templates.DigestMessage{}, fmt.Errorf("web: decode frozen payload: %w", err)
	}
	return digestMessage(p)
}

func lines(mrkdwn string) []templates.DigestLine {
	var out []templates.DigestLine
	for _, l := range slack.Lines(mrkdwn) {
		line := make(templates.DigestLine, 0, len(l))
		for _, sp := range l {
			line = append(line, templates.DigestSpan{Text: sp.Text, URL: sp.URL, Bold: sp.Bold, Italic: sp.Italic})
		}
		out = append(out, line)
	}
	return out
}

// plain is mrkdwn text without its markup, for the notification line.
func plain(mrkdwn string) string {
	var b strings.Builder
	for i, l := range slack.Lines(mrkdwn) {
		if i > 0 {
			b.WriteString(" ")
		}
		for _, sp := range l {
			b.WriteString(sp.Text)
		}
	}
	return b.String()
}

// problemLines splits a joined validation error into one line each.
func problemLines(err error) []string {
	return strings.Split(err.Error(), "\n")
}
