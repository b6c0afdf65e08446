package web

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirections holds the layout's rule that imports point inward:
// web never reaches pgx, not even through another package; templates
// reach neither pgx nor echo; the domain imports only the standard
// library. It asks `go list -deps`, so a new indirect path fails too.
func TestImportDirections(t *testing.T) {
	const mod = "github.com/sprintlens/sprintlens/"
	tests := []struct {
		pkg string
		// forbidden are import path prefixes no dependency may have.
		forbidden []string
		// stdlibOnly forbids every dependency outside the standard
		// library but the package itself.
		stdlibOnly bool
		// need is one dependency the package is known to have, so an
		// empty or broken listing cannot pass.
		need string
	}{
		{pkg: mod + "web", forbidden: []string{"github.com/jackc/pgx"}, need: "github.com/labstack/echo/v4"},
		{pkg: mod + "templates", forbidden: []string{"github.com/jackc/pgx", "github.com/labstack/echo"}, need: "github.com/a-h/templ"},
		{pkg: mod + "internal/sprintlens", stdlibOnly: true, need: "time"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.pkg, mod), func(t *testing.T) {
			deps := listDeps(t, tt.pkg)
			if _, ok := deps[tt.need]; !ok {
				t.Fatalf("go list -deps %s lists %d packages, not %s", tt.pkg, len(deps), tt.need)
			}
			for dep, std := range deps {
				for _, f := range tt.forbidden {
					if dep == f || strings.HasPrefix(dep, f+"/") {
						t.Errorf("%s depends on %s", tt.pkg, dep)
					}
				}
				if tt.stdlibOnly && !std && dep != tt.pkg {
					t.Errorf("%s depends on %s, which is not in the standard library", tt.pkg, dep)
				}
			}
		})
	}
}

// listDeps runs `go list -deps pkg` (no test files) and maps each
// dependency to whether it is in the standard library.
func listDeps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	// go test puts its own GOROOT/bin first on PATH.
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", pkg).Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
	}
	deps := map[string]bool{}
	for line := range strings.Lines(string(out)) {
		path, std, _ := strings.Cut(strings.TrimSpace(line), " ")
		deps[path] = std == "true"
	}
	return deps
}
