package tracker

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestListDoneIterationsNegativeOffsets(t *testing.T) {
	tests := []struct {
		name        string
		q           IterationQuery
		wantOffsets []string
	}{
		{"offset -12 limit 5", IterationQuery{Scope: "done", Offset: -12, Limit: 5}, []string{"-12", "-7", "-2"}},
		{"offset -12 limit 10", IterationQuery{Scope: "done", Offset: -12, Limit: 10}, []string{"-12", "-2"}},
	}
	want := []int{157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, srv := newReplay(t)
			c, _ := newTestClient(t, srv)
			var got []int
			err := c.ListIterations(context.Background(), 1027488, tt.q, func(page []Iteration) error {
				for _, it := range page {
					got = append(got, it.Number)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("iteration numbers = %v, want %v", got, want)
			}
			var offsets []string
			for _, r := range rp.log() {
				offsets = append(offsets, r.Query.Get("offset"))
				if r.Query.Get("scope") != "done" || r.Query.Get("fields") != IterationFields {
					t.Errorf("query = %v", r.Query)
				}
			}
			if !slices.Equal(offsets, tt.wantOffsets) {
				t.Errorf("offsets = %v, want %v", offsets, tt.wantOffsets)
			}
		})
	}
}

func TestListIterationsEmptyPagePastTheEnd(t *testing.T) {
	rp, srv := newReplay(t)
	c, _ := newTestClient(t, srv)
	calls := 0
	err := c.ListIterations(context.Background(), 1027488, IterationQuery{Offset: 9999, Limit: 1}, func([]Iteration) error {
		calls++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 0 || len(rp.log()) != 1 {
		t.Errorf("fn calls = %d, requests = %d; want 0 and 1", calls, len(rp.log()))
	}
}

func TestListIterationsCurrentWithStories(t *testing.T) {
	rp, srv := newReplay(t)
	c, _ := newTestClient(t, srv)
	var its []Iteration
	err := c.ListIterations(context.Background(), 1027488, IterationQuery{Scope: "current", WithStories: true}, func(p []Iteration) error {
		its = append(its, p...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(its) != 1 || its[0].Number != 283 || len(its[0].Stories) == 0 || its[0].Stories[0].ID == 0 {
		t.Fatalf("current iteration = %+v", its)
	}
	if got := rp.log()[0].Query.Get("fields"); got != IterationWithStoriesFields {
		t.Errorf("fields = %q", got)
	}
}

func TestIterationLimitCappedAt50(t *testing.T) {
	for _, asked := range []int{0, 51, 500} {
		t.Run(fmt.Sprint(asked), func(t *testing.T) {
			srv, got := pagedServer(t, func(limit, offset int) ([]map[string]any, map[string]string) {
				return nil, pageHeaders(0, limit, offset, 0)
			})
			c, _ := newTestClient(t, srv)
			err := c.ListIterations(context.Background(), 5, IterationQuery{Limit: asked}, func([]Iteration) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"50@"}; !slices.Equal(*got, want) {
				t.Errorf("requests = %v, want %v", *got, want)
			}
		})
	}
}

func TestIterationQueryValidation(t *testing.T) {
	c, err := New("https://www.pivotaltracker.com/services/v5", testToken)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []IterationQuery{{Scope: "icebox"}, {Scope: "backlog", Offset: -3}} {
		if err := c.ListIterations(context.Background(), 1, q, func([]Iteration) error { return nil }); err == nil {
			t.Errorf("%+v: want an error", q)
		}
	}
}

func fakeIterations(numbers ...int) []map[string]any {
	out := make([]map[string]any, len(numbers))
	for i, n := range numbers {
		out[i] = map[string]any{"kind": "iteration", "number": n, "project_id": 5}
	}
	return out
}

// TestIterationsMatchedByNumber shifts the window between pages the way a
// closing iteration does, and checks pages are matched by number.
func TestIterationsMatchedByNumber(t *testing.T) {
	tests := []struct {
		name    string
		pages   map[int][]int // offset -> numbers returned
		want    []int
		wantErr string
	}{
		{"overlap is dropped", map[int][]int{0: {1, 2, 3}, 3: {3, 4, 5}, 6: {6}}, []int{1, 2, 3, 4, 5, 6}, ""},
		{"a skipped number fails", map[int][]int{0: {1, 2, 3}, 3: {5, 6, 7}}, []int{1, 2, 3}, "expected number 4 after 3, got 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := pagedServer(t, func(limit, offset int) ([]map[string]any, map[string]string) {
				nums := tt.pages[offset]
				return fakeIterations(nums...), pageHeaders(100, limit, offset, len(nums))
			})
			c, _ := newTestClient(t, srv)
			var got []int
			err := c.ListIterations(context.Background(), 5, IterationQuery{Limit: 3}, func(p []Iteration) error {
				for _, it := range p {
					got = append(got, it.Number)
				}
				return nil
			})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("numbers = %v, want %v", got, tt.want)
			}
		})
	}
}
