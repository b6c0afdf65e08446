package sprintlens

import (
	"math"
	"testing"
	"time"
)

// Helpers shared by the velocity, review and forecast tests. Names carry a
// "v" prefix so they cannot clash with other test files of the package.

func vEst(v float64) *float64 { return &v }

func vIter(n int) *int { return &n }

func vTime(t time.Time) *time.Time { return &t }

// vTokyo loads Asia/Tokyo, the target team's zone.
func vTokyo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatalf("load Asia/Tokyo: %v", err)
	}
	return loc
}

// vWeekly builds n one-week iterations numbered from 1, the first starting
// on first (a date), windows from IterationWindow in loc, all team strength 1.
func vWeekly(first time.Time, n int, loc *time.Location) []Iteration {
	its := make([]Iteration, n)
	for i := range its {
		start, finish := NthIterationWindow(first, 1, i+1, loc)
		its[i] = Iteration{Number: i + 1, Start: start, Finish: finish, TeamStrength: 1, Length: 1, Kind: IterationDone}
	}
	return its
}

func vNear(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
