package trackersim

import (
	"net/http"
	"sort"
	"strconv"
)

// handleActivity serves GET /projects/{id}/activity, newest first, with
// since_version, occurred_after and occurred_before.
func handleActivity(r *http.Request, p *Project) response {
	q := r.URL.Query()
	since := int64(0)
	if v := q.Get("since_version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return invalidParameter("since_version must be a non-negative integer")
		}
		since = n
	}
	within, bad := occurredParams(q)
	if bad != nil {
		return *bad
	}
	acts := p.Activities
	acts = acts[sort.Search(len(acts), func(i int) bool { return acts[i].Version > since }):]
	return activityPage(r, p, acts, func(a *Activity) bool { return within.holds(a.OccurredAt) })
}

// handleStoryActivity serves GET /projects/{id}/stories/{story_id}/activity, newest first.
func handleStoryActivity(r *http.Request, p *Project, id int64) response {
	if p.Story(id) == nil {
		return unfoundResource()
	}
	return activityPage(r, p, p.Activities, func(a *Activity) bool { return a.StoryID == id })
}

// activityPage pages acts (ascending by version) newest first, keeping
// only those keep accepts.
func activityPage(r *http.Request, p *Project, acts []Activity, keep func(*Activity) bool) response {
	limit, offset, bad := paging(r.URL.Query(), listDefaultLimit, listMaxLimit, false)
	if bad != nil {
		return *bad
	}
	var out []wireActivity
	total := 0
	for i := len(acts) - 1; i >= 0; i-- {
		a := &acts[i]
		if !keep(a) {
			continue
		}
		if total >= offset && total < offset+limit {
			out = append(out, toWireActivity(p, a))
		}
		total++
	}
	if out == nil {
		out = []wireActivity{}
	}
	return ok(out, p.Version, &page{total: total, limit: limit, offset: offset, returned: len(out)})
}
