package sprintlens

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestProjectSettingsValidate(t *testing.T) {
	good := ProjectSettings{VelocityWindow: 3, TimeZone: "Asia/Tokyo", Warnings: DefaultWarningSettings()}
	tests := []struct {
		name   string
		edit   func(*ProjectSettings)
		fields []string
	}{
		{"defaults are fine", func(*ProjectSettings) {}, nil},
		{"a size limit is fine", func(s *ProjectSettings) { s.SizeLimit = vEst(3) }, nil},
		{"zero size limit", func(s *ProjectSettings) { s.SizeLimit = vEst(0) }, []string{"size_limit"}},
		{"huge size limit", func(s *ProjectSettings) { s.SizeLimit = vEst(101) }, []string{"size_limit"}},
		{"window 0", func(s *ProjectSettings) { s.VelocityWindow = 0 }, []string{"velocity_window"}},
		{"window 5", func(s *ProjectSettings) { s.VelocityWindow = 5 }, []string{"velocity_window"}},
		{"window 1 and 4 are the edges", func(s *ProjectSettings) { s.VelocityWindow = 4 }, nil},
		{"unknown zone", func(s *ProjectSettings) { s.TimeZone = "Mars/Olympus" }, []string{"time_zone"}},
		{"empty zone", func(s *ProjectSettings) { s.TimeZone = "" }, []string{"time_zone"}},
		{"lumpy share 9", func(s *ProjectSettings) { s.Warnings.LumpyShare = 9 }, []string{"lumpy_share"}},
		{"lumpy share 100 is the edge", func(s *ProjectSettings) { s.Warnings.LumpyShare = 100 }, nil},
		{"percentile 100", func(s *ProjectSettings) { s.Warnings.LongRunningPercentile = 100 }, []string{"long_running_percentile"}},
		{"several at once", func(s *ProjectSettings) { s.VelocityWindow, s.TimeZone = 9, "nowhere" },
			[]string{"time_zone", "velocity_window"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.edit(&s)
			err := s.Validate()
			fields := slices.Sorted(maps.Keys(FieldErrors(err)))
			if !slices.Equal(fields, tt.fields) {
				t.Fatalf("failing fields = %v, want %v (err %v)", fields, tt.fields, err)
			}
			if (err != nil) != (len(tt.fields) > 0) || (err != nil && !errors.Is(err, ErrInvalid)) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestFieldErrorsMessages(t *testing.T) {
	s := ProjectSettings{VelocityWindow: 7, TimeZone: "UTC", Warnings: DefaultWarningSettings()}
	if got := FieldErrors(s.Validate())["velocity_window"]; got != "must be 1 to 4 sprints, got 7" {
		t.Fatalf("message = %q", got)
	}
	if got := FieldErrors(Invalid("reason", "say why")); got["reason"] != "say why" {
		t.Fatalf("a single validation error: %v", got)
	}
}

func TestDismissalValidate(t *testing.T) {
	ok := Dismissal{StoryID: 1, Kind: WarnTooBig, Reason: "It is one deploy; splitting adds risk."}
	tests := []struct {
		name  string
		edit  func(*Dismissal)
		field string
	}{
		{"fine", func(*Dismissal) {}, ""},
		{"no story", func(d *Dismissal) { d.StoryID = 0 }, "story_id"},
		{"unknown kind", func(d *Dismissal) { d.Kind = "too_small" }, "kind"},
		{"no reason", func(d *Dismissal) { d.Reason = "" }, "reason"},
		{"reason of 500 runes is the edge", func(d *Dismissal) { d.Reason = strings.Repeat("理", 500) }, ""},
		{"reason too long", func(d *Dismissal) { d.Reason = strings.Repeat("a", 501) }, "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			var ve *ValidationError
			err := d.Validate()
			if tt.field == "" && err != nil || tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field) {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
}

func TestStoryFingerprint(t *testing.T) {
	w := newWProject(t, 1)
	s := *w.story(1, Feature, Unstarted, vEst(3))
	base := StoryFingerprint(s)
	changed := []func(*Story){
		func(s *Story) { s.Estimate = vEst(5) },
		func(s *Story) { s.Estimate = nil },
		func(s *Story) { s.State = Started },
		func(s *Story) { s.UpdatedAt = s.UpdatedAt.Add(1000) },
	}
	for i, edit := range changed {
		c := s
		edit(&c)
		if StoryFingerprint(c) == base {
			t.Errorf("change %d keeps the fingerprint %q", i, base)
		}
	}
	s.Name = "renamed"
	if StoryFingerprint(s) != base {
		t.Error("the fingerprint covers updated_at, estimate and state only")
	}
}

func TestFieldErrorsThroughWrapping(t *testing.T) {
	s := ProjectSettings{VelocityWindow: 0, TimeZone: "", Warnings: DefaultWarningSettings()}
	got := FieldErrors(fmt.Errorf("postgres: save settings: %w", s.Validate()))
	if len(got) != 2 || got["velocity_window"] == "" || got["time_zone"] == "" {
		t.Fatalf("wrapped joined errors: %v", got)
	}
}
