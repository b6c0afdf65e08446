package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// Changing the velocity window is kept, and the velocity chart marks it;
// saving the same window again adds nothing.
func TestVelocityWindowChangeIsAnnotated(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC))) // project 9
	windowMarks := func() []sprintlens.Annotation {
		t.Helper()
		m, err := st.MetricsSummary(ctx, 9)
		if err != nil {
			t.Fatal(err)
		}
		var out []sprintlens.Annotation
		for _, a := range m.Annotations {
			if a.Kind == sprintlens.AnnotationWindowChange {
				out = append(out, a)
			}
		}
		return out
	}
	if got := windowMarks(); len(got) != 0 {
		t.Fatalf("window marks before any change: %+v", got)
	}
	ps, err := st.ProjectSettings(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	from := ps.VelocityWindow
	ps.VelocityWindow = 2
	for i := 0; i < 2; i++ { // the second save changes nothing
		if err := st.SaveProjectSettings(ctx, 9, ps, "kenji"); err != nil {
			t.Fatal(err)
		}
	}
	got := windowMarks()
	if len(got) != 1 || got[0].From != float64(from) || got[0].To != 2 {
		t.Fatalf("window marks after changing %d → 2: %+v", from, got)
	}
}
