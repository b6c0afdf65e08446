package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// newDigestJob wires the digest job to the store. The sources are
// assigned, not type-asserted, so a store method whose signature drifts
// from the assembler's interfaces fails the build instead of silently
// dropping a section. Key results are outdated after CHECKIN_MAX_AGE, as
// on the OKR pages.
func newDigestJob(cfg config.Config, store *postgres.Store, log *slog.Logger) *slack.Job {
	job := slack.NewJob(cfg.BaseURL, cfg.SlackWebhookURL, log)
	job.Projects, job.Webhooks, job.Snapshots, job.Sends = store, store, store, store
	job.Assembler = &slack.Assembler{Projects: store, Metrics: store, Warnings: store, OKRs: store,
		CheckInMaxAge: cfg.CheckInMaxAge}
	// Every replica runs the schedule; a claim per project and tick makes
	// one of them send. Three quarters of the gap between ticks, as for the
	// syncer: more than half, so replicas offset by half a tick cannot both
	// win, and less than one, so a late tick is not lost.
	if gap, err := shortestTickGap(cfg.DigestSchedule, cfg.TimeZone, time.Now()); err == nil {
		job.Claims, job.ClaimWindow = store, gap*3/4
	} else {
		log.Warn("digest: cannot read DIGEST_SCHEDULE; replicas may each send", "error", err)
	}
	return job
}

// cmdDigest posts the Slack digest now, or with --dry-run prints the
// payload it would post (validated against Slack's limits) and sends nothing.
func cmdDigest(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("digest")
	project := fs.Int64("project", 0, "only this project's digest (default: every project with a webhook)")
	dryRun := fs.Bool("dry-run", false, "print the Block Kit payload instead of sending it")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	cfg, log, pool, err := openApp(ctx, env)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	job := newDigestJob(cfg, store, log)

	ids := []int64{*project}
	if *project == 0 {
		projects, err := store.Projects(ctx)
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, p := range projects {
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			fmt.Fprintln(env.stdout, "no projects yet: sync or import one first")
			return nil
		}
	}
	if *dryRun {
		return printDigests(ctx, env, job, ids)
	}
	var errs []error
	for _, pid := range ids {
		rec, err := job.SendProject(ctx, pid, sprintlens.TriggerCLI)
		switch {
		case errors.Is(err, slack.ErrNoWebhook) && *project == 0:
			fmt.Fprintf(env.stdout, "project %d: skipped, no webhook\n", pid)
		case err != nil:
			fmt.Fprintf(env.stdout, "project %d: not sent: %v\n", pid, err)
			errs = append(errs, fmt.Errorf("project %d: %w", pid, err))
		default:
			fmt.Fprintf(env.stdout, "project %d: sent to %s (HTTP %d, %d attempt%s) · as sent: %s/s/%s\n",
				pid, rec.WebhookHost, rec.Status, rec.Attempts, map[bool]string{true: "", false: "s"}[rec.Attempts == 1],
				strings.TrimRight(cfg.BaseURL, "/"), rec.SnapshotID)
		}
	}
	return errors.Join(errs...)
}

// printDigests writes each project's payload as indented JSON, one
// document per project, after checking it against Slack's limits.
func printDigests(ctx context.Context, env *environment, job *slack.Job, ids []int64) error {
	for _, pid := range ids {
		_, p, err := job.Preview(ctx, pid)
		if err != nil {
			return err
		}
		if err := slack.Validate(p); err != nil {
			return fmt.Errorf("project %d: the digest breaks Slack's limits: %w", pid, err)
		}
		out, err := slack.Encode(p, true)
		if err != nil {
			return err
		}
		if _, err := env.stdout.Write(out); err != nil {
			return err
		}
	}
	return nil
}
