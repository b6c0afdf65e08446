package sprintlens

import (
	"strings"
	"time"
)

// Role is what a signed-in user may do. Roles are ordered: each one can do
// everything the roles below it can.
type Role string

// Roles, lowest first.
const (
	// RoleViewer reads every page and the read API.
	RoleViewer Role = "viewer"
	// RoleMember also checks in key results, dismisses warnings and starts a sync.
	RoleMember Role = "member"
	// RoleAdmin also manages projects, settings, imports, webhooks, API tokens and users.
	RoleAdmin Role = "admin"
)

// Roles lists the roles lowest first, for pickers.
var Roles = []Role{RoleViewer, RoleMember, RoleAdmin}

// ParseRole accepts exactly one of the role names.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if r.Rank() == 0 {
		return "", Invalid("role", "want viewer, member or admin")
	}
	return r, nil
}

// Rank orders the roles: viewer 1, member 2, admin 3, anything else 0.
func (r Role) Rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleMember:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// AtLeast reports whether r may do what min may do. An unknown role may
// do nothing, not even what an unknown minimum asks.
func (r Role) AtLeast(min Role) bool {
	return r.Rank() > 0 && r.Rank() >= min.Rank()
}

// LocalUserEmail names the built-in user every request acts as when
// sign-in is off (AUTH_MODE=none). It is not an address, so no identity
// provider or proxy can ever sign in as it.
const LocalUserEmail = "local"

// User is someone who signed in (or the built-in local user).
type User struct {
	ID int64
	// Email is lower-case and unique; it is how a user is recognised at sign-in.
	Email string
	// Name is what the identity provider calls the user (may be empty).
	Name       string
	Role       Role
	CreatedAt  time.Time
	LastSeenAt *time.Time
}

// Label is how pages and "who did this" records name the user.
func (u User) Label() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// IsLocal reports whether u is the built-in local user of AUTH_MODE=none.
func (u User) IsLocal() bool { return u.Email == LocalUserEmail }

// NormalizeEmail lower-cases and trims an address and checks it has the
// shape local@domain, so two spellings of one address are one user.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n<>,;\"") || len(e) > 254 {
		return "", Invalid("email", "want an address such as ken@example.com")
	}
	return e, nil
}

// EmailDomain is the part after the last @ ("" when there is none).
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return email[at+1:]
}

// APIToken is a credential for /api/v1, acting with its owner's current
// role. Only a hash of the secret is stored; Prefix lets people tell
// tokens apart without it.
type APIToken struct {
	ID     int64
	UserID int64
	// OwnerEmail is filled when tokens are listed across users.
	OwnerEmail string
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Revoked reports whether the token no longer works.
func (t APIToken) Revoked() bool { return t.RevokedAt != nil }
