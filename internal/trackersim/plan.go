package trackersim

import (
	"cmp"
	"slices"
	"time"
)

// replan recomputes the iterations as Tracker would at now: done iterations
// hold the stories accepted within [start, finish); the current iteration
// holds what was accepted since it started, everything in progress, and
// unstarted stories in priority order while they fit the velocity; backlog
// iterations are filled the same way, one after another.
func (p *Project) replan(now time.Time) {
	cal := p.cal
	curN := cal.iterationAt(now)
	curStart := cal.iterStart(curN)
	iters := make([]*Iteration, 0, curN+4)
	for n := 1; n <= curN; n++ {
		scope := ScopeDone
		if n == curN {
			scope = ScopeCurrent
		}
		iters = append(iters, p.newIteration(n, scope))
	}
	var queue, icebox []*Story
	for _, s := range p.Stories {
		s.IterationNumber = 0
		switch {
		case s.State == StateAccepted && s.AcceptedAt != nil && s.AcceptedAt.Before(curStart):
			n := min(max(cal.iterationAt(*s.AcceptedAt), 1), curN-1)
			if n >= 1 {
				iters[n-1].Stories = append(iters[n-1].Stories, s)
			}
		case s.State == StateAccepted, s.State == StateStarted, s.State == StateFinished,
			s.State == StateDelivered, s.State == StateRejected:
			iters[curN-1].Stories = append(iters[curN-1].Stories, s)
		case s.State == StateUnscheduled:
			icebox = append(icebox, s)
		default:
			queue = append(queue, s)
		}
	}
	var pts, str []float64
	for _, it := range iters[:curN-1] {
		slices.SortStableFunc(it.Stories, byAcceptance)
		pts, str = append(pts, it.AcceptedPoints()), append(str, it.TeamStrength)
	}
	p.Velocity = velocityOf(pts, str, p.VelocityAveragedOver, p.InitialVelocity)

	cur := iters[curN-1]
	slices.SortStableFunc(cur.Stories, byAcceptance)
	slices.SortStableFunc(queue, byPosition)
	slices.SortStableFunc(icebox, byPosition)
	it, used := cur, cur.Points()
	for _, s := range queue {
		capacity := float64(p.Velocity) * it.TeamStrength
		if used+s.Points() > capacity && (it == cur || len(it.Stories) > 0) {
			it = p.newIteration(it.Number+1, ScopeBacklog)
			iters = append(iters, it)
			used = 0
		}
		it.Stories = append(it.Stories, s)
		used += s.Points()
	}
	ordered := make([]*Story, 0, len(p.Stories))
	for _, it := range iters {
		for _, s := range it.Stories {
			s.IterationNumber = it.Number
		}
		ordered = append(ordered, it.Stories...)
	}
	p.Iterations = iters
	p.Stories = append(ordered, icebox...)
}

func (p *Project) newIteration(n int, scope IterationScope) *Iteration {
	return &Iteration{Number: n, Scope: scope, Start: p.cal.iterStart(n), Finish: p.cal.iterStart(n + 1),
		TeamStrength: p.cal.strength(n), Length: p.IterationLength}
}

// byAcceptance puts accepted stories first, in acceptance order, then the
// rest by priority.
func byAcceptance(a, b *Story) int {
	aa, ba := a.State == StateAccepted && a.AcceptedAt != nil, b.State == StateAccepted && b.AcceptedAt != nil
	switch {
	case aa && ba:
		if c := a.AcceptedAt.Compare(*b.AcceptedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	case aa:
		return -1
	case ba:
		return 1
	}
	return byPosition(a, b)
}

func byPosition(a, b *Story) int {
	if c := cmp.Compare(a.Position, b.Position); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
