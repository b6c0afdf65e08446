package sprintlens

import (
	"slices"
	"testing"
	"time"
)

// tallyWant is one review's expected tallies and marks.
type tallyWant struct {
	iteration                    int
	committed, accepted, carried Tally
	added, removed, open         Tally
	inProgress, inferred, recon  bool
}

// observe adds what a sync saw: the story's state with its iteration.
func (f *reviewFixture) observe(id int64, t time.Time, st StoryState, est *float64, iter *int) {
	f.history = append(f.history, HistoryEntry{StoryID: id, OccurredAt: t, State: st, Estimate: est, IterationNumber: iter, Source: FromSync})
}

// These fixtures have the shape the syncer stores for a Tracker project:
// creations and moves from the activity feed and transitions ("activity",
// work and acceptances carrying the iteration running then, waiting states
// none) and, from the first sync on, observations of the stories in the
// current and backlog iterations ("sync", with their iteration). Four
// one-week Tokyo sprints from Mon 1 Apr 2024, sprint 4 current.
func TestBuildReviewsInferredPlanning(t *testing.T) {
	story := func(id int64, created time.Time, st StoryState, est float64, iter *int) Story {
		return Story{ID: id, Type: Feature, State: st, Estimate: vEst(est), CreatedAt: created, IterationNumber: iter}
	}
	tests := []struct {
		name   string
		number int // the first sprint's number
		build  func(f *reviewFixture)
		rows   []rowWant
		tally  []tallyWant
		chains map[int64][]int
	}{
		{
			name: "past sprint with transitions only",
			build: func(f *reviewFixture) {
				f.stories = []Story{
					story(11, f.at(1, 1), Accepted, 3, vIter(2)),
					story(12, f.at(1, 2), Accepted, 2, vIter(2)),
					story(13, f.at(1, -3), Started, 5, vIter(4)),
					story(14, f.at(2, 2), Accepted, 1, vIter(3)),
					story(19, f.at(1, 0), Unstarted, 2, vIter(5)),
				}
				// 11, 12, 13: created before sprint 2, started in it.
				f.add(11, f.at(1, 1), Unstarted, vEst(3), nil)
				f.add(11, f.at(2, 1), Started, vEst(3), vIter(2))
				f.add(11, f.at(2, 3), Accepted, vEst(3), vIter(2))
				f.add(12, f.at(1, 2), Unstarted, vEst(2), nil)
				f.add(12, f.at(2, 0.5), Started, vEst(2), vIter(2))
				f.add(12, f.at(2, 2), Finished, vEst(2), vIter(2))
				f.add(12, f.at(2, 4), Accepted, vEst(2), vIter(2))
				f.add(13, f.at(1, -3), Unstarted, vEst(5), nil)
				f.add(13, f.at(2, 2), Started, vEst(5), vIter(2))
				// 14: created mid-sprint 2 and started then, accepted in 3.
				f.add(14, f.at(2, 2), Unstarted, vEst(1), nil)
				f.add(14, f.at(2, 3), Started, vEst(1), vIter(2))
				f.add(14, f.at(3, 1), Accepted, vEst(1), vIter(3))
				// 19: first synced mid-sprint 4 waiting in backlog sprint 5;
				// its observation is the project's first.
				f.add(19, f.at(1, 0), Unstarted, vEst(2), nil)
				f.observe(19, f.at(4, 2), Unstarted, vEst(2), vIter(5))
			},
			rows: []rowWant{
				{2, 11, "CAi", 3, 3, 0},
				{2, 12, "CAi", 2, 2, 0},
				{2, 13, "COi", 5, 5, 0},
				{2, 14, "+", 1, 0, 0},  // created after the start: added
				{3, 13, "CO", 5, 5, 1}, // in flight at the start: committed as ever
				{3, 14, "CA", 1, 1, 1},
				{4, 13, "C?", 5, 5, 2}, // sprint in progress: open
			},
			tally: []tallyWant{
				// committed 11(3)+12(2)+13(5) = 10 in 3; accepted 11(3)+12(2)
				// = 5 in 2; carried over 13(5); added 14(1).
				{iteration: 2, committed: Tally{10, 3}, accepted: Tally{5, 2}, carried: Tally{5, 1}, added: Tally{1, 1}, inferred: true},
				// committed 13(5)+14(1) = 6; accepted 14(1); carried 13(5).
				{iteration: 3, committed: Tally{6, 2}, accepted: Tally{1, 1}, carried: Tally{5, 1}},
				// 13's 5 points open, nothing carried over.
				{iteration: 4, committed: Tally{5, 1}, open: Tally{5, 1}, inProgress: true},
			},
		},
		{
			name: "recorded scheduling wins over inference",
			build: func(f *reviewFixture) {
				f.stories = []Story{
					story(21, f.at(1, 0), Accepted, 3, vIter(2)),
					story(22, f.at(1, 0), Accepted, 2, vIter(2)),
					story(23, f.at(1, 0), Accepted, 1, vIter(2)),
				}
				// 21: recorded as planned for sprint 3, pulled into 2.
				f.add(21, f.at(1, 0), Unstarted, vEst(3), nil)
				f.add(21, f.at(1, 5), Unstarted, vEst(3), vIter(3))
				f.add(21, f.at(2, 2), Started, vEst(3), vIter(2))
				f.add(21, f.at(2, 4), Accepted, vEst(3), vIter(2))
				// 22: the same without a record: inferred committed.
				f.add(22, f.at(1, 0), Unstarted, vEst(2), nil)
				f.add(22, f.at(2, 2), Started, vEst(2), vIter(2))
				f.add(22, f.at(2, 4), Accepted, vEst(2), vIter(2))
				// 23: in the icebox at the start: known not planned.
				f.add(23, f.at(1, 0), Unscheduled, vEst(1), nil)
				f.add(23, f.at(2, 1), Unstarted, vEst(1), nil)
				f.add(23, f.at(2, 2), Started, vEst(1), vIter(2))
				f.add(23, f.at(2, 3), Accepted, vEst(1), vIter(2))
			},
			rows: []rowWant{
				{2, 21, "+A", 3, 0, 0},
				{2, 22, "CAi", 2, 2, 0},
				{2, 23, "+A", 1, 0, 0},
			},
			// committed 22(2); accepted 21(3)+22(2)+23(1) = 6 in 3; added 21(3)+23(1) = 4 in 2.
			tally: []tallyWant{{iteration: 2, committed: Tally{2, 1}, accepted: Tally{6, 3}, added: Tally{4, 2}, inferred: true}},
		},
		{
			name: "sprints after the first sync follow the record",
			build: func(f *reviewFixture) {
				f.stories = []Story{
					story(31, f.at(1, 0), Started, 5, vIter(4)),
					story(32, f.at(1, 0), Accepted, 2, vIter(2)),
				}
				// First sync on day 6 of sprint 1: 31 seen planned for 2.
				f.add(31, f.at(1, 0), Unstarted, vEst(5), nil)
				f.observe(31, f.at(1, 6), Unstarted, vEst(5), vIter(2))
				f.add(31, f.at(2, 1), Started, vEst(5), vIter(2))
				// 32 was not seen in any iteration at sprint 2's start, so
				// it was in the icebox: started and accepted, it was added.
				f.add(32, f.at(1, 0), Unstarted, vEst(2), nil)
				f.add(32, f.at(2, 1), Started, vEst(2), vIter(2))
				f.add(32, f.at(2, 2), Accepted, vEst(2), vIter(2))
			},
			rows: []rowWant{
				{2, 31, "CO", 5, 5, 0},
				{2, 32, "+A", 2, 0, 0},
				{3, 31, "CO", 5, 5, 1},
				{4, 31, "C?", 5, 5, 2},
			},
			tally: []tallyWant{{iteration: 2, committed: Tally{5, 1}, accepted: Tally{2, 1}, carried: Tally{5, 1}, added: Tally{2, 1}}},
		},
		{
			name: "current sprint first synced mid-sprint",
			build: func(f *reviewFixture) {
				f.stories = []Story{
					story(41, f.at(3, 1), Unstarted, 3, vIter(4)),
					story(42, f.at(4, 1), Unstarted, 1, vIter(4)),
					story(43, f.at(3, 1), Unstarted, 5, vIter(5)),
					story(44, f.at(2, 1), Unstarted, 2, vIter(4)),
					story(45, f.at(3, 0), Accepted, 2, vIter(4)),
				}
				obs := f.at(4, 2) // the first sync
				// 41: created before sprint 4, seen in it: committed.
				f.add(41, f.at(3, 1), Unstarted, vEst(3), nil)
				f.observe(41, obs, Unstarted, vEst(3), vIter(4))
				// 42: created after the start: added, open.
				f.add(42, f.at(4, 1), Unstarted, vEst(1), nil)
				f.observe(42, obs, Unstarted, vEst(1), vIter(4))
				// 43: waiting in backlog sprint 5: not in 4.
				f.add(43, f.at(3, 1), Unstarted, vEst(5), nil)
				f.observe(43, obs, Unstarted, vEst(5), vIter(5))
				// 44: in the icebox at the start, moved in on day 1: added.
				f.add(44, f.at(2, 1), Unscheduled, vEst(2), nil)
				f.add(44, f.at(4, 1), Unstarted, vEst(2), nil)
				f.observe(44, obs, Unstarted, vEst(2), vIter(4))
				// 45: started and accepted on day 1 (before the sync).
				f.add(45, f.at(3, 0), Unstarted, vEst(2), nil)
				f.add(45, f.at(4, 1), Started, vEst(2), vIter(4))
				f.add(45, f.at(4, 1.5), Accepted, vEst(2), vIter(4))
			},
			rows: []rowWant{
				{4, 41, "C?i", 3, 3, 0},
				{4, 42, "+?", 1, 0, 0},
				{4, 44, "+?", 2, 0, 0},
				{4, 45, "CAi", 2, 2, 0},
			},
			// committed 41(3)+45(2) = 5 in 2; accepted 45(2); added
			// 42(1)+44(2) = 3 in 2; open 41(3)+42(1)+44(2) = 6 in 3.
			tally: []tallyWant{{iteration: 4, committed: Tally{5, 2}, accepted: Tally{2, 1}, added: Tally{3, 2},
				open: Tally{6, 3}, inProgress: true, inferred: true}},
		},
		{
			name:   "carry-over chain of an inferred commitment",
			number: 10,
			build: func(f *reviewFixture) {
				// Started in sprint 10, accepted in 12 (sprint 13 current).
				f.stories = []Story{story(51, f.at(1, -2), Accepted, 8, vIter(12))}
				f.add(51, f.at(1, -2), Unstarted, vEst(8), nil)
				f.add(51, f.at(1, 2), Started, vEst(8), vIter(10))
				f.add(51, f.at(2, 4), Finished, vEst(8), vIter(11))
				f.add(51, f.at(3, 2), Accepted, vEst(8), vIter(12))
			},
			rows: []rowWant{
				{10, 51, "COi", 8, 8, 0},
				{11, 51, "CO", 8, 8, 1}, // crossed 10's end
				{12, 51, "CA", 8, 8, 2}, // crossed 10's and 11's ends
			},
			tally: []tallyWant{
				{iteration: 10, committed: Tally{8, 1}, carried: Tally{8, 1}, inferred: true},
				{iteration: 12, committed: Tally{8, 1}, accepted: Tally{8, 1}},
				{iteration: 13, inProgress: true},
			},
			chains: map[int64][]int{51: {10, 11, 12}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := reviewFixture{its: vWeekly(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 4, vTokyo(t))}
			first := max(tt.number, 1)
			for i := range f.its {
				f.its[i].Number = first + i
			}
			tt.build(&f)
			reviews := BuildReviews(Project{CurrentIteration: first + 3}, f.its, f.stories, f.history)
			checkRows(t, reviews, tt.rows)
			for _, r := range reviews {
				checkCommittedEnds(t, r)
			}
			for _, w := range tt.tally {
				r := reviews[w.iteration-first]
				got := tallyWant{iteration: w.iteration, committed: r.Committed, accepted: r.Accepted, carried: r.CarriedOver,
					added: r.Added, removed: r.Removed, open: r.Open, inProgress: r.InProgress, inferred: r.Inferred, recon: r.Reconstructed}
				if got != w {
					t.Errorf("sprint %d:\n got %+v\nwant %+v", w.iteration, got, w)
				}
			}
			for id, want := range tt.chains {
				for _, r := range reviews {
					for _, rs := range r.Stories {
						if rs.StoryID == id && !slices.Equal(rs.Chain, want) {
							t.Errorf("sprint %d story %d chain %v, want %v", r.Iteration.Number, id, rs.Chain, want)
						}
					}
				}
			}
		})
	}
}

