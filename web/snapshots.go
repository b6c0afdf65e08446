package web

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// SnapshotStore keeps frozen views.
type SnapshotStore interface {
	CreateAsOfSnapshot(ctx context.Context, s sprintlens.AsOfSnapshot) error
	AsOfSnapshot(ctx context.Context, id string) (sprintlens.AsOfSnapshot, error)
}

// SprintReviewer reads a sprint's precomputed review.
type SprintReviewer interface {
	SprintReview(ctx context.Context, pid int64, n int) (sprintlens.Review, error)
}

// SnapshotSources are the live numbers snapshots freeze and are compared
// with (*postgres.Store).
type SnapshotSources interface {
	SprintReviewer
	Project(ctx context.Context, id int64) (sprintlens.Project, error)
	MetricsSummary(ctx context.Context, pid int64) (sprintlens.MetricsSummary, error)
	IterationSummaries(ctx context.Context, pid int64) ([]sprintlens.IterationSummary, error)
}

// handleSprintSnapshotCreate answers POST /projects/:id/sprints/:n/snapshot:
// it freezes the sprint review as it stands and redirects to its permalink.
func (s *Server) handleSprintSnapshotCreate(c echo.Context) error {
	if s.deps.Snapshots == nil || s.deps.SnapshotSources == nil {
		return notFound("snapshots")
	}
	pid, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("project")
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return notFound("sprint")
	}
	ctx := c.Request().Context()
	p, err := s.deps.SnapshotSources.Project(ctx, pid)
	if err != nil {
		return err
	}
	r, err := s.deps.SnapshotSources.SprintReview(ctx, pid, n)
	if err != nil {
		return err
	}
	id, err := sprintlens.NewSnapshotID(rand.Reader)
	if err != nil {
		return err
	}
	source := "/projects/" + strconv.FormatInt(pid, 10) + "/sprints/" + strconv.Itoa(n)
	snap, err := sprintlens.NewReviewSnapshot(id, sprintlens.FreezeReview(pid, p.Name, r), source, s.cfg.Now())
	if err != nil {
		return err
	}
	if err := s.deps.Snapshots.CreateAsOfSnapshot(ctx, snap); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/s/"+id)
}

// handleSnapshotShow renders GET /s/:id: the frozen view exactly as it was,
// a link to the live view, and which numbers read differently now.
func (s *Server) handleSnapshotShow(c echo.Context) error {
	id := c.Param("id")
	if s.deps.Snapshots == nil || !sprintlens.ValidSnapshotID(id) {
		return notFound("snapshot")
	}
	ctx := c.Request().Context()
	snap, err := s.deps.Snapshots.AsOfSnapshot(ctx, id)
	if errors.Is(err, sprintlens.ErrNotFound) {
		return notFound("snapshot")
	}
	if err != nil {
		return err
	}
	props := templates.SnapshotProps{ID: snap.ID, Kind: string(snap.Kind), CreatedAt: snap.CreatedAt, CurrentURL: snap.SourceURL}
	switch snap.Kind {
	case sprintlens.SnapshotDigest:
		v, err := snap.DigestView()
		if err != nil {
			return err
		}
		msg, err := frozenMessage(v.Payload)
		if err != nil {
			return err
		}
		props.Digest, props.ProjectName = &msg, v.Digest.ProjectName
	case sprintlens.SnapshotSprintReview:
		v, err := snap.ReviewView()
		if err != nil {
			return err
		}
		props.Review, props.ProjectName = snapshotReviewProps(v), v.ProjectName
	default:
		return notFound("snapshot")
	}
	if now, ok := s.currentFigures(ctx, snap); ok {
		props.CurrentKnown = true
		for _, ch := range sprintlens.ChangedFigures(snap.Figures, now) {
			props.Changes = append(props.Changes, templates.SnapshotChange{Key: ch.Key, Then: ch.Then, Now: ch.Now})
		}
	}
	if snap.ProjectID == 0 {
		props.CurrentURL = "" // the project is gone
	}
	// The id is the only key to this page: keep it out of search engines.
	c.Response().Header().Set("X-Robots-Tag", "noindex")
	title := i18n.T(ctx, "snapshot.digest_title", map[string]any{"Project": props.ProjectName})
	if props.Review != nil {
		title = i18n.T(ctx, "snapshot.review_title", map[string]any{"Project": props.ProjectName, "Number": props.Review.Number})
	}
	return s.render(c, http.StatusOK, templates.Snapshot(s.page(c, title, ""), props))
}

// currentFigures reads today's numbers for what snap froze. ok is false
// when they cannot be had; the frozen page still renders, which is its
// point, so a failure here is logged rather than returned.
func (s *Server) currentFigures(ctx context.Context, snap sprintlens.AsOfSnapshot) ([]sprintlens.Figure, bool) {
	src := s.deps.SnapshotSources
	if src == nil || snap.ProjectID == 0 {
		return nil, false
	}
	var figures []sprintlens.Figure
	var err error
	switch snap.Kind {
	case sprintlens.SnapshotSprintReview:
		var r sprintlens.Review
		if r, err = src.SprintReview(ctx, snap.ProjectID, snap.Sprint); err == nil {
			figures = sprintlens.ReviewFigures(r)
		}
	case sprintlens.SnapshotDigest:
		var m sprintlens.MetricsSummary
		var sums []sprintlens.IterationSummary
		if m, err = src.MetricsSummary(ctx, snap.ProjectID); err == nil {
			if sums, err = src.IterationSummaries(ctx, snap.ProjectID); err == nil {
				figures = sprintlens.DigestFigures(m, sums, snap.Sprint)
			}
		}
	}
	if err != nil {
		if !errors.Is(err, sprintlens.ErrNotFound) {
			s.cfg.Logger.Warn("snapshot: current numbers", "kind", snap.Kind, "project", snap.ProjectID, "error", err)
		}
		return nil, false
	}
	return figures, figures != nil
}

// snapshotReviewProps turns a frozen review into the permalink's view model.
func snapshotReviewProps(v sprintlens.ReviewSnapshot) *templates.SnapshotReview {
	t := func(d sprintlens.DigestTally) templates.SnapshotTally {
		return templates.SnapshotTally{Points: d.Points, Count: d.Count}
	}
	r := &templates.SnapshotReview{Number: v.Number, Start: v.Start, Finish: v.Finish, Committed: t(v.Committed),
		Accepted: t(v.Accepted), CarriedOver: t(v.CarriedOver), Added: t(v.Added), Removed: t(v.Removed),
		Reconstructed: v.Reconstructed}
	for _, st := range v.Stories {
		r.Stories = append(r.Stories, templates.SnapshotStory{ID: st.ID, Name: st.Name, Type: st.Type, Points: st.Points, Outcome: st.Outcome})
	}
	return r
}
