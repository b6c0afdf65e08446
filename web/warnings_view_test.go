package web

import (
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// The English pages show the catalog's hints; they must be the domain's
// definitions word for word.
func TestEnglishHintsAreTheDomainDefinitions(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("en", "")
	want := map[string]string{
		"warnings.hint.too_big": sprintlens.TooBigHint, "warnings.hint.multi_sprint": sprintlens.MultiSprintHint,
		"warnings.hint.unestimated_soon": sprintlens.UnestimatedSoonHint, "warnings.hint.thin_scope": sprintlens.ThinScopeHint,
		"warnings.hint.long_running": sprintlens.LongRunningHint, "warnings.hint.rejected_twice": sprintlens.RejectedTwiceHint,
		"warnings.hint.lumpy_sprint": sprintlens.LumpySprintHint, "warnings.hint.dismiss": sprintlens.DismissHint,
		"radar.hint.big": sprintlens.RadarBigShareHint, "radar.hint.lumpiness": sprintlens.RadarLumpinessHint,
		"radar.hint.spanned": sprintlens.RadarSpannedHint, "radar.hint.runway": sprintlens.RadarRunwayHint,
		"radar.hint.trend": sprintlens.RadarTrendHint, "radar.hint.volatility": sprintlens.RadarVolatilityHint,
		"calibration.hint.table": sprintlens.CalibrationHint, "calibration.hint.overlap": sprintlens.CalibrationOverlapHint,
		"calibration.hint.long_tail": sprintlens.CalibrationLongTailHint,
	}
	for id, def := range want {
		if got := l.T(id); got != def {
			t.Errorf("%s = %q, want %q", id, got, def)
		}
	}
	for _, k := range sprintlens.WarningKinds {
		if _, ok := want["warnings.hint."+string(k)]; !ok {
			t.Errorf("kind %s has no hint", k)
		}
	}
}

func TestWarningNum(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("en", "")
	for v, want := range map[float64]string{8: "8", 4.96: "5", 33.333: "33.3", 2.25: "2.3", 0: "0", 1234.5: "1,234.5"} {
		if got := warningNum(l, v); got != want {
			t.Errorf("warningNum(%v) = %q, want %q", v, got, want)
		}
	}
}
