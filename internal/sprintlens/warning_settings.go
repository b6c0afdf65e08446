package sprintlens

import (
	"errors"
	"fmt"
	"time"
)

// WarningSettings are the per-project thresholds of the warnings that are
// not project columns of their own.
type WarningSettings struct {
	// LumpyShare is the share of a sprint's points, in percent, at or above
	// which one story makes the sprint lumpy.
	LumpyShare float64
	// LongRunningPercentile is the cycle-time percentile of a story's size
	// beyond which it is long-running.
	LongRunningPercentile float64
}

// Defaults and bounds of the warning settings.
const (
	DefaultLumpyShare            = 40
	DefaultLongRunningPercentile = 85
	MinLumpyShare                = 10
	MinLongRunningPercentile     = 50
	MaxLongRunningPercentile     = 99
)

// DefaultWarningSettings returns the thresholds the issue defines.
func DefaultWarningSettings() WarningSettings {
	return WarningSettings{LumpyShare: DefaultLumpyShare, LongRunningPercentile: DefaultLongRunningPercentile}
}

// ProjectSettings is everything the settings page edits.
type ProjectSettings struct {
	// SizeLimit overrides the too-big rule; nil keeps the default rule.
	SizeLimit          *float64
	VelocityWindow     int
	CountBugsAndChores bool
	TimeZone           string
	Warnings           WarningSettings
}

// SettingsOf reads a project's editable settings.
func SettingsOf(p Project, w WarningSettings) ProjectSettings {
	return ProjectSettings{SizeLimit: p.SizeLimit, VelocityWindow: p.VelocityWindow,
		CountBugsAndChores: p.CountBugsAndChores, TimeZone: p.TimeZone, Warnings: w}
}

// Validate checks every field and returns one *ValidationError per bad
// field, joined (errors.Join), so a form can show each message beside its
// field. It returns nil when all are fine.
func (s ProjectSettings) Validate() error {
	var errs []error
	if s.SizeLimit != nil && (*s.SizeLimit <= 0 || *s.SizeLimit > 100) {
		errs = append(errs, Invalid("size_limit", "must be above 0 and at most 100 points, or empty for the default rule"))
	}
	if s.VelocityWindow < 1 || s.VelocityWindow > 4 {
		errs = append(errs, Invalid("velocity_window", fmt.Sprintf("must be 1 to 4 sprints, got %d", s.VelocityWindow)))
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		errs = append(errs, Invalid("time_zone", fmt.Sprintf("%q is not a time zone name such as Asia/Tokyo", s.TimeZone)))
	}
	if l := s.Warnings.LumpyShare; l < MinLumpyShare || l > 100 {
		errs = append(errs, Invalid("lumpy_share", fmt.Sprintf("must be %d to 100 percent", MinLumpyShare)))
	}
	if p := s.Warnings.LongRunningPercentile; p < MinLongRunningPercentile || p > MaxLongRunningPercentile {
		errs = append(errs, Invalid("long_running_percentile",
			fmt.Sprintf("must be %d to %d", MinLongRunningPercentile, MaxLongRunningPercentile)))
	}
	return errors.Join(errs...)
}

// FieldErrors maps each failing field of a validation error, as Validate
// returns it (joined, possibly wrapped), to its message. Errors that are
// not validation errors are left out.
func FieldErrors(err error) map[string]string {
	out := map[string]string{}
	var walk func(error)
	walk = func(e error) {
		switch u := e.(type) {
		case nil:
		case *ValidationError:
			out[u.Field] = u.Message
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}
