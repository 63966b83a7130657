package coo

import (
	"errors"
	"fmt"
	"strings"
)

// Dim is one dimension of a fact: a key such as "region" and a value such as "North".
type Dim struct {
	Key, Value string
}

// FormatDims encodes dimensions as the facts table stores them: "key=value"
// pairs joined by ";" in the given order (the order the source mapping
// declares). Inside keys and values, '\', ';' and '=' are escaped with a
// backslash (\\, \;, \=) so that the text always splits back into the
// same pairs; other characters, Chinese included, are kept as they are. No
// dimensions give "".
func FormatDims(dims []Dim) string {
	n := 0
	for _, d := range dims {
		n += len(d.Key) + len(d.Value) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for i, d := range dims {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(EscapeDim(d.Key))
		b.WriteByte('=')
		b.WriteString(EscapeDim(d.Value))
	}
	return b.String()
}

// EscapeDim escapes one key or value as FormatDims does.
func EscapeDim(s string) string {
	if !strings.ContainsAny(s, "\\;=") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == ';' || c == '=' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ErrDims reports text that FormatDims cannot have written.
var ErrDims = errors.New("malformed dimensions (want key=value;key=value)")

// ParseDims decodes the text written by FormatDims.
func ParseDims(s string) ([]Dim, error) {
	if s == "" {
		return nil, nil
	}
	var (
		dims    []Dim
		cur     strings.Builder
		key     string
		inValue bool
		fail    = func() ([]Dim, error) { return nil, fmt.Errorf("%q: %w", s, ErrDims) }
	)
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ';' {
			if !inValue || key == "" {
				return fail()
			}
			dims = append(dims, Dim{key, cur.String()})
			cur.Reset()
			inValue = false
			continue
		}
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) || !strings.ContainsRune("\\;=", rune(s[i+1])) {
				return fail()
			}
			i++
			cur.WriteByte(s[i])
		case '=':
			if inValue {
				return fail()
			}
			key, inValue = cur.String(), true
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return dims, nil
}
