package trackersim

import "math"

// The done history. Early iterations hold coarse stories (many 5s and 8s)
// that often carry over two or three iterations and bounce off acceptance;
// after a transition the team splits work finely (1, 2, 3) and finishes it
// within the iteration, so velocity steadies.

// phase is 0 in the coarse first ~16 weeks (of 52), 1 once stories are
// split finely, and ramps in between.
func (g *gen) phase(n int) float64 {
	coarse := float64(g.weeks) * 16 / 52
	ramp := float64(g.weeks) * 8 / 52
	return math.Min(math.Max((float64(n)-coarse)/ramp, 0), 1)
}

// mix interpolates two probability tables by ph and draws an index.
func (g *gen) mix(early, late []float64, ph float64) int {
	u := g.rng.Float64()
	acc := 0.0
	for i := range early {
		acc += early[i]*(1-ph) + late[i]*ph
		if u < acc {
			return i
		}
	}
	return len(early) - 1
}

func (g *gen) drawEstimate(ph float64) float64 {
	points := []float64{0, 1, 2, 3, 5, 8}
	return points[g.mix([]float64{0, 0.04, 0.08, 0.15, 0.35, 0.38}, []float64{0.04, 0.32, 0.37, 0.24, 0.03, 0}, ph)]
}

// carry is how many iterations before acceptance the story was started.
func (g *gen) carry(ph, est float64) int {
	late := []float64{0.95, 0.05, 0}
	if est >= 5 {
		late = []float64{0.82, 0.18, 0}
	}
	switch {
	case est >= 8:
		return g.mix([]float64{0.2, 0.45, 0.35}, late, ph)
	case est >= 5:
		return g.mix([]float64{0.55, 0.38, 0.07}, late, ph)
	}
	return g.mix([]float64{0.85, 0.15, 0}, late, ph)
}

// rejections is how many times delivery bounced before acceptance.
func (g *gen) rejections(ph, est float64) int {
	late := []float64{0.96, 0.04, 0}
	switch {
	case est >= 8:
		return g.mix([]float64{0.58, 0.30, 0.12}, late, ph)
	case est >= 5:
		return g.mix([]float64{0.82, 0.15, 0.03}, late, ph)
	}
	return g.mix([]float64{0.95, 0.05, 0}, late, ph)
}

// target is the points the team accepts in iteration n: volatile early,
// steady later, scaled by holidays and team size.
func (g *gen) target(n int, ph float64) float64 {
	mean := 20 + ph
	sd := 7*(1-ph) + 2*ph
	t := mean + math.Max(math.Min(g.rng.NormFloat64(), 2.2), -2.2)*sd
	return math.Max(t, 4) * g.cal.strength(n) * g.pl.scale
}

func (g *gen) pickLabel(n int) *Label {
	q := float64(n) / float64(g.curN)
	specs := g.labelSpecs
	total := 0.0
	for _, s := range specs {
		total += s.early*(1-q) + s.late*q
	}
	u := g.rng.Float64() * total
	for i, s := range specs {
		u -= s.early*(1-q) + s.late*q
		if u < 0 {
			return g.p.Labels[i]
		}
	}
	return g.p.Labels[len(specs)-1]
}

func (g *gen) featureName(label *Label, est float64) string {
	t := fineTemplates(label.Name)
	if est >= 5 {
		t = coarseTemplates(label.Name)
	}
	return g.fill(t[g.rng.IntN(len(t))])
}

// history generates the done iterations 1..weeks.
func (g *gen) history() {
	reestAt := map[int]bool{int(math.Round(float64(g.weeks) * 0.2)): true, int(math.Round(float64(g.weeks) * 0.6)): true}
	for n := 1; n <= g.weeks; n++ {
		ph := g.phase(n)
		target := g.target(n, ph)
		for sum := 0.0; sum < target; {
			v := g.drawEstimate(ph)
			reest := v >= 2 && (reestAt[n] || g.rng.Float64() < 0.002)
			if reest {
				delete(reestAt, n)
			}
			label := g.pickLabel(n)
			s := g.newStory(TypeFeature, label, g.featureName(label, v))
			g.doneStory(s, n, &v, ph, reest)
			sum += v
		}
		strength := g.cal.strength(n) * g.pl.scale
		for range g.poisson(1.5 * strength) {
			b := g.bugTemplates[g.rng.IntN(len(g.bugTemplates))]
			g.doneStory(g.newStory(TypeBug, g.p.LabelNamed(b.label), g.fill(b.name)), n, nil, ph, false)
		}
		for range g.poisson(1.2 * strength) {
			c := g.choreTemplates[g.rng.IntN(len(g.choreTemplates))]
			g.doneStory(g.newStory(TypeChore, g.p.LabelNamed(c.label), g.fill(c.name)), n, nil, ph, false)
		}
	}
}

