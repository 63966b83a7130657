package coo

import (
	"errors"
	"fmt"
)

// MetricName names a metric: lowercase words of letters, digits and underscores
// joined by dots, such as "sales.revenue" or "hr.headcount". Names are used as
// keys in the warehouse and in configuration, never spliced into SQL.
type MetricName string

// ErrName reports a name that breaks the naming rule.
var ErrName = errors.New("want lowercase letters, digits and _ in dot-separated words, starting with a letter, such as sales.revenue")

// Validate checks the naming rule.
func (n MetricName) Validate() error {
	if err := validName(string(n), true); err != nil {
		return fmt.Errorf("metric name %q: %w", string(n), err)
	}
	return nil
}

// ValidIdent reports whether s is a simple identifier: a lowercase letter, then
// lowercase letters, digits or underscores, at most 63 bytes. Source, dimension
// and measure names follow this rule.
func ValidIdent(s string) bool { return validName(s, false) == nil }

func validName(s string, dots bool) error {
	if s == "" || len(s) > 63 {
		return ErrName
	}
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case (c >= '0' && c <= '9') || c == '_':
			if start {
				return ErrName
			}
		case c == '.' && dots:
			if start || i == len(s)-1 {
				return ErrName
			}
			start = true
			continue
		default:
			return ErrName
		}
		start = false
	}
	return nil
}

// Kind says how a metric behaves over time.
type Kind string

const (
	// Flow metrics add up over months (revenue, spend, hires): a year-to-date
	// value is the sum of the months.
	Flow Kind = "flow"
	// Stock metrics are levels at the end of a month (headcount, backlog): a
	// year-to-date value is the latest month, and months are never summed.
	Stock Kind = "stock"
)

// Valid reports whether k is Flow or Stock.
func (k Kind) Valid() bool { return k == Flow || k == Stock }
