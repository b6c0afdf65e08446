// Package i18n holds the UI message catalogs (English and Japanese) and
// formats numbers and dates for the reader's language. Pages call T(ctx,
// id) with the Localizer the web layer puts into the request context.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.json
var locales embed.FS

// Supported lists the languages sprintlens speaks, the default first.
var Supported = []language.Tag{language.English, language.Japanese}

// Bundle is the loaded catalogs. Build one with NewBundle at start-up.
type Bundle struct {
	b       *goi18n.Bundle
	matcher language.Matcher
}

// NewBundle loads every embedded catalog.
func NewBundle() (*Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	// Each feature keeps its own catalog pair: NAME.en.json and NAME.ja.json.
	names, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: list catalogs: %w", err)
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(locales, name); err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", name, err)
		}
	}
	return &Bundle{b: b, matcher: language.NewMatcher(Supported)}, nil
}

// Localizer translates for one reader.
type Localizer struct {
	l       *goi18n.Localizer
	Lang    language.Tag
	printer *message.Printer
}

// Localizer picks the best language from a user's choice (may be empty)
// and the Accept-Language header.
func (b *Bundle) Localizer(choice, acceptLanguage string) *Localizer {
	tags, _, _ := language.ParseAcceptLanguage(acceptLanguage)
	if choice != "" {
		if t, err := language.Parse(choice); err == nil {
			tags = append([]language.Tag{t}, tags...)
		}
	}
	tag, _, _ := b.matcher.Match(tags...)
	base, _ := tag.Base()
	lang := language.English
	if base.String() == "ja" {
		lang = language.Japanese
	}
	return &Localizer{l: goi18n.NewLocalizer(b.b, lang.String()), Lang: lang, printer: message.NewPrinter(lang)}
}

// T translates a message id, filling {{.Name}} placeholders from data.
// A missing id shows the id itself so the gap is visible, never a blank.
func (l *Localizer) T(id string, data ...map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := l.l.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Number formats a number with the language's separators and at most
// the given decimals.
func (l *Localizer) Number(v float64, decimals int) string {
	return l.printer.Sprintf("%.*f", decimals, v)
}

// Int formats an integer with grouping.
func (l *Localizer) Int(v int) string { return l.printer.Sprintf("%d", v) }

// Date formats a date for the language ("Nov 26, 2026" / "2026年11月26日").
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(l.T("format.date"))
}

// DateTime formats a date and time ("Nov 26, 2026 13:04" / "2026年11月26日 13:04").
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(l.T("format.datetime"))
}

type ctxKey struct{}

// WithLocalizer stores l in ctx for templates.
func WithLocalizer(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

var fallback = sync.OnceValue(func() *Localizer {
	b, err := NewBundle()
	if err != nil {
		panic(err) // the catalogs are embedded: failing here is a build bug
	}
	return b.Localizer("en", "")
})

// From returns the request's Localizer (English when none was set, for
// tests and background jobs).
func From(ctx context.Context) *Localizer {
	if l, ok := ctx.Value(ctxKey{}).(*Localizer); ok {
		return l
	}
	return fallback()
}

// T is shorthand for From(ctx).T.
func T(ctx context.Context, id string, data ...map[string]any) string {
	return From(ctx).T(id, data...)
}
