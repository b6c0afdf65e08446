package tracker

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/tracker/trackertest"
)

// csvReadAll reads every story, failing the test on any error.
func csvReadAll(t *testing.T, rd *CSVReader) []CSVStory {
	t.Helper()
	var out []CSVStory
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("Next after %d stories: %v", len(out), err)
		}
		out = append(out, s)
	}
}

// csvFixtureTotals is what the fixture test compares with hand counts.
type csvFixtureTotals struct {
	stories int
	states  map[string]int
	types   map[string]int
	// acceptedPoints sums the estimates of accepted stories per iteration
	// (unestimated counts 0); acceptedStories counts them.
	acceptedPoints  map[int]float64
	acceptedStories map[int]int
	// icebox counts stories without an iteration.
	icebox int
}

func csvTotals(stories []CSVStory) csvFixtureTotals {
	tot := csvFixtureTotals{
		stories: len(stories), states: map[string]int{}, types: map[string]int{},
		acceptedPoints: map[int]float64{}, acceptedStories: map[int]int{},
	}
	for _, s := range stories {
		tot.states[s.State]++
		tot.types[s.Type]++
		if s.Iteration == nil {
			tot.icebox++
			continue
		}
		if s.State == "accepted" {
			tot.acceptedStories[*s.Iteration]++
			var points float64
			if s.Estimate != nil {
				points = *s.Estimate
			}
			tot.acceptedPoints[*s.Iteration] += points
		}
	}
	return tot
}

func csvDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func csvFloat(f float64) *float64 { return &f }

