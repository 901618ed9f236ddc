package stdkb

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
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
	EBUSY         = "busy"                   // too much of this work is running; try again shortly
	EINTERNAL     = "internal"               // anything else; details are logged, not shown
)

// Error is an application error: a stable code, a message fit for users (Chinese), optional
// details (one line each, e.g. every problem of a form) and the technical cause, which goes to
// the log and never to the user.
type Error struct {
	Code    string
	Message string
	Details []string
	Fields  []FieldProblem // the problems of an input by field; Details defaults to their text
	Err     error          // the technical cause, if any
}

// FieldProblem is one problem of an input at one of its fields. Field is the field's key path,
// for programs (items[3].score); Label names the same field for a person (检查项评价第 4 项的得分).
// Path is the file, for content; Line is 1-based, 0 when unknown.
type FieldProblem struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Label   string `json:"label,omitempty"`
	Message string `json:"message"`
}

// String is the problem as a person reads it: the file and line (path:line: for content, 第 N 行
// for a submission), the field's label, then the message. It never shows the key.
func (p FieldProblem) String() string {
	var b strings.Builder
	switch {
	case p.Path != "" && p.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", p.Path, p.Line)
	case p.Path != "":
		b.WriteString(p.Path + ": ")
	case p.Line > 0:
		fmt.Fprintf(&b, "第 %d 行 ", p.Line)
	}
	if p.Label != "" {
		b.WriteString(p.Label + "：")
	}
	b.WriteString(p.Message)
	return b.String()
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
		if e.Details == nil && e.Fields != nil {
			out := make([]string, len(e.Fields))
			for i, f := range e.Fields {
				out[i] = f.String()
			}
			return out
		}
		return e.Details
	}
	var ps Problems
	if errors.As(err, &ps) {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Text()
		}
		return out
	}
	return nil
}

// ErrorFields returns the problems by field of the first *Error in err's chain, or each problem
// of a content load, for programs: each with its key and its label.
func ErrorFields(err error) []FieldProblem {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Fields
	}
	var ps Problems
	if errors.As(err, &ps) {
		out := make([]FieldProblem, len(ps))
		for i, p := range ps {
			out[i] = FieldProblem{Path: p.Path, Line: p.Line, Field: p.Field, Label: p.Label(), Message: p.Message}
		}
		return out
	}
	return nil
}

// ShownFields is ErrorFields bounded for a reply as ShownDetails is: at most MaxShownDetails,
// labels and messages clipped (the count of the rest is the last of ShownDetails).
func ShownFields(err error) []FieldProblem {
	fs := ErrorFields(err)
	fs = fs[:min(len(fs), MaxShownDetails)]
	out := make([]FieldProblem, len(fs))
	for i, f := range fs {
		f.Field, f.Label, f.Message = clipRunes(f.Field), ClipLine(f.Label), ClipLine(f.Message)
		out[i] = f
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// clipRunes shortens s, a key echoed from the input, to MaxEchoRunes characters.
func clipRunes(s string) string {
	if r := []rune(s); len(r) > MaxEchoRunes {
		return string(r[:MaxEchoRunes]) + "…"
	}
	return s
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
	case EBUSY:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Bounds on an error reply that a person (or a client) is shown: a hostile document can carry
// tens of thousands of problems, or a field name of half a megabyte, and the reply must not
// grow with it. The command line shows every problem in full: there the author is the reader.
const (
	MaxShownDetails = 20  // details listed; a last line counts the rest
	MaxEchoRunes    = 80  // characters of a quoted value echoed back
	MaxLineRunes    = 300 // characters of one message or detail line
)

// ShownMessage is ErrorMessage bounded for a reply: quoted values and the line clipped.
func ShownMessage(err error) string { return ClipLine(ErrorMessage(err)) }

// ShownDetails is ErrorDetails bounded for a reply: at most MaxShownDetails lines, each clipped,
// then "另有 M 处问题未列出" when there are more.
func ShownDetails(err error) []string { return BoundDetails(ErrorDetails(err)) }

// BoundDetails bounds a list of problem lines as ShownDetails does.
func BoundDetails(details []string) []string {
	n := min(len(details), MaxShownDetails)
	out := make([]string, 0, n+1)
	for _, d := range details[:n] {
		out = append(out, ClipLine(d))
	}
	if rest := len(details) - n; rest > 0 {
		out = append(out, fmt.Sprintf("另有 %d 处问题未列出。", rest))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ClipLine shortens every quoted value in s (between “ ” or " ") to MaxEchoRunes characters
// and then s itself to MaxLineRunes, marking each cut with "…".
func ClipLine(s string) string {
	var b strings.Builder
	quoted, inside, lineRunes := rune(0), 0, 0
	for _, r := range s {
		switch {
		case quoted != 0 && r == quoted:
			quoted, inside = 0, 0
		case quoted != 0:
			if inside++; inside > MaxEchoRunes {
				if inside == MaxEchoRunes+1 {
					b.WriteRune('…')
					lineRunes++
				}
				continue
			}
		case r == '“':
			quoted = '”'
		case r == '"':
			quoted = '"'
		}
		if lineRunes++; lineRunes > MaxLineRunes {
			b.WriteRune('…')
			return b.String()
		}
		b.WriteRune(r)
	}
	return b.String()
}
