package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// periodJSON is a period in the API. start and end are instants in the
// period's zone and the window is half-open: end is the first instant
// after the last day.
type periodJSON struct {
	Key    string    `json:"key"`
	Name   string    `json:"name"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Closed bool      `json:"closed"`
}

type objectiveJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Owner string `json:"owner"`
	// Progress and Status are null while the objective has no key result.
	Progress   *float64        `json:"progress"`
	Status     *string         `json:"status"`
	KeyResults []keyResultJSON `json:"key_results"`
}

type keyResultJSON struct {
	ID            int64      `json:"id"`
	Title         string     `json:"title"`
	Kind          string     `json:"kind"`
	Start         float64    `json:"start"`
	Target        float64    `json:"target"`
	Unit          string     `json:"unit"`
	Weight        float64    `json:"weight"`
	Current       float64    `json:"current"`
	Progress      float64    `json:"progress"`
	Expected      float64    `json:"expected"`
	Confidence    *int       `json:"confidence"`
	Status        string     `json:"status"`
	Outdated      bool       `json:"outdated"`
	LastCheckInAt *time.Time `json:"last_check_in_at"`
}

type okrsJSON struct {
	Period     periodJSON      `json:"period"`
	Objectives []objectiveJSON `json:"objectives"`
}

// handleAPIOKRs answers GET /api/v1/okrs?period=2026Q4 (default: the
// current quarter in TIME_ZONE): the objectives with their key results,
// progress (0–100), confidence and status. A quarter nobody has set OKRs
// for yet answers with no objectives; an unknown custom key is 404.
func (s *Server) handleAPIOKRs(c echo.Context) error {
	b, err := s.loadBoard(c.Request().Context(), c.QueryParam("period"))
	if err != nil {
		return err
	}
	p := b.period
	out := okrsJSON{Period: periodJSON{Key: p.Key, Name: p.Name, Start: p.Start, End: p.End, Closed: p.Closed},
		Objectives: []objectiveJSON{}}
	for _, o := range b.objectives {
		oj := objectiveJSON{ID: o.obj.ID, Title: o.obj.Title, Owner: o.obj.Owner, Progress: o.progress, KeyResults: []keyResultJSON{}}
		if o.status != "" {
			st := string(o.status)
			oj.Status = &st
		}
		for _, k := range o.krs {
			kj := keyResultJSON{ID: k.kr.ID, Title: k.kr.Title, Kind: string(k.kr.Kind), Start: k.kr.Start, Target: k.kr.Target,
				Unit: k.kr.Unit, Weight: k.kr.Weight, Current: k.sum.Value, Progress: k.sum.Progress, Expected: k.sum.Expected,
				Status: string(k.sum.Status), Outdated: k.sum.Outdated}
			if l := k.sum.Latest; l != nil {
				conf, at := l.Confidence, l.At
				kj.Confidence, kj.LastCheckInAt = &conf, &at
			}
			oj.KeyResults = append(oj.KeyResults, kj)
		}
		out.Objectives = append(out.Objectives, oj)
	}
	return c.JSON(http.StatusOK, out)
}

// checkInRequest is the body of POST /api/v1/key-results/:id/check-ins.
// value and confidence are required; milestones_done optionally says which
// milestones of a milestones key result are done.
type checkInRequest struct {
	Value          *float64 `json:"value"`
	Confidence     *int     `json:"confidence"`
	Comment        string   `json:"comment"`
	Author         string   `json:"author"`
	MilestonesDone []bool   `json:"milestones_done"`
}

type checkInJSON struct {
	ID             int64     `json:"id"`
	KeyResultID    int64     `json:"key_result_id"`
	Value          float64   `json:"value"`
	Confidence     int       `json:"confidence"`
	Comment        string    `json:"comment"`
	Author         string    `json:"author"`
	MilestonesDone []bool    `json:"milestones_done,omitempty"`
	At             time.Time `json:"at"`
}

// handleAPICheckInCreate answers POST /api/v1/key-results/:id/check-ins:
// it appends a check-in dated now and answers 201 with it; invalid input
// is 422 {"error": "..."}, an unknown key result 404, a closed period 409.
func (s *Server) handleAPICheckInCreate(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("key result")
	}
	var req checkInRequest
	dec := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 64<<10))
	if err := dec.Decode(&req); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return sprintlens.Invalid(typ.Field, "has the wrong type (got a JSON "+typ.Value+")")
		}
		if errors.As(err, &syntax) {
			return echo.NewHTTPError(http.StatusBadRequest, "the body is not valid JSON")
		}
		return echo.NewHTTPError(http.StatusBadRequest, "the body must be a JSON object: "+err.Error())
	}
	switch {
	case req.Value == nil:
		return sprintlens.Invalid("value", "is required")
	case req.Confidence == nil:
		return sprintlens.Invalid("confidence", "is required (0 to 10)")
	}
	ci := sprintlens.CheckIn{KeyResultID: id, Value: *req.Value, Confidence: *req.Confidence, Comment: req.Comment,
		Author: req.Author, At: s.cfg.Now(), MilestonesDone: req.MilestonesDone}
	saved, err := s.deps.OKRs.AddCheckIn(c.Request().Context(), ci)
	if err != nil {
		return s.okrError(c, err, "key result")
	}
	return c.JSON(http.StatusCreated, checkInJSON{ID: saved.ID, KeyResultID: saved.KeyResultID, Value: saved.Value,
		Confidence: saved.Confidence, Comment: saved.Comment, Author: saved.Author, MilestonesDone: saved.MilestonesDone, At: saved.At})
}
