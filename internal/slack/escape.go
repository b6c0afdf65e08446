package slack

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Slack parses &, < and > in text objects as control characters: they must
// be sent as entities unless they start a link. Line breaks and tabs in
// user text would break the one-item-a-line lists, so they become spaces.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// Escape makes user text safe in a Slack text object: it can no longer
// open a link, mention @channel or close one.
func Escape(s string) string { return escaper.Replace(s) }

// linkTextEscaper escapes link text, where a | would also end the URL
// part in some clients: it becomes a broken bar, which reads the same.
var linkTextEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "¦",
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// Link is a mrkdwn link <url|text>. The URL is percent-encoded where it
// holds characters Slack's link syntax uses, and the text is escaped; an
// empty or non-http(s) URL gives the escaped text alone.
func Link(rawURL, text string) string {
	text = linkTextEscaper.Replace(text)
	u, err := url.Parse(rawURL)
	if rawURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return text
	}
	safe := strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20", "&", "&amp;").Replace(u.String())
	return "<" + safe + "|" + text + ">"
}

// Truncate cuts s to at most n characters (runes), ending a cut text with
// an ellipsis so a reader sees it was cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	return string([]rune(s)[:n-1]) + "…"
}

// fitEscaped truncates raw user text so that, escaped, it fits in n
// characters: Slack counts the characters it receives, entities included.
func fitEscaped(s string, n int) string {
	out := Escape(s)
	if utf8.RuneCountInString(out) <= n {
		return out
	}
	lo, hi := 0, utf8.RuneCountInString(s)
	for lo < hi { // the longest prefix whose escaped form fits
		mid := (lo + hi + 1) / 2
		if utf8.RuneCountInString(Escape(Truncate(s, mid))) <= n {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Escape(Truncate(s, lo))
}

// resolve turns a path under BASE_URL into an absolute URL; absolute URLs
// pass through.
func resolve(baseURL, u string) string {
	if strings.HasPrefix(u, "/") {
		return strings.TrimRight(baseURL, "/") + u
	}
	return u
}
