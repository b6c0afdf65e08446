package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestDigestWebhooks(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 7, Name: "SRE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DigestWebhookURL(ctx, 7); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("no webhook yet: %v", err)
	}
	const secret = "https://hooks.slack.com/services/T0/B0/s3cr3t"
	if err := st.SetDigestWebhook(ctx, 7, secret); err != nil {
		t.Fatal(err)
	}
	if err := st.SetDigestWebhook(ctx, 7, secret+"2"); err != nil { // replacing is an update
		t.Fatal(err)
	}
	if u, err := st.DigestWebhookURL(ctx, 7); err != nil || u != secret+"2" {
		t.Fatalf("webhook = %q, %v", u, err)
	}
	hooks, err := st.DigestWebhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].ProjectID != 7 || hooks[0].Host != "hooks.slack.com" {
		t.Fatalf("webhooks = %+v, %v", hooks, err)
	}
	for _, bad := range []string{"ftp://x/y", "not a url", "https://"} {
		if err := st.SetDigestWebhook(ctx, 7, bad); !errors.Is(err, sprintlens.ErrInvalid) {
			t.Errorf("SetDigestWebhook(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if err := st.SetDigestWebhook(ctx, 404, secret); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("unknown project: %v", err)
	}
	if err := st.SetDigestWebhook(ctx, 7, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DigestWebhookURL(ctx, 7); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("after removal: %v", err)
	}
}

func TestDigestSendsNewestFirst(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 7, Name: "SRE"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	snap := sprintlens.AsOfSnapshot{ID: "abcdefghijklmnopqrst", Kind: sprintlens.SnapshotDigest, ProjectID: 7, View: []byte(`{}`), CreatedAt: at}
	if err := st.CreateAsOfSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	sends := []sprintlens.DigestSend{
		{ProjectID: 7, Trigger: sprintlens.TriggerSchedule, StartedAt: at, FinishedAt: at.Add(time.Second), WebhookHost: "hooks.slack.com",
			Status: 200, Attempts: 2, OK: true, Response: "ok", SnapshotID: snap.ID},
		{ProjectID: 7, Trigger: sprintlens.TriggerTest, StartedAt: at.Add(time.Hour), FinishedAt: at.Add(time.Hour), WebhookHost: "hooks.slack.com",
			Status: 500, Attempts: 4, Response: "internal_error", Error: "slack: hooks.slack.com answered 500 after 4 attempts: internal_error"},
		{Trigger: sprintlens.TriggerCLI, StartedAt: at.Add(2 * time.Hour), FinishedAt: at.Add(2 * time.Hour), Error: "digest: not found"},
	}
	for _, s := range sends {
		if _, err := st.RecordDigestSend(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.RecentDigestSends(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Trigger != sprintlens.TriggerCLI || got[1].Status != 500 || got[1].Attempts != 4 || got[1].OK {
		t.Fatalf("recent = %+v", got)
	}
	all, _ := st.RecentDigestSends(ctx, 10)
	first := all[2]
	if !first.OK || first.SnapshotID != snap.ID || first.Response != "ok" || !first.StartedAt.Equal(at) || first.ProjectID != 7 {
		t.Fatalf("oldest = %+v", first)
	}
	if _, err := st.RecordDigestSend(ctx, sprintlens.DigestSend{Trigger: "cron", StartedAt: at, FinishedAt: at}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("unknown trigger: %v", err)
	}
}
