package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// handleOKRCheckIn renders GET /okrs/check-in?period=KEY: every key result
// of the period on one page for the weekly meeting, each row a form
// pre-filled with the week's delivery facts of its linked work.
func (s *Server) handleOKRCheckIn(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.loadBoard(ctx, c.QueryParam("period"))
	if err != nil {
		return err
	}
	krs := b.keyResults()
	ids := make([]int64, len(krs))
	for i, k := range krs {
		ids[i] = k.kr.ID
	}
	work, err := s.loadLinkedWork(ctx, ids, b.now)
	if err != nil {
		return err
	}
	periods, err := s.periodOptions(ctx, b.period)
	if err != nil {
		return err
	}
	page := s.page(c, i18n.T(ctx, "okr.checkin.title")+" · "+b.period.Name, "okrs")
	props := templates.OKRCheckInProps{Period: b.periodView(), Periods: periods,
		OutdatedHint: sprintlens.HintOutdatedFor(s.checkInMaxAge())}
	for _, k := range krs {
		props.Rows = append(props.Rows, s.checkInRow(k, b.period, work, b.now, page.CSRFToken, "checkin"))
	}
	return s.render(c, http.StatusOK, templates.OKRCheckIn(page, props))
}

func (s *Server) checkInRow(k okrKR, p sprintlens.Period, w linkedWork, now time.Time, csrf, ret string) templates.OKRCheckInRow {
	return templates.OKRCheckInRow{KR: krView(k, p.Start.Location()), PeriodKey: p.Key, CSRFToken: csrf, Facts: weekFacts(k.kr, w, now),
		ReadOnly: p.Closed, Return: ret, OutdatedHint: sprintlens.HintOutdatedFor(s.checkInMaxAge())}
}

// handleOKRCheckInSave handles POST /okrs/check-ins: one row of the
// check-in page (or the key result page) appends a check-in. htmx gets the
// row back, saved or with the error beside the fields (status 200, so htmx
// swaps it in); a plain form post is redirected back, or shown the error page.
func (s *Server) handleOKRCheckInSave(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.FormValue("key_result_id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("key result")
	}
	k, p, err := s.keyResultNow(ctx, id)
	if err != nil {
		return s.okrError(c, err, "key result")
	}
	ci, saveErr := parseCheckInForm(c, k.kr)
	if saveErr == nil {
		ci.KeyResultID, ci.Author, ci.At = id, currentUser(c), s.cfg.Now()
		_, saveErr = s.deps.OKRs.AddCheckIn(ctx, ci)
	}
	ret := "checkin"
	if c.FormValue("return") == "kr" {
		ret = "kr"
	}
	if !isHTMX(c) {
		if saveErr != nil {
			return s.okrError(c, saveErr, "key result")
		}
		target := "/okrs/check-in?period=" + url.QueryEscape(p.Key) + "#kr-" + itoa64(id)
		if ret == "kr" {
			target = "/okrs/key-results/" + itoa64(id)
		}
		return c.Redirect(http.StatusSeeOther, target)
	}
	msg, userErr := s.userMessage(c, saveErr)
	if saveErr != nil && !userErr {
		return saveErr
	}
	if saveErr == nil { // show the row with the new check-in
		if k, p, err = s.keyResultNow(ctx, id); err != nil {
			return err
		}
	}
	work, err := s.loadLinkedWork(ctx, []int64{id}, s.cfg.Now())
	if err != nil {
		return err
	}
	row := s.checkInRow(k, p, work, s.cfg.Now(), s.page(c, "", "").CSRFToken, ret)
	row.Saved, row.Error = saveErr == nil, msg
	if saveErr != nil {
		row.Comment = c.FormValue("comment")
	}
	return s.render(c, http.StatusOK, templates.OKRCheckInRowForm(row))
}

// parseCheckInForm reads value, confidence, comment and, for milestones,
// the ticked boxes (the value is their count).
func parseCheckInForm(c echo.Context, kr sprintlens.KeyResult) (sprintlens.CheckIn, error) {
	ci := sprintlens.CheckIn{Comment: strings.TrimSpace(c.FormValue("comment"))}
	conf, err := strconv.Atoi(strings.TrimSpace(c.FormValue("confidence")))
	if err != nil {
		return ci, sprintlens.Invalid("confidence", "must be a whole number from 0 to 10")
	}
	ci.Confidence = conf
	if kr.Kind == sprintlens.KRMilestones {
		form, err := c.FormParams()
		if err != nil {
			return ci, sprintlens.Invalid("milestone", "could not read the ticked milestones")
		}
		ci.MilestonesDone = make([]bool, len(kr.Milestones))
		for _, v := range form["milestone"] {
			if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(kr.Milestones) && !ci.MilestonesDone[i] {
				ci.MilestonesDone[i] = true
				ci.Value++
			}
		}
		return ci, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(c.FormValue("value")), 64)
	if err != nil {
		return ci, sprintlens.Invalid("value", "must be a number")
	}
	ci.Value = v
	return ci, nil
}

// keyResultNow loads a key result with its objective's title, its period
// and its check-ins, summarised now.
func (s *Server) keyResultNow(ctx context.Context, id int64) (okrKR, sprintlens.Period, error) {
	st := s.deps.OKRs
	kr, err := st.KeyResult(ctx, id)
	if err != nil {
		return okrKR{}, sprintlens.Period{}, err
	}
	o, err := st.Objective(ctx, kr.ObjectiveID)
	if err != nil {
		return okrKR{}, sprintlens.Period{}, err
	}
	p, err := st.PeriodByID(ctx, o.PeriodID)
	if err != nil {
		return okrKR{}, sprintlens.Period{}, err
	}
	cs, err := st.CheckIns(ctx, id)
	if err != nil {
		return okrKR{}, sprintlens.Period{}, err
	}
	k := okrKR{kr: kr, objective: o.Title, checkIns: cs}
	k.sum = sprintlens.SummarizeKR(kr, p, cs, s.cfg.Now(), s.checkInMaxAge())
	return k, p, nil
}

// userMessage is what a person may read about a failed OKR write, and
// whether the error is theirs to fix (invalid input, closed period).
func (s *Server) userMessage(c echo.Context, err error) (string, bool) {
	var ve *sprintlens.ValidationError
	switch {
	case err == nil:
		return "", false
	case errors.As(err, &ve):
		return ve.Error(), true
	case errors.Is(err, sprintlens.ErrConflict):
		return i18n.T(c.Request().Context(), "okr.error.closed"), true
	}
	return "", false
}

// okrError names what was not found and explains a closed period; other
// errors pass to the error handler unchanged.
func (s *Server) okrError(c echo.Context, err error, what string) error {
	switch {
	case errors.Is(err, sprintlens.ErrNotFound):
		return notFound(what)
	case errors.Is(err, sprintlens.ErrConflict):
		return echo.NewHTTPError(http.StatusConflict, i18n.T(c.Request().Context(), "okr.error.closed"))
	}
	return err
}
