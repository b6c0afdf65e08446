package trackersim

import "math"

// The present: the current iteration in progress, a planned backlog, the
// icebox and a few deleted stories.

// velocity is Tracker's: the average of the last VelocityAveragedOver done
// iterations' accepted points, each divided by its team strength, rounded down.
func velocityOf(points, strengths []float64, over, initial int) int {
	sum, n := 0.0, 0
	for i := len(points) - 1; i >= 0 && n < over; i-- {
		if strengths[i] <= 0 {
			continue
		}
		sum += points[i] / strengths[i]
		n++
	}
	if n == 0 {
		return initial
	}
	return int(math.Floor(sum / float64(n)))
}

func (g *gen) present() {
	var pts, str []float64
	for n := 1; n <= g.weeks; n++ {
		pts, str = append(pts, g.points[n]), append(str, g.cal.strength(n))
	}
	v := velocityOf(pts, str, g.p.VelocityAveragedOver, g.p.InitialVelocity)
	capacity := float64(v) * g.cal.strength(g.curN)
	k := max(1, int(math.Round(g.pl.scale)))
	used := 0.0
	for i := range k {
		used += g.current(TypeFeature, StateAccepted, true, false)
		used += g.current(TypeFeature, StateAccepted, false, false)
		used += g.current(TypeFeature, StateDelivered, false, false)
		used += g.current(TypeFeature, StateFinished, true, false)
		used += g.current(TypeFeature, StateStarted, true, false)
		used += g.current(TypeFeature, StateStarted, false, i == 0)
		used += g.current(TypeFeature, StateRejected, false, false)
		used += g.current(TypeBug, StateStarted, false, false)
	}
	for used < capacity {
		used += g.current(TypeFeature, StateUnstarted, false, false)
	}
	for range k {
		g.current(TypeChore, StateUnstarted, false, false)
	}
	g.backlog(3*capacity, k)
	g.icebox(16 * k)
	for range 3 * k {
		g.deletedStory()
	}
	g.fitTarget()
}

// current adds a story of the current iteration that has reached state;
// carried stories were started in the previous iteration. It returns the
// story's points.
func (g *gen) current(typ, state string, carried, reest bool) float64 {
	var label *Label
	var s *Story
	var est *float64
	switch typ {
	case TypeFeature:
		v := g.drawEstimate(1)
		if reest && v < 2 {
			v = 2
		}
		est = &v
		label = g.pickLabel(g.curN)
		s = g.newStory(typ, label, g.featureName(label, v))
	case TypeBug:
		b := g.bugTemplates[g.rng.IntN(len(g.bugTemplates))]
		s = g.newStory(typ, g.p.LabelNamed(b.label), g.fill(b.name))
	default:
		c := g.choreTemplates[g.rng.IntN(len(g.choreTemplates))]
		s = g.newStory(typ, g.p.LabelNamed(c.label), g.fill(c.name))
	}
	u := g.rng.Float64
	xs := g.curX(u() * 0.5)
	if carried {
		xs = float64(g.weeks) + 0.6 + u()*0.35
	}
	xc := math.Max(xs-0.2-u()*3, 0.05)
	s.Position = g.nextPosition()
	if state == StateUnstarted {
		g.create(s, math.Min(xc, g.nowX-0.01), StateUnstarted, est)
	} else {
		g.life(s, xc, xs, g.curX(0.55+u()*0.43), est, reest, 0, state)
	}
	g.stories = append(g.stories, s)
	return s.Points()
}

func (g *gen) nextPosition() int {
	g.p.nextPos++
	return g.p.nextPos
}

// pastX is a random position in the last `back` work weeks before now.
func (g *gen) pastX(back float64) float64 {
	return math.Max(g.nowX-0.005-g.rng.Float64()*back, 0.05)
}

