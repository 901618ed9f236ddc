package stdkb

import (
	"fmt"
	"time"
)

// DateLayout is the only date format content and the API accept.
const DateLayout = "2006-01-02"

// Date is a calendar day with no time of day or zone. The zero Date means "not given".
type Date struct{ t time.Time }

// ParseDate parses s in the form YYYY-MM-DD, rejecting impossible days such as 2021-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	if t.IsZero() {
		// 0001-01-01 is the zero Date, which means "not given": accepting it would turn a given
		// date into a missing one on the next write, and a stored record would then fail every read.
		return Date{}, fmt.Errorf("日期 %q 无效：这一天在系统中表示“未填写”，请填写实际日期", s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for constants in tests and examples; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.t.Equal(e.t) }

// Year returns the date's year.
func (d Date) Year() int { return d.t.Year() }

// AddYears returns the date n years later. A day the target month lacks (29 February in a
// common year) becomes that month's last day: 《民法典》第二百零二条 ends a period counted in years
// or months on the corresponding day of the last month, or on its last day when it has none.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// AddMonths returns the date n months later (or earlier for negative n), clamped to the last
// day of the target month as AddYears is (31 August plus six months is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	if last := first.AddDate(0, 1, -1).Day(); day > last {
		day = last
	}
	return Date{first.AddDate(0, 0, day-1)}
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String formats the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
