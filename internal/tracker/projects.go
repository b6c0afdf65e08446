package tracker

import (
	"context"
	"fmt"
	"net/url"
)

// GetProject reads one project's settings. Project.Version is the project
// version at the time of the read.
func (c *Client) GetProject(ctx context.Context, id int64) (Project, error) {
	var p Project
	pg, err := c.get(ctx, call{path: projectPath(id), query: fields(ProjectFields), projectID: id}, &p)
	if err != nil {
		return Project{}, fmt.Errorf("tracker: get project %d: %w", id, err)
	}
	if p.Version == 0 {
		p.Version = pg.ProjectVersion
	}
	return p, nil
}

// ListProjects lists every project the token can see.
func (c *Client) ListProjects(ctx context.Context) ([]Project, error) {
	var ps []Project
	if _, err := c.get(ctx, call{path: "/projects", query: fields(ProjectFields)}, &ps); err != nil {
		return nil, fmt.Errorf("tracker: list projects: %w", err)
	}
	return ps, nil
}

// ListLabels lists a project's labels (not paginated by Tracker).
func (c *Client) ListLabels(ctx context.Context, projectID int64) ([]Label, error) {
	var ls []Label
	if _, err := c.get(ctx, projectCall(projectID, "/labels", LabelFields), &ls); err != nil {
		return nil, fmt.Errorf("tracker: list labels of project %d: %w", projectID, err)
	}
	return ls, nil
}

// ListEpics lists a project's epics, each with its label.
func (c *Client) ListEpics(ctx context.Context, projectID int64) ([]Epic, error) {
	var es []Epic
	if _, err := c.get(ctx, projectCall(projectID, "/epics", EpicFields), &es); err != nil {
		return nil, fmt.Errorf("tracker: list epics of project %d: %w", projectID, err)
	}
	return es, nil
}

// ListMemberships lists a project's members with their people.
func (c *Client) ListMemberships(ctx context.Context, projectID int64) ([]Membership, error) {
	var ms []Membership
	if _, err := c.get(ctx, projectCall(projectID, "/memberships", MembershipFields), &ms); err != nil {
		return nil, fmt.Errorf("tracker: list memberships of project %d: %w", projectID, err)
	}
	return ms, nil
}

// ListReleases lists a project's release markers, reading every page.
func (c *Client) ListReleases(ctx context.Context, projectID int64) ([]Release, error) {
	var all []Release
	spec := pageSpec[Release, int64]{limit: 100, key: func(r Release) int64 { return r.ID }}
	err := listPages(ctx, c, projectCall(projectID, "/releases", ReleaseFields), spec,
		func(page []Release, _ Pagination) error {
			all = append(all, page...)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("tracker: list releases of project %d: %w", projectID, err)
	}
	return all, nil
}

// Me returns the person the token belongs to; a cheap way to check a token.
func (c *Client) Me(ctx context.Context) (Me, error) {
	var m Me
	if _, err := c.get(ctx, call{path: "/me", query: fields(MeFields)}, &m); err != nil {
		return Me{}, fmt.Errorf("tracker: me: %w", err)
	}
	return m, nil
}

func projectPath(id int64) string { return fmt.Sprintf("/projects/%d", id) }

func projectCall(id int64, sub, fieldList string) call {
	return call{path: projectPath(id) + sub, query: fields(fieldList), projectID: id}
}

func fields(list string) url.Values { return url.Values{"fields": {list}} }
