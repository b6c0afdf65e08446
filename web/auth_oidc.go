package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// OIDCConfig is sprintlens's registration with an OpenID Connect provider.
// The redirect URL to register there is BASE_URL + /auth/callback.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// AllowedDomains are the lower-case email domains that may sign in;
	// "*" lets in any address the provider vouches for.
	AllowedDomains []string
	// HTTPClient talks to the provider (default: a 10-second timeout).
	HTTPClient *http.Client
}

// pendingCookie carries one sign-in attempt's state, nonce, PKCE verifier
// and destination from /login to /auth/callback. It never leaves the
// callback path and lives ten minutes.
const (
	pendingCookie = "sl_signin"
	pendingPath   = "/auth/callback"
	pendingTTL    = 10 * time.Minute
)

// oidcClient discovers the provider on first use rather than at start-up,
// so a provider that is briefly down delays sign-ins, not the dashboard.
type oidcClient struct {
	cfg         OIDCConfig
	redirectURL string

	mu       sync.Mutex
	provider *oidc.Provider
}

func newOIDCClient(cfg OIDCConfig, redirectURL string) *oidcClient {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &oidcClient{cfg: cfg, redirectURL: redirectURL}
}

// providerName is what the sign-in button names: the issuer's host.
func (o *oidcClient) providerName() string {
	if u, err := url.Parse(o.cfg.Issuer); err == nil && u.Host != "" {
		return u.Host
	}
	return o.cfg.Issuer
}

// withClient makes go-oidc and x/oauth2 use the client with a timeout.
func (o *oidcClient) withClient(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, o.cfg.HTTPClient)
}

// setup returns the OAuth2 configuration and ID token verifier, running
// discovery the first time it succeeds.
func (o *oidcClient) setup(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		p, err := oidc.NewProvider(o.withClient(ctx), o.cfg.Issuer)
		if err != nil {
			return nil, nil, fmt.Errorf("oidc: discover %s: %w", o.cfg.Issuer, err)
		}
		o.provider = p
	}
	oc := &oauth2.Config{
		ClientID:     o.cfg.ClientID,
		ClientSecret: o.cfg.ClientSecret,
		Endpoint:     o.provider.Endpoint(),
		RedirectURL:  o.redirectURL,
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}
	return oc, o.provider.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}), nil
}

// allowed reports whether an address's domain may sign in.
func (o *oidcClient) allowed(email string) bool {
	return slices.Contains(o.cfg.AllowedDomains, "*") || slices.Contains(o.cfg.AllowedDomains, sprintlens.EmailDomain(email))
}

// handleLogin answers GET /login: to the provider in oidc mode (back to
// ?next= when already signed in), the proxy note in proxy mode, home in
// mode none.
func (s *Server) handleLogin(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if _, ok := signedIn(c); ok || s.cfg.Auth.Mode == AuthNone {
		return c.Redirect(http.StatusSeeOther, next)
	}
	if s.cfg.Auth.Mode != AuthOIDC {
		return s.renderSignIn(c, http.StatusOK, next, "")
	}
	oc, _, err := s.oidc.setup(c.Request().Context())
	if err != nil {
		return s.signInFailed(c, http.StatusServiceUnavailable, "auth.error.provider", err)
	}
	p := pendingSignIn{State: newSecret(), Nonce: newSecret(), Verifier: oauth2.GenerateVerifier(), Next: next}
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: p.encode(), Path: pendingPath, MaxAge: int(pendingTTL / time.Second),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusFound, oc.AuthCodeURL(p.State, oidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier)))
}

// idClaims are the ID token claims sprintlens uses.
type idClaims struct {
	Email string `json:"email"`
	// EmailVerified is raw because providers send true, "true" or nothing.
	EmailVerified json.RawMessage `json:"email_verified"`
	Name          string          `json:"name"`
}

func (cl idClaims) unverified() bool {
	v := bytes.TrimSpace(cl.EmailVerified)
	return bytes.Equal(v, []byte("false")) || bytes.Equal(v, []byte(`"false"`))
}

