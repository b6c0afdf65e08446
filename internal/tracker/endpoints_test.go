package tracker

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestEndpointsAgainstRecordings calls each single-request method against
// the replayedRequest response for its path and checks what came back.
func TestEndpointsAgainstRecordings(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) (string, error) // returns a summary to compare
		want     string
		wantPath string
	}{
		{"GetProject", func(c *Client) (string, error) {
			p, err := c.GetProject(ctx, 1027488)
			return joinFields(p.ID, p.Name, p.Version, p.TimeZone.OlsonName, p.CurrentIterationNumber, p.StartTime.Format(time.DateOnly)), err
		}, "1027488|My Sample Project|230|America/Los_Angeles|169|2014-02-10", "/services/v5/projects/1027488"},
		{"ListProjects", func(c *Client) (string, error) {
			ps, err := c.ListProjects(ctx)
			if err != nil || len(ps) == 0 {
				return "", err
			}
			return joinFields(len(ps), ps[0].ID, ps[0].CurrentVelocity), err
		}, "1|1027488|10", "/services/v5/projects"},
		{"ListLabels", func(c *Client) (string, error) {
			ls, err := c.ListLabels(ctx, 1027488)
			if err != nil || len(ls) == 0 {
				return "", err
			}
			return joinFields(len(ls), ls[0].ID, ls[0].Name), err
		}, "21|7849080|admin", "/services/v5/projects/1027488/labels"},
		{"ListEpics", func(c *Client) (string, error) {
			es, err := c.ListEpics(ctx, 1027488)
			if err != nil || len(es) == 0 {
				return "", err
			}
			return joinFields(len(es), es[0].Name, es[0].Label.ID, es[0].Label.Name), err
		}, "2|Admin Users|7849080|admin", "/services/v5/projects/1027488/epics"},
		{"ListReleases", func(c *Client) (string, error) {
			rs, err := c.ListReleases(ctx, 1027488)
			if err != nil || len(rs) == 0 {
				return "", err
			}
			return joinFields(len(rs), rs[0].Kind, rs[0].Name), err
		}, "3|release|Initial demo to investors", "/services/v5/projects/1027488/releases"},
		{"Me", func(c *Client) (string, error) {
			m, err := c.Me(ctx)
			return joinFields(m.ID, m.Username, len(m.Projects), m.Projects[0].ProjectID), err
		}, "1266314|trackerapi1|1|1027488", "/services/v5/me"},
		{"StoryTransitions", func(c *Client) (string, error) {
			ts, err := c.StoryTransitions(ctx, 1027488, 66728000)
			if err != nil || len(ts) == 0 {
				return "", err
			}
			last := ts[len(ts)-1]
			return joinFields(len(ts), ts[0].State, ts[0].ProjectVersion, last.State, ts[0].OccurredAt.Format(time.RFC3339)), err
		}, "2|accepted|157|rejected|2017-01-03T23:44:24Z", "/services/v5/projects/1027488/stories/66728000/transitions"},
		{"ListActivity", func(c *Client) (string, error) {
			var n int
			var first Activity
			var version int64
			err := c.ListActivity(ctx, 1027488, ActivityQuery{}, func(p []Activity, pg Pagination) error {
				if n == 0 {
					first = p[0]
				}
				n += len(p)
				version = pg.ProjectVersion
				return nil
			})
			return joinFields(n, version, first.GUID, first.Highlight, first.Changes[0].ID), err
		}, "81|233|1027488_233|edited|144829697", "/services/v5/projects/1027488/activity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, srv := newReplay(t)
			c, _ := newTestClient(t, srv)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			log := rp.log()
			if len(log) != 1 || log[0].Path != tt.wantPath || log[0].Query.Get("fields") == "" {
				t.Errorf("requests = %+v, want one GET %s with fields", log, tt.wantPath)
			}
		})
	}
}

func joinFields(vs ...any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, "|")
}

func TestQueryParameters(t *testing.T) {
	after := time.Date(2025, 4, 1, 9, 30, 0, 0, time.FixedZone("JST", 9*3600))
	before := after.Add(7 * 24 * time.Hour)
	tests := []struct {
		name string
		run  func(c *Client) error
		want map[string]string
	}{
		{"stories by state and update time", func(c *Client) error {
			return c.ListStories(context.Background(), 9, StoryQuery{WithState: "accepted", UpdatedAfter: &after},
				func([]Story, Pagination) error { return nil })
		}, map[string]string{"with_state": "accepted", "updated_after": "2025-04-01T00:30:00Z", "limit": "500", "fields": StoryFields}},
		{"stories by filter", func(c *Client) error {
			return c.ListStories(context.Background(), 9, StoryQuery{Filter: `label:"ops"`, Limit: 900},
				func([]Story, Pagination) error { return nil })
		}, map[string]string{"filter": `label:"ops"`, "limit": "500"}},
		{"activity since a version", func(c *Client) error {
			return c.ListActivity(context.Background(), 9, ActivityQuery{SinceVersion: 1234, OccurredAfter: &after, Limit: 200},
				func([]Activity, Pagination) error { return nil })
		}, map[string]string{"since_version": "1234", "occurred_after": "2025-04-01T00:30:00Z", "limit": "200", "fields": ActivityFields}},
		{"project story transitions in a window", func(c *Client) error {
			return c.ListStoryTransitions(context.Background(), 9, TransitionQuery{OccurredAfter: &after, OccurredBefore: &before},
				func([]StoryTransition, Pagination) error { return nil })
		}, map[string]string{"occurred_after": "2025-04-01T00:30:00Z", "occurred_before": "2025-04-08T00:30:00Z", "limit": "100", "fields": TransitionFields}},
		{"memberships", func(c *Client) error {
			_, err := c.ListMemberships(context.Background(), 9)
			return err
		}, map[string]string{"fields": MembershipFields, "limit": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				w.Write([]byte("[]"))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv)
			if err := tt.run(c); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if g := got.URL.Query().Get(k); g != v {
					t.Errorf("%s = %q, want %q", k, g, v)
				}
			}
		})
	}
}

func TestStoryFilterCannotCombine(t *testing.T) {
	c, err := New("https://www.pivotaltracker.com/services/v5", testToken)
	if err != nil {
		t.Fatal(err)
	}
	err = c.ListStories(context.Background(), 1, StoryQuery{Filter: "state:started", WithState: "started"},
		func([]Story, Pagination) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "Filter") {
		t.Errorf("err = %v, want a Filter error", err)
	}
}
