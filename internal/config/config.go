// Package config loads sprintlens's configuration from environment
// variables into one typed struct. Every value has a default, secrets may
// come from a file named by the variable's _FILE twin, and a bad value fails
// at start with the variable's name and the form it expects.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the whole of sprintlens's configuration.
type Config struct {
	DatabaseURL   string // DATABASE_URL (secret: may hold a password)
	ListenAddr    string // LISTEN_ADDR
	BaseURL       string // BASE_URL, the public URL used in links (digest, permalinks)
	LogLevel      slog.Level
	LogFormat     string // text or json
	RunMigrations bool
	// ShutdownTimeout bounds graceful shutdown of the server and running jobs.
	ShutdownTimeout time.Duration

	TrackerBaseURL  string  // TRACKER_BASE_URL, ending in /services/v5
	TrackerToken    string  // TRACKER_TOKEN (secret)
	TrackerProjects []int64 // TRACKER_PROJECTS, comma-separated ids
	SyncSchedule    string  // SYNC_SCHEDULE, cron spec
	SyncTimeout     time.Duration

	SlackWebhookURL string // SLACK_WEBHOOK_URL (secret)
	DigestSchedule  string // DIGEST_SCHEDULE, cron spec
	TimeZone        string // TIME_ZONE, the zone schedules run in
	// CheckInMaxAge is how old a key result's latest check-in may get
	// before the OKR pages mark it outdated.
	CheckInMaxAge time.Duration

	// AuthMode is how people sign in: AuthNone, AuthOIDC or AuthProxy.
	AuthMode string
	// AuthAllowAnonymous permits AUTH_MODE=none on a non-loopback address.
	AuthAllowAnonymous bool
	OIDCIssuer         string   // OIDC_ISSUER
	OIDCClientID       string   // OIDC_CLIENT_ID
	OIDCClientSecret   string   // OIDC_CLIENT_SECRET (secret)
	OIDCAllowedDomains []string // OIDC_ALLOWED_DOMAINS, lower-case; "*" accepts any
	// AuthProxyHeader carries the signed-in address in AUTH_MODE=proxy.
	AuthProxyHeader string
	// AuthProxyTrusted are the reverse proxies whose identity header and
	// X-Forwarded-For are believed.
	AuthProxyTrusted []netip.Prefix
	SessionTTL       time.Duration
}

// Sign-in modes (AUTH_MODE).
const (
	AuthNone  = "none"
	AuthOIDC  = "oidc"
	AuthProxy = "proxy"
)

// DefaultDatabaseURL is the local PostgreSQL with the sprintlens database.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/sprintlens?sslmode=disable"

// Var describes one environment variable: the README table and `sprintlens
// config` are built from this list, so it is the single source of truth.
type Var struct {
	Name    string
	Default string
	Secret  bool
	Help    string
}

// Vars lists every variable sprintlens reads.
var Vars = []Var{
	{"DATABASE_URL", DefaultDatabaseURL, true, "PostgreSQL connection URL"},
	{"LISTEN_ADDR", "127.0.0.1:8080", false, "host:port the web server listens on"},
	{"BASE_URL", "http://<LISTEN_ADDR>", false, "public URL of sprintlens, used in links"},
	{"LOG_LEVEL", "info", false, "debug, info, warn or error"},
	{"LOG_FORMAT", "text", false, "text or json"},
	{"RUN_MIGRATIONS", "true", false, "apply migrations at start-up"},
	{"SHUTDOWN_TIMEOUT", "15s", false, "how long graceful shutdown waits"},
	{"TRACKER_BASE_URL", "", false, "Tracker API v5 base URL ending in /services/v5"},
	{"TRACKER_TOKEN", "", true, "Tracker API token, sent as X-TrackerToken"},
	{"TRACKER_PROJECTS", "", false, "comma-separated Tracker project ids to sync"},
	{"SYNC_SCHEDULE", "*/15 * * * *", false, "cron spec for the syncer"},
	{"SYNC_TIMEOUT", "10m", false, "upper bound for one sync run"},
	{"SLACK_WEBHOOK_URL", "", true, "Slack incoming webhook for the digest"},
	{"DIGEST_SCHEDULE", "0 9 * * 1", false, "cron spec for the Slack digest"},
	{"TIME_ZONE", "Asia/Tokyo", false, "time zone the schedules run in"},
	{"CHECKIN_MAX_AGE", "168h", false, "a key result without a check-in for longer is outdated"},
	{"AUTH_MODE", "none", false, "none, oidc or proxy"},
	{"AUTH_ALLOW_ANONYMOUS", "false", false, "allow AUTH_MODE=none on a non-loopback LISTEN_ADDR"},
	{"OIDC_ISSUER", "", false, "OpenID Connect issuer URL"},
	{"OIDC_CLIENT_ID", "", false, "OpenID Connect client id"},
	{"OIDC_CLIENT_SECRET", "", true, "OpenID Connect client secret"},
	{"OIDC_ALLOWED_DOMAINS", "", false, "comma-separated email domains allowed to sign in, or *"},
	{"AUTH_PROXY_HEADER", "X-Forwarded-Email", false, "header carrying the signed-in address in proxy mode"},
	{"AUTH_PROXY_TRUSTED", "", false, "comma-separated IPs or CIDRs of the reverse proxy"},
	{"SESSION_TTL", "12h", false, "how long a sign-in lasts"},
}

