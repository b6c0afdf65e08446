package web

import (
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// Sign-in modes, as AUTH_MODE names them.
const (
	// AuthNone signs no one in: every request acts as the local admin.
	AuthNone = "none"
	// AuthOIDC signs people in with an OpenID Connect provider and keeps
	// a server-side session.
	AuthOIDC = "oidc"
	// AuthProxy believes an identity header set by a trusted auth proxy.
	AuthProxy = "proxy"
)

// AuthConfig says how callers prove who they are.
type AuthConfig struct {
	// Mode is AuthNone (the default), AuthOIDC or AuthProxy.
	Mode string
	// SessionTTL is how long an OIDC sign-in lasts (default 12h).
	SessionTTL time.Duration
	OIDC       OIDCConfig
	// ProxyHeader carries the signed-in address in proxy mode
	// (default X-Forwarded-Email).
	ProxyHeader string
	// TrustedProxies are the peers whose ProxyHeader and X-Forwarded-For
	// are believed. Anyone else's are ignored.
	TrustedProxies []netip.Prefix
	// LoginBurst sign-in requests (GET /login, GET /auth/callback) are
	// allowed per client address at once, then one every LoginEvery
	// (defaults 10 and 6s).
	LoginBurst int
	LoginEvery time.Duration
	// LocalUser is who every request acts as in mode none. Its ID must be
	// a stored user for API tokens to work; the zero value becomes an
	// unstored admin named "local".
	LocalUser sprintlens.User
}

// How a request's identity was established.
const (
	viaLocal   = "local"
	viaSession = "session"
	viaProxy   = "proxy"
	viaToken   = "token"
)

// identity is who a request acts as, and how we know.
type identity struct {
	user sprintlens.User
	via  string
}

// identityKey is where authenticate leaves the *identity.
const identityKey = "sl_identity"

// signedIn returns the request's identity, if it has one.
func signedIn(c echo.Context) (*identity, bool) {
	id, ok := c.Get(identityKey).(*identity)
	return id, ok && id != nil
}

func (s *Server) authDefaults() {
	a := &s.cfg.Auth
	if a.Mode == "" {
		a.Mode = AuthNone
	}
	if a.SessionTTL <= 0 {
		a.SessionTTL = 12 * time.Hour
	}
	if a.LoginBurst <= 0 {
		a.LoginBurst = 10
	}
	if a.LoginEvery <= 0 {
		a.LoginEvery = 6 * time.Second
	}
	if a.ProxyHeader == "" {
		a.ProxyHeader = "X-Forwarded-Email"
	}
	if a.LocalUser.Email == "" {
		a.LocalUser = sprintlens.User{Email: sprintlens.LocalUserEmail, Name: "local", Role: sprintlens.RoleAdmin}
	}
	if a.Mode == AuthOIDC {
		s.oidc = newOIDCClient(a.OIDC, s.cfg.BaseURL+"/auth/callback")
	}
}

// authenticate works out who the request acts as and leaves it in the
// context; it refuses nobody except a bad API token (authorize decides
// what anonymous callers may do). Under /api/ a bearer token wins over
// everything else, so a script never rides on a browser's cookies.
func (s *Server) authenticate() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id, err := s.identify(c)
			if err != nil {
				return err
			}
			if id != nil {
				c.Set(identityKey, id)
				c.Set(userKey, id.user.Label())
			}
			return next(c)
		}
	}
}

func (s *Server) identify(c echo.Context) (*identity, error) {
	if isAPIPath(c) {
		if raw, present := c.Request().Header[echo.HeaderAuthorization]; present {
			return s.identifyToken(c, strings.Join(raw, ""))
		}
	}
	switch s.cfg.Auth.Mode {
	case AuthOIDC:
		return s.identifySession(c)
	case AuthProxy:
		return s.identifyProxy(c)
	}
	return &identity{user: s.cfg.Auth.LocalUser, via: viaLocal}, nil
}

func isAPIPath(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

// wantsJSON matches handleError's choice between a JSON error and a page.
func wantsJSON(c echo.Context) bool {
	return isAPIPath(c) || c.Request().Header.Get("Accept") == "application/json"
}

// signInRequired answers an anonymous request for a route that needs a
// role: 401 JSON for the API, the sign-in page for a browser.
func (s *Server) signInRequired(c echo.Context) error {
	if wantsJSON(c) {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="sprintlens"`)
		return echo.NewHTTPError(http.StatusUnauthorized, i18n.T(c.Request().Context(), "auth.api.required"))
	}
	if isHTMX(c) {
		// A fragment cannot show the sign-in page; reload the whole page.
		c.Response().Header().Set("HX-Refresh", "true")
	}
	next := "/"
	if c.Request().Method == http.MethodGet {
		next = c.Request().URL.RequestURI()
	}
	return s.renderSignIn(c, http.StatusUnauthorized, next, "")
}

// renderSignIn shows the sign-in page with an optional message.
func (s *Server) renderSignIn(c echo.Context, status int, next, message string) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	props := templates.SignInProps{Message: message}
	if s.cfg.Auth.Mode == AuthOIDC {
		props.LoginURL = "/login?next=" + url.QueryEscape(safeNext(next))
		props.Provider = s.oidc.providerName()
	}
	title := i18n.T(c.Request().Context(), "auth.signin.title")
	return s.render(c, status, templates.SignIn(s.page(c, title, ""), props))
}

// signInFailed logs why a sign-in attempt failed and shows the sign-in
// page with a message that says what to do, never the provider's internals.
func (s *Server) signInFailed(c echo.Context, status int, msgID string, cause error, data ...map[string]any) error {
	if cause != nil {
		s.cfg.Logger.Warn("sign-in failed", "request_id", requestID(c), "reason", msgID, "error", cause)
	} else {
		s.cfg.Logger.Info("sign-in refused", "request_id", requestID(c), "reason", msgID)
	}
	return s.renderSignIn(c, status, "/", i18n.T(c.Request().Context(), msgID, data...))
}

// withUser fills the layout's signed-in user and what it may reach.
func withUser(c echo.Context, p *templates.Page) {
	id, ok := signedIn(c)
	if !ok {
		return
	}
	p.User = id.user.Label()
	p.Role = i18n.T(c.Request().Context(), "auth.role."+string(id.user.Role))
	p.Admin = id.user.Role.AtLeast(sprintlens.RoleAdmin)
	p.SignOut = id.via == viaSession
}

// errIsNotFound reports a store's "no such row".
func errIsNotFound(err error) bool { return errors.Is(err, sprintlens.ErrNotFound) }
