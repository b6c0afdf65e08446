package templates

import (
	"context"
	"math"
	"time"

	"github.com/sprintlens/sprintlens/templates/i18n"
)

// DigestIndexProps is the digest page: where digests go and how the
// recent sends went.
type DigestIndexProps struct {
	// DefaultHost is SLACK_WEBHOOK_URL's host, "" when unset.
	DefaultHost string
	Projects    []DigestProjectRow
	Sends       []DigestSendRow
	// Highlight is the send just made from this browser (0: none).
	Highlight int64
}

// DigestProjectRow is a project and where its digest goes.
type DigestProjectRow struct {
	ID   int64
	Name string
	// OwnHost is the host of the project's own webhook ("" when it uses the default).
	OwnHost string
}

// DigestSendRow is one recorded send.
type DigestSendRow struct {
	ID          int64
	ProjectID   int64
	ProjectName string
	Trigger     string
	StartedAt   time.Time
	Duration    time.Duration
	WebhookHost string
	Status      int
	Attempts    int
	OK          bool
	Response    string
	Error       string
	// SnapshotURL is the permalink of what was sent ("" when none).
	SnapshotURL string
}

// DigestMessage is a Slack message drawn as HTML: its blocks and its JSON.
type DigestMessage struct {
	Blocks   []DigestBlock
	Fallback string
	JSON     string
}

// DigestBlock is one Block Kit block; Kind is header, section, context or divider.
type DigestBlock struct {
	Kind   string
	Lines  []DigestLine
	Fields [][]DigestLine
}

// DigestLine is one line of mrkdwn text.
type DigestLine []DigestSpan

// DigestSpan is a run of text, a link when URL is set.
type DigestSpan struct {
	Text   string
	URL    string
	Bold   bool
	Italic bool
}

// DigestPreviewProps is the preview of one project's next digest.
type DigestPreviewProps struct {
	ProjectID   int64
	ProjectName string
	Message     DigestMessage
	// Problems are Slack limits the message breaks (none, unless a bug).
	Problems []string
	// WebhookHost is where "send test" posts ("" when no webhook is set).
	WebhookHost string
}

// points prints a number of points: whole numbers bare, others with one decimal.
func points(ctx context.Context, v float64) string {
	l := i18n.From(ctx)
	if v == math.Trunc(v) {
		return l.Int(int(v))
	}
	return l.Number(v, 1)
}
