package trackersim

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// gen holds the state of one project's generation.
type gen struct {
	rng    *rand.Rand
	p      *Project
	cal    calendar
	pl     plan
	people []*Person
	lead   int64 // accepts most stories and estimates in planning

	weeks, curN int     // done iterations; the current iteration's number
	nowX        float64 // work position of now
	span        float64 // working time elapsed in the current iteration (work weeks)
	linearCur   bool    // too little working time yet: spread current events in real time

	events  []event
	stories []*Story
	deleted []*Story
	points  []float64 // accepted points per done iteration, by number
	est     map[float64]*float64
	seq     int
	svc, bk []string

	labelSpecs                   []labelSpec
	bugTemplates, choreTemplates []struct{ label, name string }
}

// event is a story change before it gets its project version.
type event struct {
	at              time.Time
	seq             int
	story           *Story
	kind, highlight string
	from, to        string
	estChanged      bool
	fromEst, toEst  *float64
	by              int64
}

func newGen(rng *rand.Rand, p *Project, pl plan, people []*Person) *gen {
	g := &gen{rng: rng, p: p, cal: p.cal, pl: pl, people: people, lead: people[0].ID,
		weeks: pl.weeks, curN: pl.weeks + 1, est: map[float64]*float64{}, svc: services(), bk: buckets(),
		labelSpecs: labelSpecs(), bugTemplates: bugTemplates(), choreTemplates: choreTemplates()}
	g.nowX = g.cal.position(pl.now)
	g.span = g.nowX - float64(g.curN)
	if g.span < 0.02 {
		g.linearCur, g.span = true, 0.02
	}
	g.points = make([]float64, g.curN+1)
	return g
}

// timeAt turns a work position into a time; positions in the current
// iteration are squeezed before now.
func (g *gen) timeAt(x float64) time.Time {
	if x >= float64(g.curN) && g.linearCur {
		start := g.cal.iterStart(g.curN)
		f := (x - float64(g.curN)) / g.span
		return start.Add(time.Duration(f * float64(g.pl.now.Sub(start)))).Truncate(time.Second)
	}
	return g.cal.at(x)
}

// curX is a position in the current iteration's elapsed working time, f in [0,1).
func (g *gen) curX(f float64) float64 { return float64(g.curN) + f*g.span*0.98 }

// estPtr returns a shared pointer for activity records (never for stories,
// whose estimates a caller may edit).
func (g *gen) estPtr(v *float64) *float64 {
	if v == nil {
		return nil
	}
	if p, ok := g.est[*v]; ok {
		return p
	}
	p := new(float64)
	*p = *v
	g.est[*v] = p
	return p
}

func (g *gen) emit(e event) {
	g.seq++
	e.seq = g.seq
	g.events = append(g.events, e)
}

// newStory makes a story with an id, requester, owners, label and name.
func (g *gen) newStory(typ string, label *Label, name string) *Story {
	s := &Story{ID: g.p.nextID, Type: typ, Name: name, RequestedByID: g.requester()}
	g.p.nextID++
	s.OwnerIDs = g.owners()
	s.LabelIDs = []int64{}
	if label != nil {
		s.LabelIDs = append(s.LabelIDs, label.ID)
		if g.rng.Float64() < 0.12 && label.Name != "monitoring" {
			s.LabelIDs = append(s.LabelIDs, g.p.LabelNamed("monitoring").ID)
		}
	}
	if g.rng.Float64() < 0.35 {
		d := descriptions()
		s.Description = d[g.rng.IntN(len(d))]
	}
	return s
}

func (g *gen) requester() int64 {
	if g.rng.Float64() < 0.5 {
		return g.lead
	}
	return g.people[g.rng.IntN(len(g.people))].ID
}

func (g *gen) owners() []int64 {
	first := g.people[g.rng.IntN(len(g.people))].ID
	if g.rng.Float64() < 0.15 {
		second := g.people[g.rng.IntN(len(g.people))].ID
		if second != first {
			return []int64{first, second}
		}
	}
	return []int64{first}
}

// acceptor is who accepts or rejects: the requester, unless they did the work.
func (g *gen) acceptor(s *Story) int64 {
	if s.RequestedByID != s.OwnerIDs[0] {
		return s.RequestedByID
	}
	if s.OwnerIDs[0] != g.lead {
		return g.lead
	}
	return g.people[1%len(g.people)].ID
}

func (g *gen) create(s *Story, x float64, state string, est *float64) {
	at := g.timeAt(x)
	s.CreatedAt, s.UpdatedAt, s.State = at, at, state
	if est != nil {
		v := *est
		s.Estimate = &v
	}
	g.emit(event{at: at, story: s, kind: KindStoryCreate, highlight: "added", to: state, toEst: g.estPtr(est), estChanged: est != nil, by: s.RequestedByID})
}

func (g *gen) estimate(s *Story, x float64, v float64, by int64) {
	at := g.timeAt(x)
	g.emit(event{at: at, story: s, kind: KindStoryUpdate, highlight: "estimated", estChanged: true,
		fromEst: g.estPtr(s.Estimate), toEst: g.estPtr(&v), by: by})
	s.Estimate = &v
	s.UpdatedAt = at
}

func (g *gen) move(s *Story, x float64, to string, by int64) {
	at := g.timeAt(x)
	g.emit(event{at: at, story: s, kind: KindStoryUpdate, highlight: to, from: s.State, to: to, by: by})
	s.State, s.UpdatedAt = to, at
	if to == StateAccepted {
		s.AcceptedAt = &at
	}
}

func (g *gen) remove(s *Story, x float64) {
	g.emit(event{at: g.timeAt(x), story: s, kind: KindStoryDelete, highlight: "deleted", by: g.lead})
}

// finish orders all events in time, numbers them as project versions and
// turns them into activities and transitions.
func (g *gen) finish() {
	slices.SortFunc(g.events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	p := g.p
	p.Activities = make([]Activity, 0, len(g.events))
	last := map[int64]time.Time{}
	for i, e := range g.events {
		v := int64(i + 1)
		a := Activity{Kind: e.kind, Highlight: e.highlight, Version: v, StoryID: e.story.ID, PerformedByID: e.by,
			OccurredAt: e.at, PrevUpdatedAt: last[e.story.ID], FromState: e.from, ToState: e.to,
			EstimateChanged: e.estChanged, FromEstimate: e.fromEst, ToEstimate: e.toEst}
		p.Activities = append(p.Activities, a)
		last[e.story.ID] = e.at
		if e.kind == KindStoryUpdate && e.to != "" {
			p.Transitions = append(p.Transitions, Transition{StoryID: e.story.ID, State: e.to, Version: v, OccurredAt: e.at, PerformedByID: e.by})
		}
	}
	g.events = nil
	p.Version = int64(len(p.Activities))
	p.Stories = g.stories
	p.DeletedStories = g.deleted
	p.nextPos = len(g.stories) + 1
	p.index()
}

// fill replaces {s} and {b} in a name template.
func (g *gen) fill(tmpl string) string {
	tmpl = strings.ReplaceAll(tmpl, "{s}", g.svc[g.rng.IntN(len(g.svc))])
	return strings.ReplaceAll(tmpl, "{b}", g.bk[g.rng.IntN(len(g.bk))])
}
