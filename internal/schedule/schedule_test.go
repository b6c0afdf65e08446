package schedule

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestPanicIsRecoveredAndOverlapSkipped(t *testing.T) {
	s := New(time.UTC, quiet())
	var runs, panics atomic.Int32
	release := make(chan struct{})
	if err := s.Add("slow", "@every 1s", time.Minute, JobFunc(func(ctx context.Context) error {
		runs.Add(1)
		<-release
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("boom", "@every 1s", time.Minute, JobFunc(func(ctx context.Context) error {
		panics.Add(1)
		panic("boom")
	})); err != nil {
		t.Fatal(err)
	}
	s.Start()
	deadline := time.Now().Add(5 * time.Second)
	for panics.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if panics.Load() < 2 {
		t.Fatalf("a panicking job should keep being scheduled, ran %d times", panics.Load())
	}
	if runs.Load() != 1 {
		t.Fatalf("slow job overlapped: %d concurrent runs, want 1", runs.Load())
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStopCancelsJobsAfterDeadline(t *testing.T) {
	s := New(time.UTC, quiet())
	started := make(chan struct{})
	var sawCancel atomic.Bool
	_ = s.Add("stuck", "@every 1s", time.Hour, JobFunc(func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		sawCancel.Store(true)
		return ctx.Err()
	}))
	s.Start()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := s.Stop(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop = %v, want deadline exceeded", err)
	}
	if !sawCancel.Load() {
		t.Fatal("the running job's context was not cancelled")
	}
}

func TestBadSpec(t *testing.T) {
	s := New(time.UTC, quiet())
	if err := s.Add("x", "every day", time.Second, JobFunc(func(context.Context) error { return nil })); err == nil {
		t.Fatal("want an error for a bad spec")
	}
}
