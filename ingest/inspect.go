package ingest

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"coo"
	"coo/ingest/xlsx"
	"coo/warehouse"
)

// Inspect reads a workbook of src exactly as Read does, loading nothing, and
// reports how: the sheets (and why any is skipped), the header row found and
// the cell of every mapped column, where the month comes from, the blocks of
// a wide sheet and the cell whose label named each one's measure, every row
// that is not data and why, the first values with their cells, the totals and
// whether their members add up, and the cells that would be set aside.
//
// A workbook that would be refused as a whole gives an Inspection with
// Refused set, holding what was seen up to the refusal. The error is for
// cancellation only. name identifies the file, as for Read (a source whose
// month is in the file's name takes it from name).
func Inspect(ctx context.Context, src *Source, name string, data []byte, lim Limits) (*Inspection, error) {
	rec := &recorder{in: &Inspection{File: name, Source: src.Name, Layout: src.layout()}, src: src}
	_, err := Read(ctx, src, name, data, rec, lim)
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		rec.in.Refused = fe
	case err != nil:
		return nil, err
	}
	for _, s := range rec.in.Sheets {
		slices.Sort(s.Months)
		s.Months = slices.Compact(s.Months)
	}
	return rec.in, nil
}

// FirstValues is how many values of each sheet an Inspection lists.
const FirstValues = 10

// maxListed bounds the skipped rows and totals an Inspection lists per
// sheet, so that inspecting a huge workbook stays small; the counts go on.
const maxListed = 1000

// Inspection is how a workbook would be read for a source (see Inspect).
type Inspection struct {
	File, Source string
	Layout       Layout
	// Sheets are the workbook's sheets in workbook order, each as Read met it.
	Sheets []*SheetInspection
	// Values is how many values would load.
	Values int
	// Rejects are the cells that would be set aside, in the order met.
	Rejects []warehouse.Reject
	// Refused says why the whole file would be refused; nil if it would load.
	Refused *FileError
}

// Clean reports whether the file would load with nothing set aside.
func (in *Inspection) Clean() bool { return in.Refused == nil && len(in.Rejects) == 0 }

// SheetInspection is one sheet of an Inspection.
type SheetInspection struct {
	Name  string
	State string // visible, hidden or veryHidden
	Read  bool   // read as data
	Why   string // why it was not read: not one of the source's sheets, hidden, or not data (the reason)

	Period  *MonthSource       // where the sheet's month comes from; nil when each row or column says
	Headers []HeaderInspection // the header row (long layout); each block's header (wide)
	Blocks  []BlockInspection  // wide layout: each block and what named its measure
	Skipped []SkippedRow       // rows that are not data, with why (at most 1000)
	Totals  []TotalInspection  // total rows and columns, and whether their members add up (at most 1000)
	First   []warehouse.Fact   // the first values, at most FirstValues
	Values  int                // values read
	Months  []coo.Period       // the months of the values, sorted
	Rejects int                // cells set aside
	More    int                // skipped rows and totals not listed
	rows    map[int]int        // index in Skipped by row, while reading
}

// MonthSource is where a sheet's month comes from: the file's or the sheet's
// name, or a cell above the table.
type MonthSource struct {
	From   string // "the file's name", "the sheet's name", "the cell C2", "the cell right of "Month:" in B2"
	Cell   string // the cell read, if any
	Text   string // what it holds
	Period coo.Period
}

// HeaderInspection is a header row and its mapped columns, left to right.
type HeaderInspection struct {
	Row     int
	Columns []HeaderColumn
}

// HeaderColumn is one column of a header row that coo reads.
type HeaderColumn struct {
	Cell string // such as "C4"
	Text string // the header as written
	Role string // one of the Role constants
	Name string // the dimension's or measure's name, or the month (2026-10) of a month column
}

// Roles of a header column.
const (
	RolePeriod        = "month"         // long layout: each row's month
	RoleDimension     = "dimension"     // labels
	RoleMeasure       = "measure"       // long layout: a column of numbers
	RoleMeasureColumn = "measure name"  // wide layout: each row's measure
	RoleMonth         = "month column"  // wide layout: one month's values
	RoleTotal         = "total column"  // wide layout: checked against the months it adds up
	RoleLabel         = "measure label" // wide layout: a label in the header's first cell
	RoleSkipped       = "not read:"     // wide layout: a column such as "YTD" or a year earlier's month (Name says why)
)

// BlockInspection is a block of a wide sheet: a header and the rows below
// it, up to the next header or label row.
type BlockInspection struct {
	Header  int    // the row of its header
	Row     int    // the row it starts at: the header, or a label row under it
	Measure string // the measure of its rows; "" if none is named yet
	Label   string // the cell whose text named the measure, if any
	Text    string // that cell's text
	How     string // how the measure was named
	Values  int    // values read in it
}

