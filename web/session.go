package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// sessionCookie holds a signed-in browser's session id. The server keeps
// only its SHA-256 hash.
const sessionCookie = "sl_session"

// SessionStore keeps server-side sessions, keyed by the hash of their id.
type SessionStore interface {
	CreateSession(ctx context.Context, idHash []byte, userID int64, created, expires time.Time) error
	SessionUser(ctx context.Context, idHash []byte, now time.Time) (sprintlens.User, error)
	DeleteSession(ctx context.Context, idHash []byte) error
}

// newSecret returns 256 random bits, URL-safe: session ids, API tokens,
// OIDC state and nonce.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashSecret is what the database stores in place of a secret.
func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// identifySession resolves the session cookie. A missing, unknown or
// expired session is anonymous, and a stale cookie is cleared.
func (s *Server) identifySession(c echo.Context) (*identity, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	u, err := s.deps.Sessions.SessionUser(c.Request().Context(), hashSecret(ck.Value), s.cfg.Now())
	if errIsNotFound(err) {
		s.clearSessionCookie(c)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &identity{user: u, via: viaSession}, nil
}

// startSession signs u in on this browser with a fresh session id, so an
// id planted before sign-in (session fixation) is worth nothing after.
func (s *Server) startSession(c echo.Context, u sprintlens.User) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.deps.Sessions.DeleteSession(ctx, hashSecret(ck.Value)); err != nil {
			return err
		}
	}
	id := newSecret()
	now := s.cfg.Now()
	ttl := s.cfg.Auth.SessionTTL
	if err := s.deps.Sessions.CreateSession(ctx, hashSecret(id), u.ID, now, now.Add(ttl)); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: id, Path: "/", MaxAge: int(ttl / time.Second),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	return nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// handleLogout answers POST /logout: the session ends on the server, the
// cookie goes, and the browser lands on the home page (the sign-in page,
// when sign-in is on). In proxy and none modes there is no session here
// to end, so it only redirects.
func (s *Server) handleLogout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" && s.deps.Sessions != nil {
		if err := s.deps.Sessions.DeleteSession(c.Request().Context(), hashSecret(ck.Value)); err != nil {
			return err
		}
		if id, ok := signedIn(c); ok {
			s.cfg.Logger.Info("signed out", "request_id", requestID(c), "user", id.user.Email)
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}

// safeNext keeps a post-sign-in redirect on this site: a path, never
// "//host" or a scheme, which would make /login an open redirect.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.HasPrefix(u.Path, "/login") || strings.HasPrefix(u.Path, "/auth/") || strings.HasPrefix(u.Path, "/logout") {
		return "/"
	}
	return u.RequestURI()
}