// Imported data knows no more than dates, but the sprint in progress still
// shows its unaccepted stories as open rather than carried over.
func TestBuildReviewsReconstructedInProgress(t *testing.T) {
	f := reviewFixture{its: vWeekly(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 4, vTokyo(t))}
	f.stories = []Story{
		{ID: 1, Type: Feature, State: Started, Estimate: vEst(3), CreatedAt: f.at(2, 1)},
		{ID: 2, Type: Feature, State: Started, Estimate: vEst(2), CreatedAt: f.at(4, 1)},
	}
	f.history = []HistoryEntry{
		{StoryID: 1, OccurredAt: f.at(2, 1), State: Unstarted, Estimate: vEst(3), Source: Reconstructed},
		{StoryID: 1, OccurredAt: f.at(3, 2), State: Started, Estimate: vEst(3), Source: Reconstructed},
		{StoryID: 2, OccurredAt: f.at(4, 1), State: Unstarted, Estimate: vEst(2), Source: Reconstructed},
		{StoryID: 2, OccurredAt: f.at(4, 2), State: Started, Estimate: vEst(2), Source: Reconstructed},
	}
	reviews := BuildReviews(Project{CurrentIteration: 4}, f.its, f.stories, f.history)
	checkRows(t, reviews, []rowWant{
		{3, 1, "CO", 3, 3, 0}, // created in 2, started in 3: committed, carried over
		{4, 1, "C?", 3, 3, 1}, // in flight into sprint 4, which is running
		{4, 2, "+?", 2, 0, 0}, // created in 4: added, open
	})
	// Sprint 4: committed 1(3); open 1(3)+2(2) = 5 in 2; nothing carried.
	r4 := reviews[3]
	if r4.Committed != (Tally{3, 1}) || r4.Open != (Tally{5, 2}) || r4.CarriedOver != (Tally{}) || !r4.Reconstructed || !r4.InProgress {
		t.Errorf("sprint 4 = committed %+v open %+v carried %+v reconstructed %v in progress %v",
			r4.Committed, r4.Open, r4.CarriedOver, r4.Reconstructed, r4.InProgress)
	}
	for _, r := range reviews {
		checkCommittedEnds(t, r)
	}
}
