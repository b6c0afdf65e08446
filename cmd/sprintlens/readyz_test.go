package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// proxy forwards TCP to PostgreSQL and can be cut and restored, standing
// in for a database that goes down and comes back.
type proxy struct {
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func (p *proxy) start(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	pgtest.Pool(t)
	p := &proxy{addr: "127.0.0.1:0", target: "127.0.0.1:5432"}
	p.start(t)
	dbURL := strings.Replace(pgtest.URL(), "127.0.0.1:5432", p.addr, 1)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var logs strings.Builder
	go func() {
		done <- run(ctx, []string{"serve"}, envMap(map[string]string{"DATABASE_URL": dbURL, "LISTEN_ADDR": addr, "LOG_LEVEL": "error"}), io.Discard, io.Discard)
	}()
	url := fmt.Sprintf("http://%s/readyz", addr)
	status := func() (int, string) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	waitFor := func(want int) string {
		var body string
		var code int
		for i := 0; i < 200; i++ {
			if code, body = status(); code == want {
				return body
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("readyz never answered %d (last %d %s)\n%s", want, code, body, logs.String())
		return ""
	}
	waitFor(200)
	p.cut()
	body := waitFor(503)
	if !strings.Contains(body, "reason") {
		t.Fatalf("503 without a reason: %s", body)
	}
	p.start(t) // same address: the database is back
	waitFor(200)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
