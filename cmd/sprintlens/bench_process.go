package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The memory figures come from `sprintlens serve` as its own process: the
// benchmark's process holds the generated dataset and the load generator,
// so its resident size says nothing about the server's.

// processStats is what one run of the real server measured.
type processStats struct {
	startup   time.Duration // exec to the first /readyz 200
	idleRSS   int64         // bytes, right after /readyz
	loadedRSS int64         // bytes, after every page was requested
	peakRSS   int64         // VmHWM: the most it ever held
}

// buildServer compiles cmd/sprintlens as `make build` does into dir. When
// there is no Go toolchain or module here it falls back to this very
// executable, which is sprintlens too (how reports it).
func buildServer(ctx context.Context, dir string) (path, how string, err error) {
	out := filepath.Join(dir, "sprintlens")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out,
		"github.com/sprintlens/sprintlens/cmd/sprintlens")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	msg, buildErr := cmd.CombinedOutput()
	if buildErr == nil {
		return out, "go build -trimpath -ldflags '-s -w'", nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", "", fmt.Errorf("bench: build the server: %w: %s", buildErr, msg)
	}
	return self, "this executable (go build failed: " + firstLine(string(msg)) + ")", nil
}

// measureProcess starts bin serve against databaseURL, waits for /readyz,
// requests every page set a few times and reads the kernel's resident
// figures, then stops the server with SIGTERM.
func measureProcess(ctx context.Context, bin, databaseURL string, sets []pageSet, concurrency int) (processStats, error) {
	var st processStats
	addr, err := freeLoopbackAddr()
	if err != nil {
		return st, err
	}
	var logs tailBuffer
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"DATABASE_URL=" + databaseURL, "LISTEN_ADDR=" + addr, "LOG_LEVEL=warn", "PATH=" + os.Getenv("PATH")}
	cmd.Stdout, cmd.Stderr = &logs, &logs
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return st, fmt.Errorf("bench: start %s serve: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stopProcess(cmd, exited)

	base := "http://" + addr
	client := newLoadClient(concurrency)
	if err := waitReady(ctx, client, base+"/readyz", exited); err != nil {
		return st, fmt.Errorf("%w\nserver output:\n%s", err, logs.String())
	}
	st.startup = time.Since(begin)
	pid := cmd.Process.Pid
	if st.idleRSS, _, err = readRSS(pid); err != nil {
		return st, err
	}
	for _, set := range sets {
		res := runLoad(ctx, client, base, set, loadOptions{concurrency: concurrency, duration: 5 * time.Second, maxRequests: 200})
		if res.errors > 0 {
			return st, fmt.Errorf("bench: %s on the server process: %s\nserver output:\n%s", set.name, res.firstError, logs.String())
		}
	}
	st.loadedRSS, st.peakRSS, err = readRSS(pid)
	return st, err
}

func waitReady(ctx context.Context, client *http.Client, url string, exited <-chan error) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("bench: the server exited before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if code, _ := probe(ctx, client, url); code == http.StatusOK {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return errors.New("bench: the server was not ready within 60s")
}

func stopProcess(cmd *exec.Cmd, exited <-chan error) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// readRSS reads VmRSS and VmHWM (bytes) from /proc/<pid>/status.
func readRSS(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("bench: read resident size (Linux /proc only): %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		f := strings.Fields(val) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, 0, fmt.Errorf("bench: unexpected %s line %q", key, sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("bench: parse %s: %w", key, err)
		}
		if key == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	if rss == 0 {
		return 0, 0, fmt.Errorf("bench: no VmRSS in /proc/%d/status", pid)
	}
	return rss, hwm, nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tailBuffer keeps the last 16 KiB written to it: enough to show why a
// server failed without holding a long log.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - 16<<10; over > 0 {
		t.buf = t.buf[over:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
