package stdkb

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes shared by every front end. Each code has one HTTP status (HTTPStatus); the JSON
// API, the HTML UI and the CLI each render an error from its code, message and details only.
const (
	EINVALID      = "invalid"                // the input is malformed or breaks a rule
	ENOTFOUND     = "not_found"              // the named thing does not exist (or the caller may not know it does)
	ECONFLICT     = "conflict"               // the request contradicts stored state
	EUNAUTHORIZED = "unauthorized"           // the caller must sign in first
	EFORBIDDEN    = "forbidden"              // the caller is known but may not do this
	ETOOLARGE     = "too_large"              // the input is larger than its limit
	EMEDIATYPE    = "unsupported_media_type" // the input is not in a format the operation takes
	EINTERNAL     = "internal"               // anything else; details are logged, not shown
)

// Error is an application error: a stable code, a message fit for users (Chinese), optional
// details (one line each, e.g. every problem of a form) and the technical cause, which goes to
// the log and never to the user.
type Error struct {
	Code    string
	Message string
	Details []string
	Err     error // the technical cause, if any
}

// Error implements error: the user message, then the cause for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the technical cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error with code and message whose technical cause is err.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error
// and "" for nil. Problems (content that failed to load) are EINVALID.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var ps Problems
	if errors.As(err, &ps) {
		return EINVALID
	}
	return EINTERNAL
}

// internalMessage is what users see of an internal error.
const internalMessage = "内部错误，请稍后再试；管理员可在日志中查看原因。"

// ErrorMessage returns the message to show a user: the first *Error's message, every problem of
// a content load, or a generic Chinese message for internal errors (whose text may name files
// and wrap prefixes users need not see).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	var ps Problems
	if errors.As(err, &ps) {
		return fmt.Sprintf("内容有 %d 处问题", len(ps))
	}
	return internalMessage
}

// ErrorDetails returns the details of the first *Error in err's chain, or each problem of a
// content load.
func ErrorDetails(err error) []string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Details
	}
	var ps Problems
	if errors.As(err, &ps) {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.String()
		}
		return out
	}
	return nil
}

// HTTPStatus is the one mapping from error codes to HTTP statuses.
func HTTPStatus(code string) int {
	switch code {
	case "":
		return http.StatusOK
	case EINVALID:
		return http.StatusBadRequest
	case ENOTFOUND:
		return http.StatusNotFound
	case ECONFLICT:
		return http.StatusConflict
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case EMEDIATYPE:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}
