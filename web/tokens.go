package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// TokenStore keeps API tokens, keyed by the hash of their secret.
type TokenStore interface {
	CreateToken(ctx context.Context, userID int64, name, prefix string, hash []byte, created time.Time) (sprintlens.APIToken, error)
	TokenUser(ctx context.Context, hash []byte, now time.Time) (sprintlens.User, sprintlens.APIToken, error)
	Tokens(ctx context.Context, userID int64) ([]sprintlens.APIToken, error)
	RevokeToken(ctx context.Context, id, ownerID int64, now time.Time) error
}

// tokenPrefix starts every API token, so a leaked one is easy to spot
// (secret scanners, logs) and easy to tell from a session id.
const tokenPrefix = "slt_"

// identifyToken checks an Authorization header on an /api/ request. A
// header that is there but wrong is a 401, never a fall-back to cookies.
func (s *Server) identifyToken(c echo.Context, header string) (*identity, error) {
	l := i18n.From(c.Request().Context())
	scheme, raw, _ := strings.Cut(strings.TrimSpace(header), " ")
	raw = strings.TrimSpace(raw)
	if !strings.EqualFold(scheme, "Bearer") || raw == "" {
		return nil, s.tokenRejected(c, l.T("auth.api.bad_header"))
	}
	if !strings.HasPrefix(raw, tokenPrefix) || s.deps.Tokens == nil {
		return nil, s.tokenRejected(c, l.T("auth.api.bad_token"))
	}
	u, tok, err := s.deps.Tokens.TokenUser(c.Request().Context(), hashSecret(raw), s.cfg.Now())
	if errIsNotFound(err) {
		return nil, s.tokenRejected(c, l.T("auth.api.bad_token"))
	}
	if err != nil {
		return nil, err
	}
	// Tokens made while sign-in was off belong to the local admin; once
	// sign-in is on they must not be a way around it.
	if u.IsLocal() && s.cfg.Auth.Mode != AuthNone {
		s.cfg.Logger.Warn("refusing a token of the local user while sign-in is on", "request_id", requestID(c), "token_id", tok.ID)
		return nil, s.tokenRejected(c, l.T("auth.api.bad_token"))
	}
	return &identity{user: u, via: viaToken}, nil
}

func (s *Server) tokenRejected(c echo.Context, msg string) error {
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="sprintlens", error="invalid_token"`)
	return echo.NewHTTPError(http.StatusUnauthorized, msg)
}

// handleTokens renders GET /tokens: your API tokens (everyone's, for admins).
func (s *Server) handleTokens(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, "")
}

func (s *Server) renderTokens(c echo.Context, status int, newToken string) error {
	id, _ := signedIn(c)
	owner := id.user.ID
	admin := id.user.Role.AtLeast(sprintlens.RoleAdmin)
	if admin {
		owner = 0
	}
	toks, err := s.deps.Tokens.Tokens(c.Request().Context(), owner)
	if err != nil {
		return err
	}
	props := templates.TokensProps{NewToken: newToken, ShowOwner: admin}
	for _, t := range toks {
		props.Tokens = append(props.Tokens, templates.TokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix,
			Owner: t.OwnerEmail, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt})
	}
	// The page may carry a token shown once: keep it out of every cache.
	c.Response().Header().Set("Cache-Control", "no-store")
	title := i18n.T(c.Request().Context(), "tokens.title")
	return s.render(c, status, templates.Tokens(s.page(c, title, "tokens"), props))
}

// handleTokenCreate answers POST /tokens (form: name): make a token for
// the signed-in user and show it this once; only its hash is kept.
func (s *Server) handleTokenCreate(c echo.Context) error {
	id, _ := signedIn(c)
	l := i18n.From(c.Request().Context())
	name := strings.TrimSpace(c.Request().PostFormValue("name"))
	if name == "" || utf8.RuneCountInString(name) > 80 {
		return sprintlens.Invalid("name", l.T("tokens.name_invalid"))
	}
	if id.user.ID == 0 {
		return echo.NewHTTPError(http.StatusConflict, l.T("tokens.no_user"))
	}
	secret := tokenPrefix + newSecret()
	tok, err := s.deps.Tokens.CreateToken(c.Request().Context(), id.user.ID, name, secret[:len(tokenPrefix)+6], hashSecret(secret), s.cfg.Now())
	if err != nil {
		return err
	}
	s.cfg.Logger.Info("api token created", "request_id", requestID(c), "user", id.user.Email, "token_id", tok.ID, "name", tok.Name)
	return s.renderTokens(c, http.StatusCreated, secret)
}

// handleTokenRevoke answers POST /tokens/:id/revoke. People revoke their
// own tokens; admins revoke anyone's. Someone else's token is "not found".
func (s *Server) handleTokenRevoke(c echo.Context) error {
	id, _ := signedIn(c)
	tokenID, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("token")
	}
	owner := id.user.ID
	if id.user.Role.AtLeast(sprintlens.RoleAdmin) {
		owner = 0
	}
	if err := s.deps.Tokens.RevokeToken(c.Request().Context(), tokenID, owner, s.cfg.Now()); err != nil {
		if errIsNotFound(err) {
			return notFound("token")
		}
		return err
	}
	s.cfg.Logger.Info("api token revoked", "request_id", requestID(c), "user", id.user.Email, "token_id", tokenID)
	return c.Redirect(http.StatusSeeOther, "/tokens")
}
