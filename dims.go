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
// declares). Inside keys and values, '%', ';' and '=' are written as %25, %3B
// and %3D so that the text always splits back into the same pairs; other
// characters, Chinese included, are kept as they are. No dimensions give "".
func FormatDims(dims []Dim) string {
	var b strings.Builder
	for i, d := range dims {
		if i > 0 {
			b.WriteByte(';')
		}
		escapeDim(&b, d.Key)
		b.WriteByte('=')
		escapeDim(&b, d.Value)
	}
	return b.String()
}

func escapeDim(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			b.WriteString("%25")
		case ';':
			b.WriteString("%3B")
		case '=':
			b.WriteString("%3D")
		default:
			b.WriteByte(c)
		}
	}
}

// ErrDims reports text that FormatDims cannot have written.
var ErrDims = errors.New("malformed dimensions (want key=value;key=value)")

// ParseDims decodes the text written by FormatDims.
func ParseDims(s string) ([]Dim, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	dims := make([]Dim, 0, len(parts))
	for _, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("%q: %w", s, ErrDims)
		}
		k, err1 := unescapeDim(k)
		v, err2 := unescapeDim(v)
		if err1 != nil || err2 != nil || k == "" {
			return nil, fmt.Errorf("%q: %w", s, ErrDims)
		}
		dims = append(dims, Dim{k, v})
	}
	return dims, nil
}

func unescapeDim(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", ErrDims
		}
		switch s[i+1 : i+3] {
		case "25":
			b.WriteByte('%')
		case "3B":
			b.WriteByte(';')
		case "3D":
			b.WriteByte('=')
		default:
			return "", ErrDims
		}
		i += 2
	}
	return b.String(), nil
}
