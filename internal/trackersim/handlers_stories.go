package trackersim

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Stories and other long lists page 100 at a time, at most 500.
const (
	listDefaultLimit = 100
	listMaxLimit     = 500
)

// storyFilter is the subset of the stories endpoint's filters the
// simulator understands.
type storyFilter struct {
	state, storyType, label       string
	updatedAfter, updatedBefore   time.Time
	acceptedAfter, acceptedBefore time.Time
	createdAfter, createdBefore   time.Time
	hasFilter, includeDone        bool
}

func parseStoryFilter(q url.Values) (storyFilter, *response) {
	f := storyFilter{state: q.Get("with_state"), storyType: q.Get("with_story_type"), label: q.Get("with_label")}
	if v, set := q["filter"]; set {
		f.hasFilter = true
		f.includeDone = strings.Contains(strings.Join(v, " "), "includedone:true")
	}
	for name, dst := range map[string]*time.Time{
		"updated_after": &f.updatedAfter, "updated_before": &f.updatedBefore,
		"accepted_after": &f.acceptedAfter, "accepted_before": &f.acceptedBefore,
		"created_after": &f.createdAfter, "created_before": &f.createdBefore,
	} {
		t, _, bad := timeParam(q, name)
		if bad != nil {
			return f, bad
		}
		*dst = t
	}
	return f, nil
}

func (f storyFilter) match(p *Project, s *Story) bool {
	switch {
	case f.state != "" && s.State != f.state,
		f.storyType != "" && s.Type != f.storyType,
		f.hasFilter && !f.includeDone && s.State == StateAccepted,
		!f.updatedAfter.IsZero() && !s.UpdatedAt.After(f.updatedAfter),
		!f.updatedBefore.IsZero() && !s.UpdatedAt.Before(f.updatedBefore),
		!f.createdAfter.IsZero() && !s.CreatedAt.After(f.createdAfter),
		!f.createdBefore.IsZero() && !s.CreatedAt.Before(f.createdBefore):
		return false
	}
	if !f.acceptedAfter.IsZero() || !f.acceptedBefore.IsZero() {
		if s.AcceptedAt == nil || (!f.acceptedAfter.IsZero() && !s.AcceptedAt.After(f.acceptedAfter)) ||
			(!f.acceptedBefore.IsZero() && !s.AcceptedAt.Before(f.acceptedBefore)) {
			return false
		}
	}
	if f.label != "" {
		l := p.LabelNamed(f.label)
		if l == nil {
			return false
		}
		for _, id := range s.LabelIDs {
			if id == l.ID {
				return true
			}
		}
		return false
	}
	return true
}

// handleStories serves GET /projects/{id}/stories in panel order (done,
// current, backlog, icebox). A `filter` search is not interpreted beyond
// includedone:true: without it, as in Tracker's search, accepted stories are left out.
func handleStories(r *http.Request, p *Project) response {
	q := r.URL.Query()
	sf, bad := parseStoryFilter(q)
	if bad != nil {
		return *bad
	}
	limit, offset, bad := paging(q, listDefaultLimit, listMaxLimit, false)
	if bad != nil {
		return *bad
	}
	f := parseFields(q.Get("fields"))
	var items [][]byte
	total := 0
	for _, s := range p.Stories {
		if !sf.match(p, s) {
			continue
		}
		if total >= offset && total < offset+limit {
			b, err := storyJSON(p, s, f)
			if err != nil {
				return serverError(err)
			}
			items = append(items, b)
		}
		total++
	}
	return response{status: http.StatusOK, body: jsonList(items), version: p.Version,
		page: &page{total: total, limit: limit, offset: offset, returned: len(items)}}
}

// handleStory serves GET /projects/{id}/stories/{story_id}.
func handleStory(r *http.Request, p *Project, id int64) response {
	s := p.Story(id)
	if s == nil {
		return unfoundResource()
	}
	b, err := storyJSON(p, s, parseFields(r.URL.Query().Get("fields")))
	if err != nil {
		return serverError(err)
	}
	return response{status: http.StatusOK, body: b, version: p.Version}
}

// handleStoryTransitions serves GET /projects/{id}/stories/{story_id}/transitions, oldest first.
func handleStoryTransitions(r *http.Request, p *Project, id int64) response {
	if p.Story(id) == nil {
		return unfoundResource()
	}
	return transitionsPage(r, p, p.StoryTransitions(id))
}

// handleTransitions serves GET /projects/{id}/story_transitions, oldest
// first, optionally within occurred_after/occurred_before.
func handleTransitions(r *http.Request, p *Project) response {
	within, bad := occurredParams(r.URL.Query())
	if bad != nil {
		return *bad
	}
	list := p.Transitions
	if within.bounded() {
		list = nil
		for _, t := range p.Transitions {
			if within.holds(t.OccurredAt) {
				list = append(list, t)
			}
		}
	}
	return transitionsPage(r, p, list)
}

func transitionsPage(r *http.Request, p *Project, list []Transition) response {
	limit, offset, bad := paging(r.URL.Query(), listDefaultLimit, listMaxLimit, false)
	if bad != nil {
		return *bad
	}
	start, end := window(len(list), limit, offset)
	out := make([]wireTransition, 0, end-start)
	for _, t := range list[start:end] {
		out = append(out, toWireTransition(p, t))
	}
	return ok(out, p.Version, &page{total: len(list), limit: limit, offset: offset, returned: len(out)})
}
