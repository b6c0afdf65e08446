package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestSyncLockIsExclusivePerProject(t *testing.T) {
	ctx := context.Background()
	st := postgres.NewStore(pgtest.Pool(t))
	unlock, err := st.TryLockProjectSync(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.TryLockProjectSync(ctx, 1); !errors.Is(err, sprintlens.ErrLocked) {
		t.Fatalf("second lock of project 1: %v, want ErrLocked", err)
	}
	other, err := st.TryLockProjectSync(ctx, 2)
	if err != nil {
		t.Fatalf("project 2 has its own lock: %v", err)
	}
	other()
	unlock()
	again, err := st.TryLockProjectSync(ctx, 1)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
}