// backlog adds unstarted stories worth about points, with k too-big
// 8-pointers and k unestimated features among the first two sprints' worth.
func (g *gen) backlog(points float64, k int) {
	for i, sum := 0, 0.0; sum < points; i++ {
		var s *Story
		var est *float64
		label := g.pickLabel(g.curN)
		switch {
		case i%4 == 1 && i/4 < 2*k: // 8-pointers at 1, 5, ...: too big, waiting to be split
			v := 8.0
			est = &v
			t := coarseTemplates(label.Name)
			s = g.newStory(TypeFeature, label, g.fill(t[g.rng.IntN(len(t))]))
		case i%4 == 3 && i/4 < 2*k: // unestimated features at 3, 7, ...
			s = g.newStory(TypeFeature, label, g.featureName(label, 1))
		case i%5 == 4:
			b := g.bugTemplates[g.rng.IntN(len(g.bugTemplates))]
			s = g.newStory(TypeBug, g.p.LabelNamed(b.label), g.fill(b.name))
		default:
			v := g.drawEstimate(1)
			est = &v
			s = g.newStory(TypeFeature, label, g.featureName(label, v))
		}
		xc := g.pastX(5)
		if est != nil && g.rng.Float64() < 0.4 {
			g.create(s, xc, StateUnstarted, nil)
			g.estimate(s, xc+(g.nowX-xc)*g.rng.Float64()*0.9, *est, g.lead)
		} else {
			g.create(s, xc, StateUnstarted, est)
		}
		s.Position = g.nextPosition()
		sum += s.Points()
		g.stories = append(g.stories, s)
	}
}

// icebox adds n unscheduled stories collected over the whole history.
func (g *gen) icebox(n int) {
	for range n {
		g.iceboxStory()
	}
}

func (g *gen) iceboxStory() *Story {
	label := g.pickLabel(g.rng.IntN(g.curN) + 1)
	var s *Story
	var est *float64
	switch u := g.rng.Float64(); {
	case u < 0.6:
		if g.rng.Float64() < 0.5 {
			v := g.drawEstimate(g.rng.Float64())
			est = &v
		}
		s = g.newStory(TypeFeature, label, g.featureName(label, 1))
	case u < 0.8:
		b := g.bugTemplates[g.rng.IntN(len(g.bugTemplates))]
		s = g.newStory(TypeBug, g.p.LabelNamed(b.label), g.fill(b.name))
	default:
		c := g.choreTemplates[g.rng.IntN(len(g.choreTemplates))]
		s = g.newStory(TypeChore, g.p.LabelNamed(c.label), g.fill(c.name))
	}
	g.create(s, g.pastX(g.nowX-1), StateUnscheduled, est)
	s.Position = g.nextPosition()
	g.stories = append(g.stories, s)
	return s
}

// deletedStory is created, lives a few days and is deleted.
func (g *gen) deletedStory() {
	label := g.pickLabel(g.curN)
	s := g.newStory(TypeFeature, label, g.featureName(label, 1))
	xc := g.pastX(g.nowX - 1)
	state := StateUnstarted
	if g.rng.Float64() < 0.5 {
		state = StateUnscheduled
	}
	g.create(s, xc, state, nil)
	g.remove(s, xc+(g.nowX-xc)*(0.1+0.5*g.rng.Float64()))
	g.deleted = append(g.deleted, s)
}

// fitTarget makes the live story count exactly the configured target by
// topping up the icebox, or trimming it when the history overshot.
func (g *gen) fitTarget() {
	if g.pl.target == 0 {
		return
	}
	for len(g.stories) < g.pl.target {
		g.iceboxStory()
	}
	drop := map[*Story]bool{}
	for i := len(g.stories) - 1; i >= 0 && len(g.stories)-len(drop) > g.pl.target; i-- {
		if s := g.stories[i]; s.State == StateUnscheduled {
			drop[s] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	keep := g.stories[:0]
	for _, s := range g.stories {
		if !drop[s] {
			keep = append(keep, s)
		}
	}
	g.stories = keep
	events := g.events[:0]
	for _, e := range g.events {
		if !drop[e.story] {
			events = append(events, e)
		}
	}
	g.events = events
}
