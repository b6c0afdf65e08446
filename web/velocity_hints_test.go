package web_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// The pages show each metric's definition from the catalog; the English
// text must be the domain's own, word for word, and Japanese must have
// its translation.
func TestHintCatalogMatchesDomain(t *testing.T) {
	load := func(lang string) map[string]string {
		b, err := os.ReadFile("../templates/i18n/locales/velocity." + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, ja := load("en"), load("ja")
	for key, want := range map[string]string{
		"hint.velocity": sprintlens.VelocityHint, "hint.velocity_normalized": sprintlens.NormalizedVelocityHint,
		"hint.volatility": sprintlens.VolatilityHint, "hint.short_window": sprintlens.ShortWindowHint,
		"hint.rolling_velocity": sprintlens.RollingVelocityHint, "hint.annotations": sprintlens.AnnotationsHint,
		"hint.committed": sprintlens.CommittedHint, "hint.accepted": sprintlens.AcceptedHint,
		"hint.carried_over": sprintlens.CarriedOverHint, "hint.added": sprintlens.AddedHint,
		"hint.removed": sprintlens.RemovedHint, "hint.roll_count": sprintlens.RollCountHint,
		"hint.reconstructed": sprintlens.ReconstructedHint, "hint.cycle_time": sprintlens.CycleTimeHint,
		"hint.cycle_percentile": sprintlens.CyclePercentileHint, "hint.percentile": sprintlens.PercentileHint,
		"hint.forecast_range": sprintlens.ForecastRangeHint, "hint.monte_carlo": sprintlens.MonteCarloHint,
		"hint.iteration_window": sprintlens.IterationWindowHint,
	} {
		if en[key] != want {
			t.Errorf("%s (en) = %q, want the domain's %q", key, en[key], want)
		}
		if ja[key] == "" || ja[key] == want {
			t.Errorf("%s lacks a Japanese translation", key)
		}
	}
}
