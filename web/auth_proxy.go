package web

import (
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// peerAddr is the address of whoever opened the TCP connection: the proxy
// itself when there is one. Headers such as X-Forwarded-For say nothing
// about it, which is the point.
func peerAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}

func (s *Server) fromTrustedProxy(r *http.Request) bool {
	peer, ok := peerAddr(r)
	if !ok {
		return false
	}
	for _, p := range s.cfg.Auth.TrustedProxies {
		if p.Contains(peer) {
			return true
		}
	}
	return false
}

// identifyProxy believes the identity header only when the connection
// comes from a trusted proxy; from anyone else the header is ignored and
// logged, since it is what an attacker would forge. A first visit
// creates the user (the very first becomes admin), like an OIDC sign-in.
func (s *Server) identifyProxy(c echo.Context) (*identity, error) {
	r := c.Request()
	raw := r.Header.Get(s.cfg.Auth.ProxyHeader)
	if raw == "" {
		return nil, nil
	}
	if !s.fromTrustedProxy(r) {
		s.cfg.Logger.Warn("ignoring identity header from an untrusted address",
			"request_id", requestID(c), "header", s.cfg.Auth.ProxyHeader, "remote", r.RemoteAddr)
		return nil, nil
	}
	email, err := sprintlens.NormalizeEmail(raw)
	if err != nil {
		s.cfg.Logger.Warn("ignoring identity header that is not an email address",
			"request_id", requestID(c), "header", s.cfg.Auth.ProxyHeader)
		return nil, nil
	}
	ctx := r.Context()
	u, err := s.deps.Users.UserByEmail(ctx, email)
	// Record a visit at most hourly rather than writing on every request.
	isNew := errIsNotFound(err)
	if isNew || (err == nil && (u.LastSeenAt == nil || s.cfg.Now().Sub(*u.LastSeenAt) > time.Hour)) {
		u, err = s.deps.Users.SignIn(ctx, email, "")
		if err == nil && isNew {
			s.cfg.Logger.Info("new user", "request_id", requestID(c), "user", u.Email, "role", string(u.Role), "via", "proxy")
		}
	}
	if err != nil {
		return nil, err
	}
	return &identity{user: u, via: viaProxy}, nil
}

// ipExtractor makes c.RealIP (logs, the sign-in rate limit) believe
// X-Forwarded-For only from the trusted proxies, not from private or
// loopback addresses in general as echo would by default.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
