package sprintlens

import "time"

// DigestTrigger says what started a digest send.
type DigestTrigger string

// Digest triggers.
const (
	TriggerSchedule DigestTrigger = "schedule" // DIGEST_SCHEDULE
	TriggerCLI      DigestTrigger = "cli"      // sprintlens digest
	TriggerTest     DigestTrigger = "test"     // the preview page's "send test"
)

// DigestSend is the record of one attempt to post a digest, successful or
// not, kept so the UI can show what was sent and why a send failed. It
// never holds the webhook URL (a secret), only its host.
type DigestSend struct {
	ID          int64
	ProjectID   int64
	Trigger     DigestTrigger
	StartedAt   time.Time
	FinishedAt  time.Time
	WebhookHost string
	// Status is the last HTTP status Slack answered (0 when none came back).
	Status   int
	Attempts int
	OK       bool
	// Response is the start of Slack's last response body ("ok", "invalid_blocks", ...).
	Response string
	Error    string
	// SnapshotID is the permalink of what was sent ("" when none was made).
	SnapshotID string
}

// DigestWebhook is a project's own webhook as pages may show it: the host
// only, because the URL is the credential.
type DigestWebhook struct {
	ProjectID int64
	Host      string
	UpdatedAt time.Time
}
