package web

import (
	"context"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
)

const (
	// factsWindow is "this week" on the check-in page: the team meets weekly.
	factsWindow = 7 * 24 * time.Hour
	// forecastWeeks is how many recent weeks of accepted points set the pace
	// of the linked-work forecast.
	forecastWeeks = 3
)

// linkedWork is the Tracker work linked to some key results.
type linkedWork struct {
	stories map[int64][]sprintlens.Story
	// carried holds the IDs of linked stories in progress now and a week ago.
	carried map[int64]bool
}

// loadLinkedWork reads the stories linked to key results and which of them
// are carried over (see postgres CarriedOverLinked: under way for a week).
func (s *Server) loadLinkedWork(ctx context.Context, ids []int64, now time.Time) (linkedWork, error) {
	if len(ids) == 0 {
		return linkedWork{}, nil
	}
	st := s.deps.OKRs
	stories, err := st.LinkedStories(ctx, ids)
	if err != nil {
		return linkedWork{}, err
	}
	carried, err := st.CarriedOverLinked(ctx, ids, now.Add(-factsWindow))
	if err != nil {
		return linkedWork{}, err
	}
	return linkedWork{stories: stories, carried: carried}, nil
}

// weekFacts sums what happened to a key result's linked work in the last
// week: stories accepted (accepted_at within the last 7 days), stories
// carried over, and the accepted share of all linked points.
func weekFacts(kr sprintlens.KeyResult, w linkedWork, now time.Time) templates.OKRWeekFacts {
	stories := w.stories[kr.ID]
	f := templates.OKRWeekFacts{Linked: kr.HasLinks()}
	since := now.Add(-factsWindow)
	for _, st := range stories {
		if st.Type == sprintlens.Release {
			continue
		}
		if st.State == sprintlens.Accepted && st.AcceptedAt != nil && st.AcceptedAt.After(since) && !st.AcceptedAt.After(now) {
			f.AcceptedCount++
			f.AcceptedPoints += st.Points()
		}
	}
	d := sprintlens.LinkedDelivery(stories, w.carried)
	f.CarriedCount, f.CarriedPoints = d.CarriedOver, d.CarriedOverPoints
	if pct, ok := d.Percent(); ok {
		f.DeliveryPercent = &pct
	}
	return f
}

// deliveryForecast is when the linked work should be accepted at the
// recent pace.
type deliveryForecast struct {
	// Remaining is the points of linked stories not yet accepted.
	Remaining float64
	// PerWeek is the mean points accepted per week over the last forecastWeeks weeks.
	PerWeek float64
	// Finish is now + Remaining / PerWeek weeks; nil when done, when
	// nothing was accepted in the window (no pace) or when the open
	// stories carry no points (no size).
	Finish *time.Time
	Done   bool
}

// forecastLinked forecasts the linked work's completion:
//
//	pace   = points of linked stories accepted in the last 3 weeks / 3
//	finish = now + (points not yet accepted / pace) weeks
//
// Unestimated stories count 0 points, release markers are left out. It is
// a straight-line projection of the recent pace, not a promise: it assumes
// the linked scope stops growing and the team keeps the same share of its
// sprints on it.
func forecastLinked(stories []sprintlens.Story, now time.Time) deliveryForecast {
	var f deliveryForecast
	since := now.Add(-forecastWeeks * factsWindow)
	var accepted float64
	total, open := 0, 0
	for _, st := range stories {
		if st.Type == sprintlens.Release {
			continue
		}
		total++
		if st.State != sprintlens.Accepted {
			open++
			f.Remaining += st.Points()
			continue
		}
		if st.AcceptedAt != nil && st.AcceptedAt.After(since) && !st.AcceptedAt.After(now) {
			accepted += st.Points()
		}
	}
	f.PerWeek = accepted / forecastWeeks
	switch {
	case total == 0:
	case open == 0:
		f.Done = true
	case f.PerWeek > 0 && f.Remaining > 0:
		weeks := f.Remaining / f.PerWeek
		finish := now.Add(time.Duration(weeks * float64(factsWindow)))
		f.Finish = &finish
	}
	return f
}
