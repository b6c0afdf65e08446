package postgres_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func hashOf(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func TestSignInFirstUserIsAdmin(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)

	// The local user of AUTH_MODE=none exists before anyone signs in and
	// must not take the first-admin place.
	local, err := st.EnsureLocalUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if local.Role != sprintlens.RoleAdmin || !local.IsLocal() {
		t.Fatalf("local user = %+v", local)
	}
	first, err := st.SignIn(ctx, "aiko@example.com", "Aiko")
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.SignIn(ctx, "ken@example.com", "")
	if err != nil {
		t.Fatal(err)
	}
	if first.Role != sprintlens.RoleAdmin || second.Role != sprintlens.RoleViewer {
		t.Fatalf("roles: first %s, second %s", first.Role, second.Role)
	}
	again, err := st.SignIn(ctx, "aiko@example.com", "")
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Name != "Aiko" || again.Role != sprintlens.RoleAdmin {
		t.Errorf("second sign-in changed the user: %+v", again)
	}
	users, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[0].Email != "aiko@example.com" || users[1].Email != "ken@example.com" {
		t.Errorf("Users() = %+v, want aiko then ken and no local user", users)
	}
	if _, err := st.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown email: %v", err)
	}
}

func TestConcurrentFirstSignInsMakeOneAdmin(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.SignIn(ctx, fmt.Sprintf("sre%d@example.com", i), "")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	users, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admins := 0
	for _, u := range users {
		if u.Role == sprintlens.RoleAdmin {
			admins++
		}
	}
	if len(users) != 6 || admins != 1 {
		t.Fatalf("%d users, %d admins; want 6 and 1", len(users), admins)
	}
}

func TestSetUserRoleKeepsAnAdmin(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	local, _ := st.EnsureLocalUser(ctx)
	admin, _ := st.SignIn(ctx, "aiko@example.com", "")
	ken, _ := st.SignIn(ctx, "ken@example.com", "")

	if _, err := st.SetUserRole(ctx, admin.ID, sprintlens.RoleMember); !errors.Is(err, sprintlens.ErrConflict) {
		t.Fatalf("demoting the only admin (the local user does not count): %v", err)
	}
	if _, err := st.SetUserRole(ctx, local.ID, sprintlens.RoleViewer); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("changing the local user: %v", err)
	}
	if _, err := st.SetUserRole(ctx, ken.ID, "owner"); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("unknown role: %v", err)
	}
	if _, err := st.SetUserRole(ctx, 999999, sprintlens.RoleMember); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	got, err := st.SetUserRole(ctx, ken.ID, sprintlens.RoleAdmin)
	if err != nil || got.Role != sprintlens.RoleAdmin {
		t.Fatalf("promote: %+v %v", got, err)
	}
	got, err = st.SetUserRole(ctx, admin.ID, sprintlens.RoleMember)
	if err != nil || got.Role != sprintlens.RoleMember {
		t.Fatalf("demote with another admin left: %+v %v", got, err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	pool := pgtest.Pool(t) // the store's database, for direct checks
	u, _ := st.SignIn(ctx, "aiko@example.com", "Aiko")
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if err := st.CreateSession(ctx, hashOf("old"), u.ID, now.Add(-13*time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, hashOf("live"), u.ID, now, now.Add(12*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := st.SessionUser(ctx, hashOf("live"), now.Add(time.Hour))
	if err != nil || got.ID != u.ID || got.Role != sprintlens.RoleAdmin {
		t.Fatalf("live session: %+v %v", got, err)
	}
	if _, err := st.SessionUser(ctx, hashOf("live"), now.Add(12*time.Hour)); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("a session at its expiry must be gone: %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
		t.Errorf("expired sessions should be cleared at the next sign-in: %d rows (%v)", n, err)
	}
	if err := st.DeleteSession(ctx, hashOf("live")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SessionUser(ctx, hashOf("live"), now); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("signed-out session still works: %v", err)
	}
	if err := st.DeleteSession(ctx, hashOf("never")); err != nil {
		t.Errorf("signing out twice: %v", err)
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	admin, _ := st.SignIn(ctx, "aiko@example.com", "")
	ken, _ := st.SignIn(ctx, "ken@example.com", "")
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

	tok, err := st.CreateToken(ctx, ken.ID, "ci digest", "slt_abcd", hashOf("secret-ken"), now)
	if err != nil {
		t.Fatal(err)
	}
	if tok.OwnerEmail != "ken@example.com" || tok.Prefix != "slt_abcd" || tok.Revoked() {
		t.Errorf("created token = %+v", tok)
	}
	if _, err := st.CreateToken(ctx, admin.ID, "dup", "slt_abcd", hashOf("secret-ken"), now); !errors.Is(err, sprintlens.ErrConflict) {
		t.Errorf("duplicate hash: %v", err)
	}
	u, got, err := st.TokenUser(ctx, hashOf("secret-ken"), now.Add(time.Minute*5))
	if err != nil || u.ID != ken.ID || u.Role != sprintlens.RoleViewer || got.ID != tok.ID {
		t.Fatalf("token user: %+v %+v %v", u, got, err)
	}
	// The token acts with the owner's role as it is now.
	if _, err := st.SetUserRole(ctx, ken.ID, sprintlens.RoleMember); err != nil {
		t.Fatal(err)
	}
	u, got, _ = st.TokenUser(ctx, hashOf("secret-ken"), now.Add(time.Minute*10))
	if u.Role != sprintlens.RoleMember || got.LastUsedAt == nil || !got.LastUsedAt.Equal(now.Add(5*time.Minute)) {
		t.Errorf("after promotion: role %s, last used %v", u.Role, got.LastUsedAt)
	}

	if _, err := st.CreateToken(ctx, admin.ID, "admin script", "slt_efgh", hashOf("secret-admin"), now); err != nil {
		t.Fatal(err)
	}
	mine, _ := st.Tokens(ctx, ken.ID)
	all, _ := st.Tokens(ctx, 0)
	if len(mine) != 1 || len(all) != 2 {
		t.Errorf("Tokens: ken %d, all %d", len(mine), len(all))
	}
	if err := st.RevokeToken(ctx, tok.ID, admin.ID, now); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("revoking someone else's token as its non-owner: %v", err)
	}
	if err := st.RevokeToken(ctx, tok.ID, ken.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.TokenUser(ctx, hashOf("secret-ken"), now.Add(2*time.Hour)); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("revoked token still works: %v", err)
	}
	if err := st.RevokeToken(ctx, tok.ID, 0, now.Add(3*time.Hour)); err != nil {
		t.Errorf("admin revoking again: %v", err)
	}
	mine, _ = st.Tokens(ctx, ken.ID)
	if len(mine) != 1 || mine[0].RevokedAt == nil || !mine[0].RevokedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("revoked token listing: %+v", mine)
	}
}
