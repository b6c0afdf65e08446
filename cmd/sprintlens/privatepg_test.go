package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// privatePG is a PostgreSQL cluster of the test's own, which it may stop
// and start without disturbing the machine's server that the other
// packages' tests use at the same time.
type privatePG struct {
	bin, dir, data string
	port           int
	owner          *user.User // nil: run as ourselves
}

// startPrivatePG initialises and starts a cluster in a temporary
// directory on a free port, with trust auth, and removes it after the
// test. initdb refuses to run as root, so as root it runs as the postgres
// user. Where that cannot work it skips, or fails under CI=true.
func startPrivatePG(t *testing.T) *privatePG {
	t.Helper()
	cannot := func(why string) {
		t.Helper()
		msg := "a private PostgreSQL cannot be started here: " + why
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	p := &privatePG{bin: postgresBinDir()}
	if p.bin == "" {
		cannot("no initdb found (pg_config --bindir, /usr/lib/postgresql/*/bin)")
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			cannot("running as root, and initdb needs another user: no postgres user")
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			cannot("running as root without runuser to become postgres")
		}
		p.owner = u
	}
	dir, err := os.MkdirTemp("", "sprintlens-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p.dir, p.data = dir, filepath.Join(dir, "data")
	t.Cleanup(func() {
		_, _ = p.ctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if p.owner != nil {
		uid, _ := strconv.Atoi(p.owner.Uid)
		gid, _ := strconv.Atoi(p.owner.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if out, err := p.cmd("initdb", "-D", p.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if out, err := p.ctl("start"); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
	return p
}

// URL is the cluster's postgres database.
func (p *privatePG) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// Stop shuts the cluster down the way an operator restarting it does.
func (p *privatePG) Stop(t *testing.T) {
	t.Helper()
	if out, err := p.ctl("stop", "-m", "fast"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// Start starts the stopped cluster again on the same port.
func (p *privatePG) Start(t *testing.T) {
	t.Helper()
	if out, err := p.ctl("start"); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

// ctl runs pg_ctl and waits for it to finish its action.
func (p *privatePG) ctl(action string, args ...string) ([]byte, error) {
	full := []string{"-D", p.data, "-w", "-l", filepath.Join(p.dir, "server.log")}
	if action == "start" {
		// fsync off: the cluster lives for one test.
		full = append(full, "-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, p.dir))
	}
	return p.cmd("pg_ctl", append(append(full, args...), action)...).CombinedOutput()
}

// cmd runs one of the server's programs, as postgres when we are root.
func (p *privatePG) cmd(name string, args ...string) *exec.Cmd {
	prog := filepath.Join(p.bin, name)
	if p.owner == nil {
		return exec.Command(prog, args...)
	}
	return exec.Command("runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
}

// postgresBinDir finds the installed server programs.
func postgresBinDir() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := string(out[:len(out)-1])
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return ""
	}
	sort.Strings(matches)
	return filepath.Dir(matches[len(matches)-1])
}
