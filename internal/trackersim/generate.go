package trackersim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Generate builds a deterministic dataset: the same Config always gives the
// same projects, stories, activities and versions.
func Generate(cfg Config) *Dataset {
	pl := cfg.plan()
	loc := time.FixedZone("JST", 9*60*60) // Asia/Tokyo has had no DST since 1951
	team := teamSize(pl.scale)
	me := newPerson(0)
	ds := &Dataset{Now: pl.now, Me: me, Projects: make([]*Project, pl.projects)}
	// Projects are independent (own random stream each), so they can be
	// built in parallel without changing the result.
	var wg sync.WaitGroup
	for i := range pl.projects {
		wg.Go(func() {
			people := []*Person{me}
			for k := range team - 1 {
				people = append(people, newPerson(1+i*(team-1)+k))
			}
			ds.Projects[i] = generateProject(pl, i, loc, people)
		})
	}
	wg.Wait()
	return ds
}

func teamSize(scale float64) int {
	return min(max(int(5*scale+0.5), 5), 50)
}

// newPerson makes the k-th person; the first five are the demo team
// (Haruto Sato, Yui Tanaka, Sota Suzuki, Aoi Takahashi, Ren Watanabe).
func newPerson(k int) *Person {
	given, family := givenNames(), familyNames()
	g := given[k%len(given)]
	f := family[(k+k/len(given)*3)%len(family)]
	user := strings.ToLower(g[:1] + f)
	if k >= len(given) {
		user = fmt.Sprintf("%s%d", user, k)
	}
	return &Person{
		ID:       3300001 + int64(k),
		Name:     g + " " + f,
		Initials: g[:1] + f[:1],
		Username: user,
		Email:    fmt.Sprintf("%s.%s%s@example.com", strings.ToLower(g), strings.ToLower(f), suffix(k, len(given))),
	}
}

func suffix(k, n int) string {
	if k < n {
		return ""
	}
	return fmt.Sprint(k)
}

// generateProject builds project i: skeleton, history, present, then plans it.
func generateProject(pl plan, i int, loc *time.Location, people []*Person) *Project {
	rng := rand.New(rand.NewPCG(uint64(pl.seed), uint64(i)*0x9E3779B97F4A7C15+1))
	cal := newCalendar(loc, pl.now, pl.weeks)
	names := projectNames()
	name := names[i%len(names)]
	if i >= len(names) {
		name = fmt.Sprintf("%s %d", name, i/len(names)+1)
	}
	created := cal.iterStart(1).AddDate(0, 0, -10).Add(11 * time.Hour)
	p := &Project{
		ID:                   DefaultProjectID + int64(i),
		Name:                 name,
		Description:          "Infrastructure work of the Tokyo SRE team: EKS migration, CloudFront, cost and on-call.",
		TimeZone:             "Asia/Tokyo",
		IterationLength:      1,
		WeekStartDay:         "Monday",
		PointScale:           "0,1,2,3,5,8",
		VelocityAveragedOver: 3,
		InitialVelocity:      10,
		AccountID:            1300001,
		StartTime:            cal.iterStart(1),
		CreatedAt:            created,
		UpdatedAt:            created,
		cal:                  cal,
		nextID:               190000001 + int64(i)*10_000_000,
	}
	for k, person := range people {
		role := "member"
		if k == 0 {
			role = "owner"
		}
		p.Memberships = append(p.Memberships, &Membership{
			ID: 11000001 + int64(i)*100 + int64(k), Person: person, Role: role,
			Color:     []string{"8100ea", "0f7b6c", "d03b3b", "2f6fdb", "c77700"}[k%5],
			CreatedAt: created.Add(time.Duration(k) * time.Minute), LastViewedAt: pl.now.Add(-time.Duration(k+1) * 37 * time.Minute).Truncate(time.Second),
		})
	}
	for k, spec := range labelSpecs() {
		at := created.Add(time.Duration(k) * time.Minute)
		p.Labels = append(p.Labels, &Label{ID: 25000001 + int64(i)*1000 + int64(k), Name: spec.name, CreatedAt: at, UpdatedAt: at})
	}
	for k, spec := range epicSpecs() {
		at := created.Add(time.Hour + time.Duration(k)*time.Minute)
		p.Epics = append(p.Epics, &Epic{ID: 5000001 + int64(i)*100 + int64(k), Name: spec.name, Description: spec.description,
			Label: p.LabelNamed(spec.label), CreatedAt: at, UpdatedAt: at})
	}
	g := newGen(rng, p, pl, people)
	g.history()
	g.present()
	g.finish()
	p.replan(pl.now)
	return p
}
