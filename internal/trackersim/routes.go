package trackersim

import (
	"net/http"
	"strconv"
	"strings"
)

// route dispatches a request to its endpoint. Only GET is simulated; any
// other method or path gets Tracker's route_not_found body.
func (s *Server) route(r *http.Request) response {
	rest, found := strings.CutPrefix(r.URL.Path, BasePath+"/")
	if !found || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return routeNotFound()
	}
	seg := strings.Split(rest, "/")
	switch {
	case len(seg) == 1 && seg[0] == "me":
		return s.handleMe(r)
	case len(seg) == 1 && seg[0] == "projects":
		return s.handleProjects(r)
	case len(seg) < 2 || seg[0] != "projects":
		return routeNotFound()
	}
	id, err := strconv.ParseInt(seg[1], 10, 64)
	if err != nil {
		return routeNotFound()
	}
	p := s.ds.Project(id)
	if p == nil {
		return unfoundResource()
	}
	sub := seg[2:]
	if len(sub) == 0 {
		return handleProject(r, p)
	}
	var arg int64
	if len(sub) >= 2 {
		if arg, err = strconv.ParseInt(sub[1], 10, 64); err != nil {
			return routeNotFound()
		}
	}
	switch {
	case len(sub) == 1 && sub[0] == "iterations":
		return handleIterations(r, p)
	case len(sub) == 2 && sub[0] == "iterations":
		return handleIteration(r, p, int(arg))
	case len(sub) == 1 && sub[0] == "stories":
		return handleStories(r, p)
	case len(sub) == 2 && sub[0] == "stories":
		return handleStory(r, p, arg)
	case len(sub) == 3 && sub[0] == "stories" && sub[2] == "transitions":
		return handleStoryTransitions(r, p, arg)
	case len(sub) == 3 && sub[0] == "stories" && sub[2] == "activity":
		return handleStoryActivity(r, p, arg)
	case len(sub) == 1 && sub[0] == "labels":
		return handleLabels(p)
	case len(sub) == 1 && sub[0] == "epics":
		return handleEpics(p)
	case len(sub) == 2 && sub[0] == "epics":
		return handleEpic(p, arg)
	case len(sub) == 1 && sub[0] == "memberships":
		return handleMemberships(p)
	case len(sub) == 1 && sub[0] == "activity":
		return handleActivity(r, p)
	case len(sub) == 1 && sub[0] == "story_transitions":
		return handleTransitions(r, p)
	}
	return routeNotFound()
}
