package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// SetDigestWebhook gives project pid its own Slack webhook; an empty URL
// removes it, so the default SLACK_WEBHOOK_URL applies again.
func (s *Store) SetDigestWebhook(ctx context.Context, pid int64, webhookURL string) error {
	if webhookURL == "" {
		if _, err := s.pool.Exec(ctx, `DELETE FROM digest_webhooks WHERE project_id = $1`, pid); err != nil {
			return fmt.Errorf("postgres: remove webhook of project %d: %w", pid, err)
		}
		return nil
	}
	if u, err := url.Parse(webhookURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return sprintlens.Invalid("webhook", "want an http(s) URL such as https://hooks.slack.com/services/...")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO digest_webhooks (project_id, url) VALUES ($1, $2)
		ON CONFLICT (project_id) DO UPDATE SET url = EXCLUDED.url, updated_at = now()`, pid, webhookURL)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" { // no such project
		return fmt.Errorf("postgres: webhook of project %d: %w", pid, sprintlens.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: set webhook of project %d: %w", pid, translate(err))
	}
	return nil
}

// DigestWebhookURL reads project pid's own webhook; ErrNotFound when it
// has none. Only the digest job should call it: the URL is a credential.
func (s *Store) DigestWebhookURL(ctx context.Context, pid int64) (string, error) {
	var u string
	err := s.pool.QueryRow(ctx, `SELECT url FROM digest_webhooks WHERE project_id = $1`, pid).Scan(&u)
	if err != nil {
		return "", fmt.Errorf("postgres: webhook of project %d: %w", pid, translate(err))
	}
	return u, nil
}

// DigestWebhooks lists the projects with their own webhook, by host only.
func (s *Store) DigestWebhooks(ctx context.Context) ([]sprintlens.DigestWebhook, error) {
	rows, err := s.pool.Query(ctx, `SELECT project_id, url, updated_at FROM digest_webhooks ORDER BY project_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list webhooks: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.DigestWebhook, error) {
		var w sprintlens.DigestWebhook
		var raw string
		err := r.Scan(&w.ProjectID, &raw, &w.UpdatedAt)
		if u, perr := url.Parse(raw); perr == nil {
			w.Host = u.Host
		}
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list webhooks: %w", err)
	}
	return out, nil
}

// RecordDigestSend stores the record of one send and returns its id.
func (s *Store) RecordDigestSend(ctx context.Context, d sprintlens.DigestSend) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO digest_sends (project_id, trigger, started_at, finished_at, webhook_host,
		status, attempts, ok, response, error, snapshot_id)
		VALUES (NULLIF($1, 0), $2, $3, $4, $5, $6, $7, $8, $9, $10, NULLIF($11, '')) RETURNING id`,
		d.ProjectID, string(d.Trigger), d.StartedAt, d.FinishedAt, d.WebhookHost, d.Status, d.Attempts, d.OK,
		d.Response, d.Error, d.SnapshotID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: record digest send: %w", translate(err))
	}
	return id, nil
}

// RecentDigestSends lists the newest sends first, at most limit of them.
func (s *Store) RecentDigestSends(ctx context.Context, limit int) ([]sprintlens.DigestSend, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, coalesce(project_id, 0), trigger, started_at, finished_at, webhook_host,
		status, attempts, ok, response, error, coalesce(snapshot_id, '')
		FROM digest_sends ORDER BY started_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: recent digest sends: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sprintlens.DigestSend, error) {
		var d sprintlens.DigestSend
		var trigger string
		err := r.Scan(&d.ID, &d.ProjectID, &trigger, &d.StartedAt, &d.FinishedAt, &d.WebhookHost,
			&d.Status, &d.Attempts, &d.OK, &d.Response, &d.Error, &d.SnapshotID)
		d.Trigger = sprintlens.DigestTrigger(trigger)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: recent digest sends: %w", err)
	}
	return out, nil
}
