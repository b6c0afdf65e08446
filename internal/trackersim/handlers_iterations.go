package trackersim

import "net/http"

// Iterations are paged 10 at a time by default and at most 50 per request.
const (
	iterationsDefaultLimit = 10
	iterationsMaxLimit     = 50
)

// handleIterations serves GET /projects/{id}/iterations with scope "",
// done, current, backlog or current_backlog. scope=done accepts a negative
// offset counting back from the most recent done iteration; scope=current
// is a single iteration and, as recorded, carries no pagination headers.
func handleIterations(r *http.Request, p *Project) response {
	q := r.URL.Query()
	f := parseFields(q.Get("fields"))
	scope := q.Get("scope")
	var list []*Iteration
	switch scope {
	case "":
		list = p.Iterations
	case "done":
		list = p.IterationsIn(ScopeDone)
	case "current":
		b, err := iterationsJSON(p, []*Iteration{p.Current()}, f)
		if err != nil {
			return serverError(err)
		}
		return response{status: http.StatusOK, body: b, version: p.Version}
	case "backlog":
		list = p.IterationsIn(ScopeBacklog)
	case "current_backlog":
		list = append([]*Iteration{p.Current()}, p.IterationsIn(ScopeBacklog)...)
	default:
		return invalidParameter("scope must be one of done, current, backlog, current_backlog")
	}
	limit, offset, bad := paging(q, iterationsDefaultLimit, iterationsMaxLimit, scope == "done")
	if bad != nil {
		return *bad
	}
	start, end := window(len(list), limit, offset)
	b, err := iterationsJSON(p, list[start:end], f)
	if err != nil {
		return serverError(err)
	}
	return response{status: http.StatusOK, body: b, version: p.Version,
		page: &page{total: len(list), limit: limit, offset: offset, returned: end - start}}
}

// handleIteration serves GET /projects/{id}/iterations/{number}.
func handleIteration(r *http.Request, p *Project, number int) response {
	for _, it := range p.Iterations {
		if it.Number == number {
			b, err := iterationJSON(p, it, parseFields(r.URL.Query().Get("fields")))
			if err != nil {
				return serverError(err)
			}
			return response{status: http.StatusOK, body: b, version: p.Version}
		}
	}
	return unfoundResource()
}

func iterationsJSON(p *Project, its []*Iteration, f fieldSet) ([]byte, error) {
	items := make([][]byte, 0, len(its))
	for _, it := range its {
		b, err := iterationJSON(p, it, f)
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return jsonList(items), nil
}
