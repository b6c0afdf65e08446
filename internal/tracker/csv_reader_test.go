package tracker

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// csvReadString reads every story of input, failing the test on any error.
func csvReadString(t *testing.T, input string) ([]CSVStory, *CSVReader) {
	t.Helper()
	rd, err := NewCSVReader(strings.NewReader(input))
	if err != nil {
		t.Fatalf("NewCSVReader: %v", err)
	}
	return csvReadAll(t, rd), rd
}

func TestCSVReaderBOMAndCRLF(t *testing.T) {
	input := "\xEF\xBB\xBF\"Id\",\"Title\",\"Type\",\"Current State\"\r\n" +
		"1,First,feature,accepted\r\n" +
		"2,\"Two\r\nlines\",bug,started\r\n" +
		"3,Third,chore,unstarted\r\n"
	stories, rd := csvReadString(t, input)
	if rd.Layout() != CSVLayoutModern {
		t.Errorf("Layout = %q", rd.Layout())
	}
	var got []string
	for _, s := range stories {
		got = append(got, s.Title+"|"+s.State)
	}
	want := []string{"First|accepted", "Two\nlines|started", "Third|unstarted"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("title|state = %q, want %q", got, want)
	}
	if lines := []int{stories[0].Line, stories[1].Line, stories[2].Line}; !reflect.DeepEqual(lines, []int{2, 3, 5}) {
		t.Errorf("lines = %v, want [2 3 5]", lines)
	}
}

func TestCSVReaderRaggedRows(t *testing.T) {
	input := "Id,Title,Type,Estimate,Current State,Owned By,Owned By\n" +
		"1,Short,feature,,started\n" + // both Owned By cells left off, as exports do
		"2,Long,bug,,accepted,Aiko,Ken,extra,cells\n"
	stories, _ := csvReadString(t, input)
	if s := stories[0]; s.Type != "feature" || s.State != "started" || s.Estimate != nil || s.Owners != nil {
		t.Errorf("short row = %+v", s)
	}
	if s := stories[1]; s.State != "accepted" || !reflect.DeepEqual(s.Owners, []string{"Aiko", "Ken"}) {
		t.Errorf("long row = %+v", s)
	}
}

// Line numbers follow physical lines through multi-line cells, blank
// lines and skipped rows; Stats names every skipped line.
func TestCSVReaderLinesAndSkips(t *testing.T) {
	input := "\n" + // blank line before the header
		"Id,Title,Type,Description\n" + // line 2
		"1,A,feature,\"first\nsecond\n\nfourth\"\n" + // lines 3-6, blank line inside the quotes
		"2,B,bug,\n" + // line 7
		"\n" + // line 8
		"\r\n" + // line 9
		",,,\n" + // line 10: empty row
		"99,An epic,Epic,\n" + // line 11
		"3,\"C\nC\",chore,\"x\"\n" + // lines 12-13
		"4,D,release,\n" + // line 14
		"\n\n" // lines 15-16
	stories, rd := csvReadString(t, input)
	var lines []int
	for _, s := range stories {
		lines = append(lines, s.Line)
	}
	if want := []int{3, 7, 12, 14}; !reflect.DeepEqual(lines, want) {
		t.Errorf("lines = %v, want %v", lines, want)
	}
	if stories[0].Description != "first\nsecond\n\nfourth" {
		t.Errorf("description = %q", stories[0].Description)
	}
	want := CSVStats{Stories: 4, Skipped: 7, SkippedRows: []sprintlens.CSVSkip{
		{Line: 1, Reason: CSVSkipBlankLine}, {Line: 8, Reason: CSVSkipBlankLine}, {Line: 9, Reason: CSVSkipBlankLine},
		{Line: 10, Reason: CSVSkipEmptyRow}, {Line: 11, Reason: CSVSkipEpic},
		{Line: 15, Reason: CSVSkipBlankLine}, {Line: 16, Reason: CSVSkipBlankLine},
	}}
	if got := rd.Stats(); !reflect.DeepEqual(got, want) {
		t.Errorf("Stats =\n%+v\nwant\n%+v", got, want)
	}
}