// handleAuthCallback answers GET /auth/callback, where the provider sends
// the browser back: check state, swap the code (with the PKCE verifier)
// for an ID token, verify it and its nonce, check the address, then sign
// the user in with a new session.
func (s *Server) handleAuthCallback(c echo.Context) error {
	if s.cfg.Auth.Mode != AuthOIDC {
		return notFound("page")
	}
	p, err := readPendingSignIn(c)
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: "", Path: pendingPath, MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	if err != nil {
		return s.signInFailed(c, http.StatusBadRequest, "auth.error.expired", nil)
	}
	q := c.Request().URL.Query()
	if q.Get("error") != "" {
		return s.signInFailed(c, http.StatusUnauthorized, "auth.error.refused", fmt.Errorf("provider said %q", q.Get("error")))
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(p.State)) != 1 || q.Get("code") == "" {
		return s.signInFailed(c, http.StatusBadRequest, "auth.error.expired", errors.New("state does not match this browser's sign-in"))
	}
	ctx := s.oidc.withClient(c.Request().Context())
	oc, verifier, err := s.oidc.setup(ctx)
	if err != nil {
		return s.signInFailed(c, http.StatusServiceUnavailable, "auth.error.provider", err)
	}
	tok, err := oc.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return s.signInFailed(c, http.StatusBadGateway, "auth.error.provider", exchangeError(err))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return s.signInFailed(c, http.StatusBadGateway, "auth.error.invalid", errors.New("token response has no id_token"))
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		return s.signInFailed(c, http.StatusUnauthorized, "auth.error.invalid", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.Nonce)) != 1 {
		return s.signInFailed(c, http.StatusUnauthorized, "auth.error.invalid", errors.New("id token nonce does not match"))
	}
	var claims idClaims
	if err := idt.Claims(&claims); err != nil {
		return s.signInFailed(c, http.StatusUnauthorized, "auth.error.invalid", err)
	}
	email, err := sprintlens.NormalizeEmail(claims.Email)
	if err != nil {
		return s.signInFailed(c, http.StatusForbidden, "auth.error.no_email", nil)
	}
	if claims.unverified() {
		return s.signInFailed(c, http.StatusForbidden, "auth.error.unverified", nil)
	}
	if !s.oidc.allowed(email) {
		return s.signInFailed(c, http.StatusForbidden, "auth.error.domain", nil,
			map[string]any{"Domain": sprintlens.EmailDomain(email)})
	}
	u, err := s.deps.Users.SignIn(c.Request().Context(), email, claims.Name)
	if err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.cfg.Logger.Info("signed in", "request_id", requestID(c), "user", u.Email, "role", string(u.Role))
	return c.Redirect(http.StatusSeeOther, p.Next)
}

// exchangeError keeps the provider's status and error code and drops the
// rest of its response body, which is not ours to log.
func exchangeError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return fmt.Errorf("token endpoint answered %s (%s)", re.Response.Status, re.ErrorCode)
	}
	return fmt.Errorf("token exchange: %w", err)
}

// pendingSignIn is one sign-in attempt between /login and the callback.
type pendingSignIn struct {
	State, Nonce, Verifier, Next string
}

func (p pendingSignIn) encode() string {
	v := url.Values{"s": {p.State}, "n": {p.Nonce}, "v": {p.Verifier}, "r": {p.Next}}
	return base64.RawURLEncoding.EncodeToString([]byte(v.Encode()))
}

func readPendingSignIn(c echo.Context) (pendingSignIn, error) {
	ck, err := c.Cookie(pendingCookie)
	if err != nil {
		return pendingSignIn{}, err
	}
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return pendingSignIn{}, err
	}
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return pendingSignIn{}, err
	}
	p := pendingSignIn{State: v.Get("s"), Nonce: v.Get("n"), Verifier: v.Get("v"), Next: safeNext(v.Get("r"))}
	if p.State == "" || p.Nonce == "" || p.Verifier == "" {
		return pendingSignIn{}, errors.New("incomplete sign-in cookie")
	}
	return p, nil
}
