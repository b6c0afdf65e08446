package sprintlens

import (
	"strconv"
	"strings"
	"time"
)

// editTrail collects the changed fields of one entity.
type editTrail struct {
	entity string
	id     int64
	author string
	at     time.Time
	edits  []OKREdit
}

func (t *editTrail) add(field, before, after string) {
	if before == after {
		return
	}
	t.edits = append(t.edits, OKREdit{Entity: t.entity, EntityID: t.id, Field: field,
		Old: before, New: after, Author: t.author, At: t.at})
}

// DiffPeriod lists the fields that differ between two versions of a period.
func DiffPeriod(before, after Period, author string, at time.Time) []OKREdit {
	t := editTrail{entity: EntityPeriod, id: after.ID, author: author, at: at}
	t.add("key", before.Key, after.Key)
	t.add("name", before.Name, after.Name)
	t.add("start", fmtDate(before.Start), fmtDate(after.Start))
	t.add("end", fmtDate(before.End), fmtDate(after.End))
	t.add("closed", strconv.FormatBool(before.Closed), strconv.FormatBool(after.Closed))
	return t.edits
}

// DiffObjective lists the fields that differ between two versions of an objective.
func DiffObjective(before, after Objective, author string, at time.Time) []OKREdit {
	t := editTrail{entity: EntityObjective, id: after.ID, author: author, at: at}
	t.add("title", before.Title, after.Title)
	t.add("description", before.Description, after.Description)
	t.add("owner", before.Owner, after.Owner)
	t.add("project_id", fmtIDPtr(before.ProjectID), fmtIDPtr(after.ProjectID))
	t.add("team", before.Team, after.Team)
	t.add("position", strconv.Itoa(before.Position), strconv.Itoa(after.Position))
	return t.edits
}

// DiffKeyResult lists the fields that differ between two versions of a key
// result, so the store can write them to the edit trail with the change.
func DiffKeyResult(before, after KeyResult, author string, at time.Time) []OKREdit {
	t := editTrail{entity: EntityKeyResult, id: after.ID, author: author, at: at}
	t.add("title", before.Title, after.Title)
	t.add("owner", before.Owner, after.Owner)
	t.add("kind", string(before.Kind), string(after.Kind))
	t.add("start", fmtNum(before.Start), fmtNum(after.Start))
	t.add("target", fmtNum(before.Target), fmtNum(after.Target))
	t.add("unit", before.Unit, after.Unit)
	t.add("weight", fmtNum(before.Weight), fmtNum(after.Weight))
	t.add("milestones", fmtMilestones(before.Milestones), fmtMilestones(after.Milestones))
	t.add("label_links", strings.Join(before.LabelLinks, ", "), strings.Join(after.LabelLinks, ", "))
	t.add("epic_links", fmtIDs(before.EpicLinks), fmtIDs(after.EpicLinks))
	t.add("score", fmtNumPtr(before.Score), fmtNumPtr(after.Score))
	t.add("retro", before.Retro, after.Retro)
	t.add("position", strconv.Itoa(before.Position), strconv.Itoa(after.Position))
	return t.edits
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func fmtIDPtr(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func fmtNumPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return fmtNum(*v)
}

func fmtIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// fmtMilestones writes milestones as a checklist line: "[x] design; [ ] rollout".
func fmtMilestones(ms []Milestone) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		box := "[ ] "
		if m.Done {
			box = "[x] "
		}
		parts[i] = box + m.Title
	}
	return strings.Join(parts, "; ")
}
