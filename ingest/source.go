package ingest

import (
	"fmt"
	"path"
	"strings"

	"coo"
)

// Source maps one kind of departmental workbook: which files, which sheets,
// where the table and its month are, which columns are dimensions and which
// are measures. The zero value is not valid; Validate says what is missing.
type Source struct {
	Name        string // lowercase identifier, e.g. "finance"
	Description string
	Files       string // glob relative to the project folder, slash-separated, e.g. "workbooks/finance/*.xlsx"
	Sheets      Sheets
	Layout      Layout
	Period      Period
	Dimensions  []Column
	Measures    []Measure
	Password    string // opens password-protected workbooks; "" if none
	// Parquet, when set, makes the source a Parquet dataset that another
	// engine (Spark, Trino, DuckDB) prepared, instead of workbooks: a glob
	// relative to the project folder, or absolute, with ** across folders,
	// such as "lake/facts/**/*.parquet". Its rows have the columns of coo
	// export parquet (see warehouse.DB.LoadParquet); Hive partitions in the
	// paths are columns. Files, Sheets, Layout, Period, Dimensions, Measures
	// and Password are then unset.
	Parquet string `json:",omitempty"` // omitted when empty, so workbook sources keep their Fingerprint
	// MeasureColumn, in the wide layout, is a column whose values name each
	// row's measure (a Measure's Title or Aliases); nil if the measure of a
	// block is named by a label instead (see Wide).
	MeasureColumn *Column `json:",omitempty"`
	// Totals are more labels that mark a total row or column, besides the
	// usual ones (see isTotal), such as "All channels" or "汇总行". Matched
	// as a whole cell, ignoring case, spaces and punctuation.
	Totals []string `json:",omitempty"`
	// Notes are labels of rows that are notes, not data, though they hold
	// a number (such as "Exchange rate used" with 7.1 beside it): a row
	// with a cell whose whole text is one of them is skipped. Matched as
	// Totals are.
	Notes []string `json:",omitempty"`
}

// Layout says how the table is laid out.
type Layout string

const (
	// Long: one row per period and combination of dimensions, one column per
	// measure (the default).
	Long Layout = "long"
	// Wide: one row per combination of dimensions, one column per month. The
	// header cells are months: dates, text such as "Oct 2026", or month
	// names ("Jan", "1月") under a row of years. Any number of blocks, each a
	// header row and the rows below it; with several measures, a block's
	// measure is named by its label (the Measure's Title or Aliases, as a
	// whole cell) in a row above its header, in a row of its own under a
	// shared header, or in the header row's first cell where the first
	// dimension's header would be; or each row names its measure in the
	// MeasureColumn. Columns whose header is neither a month nor a total are
	// not data; a total column (Total, FY total, Q1 total, YTD) and a total
	// row must equal the values they add up, or the file is refused.
	Wide Layout = "wide"
)

// Sheets chooses the sheets that hold data. With no names and no pattern,
// every visible sheet whose header matches the mapping is read. Hidden and
// very hidden sheets are never read unless named.
type Sheets struct {
	Names   []string // exact names, case and surrounding spaces forgiven
	Pattern string   // a glob over sheet names, such as "*年*月"
}

// Period says where the month of the data comes from; exactly one field is set
// (in the wide layout, none: the months are the column headers).
type Period struct {
	Column   *Column // a column of the table (long layout)
	Cell     string  // a fixed cell above the table, such as "C2"
	Label    string  // the first cell to the right of the cell holding this text, above the table (such as "Month:")
	Sheet    bool    // the sheet's name (such as "2026年10月")
	FileName bool    // the file's name (such as "sales-2026-10.xlsx")
}

// Column is a column found by its header text. Matching ignores case and
// surrounding or repeated spaces; Aliases are other spellings seen over time.
// Under a two-row header, "Group Leaf" (the merged group cell's text, a
// space, the column's own) also matches.
type Column struct {
	Name    string // the dimension's or measure's name
	Header  string
	Aliases []string
}

// Measure is a column of numbers (long layout) or a block of months (wide).
type Measure struct {
	Column
	Title    string  // wide layout: the label that names the measure's block or rows, such as "Spend" (Aliases: other spellings); matched as a whole cell, ignoring case, spaces, punctuation and a trailing note in brackets ("Spend (CNY)")
	Unit     string  // such as CNY, hours, people; "" for a plain count
	Scale    float64 // multiplies every value (1000 for figures in thousands); 0 means 1
	Optional bool    // a table without this column still loads (the measure has no values there)
}

