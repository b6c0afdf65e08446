package slack

import (
	"strings"
	"testing"
)

func TestValidateCatchesEveryLimit(t *testing.T) {
	ok := func() Payload {
		return Payload{Text: "fallback", Blocks: []Block{header("Digest"), section("*hi*", "a", "b"), divider(), contextBlock("c")}}
	}
	long := func(n int) string { return strings.Repeat("x", n) }
	fields := func(n int) []Text {
		out := make([]Text, n)
		for i := range out {
			out[i] = Text{Type: Mrkdwn, Text: "f"}
		}
		return out
	}
	tests := []struct {
		name   string
		mutate func(p *Payload)
		want   string // "" means valid
	}{
		{"valid", func(*Payload) {}, ""},
		{"limits exactly", func(p *Payload) {
			p.Blocks[0].Text.Text = long(MaxHeaderText)
			p.Blocks[1].Text.Text = long(MaxSectionText)
			p.Blocks[1].Fields = fields(MaxFields)
			p.Blocks[1].Fields[0].Text = long(MaxFieldText)
			for len(p.Blocks) < MaxBlocks {
				p.Blocks = append(p.Blocks, divider())
			}
		}, ""},
		{"no fallback text", func(p *Payload) { p.Text = " " }, "fallback text is missing"},
		{"no blocks", func(p *Payload) { p.Blocks = nil }, "no blocks"},
		{"too many blocks", func(p *Payload) {
			for len(p.Blocks) <= MaxBlocks {
				p.Blocks = append(p.Blocks, divider())
			}
		}, "51 blocks, Slack allows 50"},
		{"long header", func(p *Payload) { p.Blocks[0].Text.Text = long(MaxHeaderText + 1) }, "151 characters, Slack allows 150"},
		{"header counts characters, not bytes", func(p *Payload) { p.Blocks[0].Text.Text = strings.Repeat("週", MaxHeaderText) }, ""},
		{"mrkdwn header", func(p *Payload) { p.Blocks[0].Text.Type = Mrkdwn }, "a header needs plain_text"},
		{"long section", func(p *Payload) { p.Blocks[1].Text.Text = long(MaxSectionText + 1) }, "3001 characters, Slack allows 3000"},
		{"too many fields", func(p *Payload) { p.Blocks[1].Fields = fields(MaxFields + 1) }, "11 fields, Slack allows 10"},
		{"long field", func(p *Payload) { p.Blocks[1].Fields[0].Text = long(MaxFieldText + 1) }, "fields[0]: 2001 characters"},
		{"empty section", func(p *Payload) { p.Blocks[1] = Block{Type: BlockSection} }, "needs text or fields"},
		{"empty text", func(p *Payload) { p.Blocks[1].Text.Text = "" }, "empty text"},
		{"too many context elements", func(p *Payload) {
			p.Blocks[3].Elements = fields(MaxContextElements + 1)
		}, "11 elements"},
		{"unknown block", func(p *Payload) { p.Blocks[2].Type = "image" }, "unknown block type"},
		{"unescaped <", func(p *Payload) { p.Blocks[1].Text.Text = "a <script> b" }, "unescaped <"},
		{"mention injection", func(p *Payload) { p.Blocks[1].Text.Text = "hi <!channel>" }, "not a link"},
		{"unescaped &", func(p *Payload) { p.Text = "R&D" }, "unescaped &"},
		{"unescaped >", func(p *Payload) { p.Blocks[3].Elements[0].Text = "a > b" }, "unescaped >"},
		{"unescaped in header", func(p *Payload) { p.Blocks[0].Text.Text = "A & B" }, "unescaped &"},
		{"escaped link is fine", func(p *Payload) { p.Blocks[1].Text.Text = "<https://x.example/?a=1&amp;b=2|R&amp;D> &lt;ok&gt;" }, ""},
		{"unescaped inside link text", func(p *Payload) { p.Blocks[1].Text.Text = "<https://x.example|R&D>" }, "in link"},
	}
	for _, tt := range tests {
		p := ok()
		tt.mutate(&p)
		err := Validate(p)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.want != "" && err == nil:
			t.Errorf("%s: no error, want %q", tt.name, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: error %q lacks %q", tt.name, err, tt.want)
		}
	}
}

func TestLinesApproximatesMrkdwn(t *testing.T) {
	lines := Lines("*Last sprint* · <https://x.example/s/1|Sprint &lt;42&gt;>\n• :red_circle: snake_case &amp; _done_")
	if len(lines) != 2 {
		t.Fatalf("lines = %d", len(lines))
	}
	first := lines[0]
	if len(first) != 3 || !first[0].Bold || first[0].Text != "Last sprint" || first[2].URL != "https://x.example/s/1" || first[2].Text != "Sprint <42>" {
		t.Fatalf("first line = %+v", first)
	}
	second := lines[1]
	if second[0].Text != "• 🔴 snake_case & " || second[0].Italic || second[1].Text != "done" || !second[1].Italic {
		t.Fatalf("second line = %+v", second)
	}
}
