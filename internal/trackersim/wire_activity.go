package trackersim

import (
	"bytes"
	"fmt"
	"strconv"
)

// kv is one entry of an ordered JSON object (original_values, new_values).
type kv struct {
	k string
	v any
}

type orderedValues []kv

// MarshalJSON writes the entries in order (encoding/json would sort map keys).
func (o orderedValues) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(e.k)
		v, err := marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type wireActivity struct {
	Kind               string         `json:"kind"`
	GUID               string         `json:"guid"`
	ProjectVersion     int64          `json:"project_version"`
	Message            string         `json:"message"`
	Highlight          string         `json:"highlight"`
	Changes            []wireChange   `json:"changes"`
	PrimaryResources   []wireResource `json:"primary_resources"`
	SecondaryResources []wireResource `json:"secondary_resources"`
	Project            wireProjectRef `json:"project"`
	PerformedBy        wirePersonRef  `json:"performed_by"`
	OccurredAt         string         `json:"occurred_at"`
}

type wireChange struct {
	Kind           string        `json:"kind"`
	ChangeType     string        `json:"change_type"`
	ID             int64         `json:"id"`
	OriginalValues orderedValues `json:"original_values,omitempty"`
	NewValues      orderedValues `json:"new_values,omitempty"`
	Name           string        `json:"name"`
	StoryType      string        `json:"story_type"`
}

type wireResource struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	StoryType string `json:"story_type"`
	URL       string `json:"url"`
}

type wireProjectRef struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type wirePersonRef struct {
	Kind     string `json:"kind"`
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Initials string `json:"initials"`
}

func toWireActivity(p *Project, a *Activity) wireActivity {
	s := p.storyAny(a.StoryID)
	by := p.Person(a.PerformedByID)
	if by == nil {
		by = &Person{ID: a.PerformedByID, Name: "Former member", Initials: "FM"}
	}
	ch := wireChange{Kind: "story", ID: s.ID, Name: s.Name, StoryType: s.Type}
	var verb string
	switch a.Kind {
	case KindStoryCreate:
		ch.ChangeType, verb = "create", "added"
		ch.NewValues = createValues(p, s, a)
	case KindStoryDelete:
		ch.ChangeType, verb = "delete", "deleted"
	default:
		ch.ChangeType, verb = "update", a.Highlight
		ch.OriginalValues, ch.NewValues = updateValues(a)
	}
	msg := fmt.Sprintf("%s %s this %s", by.Name, verb, s.Type)
	if a.Highlight == "estimated" && a.ToEstimate != nil {
		msg += " as " + pointsText(*a.ToEstimate)
	}
	return wireActivity{
		Kind: a.Kind, GUID: fmt.Sprintf("%d_%d", p.ID, a.Version), ProjectVersion: a.Version,
		Message: msg, Highlight: a.Highlight, Changes: []wireChange{ch},
		PrimaryResources:   []wireResource{{Kind: "story", ID: s.ID, Name: s.Name, StoryType: s.Type, URL: storyURL(s.ID)}},
		SecondaryResources: []wireResource{},
		Project:            wireProjectRef{Kind: "project", ID: p.ID, Name: p.Name},
		PerformedBy:        wirePersonRef{Kind: "person", ID: by.ID, Name: by.Name, Initials: by.Initials},
		OccurredAt:         fmtTime(a.OccurredAt),
	}
}

func pointsText(v float64) string {
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if v == 1 {
		return n + " point"
	}
	return n + " points"
}

func createValues(p *Project, s *Story, a *Activity) orderedValues {
	vals := orderedValues{{"id", s.ID}, {"project_id", p.ID}, {"name", s.Name}}
	if s.Description != "" {
		vals = append(vals, kv{"description", s.Description})
	}
	vals = append(vals, kv{"story_type", s.Type}, kv{"current_state", a.ToState})
	if a.ToEstimate != nil {
		vals = append(vals, kv{"estimate", *a.ToEstimate})
	}
	names := []string{}
	for _, id := range s.LabelIDs {
		if l := p.Label(id); l != nil {
			names = append(names, l.Name)
		}
	}
	at := fmtTime(a.OccurredAt)
	return append(vals, kv{"requested_by_id", s.RequestedByID}, kv{"owner_ids", nonNil(s.OwnerIDs)},
		kv{"label_ids", nonNil(s.LabelIDs)}, kv{"follower_ids", []int64{}}, kv{"created_at", at}, kv{"updated_at", at},
		kv{"blocked_story_ids", []int64{}}, kv{"labels", names})
}

func updateValues(a *Activity) (orig, cur orderedValues) {
	if a.FromState != "" || a.ToState != "" {
		orig, cur = append(orig, kv{"current_state", a.FromState}), append(cur, kv{"current_state", a.ToState})
	}
	if a.EstimateChanged {
		orig, cur = append(orig, kv{"estimate", floatOrNil(a.FromEstimate)}), append(cur, kv{"estimate", floatOrNil(a.ToEstimate)})
	}
	if a.ToState == StateAccepted {
		orig, cur = append(orig, kv{"accepted_at", nil}), append(cur, kv{"accepted_at", fmtTime(a.OccurredAt)})
	}
	for _, e := range a.Edits {
		orig, cur = append(orig, kv{e.Field, e.From}), append(cur, kv{e.Field, e.To})
	}
	if !a.PrevUpdatedAt.IsZero() {
		orig = append(orig, kv{"updated_at", fmtTime(a.PrevUpdatedAt)})
	}
	return orig, append(cur, kv{"updated_at", fmtTime(a.OccurredAt)})
}

func floatOrNil(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

type wireTransition struct {
	Kind           string `json:"kind"`
	State          string `json:"state"`
	StoryID        int64  `json:"story_id"`
	ProjectID      int64  `json:"project_id"`
	ProjectVersion int64  `json:"project_version"`
	OccurredAt     string `json:"occurred_at"`
	PerformedByID  int64  `json:"performed_by_id"`
}

func toWireTransition(p *Project, t Transition) wireTransition {
	return wireTransition{Kind: "story_transition", State: t.State, StoryID: t.StoryID, ProjectID: p.ID,
		ProjectVersion: t.Version, OccurredAt: fmtTime(t.OccurredAt), PerformedByID: t.PerformedByID}
}
