// Package slack builds the weekly digest as a Slack Block Kit message,
// checks it against Slack's limits, posts it to an incoming webhook with
// bounded retries, and runs the digest job that freezes each message as a
// permalink and records every send.
package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Payload is an incoming-webhook message: Block Kit blocks plus the
// top-level text Slack shows in notifications and clients without blocks.
type Payload struct {
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks"`
	// Link previews would bury the numbers under page cards.
	UnfurlLinks bool `json:"unfurl_links"`
	UnfurlMedia bool `json:"unfurl_media"`
}

// Block is one Block Kit block. Only the kinds the digest uses exist here:
// header, section (text and/or fields), context and divider.
type Block struct {
	Type     string `json:"type"`
	Text     *Text  `json:"text,omitempty"`
	Fields   []Text `json:"fields,omitempty"`
	Elements []Text `json:"elements,omitempty"`
}

// Text is a Block Kit text object.
type Text struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji bool   `json:"emoji,omitempty"`
}

// Block and text types.
const (
	BlockHeader  = "header"
	BlockSection = "section"
	BlockContext = "context"
	BlockDivider = "divider"
	PlainText    = "plain_text"
	Mrkdwn       = "mrkdwn"
)

func header(s string) Block {
	return Block{Type: BlockHeader, Text: &Text{Type: PlainText, Text: s, Emoji: true}}
}

func section(s string, fields ...string) Block {
	b := Block{Type: BlockSection}
	if s != "" {
		b.Text = &Text{Type: Mrkdwn, Text: s}
	}
	for _, f := range fields {
		b.Fields = append(b.Fields, Text{Type: Mrkdwn, Text: f})
	}
	return b
}

func contextBlock(s string) Block {
	return Block{Type: BlockContext, Elements: []Text{{Type: Mrkdwn, Text: s}}}
}

func divider() Block { return Block{Type: BlockDivider} }

// Encode writes p as JSON, indented for people when indent is set. It
// leaves <, > and & as they are (encoding/json would write \u003c): the
// payload is already escaped for Slack, and previews and golden files
// stay readable.
func Encode(p Payload, indent bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("slack: encode payload: %w", err)
	}
	return b.Bytes(), nil
}
