package slack

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// ProjectLister lists the projects the scheduled digest goes through.
type ProjectLister interface {
	Projects(ctx context.Context) ([]sprintlens.Project, error)
}

// WebhookSource reads a project's own webhook URL; ErrNotFound when it has
// none and the default applies.
type WebhookSource interface {
	DigestWebhookURL(ctx context.Context, pid int64) (string, error)
}

// SnapshotSaver stores a frozen digest.
type SnapshotSaver interface {
	CreateAsOfSnapshot(ctx context.Context, s sprintlens.AsOfSnapshot) error
}

// SendRecorder keeps the record of every send.
type SendRecorder interface {
	RecordDigestSend(ctx context.Context, s sprintlens.DigestSend) (int64, error)
}

// Claimer decides which replica sends a scheduled digest: true for
// exactly one caller per project within window.
type Claimer interface {
	ClaimScheduledDigest(ctx context.Context, pid int64, window time.Duration) (bool, error)
}

// Job posts each project's digest. It knows nothing of cron: Run is called
// by the scheduler, SendProject by the CLI and the "send test" button.
type Job struct {
	Projects  ProjectLister
	Assembler *Assembler
	Webhooks  WebhookSource
	// DefaultWebhook is SLACK_WEBHOOK_URL, used by projects without their own.
	DefaultWebhook string
	Snapshots      SnapshotSaver
	Sends          SendRecorder
	Sender         *Sender
	BaseURL        string
	Now            func() time.Time
	// Random feeds snapshot ids (crypto/rand.Reader).
	Random io.Reader
	Log    *slog.Logger
	// OnSent, when set, sees the record of every send SendProject tried
	// (not the projects skipped for want of a webhook), whether Slack took
	// it or not: serve counts them for /metrics.
	OnSent func(sprintlens.DigestSend)
	// Claims, when set, makes Run send each project's digest from one
	// replica only: those that find it claimed within ClaimWindow skip it.
	Claims      Claimer
	ClaimWindow time.Duration
}

// NewJob returns a Job with the clock, randomness, logger and sender set
// for production; the caller fills the data sources.
func NewJob(baseURL, defaultWebhook string, log *slog.Logger) *Job {
	return &Job{BaseURL: baseURL, DefaultWebhook: defaultWebhook, Sender: NewSender(),
		Now: time.Now, Random: rand.Reader, Log: log}
}

// ErrNoWebhook means neither SLACK_WEBHOOK_URL nor the project's own
// webhook is set.
var ErrNoWebhook = sprintlens.Invalid("webhook", "no Slack webhook is set: set SLACK_WEBHOOK_URL (or _FILE) or the project's webhook on /digest")

// Run posts the digest of every project that has a webhook. One project's
// failure does not stop the others; all failures come back joined, for the
// scheduler to log (it keeps running).
func (j *Job) Run(ctx context.Context) error {
	projects, err := j.Projects.Projects(ctx)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	var errs []error
	for _, p := range projects {
		if j.Claims != nil {
			mine, err := j.Claims.ClaimScheduledDigest(ctx, p.ID, j.ClaimWindow)
			if err != nil {
				errs = append(errs, fmt.Errorf("project %d: %w", p.ID, err))
				continue
			}
			if !mine {
				j.Log.Debug("digest skipped: another replica sent it this tick", "project", p.ID)
				continue
			}
		}
		_, err := j.SendProject(ctx, p.ID, sprintlens.TriggerSchedule)
		if errors.Is(err, ErrNoWebhook) {
			j.Log.Debug("digest skipped: no webhook", "project", p.ID)
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("project %d: %w", p.ID, err))
		}
	}
	return errors.Join(errs...)
}

// WebhookFor is the URL project pid's digest goes to ("" for none).
func (j *Job) WebhookFor(ctx context.Context, pid int64) (string, error) {
	if j.Webhooks != nil {
		u, err := j.Webhooks.DigestWebhookURL(ctx, pid)
		if err == nil && u != "" {
			return u, nil
		}
		if err != nil && !errors.Is(err, sprintlens.ErrNotFound) {
			return "", fmt.Errorf("digest: webhook of project %d: %w", pid, err)
		}
	}
	return j.DefaultWebhook, nil
}

// DefaultWebhookHost is the default webhook's host, "" when unset.
func (j *Job) DefaultWebhookHost() string {
	if j.DefaultWebhook == "" {
		return ""
	}
	return WebhookHost(j.DefaultWebhook)
}

// Preview assembles and builds project pid's digest without freezing or
// sending it.
func (j *Job) Preview(ctx context.Context, pid int64) (sprintlens.Digest, Payload, error) {
	d, err := j.Assembler.Assemble(ctx, pid, j.Now())
	if err != nil {
		return d, Payload{}, err
	}
	return d, Build(d, j.BaseURL), nil
}

// SendProject freezes project pid's digest as a permalink, posts it with a
// link to that permalink, and records the send whatever happens. The
// returned record says what Slack answered.
func (j *Job) SendProject(ctx context.Context, pid int64, trigger sprintlens.DigestTrigger) (sprintlens.DigestSend, error) {
	webhook, err := j.WebhookFor(ctx, pid)
	if err != nil {
		return sprintlens.DigestSend{}, err
	}
	if webhook == "" {
		return sprintlens.DigestSend{}, ErrNoWebhook
	}
	rec := sprintlens.DigestSend{ProjectID: pid, Trigger: trigger, StartedAt: j.Now(), WebhookHost: WebhookHost(webhook)}
	sendErr := j.send(ctx, pid, webhook, &rec)
	rec.FinishedAt = j.Now()
	rec.OK = sendErr == nil
	if sendErr != nil {
		rec.Error = sendErr.Error()
	}
	// The record must land even when the run's deadline is what failed it.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if j.OnSent != nil {
		defer func() { j.OnSent(rec) }()
	}
	id, err := j.Sends.RecordDigestSend(recCtx, rec)
	if err != nil {
		return rec, errors.Join(sendErr, fmt.Errorf("digest: record send: %w", err))
	}
	rec.ID = id
	log := j.Log.With("project", pid, "trigger", trigger, "webhook_host", rec.WebhookHost, "attempts", rec.Attempts, "status", rec.Status)
	if sendErr != nil {
		log.Warn("digest not sent", "error", sendErr)
		return rec, sendErr
	}
	log.Info("digest sent", "snapshot", rec.SnapshotID)
	return rec, nil
}

// send does the work between the record's start and end, filling rec.
func (j *Job) send(ctx context.Context, pid int64, webhook string, rec *sprintlens.DigestSend) error {
	d, err := j.Assembler.Assemble(ctx, pid, j.Now())
	if err != nil {
		return err
	}
	id, err := sprintlens.NewSnapshotID(j.Random)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	d.Links.AsSent = "/s/" + id
	p := Build(d, j.BaseURL)
	if err := Validate(p); err != nil {
		return err
	}
	body, err := Encode(p, false)
	if err != nil {
		return err
	}
	snap, err := sprintlens.NewDigestSnapshot(id, d, body, j.Now())
	if err != nil {
		return err
	}
	// Freeze first: the message links to the snapshot, which must exist
	// by the time anyone clicks.
	if err := j.Snapshots.CreateAsOfSnapshot(ctx, snap); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	rec.SnapshotID = id
	res, err := j.Sender.Send(ctx, webhook, p)
	rec.Status, rec.Response, rec.Attempts = res.Status, res.Response, res.Attempts
	return err
}
