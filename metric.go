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

// Metric is a named metric: the facts of one measure of one source, combined
// within each month by Aggregate, optionally filtered by dimension values and
// broken down by dimensions. The warehouse compiles it to SQL with placeholders only.
type Metric struct {
	Name  MetricName
	Label string // in the project's language
	// Labels is the label in each language the project file gives it,
	// keyed "en", "zh"; nil when it gives one for all (Label).
	Labels    map[string]string
	Unit      string
	Kind      Kind
	Source    string   // a source name
	Measure   string   // a measure of that source (the facts' metric column)
	Aggregate string   // sum (the default), avg, min or max
	By        []string // dimensions to break the metric down by, besides the total
	Where     []Filter // all must hold
}

// LabelIn is the metric's label in lang: Labels[lang], else the English
// one, else Label.
func (m *Metric) LabelIn(lang string) string {
	if s := m.Labels[lang]; s != "" {
		return s
	}
	if s := m.Labels["en"]; s != "" {
		return s
	}
	return m.Label
}

// Filter keeps the facts whose dimension Dim has one of Values.
type Filter struct {
	Dim    string
	Values []string
}

// Validate checks names against the naming rules and the aggregate against
// the known ones. Whether the source, measure and dimensions exist is the
// project file's business.
func (m *Metric) Validate() error {
	if err := m.Name.Validate(); err != nil {
		return err
	}
	if !m.Kind.Valid() {
		return fmt.Errorf("metric %s: kind %q: want flow or stock", m.Name, m.Kind)
	}
	switch m.Aggregate {
	case "", "sum", "avg", "min", "max":
	default:
		return fmt.Errorf("metric %s: aggregate %q: want sum, avg, min or max", m.Name, m.Aggregate)
	}
	for _, s := range append([]string{m.Source, m.Measure}, m.By...) {
		if !ValidIdent(s) {
			return fmt.Errorf("metric %s: %q is not a valid name", m.Name, s)
		}
	}
	for _, f := range m.Where {
		if !ValidIdent(f.Dim) || len(f.Values) == 0 {
			return fmt.Errorf("metric %s: filter on %q needs a valid dimension and at least one value", m.Name, f.Dim)
		}
	}
	return nil
}

// Additive reports whether the metric's breakdowns add up to its total:
// a sum (of a flow, or of a stock's levels across members), not an
// average, minimum or maximum. Only additive metrics are reconciled.
func (m *Metric) Additive() bool { return m.Aggregate == "" || m.Aggregate == "sum" }
