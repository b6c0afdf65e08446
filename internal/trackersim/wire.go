package trackersim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// JSON shapes of Tracker API v5 resources. Field order follows the recorded
// responses in shared/tracker-fixtures so a diff against a real body reads
// naturally; optional fields are left out the way Tracker leaves them out.

func fmtTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// decimalPoints marshals like Tracker's effective_points: always with a
// decimal point ("9.0").
type decimalPoints float64

// MarshalJSON writes the number with at least one decimal.
func (d decimalPoints) MarshalJSON() ([]byte, error) {
	f := float64(d)
	if f == float64(int64(f)) {
		return []byte(strconv.FormatFloat(f, 'f', 1, 64)), nil
	}
	return []byte(strconv.FormatFloat(f, 'f', -1, 64)), nil
}

type wireTimeZone struct {
	Kind      string `json:"kind"`
	OlsonName string `json:"olson_name"`
	Offset    string `json:"offset"`
}

func tokyoZone() wireTimeZone {
	return wireTimeZone{Kind: "time_zone", OlsonName: "Asia/Tokyo", Offset: "+09:00"}
}

type wireProject struct {
	ID                           int64            `json:"id"`
	Kind                         string           `json:"kind"`
	Name                         string           `json:"name"`
	Version                      int64            `json:"version"`
	IterationLength              int              `json:"iteration_length"`
	WeekStartDay                 string           `json:"week_start_day"`
	PointScale                   string           `json:"point_scale"`
	PointScaleIsCustom           bool             `json:"point_scale_is_custom"`
	BugsAndChoresAreEstimatable  bool             `json:"bugs_and_chores_are_estimatable"`
	AutomaticPlanning            bool             `json:"automatic_planning"`
	EnableTasks                  bool             `json:"enable_tasks"`
	TimeZone                     wireTimeZone     `json:"time_zone"`
	VelocityAveragedOver         int              `json:"velocity_averaged_over"`
	NumberOfDoneIterationsToShow int              `json:"number_of_done_iterations_to_show"`
	HasGoogleDomain              bool             `json:"has_google_domain"`
	Description                  string           `json:"description,omitempty"`
	EnableIncomingEmails         bool             `json:"enable_incoming_emails"`
	InitialVelocity              int              `json:"initial_velocity"`
	Public                       bool             `json:"public"`
	AtomEnabled                  bool             `json:"atom_enabled"`
	ProjectType                  string           `json:"project_type"`
	StartDate                    string           `json:"start_date"`
	StartTime                    string           `json:"start_time"`
	CreatedAt                    string           `json:"created_at"`
	UpdatedAt                    string           `json:"updated_at"`
	Epics                        *[]wireEpic      `json:"epics,omitempty"`
	Labels                       *[]wireListLabel `json:"labels,omitempty"`
	AccountID                    int64            `json:"account_id"`
	CurrentIterationNumber       int              `json:"current_iteration_number"`
	CurrentVelocity              *int             `json:"current_velocity,omitempty"`
	EnableFollowing              bool             `json:"enable_following"`
}

func toWireProject(p *Project, f fieldSet) wireProject {
	w := wireProject{
		ID: p.ID, Kind: "project", Name: p.Name, Version: p.Version, IterationLength: p.IterationLength,
		WeekStartDay: p.WeekStartDay, PointScale: p.PointScale, AutomaticPlanning: true, EnableTasks: true,
		TimeZone: tokyoZone(), VelocityAveragedOver: p.VelocityAveragedOver, NumberOfDoneIterationsToShow: 12,
		Description: p.Description, EnableIncomingEmails: true, InitialVelocity: p.InitialVelocity,
		ProjectType: "private", StartDate: p.StartTime.In(p.cal.loc).Format("2006-01-02"),
		StartTime: fmtTime(p.StartTime), CreatedAt: fmtTime(p.CreatedAt), UpdatedAt: fmtTime(p.UpdatedAt),
		AccountID: p.AccountID, CurrentIterationNumber: p.Current().Number, EnableFollowing: true,
	}
	if f.has("epics") {
		epics := make([]wireEpic, 0, len(p.Epics))
		for _, e := range p.Epics {
			epics = append(epics, toWireEpic(p, e))
		}
		w.Epics = &epics
	}
	if f.has("labels") {
		labels := make([]wireListLabel, 0, len(p.Labels))
		for _, l := range p.Labels {
			labels = append(labels, toWireListLabel(p, l))
		}
		w.Labels = &labels
	}
	if f.has("current_velocity") {
		v := p.Velocity
		w.CurrentVelocity = &v
	}
	return w
}

