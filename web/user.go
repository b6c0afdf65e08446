package web

import "github.com/labstack/echo/v4"

// userKey is where the auth middleware leaves the signed-in user's name.
const userKey = "sl_user"

// currentUser names who is acting, for "who and when" records (check-ins,
// dismissals, edits). Until a user signs in it is "anonymous".
func currentUser(c echo.Context) string {
	if u, ok := c.Get(userKey).(string); ok && u != "" {
		return u
	}
	return "anonymous"
}
