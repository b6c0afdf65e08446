package web

import (
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// The OKR pages show each definition from the catalog; the English text
// must be the domain's own words, and Japanese must have its translation.
func TestOKRHintsMatchTheDomain(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	en, ja := b.Localizer("en", ""), b.Localizer("ja", "")
	for key, want := range map[string]string{
		"hint.okr.kr_progress":        sprintlens.HintKRProgress,
		"hint.okr.objective_progress": sprintlens.HintObjectiveProgress,
		"hint.okr.expected":           sprintlens.HintExpectedProgress,
		"hint.okr.on_track":           sprintlens.HintOnTrack,
		"hint.okr.at_risk":            sprintlens.HintAtRisk,
		"hint.okr.off_track":          sprintlens.HintOffTrack,
		"hint.okr.score":              sprintlens.HintScore,
		"hint.okr.coverage":           sprintlens.HintCoverage,
	} {
		if got := en.T(key); got != want {
			t.Errorf("%s (en) = %q, want the domain's %q", key, got, want)
		}
		if got := ja.T(key); got == key || got == want {
			t.Errorf("%s has no Japanese translation", key)
		}
	}
}
