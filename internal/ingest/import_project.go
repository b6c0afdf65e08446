package ingest

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// LoadTimeZone checks an Olson time zone name ("Asia/Tokyo"); "" means
// UTC. "Local" is refused: it would make an import depend on the machine.
func LoadTimeZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, sprintlens.Invalid("time zone", fmt.Sprintf("%q is not an Olson time zone name such as Asia/Tokyo or UTC", name))
	}
	return loc, nil
}

// exportFileName splits the name Tracker gives an export,
// <project>_<yyyymmdd>_<hhmm>.csv, into the project name and the time of
// the export in loc. Other names yield the name without ".csv" and a zero
// time. Directories are dropped, with either kind of slash (browsers on
// Windows used to send full paths).
func exportFileName(name string, loc *time.Location) (string, time.Time) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if base == "." || base == "/" {
		return "", time.Time{}
	}
	stem := base
	if n := len(base) - len(".csv"); n >= 0 && strings.EqualFold(base[n:], ".csv") {
		stem = base[:n]
	}
	i := strings.LastIndexByte(stem, '_')
	if i < 0 {
		return stem, time.Time{}
	}
	j := strings.LastIndexByte(stem[:i], '_')
	if j <= 0 {
		return stem, time.Time{}
	}
	date, clock := stem[j+1:i], stem[i+1:]
	if len(date) != 8 || len(clock) != 4 {
		return stem, time.Time{}
	}
	at, err := time.ParseInLocation("20060102 1504", date+" "+clock, loc)
	if err != nil {
		return stem, time.Time{}
	}
	return stem[:j], at
}

// resolveProject finds or creates the project an import goes to:
//
//   - with opts.ProjectID, that project; it must not be synced from
//     Tracker (an import would fight the sync);
//   - without, the csv-sourced project named opts.Name, or else named
//     after the file (<name>_<yyyymmdd>_<hhmm>.csv gives <name>), created
//     with a fresh id when there is none.
//
// opts.Name renames the project; opts.TimeZone sets its zone, which
// otherwise stays what an earlier import set (UTC for a new project), so
// re-importing without the flag does not shift every date.
func (im *Importer) resolveProject(ctx context.Context, opts ImportOptions) (sprintlens.Project, bool, error) {
	if _, err := LoadTimeZone(opts.TimeZone); err != nil {
		return sprintlens.Project{}, false, err
	}
	name := strings.TrimSpace(opts.Name)
	if name == "" {
		name, _ = exportFileName(opts.FileName, time.UTC)
		name = strings.TrimSpace(name)
	}
	if opts.ProjectID < 0 {
		return sprintlens.Project{}, false, sprintlens.Invalid("project", fmt.Sprintf("%d is not a project id", opts.ProjectID))
	}
	if name == "" {
		if opts.ProjectID == 0 {
			return sprintlens.Project{}, false, sprintlens.Invalid("name", "cannot tell the project from the file name; give a project name or id")
		}
		name = fmt.Sprintf("Project %d", opts.ProjectID)
	}
	zone := opts.TimeZone
	if zone == "" {
		zone = sprintlens.DefaultTimeZone
	}
	p, created, err := im.Store.EnsureCSVProject(ctx, sprintlens.Project{ID: opts.ProjectID, Name: name, TimeZone: zone})
	if err != nil {
		return sprintlens.Project{}, false, fmt.Errorf("ingest: %w", err)
	}
	if p.Source != sprintlens.SourceCSV {
		return sprintlens.Project{}, false, &Refusal{
			Message: fmt.Sprintf("project %d is synced from Tracker; import into another id", p.ID),
			Kind:    sprintlens.ErrConflict,
		}
	}
	if strings.TrimSpace(opts.Name) != "" {
		p.Name = strings.TrimSpace(opts.Name)
	}
	if opts.TimeZone != "" {
		p.TimeZone = opts.TimeZone
	}
	return p, created, nil
}