// Load reads the configuration through getenv (os.Getenv in production, a
// map in tests) and validates it. Secrets named in *_FILE are read from disk.
func Load(getenv func(string) string) (Config, error) {
	l := loader{getenv: getenv}
	c := Config{
		DatabaseURL:     l.secret("DATABASE_URL", DefaultDatabaseURL),
		ListenAddr:      l.str("LISTEN_ADDR", "127.0.0.1:8080"),
		LogFormat:       l.str("LOG_FORMAT", "text"),
		RunMigrations:   l.boolean("RUN_MIGRATIONS", true),
		ShutdownTimeout: l.duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		TrackerBaseURL:  l.str("TRACKER_BASE_URL", ""),
		TrackerToken:    l.secret("TRACKER_TOKEN", ""),
		TrackerProjects: l.ids("TRACKER_PROJECTS"),
		SyncSchedule:    l.str("SYNC_SCHEDULE", "*/15 * * * *"),
		SyncTimeout:     l.duration("SYNC_TIMEOUT", 10*time.Minute),
		SlackWebhookURL: l.secret("SLACK_WEBHOOK_URL", ""),
		DigestSchedule:  l.str("DIGEST_SCHEDULE", "0 9 * * 1"),
		TimeZone:        l.str("TIME_ZONE", "Asia/Tokyo"),
		CheckInMaxAge:   l.duration("CHECKIN_MAX_AGE", 7*24*time.Hour),

		AuthMode:           strings.ToLower(l.str("AUTH_MODE", AuthNone)),
		AuthAllowAnonymous: l.boolean("AUTH_ALLOW_ANONYMOUS", false),
		OIDCIssuer:         strings.TrimRight(l.str("OIDC_ISSUER", ""), "/"),
		OIDCClientID:       l.str("OIDC_CLIENT_ID", ""),
		OIDCClientSecret:   l.secret("OIDC_CLIENT_SECRET", ""),
		OIDCAllowedDomains: l.list("OIDC_ALLOWED_DOMAINS"),
		AuthProxyHeader:    l.str("AUTH_PROXY_HEADER", "X-Forwarded-Email"),
		AuthProxyTrusted:   l.prefixes("AUTH_PROXY_TRUSTED"),
		SessionTTL:         l.duration("SESSION_TTL", 12*time.Hour),
	}
	c.LogLevel = l.level("LOG_LEVEL")
	c.BaseURL = strings.TrimRight(l.str("BASE_URL", "http://"+c.ListenAddr), "/")
	if err := errors.Join(l.errs...); err != nil {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks the values that depend on each other or on a format.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		bad("DATABASE_URL", "want a URL like postgres://user@host:5432/dbname")
	}
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		bad("LISTEN_ADDR", "want host:port such as 127.0.0.1:8080, got %q", c.ListenAddr)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("BASE_URL", "want an absolute http(s) URL such as https://sprintlens.example.com, got %q", c.BaseURL)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LOG_FORMAT", "want text or json, got %q", c.LogFormat)
	}
	if c.TrackerBaseURL != "" {
		u, err := url.Parse(c.TrackerBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/services/v5") {
			bad("TRACKER_BASE_URL", "want an http(s) URL ending in /services/v5, got %q", c.TrackerBaseURL)
		}
	}
	if c.SlackWebhookURL != "" {
		if u, err := url.Parse(c.SlackWebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			bad("SLACK_WEBHOOK_URL", "want an http(s) URL")
		}
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		bad("TIME_ZONE", "want an Olson time zone name such as Asia/Tokyo, got %q", c.TimeZone)
	}
	for name, spec := range map[string]string{"SYNC_SCHEDULE": c.SyncSchedule, "DIGEST_SCHEDULE": c.DigestSchedule} {
		if len(strings.Fields(spec)) != 5 && !strings.HasPrefix(spec, "@") {
			bad(name, "want a 5-field cron spec such as \"*/15 * * * *\" or @every 15m, got %q", spec)
		}
	}
	if c.ShutdownTimeout <= 0 {
		bad("SHUTDOWN_TIMEOUT", "want a positive duration such as 15s")
	}
	if c.CheckInMaxAge <= 0 {
		bad("CHECKIN_MAX_AGE", "want a positive duration such as 168h (7 days)")
	}
	if c.SyncTimeout <= 0 {
		bad("SYNC_TIMEOUT", "want a positive duration such as 10m")
	}
	errs = append(errs, c.validateAuth()...)
	return errors.Join(errs...)
}

