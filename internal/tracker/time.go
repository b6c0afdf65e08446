package tracker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Time is a Tracker timestamp. REST responses write ISO 8601 strings
// ("2017-05-03T23:29:40Z"); webhook bodies write epoch milliseconds
// (1389218474000). Both decode to the same instant, in UTC. JSON null or an
// empty string leaves the zero Time.
type Time struct{ time.Time }

// UnmarshalJSON accepts an ISO 8601 string, a date ("2011-09-14"), epoch
// milliseconds as a number or a string of digits, or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("tracker time: %w", err)
		}
		return t.parse(s)
	}
	return t.parseMillis(string(b))
}

func (t *Time) parse(s string) error {
	if s == "" {
		*t = Time{}
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	if err := t.parseMillis(s); err == nil {
		return nil
	}
	return fmt.Errorf("tracker time: %q is neither ISO 8601 nor epoch milliseconds", s)
}

func (t *Time) parseMillis(s string) error {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return fmt.Errorf("tracker time: %q is neither ISO 8601 nor epoch milliseconds", s)
		}
		ms = int64(f)
	}
	t.Time = time.UnixMilli(ms).UTC()
	return nil
}

// MarshalJSON writes ISO 8601 in UTC, as the REST API does, or null when zero.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}

// Ptr returns a pointer to the underlying time, or nil when t is zero; handy
// for optional fields in the domain model.
func (t Time) Ptr() *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t.Time
	return &v
}