// wireLabel is a label embedded in a story or epic; wireListLabel is the
// same resource as the labels endpoint orders it.
type wireLabel struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

type wireListLabel struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Name      string `json:"name"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func toWireLabel(p *Project, l *Label) wireLabel {
	return wireLabel{ID: l.ID, ProjectID: p.ID, Kind: "label", Name: l.Name, CreatedAt: fmtTime(l.CreatedAt), UpdatedAt: fmtTime(l.UpdatedAt)}
}

func toWireListLabel(p *Project, l *Label) wireListLabel {
	return wireListLabel{Kind: "label", ID: l.ID, ProjectID: p.ID, Name: l.Name, CreatedAt: fmtTime(l.CreatedAt), UpdatedAt: fmtTime(l.UpdatedAt)}
}

type wireEpic struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	CreatedAt   string    `json:"created_at"`
	UpdatedAt   string    `json:"updated_at"`
	ProjectID   int64     `json:"project_id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	URL         string    `json:"url"`
	Label       wireLabel `json:"label"`
}

func toWireEpic(p *Project, e *Epic) wireEpic {
	return wireEpic{ID: e.ID, Kind: "epic", CreatedAt: fmtTime(e.CreatedAt), UpdatedAt: fmtTime(e.UpdatedAt), ProjectID: p.ID,
		Name: e.Name, Description: e.Description, URL: fmt.Sprintf("https://www.pivotaltracker.com/epic/show/%d", e.ID),
		Label: toWireLabel(p, e.Label)}
}

type wirePerson struct {
	Kind     string `json:"kind"`
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Initials string `json:"initials"`
	Username string `json:"username"`
}

func toWirePerson(p *Person) wirePerson {
	return wirePerson{Kind: "person", ID: p.ID, Name: p.Name, Email: p.Email, Initials: p.Initials, Username: p.Username}
}

type wireMembership struct {
	Kind                                    string     `json:"kind"`
	ID                                      int64      `json:"id"`
	Person                                  wirePerson `json:"person"`
	ProjectID                               int64      `json:"project_id"`
	Role                                    string     `json:"role"`
	ProjectColor                            string     `json:"project_color"`
	Favorite                                bool       `json:"favorite"`
	LastViewedAt                            string     `json:"last_viewed_at"`
	WantsCommentNotificationEmails          bool       `json:"wants_comment_notification_emails"`
	WillReceiveMentionNotificationsOrEmails bool       `json:"will_receive_mention_notifications_or_emails"`
}

func toWireMembership(p *Project, m *Membership) wireMembership {
	return wireMembership{Kind: "project_membership", ID: m.ID, Person: toWirePerson(m.Person), ProjectID: p.ID, Role: m.Role,
		ProjectColor: m.Color, LastViewedAt: fmtTime(m.LastViewedAt), WantsCommentNotificationEmails: true,
		WillReceiveMentionNotificationsOrEmails: true}
}

type wireStory struct {
	Kind          string        `json:"kind"`
	ID            int64         `json:"id"`
	CreatedAt     string        `json:"created_at"`
	UpdatedAt     string        `json:"updated_at"`
	AcceptedAt    string        `json:"accepted_at,omitempty"`
	Estimate      *float64      `json:"estimate,omitempty"`
	StoryType     string        `json:"story_type"`
	Name          string        `json:"name"`
	Description   string        `json:"description,omitempty"`
	CurrentState  string        `json:"current_state"`
	RequestedByID int64         `json:"requested_by_id"`
	URL           string        `json:"url"`
	ProjectID     int64         `json:"project_id"`
	OwnerIDs      []int64       `json:"owner_ids"`
	Owners        *[]wirePerson `json:"owners,omitempty"`
	Labels        []wireLabel   `json:"labels"`
	OwnedByID     int64         `json:"owned_by_id,omitempty"`
}

