package config

import (
	"fmt"
	"net/url"
	"strings"
)

// String prints the effective configuration, one VAR=value a line, with
// secrets redacted: passwords in DATABASE_URL, tokens, webhook URLs and
// the OIDC client secret.
func (c Config) String() string {
	var b strings.Builder
	for _, kv := range c.pairs() {
		fmt.Fprintf(&b, "%s=%s\n", kv[0], kv[1])
	}
	return b.String()
}

func (c Config) pairs() [][2]string {
	ids := make([]string, len(c.TrackerProjects))
	for i, id := range c.TrackerProjects {
		ids[i] = fmt.Sprint(id)
	}
	trusted := make([]string, len(c.AuthProxyTrusted))
	for i, p := range c.AuthProxyTrusted {
		trusted[i] = p.String()
	}
	return [][2]string{
		{"DATABASE_URL", RedactURL(c.DatabaseURL)},
		{"LISTEN_ADDR", c.ListenAddr},
		{"BASE_URL", c.BaseURL},
		{"LOG_LEVEL", strings.ToLower(c.LogLevel.String())},
		{"LOG_FORMAT", c.LogFormat},
		{"RUN_MIGRATIONS", fmt.Sprint(c.RunMigrations)},
		{"SHUTDOWN_TIMEOUT", c.ShutdownTimeout.String()},
		{"TRACKER_BASE_URL", c.TrackerBaseURL},
		{"TRACKER_TOKEN", redact(c.TrackerToken)},
		{"TRACKER_PROJECTS", strings.Join(ids, ",")},
		{"SYNC_SCHEDULE", c.SyncSchedule},
		{"SYNC_TIMEOUT", c.SyncTimeout.String()},
		{"SLACK_WEBHOOK_URL", redact(c.SlackWebhookURL)},
		{"DIGEST_SCHEDULE", c.DigestSchedule},
		{"TIME_ZONE", c.TimeZone},
		{"CHECKIN_MAX_AGE", c.CheckInMaxAge.String()},
		{"AUTH_MODE", c.AuthMode},
		{"AUTH_ALLOW_ANONYMOUS", fmt.Sprint(c.AuthAllowAnonymous)},
		{"OIDC_ISSUER", c.OIDCIssuer},
		{"OIDC_CLIENT_ID", c.OIDCClientID},
		{"OIDC_CLIENT_SECRET", redact(c.OIDCClientSecret)},
		{"OIDC_ALLOWED_DOMAINS", strings.Join(c.OIDCAllowedDomains, ",")},
		{"AUTH_PROXY_HEADER", c.AuthProxyHeader},
		{"AUTH_PROXY_TRUSTED", strings.Join(trusted, ",")},
		{"SESSION_TTL", c.SessionTTL.String()},
	}
}

func redact(s string) string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// RedactURL hides the password of a URL, keeping the rest readable.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[redacted]"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
