package tracker

import "encoding/json"

// Activity is one entry of a project's activity feed, and also the body
// Tracker POSTs to an activity webhook. Kind names what happened
// ("story_update_activity", "story_move_activity", ...).
type Activity struct {
	Kind               string     `json:"kind"`
	GUID               string     `json:"guid"` // "<project id>_<project version>"
	ProjectVersion     int64      `json:"project_version"`
	Message            string     `json:"message"`
	Highlight          string     `json:"highlight"` // "started", "accepted", "estimated", ...
	Changes            []Change   `json:"changes"`
	PrimaryResources   []Resource `json:"primary_resources"`
	SecondaryResources []Resource `json:"secondary_resources,omitempty"`
	Project            Resource   `json:"project"`
	PerformedBy        Person     `json:"performed_by"`
	OccurredAt         Time       `json:"occurred_at"`
}

// Change is one resource an activity touched. For an update, OriginalValues
// and NewValues hold only the attributes that changed.
type Change struct {
	Kind           string `json:"kind"`        // resource kind: "story", "comment", "label", ...
	ChangeType     string `json:"change_type"` // "create", "update", "delete"
	ID             int64  `json:"id"`
	OriginalValues Values `json:"original_values,omitempty"`
	NewValues      Values `json:"new_values,omitempty"`
	Name           string `json:"name,omitempty"`
	StoryType      string `json:"story_type,omitempty"`
}

// Resource is the short form of a resource an activity refers to.
type Resource struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	StoryType string `json:"story_type,omitempty"`
	URL       string `json:"url,omitempty"`
}

// Values are the attributes in a Change, kept raw because their shape
// depends on the resource kind. Decode reads one into a typed variable;
// timestamps among them decode into Time whichever form they take.
type Values map[string]json.RawMessage

// Has reports whether key is present, even with a null value (an estimate
// that was removed is present and null).
func (v Values) Has(key string) bool {
	_, ok := v[key]
	return ok
}

// Decode unmarshals the value under key into dst and reports whether the key
// was present. A null leaves dst unchanged (a pointer stays nil).
func (v Values) Decode(key string, dst any) (bool, error) {
	raw, ok := v[key]
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return true, err
	}
	return true, nil
}
