package ingest

import (
	"slices"
	"sort"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// mapProject keeps the Tracker settings sprintlens uses. The database
// allows iterations of 1 to 4 weeks, as Tracker does.
func mapProject(tp tracker.Project) sprintlens.Project {
	tz := tp.TimeZone.OlsonName
	if _, err := time.LoadLocation(tz); err != nil || tz == "" {
		tz = sprintlens.DefaultTimeZone
	}
	return sprintlens.Project{
		ID: tp.ID, Name: tp.Name, Source: sprintlens.SourceTracker, TimeZone: tz,
		IterationWeeks: min(max(tp.IterationLength, 1), 4), WeekStartDay: tp.WeekStartDay,
		PointScale: sprintlens.PointScale(tp.PointScale), CurrentIteration: tp.CurrentIterationNumber,
		Version: tp.Version,
	}
}

// calendar is a project's iterations in number order; windows do not
// overlap, so the one holding an instant is found by binary search.
type calendar []sprintlens.Iteration

// at returns the number of the iteration whose [Start, Finish) holds t.
func (c calendar) at(t time.Time) *int {
	i := sort.Search(len(c), func(i int) bool { return c[i].Start.After(t) }) - 1
	if i < 0 || !c[i].Contains(t) {
		return nil
	}
	n := c[i].Number
	return &n
}

// mergeIterations puts the stored done iterations, the done ones just read
// and the current and backlog ones just read into one list by number;
// what was read wins. current is the project's current iteration number.
func mergeIterations(pid int64, stored []sprintlens.Iteration, done, planned []tracker.Iteration, current int) calendar {
	byNum := map[int]sprintlens.Iteration{}
	for _, it := range stored {
		if it.Kind == sprintlens.IterationDone && (current == 0 || it.Number < current) {
			byNum[it.Number] = it
		}
	}
	add := func(it tracker.Iteration, kind string) {
		if !it.Finish.After(it.Start.Time) {
			return // the table requires finish > start; Tracker always sends both
		}
		byNum[it.Number] = sprintlens.Iteration{ProjectID: pid, Number: it.Number, Start: it.Start.Time,
			Finish: it.Finish.Time, TeamStrength: it.TeamStrength, Length: max(it.Length, 1), Kind: kind,
			TrackerVelocity: it.Velocity}
	}
	for _, it := range done {
		add(it, sprintlens.IterationDone)
	}
	for i, it := range planned {
		kind := sprintlens.IterationBacklog
		if it.Number == current || (current == 0 && i == 0) {
			kind = sprintlens.IterationCurrent
		} else if current != 0 && it.Number < current {
			kind = sprintlens.IterationDone
		}
		add(it, kind)
	}
	out := make(calendar, 0, len(byNum))
	for _, it := range byNum {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b sprintlens.Iteration) int { return a.Number - b.Number })
	return out
}

// storyMapper turns Tracker stories into domain stories.
type storyMapper struct {
	pid      int64
	people   map[int64]string // person id → name
	labels   map[int64]string // label id → name
	planIter map[int64]int    // story id → current or backlog iteration
	position map[int64]int    // story id → backlog order, from 1
	cal      calendar
}

func newStoryMapper(pid int64, p *pulled, cal calendar) *storyMapper {
	m := &storyMapper{pid: pid, people: map[int64]string{}, labels: map[int64]string{},
		planIter: map[int64]int{}, position: map[int64]int{}, cal: cal}
	for _, mb := range p.members {
		m.people[mb.Person.ID] = mb.Person.Name
	}
	for _, l := range p.labels {
		m.labels[l.ID] = l.Name
	}
	pos := 0
	for _, it := range p.planned {
		ids := it.StoryIDs
		if len(ids) == 0 {
			for _, st := range it.Stories {
				ids = append(ids, st.ID)
			}
		}
		for _, id := range ids {
			pos++
			m.planIter[id] = it.Number
			m.position[id] = pos
		}
	}
	return m
}

// planned reports whether the story sits in the current or a backlog iteration.
func (m *storyMapper) planned(id int64) bool {
	_, ok := m.planIter[id]
	return ok
}

func (m *storyMapper) story(ts tracker.Story) sprintlens.Story {
	st := sprintlens.Story{
		ProjectID: m.pid, ID: ts.ID, Name: ts.Name, Type: sprintlens.StoryType(ts.StoryType),
		State: sprintlens.StoryState(ts.CurrentState), Estimate: ts.Estimate, Position: m.position[ts.ID],
		Description: ts.Description, URL: ts.URL, RequestedBy: m.people[ts.RequestedByID],
		CreatedAt: ts.CreatedAt.Time, UpdatedAt: ts.UpdatedAt.Time,
		AcceptedAt: ts.AcceptedAt.Ptr(), Deadline: ts.Deadline.Ptr(),
	}
	if st.CreatedAt.IsZero() {
		st.CreatedAt = st.UpdatedAt
	}
	if n, ok := m.planIter[ts.ID]; ok {
		st.IterationNumber = &n
	} else if st.State == sprintlens.Accepted && st.AcceptedAt != nil {
		st.IterationNumber = m.cal.at(*st.AcceptedAt)
	}
	owners := ts.OwnerIDs
	if len(owners) == 0 && ts.OwnedByID != 0 {
		owners = []int64{ts.OwnedByID}
	}
	for _, id := range owners {
		if name := m.people[id]; name != "" {
			st.Owners = append(st.Owners, name)
		}
	}
	seen := map[int64]bool{}
	addLabel := func(id int64, name string) {
		if seen[id] {
			return // story_labels has one row per label
		}
		seen[id] = true
		if name == "" {
			name = m.labels[id]
		}
		st.LabelIDs = append(st.LabelIDs, id)
		if name != "" {
			st.Labels = append(st.Labels, name)
		}
	}
	for _, l := range ts.Labels {
		addLabel(l.ID, l.Name)
	}
	for _, id := range ts.LabelIDs {
		addLabel(id, "")
	}
	return st
}

func mapTeam(pid int64, p *pulled) ([]sprintlens.Person, []sprintlens.Label, []sprintlens.Epic) {
	people := make([]sprintlens.Person, 0, len(p.members))
	seen := map[int64]bool{}
	for _, mb := range p.members {
		if seen[mb.Person.ID] {
			continue
		}
		seen[mb.Person.ID] = true
		pp := mb.Person
		people = append(people, sprintlens.Person{ID: pp.ID, Name: pp.Name, Initials: pp.Initials, Username: pp.Username, Email: pp.Email})
	}
	labels := make([]sprintlens.Label, 0, len(p.labels))
	for _, l := range p.labels {
		labels = append(labels, sprintlens.Label{ProjectID: pid, ID: l.ID, Name: l.Name})
	}
	epics := make([]sprintlens.Epic, 0, len(p.epics))
	for _, e := range p.epics {
		epics = append(epics, sprintlens.Epic{ProjectID: pid, ID: e.ID, Name: e.Name, LabelID: e.Label.ID, LabelName: e.Label.Name})
	}
	return people, labels, epics
}
