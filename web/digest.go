package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/slack"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// DigestService previews and sends digests (*slack.Job).
type DigestService interface {
	Preview(ctx context.Context, pid int64) (sprintlens.Digest, slack.Payload, error)
	SendProject(ctx context.Context, pid int64, trigger sprintlens.DigestTrigger) (sprintlens.DigestSend, error)
	// WebhookFor is the webhook URL a project's digest goes to ("" for
	// none). Handlers show its host only.
	WebhookFor(ctx context.Context, pid int64) (string, error)
	DefaultWebhookHost() string
}

// DigestLog reads the send records and keeps projects' own webhooks.
type DigestLog interface {
	RecentDigestSends(ctx context.Context, limit int) ([]sprintlens.DigestSend, error)
	DigestWebhooks(ctx context.Context) ([]sprintlens.DigestWebhook, error)
	SetDigestWebhook(ctx context.Context, pid int64, webhookURL string) error
}

// recentSends is how many sends the digest page lists.
const recentSends = 50

// handleDigestIndex renders GET /digest: each project's webhook (host
// only) and the recent sends with their outcome.
func (s *Server) handleDigestIndex(c echo.Context) error {
	if s.deps.Digest == nil || s.deps.DigestLog == nil {
		return notFound("digest")
	}
	ctx := c.Request().Context()
	projects, err := s.deps.Projects.ProjectSummaries(ctx)
	if err != nil {
		return err
	}
	hooks, err := s.deps.DigestLog.DigestWebhooks(ctx)
	if err != nil {
		return err
	}
	sends, err := s.deps.DigestLog.RecentDigestSends(ctx, recentSends)
	if err != nil {
		return err
	}
	own := map[int64]string{}
	for _, h := range hooks {
		own[h.ProjectID] = h.Host
	}
	names := map[int64]string{}
	props := templates.DigestIndexProps{DefaultHost: s.deps.Digest.DefaultWebhookHost()}
	props.Highlight, _ = strconv.ParseInt(c.QueryParam("send"), 10, 64)
	for _, p := range projects {
		names[p.ID] = p.Name
		props.Projects = append(props.Projects, templates.DigestProjectRow{ID: p.ID, Name: p.Name, OwnHost: own[p.ID]})
	}
	for _, d := range sends {
		row := templates.DigestSendRow{ID: d.ID, ProjectID: d.ProjectID, ProjectName: names[d.ProjectID], Trigger: string(d.Trigger),
			StartedAt: d.StartedAt, Duration: d.FinishedAt.Sub(d.StartedAt), WebhookHost: d.WebhookHost, Status: d.Status,
			Attempts: d.Attempts, OK: d.OK, Response: d.Response, Error: d.Error}
		if row.ProjectName == "" && d.ProjectID != 0 {
			row.ProjectName = "#" + strconv.FormatInt(d.ProjectID, 10)
		}
		if d.SnapshotID != "" {
			row.SnapshotURL = "/s/" + d.SnapshotID
		}
		props.Sends = append(props.Sends, row)
	}
	title := i18n.T(ctx, "digest.title")
	return s.render(c, http.StatusOK, templates.DigestIndex(s.page(c, title, ""), props))
}

// handleDigestPreview renders GET /digest/preview?project=ID: the next
// digest drawn as HTML beside its JSON payload, with a "send test" button.
func (s *Server) handleDigestPreview(c echo.Context) error {
	if s.deps.Digest == nil {
		return notFound("digest")
	}
	pid, err := strconv.ParseInt(c.QueryParam("project"), 10, 64)
	if err != nil || pid <= 0 {
		return sprintlens.Invalid("project", "want a project id, as in /digest/preview?project=2600001")
	}
	ctx := c.Request().Context()
	d, payload, err := s.deps.Digest.Preview(ctx, pid)
	if err != nil {
		return err
	}
	msg, err := digestMessage(payload)
	if err != nil {
		return err
	}
	props := templates.DigestPreviewProps{ProjectID: pid, ProjectName: d.ProjectName, Message: msg}
	if err := slack.Validate(payload); err != nil {
		props.Problems = problemLines(err)
	}
	hook, err := s.deps.Digest.WebhookFor(ctx, pid)
	if err != nil {
		return err
	}
	if hook != "" {
		props.WebhookHost = slack.WebhookHost(hook)
	}
	title := i18n.T(ctx, "digest.preview_title", map[string]any{"Project": d.ProjectName})
	p := s.page(c, title, "")
	p.ProjectID = pid
	return s.render(c, http.StatusOK, templates.DigestPreview(p, props))
}

// handleDigestTest answers POST /digest/test (form: project, _csrf): it
// sends the project's digest now and shows the recorded send. A send that
// Slack refused is still a recorded send, so it redirects too.
func (s *Server) handleDigestTest(c echo.Context) error {
	if s.deps.Digest == nil {
		return notFound("digest")
	}
	pid, err := strconv.ParseInt(c.FormValue("project"), 10, 64)
	if err != nil || pid <= 0 {
		return sprintlens.Invalid("project", "want a project id")
	}
	rec, err := s.deps.Digest.SendProject(c.Request().Context(), pid, sprintlens.TriggerTest)
	if rec.ID == 0 && err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/digest?send="+strconv.FormatInt(rec.ID, 10))
}

// handleDigestWebhook answers POST /digest/webhook (form: project, url,
// _csrf): it sets or, with an empty url, removes a project's own webhook.
func (s *Server) handleDigestWebhook(c echo.Context) error {
	if s.deps.DigestLog == nil {
		return notFound("digest")
	}
	pid, err := strconv.ParseInt(c.FormValue("project"), 10, 64)
	if err != nil || pid <= 0 {
		return sprintlens.Invalid("project", "want a project id")
	}
	if err := s.deps.DigestLog.SetDigestWebhook(c.Request().Context(), pid, c.FormValue("url")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/digest")
}
