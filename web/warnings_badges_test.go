package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

func TestWarningBadges(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	eight := 8.0
	ws := []sprintlens.Warning{
		{StoryID: 1, Kind: sprintlens.WarnTooBig, Points: &eight, Value: 8, Threshold: 5,
			Message: "8 points is above this project's 5-point limit: split it.", Since: time.Now()},
		{StoryID: 1, Kind: sprintlens.WarnLumpySprint, Points: &eight, Value: 50, Threshold: 40, Basis: 16, Iteration: 21,
			Message: "8 of sprint 21's 16 points (50%) sit in this one story, at or above the 40% lumpy limit: split stories like it so the sprint finishes evenly."},
	}
	render := func(l *i18n.Localizer) string {
		var sb strings.Builder
		ctx := i18n.WithLocalizer(context.Background(), l)
		if err := templates.WarningBadges(warningViews(l, ws)).Render(ctx, &sb); err != nil {
			t.Fatal(err)
		}
		return sb.String()
	}
	en := render(b.Localizer("en", ""))
	for _, want := range []string{`data-testid="warning-badges"`, `data-kind="too_big"`, `data-kind="lumpy_sprint"`,
		`>Too big</span>`, `>Lumpy sprint</span>`, `title="8 points is above this project&#39;s 5-point limit: split it."`} {
		if !strings.Contains(en, want) {
			t.Errorf("badges lack %s: %s", want, en)
		}
	}
	for _, w := range ws {
		if got := warningMessage(b.Localizer("en", ""), w); got != w.Message {
			t.Errorf("English %s message = %q, want the domain's %q", w.Kind, got, w.Message)
		}
	}
	ja := render(b.Localizer("ja", ""))
	if !strings.Contains(ja, ">大きすぎる</span>") || !strings.Contains(ja, "スプリント 21 の 16 ポイントのうち 8 ポイント(50%)") {
		t.Errorf("Japanese badges: %s", ja)
	}
	var none strings.Builder
	if err := templates.WarningBadges(nil).Render(context.Background(), &none); err != nil || none.Len() != 0 {
		t.Errorf("no warnings, no badges: %q", none.String())
	}
}
