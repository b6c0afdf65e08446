package tracker

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// csvParseDate reads the date forms seen in Tracker exports over the
// years, most common first: "Feb 18, 2019" (every sample export), with a
// clock time in some exports, without the comma in older ones, ISO forms
// from API-era tools and the slashed forms Tracker's import documentation
// shows. Dates without a clock are midnight in loc, the project's zone.
// s is already trimmed and non-empty.
func csvParseDate(s string, loc *time.Location) (time.Time, error) {
	layouts := [...]string{
		"Jan 2, 2006",
		"Jan 2, 2006 3:04 PM",
		"Jan 2 2006",
		"Jan 2 2006 3:04 PM",
		time.RFC3339,
		"2006-01-02",
		"2006/01/02",
		"1/2/2006",
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errCSVBadDate
}

// csvParseID reads a story id: a positive decimal integer.
func csvParseID(s string) (int64, error) {
	if s == "" {
		return 0, errCSVEmpty
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errCSVBadID
	}
	return id, nil
}

// csvParseIteration reads an iteration number (1-based in Tracker).
func csvParseIteration(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errCSVBadIteration
	}
	return n, nil
}

// csvParseEstimate reads an estimate; "" and Tracker's "-1" mean
// unestimated and yield nil.
func csvParseEstimate(s string) (*float64, error) {
	if s == "" || s == "-1" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, errCSVBadNumber
	}
	if v == -1 {
		return nil, nil
	}
	if v < 0 {
		return nil, errCSVBadEstimate
	}
	return &v, nil
}

// csvParseType lower-cases and checks a story type. Epic rows never reach
// here: the reader skips them before parsing.
func csvParseType(s string) (string, error) {
	t := strings.ToLower(s)
	switch t {
	case "feature", "bug", "chore", "release":
		return t, nil
	}
	if t == "" {
		return "", errCSVEmpty
	}
	return "", errCSVBadType
}

// csvParseState lower-cases and checks a story state. It does not check
// the state against the type or the dates: real exports hold combinations
// (a release "unstarted" with a past deadline) that a stricter check would
// reject.
func csvParseState(s string) (string, error) {
	st := strings.ToLower(s)
	switch st {
	case "unscheduled", "unstarted", "planned", "started",
		"finished", "delivered", "rejected", "accepted":
		return st, nil
	}
	if st == "" {
		return "", errCSVEmpty
	}
	return "", errCSVBadState
}

// csvParseTaskStatus reads "completed" or "not completed"; an empty
// status counts as not completed.
func csvParseTaskStatus(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "completed":
		return true, nil
	case "not completed", "":
		return false, nil
	}
	return false, errCSVBadTask
}

// csvParseBlockerStatus reads "resolved" or "blocked" ("unresolved" is
// accepted too); an empty status counts as still blocking.
func csvParseBlockerStatus(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "resolved":
		return true, nil
	case "blocked", "unresolved", "":
		return false, nil
	}
	return false, errCSVBadBlocker
}

// csvSplitLabels splits the Labels cell ("a, b,c") into trimmed names,
// dropping empties; "" yields nil.
func csvSplitLabels(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	labels := make([]string, 0, strings.Count(s, ",")+1)
	for part := range strings.SplitSeq(s, ",") {
		if l := strings.TrimSpace(part); l != "" {
			labels = append(labels, l)
		}
	}
	if len(labels) == 0 {
		return nil
	}
	return labels
}
