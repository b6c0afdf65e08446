package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Role is the least a caller must be to use a route. The zero value is
// no decision at all, so a forgotten entry can never mean "public".
type Role int

// Access levels, lowest first.
const (
	roleUndecided Role = iota
	// RolePublic needs no sign-in: probes, assets, the sign-in flow.
	RolePublic
	// RoleViewer reads: every page and GET under /api/v1.
	RoleViewer
	// RoleMember checks in key results, dismisses warnings, starts a sync.
	RoleMember
	// RoleAdmin manages projects, settings, imports, webhooks, tokens and users.
	RoleAdmin
)

func (r Role) String() string {
	switch r {
	case RolePublic:
		return "public"
	case RoleViewer:
		return string(sprintlens.RoleViewer)
	case RoleMember:
		return string(sprintlens.RoleMember)
	case RoleAdmin:
		return string(sprintlens.RoleAdmin)
	}
	return "undecided"
}

// grants is the access level a user's role reaches.
func grants(r sprintlens.Role) Role {
	switch r {
	case sprintlens.RoleViewer:
		return RoleViewer
	case sprintlens.RoleMember:
		return RoleMember
	case sprintlens.RoleAdmin:
		return RoleAdmin
	}
	return roleUndecided
}

// routeAccess is who may use each route, keyed "METHOD path" exactly as
// the route is registered with echo. Every route in routeTable needs an
// entry: TestEveryRouteHasAnAccessDecision fails otherwise, and at run
// time a route without one is refused.
var routeAccess = map[string]Role{
	// Probes and assets: nothing private, and monitors do not sign in.
	"GET /healthz":  RolePublic,
	"GET /readyz":   RolePublic,
	"GET /metrics":  RolePublic,
	"GET /static/*": RolePublic,

	// Signing in and out.
	"GET /login":         RolePublic,
	"GET /auth/callback": RolePublic,
	"POST /logout":       RolePublic,

	"GET /":                RoleViewer,
	"GET /api/v1/projects": RoleViewer,

	// API tokens: everyone manages their own (acting with their role);
	// admins see and revoke everyone's.
	"GET /tokens":             RoleViewer,
	"POST /tokens":            RoleViewer,
	"POST /tokens/:id/revoke": RoleViewer,

	"GET /users":           RoleAdmin,
	"POST /users/:id/role": RoleAdmin,

	// Slack digest: everyone may look; sending a test and setting a
	// project's webhook (a secret) is an admin's. Permalinks are read-only
	// frozen views, as readable as the pages they froze.
	"GET /digest":                            RoleViewer,
	"GET /digest/preview":                    RoleViewer,
	"POST /digest/test":                      RoleAdmin,
	"POST /digest/webhook":                   RoleAdmin,
	"POST /projects/:id/sprints/:n/snapshot": RoleMember,
	"GET /s/:id":                             RoleViewer,

	// Story-size warnings: everyone reads; members dismiss; a project's
	// thresholds and time zone are an admin's.
	"GET /warnings":                       RoleViewer,
	"GET /projects/:id/warnings":          RoleViewer,
	"POST /projects/:id/warnings/dismiss": RoleMember,
	"GET /projects/:id/radar":             RoleViewer,
	"GET /projects/:id/calibration":       RoleViewer,
	"GET /projects/:id/settings":          RoleAdmin,
	"POST /projects/:id/settings":         RoleAdmin,

	// OKRs: everyone reads; members check in and shape objectives and key
	// results; opening and closing a period is an admin's call.
	"GET /okrs":                        RoleViewer,
	"GET /okrs/check-in":               RoleViewer,
	"GET /okrs/key-results/:id":        RoleViewer,
	"POST /okrs/check-ins":             RoleMember,
	"POST /okrs/objectives":            RoleMember,
	"POST /okrs/key-results":           RoleMember,
	"POST /okrs/key-results/:id/score": RoleMember,
	"POST /okrs/periods":               RoleAdmin,
	"POST /okrs/periods/:key/close":    RoleAdmin,

	// Decisions for routes other branches are adding. Adjust the paths to
	// what they register; reads are viewer, check-ins, dismissals and
	// "sync now" are member, project/settings/import changes are admin.
	"GET /sync":                              RoleViewer,
	"GET /sync/runs/:id":                     RoleViewer,
	"GET /api/v1/sync/runs":                  RoleViewer,
	"POST /sync":                             RoleMember,
	"POST /projects/:id/sync":                RoleMember,
	"GET /sprints":                           RoleViewer,
	"GET /projects/:id":                      RoleViewer,
	"GET /projects/:id/sprints":              RoleViewer,
	"GET /projects/:id/sprints/:n":           RoleViewer,
	"GET /projects/:id/velocity":             RoleViewer,
	"GET /projects/:id/velocity.csv":         RoleViewer,
	"GET /projects/:id/burnup.csv":           RoleViewer,
	"GET /projects/:id/forecast":             RoleViewer,
	"GET /projects/:id/forecast.csv":         RoleViewer,
	"GET /projects/:id/cycle-time":           RoleViewer,
	"GET /projects/:id/cycle-time.csv":       RoleViewer,
	"GET /rollup":                            RoleViewer,
	"GET /rollup.csv":                        RoleViewer,
	"POST /projects":                         RoleAdmin,
	"GET /settings":                          RoleAdmin,
	"POST /settings":                         RoleAdmin,
	"GET /import":                            RoleAdmin,
	"POST /import":                           RoleAdmin,
	"GET /api/v1/projects/:id":               RoleViewer,
	"GET /api/v1/projects/:id/velocity":      RoleViewer,
	"GET /api/v1/projects/:id/sprints":       RoleViewer,
	"GET /api/v1/projects/:id/sprints/:n":    RoleViewer,
	"GET /api/v1/projects/:id/warnings":      RoleViewer,
	"GET /api/v1/okrs":                       RoleViewer,
	"GET /api/v1/key-results/:id":            RoleViewer,
	"GET /api/v1/sync-runs":                  RoleViewer,
	"POST /api/v1/key-results/:id/check-ins": RoleMember,
	"POST /api/v1/sync":                      RoleMember,
	"POST /api/v1/projects/:id/sync":         RoleMember,
}

// routeKey names the matched route the way routeAccess does.
func routeKey(c echo.Context) string { return c.Request().Method + " " + c.Path() }

// authorize enforces routeAccess after authenticate and CSRF. Requests
// that match no route of the table go on to echo's 404 or 405; a route of
// the table without a decision is refused and logged, so forgetting one
// fails closed.
func (s *Server) authorize() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := routeKey(c)
			need, decided := routeAccess[key]
			if !decided {
				if !s.tableRoutes[key] {
					return next(c)
				}
				s.cfg.Logger.Error("no access decision for route; refusing it", "route", key, "request_id", requestID(c))
				return echo.NewHTTPError(http.StatusForbidden, http.StatusText(http.StatusForbidden))
			}
			if need == RolePublic {
				return next(c)
			}
			id, ok := signedIn(c)
			if !ok {
				return s.signInRequired(c)
			}
			if grants(id.user.Role) < need || need == roleUndecided {
				l := i18n.From(c.Request().Context())
				return echo.NewHTTPError(http.StatusForbidden, l.T("auth.forbidden", map[string]any{
					"Role": l.T("auth.role." + string(id.user.Role)), "Need": l.T("auth.role." + need.String()),
				}))
			}
			return next(c)
		}
	}
}