// SkippedRow is a row (or run of rows) that holds no data.
type SkippedRow struct {
	Row, ToRow int    // ToRow == Row for one row
	Label      string // its first text, clipped
	Why        string // one of the Why constants
}

// Why a row is not data.
const (
	WhyAbove       = "above the header"
	WhyBlank       = "blank"
	WhyNoValues    = "no values (a note, section or title row)"
	WhyHeaderAgain = "the header again"
	WhyTotal       = "a total"
	WhyTitle       = "a title or label row"
	WhyYears       = "the years over the next header"
	WhyLabel       = "names the measure of the rows below"
	WhyNote        = "a note (notes: in the mapping), or part of the row above (of which, 其中)"
)

// Unexported aliases keep the hooks in the layout files short.
const (
	whyAbove       = WhyAbove
	whyBlank       = WhyBlank
	whyNoValues    = WhyNoValues
	whyHeaderAgain = WhyHeaderAgain
	whyTotal       = WhyTotal
	whyTitle       = WhyTitle
	whyYears       = WhyYears
	whyNote        = WhyNote
)

// TotalInspection is a total row or total column and how its cells compare
// with the members they add up.
type TotalInspection struct {
	Column  bool   // a total column (wide layout); otherwise a total row
	Row     int    // the total row; for a column, the first row checked
	Col     int    // the total column; 0 for a row
	Label   string // its label as written
	Measure string // the measure of a total row, when known
	Cells   int    // total cells with a value
	Checked int    // of those, compared with their members (the others had a member set aside, or none)
	Bad     string // the first cell that does not add up, if any
	Detail  string // for Bad: the total, the members' sum and where they are
}

// OK reports whether every checked cell adds up.
func (t *TotalInspection) OK() bool { return t.Bad == "" }

// Where names the total: "row 9" or "column E".
func (t *TotalInspection) Where() string {
	if t.Column {
		return "column " + coo.ColumnName(t.Col)
	}
	return fmt.Sprintf("row %d", t.Row)
}

// The observer hook. Read gives an observer to each sheet's table when its
// Sink implements it (the recorder below); the layout code calls the table's
// note helpers, which do nothing without one, and builds an event only
// behind `if t.obs != nil`, so that a load pays nothing for it.

// observer is told how a workbook is read. The events are in reading order.
type observer interface {
	observe(ev event)
}

type eventKind uint8

const (
	evSheet   eventKind = iota // a sheet: state; why it is skipped, or "" if it is read
	evNotData                  // the sheet read has no table: why
	evPeriod                   // the sheet's month: why (from where), row, col, text, period
	evHeader                   // a header row: head
	evBlock                    // wide: a block begins at row: measure (-1 unnamed), label cell, why (how named)
	evSkip                     // rows row..toRow are not data: text (label), why
	evTotal                    // a total cell at row, col: column, measure, text (label), value, sum, span, checked, ok
)

type event struct {
	kind               eventKind
	sheet, state       string
	row, toRow, col    int
	labelRow, labelCol int
	measure            int
	text, why, span    string
	head               *header
	period             coo.Period
	value, sum         float64
	column             bool
	checked, ok        bool
}

// note passes ev to the observer, if any.
func (t *table) note(ev event) {
	if t.obs != nil {
		t.obs.observe(ev)
	}
}

// skipped notes that the current row is not data. A row with no text or
// number at all is blank, whatever why says.
func (t *table) skipped(why string) {
	label := ""
	for _, c := range t.cur.cells {
		if s := strings.TrimSpace(c.Raw); s != "" && c.Kind != xlsx.Blank {
			label = s
			break
		}
	}
	switch {
	case label == "" && why != whyTotal:
		why = whyBlank
	case why == whyTotal:
		if l, ok := t.totalRow(); ok {
			label = strings.TrimSpace(l)
		}
	}
	t.note(event{kind: evSkip, row: t.cur.row, toRow: t.cur.row, text: clip(label), why: why})
}

// noteHeader notes a header row; a repeated one is a skipped row.
func (t *table) noteHeader(h *header) {
	if h.repeat {
		t.skipped(whyHeaderAgain)
		return
	}
	t.note(event{kind: evHeader, row: h.row, head: h})
}

// noteBlock notes the block under header h once its measure is settled.
func (t *table) noteBlock(h *header) {
	ev := event{kind: evBlock, row: h.row, measure: t.measure}
	switch {
	case h.mcol > 0:
		ev.why, ev.measure = "each row's measure column", -1
	case len(t.labels) > 0 && t.labels[0].row == h.row:
		ev.why = "the label in the header's first cell"
	case len(t.labels) > 0:
		ev.why = "a label above the header"
	case len(t.src.Measures) == 1:
		ev.why = "the source's only measure"
	default:
		ev.why = "none yet: a label row under the header must name it"
	}
	if len(t.labels) > 0 && h.mcol == 0 {
		ev.labelRow, ev.labelCol = t.labels[0].row, t.labels[0].col
	}
	t.note(ev)
}

