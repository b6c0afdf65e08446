package sprintlens

import (
	"errors"
	"slices"
	"testing"
)

func TestCSVErrors(t *testing.T) {
	notNumber := errors.New("is not a number")
	estimate := &CSVError{Line: 14, Column: "Estimate", Value: "abc", Err: notNumber}
	header := &CSVError{Line: 1, Column: "Id", Err: errors.New("missing required column")}
	blank := &CSVError{Line: 9, Err: errors.New("record has 3 fields")}
	tests := []struct {
		name      string
		errs      CSVErrors
		want      string
		wantLines []string
	}{
		{"one", CSVErrors{Errors: []*CSVError{estimate}},
			`line 14, column "Estimate": "abc" is not a number`,
			[]string{`line 14, column "Estimate": "abc" is not a number`}},
		{"two", CSVErrors{Errors: []*CSVError{header, estimate}},
			`line 1, column "Id": missing required column (and 1 more error)`,
			[]string{`line 1, column "Id": missing required column`, `line 14, column "Estimate": "abc" is not a number`}},
		{"three, no column", CSVErrors{Errors: []*CSVError{blank, header, estimate}},
			`line 9: record has 3 fields (and 2 more errors)`,
			[]string{`line 9: record has 3 fields`, `line 1, column "Id": missing required column`, `line 14, column "Estimate": "abc" is not a number`}},
		{"stopped", CSVErrors{Errors: []*CSVError{estimate, blank}, Stopped: true},
			`line 14, column "Estimate": "abc" is not a number (and 1 more errors; reading stopped there)`,
			[]string{`line 14, column "Estimate": "abc" is not a number`, `line 9: record has 3 fields`, "reading stopped after 2 errors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.errs.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if got := tt.errs.Lines(); !slices.Equal(got, tt.wantLines) {
				t.Errorf("Lines() = %q, want %q", got, tt.wantLines)
			}
			var err error = &tt.errs
			var first *CSVError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &first) || first != tt.errs.Errors[0] {
				t.Errorf("%v does not unwrap to ErrInvalid and its first row error", err)
			}
		})
	}
	if !errors.Is(&CSVErrors{Errors: []*CSVError{estimate}}, notNumber) {
		t.Error("CSVErrors does not reach a row error's cause")
	}
}

func TestCSVErrorProblem(t *testing.T) {
	tests := []struct {
		err  CSVError
		want string
	}{
		{CSVError{Line: 3, Column: "Estimate", Value: "two", Err: errors.New("is not a number")}, `"two" is not a number`},
		{CSVError{Line: 1, Column: "Id", Err: errors.New("missing required column")}, "missing required column"},
	}
	for _, tt := range tests {
		if got := tt.err.Problem(); got != tt.want {
			t.Errorf("Problem() = %q, want %q", got, tt.want)
		}
	}
}