// Validate checks names, the period and the layout, and that no header is
// claimed twice.
func (s *Source) Validate() error {
	if !coo.ValidIdent(s.Name) {
		return fmt.Errorf("source name %q: %w", s.Name, coo.ErrName)
	}
	if s.Parquet != "" {
		if s.Files != "" || s.Sheets.Pattern != "" || len(s.Sheets.Names) > 0 || s.Layout != "" || s.Period != (Period{}) ||
			len(s.Dimensions) > 0 || len(s.Measures) > 0 || s.Password != "" {
			return fmt.Errorf("source %s: a Parquet source takes only name, description and parquet: the dataset's columns say the rest", s.Name)
		}
		return nil
	}
	if s.Files == "" {
		return fmt.Errorf("source %s: files: a glob such as workbooks/%s/*.xlsx is required", s.Name, s.Name)
	}
	if _, err := path.Match(s.Files, ""); err != nil {
		return fmt.Errorf("source %s: files %q: %w", s.Name, s.Files, err)
	}
	if _, err := path.Match(s.Sheets.Pattern, ""); err != nil {
		return fmt.Errorf("source %s: sheets pattern %q: %w", s.Name, s.Sheets.Pattern, err)
	}
	if len(s.Measures) == 0 {
		return fmt.Errorf("source %s: measures: at least one is required", s.Name)
	}
	n := 0
	for _, set := range []bool{s.Period.Column != nil, s.Period.Cell != "", s.Period.Label != "", s.Period.Sheet, s.Period.FileName} {
		if set {
			n++
		}
	}
	switch s.layout() {
	case Long:
		if n != 1 {
			return fmt.Errorf("source %s: period: say where the month is: one of column, cell, label, sheet_name, file_name", s.Name)
		}
	case Wide:
		if n != 0 {
			return fmt.Errorf("source %s: period: in the wide layout the months are the column headers; remove period", s.Name)
		}
		labels := map[string]string{}
		for _, m := range s.Measures {
			if m.Title == "" && (len(s.Measures) > 1 || s.MeasureColumn != nil) {
				if s.MeasureColumn != nil {
					return fmt.Errorf("source %s: measure %s: with a measure column each measure needs the label its rows carry in that column", s.Name, m.Name)
				}
				return fmt.Errorf("source %s: measure %s: with several measures in the wide layout each needs the label that names its block", s.Name, m.Name)
			}
			for _, l := range m.labels() {
				k := normLabel(l)
				if k == "" {
					return fmt.Errorf("source %s: measure %s: label %q has no letters or digits", s.Name, m.Name, l)
				}
				if prev, ok := labels[k]; ok && prev != m.Name {
					return fmt.Errorf("source %s: label %q names both %s and %s", s.Name, l, prev, m.Name)
				}
				labels[k] = m.Name
			}
		}
	default:
		return fmt.Errorf("source %s: layout %q: want long or wide", s.Name, s.Layout)
	}
	if s.MeasureColumn != nil && s.layout() != Wide {
		return fmt.Errorf("source %s: measure_column is for the wide layout; in the long layout each measure is a column", s.Name)
	}
	for _, t := range s.Totals {
		if normLabel(t) == "" {
			return fmt.Errorf("source %s: totals: %q has no letters or digits", s.Name, t)
		}
	}
	for _, t := range s.Notes {
		if normLabel(t) == "" {
			return fmt.Errorf("source %s: notes: %q has no letters or digits", s.Name, t)
		}
	}
	if s.Period.Cell != "" {
		if _, _, err := coo.ParseA1(s.Period.Cell); err != nil {
			return fmt.Errorf("source %s: period cell: %w", s.Name, err)
		}
	}
	names := map[string]bool{}
	headers := map[string]string{}
	claim := func(owner string, c Column) error {
		if s.layout() == Wide && owner != "period" && owner != "measure_column" && !s.HasDimension(owner) {
			return nil // wide measures have no header of their own
		}
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
	if s.Period.Column != nil {
		if err := claim("period", *s.Period.Column); err != nil {
			return err
		}
	}
	if s.MeasureColumn != nil {
		if err := claim("measure_column", *s.MeasureColumn); err != nil {
			return err
		}
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

// labels are the texts that name the measure in a wide sheet.
func (m *Measure) labels() []string {
	if m.Title == "" {
		return nil
	}
	return append([]string{m.Title}, m.Aliases...)
}

// totalLabels are the source's own total labels, folded.
func (s *Source) totalLabels() []string {
	var out []string
	for _, t := range s.Totals {
		out = append(out, normLabel(t))
	}
	return out
}

// noteLabels are the source's note labels, folded.
func (s *Source) noteLabels() []string {
	var out []string
	for _, t := range s.Notes {
		out = append(out, normLabel(t))
	}
	return out
}

func (s *Source) layout() Layout {
	if s.Layout == "" {
		return Long
	}
	return s.Layout
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
// folder is one of the source's workbooks (never for a Parquet source).
func (s *Source) Match(rel string) bool {
	if s.Parquet != "" {
		return false
	}
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
// lower case, and a trailing colon dropped.
func normHeader(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimSuffix(strings.TrimSuffix(s, ":"), "：")
	return strings.TrimSpace(s)
}