// noteTotal notes a total cell of the current row: in a total column
// (column) or a total row of measure k.
func (t *table) noteTotal(column bool, col, k int, label string, v, sum float64, span string, checked, ok bool) {
	t.note(event{kind: evTotal, row: t.cur.row, col: col, measure: k, text: strings.TrimSpace(label), value: v, sum: sum, span: span,
		column: column, checked: checked, ok: ok})
}

// colSpan names the cells of the current row in cols: "B6:D6".
func (t *table) colSpan(cols []int) string {
	if len(cols) == 0 {
		return ""
	}
	return t.ref(t.cur.row, cols[0]) + ":" + t.ref(t.cur.row, cols[len(cols)-1])
}

// recorder is the Sink and observer Inspect reads with.
type recorder struct {
	in  *Inspection
	src *Source
	cur *SheetInspection
}

func (r *recorder) sheet(name string) *SheetInspection {
	if r.cur != nil && r.cur.Name == name {
		return r.cur
	}
	for _, s := range r.in.Sheets {
		if s.Name == name {
			return s
		}
	}
	s := &SheetInspection{Name: name, State: "visible"}
	r.in.Sheets = append(r.in.Sheets, s)
	return s
}

func (r *recorder) Fact(f warehouse.Fact) error {
	s := r.sheet(f.Sheet)
	if len(s.First) < FirstValues {
		s.First = append(s.First, f)
	}
	s.Values++
	r.in.Values++
	if n := len(s.Blocks); n > 0 {
		s.Blocks[n-1].Values++
	}
	if n := len(s.Months); n == 0 || s.Months[n-1] != f.Period {
		if !slices.Contains(s.Months, f.Period) {
			s.Months = append(s.Months, f.Period)
		}
	}
	return nil
}

func (r *recorder) Reject(rj warehouse.Reject) {
	r.sheet(rj.Sheet).Rejects++
	r.in.Rejects = append(r.in.Rejects, rj)
}

func (r *recorder) measureName(k int) string {
	if k < 0 || k >= len(r.src.Measures) {
		return ""
	}
	return r.src.Measures[k].Name
}

func (r *recorder) observe(ev event) {
	if ev.kind == evSheet {
		r.cur = &SheetInspection{Name: ev.sheet, State: ev.state, Read: ev.why == "", Why: ev.why}
		r.in.Sheets = append(r.in.Sheets, r.cur)
		return
	}
	s := r.cur
	if s == nil {
		return
	}
	ref := func(row, col int) string { return coo.ColumnName(col) + fmt.Sprint(row) }
	switch ev.kind {
	case evNotData:
		s.Read, s.Why = false, "not data: "+ev.why
	case evPeriod:
		s.Period = &MonthSource{From: ev.why, Text: clip(ev.text), Period: ev.period}
		if ev.row > 0 {
			s.Period.Cell = ref(ev.row, ev.col)
		}
	case evHeader:
		s.Headers = append(s.Headers, r.header(ev.head))
	case evBlock:
		b := BlockInspection{Header: ev.row, Row: ev.row, Measure: r.measureName(ev.measure), How: ev.why}
		if len(s.Headers) > 0 {
			b.Header = s.Headers[len(s.Headers)-1].Row
		}
		if ev.labelRow > 0 {
			b.Label = ref(ev.labelRow, ev.labelCol)
			if i, ok := s.rows[ev.labelRow]; ok {
				s.Skipped[i].Why = WhyLabel
				b.Text = s.Skipped[i].Label
			}
			for _, h := range s.Headers {
				for _, c := range h.Columns {
					if c.Cell == b.Label {
						b.Text = c.Text
					}
				}
			}
		}
		if n := len(s.Blocks); n > 0 && s.Blocks[n-1].Values == 0 {
			// A block that read nothing was only a step: a header whose
			// label row follows, or a label row whose header follows.
			s.Blocks[n-1] = b
			break
		}
		s.Blocks = append(s.Blocks, b)
	case evSkip:
		if _, ok := s.rows[ev.row]; ok {
			return // one reason per row: the first given
		}
		if ev.why == whyTotal {
			r.total(s, TotalInspection{Row: ev.row, Label: ev.text})
		}
		if len(s.Skipped) >= maxListed {
			s.More++
			return
		}
		if s.rows == nil {
			s.rows = map[int]int{}
		}
		s.rows[ev.row] = len(s.Skipped)
		s.Skipped = append(s.Skipped, SkippedRow{Row: ev.row, ToRow: ev.toRow, Label: ev.text, Why: ev.why})
	case evTotal:
		var t *TotalInspection
		for i := len(s.Totals) - 1; i >= 0; i-- {
			x := &s.Totals[i]
			if x.Column == ev.column && (ev.column && x.Col == ev.col || !ev.column && x.Row == ev.row) {
				t = x
				break
			}
		}
		if t == nil {
			if t = r.total(s, TotalInspection{Column: ev.column, Row: ev.row, Col: ev.col, Label: ev.text}); t == nil {
				return
			}
			if !ev.column {
				t.Col = 0
			}
		}
		if m := r.measureName(ev.measure); m != "" {
			t.Measure = m
		}
		t.Cells++
		if ev.checked {
			t.Checked++
		}
		if ev.checked && !ev.ok && t.Bad == "" {
			t.Bad = ref(ev.row, ev.col)
			t.Detail = fmt.Sprintf("%s is %s, but %s add up to %s", t.Bad, fmtNum(ev.value), ev.span, fmtNum(ev.sum))
		}
	}
}

