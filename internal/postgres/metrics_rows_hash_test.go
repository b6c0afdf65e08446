package postgres

import (
	"testing"
	"time"
)

// TestRowHashTellsRowsApart: rows that differ in any value, or only in
// how values split, hash differently; equal rows hash equally.
func TestRowHashTellsRowsApart(t *testing.T) {
	zero, one := 0.0, 1.0
	n := 3
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	later := at.Add(time.Nanosecond)
	differ := []struct {
		name string
		a, b []any
	}{
		{"split strings", []any{"ab", "c"}, []any{"a", "bc"}},
		{"split label lists", []any{[]string{"ab"}, []string{}}, []any{[]string{"a", "b"}, []string{}}},
		{"nil and zero", []any{(*float64)(nil)}, []any{&zero}},
		{"pointed values", []any{&zero}, []any{&one}},
		{"nil and zero int", []any{(*int)(nil)}, []any{0}},
		{"bool", []any{true}, []any{false}},
		{"a nanosecond", []any{at}, []any{later}},
		{"nil time", []any{(*time.Time)(nil)}, []any{&at}},
		{"json bytes", []any{[]byte(`{"a":1}`)}, []any{[]byte(`{"a":2}`)}},
		{"pointed ints", []any{int64(9), &n}, []any{int64(9), 4}},
	}
	for _, tc := range differ {
		ha, err := rowHash(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		hb, err := rowHash(tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if ha == hb {
			t.Errorf("%s: %v and %v hash the same", tc.name, tc.a, tc.b)
		}
		again, _ := rowHash(tc.a)
		if again != ha {
			t.Errorf("%s: the same row hashed twice differs", tc.name)
		}
	}
	if _, err := rowHash([]any{struct{}{}}); err == nil {
		t.Error("a value of an unknown type should be an error, not a silent collision")
	}
}