// ListensOnLoopback reports whether LISTEN_ADDR binds only to loopback.
func (c Config) ListensOnLoopback() bool {
	host, _, err := net.SplitHostPort(c.ListenAddr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type loader struct {
	getenv func(string) string
	errs   []error
}

func (l *loader) str(name, def string) string {
	if v := strings.TrimSpace(l.getenv(name)); v != "" {
		return v
	}
	return def
}

// secret reads NAME, or the file NAME_FILE points to; setting both is an error.
func (l *loader) secret(name, def string) string {
	v, file := l.getenv(name), l.getenv(name+"_FILE")
	if v != "" && file != "" {
		l.errs = append(l.errs, fmt.Errorf("%s and %s_FILE: set one, not both", name, name))
		return def
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			l.errs = append(l.errs, fmt.Errorf("%s_FILE: cannot read secret file: %w", name, err))
			return def
		}
		return strings.TrimSpace(string(b))
	}
	if v != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (l *loader) boolean(name string, def bool) bool {
	v := l.getenv(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		l.errs = append(l.errs, fmt.Errorf("%s: want true or false (or 1/0), got %q", name, v))
		return def
	}
	return b
}

func (l *loader) duration(name string, def time.Duration) time.Duration {
	v := l.getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		l.errs = append(l.errs, fmt.Errorf("%s: want a duration such as 30s or 5m, got %q", name, v))
		return def
	}
	return d
}

func (l *loader) level(name string) slog.Level {
	var lv slog.Level
	v := l.getenv(name)
	if v == "" {
		return slog.LevelInfo
	}
	if err := lv.UnmarshalText([]byte(strings.TrimSpace(v))); err != nil {
		l.errs = append(l.errs, fmt.Errorf("%s: want debug, info, warn or error, got %q", name, v))
		return slog.LevelInfo
	}
	return lv
}

// list reads comma-separated values, trimmed, lower-cased, empties dropped.
func (l *loader) list(name string) []string {
	var out []string
	for _, part := range strings.Split(l.getenv(name), ",") {
		if part = strings.ToLower(strings.TrimSpace(part)); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// prefixes reads comma-separated IP addresses and CIDR ranges; a bare
// address is a range of one.
func (l *loader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, part := range l.list(name) {
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			l.errs = append(l.errs, fmt.Errorf("%s: want comma-separated IPs or CIDRs such as 10.0.0.0/8,127.0.0.1, got %q", name, part))
			continue
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

func (l *loader) ids(name string) []int64 {
	v := strings.TrimSpace(l.getenv(name))
	if v == "" {
		return nil
	}
	var out []int64
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 {
			l.errs = append(l.errs, fmt.Errorf("%s: want comma-separated positive project ids such as 2600001,2600002, got %q", name, part))
			continue
		}
		out = append(out, id)
	}
	return out
}
