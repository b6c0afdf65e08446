package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// CSVImporter is what the import page needs.
type CSVImporter interface {
	Import(ctx context.Context, r io.Reader, opts ingest.ImportOptions) (ingest.ImportSummary, error)
}

// importTimeout bounds an upload's import. It is far longer than the
// request timeout: a 100k-row export takes seconds to minutes, and an
// import is all or nothing, so finishing it beats abandoning it.
const importTimeout = 10 * time.Minute

// importZones are the time zones the form suggests; any Olson name works.
func importZones() []string {
	return []string{"UTC", "Asia/Tokyo", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney"}
}

// importMaxListed bounds the deleted ids and skipped lines the page lists.
const importMaxListed = 20

// handleImportForm renders GET /import: the upload form. It is meant for
// admins; until sign-in lands, anyone who can reach the server may import.
func (s *Server) handleImportForm(c echo.Context) error {
	if s.deps.Importer == nil {
		return notFound("import")
	}
	return s.renderImport(c, http.StatusOK, templates.ImportProps{})
}

// handleImportUpload answers POST /import: a multipart upload of one CSV
// export (field "file", optional "project", "name", "time_zone"; the
// CSRF token travels as "_csrf"). It shows the import's summary, or the
// bad rows with their line and column.
func (s *Server) handleImportUpload(c echo.Context) error {
	if s.deps.Importer == nil {
		return notFound("import")
	}
	props := templates.ImportProps{
		ProjectID: strings.TrimSpace(c.FormValue("project")),
		Name:      strings.TrimSpace(c.FormValue("name")),
		TimeZone:  strings.TrimSpace(c.FormValue("time_zone")),
	}
	l := i18n.From(c.Request().Context())
	var pid int64
	if props.ProjectID != "" {
		var err error
		if pid, err = strconv.ParseInt(props.ProjectID, 10, 64); err != nil || pid <= 0 {
			props.Problem = l.T("import.bad_project")
			return s.renderImport(c, http.StatusUnprocessableEntity, props)
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		props.Problem = l.T("import.no_file")
		return s.renderImport(c, http.StatusUnprocessableEntity, props)
	}
	props.FileName = fh.Filename
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()

	// The request's context ends at the request timeout or when the tab
	// closes; the import carries on to its end and records its run.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), importTimeout)
	defer cancel()
	sum, err := s.deps.Importer.Import(ctx, f, ingest.ImportOptions{
		ProjectID: pid, Name: props.Name, FileName: fh.Filename, TimeZone: props.TimeZone, TriggeredBy: currentUser(c),
	})
	props.RunID = sum.RunID

	var bad *ingest.CSVErrors
	var refused *ingest.Refusal
	var invalid *sprintlens.ValidationError
	switch {
	case err == nil:
		props.Result = importResult(sum)
		return s.renderImport(c, http.StatusOK, props)
	case errors.Is(err, ingest.ErrAfterImport):
		s.cfg.Logger.Error("after import", "request_id", requestID(c), "project", sum.ProjectID, "error", err)
		props.Result = importResult(sum)
		props.Result.Warning = l.T("error.500", map[string]any{"RequestID": requestID(c)})
		return s.renderImport(c, http.StatusOK, props)
	case errors.As(err, &bad):
		props.Errors, props.Stopped, props.MaxErrors = importRowErrors(bad), bad.Stopped, ingest.MaxCSVErrors
		return s.renderImport(c, http.StatusUnprocessableEntity, props)
	case errors.As(err, &refused):
		props.Problem = refused.Message
		return s.renderImport(c, statusOf(err), props)
	case errors.As(err, &invalid):
		props.Problem = invalid.Error()
		return s.renderImport(c, http.StatusUnprocessableEntity, props)
	case errors.Is(err, sprintlens.ErrLocked):
		props.Problem = l.T("import.locked")
		return s.renderImport(c, http.StatusConflict, props)
	}
	return err
}

func (s *Server) renderImport(c echo.Context, status int, props templates.ImportProps) error {
	props.Zones = importZones()
	title := i18n.T(c.Request().Context(), "import.title")
	return s.render(c, status, templates.ImportPage(s.page(c, title, "projects"), props))
}

func importResult(sum ingest.ImportSummary) *templates.ImportResult {
	r := &templates.ImportResult{
		ProjectID: sum.ProjectID, ProjectName: sum.ProjectName, ProjectCreated: sum.ProjectCreated, RunID: sum.RunID,
		Layout: sum.Layout, Stories: sum.Stories, Inserted: sum.Inserted, Updated: sum.Updated, Unchanged: sum.Unchanged,
		Deleted: sum.Deleted, Iterations: sum.Iterations, CurrentIteration: sum.CurrentIteration,
		Labels: sum.Labels, NewLabels: sum.NewLabels, People: sum.People, NewPeople: sum.NewPeople, Skipped: sum.Skipped,
	}
	r.DeletedIDs = sum.DeletedIDs[:min(len(sum.DeletedIDs), importMaxListed)]
	r.MoreDeleted = sum.Deleted - len(r.DeletedIDs)
	for _, sk := range sum.SkippedRows[:min(len(sum.SkippedRows), importMaxListed)] {
		r.SkippedRows = append(r.SkippedRows, templates.ImportSkip{Line: sk.Line, Reason: sk.Reason})
	}
	return r
}

func importRowErrors(bad *ingest.CSVErrors) []templates.ImportRowError {
	out := make([]templates.ImportRowError, 0, len(bad.Errors))
	for _, ce := range bad.Errors {
		out = append(out, templates.ImportRowError{Line: ce.Line, Column: ce.Column, Problem: csvProblem(ce)})
	}
	return out
}

// csvProblem is a row error without its position, which the table shows
// in its own columns: `"abc" is not a number`.
func csvProblem(ce *tracker.CSVError) string {
	if ce.Value == "" {
		return ce.Err.Error()
	}
	return strconv.Quote(ce.Value) + " " + ce.Err.Error()
}
