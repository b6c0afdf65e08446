package tracker

// Project is a Tracker project (kind "project") with the settings that shape
// its iterations and velocity.
type Project struct {
	Kind    string `json:"kind"`
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Version int64  `json:"version"` // bumps with every change in the project
	// IterationLength is in weeks.
	IterationLength              int      `json:"iteration_length"`
	WeekStartDay                 string   `json:"week_start_day"` // "Monday"
	PointScale                   string   `json:"point_scale"`    // "0,1,2,3,5,8"
	PointScaleIsCustom           bool     `json:"point_scale_is_custom"`
	BugsAndChoresAreEstimatable  bool     `json:"bugs_and_chores_are_estimatable"`
	AutomaticPlanning            bool     `json:"automatic_planning"`
	TimeZone                     TimeZone `json:"time_zone"`
	VelocityAveragedOver         int      `json:"velocity_averaged_over"`
	NumberOfDoneIterationsToShow int      `json:"number_of_done_iterations_to_show"`
	InitialVelocity              int      `json:"initial_velocity"`
	// CurrentVelocity is only sent when asked for by fields=.
	CurrentVelocity        float64 `json:"current_velocity"`
	CurrentIterationNumber int     `json:"current_iteration_number"`
	StartDate              string  `json:"start_date,omitempty"` // "2011-09-14", older projects only
	StartTime              Time    `json:"start_time"`
	CreatedAt              Time    `json:"created_at"`
	UpdatedAt              Time    `json:"updated_at"`
	AccountID              int64   `json:"account_id"`
	Public                 bool    `json:"public"`
	ProjectType            string  `json:"project_type,omitempty"`
	Description            string  `json:"description,omitempty"`
	// Labels and Epics are present only when requested as nested fields.
	Labels []Label `json:"labels,omitempty"`
	Epics  []Epic  `json:"epics,omitempty"`
}

// TimeZone is Tracker's time zone resource: an Olson name and the offset it
// had when the response was made.
type TimeZone struct {
	Kind      string `json:"kind"`
	OlsonName string `json:"olson_name"` // "Asia/Tokyo"
	Offset    string `json:"offset"`     // "+09:00"
}

// Label is a project label (kind "label"). Nested labels may carry only ID
// and Name.
type Label struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Name      string `json:"name"`
	CreatedAt Time   `json:"created_at"`
	UpdatedAt Time   `json:"updated_at"`
}

// Epic is a Tracker epic (kind "epic"). Its stories are those carrying Label.
type Epic struct {
	Kind        string `json:"kind"`
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
	Label       Label  `json:"label"`
	CreatedAt   Time   `json:"created_at"`
	UpdatedAt   Time   `json:"updated_at"`
}

// Person is a Tracker user as it appears in memberships, owners and activity.
type Person struct {
	Kind     string `json:"kind"`
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"`
	Initials string `json:"initials"`
	Username string `json:"username,omitempty"`
}

// Membership is a project membership (kind "project_membership"): a person
// and their role in the project.
type Membership struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Role      string `json:"role"` // "owner", "member", "viewer"
	Person    Person `json:"person"`
	CreatedAt Time   `json:"created_at"`
	UpdatedAt Time   `json:"updated_at"`
}

// Me is the person the token belongs to (GET /me). The api_token field
// Tracker echoes back is deliberately not decoded.
type Me struct {
	Kind      string              `json:"kind"`
	ID        int64               `json:"id"`
	Name      string              `json:"name"`
	Initials  string              `json:"initials"`
	Username  string              `json:"username"`
	Email     string              `json:"email"`
	TimeZone  TimeZone            `json:"time_zone"`
	Projects  []MembershipSummary `json:"projects"`
	CreatedAt Time                `json:"created_at"`
	UpdatedAt Time                `json:"updated_at"`
}

// MembershipSummary is one project the token can see (kind
// "membership_summary"), as listed in Me.
type MembershipSummary struct {
	Kind         string `json:"kind"`
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"project_id"`
	ProjectName  string `json:"project_name"`
	ProjectColor string `json:"project_color"`
	Favorite     bool   `json:"favorite"`
	Role         string `json:"role"`
	LastViewedAt Time   `json:"last_viewed_at"`
}
