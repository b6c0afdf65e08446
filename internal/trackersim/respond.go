package trackersim

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// response is what a handler computed under the read lock; the server
// writes it afterwards (possibly truncated by a fault).
type response struct {
	status  int
	body    []byte
	version int64 // X-Tracker-Project-Version when > 0
	page    *page // X-Tracker-Pagination-* when set
}

// page is the pagination envelope Tracker sends as headers.
type page struct{ total, limit, offset, returned int }

func (pg *page) set(h http.Header) {
	h.Set("X-Tracker-Pagination-Total", strconv.Itoa(pg.total))
	h.Set("X-Tracker-Pagination-Limit", strconv.Itoa(pg.limit))
	h.Set("X-Tracker-Pagination-Offset", strconv.Itoa(pg.offset))
	h.Set("X-Tracker-Pagination-Returned", strconv.Itoa(pg.returned))
}

type apiError struct {
	Code           string `json:"code"`
	Kind           string `json:"kind"`
	Error          string `json:"error"`
	GeneralProblem string `json:"general_problem,omitempty"`
	PossibleFix    string `json:"possible_fix,omitempty"`
}

func errorResponse(status int, e apiError) response {
	e.Kind = "error"
	b, _ := marshal(e)
	return response{status: status, body: b}
}

// The error bodies below copy the wording of recorded Tracker responses
// where one exists (unfound_resource, route_not_found, invalid_parameter).
func unfoundResource() response {
	return errorResponse(http.StatusNotFound, apiError{Code: "unfound_resource",
		Error: "The object you tried to access could not be found.  It may have been removed by another user, you may be using the ID of another object type, or you may be trying to access a sub-resource at the wrong point in a tree."})
}

func routeNotFound() response {
	return errorResponse(http.StatusNotFound, apiError{Code: "route_not_found", Error: "The path you requested has no valid endpoint."})
}

func invalidParameter(problem string) response {
	return errorResponse(http.StatusBadRequest, apiError{Code: "invalid_parameter",
		Error: "One or more request parameters was missing or invalid.", GeneralProblem: problem})
}

func invalidAuthentication() response {
	return errorResponse(http.StatusForbidden, apiError{Code: "invalid_authentication",
		Error:          "Invalid authentication credentials were presented.",
		GeneralProblem: "The API token in the X-TrackerToken header is missing or does not belong to any user.",
		PossibleFix:    "Recheck your API token; you can find it at the bottom of your profile page."})
}

func faultResponse(status int) response {
	if status == http.StatusTooManyRequests {
		return errorResponse(status, apiError{Code: "api_request_rate_limited", Error: "Too many requests.",
			GeneralProblem: "You have exceeded the number of requests allowed in a period of time.",
			PossibleFix:    "Wait for the number of seconds in the Retry-After header and try again."})
	}
	return errorResponse(status, apiError{Code: "server_error",
		Error: "An unexpected error occurred on the server. The error has been logged and we will look into it."})
}

// paging reads limit and offset; limit defaults to def and is capped at
// max, offset may be negative only when negativeOK.
func paging(q url.Values, def, maxLimit int, negativeOK bool) (limit, offset int, bad *response) {
	limit, offset = def, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			r := invalidParameter("limit must be a positive integer")
			return 0, 0, &r
		}
		limit = min(n, maxLimit)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || (n < 0 && !negativeOK) {
			r := invalidParameter("offset must be a non-negative integer")
			return 0, 0, &r
		}
		offset = n
	}
	return limit, offset, nil
}

// window is the [start, end) slice of total items a page covers; a
// negative offset counts back from the end.
func window(total, limit, offset int) (start, end int) {
	start = offset
	if offset < 0 {
		start = total + offset
	}
	end = start + limit
	return min(max(start, 0), total), min(max(end, 0), total)
}

// parseTime accepts what Tracker accepts for datetimes: ISO 8601 or
// milliseconds since the epoch.
func parseTime(v string) (time.Time, bool) {
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(ms), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// timeParam reads an optional datetime parameter.
func timeParam(q url.Values, name string) (t time.Time, set bool, bad *response) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, false, nil
	}
	t, ok := parseTime(v)
	if !ok {
		r := invalidParameter(name + " must be a datetime (ISO 8601 or milliseconds since the epoch)")
		return time.Time{}, false, &r
	}
	return t, true, nil
}

// occurred is an occurred_after/occurred_before filter, both bounds
// exclusive; a bound not given holds any time.
type occurred struct {
	after, before       time.Time
	hasAfter, hasBefore bool
}

// occurredParams reads occurred_after and occurred_before.
func occurredParams(q url.Values) (occurred, *response) {
	var o occurred
	var bad *response
	if o.after, o.hasAfter, bad = timeParam(q, "occurred_after"); bad != nil {
		return o, bad
	}
	o.before, o.hasBefore, bad = timeParam(q, "occurred_before")
	return o, bad
}

// bounded reports whether either bound was given.
func (o occurred) bounded() bool { return o.hasAfter || o.hasBefore }

// holds reports whether t lies within the bounds.
func (o occurred) holds(t time.Time) bool {
	return (!o.hasAfter || t.After(o.after)) && (!o.hasBefore || t.Before(o.before))
}

// jsonList renders already-marshalled items as a JSON array.
func jsonList(items [][]byte) []byte {
	n := 2
	for _, it := range items {
		n += len(it) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

// ok marshals v as a 200 response.
func ok(v any, version int64, pg *page) response {
	b, err := marshal(v)
	if err != nil {
		return serverError(err)
	}
	return response{status: http.StatusOK, body: b, version: version, page: pg}
}

// serverError reports a bug in the simulator itself.
func serverError(err error) response {
	return errorResponse(http.StatusInternalServerError, apiError{Code: "server_error", Error: "trackersim: " + err.Error()})
}