func TestCSVReaderRepeatedColumns(t *testing.T) {
	input := "Id,Title,Owned By,Comment,Task,Task Status,Owned By,Reviewer,Comment,Task,Task Status,Task,Task Status," +
		"Blocker,Blocker Status,Blocker,Blocker Status,Pull Request,Pull Request,Git Branch,Owned By\n" +
		"1,T,Aiko, first note ,Write runbook,completed,,Ken,,Page on-call,not completed,,," +
		"blocked by #2,resolved,needs VPN,blocked,https://github.com/o/r/pull/1,,feature/x, Mei \n"
	stories, _ := csvReadString(t, input)
	s := stories[0]
	want := CSVStory{
		Line: 2, ID: 1, Title: "T",
		Owners:       []string{"Aiko", "Mei"},
		Comments:     []string{" first note "},
		Tasks:        []CSVTask{{"Write runbook", true}, {"Page on-call", false}},
		Blockers:     []CSVBlocker{{"blocked by #2", true}, {"needs VPN", false}},
		PullRequests: []string{"https://github.com/o/r/pull/1"},
		GitBranches:  []string{"feature/x"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("story =\n%+v\nwant\n%+v", s, want)
	}
}

func TestCSVReaderClassicHeader(t *testing.T) {
	input := "\"id\",\" STORY \",\"Story Type\",\"Current State\",\"Note\",\"Note\"\n" +
		"\"5\",\"Old story\",\"Feature\",\"Accepted\",\"n1\",\"n2\"\n"
	stories, rd := csvReadString(t, input)
	if rd.Layout() != CSVLayoutClassic {
		t.Errorf("Layout = %q, want classic", rd.Layout())
	}
	s := stories[0]
	if s.ID != 5 || s.Title != "Old story" || s.Type != "feature" || s.State != "accepted" ||
		!reflect.DeepEqual(s.Comments, []string{"n1", "n2"}) {
		t.Errorf("story = %+v", s)
	}
}

func TestCSVReaderCells(t *testing.T) {
	tests := []struct {
		labels, estimate string
		wantLabels       []string
		wantEstimate     *float64
	}{
		{`""`, "", nil, nil},
		{"ops", "-1", []string{"ops"}, nil},
		{`" sre , oncall,,db "`, "0", []string{"sre", "oncall", "db"}, csvFloat(0)},
		{`","`, "-1.0", nil, nil},
		{"x", "2.5", []string{"x"}, csvFloat(2.5)},
		{"x", " 8 ", []string{"x"}, csvFloat(8)},
	}
	for _, tt := range tests {
		stories, _ := csvReadString(t, "Id,Title,Labels,Estimate\n1,T,"+tt.labels+","+tt.estimate+"\n")
		s := stories[0]
		if !reflect.DeepEqual(s.Labels, tt.wantLabels) || !reflect.DeepEqual(s.Estimate, tt.wantEstimate) {
			t.Errorf("labels %s estimate %q: got %q, %v", tt.labels, tt.estimate, s.Labels, s.Estimate)
		}
	}
}

// Dates without a zone are read in the project's zone.
func TestCSVReaderDates(t *testing.T) {
	jst := time.FixedZone("JST", 9*60*60)
	tests := []struct {
		cell string
		want time.Time
	}{
		{`"Oct 6, 2019"`, time.Date(2019, time.October, 6, 0, 0, 0, 0, jst)},
		{`"Sep 4, 2016 11:00 PM"`, time.Date(2016, time.September, 4, 23, 0, 0, 0, jst)},
		{"Mar 5 2010", time.Date(2010, time.March, 5, 0, 0, 0, 0, jst)},
		{"2016/03/01", time.Date(2016, time.March, 1, 0, 0, 0, 0, jst)},
		{"2019-10-06", time.Date(2019, time.October, 6, 0, 0, 0, 0, jst)},
		{"11/22/2014", time.Date(2014, time.November, 22, 0, 0, 0, 0, jst)},
		{"2019-10-06T08:05:00Z", time.Date(2019, time.October, 6, 8, 5, 0, 0, time.UTC)},
		{"2019-10-06T17:05:00+09:00", time.Date(2019, time.October, 6, 8, 5, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		rd, err := NewCSVReader(strings.NewReader("Id,Title,Created at\n1,T," + tt.cell + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		rd.SetLocation(jst)
		s, err := rd.Next()
		if err != nil {
			t.Errorf("%s: %v", tt.cell, err)
			continue
		}
		if !s.CreatedAt.Equal(tt.want) {
			t.Errorf("%s = %v, want %v", tt.cell, s.CreatedAt, tt.want)
		}
	}
}
