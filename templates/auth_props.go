package templates

import "time"

// SignInProps is the sign-in page.
type SignInProps struct {
	// LoginURL starts an OIDC sign-in; empty in proxy mode, where the
	// proxy signs people in.
	LoginURL string
	// Provider names the identity provider on the button.
	Provider string
	// Message says why the last attempt failed ("" for none).
	Message string
}

// RoleOption is one choice of the role picker.
type RoleOption struct {
	Value, Label string
}

// UserRow is one person on the users page.
type UserRow struct {
	ID          int64
	Email, Name string
	Role        string
	LastSeenAt  *time.Time
	// Self marks the signed-in admin's own row.
	Self bool
}

// UsersProps is the users page.
type UsersProps struct {
	Users []UserRow
	Roles []RoleOption
}

// TokenRow is one API token, without its secret.
type TokenRow struct {
	ID                    int64
	Name, Prefix, Owner   string
	CreatedAt             time.Time
	LastUsedAt, RevokedAt *time.Time
}

// TokensProps is the API tokens page.
type TokensProps struct {
	Tokens []TokenRow
	// NewToken is the secret of a token just created, shown this once.
	NewToken string
	// ShowOwner adds the owner column (admins see everyone's tokens).
	ShowOwner bool
}
