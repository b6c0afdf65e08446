package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func appVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment is what every subcommand gets: the process's inputs and outputs.
type environment struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the web server and the schedulers", cmdServe},
		"migrate": {"apply database migrations and print the schema version", cmdMigrate},
		"digest":  {"post the Slack digest now (--dry-run prints it)", cmdDigest},
		"import":  {"import a Pivotal Tracker CSV export into a project", cmdImport},
		"sync":    {"sync Tracker projects once: sync [--project ID] [--full]", cmdSync},
		"sim":     {"run a simulated Tracker API v5 server and print how to sync it", cmdSim},
		"demo":    {"create the database if needed, migrate and serve the demo", cmdDemo},
		"config":  {"print the effective configuration, secrets redacted", cmdConfig},
		"bench":   {"measure sync, pages and memory against baselines (see README)", cmdBench},
		"version": {"print the version", cmdVersion},
		"help":    {"show this help", nil},
	}
}

// usageError makes main exit with status 2 after printing usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) (int, bool) {
	var ue usageError
	if errors.As(err, &ue) {
		return 2, true
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0, true
	}
	return 0, false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: sprintlens <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Configuration comes from environment variables; `sprintlens config` shows them.")
}

// run dispatches to a subcommand. It is main without the process: tests
// call it with their own args, environment and writers.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	env := &environment{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return usageError{"no command given"}
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands()[name]
	if !ok || cmd.run == nil {
		usage(stderr)
		return usageError{fmt.Sprintf("unknown command %q", name)}
	}
	return cmd.run(ctx, env, args[1:])
}

// parseFlags parses a subcommand's flags, turning a bad flag into a usage
// error (exit 2) after printing the flag set's usage.
func parseFlags(fs *flag.FlagSet, env *environment, args []string) error {
	fs.SetOutput(env.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{"unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	return nil
}

func cmdVersion(_ context.Context, env *environment, args []string) error {
	if err := parseFlags(flag.NewFlagSet("version", flag.ContinueOnError), env, args); err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, "sprintlens", appVersion())
	return nil
}
