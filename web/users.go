package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// UserStore keeps the people who sign in and their roles.
type UserStore interface {
	// SignIn records a sign-in, creating the user on first sight (the very
	// first user becomes admin).
	SignIn(ctx context.Context, email, name string) (sprintlens.User, error)
	UserByEmail(ctx context.Context, email string) (sprintlens.User, error)
	Users(ctx context.Context) ([]sprintlens.User, error)
	SetUserRole(ctx context.Context, id int64, role sprintlens.Role) (sprintlens.User, error)
}

// handleUsers renders GET /users: everyone who signed in, with a role
// picker for each.
func (s *Server) handleUsers(c echo.Context) error {
	ctx := c.Request().Context()
	users, err := s.deps.Users.Users(ctx)
	if err != nil {
		return err
	}
	me, _ := signedIn(c)
	l := i18n.From(ctx)
	props := templates.UsersProps{}
	for _, r := range sprintlens.Roles {
		props.Roles = append(props.Roles, templates.RoleOption{Value: string(r), Label: l.T("auth.role." + string(r))})
	}
	for _, u := range users {
		props.Users = append(props.Users, templates.UserRow{ID: u.ID, Email: u.Email, Name: u.Name,
			Role: string(u.Role), LastSeenAt: u.LastSeenAt, Self: u.ID == me.user.ID})
	}
	return s.render(c, http.StatusOK, templates.Users(s.page(c, l.T("users.title"), "users"), props))
}

// handleUserRole answers POST /users/:id/role (form: role). The change
// applies to the user's next request, sessions and tokens alike.
func (s *Server) handleUserRole(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return notFound("user")
	}
	role, err := sprintlens.ParseRole(c.Request().PostFormValue("role"))
	if err != nil {
		return err
	}
	u, err := s.deps.Users.SetUserRole(ctx, id, role)
	switch {
	case errIsNotFound(err):
		return notFound("user")
	case errors.Is(err, sprintlens.ErrConflict):
		return echo.NewHTTPError(http.StatusConflict, i18n.T(ctx, "users.last_admin")).SetInternal(err)
	case err != nil:
		return err
	}
	me, _ := signedIn(c)
	s.cfg.Logger.Info("role changed", "request_id", requestID(c), "by", me.user.Email, "user", u.Email, "role", string(u.Role))
	return c.Redirect(http.StatusSeeOther, "/users")
}