func storyURL(id int64) string {
	return "https://www.pivotaltracker.com/story/show/" + strconv.FormatInt(id, 10)
}

func toWireStory(p *Project, s *Story, f fieldSet) wireStory {
	w := wireStory{Kind: "story", ID: s.ID, CreatedAt: fmtTime(s.CreatedAt), UpdatedAt: fmtTime(s.UpdatedAt),
		Estimate: s.Estimate, StoryType: s.Type, Name: s.Name, Description: s.Description, CurrentState: s.State,
		RequestedByID: s.RequestedByID, URL: storyURL(s.ID), ProjectID: p.ID, OwnerIDs: s.OwnerIDs, Labels: []wireLabel{}}
	if w.OwnerIDs == nil {
		w.OwnerIDs = []int64{}
	}
	if s.AcceptedAt != nil {
		w.AcceptedAt = fmtTime(*s.AcceptedAt)
	}
	if len(s.OwnerIDs) > 0 {
		w.OwnedByID = s.OwnerIDs[0]
	}
	for _, id := range s.LabelIDs {
		if l := p.Label(id); l != nil {
			w.Labels = append(w.Labels, toWireLabel(p, l))
		}
	}
	if f.has("owners") {
		owners := []wirePerson{}
		for _, id := range s.OwnerIDs {
			if person := p.Person(id); person != nil {
				owners = append(owners, toWirePerson(person))
			}
		}
		w.Owners = &owners
	}
	return w
}

// storyJSON renders one story honouring the fields selection.
func storyJSON(p *Project, s *Story, f fieldSet) (json.RawMessage, error) {
	return f.render(toWireStory(p, s, f), "id")
}

type wireIteration struct {
	Velocity        *float64           `json:"velocity,omitempty"`
	Points          *float64           `json:"points,omitempty"`
	AcceptedPoints  *float64           `json:"accepted_points,omitempty"`
	EffectivePoints *decimalPoints     `json:"effective_points,omitempty"`
	Number          int                `json:"number"`
	ProjectID       int64              `json:"project_id"`
	Length          int                `json:"length"`
	TeamStrength    float64            `json:"team_strength"`
	Stories         *[]json.RawMessage `json:"stories,omitempty"`
	Start           string             `json:"start"`
	Finish          string             `json:"finish"`
	Kind            string             `json:"kind"`
}

// iterationJSON renders an iteration; stories are embedded unless the
// fields selection leaves them out.
func iterationJSON(p *Project, it *Iteration, f fieldSet) (json.RawMessage, error) {
	w := wireIteration{Number: it.Number, ProjectID: p.ID, Length: it.Length, TeamStrength: it.TeamStrength,
		Start: fmtTime(it.Start), Finish: fmtTime(it.Finish), Kind: "iteration"}
	if f.has("velocity") {
		v := float64(p.Velocity)
		w.Velocity = &v
	}
	if f.has("points") {
		v := it.Points()
		w.Points = &v
	}
	if f.has("accepted_points") {
		v := it.AcceptedPoints()
		w.AcceptedPoints = &v
	}
	if f.has("effective_points") {
		v := decimalPoints(it.Points())
		if it.TeamStrength > 0 {
			v = decimalPoints(it.Points() / it.TeamStrength)
		}
		w.EffectivePoints = &v
	}
	if f.hasOrDefault("stories") {
		sub := f.sub("stories")
		stories := make([]json.RawMessage, 0, len(it.Stories))
		for _, s := range it.Stories {
			b, err := storyJSON(p, s, sub)
			if err != nil {
				return nil, err
			}
			stories = append(stories, b)
		}
		w.Stories = &stories
	}
	return f.render(w, "number")
}
