package web

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// memAuth is an in-memory UserStore, SessionStore and TokenStore with the
// same rules as internal/postgres (tested there against PostgreSQL): the
// first non-local user is admin, the last admin stays, expired sessions
// and revoked tokens do not work, roles are read live.
type memAuth struct {
	mu       sync.Mutex
	users    []sprintlens.User
	sessions []memSession
	tokens   []memToken
}

type memSession struct {
	hash    []byte
	userID  int64
	expires time.Time
}

type memToken struct {
	tok  sprintlens.APIToken
	hash []byte
}

var _ interface {
	UserStore
	SessionStore
	TokenStore
} = (*memAuth)(nil)

func (m *memAuth) byID(id int64) (*sprintlens.User, bool) {
	for i := range m.users {
		if m.users[i].ID == id {
			return &m.users[i], true
		}
	}
	return nil, false
}

// add stores a user with a given role, for tests that need people ready.
func (m *memAuth) add(email, name string, role sprintlens.Role) sprintlens.User {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := sprintlens.User{ID: int64(len(m.users) + 1), Email: email, Name: name, Role: role}
	m.users = append(m.users, u)
	return u
}

func (m *memAuth) SignIn(_ context.Context, email, name string) (sprintlens.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	for i := range m.users {
		if m.users[i].Email == email {
			if name != "" {
				m.users[i].Name = name
			}
			m.users[i].LastSeenAt = &now
			return m.users[i], nil
		}
	}
	role := sprintlens.RoleAdmin
	for _, u := range m.users {
		if !u.IsLocal() {
			role = sprintlens.RoleViewer
		}
	}
	u := sprintlens.User{ID: int64(len(m.users) + 1), Email: email, Name: name, Role: role, LastSeenAt: &now}
	m.users = append(m.users, u)
	return u, nil
}

func (m *memAuth) UserByEmail(_ context.Context, email string) (sprintlens.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Email == email {
			return u, nil
		}
	}
	return sprintlens.User{}, sprintlens.ErrNotFound
}

func (m *memAuth) Users(context.Context) ([]sprintlens.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sprintlens.User
	for _, u := range m.users {
		if !u.IsLocal() {
			out = append(out, u)
		}
	}
	return out, nil
}

func (m *memAuth) SetUserRole(_ context.Context, id int64, role sprintlens.Role) (sprintlens.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.byID(id)
	if !ok {
		return sprintlens.User{}, sprintlens.ErrNotFound
	}
	admins := 0
	for _, x := range m.users {
		if x.Role == sprintlens.RoleAdmin && !x.IsLocal() {
			admins++
		}
	}
	if u.Role == sprintlens.RoleAdmin && role != sprintlens.RoleAdmin && admins <= 1 {
		return sprintlens.User{}, fmt.Errorf("%w: last admin", sprintlens.ErrConflict)
	}
	u.Role = role
	return *u, nil
}

func (m *memAuth) CreateSession(_ context.Context, hash []byte, userID int64, _, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions = append(m.sessions, memSession{hash: hash, userID: userID, expires: expires})
	return nil
}

func (m *memAuth) SessionUser(_ context.Context, hash []byte, now time.Time) (sprintlens.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.sessions {
		if bytes.Equal(s.hash, hash) && s.expires.After(now) {
			if u, ok := m.byID(s.userID); ok {
				return *u, nil
			}
		}
	}
	return sprintlens.User{}, sprintlens.ErrNotFound
}

func (m *memAuth) DeleteSession(_ context.Context, hash []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	kept := m.sessions[:0]
	for _, s := range m.sessions {
		if !bytes.Equal(s.hash, hash) {
			kept = append(kept, s)
		}
	}
	m.sessions = kept
	return nil
}

func (m *memAuth) sessionCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}

func (m *memAuth) CreateToken(_ context.Context, userID int64, name, prefix string, hash []byte, created time.Time) (sprintlens.APIToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.byID(userID)
	if !ok {
		return sprintlens.APIToken{}, sprintlens.ErrInvalid
	}
	t := sprintlens.APIToken{ID: int64(len(m.tokens) + 1), UserID: userID, OwnerEmail: u.Email, Name: name, Prefix: prefix, CreatedAt: created}
	m.tokens = append(m.tokens, memToken{tok: t, hash: hash})
	return t, nil
}

func (m *memAuth) TokenUser(_ context.Context, hash []byte, now time.Time) (sprintlens.User, sprintlens.APIToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, t := range m.tokens {
		if bytes.Equal(t.hash, hash) && t.tok.RevokedAt == nil {
			m.tokens[i].tok.LastUsedAt = &now
			u, _ := m.byID(t.tok.UserID)
			return *u, m.tokens[i].tok, nil
		}
	}
	return sprintlens.User{}, sprintlens.APIToken{}, sprintlens.ErrNotFound
}

func (m *memAuth) Tokens(_ context.Context, userID int64) ([]sprintlens.APIToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sprintlens.APIToken
	for _, t := range m.tokens {
		if userID == 0 || t.tok.UserID == userID {
			out = append(out, t.tok)
		}
	}
	return out, nil
}

func (m *memAuth) RevokeToken(_ context.Context, id, ownerID int64, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, t := range m.tokens {
		if t.tok.ID == id && (ownerID == 0 || t.tok.UserID == ownerID) {
			if t.tok.RevokedAt == nil {
				m.tokens[i].tok.RevokedAt = &now
			}
			return nil
		}
	}
	return sprintlens.ErrNotFound
}
