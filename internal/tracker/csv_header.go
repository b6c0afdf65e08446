package tracker

import (
	"strings"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// The two header layouts Tracker has written.
const (
	// CSVLayoutModern is the v5-era export: "Title" and "Type" columns,
	// repeated "Owned By"/"Comment"/"Task" columns, later "Priority",
	// "Blocker", "Pull Request" and "Git Branch" columns.
	CSVLayoutModern = "modern"
	// CSVLayoutClassic is the 2009–2010 export: "Story" and "Story Type"
	// columns, one "Owned By" column and "Note" columns for comments.
	CSVLayoutClassic = "classic"
)

// csvColumns maps what a header says to cell indexes. Single-valued fields
// hold -1 when the export has no such column; repeated columns are kept in
// header order so the k-th "Task" pairs with the k-th "Task Status".
type csvColumns struct {
	layout string
	names  []string // header cells as written (trimmed), for error messages

	id, title, labels, iteration, iterationStart, iterationEnd int
	typ, estimate, priority, state                             int
	createdAt, acceptedAt, deadline, requestedBy               int
	description, url                                           int

	owners, comments, tasks, taskStatuses   []int
	blockers, blockerStatuses, pullRequests []int
	gitBranches                             []int
}

// csvMapHeader matches header cells by name, case-insensitively and
// ignoring surrounding spaces. Unknown columns (Reviewer, Review Type, …)
// are ignored; a repeated single-valued column keeps its first position.
// line is the header's line, for the error about a missing column.
func csvMapHeader(header []string, line int) (*csvColumns, error) {
	c := &csvColumns{
		names: make([]string, len(header)),
		id:    -1, title: -1, labels: -1, iteration: -1, iterationStart: -1, iterationEnd: -1,
		typ: -1, estimate: -1, priority: -1, state: -1,
		createdAt: -1, acceptedAt: -1, deadline: -1, requestedBy: -1,
		description: -1, url: -1,
	}
	first := func(p *int, i int) {
		if *p < 0 {
			*p = i
		}
	}
	for i, cell := range header {
		name := strings.TrimSpace(cell)
		c.names[i] = name
		switch strings.ToLower(name) {
		case "id":
			first(&c.id, i)
		case "title":
			first(&c.title, i)
			c.layout = CSVLayoutModern
		case "story":
			first(&c.title, i)
			if c.layout == "" {
				c.layout = CSVLayoutClassic
			}
		case "labels":
			first(&c.labels, i)
		case "iteration":
			first(&c.iteration, i)
		case "iteration start":
			first(&c.iterationStart, i)
		case "iteration end":
			first(&c.iterationEnd, i)
		case "type", "story type":
			first(&c.typ, i)
		case "estimate":
			first(&c.estimate, i)
		case "priority":
			first(&c.priority, i)
		case "current state":
			first(&c.state, i)
		case "created at":
			first(&c.createdAt, i)
		case "accepted at":
			first(&c.acceptedAt, i)
		case "deadline":
			first(&c.deadline, i)
		case "requested by":
			first(&c.requestedBy, i)
		case "description":
			first(&c.description, i)
		case "url":
			first(&c.url, i)
		case "owned by":
			c.owners = append(c.owners, i)
		case "comment", "note":
			c.comments = append(c.comments, i)
		case "task":
			c.tasks = append(c.tasks, i)
		case "task status":
			c.taskStatuses = append(c.taskStatuses, i)
		case "blocker":
			c.blockers = append(c.blockers, i)
		case "blocker status":
			c.blockerStatuses = append(c.blockerStatuses, i)
		case "pull request":
			c.pullRequests = append(c.pullRequests, i)
		case "git branch":
			c.gitBranches = append(c.gitBranches, i)
		}
	}
	if c.id < 0 {
		return nil, &sprintlens.CSVError{Line: line, Column: "Id", Err: errCSVMissingColumn}
	}
	if c.title < 0 {
		return nil, &sprintlens.CSVError{Line: line, Column: "Title", Err: errCSVMissingColumn}
	}
	return c, nil
}

// name is the header name of cell i, or "" past the header's end (ragged
// rows may be longer than the header).
func (c *csvColumns) name(i int) string {
	if i < 0 || i >= len(c.names) {
		return ""
	}
	return c.names[i]
}
