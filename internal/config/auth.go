package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// validateAuth checks the sign-in settings. AUTH_MODE=none makes every
// visitor an admin, so it is refused on a reachable address unless the
// operator says so explicitly.
func (c Config) validateAuth() []error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	switch c.AuthMode {
	case AuthNone:
		if !c.ListensOnLoopback() && !c.AuthAllowAnonymous {
			bad("AUTH_MODE", "none makes every visitor an admin, and LISTEN_ADDR %s is not a loopback address; "+
				"set AUTH_MODE=oidc or proxy, listen on 127.0.0.1, or set AUTH_ALLOW_ANONYMOUS=true if something else guards the port",
				c.ListenAddr)
		}
	case AuthOIDC:
		if u, err := url.Parse(c.OIDCIssuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("OIDC_ISSUER", "want the provider's issuer URL such as https://accounts.google.com, got %q", c.OIDCIssuer)
		}
		if c.OIDCClientID == "" {
			bad("OIDC_CLIENT_ID", "required with AUTH_MODE=oidc")
		}
		if c.OIDCClientSecret == "" {
			bad("OIDC_CLIENT_SECRET", "required with AUTH_MODE=oidc (or OIDC_CLIENT_SECRET_FILE)")
		}
		if len(c.OIDCAllowedDomains) == 0 {
			bad("OIDC_ALLOWED_DOMAINS", "required with AUTH_MODE=oidc: the email domains that may sign in, such as example.com, or * for any address the provider vouches for")
		}
		for _, d := range c.OIDCAllowedDomains {
			if d != "*" && (strings.ContainsAny(d, "@/ ") || !strings.Contains(d, ".")) {
				bad("OIDC_ALLOWED_DOMAINS", "want domains such as example.com, got %q", d)
			}
		}
	case AuthProxy:
		if len(c.AuthProxyTrusted) == 0 {
			bad("AUTH_PROXY_TRUSTED", "required with AUTH_MODE=proxy: the IPs or CIDRs of the proxy, so no one else can send %s", c.AuthProxyHeader)
		}
		if c.AuthProxyHeader == "" || strings.ContainsAny(c.AuthProxyHeader, " :") {
			bad("AUTH_PROXY_HEADER", "want a header name such as X-Forwarded-Email, got %q", c.AuthProxyHeader)
		}
	default:
		bad("AUTH_MODE", "want none, oidc or proxy, got %q", c.AuthMode)
	}
	if c.SessionTTL < time.Minute {
		bad("SESSION_TTL", "want a duration of at least a minute such as 12h, got %s", c.SessionTTL)
	}
	return errs
}
