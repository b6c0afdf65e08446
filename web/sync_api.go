package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// syncRunJSON is one element of GET /api/v1/sync/runs.
type syncRunJSON struct {
	ID              int64      `json:"id"`
	ProjectID       int64      `json:"project_id"`
	Kind            string     `json:"kind"`
	Status          string     `json:"status"`
	StartedAt       time.Time  `json:"started_at"`
	FinishedAt      *time.Time `json:"finished_at"`
	DurationSeconds float64    `json:"duration_seconds"`
	Progress        string     `json:"progress"`
	StoriesInserted int        `json:"stories_inserted"`
	StoriesUpdated  int        `json:"stories_updated"`
	StoriesDeleted  int        `json:"stories_deleted"`
	Iterations      int        `json:"iterations"`
	Requests        int        `json:"requests"`
	Error           string     `json:"error"`
	TrackerVersion  int64      `json:"tracker_version"`
	TriggeredBy     string     `json:"triggered_by"`
}

// handleAPISyncRuns answers GET /api/v1/sync/runs[?limit=N]: recent runs, newest first.
func (s *Server) handleAPISyncRuns(c echo.Context) error {
	limit := recentRuns
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return sprintlens.Invalid("limit", "must be a number from 1 to 500")
		}
		limit = n
	}
	out := []syncRunJSON{}
	if s.deps.SyncRuns != nil {
		runs, err := s.deps.SyncRuns.SyncRunsRecent(c.Request().Context(), limit)
		if err != nil {
			return err
		}
		now := s.cfg.Now()
		for _, r := range runs {
			out = append(out, syncRunJSON{ID: r.ID, ProjectID: r.ProjectID, Kind: r.Kind, Status: string(r.Status),
				StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, DurationSeconds: r.Duration(now).Seconds(),
				Progress: r.Progress, StoriesInserted: r.StoriesInserted, StoriesUpdated: r.StoriesUpdated,
				StoriesDeleted: r.StoriesDeleted, Iterations: r.Iterations, Requests: r.Requests, Error: r.Error,
				TrackerVersion: r.TrackerVersion, TriggeredBy: r.TriggeredBy})
		}
	}
	return c.JSON(http.StatusOK, out)
}

// handleAPISyncStart answers POST /api/v1/sync[?project=ID&full=true]:
// 202 with the started runs' ids, which GET /api/v1/sync/runs then reports on.
func (s *Server) handleAPISyncStart(c echo.Context) error {
	if s.deps.Sync == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "Tracker sync is not configured: set TRACKER_BASE_URL and TRACKER_TOKEN")
	}
	projectID, err := optionalID(c.QueryParam("project"), "project")
	if err != nil {
		return err
	}
	ids, err := s.deps.Sync.StartSync(c.Request().Context(), projectID, c.QueryParam("full") == "true", "api")
	if errors.Is(err, sprintlens.ErrLocked) {
		return echo.NewHTTPError(http.StatusConflict, "a sync of this project is already running").SetInternal(err)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string][]int64{"run_ids": ids})
}
