package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/schedule"
	"github.com/sprintlens/sprintlens/templates/i18n"
	"github.com/sprintlens/sprintlens/web"
)

// authConfig turns the sign-in settings into the web server's, storing
// the local admin when sign-in is off (it owns API tokens made then).
func authConfig(ctx context.Context, cfg config.Config, store *postgres.Store, log *slog.Logger) (web.AuthConfig, error) {
	a := web.AuthConfig{
		Mode:       cfg.AuthMode,
		SessionTTL: cfg.SessionTTL,
		OIDC: web.OIDCConfig{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, ClientSecret: cfg.OIDCClientSecret,
			AllowedDomains: cfg.OIDCAllowedDomains},
		ProxyHeader:    cfg.AuthProxyHeader,
		TrustedProxies: cfg.AuthProxyTrusted,
	}
	switch cfg.AuthMode {
	case config.AuthNone:
		local, err := store.EnsureLocalUser(ctx)
		if err != nil {
			return web.AuthConfig{}, err
		}
		a.LocalUser = local
		if !cfg.ListensOnLoopback() {
			log.Warn("sign-in is off and the server is reachable from other machines: every visitor is an admin",
				"listen", cfg.ListenAddr)
		}
	case config.AuthOIDC:
		log.Info("sign-in with OpenID Connect", "issuer", cfg.OIDCIssuer, "redirect_url", cfg.BaseURL+"/auth/callback",
			"allowed_domains", strings.Join(cfg.OIDCAllowedDomains, ","))
	case config.AuthProxy:
		log.Info("sign-in by auth proxy", "header", cfg.AuthProxyHeader, "trusted", len(cfg.AuthProxyTrusted))
	}
	return a, nil
}

func newFlagSet(name string) *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }

func cmdServe(ctx context.Context, env *environment, args []string) error {
	if err := parseFlags(newFlagSet("serve"), env, args); err != nil {
		return err
	}
	cfg, log, pool, err := openApp(ctx, env)
	if err != nil {
		return err
	}
	defer pool.Close()
	return serve(ctx, cfg, log, pool, func(addr string) {
		log.Info("serving", "url", cfg.BaseURL, "listen", addr, "version", appVersion())
	})
}

// serve wires the store, web server and schedulers over an open pool,
// runs until ctx ends, then shuts down in reverse order.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, pool *pgxpool.Pool, listening func(addr string)) error {
	store := postgres.NewStore(pool)
	bundle, err := i18n.NewBundle()
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		postgres.PoolCollector(pool))
	jobs := newJobMetrics(reg)

	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return fmt.Errorf("TIME_ZONE: %w", err)
	}
	sched := schedule.New(loc, log)
	digestJob := newDigestJob(cfg, store, log)
	digestJob.OnSent = jobs.digestSent
	// A failed digest is recorded and logged by the scheduler; it never
	// stops the scheduler or the server.
	if err := sched.Add("digest", cfg.DigestSchedule, 5*time.Minute, digestJob); err != nil {
		return err
	}
	deps := web.Deps{
		Ready:    store,
		Projects: store,
		SyncRuns: store,
		Velocity: store,
		Backlog:  store,
		Cycles:   store,
		Rollup:   store,
		Warnings: store,
		Settings: store,

		StoryWarnings: store,
		Versions:      store,
		OKRs:          store,
		OKRZone:       loc,

		CheckInMaxAge:   cfg.CheckInMaxAge,
		Users:           store,
		Sessions:        store,
		Tokens:          store,
		Digest:          digestJob,
		DigestLog:       store,
		Snapshots:       store,
		SnapshotSources: store,
		Importer:        ingest.NewImporter(store, postgres.RefreshMetricsHook(time.Now)),
	}
	var syncer *ingest.Syncer
	if cfg.TrackerBaseURL != "" && cfg.TrackerToken != "" {
		if syncer, err = newSyncer(store, cfg, log, jobs.syncRunFinished); err != nil {
			return err
		}
		if err := sched.Add("sync", cfg.SyncSchedule, cfg.SyncTimeout, syncer); err != nil {
			return err
		}
		deps.Sync, deps.AddProject = syncer, syncer
	} else {
		log.Info("Tracker sync is off: set TRACKER_BASE_URL and TRACKER_TOKEN to turn it on")
	}

	auth, err := authConfig(ctx, cfg, store, log)
	if err != nil {
		return err
	}
	srv := web.New(web.Config{
		Version:       appVersion(),
		BaseURL:       cfg.BaseURL,
		Logger:        log,
		Bundle:        bundle,
		Registry:      reg,
		SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"),
		Auth:          auth,
	}, deps)

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", cfg.ListenAddr, err)
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	sched.Start()
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	if listening != nil {
		listening(ln.Addr().String())
	}

	select {
	case <-ctx.Done():
		log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http server: %w", err)
		}
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if syncer != nil {
		// Runs started with "Sync now" outlive their requests.
		if err := syncer.Shutdown(shutdownCtx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := sched.Stop(shutdownCtx); err != nil {
		errs = append(errs, err)
	}
	log.Info("stopped")
	return errors.Join(errs...)
}
