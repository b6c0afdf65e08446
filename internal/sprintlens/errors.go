package sprintlens

import "errors"

// Sentinel errors shared by every adapter. Adapters wrap them with context;
// the web layer maps them to HTTP statuses in one place.
var (
	// ErrNotFound means the requested thing does not exist (or is not visible).
	ErrNotFound = errors.New("not found")
	// ErrInvalid means input failed validation; wrap it with the reason.
	ErrInvalid = errors.New("invalid input")
	// ErrConflict means the change clashes with stored state (duplicate, closed period).
	ErrConflict = errors.New("conflict")
	// ErrForbidden means the caller may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthorized means the caller is not signed in or the credential was rejected.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrLocked means another worker holds the lock (for example a sync of the same project).
	ErrLocked = errors.New("locked by another worker")
)

// ValidationError names the field that failed and why. It unwraps to ErrInvalid.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Invalid builds a ValidationError.
func Invalid(field, msg string) error { return &ValidationError{Field: field, Message: msg} }