// total adds a total to s; nil once maxListed are listed.
func (r *recorder) total(s *SheetInspection, t TotalInspection) *TotalInspection {
	if len(s.Totals) >= maxListed {
		s.More++
		return nil
	}
	s.Totals = append(s.Totals, t)
	return &s.Totals[len(s.Totals)-1]
}

// header turns a header row into its report, left to right.
func (r *recorder) header(h *header) HeaderInspection {
	out := HeaderInspection{Row: h.row}
	add := func(col int, role, name string) {
		if col == 0 {
			return
		}
		text := h.orig[col]
		if _, isMonth := h.months[col]; isMonth {
			if _, err := strconv.ParseFloat(text, 64); err == nil {
				text = "(a date)" // a serial day means nothing to a reader
			}
		}
		out.Columns = append(out.Columns, HeaderColumn{Cell: coo.ColumnName(col) + fmt.Sprint(h.row), Text: text, Role: role, Name: name})
	}
	if h.period > 0 {
		add(h.period, RolePeriod, "")
	}
	for i, col := range h.dims {
		if h.label == nil || col != h.label.col {
			add(col, RoleDimension, r.src.Dimensions[i].Name)
		}
	}
	if h.label != nil {
		add(h.label.col, RoleLabel, r.measureName(h.label.k))
	}
	for i, col := range h.measure {
		add(col, RoleMeasure, r.src.Measures[i].Name)
	}
	add(h.mcol, RoleMeasureColumn, "")
	for _, col := range h.cols {
		add(col, RoleMonth, h.months[col].String())
	}
	for _, tc := range h.totals {
		add(tc.col, RoleTotal, "")
	}
	for _, sc := range h.skips {
		add(sc.col, RoleSkipped, sc.why)
	}
	slices.SortStableFunc(out.Columns, func(a, b HeaderColumn) int {
		ca, _, _ := coo.ParseA1(a.Cell)
		cb, _, _ := coo.ParseA1(b.Cell)
		return ca - cb
	})
	return out
}

// FindSource returns the workbook source among sources whose files glob
// matches the file at path, and the file's name as a batch records it:
// relative to the project folder dir (slash-separated) when inside it,
// absolute otherwise. A glob is relative to dir unless absolute. The error
// says when no source, or more than one, matches, naming their globs.
func FindSource(sources []Source, dir, file string) (*Source, string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, "", err
	}
	name := filepath.ToSlash(abs)
	if rel, err := filepath.Rel(absDir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		name = filepath.ToSlash(rel)
	}
	var found []*Source
	var globs []string
	for i := range sources {
		s := &sources[i]
		if s.Parquet != "" {
			continue
		}
		globs = append(globs, s.Name+": "+s.Files)
		glob := s.Files
		if !path.IsAbs(glob) && !filepath.IsAbs(glob) {
			glob = path.Join(filepath.ToSlash(absDir), glob)
		}
		if ok, _ := path.Match(filepath.ToSlash(filepath.Clean(filepath.FromSlash(glob))), filepath.ToSlash(abs)); ok {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], name, nil
	case 0:
		if len(globs) == 0 {
			return nil, name, fmt.Errorf("%s: the project has no workbook source", name)
		}
		return nil, name, fmt.Errorf("%s matches no source's files glob (%s); give --source NAME, or widen a glob", name, strings.Join(globs, "; "))
	}
	var names []string
	for _, s := range found {
		names = append(names, s.Name)
	}
	return nil, name, fmt.Errorf("%s matches the files globs of sources %s; give --source NAME", name, strings.Join(names, ", "))
}
