package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// ErrNoLocalServer explains how to get a PostgreSQL when the demo cannot
// start a private one.
var ErrNoLocalServer = errors.New("no PostgreSQL answers and a private one cannot be started here; " +
	"either run `docker compose up -d db` (then retry), or set DATABASE_URL to a PostgreSQL you can reach")

// LocalServer is a private PostgreSQL the demo starts under the user's
// cache directory with the PostgreSQL binaries already installed.
type LocalServer struct {
	Dir  string
	Port int
	bin  string
}

// URL is the connection URL of the private server's sprintlens database.
func (l *LocalServer) URL() string {
	return fmt.Sprintf("postgres://sprintlens@127.0.0.1:%d/sprintlens?sslmode=disable", l.Port)
}

// StartLocalServer initialises (once) and starts a private PostgreSQL.
// It refuses when running as root (initdb will not) or when no binaries
// are installed, returning ErrNoLocalServer with the reason.
func StartLocalServer(ctx context.Context) (*LocalServer, error) {
	if os.Geteuid() == 0 {
		return nil, fmt.Errorf("%w (running as root: initdb refuses to)", ErrNoLocalServer)
	}
	bin := findPostgresBin()
	if bin == "" {
		return nil, fmt.Errorf("%w (no initdb/pg_ctl found)", ErrNoLocalServer)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoLocalServer, err)
	}
	dir := filepath.Join(cache, "sprintlens", "pgdata")
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("postgres: private server dir: %w", err)
		}
		out, err := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", dir, "-U", "sprintlens", "--auth=trust", "-E", "UTF8").CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("postgres: initdb: %v: %s", err, out)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	l := &LocalServer{Dir: dir, Port: port, bin: bin}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", port, dir)
	out, err := exec.CommandContext(ctx, filepath.Join(bin, "pg_ctl"), "-D", dir, "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "start").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("postgres: pg_ctl start: %v: %s", err, out)
	}
	return l, nil
}

// Stop shuts the private server down.
func (l *LocalServer) Stop() error {
	out, err := exec.Command(filepath.Join(l.bin, "pg_ctl"), "-D", l.Dir, "-m", "fast", "-w", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("postgres: pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Reachable reports whether something accepts TCP connections at the
// host:port of databaseURL within a second.
func Reachable(host string, port uint16) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(int(port))), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func findPostgresBin() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := string(out[:len(out)-1])
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Strings(matches)
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1])
	}
	return ""
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("postgres: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