// doneStory gives s a full life ending in acceptance during iteration n.
func (g *gen) doneStory(s *Story, n int, est *float64, ph float64, reest bool) {
	pts := 0.0
	if est != nil {
		pts = *est
	}
	carry, rejects := 0, 0
	switch s.Type {
	case TypeChore:
		if g.rng.Float64() < 0.05 {
			carry = 1
		}
	default:
		carry, rejects = g.carry(ph, pts), g.rejections(ph, pts)
	}
	ks := max(1, n-carry)
	u := g.rng.Float64
	var xs, xa float64
	if ks == n {
		xs = float64(n) + u()*0.55
		xa = xs + 0.08 + u()*(float64(n)+0.97-xs-0.08)
	} else {
		xs = float64(ks) + 0.15 + u()*0.8
		xa = float64(n) + 0.02 + u()*0.95
	}
	xc := xs - 0.15 - u()*4
	if xc < 0.05 {
		xc = 0.05 + u()*0.5
	}
	g.life(s, xc, xs, xa, est, reest, rejects, StateAccepted)
	g.points[n] += pts
	g.stories = append(g.stories, s)
}

// life emits a story's creation, estimate and state changes: created at xc,
// started at xs, reaching final at xe, with rejects bounces on the way.
func (g *gen) life(s *Story, xc, xs, xe float64, est *float64, reest bool, rejects int, final string) {
	initial := est
	var lower float64
	if reest {
		lower = lowerPoint(*est)
		initial = &lower
	}
	late := est != nil && s.Type == TypeFeature && g.rng.Float64() < 0.3
	if late {
		g.create(s, xc, StateUnstarted, nil)
		g.estimate(s, xc+(xs-xc)*(0.2+0.6*g.rng.Float64()), *initial, g.lead)
	} else {
		g.create(s, xc, StateUnstarted, initial)
	}
	steps := flow(s.Type, rejects, final)
	owner := s.OwnerIDs[0]
	g.move(s, xs, StateStarted, owner)
	m := len(steps)
	for k, st := range steps {
		x := xe
		if k < m-1 {
			x = xs + (xe-xs)*(float64(k+1)+(g.rng.Float64()-0.5)*0.5)/float64(m)
		}
		if reest && k == 0 {
			g.estimate(s, xs+(x-xs)*0.5, *est, owner)
		}
		by := owner
		if st == StateAccepted || st == StateRejected {
			by = g.acceptor(s)
		}
		g.move(s, x, st, by)
	}
	if reest && m == 0 {
		g.estimate(s, xs+(xe-xs)*0.5+0.001, *est, owner)
	}
}

// flow lists the states after "started" up to final; chores skip
// finished and delivered, and the restart after a rejection is included.
func flow(typ string, rejects int, final string) []string {
	if final == StateStarted {
		return nil
	}
	if typ == TypeChore {
		return []string{StateAccepted}
	}
	var out []string
	for range rejects {
		out = append(out, StateFinished, StateDelivered, StateRejected, StateStarted)
	}
	for _, st := range []string{StateFinished, StateDelivered, StateAccepted} {
		if final == StateRejected && st == StateAccepted {
			st = StateRejected
		}
		out = append(out, st)
		if st == final {
			break
		}
	}
	return out
}

func lowerPoint(v float64) float64 {
	switch {
	case v >= 8:
		return 5
	case v >= 5:
		return 3
	case v >= 3:
		return 2
	}
	return 1
}

// poisson draws a count with the given mean.
func (g *gen) poisson(mean float64) int {
	if mean > 30 {
		return max(0, int(math.Round(mean+g.rng.NormFloat64()*math.Sqrt(mean))))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= g.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
