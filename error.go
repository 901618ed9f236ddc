package stdkb

import (
	"errors"
	"fmt"
)

// Error codes shared by every adapter; the HTTP server maps them to statuses.
const (
	EINVALID  = "invalid"   // the input is malformed or breaks a rule
	ENOTFOUND = "not_found" // the named thing does not exist
	ECONFLICT = "conflict"  // the request contradicts stored state
	EINTERNAL = "internal"  // anything else; details are logged, not shown
)

// Error is an application error with a stable code and a message fit for users.
type Error struct {
	Code    string
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
