package tracker

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels for the failures a caller handles differently from the rest.
// Match them with errors.Is; the *APIError behind them carries the details.
var (
	// ErrTokenRejected means Tracker answered 401 or 403: the token is wrong,
	// revoked, or lacks access. Retrying will not help.
	ErrTokenRejected = errors.New("tracker: token rejected")
	// ErrProjectNotFound means a project-scoped request got 404: the project
	// does not exist or this token cannot see it (Tracker does not say which).
	ErrProjectNotFound = errors.New("tracker: project not found or not visible to this token")
)

// TrackerError is the body Tracker sends with a failed request
// (kind "error").
type TrackerError struct {
	Kind             string            `json:"kind"`
	Code             string            `json:"code"`
	Message          string            `json:"error"`
	Requirement      string            `json:"requirement,omitempty"`
	GeneralProblem   string            `json:"general_problem,omitempty"`
	PossibleFix      string            `json:"possible_fix,omitempty"`
	ValidationErrors []ValidationError `json:"validation_errors,omitempty"`
}

// ValidationError names a request field Tracker refused and why.
type ValidationError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// APIError is a non-2xx answer from Tracker, with Tracker's own explanation
// when the body had one.
type APIError struct {
	Status           int
	Code             string // Tracker's error code, e.g. "unfound_resource"
	Message          string
	GeneralProblem   string
	PossibleFix      string
	ValidationErrors []ValidationError
	Method           string
	Path             string // relative to the base URL, without the query

	// projectID is set for requests scoped to one project, so a 404 can
	// name the project and match ErrProjectNotFound.
	projectID int64
}

// Error reads like "GET /projects/7: project 7 not found or not visible to
// this token: 404 Not Found (unfound_resource): The object you tried ...".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Method + " " + e.Path + ": ")
	switch {
	case e.tokenRejected():
		b.WriteString("token rejected: ")
	case e.projectMissing():
		fmt.Fprintf(&b, "project %d not found or not visible to this token: ", e.projectID)
	}
	b.WriteString(statusLine(e.Status))
	if e.Code != "" {
		b.WriteString(" (" + e.Code + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.GeneralProblem != "" {
		b.WriteString("; " + e.GeneralProblem)
	}
	for _, v := range e.ValidationErrors {
		b.WriteString("; " + v.Field + ": " + v.Problem)
	}
	if e.PossibleFix != "" {
		b.WriteString("; possible fix: " + e.PossibleFix)
	}
	return b.String()
}

// Is matches ErrTokenRejected for 401/403 and ErrProjectNotFound for a 404
// on a project-scoped request.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrTokenRejected:
		return e.tokenRejected()
	case ErrProjectNotFound:
		return e.projectMissing()
	}
	return false
}

// Temporary reports whether retrying the same request may succeed.
func (e *APIError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

func (e *APIError) tokenRejected() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
}

// projectMissing leaves out route_not_found: that is a malformed path (a
// client bug), not a missing project.
func (e *APIError) projectMissing() bool {
	return e.Status == http.StatusNotFound && e.projectID != 0 && e.Code != "route_not_found"
}

func statusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// newAPIError decodes Tracker's error body when there is one; a body that is
// not Tracker JSON (a proxy's HTML page) is summarised, with the token
// redacted in case a misbehaving server echoed it.
func newAPIError(method, path string, status int, body []byte, token string) *APIError {
	e := &APIError{Status: status, Method: method, Path: path}
	var te TrackerError
	if json.Unmarshal(body, &te) == nil && (te.Kind == "error" || te.Code != "" || te.Message != "") {
		e.Code = te.Code
		e.Message = te.Message
		e.GeneralProblem = te.GeneralProblem
		e.PossibleFix = te.PossibleFix
		e.ValidationErrors = te.ValidationErrors
		return e
	}
	e.Message = snippet(body, token)
	return e
}

// snippet returns the start of a body as one line, for error messages.
func snippet(body []byte, token string) string {
	const max = 200
	s := string(body)
	if token != "" {
		s = strings.ReplaceAll(s, token, "REDACTED")
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "..."
	}
	return s
}
