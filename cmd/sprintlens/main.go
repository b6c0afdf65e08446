// Command sprintlens syncs Pivotal Tracker data into PostgreSQL and serves
// velocity, sprint reviews, story-size warnings and OKR progress.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if code, ok := exitCode(err); ok {
			os.Exit(code)
		}
		fmt.Fprintln(os.Stderr, "sprintlens:", err)
		os.Exit(1)
	}
}
