package trackersim

import (
	"net/http"
	"slices"
	"strings"
)

type wireMe struct {
	Kind                       string                  `json:"kind"`
	ID                         int64                   `json:"id"`
	Name                       string                  `json:"name"`
	Initials                   string                  `json:"initials"`
	Username                   string                  `json:"username"`
	TimeZone                   wireTimeZone            `json:"time_zone"`
	APIToken                   string                  `json:"api_token"`
	HasGoogleIdentity          bool                    `json:"has_google_identity"`
	Projects                   []wireMembershipSummary `json:"projects"`
	Email                      string                  `json:"email"`
	ReceivesInAppNotifications bool                    `json:"receives_in_app_notifications"`
	CreatedAt                  string                  `json:"created_at"`
	UpdatedAt                  string                  `json:"updated_at"`
}

type wireMembershipSummary struct {
	Kind         string `json:"kind"`
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"project_id"`
	ProjectName  string `json:"project_name"`
	ProjectColor string `json:"project_color"`
	Favorite     bool   `json:"favorite"`
	Role         string `json:"role"`
	LastViewedAt string `json:"last_viewed_at"`
}

// handleMe serves GET /me: the token owner and their project memberships.
func (s *Server) handleMe(_ *http.Request) response {
	me := s.ds.Me
	w := wireMe{Kind: "me", ID: me.ID, Name: me.Name, Initials: me.Initials, Username: me.Username,
		TimeZone: tokyoZone(), APIToken: s.token, Projects: []wireMembershipSummary{}, Email: me.Email,
		ReceivesInAppNotifications: true}
	for _, p := range s.ds.Projects {
		for _, m := range p.Memberships {
			if m.Person.ID != me.ID {
				continue
			}
			w.Projects = append(w.Projects, wireMembershipSummary{Kind: "membership_summary", ID: m.ID, ProjectID: p.ID,
				ProjectName: p.Name, ProjectColor: m.Color, Role: m.Role, LastViewedAt: fmtTime(m.LastViewedAt)})
		}
	}
	if len(s.ds.Projects) > 0 {
		first := s.ds.Projects[0]
		w.CreatedAt, w.UpdatedAt = fmtTime(first.CreatedAt.AddDate(0, -2, 0)), fmtTime(first.CreatedAt)
	}
	return ok(w, 0, nil)
}

// handleProjects serves GET /projects: every project (the token owner is in all).
func (s *Server) handleProjects(r *http.Request) response {
	f := parseFields(r.URL.Query().Get("fields"))
	items := make([][]byte, 0, len(s.ds.Projects))
	for _, p := range s.ds.Projects {
		b, err := f.render(toWireProject(p, f), "id")
		if err != nil {
			return serverError(err)
		}
		items = append(items, b)
	}
	return response{status: http.StatusOK, body: jsonList(items)}
}

// handleProject serves GET /projects/{id}.
func handleProject(r *http.Request, p *Project) response {
	f := parseFields(r.URL.Query().Get("fields"))
	b, err := f.render(toWireProject(p, f), "id")
	if err != nil {
		return serverError(err)
	}
	return response{status: http.StatusOK, body: b, version: p.Version}
}

// handleLabels serves GET /projects/{id}/labels (not paginated), by name as Tracker lists them.
func handleLabels(p *Project) response {
	out := make([]wireListLabel, 0, len(p.Labels))
	for _, l := range sortedLabels(p.Labels) {
		out = append(out, toWireListLabel(p, l))
	}
	return ok(out, p.Version, nil)
}

// handleEpics serves GET /projects/{id}/epics (not paginated).
func handleEpics(p *Project) response {
	out := make([]wireEpic, 0, len(p.Epics))
	for _, e := range p.Epics {
		out = append(out, toWireEpic(p, e))
	}
	return ok(out, p.Version, nil)
}

// handleEpic serves GET /projects/{id}/epics/{epic_id}.
func handleEpic(p *Project, id int64) response {
	for _, e := range p.Epics {
		if e.ID == id {
			return ok(toWireEpic(p, e), p.Version, nil)
		}
	}
	return unfoundResource()
}

// handleMemberships serves GET /projects/{id}/memberships with the person nested.
func handleMemberships(p *Project) response {
	out := make([]wireMembership, 0, len(p.Memberships))
	for _, m := range p.Memberships {
		out = append(out, toWireMembership(p, m))
	}
	return ok(out, p.Version, nil)
}

func sortedLabels(labels []*Label) []*Label {
	out := slices.Clone(labels)
	slices.SortFunc(out, func(a, b *Label) int { return strings.Compare(a.Name, b.Name) })
	return out
}
