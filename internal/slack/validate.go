package slack

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Slack's limits for a message posted through an incoming webhook
// (https://api.slack.com/reference/block-kit/blocks). A message over any of
// them is refused whole with invalid_blocks, so Build stays inside and
// Validate checks before anything is sent.
const (
	MaxBlocks          = 50
	MaxHeaderText      = 150
	MaxSectionText     = 3000
	MaxFields          = 10
	MaxFieldText       = 2000
	MaxContextElements = 10
	MaxContextText     = 3000
	// MaxFallbackText is where Slack starts truncating a message's text.
	MaxFallbackText = 40000
)

// Validate checks p against every limit above, that the fallback text is
// there, that each block is well-formed, and that every text has its &, <
// and > escaped except in links. It reports all problems at once.
func Validate(p Payload) error {
	var errs []error
	bad := func(where, format string, args ...any) {
		errs = append(errs, fmt.Errorf("slack: %s: "+format, append([]any{where}, args...)...))
	}
	checkText := func(where string, t Text, limit int) {
		if t.Type != PlainText && t.Type != Mrkdwn {
			bad(where, "text type %q, want plain_text or mrkdwn", t.Type)
		}
		if strings.TrimSpace(t.Text) == "" {
			bad(where, "empty text")
		}
		if n := utf8.RuneCountInString(t.Text); n > limit {
			bad(where, "%d characters, Slack allows %d", n, limit)
		}
		if err := checkEscaped(t.Text); err != nil {
			bad(where, "%v", err)
		}
	}
	if strings.TrimSpace(p.Text) == "" {
		bad("text", "the top-level fallback text is missing")
	} else {
		checkText("text", Text{Type: Mrkdwn, Text: p.Text}, MaxFallbackText)
	}
	if len(p.Blocks) == 0 {
		bad("blocks", "no blocks")
	}
	if len(p.Blocks) > MaxBlocks {
		bad("blocks", "%d blocks, Slack allows %d", len(p.Blocks), MaxBlocks)
	}
	for i, b := range p.Blocks {
		where := fmt.Sprintf("blocks[%d] (%s)", i, b.Type)
		switch b.Type {
		case BlockHeader:
			if b.Text == nil || b.Text.Type != PlainText {
				bad(where, "a header needs plain_text")
				continue
			}
			checkText(where+".text", *b.Text, MaxHeaderText)
		case BlockSection:
			if b.Text == nil && len(b.Fields) == 0 {
				bad(where, "a section needs text or fields")
			}
			if b.Text != nil {
				checkText(where+".text", *b.Text, MaxSectionText)
			}
			if len(b.Fields) > MaxFields {
				bad(where, "%d fields, Slack allows %d", len(b.Fields), MaxFields)
			}
			for j, f := range b.Fields {
				checkText(fmt.Sprintf("%s.fields[%d]", where, j), f, MaxFieldText)
			}
		case BlockContext:
			if len(b.Elements) == 0 || len(b.Elements) > MaxContextElements {
				bad(where, "%d elements, want 1 to %d", len(b.Elements), MaxContextElements)
			}
			for j, e := range b.Elements {
				checkText(fmt.Sprintf("%s.elements[%d]", where, j), e, MaxContextText)
			}
		case BlockDivider:
			if b.Text != nil || len(b.Fields) > 0 || len(b.Elements) > 0 {
				bad(where, "a divider holds nothing")
			}
		default:
			bad(where, "unknown block type")
		}
	}
	return errors.Join(errs...)
}

// checkEscaped reports an &, < or > that is neither an entity nor part of
// a <http(s)://...|text> link: user text that was not escaped.
func checkEscaped(s string) error {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&':
			rest := s[i:]
			if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
				return fmt.Errorf("unescaped & at byte %d", i)
			}
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return fmt.Errorf("unescaped < at byte %d", i)
			}
			inner := s[i+1 : i+end]
			if strings.ContainsRune(inner, '<') || !(strings.HasPrefix(inner, "https://") || strings.HasPrefix(inner, "http://")) {
				return fmt.Errorf("unescaped < at byte %d (not a link)", i)
			}
			if err := checkEscaped(strings.Replace(inner, "|", " ", 1)); err != nil {
				return fmt.Errorf("in link at byte %d: %w", i, err)
			}
			i += end
		case '>':
			return fmt.Errorf("unescaped > at byte %d", i)
		}
	}
	return nil
}
