package ingest

import (
	"fmt"
	"path"
	"strings"

	"coo"
)

// Source maps one kind of departmental workbook. The zero value is not
// valid: a source needs a name, a files glob, a period column and at least one
// measure.
type Source struct {
	Name        string // lowercase identifier, e.g. "finance"
	Description string
	Files       string // glob relative to the project folder, slash-separated, e.g. "workbooks/finance/*.xlsx"
	Sheet       string // sheet name; "" means the first visible sheet
	Period      Column // the column holding the month: an Excel date, or text such as 2026-10
	Dimensions  []Column
	Measures    []Measure
}

// Column is a column found by its header text. Matching ignores case and
// surrounding or repeated spaces; Aliases are other spellings seen over time.
type Column struct {
	Name    string // the dimension's name (for Period: unused)
	Header  string
	Aliases []string
}

// Measure is a column of numbers.
type Measure struct {
	Column
	Unit  string  // such as CNY, h, tasks; "" for a plain count
	Scale float64 // multiplies every value (1000 for figures in thousands); 0 means 1
}

// Validate checks names and that no header is claimed twice.
func (s *Source) Validate() error {
	if !coo.ValidIdent(s.Name) {
		return fmt.Errorf("source name %q: %w", s.Name, coo.ErrName)
	}
	if s.Files == "" {
		return fmt.Errorf("source %s: files: a glob such as workbooks/%s/*.xlsx is required", s.Name, s.Name)
	}
	if _, err := path.Match(s.Files, ""); err != nil {
		return fmt.Errorf("source %s: files %q: %w", s.Name, s.Files, err)
	}
	if s.Period.Header == "" {
		return fmt.Errorf("source %s: period: the column holding the month is required", s.Name)
	}
	if len(s.Measures) == 0 {
		return fmt.Errorf("source %s: measures: at least one is required", s.Name)
	}
	names := map[string]bool{}
	headers := map[string]string{}
	claim := func(owner string, c Column) error {
		for _, h := range append([]string{c.Header}, c.Aliases...) {
			k := normHeader(h)
			if k == "" {
				return fmt.Errorf("source %s: %s: empty header", s.Name, owner)
			}
			if prev, ok := headers[k]; ok && prev != owner {
				return fmt.Errorf("source %s: header %q is claimed by both %s and %s", s.Name, h, prev, owner)
			}
			headers[k] = owner
		}
		return nil
	}
	if err := claim("period", s.Period); err != nil {
		return err
	}
	for _, d := range s.Dimensions {
		if err := s.checkName(names, d.Name); err != nil {
			return err
		}
		if err := claim(d.Name, d); err != nil {
			return err
		}
	}
	for _, m := range s.Measures {
		if err := s.checkName(names, m.Name); err != nil {
			return err
		}
		if err := claim(m.Name, m.Column); err != nil {
			return err
		}
		if m.Scale < 0 {
			return fmt.Errorf("source %s: measure %s: scale %v must be positive", s.Name, m.Name, m.Scale)
		}
	}
	return nil
}

func (s *Source) checkName(seen map[string]bool, n string) error {
	if !coo.ValidIdent(n) {
		return fmt.Errorf("source %s: name %q: %w", s.Name, n, coo.ErrName)
	}
	if seen[n] {
		return fmt.Errorf("source %s: name %q is used twice", s.Name, n)
	}
	seen[n] = true
	return nil
}

// Match reports whether the slash-separated path relative to the project
// folder belongs to the source.
func (s *Source) Match(rel string) bool {
	ok, _ := path.Match(s.Files, rel)
	return ok
}

// HasDimension reports whether the source declares dimension name.
func (s *Source) HasDimension(name string) bool {
	for _, d := range s.Dimensions {
		if d.Name == name {
			return true
		}
	}
	return false
}

// HasMeasure reports whether the source declares measure name.
func (s *Source) HasMeasure(name string) bool {
	for _, m := range s.Measures {
		if m.Name == name {
			return true
		}
	}
	return false
}

// normHeader folds a header for matching: trimmed, inner runs of white space
// (including no-break and ideographic spaces and line breaks) as one space,
// lower case.
func normHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
