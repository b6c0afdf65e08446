package trackersim

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

type activityBody struct {
	Kind      string `json:"kind"`
	Version   int64  `json:"project_version"`
	Highlight string `json:"highlight"`
	Message   string `json:"message"`
	Changes   []struct {
		ID             int64          `json:"id"`
		ChangeType     string         `json:"change_type"`
		OriginalValues map[string]any `json:"original_values"`
		NewValues      map[string]any `json:"new_values"`
	} `json:"changes"`
}

// since fetches the activities after version v, newest first.
func since(t *testing.T, base string, v int64) ([]activityBody, string) {
	t.Helper()
	resp, body := get(t, base, fmt.Sprintf("/projects/2600001/activity?since_version=%d", v))
	return decode[[]activityBody](t, body), resp.Header.Get("X-Tracker-Project-Version")
}

func TestMutationsBumpVersionAndShowInActivity(t *testing.T) {
	s, base := testServer(t, nil)
	var v0 int64
	var unstarted, started int64
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		v0 = p.Version
		for _, st := range p.Current().Stories {
			switch {
			case st.State == StateUnstarted && st.Type == TypeFeature && unstarted == 0:
				unstarted = st.ID
			case st.State == StateStarted && st.Type == TypeFeature && started == 0:
				started = st.ID
			}
		}
	})
	if err := s.EditStory(DefaultProjectID, unstarted, func(st *Story) { st.State = StateStarted }); err != nil {
		t.Fatal(err)
	}
	if err := s.Reestimate(DefaultProjectID, started, 5); err != nil {
		t.Fatal(err)
	}
	added, err := s.AddStory(DefaultProjectID, Story{Name: "Add CloudFront distribution for videos bucket", State: StateUnstarted})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStory(DefaultProjectID, unstarted); err != nil {
		t.Fatal(err)
	}
	acts, header := since(t, base, v0)
	if header != strconv.FormatInt(v0+4, 10) || len(acts) != 4 {
		t.Fatalf("after 4 mutations: version header %s, %d activities since %d", header, len(acts), v0)
	}
	want := []struct {
		kind, highlight, changeType string
		id                          int64
		original, updated           map[string]any
	}{
		{KindStoryDelete, "deleted", "delete", unstarted, nil, nil},
		{KindStoryCreate, "added", "create", added.ID, nil, map[string]any{"current_state": StateUnstarted}},
		{KindStoryUpdate, "estimated", "update", started, nil, map[string]any{"estimate": 5.0}},
		{KindStoryUpdate, "started", "update", unstarted, map[string]any{"current_state": StateUnstarted}, map[string]any{"current_state": StateStarted}},
	}
	for i, w := range want {
		a := acts[i]
		if a.Kind != w.kind || a.Highlight != w.highlight || a.Version != v0+int64(4-i) || len(a.Changes) != 1 ||
			a.Changes[0].ID != w.id || a.Changes[0].ChangeType != w.changeType {
			t.Errorf("activity %d = %+v, want %s %s on %d", i, a, w.kind, w.highlight, w.id)
			continue
		}
		for k, v := range w.original {
			if a.Changes[0].OriginalValues[k] != v {
				t.Errorf("activity %d original %s = %v, want %v", i, k, a.Changes[0].OriginalValues[k], v)
			}
		}
		for k, v := range w.updated {
			if a.Changes[0].NewValues[k] != v {
				t.Errorf("activity %d new %s = %v, want %v", i, k, a.Changes[0].NewValues[k], v)
			}
		}
	}
	if resp, _ := get(t, base, fmt.Sprintf("/projects/2600001/stories/%d", unstarted)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted story: status %d", resp.StatusCode)
	}
	if resp, _ := get(t, base, fmt.Sprintf("/projects/2600001/stories/%d", added.ID)); resp.StatusCode != http.StatusOK {
		t.Errorf("added story: status %d", resp.StatusCode)
	}
	s.View(func(ds *Dataset) {
		tr := ds.Projects[0].Transitions
		if last := tr[len(tr)-1]; last.StoryID != unstarted || last.State != StateStarted || last.Version != v0+1 {
			t.Errorf("last transition = %+v", last)
		}
	})
	if err := s.EditStory(DefaultProjectID, 42, func(*Story) {}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown story: err = %v", err)
	}
}

func TestAcceptingAndAdvancingTime(t *testing.T) {
	s, _ := testServer(t, nil)
	var delivered int64
	var curNumber int
	var before float64
	s.View(func(ds *Dataset) {
		cur := ds.Projects[0].Current()
		curNumber, before = cur.Number, cur.AcceptedPoints()
		for _, st := range cur.Stories {
			if st.State == StateDelivered {
				delivered = st.ID
			}
		}
	})
	if err := s.EditStory(DefaultProjectID, delivered, func(st *Story) { st.State = StateAccepted }); err != nil {
		t.Fatal(err)
	}
	var carried []int64
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		st := p.Story(delivered)
		if st.AcceptedAt == nil || !st.AcceptedAt.Equal(ds.Now.UTC().Truncate(time.Second)) || p.Current().AcceptedPoints() != before+st.Points() {
			t.Errorf("accepted story: accepted_at %v, current accepted points %v", st.AcceptedAt, p.Current().AcceptedPoints())
		}
		for _, x := range p.Current().Stories {
			if x.State != StateAccepted {
				carried = append(carried, x.ID)
			}
		}
	})
	s.AdvanceTime(7 * 24 * time.Hour)
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		if p.Current().Number != curNumber+1 {
			t.Fatalf("after a week the current iteration is %d, want %d", p.Current().Number, curNumber+1)
		}
		done := p.IterationsIn(ScopeDone)
		last := done[len(done)-1]
		if last.Number != curNumber || last.AcceptedPoints() != before+p.Story(delivered).Points() {
			t.Errorf("iteration %d done with %v accepted points", last.Number, last.AcceptedPoints())
		}
		for _, id := range carried {
			if n := p.Story(id).IterationNumber; n <= curNumber {
				t.Errorf("unfinished story %d stayed in iteration %d", id, n)
			}
		}
	})
}

// TestConcurrentReadsAndWrites is meant for -race: requests and mutations interleave.
func TestConcurrentReadsAndWrites(t *testing.T) {
	s, base := testServer(t, nil)
	var ids []int64
	s.View(func(ds *Dataset) {
		for _, st := range ds.Projects[0].IterationsIn(ScopeBacklog)[0].Stories {
			ids = append(ids, st.ID)
		}
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				req, _ := http.NewRequest(http.MethodGet, base+"/projects/2600001/iterations?scope=current_backlog", nil)
				req.Header.Set("X-TrackerToken", DefaultToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Errorf("status %d, read error %v", resp.StatusCode, err)
				}
			}
		})
	}
	for i, id := range ids {
		if err := s.Reestimate(DefaultProjectID, id, float64(i%3+1)); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
}
