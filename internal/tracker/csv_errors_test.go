package tracker

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// csvTestHeader is a small modern header for inline inputs.
const csvTestHeader = "Id,Title,Type,Estimate,Current State,Created at,Description,Task,Task Status,Blocker,Blocker Status,Iteration\n"

// csvFirstError reads input to its first error, from NewCSVReader or Next.
func csvFirstError(input string) error {
	rd, err := NewCSVReader(strings.NewReader(input))
	if err != nil {
		return err
	}
	for {
		if _, err := rd.Next(); err != nil {
			return err
		}
	}
}

func TestCSVReaderRejects(t *testing.T) {
	const ok = "1,Good,feature,1,accepted,\"Feb 18, 2019\"\n" // line 2 in every case below
	tests := []struct {
		name       string
		input      string
		wantLine   int
		wantColumn string
		wantValue  string
		wantErr    error
	}{
		{"empty input", "", 1, "", "", errCSVNoHeader},
		{"missing Id column", "Title,Type\nA,feature\n", 1, "Id", "", errCSVMissingColumn},
		{"missing Title column", "Id,Type\n1,feature\n", 1, "Title", "", errCSVMissingColumn},
		{"unclosed quote", csvTestHeader + ok + "2,\"Never closed,feature,1,accepted\n3,Swallowed,feature,1,accepted\n", 3, "Title", "", csv.ErrQuote},
		{"unclosed quote after a multi-line cell", csvTestHeader + ok + "2,T,feature,1,accepted,,\"two\nlines\",\"open\n", 4, "Task", "", csv.ErrQuote},
		{"bare quote", csvTestHeader + ok + "2,Ti\"tle,feature\n", 3, "Title", "", csv.ErrBareQuote},
		{"text after closing quote", csvTestHeader + ok + "2,\"Ti\"tle,feature\n", 3, "Title", "", csv.ErrQuote},
		{"bad date", csvTestHeader + ok + "2,T,feature,1,accepted,\"Feb 30, 2019\"\n", 3, "Created at", "Feb 30, 2019", errCSVBadDate},
		{"bad date after multi-line description", csvTestHeader + ok + "2,T,feature,1,accepted,\"Feb 18, 2019\",\"a\nb\",x,yes\n", 4, "Task Status", "yes", errCSVBadTask},
		{"duplicate Id", csvTestHeader + ok + "2,T,bug,,accepted\n1,Again,chore,,accepted\n", 4, "Id", "1", errCSVDuplicateID},
		{"bad estimate", csvTestHeader + ok + "2,T,feature,abc,accepted\n", 3, "Estimate", "abc", errCSVBadNumber},
		{"negative estimate", csvTestHeader + ok + "2,T,feature,-3,accepted\n", 3, "Estimate", "-3", errCSVBadEstimate},
		{"bad Id", csvTestHeader + ok + "12a,T,feature,1,accepted\n", 3, "Id", "12a", errCSVBadID},
		{"zero Id", csvTestHeader + ok + "0,T,feature,1,accepted\n", 3, "Id", "0", errCSVBadID},
		{"empty Id", csvTestHeader + ok + " ,T,feature,1,accepted\n", 3, "Id", "", errCSVEmpty},
		{"unknown type", csvTestHeader + ok + "2,T,story,1,accepted\n", 3, "Type", "story", errCSVBadType},
		{"empty type", csvTestHeader + ok + "2,T,,1,accepted\n", 3, "Type", "", errCSVEmpty},
		{"unknown state", csvTestHeader + ok + "2,T,feature,1,done\n", 3, "Current State", "done", errCSVBadState},
		{"bad iteration", csvTestHeader + ok + "2,T,feature,1,accepted,,,,,,,x\n", 3, "Iteration", "x", errCSVBadIteration},
		{"bad blocker status", csvTestHeader + ok + "2,T,feature,1,accepted,,,,,#3,gone\n", 3, "Blocker Status", "gone", errCSVBadBlocker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := csvFirstError(tt.input)
			var ce *sprintlens.CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v (%T), want *sprintlens.CSVError", err, err)
			}
			if ce.Line != tt.wantLine || ce.Column != tt.wantColumn || ce.Value != tt.wantValue || !errors.Is(err, tt.wantErr) {
				t.Errorf("got line %d column %q value %q err %v; want line %d column %q value %q err %v",
					ce.Line, ce.Column, ce.Value, ce.Err, tt.wantLine, tt.wantColumn, tt.wantValue, tt.wantErr)
			}
		})
	}
}

func TestCSVErrorMessages(t *testing.T) {
	tests := []struct {
		input string
		want  string
	}{
		{csvTestHeader + "1,A,feature,1,accepted\n2,B,feature,abc,accepted\n", `line 3, column "Estimate": "abc" is not a number`},
		{csvTestHeader + "7,A,feature,1,accepted\n\n7,B,feature,1,accepted\n", `line 4, column "Id": "7" repeats the id of the story on line 2`},
		{"Title\nA\n", `line 1, column "Id": missing required column`},
	}
	for _, tt := range tests {
		if got := csvFirstError(tt.input).Error(); got != tt.want {
			t.Errorf("error = %q, want %q", got, tt.want)
		}
	}
}

// A bad row does not end the stream: the caller may report it and go on.
func TestCSVReaderContinuesAfterBadRow(t *testing.T) {
	input := csvTestHeader +
		"1,A,feature,1,accepted\n" +
		"2,B,feature,abc,accepted\n" +
		"3,\"C,feature\n" // unclosed quote runs to the end of the input
	rd, err := NewCSVReader(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var errLines []int
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var ce *sprintlens.CSVError
		if errors.As(err, &ce) {
			errLines = append(errLines, ce.Line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if len(ids) != 1 || ids[0] != 1 || len(errLines) != 2 || errLines[0] != 3 || errLines[1] != 4 {
		t.Errorf("ids %v error lines %v, want [1] and [3 4]", ids, errLines)
	}
	if st := rd.Stats(); st.Stories != 1 || st.Rejected != 2 || st.Skipped != 0 {
		t.Errorf("Stats = %+v", st)
	}
}

// A failing io.Reader ends the stream with its error, wrapped.
func TestCSVReaderReadFailure(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(csvTestHeader+"1,A,feature,1,accepted\n"), &csvFailingReader{err: boom})
	rd, err := NewCSVReader(r)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := rd.Next(); err != nil || s.ID != 1 {
		t.Fatalf("first Next = %d, %v; want story 1", s.ID, err)
	}
	for range 2 { // the failure is sticky
		if _, err := rd.Next(); !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "tracker: read csv: ") {
			t.Errorf("Next = %v, want wrapped %v", err, boom)
		}
	}
}

type csvFailingReader struct{ err error }

func (r *csvFailingReader) Read([]byte) (int, error) { return 0, r.err }
