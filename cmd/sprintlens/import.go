package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
)

// cmdImport runs `sprintlens import FILE.csv [--project ID] [--name NAME]
// [--time-zone ZONE]`: one Tracker CSV export into one project, all or
// nothing, progress on stderr and the summary on stdout.
func cmdImport(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("import")
	project := fs.Int64("project", 0, "import into this project `id` (default: the imported project named like the file, or a new one)")
	name := fs.String("name", "", "project `name` (default: from the file name <name>_<yyyymmdd>_<hhmm>.csv)")
	zone := fs.String("time-zone", "", "Olson `zone` the export's dates are in (default: the project's; UTC for a new project)")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: sprintlens import FILE.csv [--project ID] [--name NAME] [--time-zone ZONE]")
		fs.PrintDefaults()
	}
	// main exits 2 on a usage error without printing it: say it here.
	refuse := func(msg string) error {
		fmt.Fprintln(env.stderr, "sprintlens import:", msg)
		fs.Usage()
		return usageError{msg}
	}
	files, err := parseImportArgs(fs, env, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return refuse(fmt.Sprintf("import takes one FILE.csv, got %d", len(files)))
	}
	if *project < 0 {
		return refuse(fmt.Sprintf("--project %d is not a project id", *project))
	}
	if _, err := ingest.LoadTimeZone(*zone); err != nil {
		return refuse("--time-zone " + strconv.Quote(*zone) + " is not an Olson time zone name such as Asia/Tokyo or UTC")
	}
	path := files[0]
	f, err := os.Open(path) // before connecting: a typo should fail fast
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()

	cfg, err := config.Load(env.getenv)
	if err != nil {
		return err
	}
	pool, err := openDatabase(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer pool.Close()
	im := ingest.NewImporter(postgres.NewStore(pool), postgres.RefreshMetricsHook(time.Now))
	sum, err := im.Import(ctx, f, ingest.ImportOptions{
		ProjectID: *project, Name: *name, FileName: filepath.Base(path), TimeZone: *zone, TriggeredBy: "cli",
		Progress: func(line string) { fmt.Fprintln(env.stderr, "import:", line) },
	})
	var bad *ingest.CSVErrors
	if errors.As(err, &bad) {
		for _, line := range bad.Lines() {
			fmt.Fprintf(env.stderr, "%s: %s\n", path, line)
		}
		return fmt.Errorf("import %s: %d bad rows, nothing imported (run %d recorded the errors)", path, len(bad.Errors), sum.RunID)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	writeImportSummary(env.stdout, path, sum)
	return nil
}

// parseImportArgs lets flags come before or after FILE, as people type
// them; the flag package alone stops at the first argument.
func parseImportArgs(fs *flag.FlagSet, env *environment, args []string) ([]string, error) {
	fs.SetOutput(env.stderr)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// maxListed bounds the ids and lines the summary prints.
const maxListed = 20

func writeImportSummary(w io.Writer, path string, s ingest.ImportSummary) {
	created := ""
	if s.ProjectCreated {
		created = ", new"
	}
	fmt.Fprintf(w, "Imported %s into project %d %q (%s layout%s), run %d, in %s\n",
		path, s.ProjectID, s.ProjectName, s.Layout, created, s.RunID, s.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "  stories     %d: %d inserted, %d updated, %d unchanged, %d deleted\n",
		s.Stories, s.Inserted, s.Updated, s.Unchanged, s.Deleted)
	current := "none in progress"
	if s.CurrentIteration > 0 {
		current = fmt.Sprintf("current %d", s.CurrentIteration)
	}
	fmt.Fprintf(w, "  iterations  %d, %s\n", s.Iterations, current)
	fmt.Fprintf(w, "  labels      %d (%d new)\n", s.Labels, s.NewLabels)
	fmt.Fprintf(w, "  people      %d (%d new)\n", s.People, s.NewPeople)
	if s.Deleted > 0 {
		ids := make([]string, 0, maxListed)
		for i, id := range s.DeletedIDs {
			if i == maxListed {
				break
			}
			ids = append(ids, fmt.Sprint(id))
		}
		more := ""
		if s.Deleted > len(ids) {
			more = fmt.Sprintf(" and %d more", s.Deleted-len(ids))
		}
		fmt.Fprintf(w, "  deleted     %s%s (gone from the export)\n", strings.Join(ids, ", "), more)
	}
	if s.Skipped > 0 {
		fmt.Fprintf(w, "  skipped     %d rows\n", s.Skipped)
		for i, sk := range s.SkippedRows {
			if i == maxListed {
				fmt.Fprintf(w, "    ... and %d more\n", s.Skipped-maxListed)
				break
			}
			fmt.Fprintf(w, "    line %d: %s\n", sk.Line, sk.Reason)
		}
	}
}
