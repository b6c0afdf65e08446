package sprintlens

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// vLargeProject builds a synthetic project of the size BuildReviews must
// handle: 100 weekly sprints, 100,000 stories, 500,000 history entries
// (planned, started, finished, delivered, accepted), a third of the stories
// rolling across one or two sprint boundaries. The history is shuffled, as
// if read without ORDER BY.
func vLargeProject(loc *time.Location) ([]Iteration, []Story, []HistoryEntry) {
	its := vWeekly(time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC), 100, loc)
	rng := rand.New(rand.NewPCG(1, 2))
	scale := []float64{0, 1, 2, 3, 5, 8}
	stories := make([]Story, 100_000)
	history := make([]HistoryEntry, 0, 500_000)
	for i := range stories {
		id := int64(i + 1)
		n := 1 + rng.IntN(97)
		roll := rng.IntN(3)
		est := vEst(scale[rng.IntN(len(scale))])
		day := func(k int, d float64) time.Time {
			return its[k-1].Start.Add(time.Duration(d * float64(24*time.Hour)))
		}
		planned, started := day(n, -2), day(n, rng.Float64()*3)
		accepted := day(n+roll, 3+rng.Float64()*3)
		stories[i] = Story{ID: id, Type: Feature, State: Accepted, Estimate: est, CreatedAt: planned,
			AcceptedAt: vTime(accepted), Labels: []string{"l" + string(rune('a'+i%5))}}
		history = append(history,
			HistoryEntry{StoryID: id, OccurredAt: planned, State: Unstarted, Estimate: est, IterationNumber: vIter(n), Source: FromActivity},
			HistoryEntry{StoryID: id, OccurredAt: started, State: Started, Estimate: est, IterationNumber: vIter(n), Source: FromActivity},
			HistoryEntry{StoryID: id, OccurredAt: accepted.Add(-2 * time.Hour), State: Finished, Estimate: est, IterationNumber: vIter(n + roll), Source: FromActivity},
			HistoryEntry{StoryID: id, OccurredAt: accepted.Add(-time.Hour), State: Delivered, Estimate: est, IterationNumber: vIter(n + roll), Source: FromActivity},
			HistoryEntry{StoryID: id, OccurredAt: accepted, State: Accepted, Estimate: est, IterationNumber: vIter(n + roll), Source: FromActivity},
		)
	}
	rng.Shuffle(len(history), func(i, j int) { history[i], history[j] = history[j], history[i] })
	return its, stories, history
}

// At scale the reviews must still agree with the story-level velocity
// input: accepted points per sprint from history equal AcceptedPoints from
// the stories, and every story is accepted exactly once.
func TestBuildReviewsLargeProjectConsistent(t *testing.T) {
	if testing.Short() {
		t.Skip("large synthetic project")
	}
	its, stories, history := vLargeProject(vTokyo(t))
	p := Project{CurrentIteration: 101}
	reviews := BuildReviews(p, its, stories, history)
	points := AcceptedPoints(p, its, stories)
	accepted := 0
	for i, r := range reviews {
		if r.Accepted.Points != points[i].Points || r.Accepted.Count != points[i].Stories {
			t.Errorf("sprint %d: review accepted %+v, stories say %v points, %d stories",
				r.Iteration.Number, r.Accepted, points[i].Points, points[i].Stories)
		}
		accepted += r.Accepted.Count
	}
	if accepted != len(stories) {
		t.Errorf("%d acceptances across reviews, want %d", accepted, len(stories))
	}
	if !slices.IsSortedFunc(reviews, func(a, b Review) int { return a.Iteration.Start.Compare(b.Iteration.Start) }) {
		t.Error("reviews not ordered by start")
	}
}

func BenchmarkBuildReviews(b *testing.B) {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		b.Fatal(err)
	}
	its, stories, history := vLargeProject(loc)
	p := Project{CurrentIteration: 101}
	b.ResetTimer()
	for b.Loop() {
		BuildReviews(p, its, stories, history)
	}
}
