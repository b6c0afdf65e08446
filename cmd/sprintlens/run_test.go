package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestUsageAndExitCodes(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{nil, 2, "Usage: sprintlens"},
		{[]string{"frobnicate"}, 2, "Usage: sprintlens"},
		{[]string{"version", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, "unexpected arguments"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, envMap(nil), &out, &errOut)
		code, ok := exitCode(err)
		if !ok || code != tt.wantCode {
			t.Errorf("%v: err %v, code %d, want %d", tt.args, err, code, tt.wantCode)
		}
		if !strings.Contains(errOut.String()+err.Error(), tt.wantOut) {
			t.Errorf("%v: output %q lacks %q", tt.args, errOut.String(), tt.wantOut)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, envMap(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	for name := range commands() {
		if !strings.Contains(out.String(), name) {
			t.Errorf("help does not list %q", name)
		}
	}
}

func TestConfigCommandRedacts(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"config"}, envMap(map[string]string{
		"TRACKER_TOKEN": "abcdef123456", "DATABASE_URL": "postgres://u:pw1234@h/db",
	}), &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "abcdef123456") || strings.Contains(out.String(), "pw1234") {
		t.Fatalf("config leaks a secret:\n%s", out.String())
	}
	err = run(context.Background(), []string{"config"}, envMap(map[string]string{"LOG_FORMAT": "yaml"}), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "LOG_FORMAT") {
		t.Fatalf("bad value error = %v", err)
	}
}

func TestServeRefusesSchemaBehind(t *testing.T) {
	ctx := context.Background()
	url, drop, err := pgtest.CreateDatabase(ctx, "slcmd")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	var out bytes.Buffer
	err = run(ctx, []string{"serve"}, envMap(map[string]string{"DATABASE_URL": url, "RUN_MIGRATIONS": "false", "LISTEN_ADDR": "127.0.0.1:0"}), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "sprintlens migrate") {
		t.Fatalf("serve on an unmigrated database: %v", err)
	}
	if err := run(ctx, []string{"migrate"}, envMap(map[string]string{"DATABASE_URL": url}), &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "schema version") {
		t.Fatalf("migrate output: %q", out.String())
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeShutsDownGracefully(t *testing.T) {
	pgtest.Pool(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve"}, envMap(map[string]string{"DATABASE_URL": pgtest.URL(), "LISTEN_ADDR": addr}), &logs, &logs)
	}()
	url := fmt.Sprintf("http://%s/readyz", addr)
	var res *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if res, err = http.Get(url); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server never came up: %v\n%s", err, logs.String())
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("readyz = %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after the signal")
	}
	if _, err := http.Get(url); err == nil {
		t.Fatal("server still answers after shutdown")
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no shutdown log:\n%s", logs.String())
	}
}
