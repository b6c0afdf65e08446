package tracker

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestListStoriesPages(t *testing.T) {
	tests := []struct {
		name      string
		limit     int
		wantPages []int // stories per page
	}{
		{"limit 7 walks ten replayedRequest pages", 7, []int{7, 7, 7, 7, 7, 7, 7, 7, 7, 7}},
		{"limit 300 is one page", 300, []int{70}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, srv := newReplay(t)
			var requests int
			c, _ := newTestClient(t, srv, WithRequestHook(func(RequestInfo) { requests++ }))
			var pages []int
			ids := map[int64]bool{}
			err := c.ListStories(context.Background(), 1027488, StoryQuery{Limit: tt.limit}, func(page []Story, pg Pagination) error {
				pages = append(pages, len(page))
				for _, s := range page {
					if ids[s.ID] {
						t.Errorf("story %d seen twice", s.ID)
					}
					ids[s.ID] = true
				}
				if pg.Total != 70 || pg.ProjectVersion != 230 {
					t.Errorf("pagination = %+v, want total 70, version 230", pg)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pages, tt.wantPages) {
				t.Errorf("pages = %v, want %v", pages, tt.wantPages)
			}
			if len(ids) != 70 {
				t.Errorf("distinct stories = %d, want 70", len(ids))
			}
			log := rp.log()
			if len(log) != len(tt.wantPages) || requests != len(log) {
				t.Errorf("requests = %d (hook saw %d), want %d", len(log), requests, len(tt.wantPages))
			}
			for i, r := range log {
				if r.Token != testToken {
					t.Errorf("request %d: X-TrackerToken = %q", i, r.Token)
				}
				if got := r.Query.Get("fields"); got != StoryFields {
					t.Errorf("request %d: fields = %q", i, got)
				}
				if got, want := r.Query.Get("offset"), offsetParam(i*tt.limit); got != want {
					t.Errorf("request %d: offset = %q, want %q", i, got, want)
				}
			}
		})
	}
}

func offsetParam(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// pagedServer serves synthetic pages with chosen pagination headers.
func pagedServer(t *testing.T, page func(limit, offset int) (items []map[string]any, hdr map[string]string)) (*httptest.Server, *[]string) {
	t.Helper()
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Query().Get("limit")+"@"+r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		items, hdr := page(limit, offset)
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		json.NewEncoder(w).Encode(items)
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func fakeStories(from, n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"kind": "story", "id": from + i, "story_type": "feature", "current_state": "unstarted"}
	}
	return out
}

func pageHeaders(total, limit, offset, returned int) map[string]string {
	return map[string]string{
		"X-Tracker-Pagination-Total":    strconv.Itoa(total),
		"X-Tracker-Pagination-Limit":    strconv.Itoa(limit),
		"X-Tracker-Pagination-Offset":   strconv.Itoa(offset),
		"X-Tracker-Pagination-Returned": strconv.Itoa(returned),
		"X-Tracker-Project-Version":     "42",
	}
}

func TestPagingGuards(t *testing.T) {
	tests := []struct {
		name      string
		page      func(limit, offset int) ([]map[string]any, map[string]string)
		wantAsked []string
		wantErr   string // "" for success
		wantRead  int
	}{
		{
			name: "total larger than what comes back stops on the empty page",
			page: func(limit, offset int) ([]map[string]any, map[string]string) {
				n := max(0, min(limit, 14-offset))
				return fakeStories(offset, n), pageHeaders(1000, limit, offset, n)
			},
			wantAsked: []string{"7@", "7@7", "7@14"},
			wantRead:  14,
		},
		{
			name: "short page ends the listing even if total says more",
			page: func(limit, offset int) ([]map[string]any, map[string]string) {
				n := min(limit, 10-offset)
				return fakeStories(offset, n), pageHeaders(3104, limit, offset, n)
			},
			wantAsked: []string{"7@", "7@7"},
			wantRead:  10,
		},
		{
			name: "server that ignores offset is caught",
			page: func(limit, offset int) ([]map[string]any, map[string]string) {
				return fakeStories(0, limit), pageHeaders(1000, limit, 0, limit)
			},
			wantAsked: []string{"7@", "7@7"},
			wantErr:   "repeats items",
			wantRead:  7,
		},
		{
			name: "offset header that goes backwards is an error",
			page: func(limit, offset int) ([]map[string]any, map[string]string) {
				return fakeStories(offset, limit), pageHeaders(1000, limit, 0, limit)
			},
			wantAsked: []string{"7@", "7@7"},
			wantErr:   "did not advance",
			wantRead:  14,
		},
		{
			name: "server capping the limit is followed",
			page: func(limit, offset int) ([]map[string]any, map[string]string) {
				n := min(5, 12-offset)
				return fakeStories(offset, n), pageHeaders(12, 5, offset, n)
			},
			wantAsked: []string{"7@", "7@5", "7@10"},
			wantRead:  12,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, asked := pagedServer(t, tt.page)
			c, _ := newTestClient(t, srv)
			read := 0
			err := c.ListStories(context.Background(), 5, StoryQuery{Limit: 7}, func(p []Story, pg Pagination) error {
				read += len(p)
				if pg.ProjectVersion != 42 {
					t.Errorf("project version = %d", pg.ProjectVersion)
				}
				return nil
			})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if !slices.Equal(*asked, tt.wantAsked) {
				t.Errorf("requests (limit@offset) = %v, want %v", *asked, tt.wantAsked)
			}
			if read != tt.wantRead {
				t.Errorf("stories read = %d, want %d", read, tt.wantRead)
			}
		})
	}
}

// TestPagingWithPartialHeaders pages a server that sends only a Total, as a
// minimal simulator might: the requested offsets must carry the walk.
func TestPagingWithPartialHeaders(t *testing.T) {
	srv, asked := pagedServer(t, func(limit, offset int) ([]map[string]any, map[string]string) {
		n := max(0, min(limit, 16-offset))
		return fakeStories(offset, n), map[string]string{"X-Tracker-Pagination-Total": "16"}
	})
	c, _ := newTestClient(t, srv)
	var offsets []int
	err := c.ListStories(context.Background(), 5, StoryQuery{Limit: 7}, func(p []Story, pg Pagination) error {
		offsets = append(offsets, pg.Offset)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"7@", "7@7", "7@14"}; !slices.Equal(*asked, want) {
		t.Errorf("requests = %v, want %v", *asked, want)
	}
	if want := []int{0, 7, 14}; !slices.Equal(offsets, want) {
		t.Errorf("reported offsets = %v, want %v", offsets, want)
	}
}