// TestCSVReaderFixtures reads every real export in tracker-fixtures/csv and
// compares with numbers counted by hand from the files.
func TestCSVReaderFixtures(t *testing.T) {
	tests := []struct {
		file   string
		layout string
		want   csvFixtureTotals
		check  func(t *testing.T, byID map[int64]CSVStory)
	}{
		{
			file:   "legacy_2009_stories.csv",
			layout: CSVLayoutClassic,
			want: csvFixtureTotals{
				stories: 48, // 49 lines - 1 header
				// lines 2-28 accepted, 29-31 started, 32-37 unstarted, 38-49 unscheduled
				states: map[string]int{"accepted": 27, "started": 3, "unstarted": 6, "unscheduled": 12},
				// bugs on lines 2,8,11,14,15,17,20,24,25,26,27,28,32,33,34; the rest features
				types: map[string]int{"bug": 15, "feature": 33},
				acceptedPoints: map[int]float64{
					1:  0,                         // one unestimated bug
					2:  2 + 1 + 1 + 2 + 1,         // = 7
					3:  0 + 2,                     // bug + "Multiple date display"
					4:  1 + 0 + 1 + 2 + 0 + 0 + 1, // = 5, three bugs
					6:  0,
					7:  3,
					8:  1 + 0, // = 1
					11: 1,
					13: 1,
					15: 1,
					17: 0 + 0,
					29: 0 + 0 + 0,
				}, // total 0+7+2+5+0+3+1+1+1+1+0+0 = 21
				acceptedStories: map[int]int{1: 1, 2: 5, 3: 2, 4: 7, 6: 1, 7: 1, 8: 2, 11: 1, 13: 1, 15: 1, 17: 2, 29: 3}, // sum 27
				icebox:          12,
			},
			check: func(t *testing.T, byID map[int64]CSVStory) {
				s := byID[1817033]
				if s.Line != 2 || !reflect.DeepEqual(s.Labels, []string{"this", "that", "another"}) ||
					s.Estimate != nil || !s.IterationStart.Equal(csvDay(2009, time.November, 23)) ||
					!s.IterationEnd.Equal(csvDay(2009, time.November, 29)) ||
					!s.CreatedAt.Equal(csvDay(2009, time.November, 27)) || !s.AcceptedAt.Equal(csvDay(2009, time.November, 28)) ||
					!reflect.DeepEqual(s.Owners, []string{"Test User"}) || s.RequestedBy != "Test User" ||
					s.URL != "http://www.pivotaltracker.com/story/show/1817033" {
					t.Errorf("story 1817033 = %+v", s)
				}
				want := "This functionality is now present, just requires links on task pages and date chooser (Test User - Feb 8, 2010)"
				if s := byID[2045690]; !reflect.DeepEqual(s.Comments, []string{want}) || s.Line != 22 {
					t.Errorf("story 2045690 line %d comments %q, want line 22 and the Note", s.Line, s.Comments)
				}
				if s := byID[1929070]; s.Description != "Timesheet needs to show multiple date headers" {
					t.Errorf("story 1929070 description %q", s.Description)
				}
				if s := byID[1816971]; s.Line != 49 || s.Iteration != nil || s.IterationStart != nil || *s.Estimate != 3 {
					t.Errorf("last story = %+v", s)
				}
			},
		},
		{
			file:   "workshop2_20191006_1729.csv",
			layout: CSVLayoutModern,
			want: csvFixtureTotals{
				stories: 22, // 23 lines - 1 header
				states: map[string]int{
					"accepted": 6, "rejected": 1, "finished": 1, "started": 1, "delivered": 1,
					"unstarted":   7, // lines 11,13,14,15,16,17,18
					"unscheduled": 5,
				}, // 6+1+1+1+1+7+5 = 22
				types: map[string]int{
					"feature": 11, // lines 2,3,7,9,10,16,17,18,20,21,23
					"bug":     5,  // lines 4,6,8,12,19
					"chore":   3,  // lines 5,13,14
					"release": 3,  // lines 11,15,22
				},
				acceptedPoints: map[int]float64{
					1:  1 + 2 + 0 + 0, // feature 1, feature 2, bug, chore = 3
					31: 0 + 0,         // bug, feature estimated 0
				},
				acceptedStories: map[int]int{1: 4, 31: 2},
				icebox:          5,
			},
			check: func(t *testing.T, byID map[int64]CSVStory) {
				s := byID[164517310]
				if s.Title != " existing started story" || !reflect.DeepEqual(s.Labels, []string{"label one", "label two"}) ||
					s.Description != "this will update story 100" || *s.Estimate != 1 {
					t.Errorf("story 164517310 = %+v", s)
				}
				s = byID[164517314]
				if s.Estimate == nil || *s.Estimate != 0 || !reflect.DeepEqual(s.Owners, []string{"John Salazar Pinto"}) ||
					!reflect.DeepEqual(s.Comments, []string{"missing feature (John Salazar Pinto - Sep 17, 2019)"}) ||
					!s.AcceptedAt.Equal(csvDay(2019, time.September, 17)) {
					t.Errorf("story 164517314 = %+v", s)
				}
				if s := byID[164517315]; s.Owners != nil || len(s.Comments) != 1 || s.State != "rejected" {
					t.Errorf("story 164517315 owners %q comments %q state %s", s.Owners, s.Comments, s.State)
				}
				if s := byID[164517320]; s.Deadline == nil || !s.Deadline.Equal(csvDay(2019, time.February, 22)) {
					t.Errorf("release 164517320 deadline %v", s.Deadline)
				}
				if s := byID[164517321]; s.Estimate != nil || s.Type != "feature" {
					t.Errorf("unestimated feature 164517321 estimate %v", s.Estimate)
				}
				s = byID[164517341]
				if s.Line != 23 || !reflect.DeepEqual(s.Labels, []string{"label one"}) ||
					!reflect.DeepEqual(s.Comments, []string{"comment1 (Unknown - Mar 17, 2017)", "comment2 (Unknown - Mar 17, 2017)"}) {
					t.Errorf("story 164517341 = %+v", s)
				}
				if s := byID[164517312]; s.Labels != nil {
					t.Errorf(`Labels "" = %q, want nil`, s.Labels)
				}
			},
		},
		{
			file:   "project91_20191009_0805.csv",
			layout: CSVLayoutModern,
			want: csvFixtureTotals{
				stories: 5, // 6 lines - 1 header
				states:  map[string]int{"started": 2, "unstarted": 2, "unscheduled": 1},
				types:   map[string]int{"feature": 2, "bug": 1, "release": 1, "chore": 1},
				// nothing accepted: iteration 1 holds 2 started + 2 unstarted
				acceptedPoints:  map[int]float64{},
				acceptedStories: map[int]int{},
				icebox:          1,
			},
			check: func(t *testing.T, byID map[int64]CSVStory) {
				s := byID[169038621]
				if s.Title != "Feature1" || *s.Iteration != 1 || *s.Estimate != 2 || s.Labels != nil ||
					!s.IterationStart.Equal(csvDay(2019, time.October, 7)) || !s.IterationEnd.Equal(csvDay(2019, time.October, 13)) ||
					!reflect.DeepEqual(s.Owners, []string{"usertestcx"}) || s.AcceptedAt != nil {
					t.Errorf("story 169038621 = %+v", s)
				}
				if s := byID[169038623]; s.Owners != nil || s.Type != "release" {
					t.Errorf("release 169038623 owners %q", s.Owners)
				}
				if s := byID[169041419]; s.Line != 6 || !s.CreatedAt.Equal(csvDay(2019, time.October, 9)) {
					t.Errorf("icebox story line %d created %v", s.Line, s.CreatedAt)
				}
			},
		},
		{
			file:   "linear_issue471_one_row_2016_priority_blocker_task_columns.csv",
			layout: CSVLayoutModern,
			want: csvFixtureTotals{
				stories:         1,
				states:          map[string]int{"accepted": 1},
				types:           map[string]int{"feature": 1},
				acceptedPoints:  map[int]float64{1: 0}, // one feature estimated 0
				acceptedStories: map[int]int{1: 1},
			},
			check: func(t *testing.T, byID map[int64]CSVStory) {
				one := 1
				want := CSVStory{
					Line: 2, ID: 131983759, Title: "LAN API: GET /nowplaying should return track artwork",
					Iteration: &one, IterationStart: new(csvDay(2016, time.October, 24)), IterationEnd: new(csvDay(2016, time.October, 30)),
					Type: "feature", Estimate: csvFloat(0), Priority: "p3 - Low", State: "accepted",
					CreatedAt: csvDay(2016, time.October, 10), AcceptedAt: new(csvDay(2016, time.October, 25)),
					RequestedBy: "Guillaume Khayat", Description: "per zone",
					URL: "https://www.pivotaltracker.com/story/show/131983759",
				}
				if got := byID[131983759]; !reflect.DeepEqual(got, want) {
					t.Errorf("story =\n%+v\nwant\n%+v", got, want)
				}
			},
		},
	}
	dir := filepath.Join(trackertest.Fixtures(t), "csv")
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, err := NewCSVReader(f)
			if err != nil {
				t.Fatalf("NewCSVReader: %v", err)
			}
			if rd.Layout() != tt.layout {
				t.Errorf("Layout = %q, want %q", rd.Layout(), tt.layout)
			}
			stories := csvReadAll(t, rd)
			if got := csvTotals(stories); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("totals =\n%+v\nwant\n%+v", got, tt.want)
			}
			if st := rd.Stats(); st.Stories != tt.want.stories || st.Skipped != 0 || st.Rejected != 0 {
				t.Errorf("Stats = %+v", st)
			}
			byID := make(map[int64]CSVStory, len(stories))
			for _, s := range stories {
				byID[s.ID] = s
			}
			tt.check(t, byID)
		})
	}
}
