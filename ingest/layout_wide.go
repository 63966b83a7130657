package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"coo"
	"coo/ingest/xlsx"
	"coo/warehouse"
)

// The wide layout's blocks. A block is a header row (the dimensions'
// headers and months across) and the rows below it, up to the next header.
// With several measures, a block's measure is named by a label: a cell
// whose whole text is a measure's Title or one of its Aliases (see
// labelOf), in a row above the header, in a row of its own under the
// header (which also switches the measure of the rows below it, so that
// blocks may share one month header), or in the header row's first cell;
// or each row names its measure in the source's MeasureColumn.

// labelHit is a cell naming measure k.
type labelHit struct {
	k, row, col int
}

// unnamedBlock is the measure of rows under a label that names no measure
// of the source, on a sheet whose blocks labels name, or under a repeated
// month header whose first cell holds such a label: they are another
// measure's (one the mapping does not list), so a value there refuses the
// file rather than load as the block's before.
const unnamedBlock = -2

// labelOf returns the measure whose label is the whole of text: equal once
// case, spaces and punctuation are folded, or equal but for a trailing note
// in brackets ("Spend (CNY thousands)" names Spend). An exact match wins.
func (t *table) labelOf(text string) (int, bool) {
	if strings.TrimSpace(text) == "" || len(text) > 200 {
		return 0, false
	}
	n := normLabel(text)
	base, noted := stripNote(text)
	if noted && otherQuantity(strings.TrimPrefix(strings.TrimSpace(text), base)) {
		noted = false // "Revenue (budget)" is not revenue
	}
	nb := normLabel(base)
	found := -1
	for k := range t.src.Measures {
		for _, l := range t.src.Measures[k].labels() {
			nl := normLabel(l)
			if n == nl {
				return k, true
			}
			if noted && nb == nl && found < 0 {
				if _, own := stripNote(l); !own {
					found = k
				}
			}
		}
	}
	return found, found >= 0
}

// scaleNote refuses a measure's label (text, in column col of the current
// row) whose note states units other than the mapping's scale ("Revenue
// (CNY '000)" with no scale; "Revenue（万元）" with scale: 1000): they
// loaded ten or a thousand times off, exit 0 (found from outside).
func (t *table) scaleNote(k int, text string, col int) error {
	said, _, ok := noteScale(text)
	if !ok {
		return nil
	}
	return t.checkScale(k, text, t.ref(t.cur.row, col), said)
}

// noteLabels records the measure labels in the current row, which is not a
// data row. Under a header (inData), a label switches the measure of the
// rows below it.
func (t *table) noteLabels(inData bool) error {
	if t.src.MeasureColumn != nil {
		return nil
	}
	hit := false
	var other *xlsx.Cell   // a text naming no measure
	var sibling *xlsx.Cell // a measure's label with a note naming another quantity
	for i, c := range t.cur.cells {
		if c.Kind != xlsx.Text {
			continue
		}
		k, ok := t.labelOf(c.Raw)
		if !ok {
			if _, year := yearOf(&t.cur.cells[i]); !year && other == nil && !t.isTotal(c.Raw, true) {
				other = &t.cur.cells[i]
			}
			if base, noted := stripNote(c.Raw); noted && sibling == nil {
				if _, named := t.labelOf(base); named && otherQuantity(strings.TrimPrefix(strings.TrimSpace(c.Raw), base)) {
					sibling = &t.cur.cells[i] // "Leads (budget)": not leads
				}
			}
			continue
		}
		hit = true
		if err := t.scaleNote(k, c.Raw, c.Col); err != nil {
			return err
		}
		if err := t.addLabel(labelHit{k: k, row: t.cur.row, col: c.Col}); err != nil {
			return err
		}
	}
	if other != nil && inData && t.isTitleRow() {
		// "Unit: CNY k" under the header: the units of the rows below
		if units, err := t.statedUnits(other.Raw, t.ref(t.cur.row, other.Col)); units || err != nil {
			return err
		}
	}
	switch {
	case hit:
	case sibling != nil:
		t.unnamed(sibling)
	case other == nil || t.isNoteRow():
	case inData && (t.named || otherQuantity(other.Raw)):
		t.unnamed(other)
	case inData && t.isTitleRow() && namesQuantity(other.Raw) && !t.namesMeasure(other.Raw):
		// a title between the blocks of a source whose blocks are not
		// labelled: "Units sold" over a block of units loaded as the
		// revenue above it (found from outside); see startBlock
		t.pendRef, t.pendText = t.ref(t.cur.row, other.Col), other.Raw
	case !inData && t.isTitleRow() && t.titleNamesOther(other.Raw):
		// a title above the first block: "Budget" over the only block
		// loaded as actuals (found from outside)
		t.unnamed(other)
	}
	if inData && hit {
		t.named = true
		t.measure = t.labels[0].k
		t.newBlock()
		if t.obs != nil {
			l := t.labels[0]
			t.note(event{kind: evBlock, row: t.cur.row, measure: l.k, labelRow: l.row, labelCol: l.col, why: "a label row under the header"})
		}
	}
	return nil
}

// unnamed starts rows of a measure that label c names, which the source
// does not map (see unnamedBlock).
func (t *table) unnamed(c *xlsx.Cell) {
	t.measure, t.stray, t.strayAs = unnamedBlock, t.ref(t.cur.row, c.Col), c.Raw
	t.newBlock()
}

// addLabel adds a label seen since the last data row, refusing the file if
// it names another measure than one seen before.
func (t *table) addLabel(l labelHit) error {
	for _, p := range t.labels {
		if p.k == l.k {
			return nil
		}
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(l.row, l.col),
			Err: fmt.Errorf("%w: %s names %s and %s names %s; keep one label over each block (a label matches a whole cell, so a caption that mentions both is fine)",
				ErrAmbiguousLabel, t.ref(p.row, p.col), t.src.Measures[p.k].Name, t.ref(l.row, l.col), t.src.Measures[l.k].Name)}
	}
	t.labels = append(t.labels, l)
	return nil
}

// startBlock begins the block under header h: its measure is named by the
// labels since the last data row and the header's own first cell.
func (t *table) startBlock(h *header) error {
	if t.pendRef != "" && len(t.labels) == 0 && h.label == nil {
		// a title naming no measure, then a header: another measure's block
		t.measure, t.stray, t.strayAs = unnamedBlock, t.pendRef, t.pendText
		t.pendRef = ""
		if h.repeat {
			t.newBlock()
			return nil
		}
	}
	t.pendRef = ""
	if h.repeat {
		return nil
	}
	for _, sc := range h.skips { // said, since their values do not load
		t.stats.notes = append(t.stats.notes, fmt.Sprintf("sheet %q %s %q not read: %s", t.sheet, t.ref(h.row, sc.col), clip(h.orig[sc.col]), sc.why))
	}
	t.newBlock()
	if h.label != nil && t.src.MeasureColumn == nil {
		if err := t.addLabel(*h.label); err != nil {
			return err
		}
	}
	switch {
	case len(t.labels) > 0:
		t.named = true
		t.measure = t.labels[0].k
	case t.measure == unnamedBlock:
		// a title above this header named no measure: the block stays unnamed
	case len(t.src.Measures) == 1:
		t.measure = 0
	default:
		t.measure = -1 // a label row below may name it
	}
	if t.obs != nil {
		t.noteBlock(h)
	}
	t.labels = t.labels[:0]
	return nil
}

// newBlock starts adding up the block's values afresh.
func (t *table) newBlock() {
	t.groupReset()
	t.segs = t.segs[:0]
	t.gap, t.fill, t.closedBy = false, 0, 0
}

// seg returns the running sums of measure k in this block.
func (t *table) seg(k int) *segment {
	for len(t.segs) <= k {
		t.segs = append(t.segs, nil)
	}
	if t.segs[k] == nil {
		t.segs[k] = newSegment()
	}
	return t.segs[k]
}

// totalCol is a total column of a wide header and the month columns it
// adds up: those to its left back to the previous total column of the same
// or a higher level (Q2 total: April to June; H1 total: January to June;
// FY total or Total: every month since the block's start or the previous
// year's total).
type totalCol struct {
	col, level int
	span       []int
}

// wideHeader reads the months (and total columns) of a wide header row. It
// returns what the row lacks to be a header, or "".
func (t *table) wideHeader(h *header, cols []int) (string, error) {
	h.months = map[int]coo.Period{}
	seen := map[coo.Period]int{}
	var unyeared []int
	// under one year's cell the month names must run forward: after Dec a
	// Jan is the next year's, and which year a label spanning both meant
	// (a fiscal year) is the department's to say
	type under struct{ month, col int }
	lastUnder := map[int]under{} // by the year's column
	var latest coo.Period        // the latest month so far
	for _, col := range cols {
		if contains(h.dims, col) || col == h.mcol || h.label != nil && col == h.label.col {
			continue
		}
		text := t.text(&t.cur, col)
		p, ok := t.headerMonth(t.cur.at(col))
		if !ok {
			if m, name := monthName(text); name {
				y, ycol, yeared := t.yearAbove(h, col)
				if !yeared {
					unyeared = append(unyeared, col)
					continue
				}
				if prev, ok := lastUnder[ycol]; ok && m <= prev.month {
					return "", &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
						Err: fmt.Errorf("%w: under the year %d in %s the months go from %q in %s back to %q in %s, so which year %s belongs to is not written; put the year over the first month of each year (%d over %s), or write the months with their years (\"Jan 2026\")",
							ErrNotPeriod, y, t.ref(t.prev.row, ycol), clip(t.text(&t.cur, prev.col)), t.ref(t.cur.row, prev.col), clip(text), t.ref(t.cur.row, col), t.ref(t.cur.row, col), y+1, t.ref(t.prev.row, col))}
				}
				lastUnder[ycol] = under{m, col}
				p, ok = coo.NewPeriod(y, m), true
			}
		}
		if !ok {
			if cumulative(text) {
				// a running total from the year's start: the months
				// beside it are only some of those it adds (found from
				// outside: "YTD" beside Aug to Oct refused the file)
				h.skips = append(h.skips, skipCol{col, "year to date, not a total of the months beside it (not checked)"})
				continue
			}
			lvl := columnLevel(text, t.extra)
			if lvl == 0 {
				lvl = periodColumn(text) // "Q3", "H1", "第三季度": a total of its months
			}
			if lvl > 0 {
				h.totals = append(h.totals, totalCol{col: col, level: lvl})
			}
			continue // "Notes", "Budget": not data
		}
		if g := t.groupAbove(h, col); g != "" && t.otherThanSource(g) {
			// a month under a group naming another quantity (Actual over
			// Sep and Oct, Budget over Nov and Dec): not the measure's
			// (the budget loaded as actuals, found from outside)
			continue
		}
		if n := len(h.cols); n > 0 && p <= latest.Add(-12) && h.months[h.cols[n-1]] != p.Add(1) {
			// a year or more before a month to its left, not the
			// next of a run of months going back: the same months of
			// an earlier year, shown for comparison ("Oct-26 | Oct-25");
			// it would replace that month's figures in the warehouse
			h.skips = append(h.skips, skipCol{col, fmt.Sprintf("a year or more before %s to its left: shown for comparison", latest)})
			continue
		}
		if prev, dup := seen[p]; dup {
			return "", &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
				Err: fmt.Errorf("%w: %s and %s are both %s; delete one", ErrDupHeader, t.ref(t.cur.row, prev), t.ref(t.cur.row, col), p)}
		}
		if i, ok := t.merges[[2]int{t.cur.row, col}]; ok && t.mergeRef[i].ToCol > t.mergeRef[i].FromCol {
			// a month over sub-columns (Budget and Actual under each
			// month): its first column was read as the month's, the
			// budget loaded as the actual (found from outside)
			rg := t.mergeRef[i]
			return "", &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
				Err: fmt.Errorf("%w: the month %s in %s is merged over columns %s to %s, so the month has several columns (such as budget and actual) and which one is the measure's is not known; give each month one column, or put each quantity in a block of its own",
					ErrNoHeader, p, t.ref(t.cur.row, col), coo.ColumnName(rg.FromCol), coo.ColumnName(rg.ToCol))}
		}
		seen[p] = col
		latest = max(latest, p)
		h.months[col] = p
		h.cols = append(h.cols, col)
	}
	switch {
	case len(h.months) == 0 && len(unyeared) > 0:
		return "a row of years above the month names", nil
	case len(h.months) == 0:
		return "months across the columns", nil
	case len(unyeared) > 0:
		col := unyeared[0]
		return "", &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
			Err: fmt.Errorf("%w: the month name %q in %s has no year in the row above it; put the year over its months (in the first of them, or merged across them)",
				ErrNotPeriod, clip(t.text(&t.cur, col)), t.ref(t.cur.row, col))}
	}
	for i := range h.totals {
		tc := &h.totals[i]
		from := 0
		for j := i - 1; j >= 0; j-- {
			if h.totals[j].level >= tc.level {
				from = h.totals[j].col
				break
			}
		}
		for _, c := range h.cols {
			if c > from && c < tc.col {
				tc.span = append(tc.span, c)
			}
		}
		tc.span = periodSpan(tc.span, tc.level, h.months)
	}
	return "", nil
}

// periodSpan narrows the months a quarter's or a half's total column adds
// (span: those since the previous total column) to the 3 or 6 consecutive
// months just left of it, where the column sits: "Q3 total" after Jan to
// Sep adds Jul to Sep, not all nine (a false refusal, found from
// outside). With fewer months beside it ("Q4" after Oct alone) or a gap,
// what it adds is not known and it is not checked (nil). Other levels
// keep span.
func periodSpan(span []int, level int, months map[int]coo.Period) []int {
	n := 0
	switch level {
	case levelQuarter:
		n = 3
	case levelHalf:
		n = 6
	default:
		return span
	}
	if len(span) < n {
		return nil
	}
	last := span[len(span)-n:]
	for i := 1; i < n; i++ {
		if months[last[i]] != months[last[i-1]].Add(1) {
			return nil
		}
	}
	return last
}

// groupAbove returns the text over a month column of the header in the row
// just above it: its own cell's (or its merge's), or, as a year over the
// first of its months, the nearest text to its left past the dimensions.
func (t *table) groupAbove(h *header, col int) string {
	if t.prev.row != t.cur.row-1 {
		return ""
	}
	if g := t.text(&t.prev, col); g != "" {
		return g
	}
	from := 0
	for _, d := range h.dims {
		from = max(from, d)
	}
	g := ""
	for _, c := range t.prev.cells {
		if c.Col > from && c.Col < col && c.Kind != xlsx.Blank {
			g = c.Raw
		}
	}
	return g
}

// skipCol is a column of a wide header that is not read, and why.
type skipCol struct {
	col int
	why string
}

// cumulative reports whether a column's header names a running total from
// the year's start: "YTD", "YTD Oct-26", "Year to date", "Cumulative",
// "累计", "本年累计".
func cumulative(text string) bool {
	l := normLabel(text)
	for _, w := range strings.Fields(l) {
		switch w {
		case "ytd", "cumulative", "cum", "cumul", "cumulated", "kumuliert":
			return true
		}
	}
	return strings.Contains(l, "to date") || strings.Contains(l, "累计") || strings.Contains(l, "累計")
}

// monthName reads a month's name without a year: Jan, January, Sept, 1月,
// 一月.
func monthName(s string) (int, bool) {
	l := normLabel(s)
	if m, ok := monthNames[l]; ok {
		return m, true
	}
	if n, ok := strings.CutSuffix(l, "月"); ok {
		if m, err := strconv.Atoi(n); err == nil && m >= 1 && m <= 12 && len(n) <= 2 {
			return m, true
		}
		for i, z := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"} {
			if n == z {
				return i + 1, true
			}
		}
	}
	return 0, false
}

// yearOf reads a cell as a year: a whole number (not a date) or text such
// as "2026" or "2026年".
func yearOf(c *xlsx.Cell) (int, bool) {
	if c == nil || c.Formula != "" && c.Kind == xlsx.Blank {
		return 0, false
	}
	s := strings.TrimSpace(c.Raw)
	switch c.Kind {
	case xlsx.Number:
		if c.Date {
			return 0, false
		}
	case xlsx.Text:
		s = strings.TrimSpace(strings.TrimSuffix(s, "年"))
	default:
		return 0, false
	}
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < coo.MinYear || y > 2999 {
		return 0, false
	}
	return y, true
}

// yearAbove is the year over col in the row above the header, and the
// column it is written in: the nearest cell at or left of col (a year
// written over the first of its months, or merged across them).
//
// A row whose cells over the dimensions hold other text than a year's
// heading is no row of years: "Annual target | 2000" over "Region | Jan"
// read the months as 2000's (found from outside).
func (t *table) yearAbove(h *header, col int) (year, at int, ok bool) {
	cells := t.prev.cells
	if t.prev.row != t.cur.row-1 {
		return 0, 0, false
	}
	for _, d := range h.dims {
		if c := t.prev.at(d); c != nil && c.Kind == xlsx.Text && !yearHeading(c.Raw) {
			if _, y := yearOf(c); !y {
				return 0, 0, false
			}
		}
	}
	i := sort.Search(len(cells), func(i int) bool { return cells[i].Col > col })
	for i--; i >= 0; i-- {
		if cells[i].Kind != xlsx.Blank {
			year, ok = yearOf(&cells[i])
			return year, cells[i].Col, ok
		}
	}
	return 0, 0, false
}

// yearHeading reports whether text heads a row of years ("Year", "FY",
// "年度").
func yearHeading(text string) bool {
	switch normLabel(text) {
	case "", "year", "years", "fy", "fiscal year", "年", "年度", "年份", "财年":
		return true
	}
	return false
}

// isYearRow reports whether the current row, under a header, may be the
// row of years over the next block's header: no labels, and only years.
func (t *table) isYearRow() bool {
	if t.hasContent(t.head.dims) {
		return false
	}
	n := 0
	for i := range t.cur.cells {
		c := &t.cur.cells[i]
		if c.Kind == xlsx.Blank && c.Formula == "" {
			continue
		}
		if _, ok := yearOf(c); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// heldRow settles a row held back as a possible row of years: dropped if
// a header follows it, otherwise read as the data row it then is.
func (t *table) heldRow(headerFollows bool) error {
	held := t.yearRow
	t.yearRow = nil
	if headerFollows {
		if t.obs != nil {
			t.note(event{kind: evSkip, row: held.row, toRow: held.row, why: whyYears})
		}
		return nil
	}
	saved := t.cur
	t.cur = *held
	err := t.wideData()
	t.cur = saved
	return err
}

// wideRow reads a row under a wide header: a data or total row (one value
// per month column), or a row with no values, which may hold labels.
func (t *table) wideRow() error {
	h := t.head
	if !t.hasContent(h.cols) {
		if t.obs != nil {
			t.skipped(whyNoValues)
		}
		if !t.hasContent(h.dims) {
			return t.noteLabels(true)
		}
		return nil
	}
	t.pendRef = "" // a row with values: the title above it was not a block's
	if t.unitCol != 0 {
		if err := t.rowUnits(t.measure); err != nil {
			return err
		}
	}
	if t.isYearRow() {
		var v rowView
		v.set(t.cur.row, t.cur.cells)
		t.yearRow = &v
		return nil
	}
	if col, ok := t.subHeader(); ok {
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
			Err: fmt.Errorf("%w: row %d under the header holds %q in %s and no numbers under the months: the months have sub-columns (such as budget and actual), and which one is the measure's is not known; give each month one column, or put each quantity in a block of its own",
				ErrNoHeader, t.cur.row, clip(t.text(&t.cur, col)), t.ref(t.cur.row, col))}
	}
	switch months, same := t.monthCells(); {
	case months && !same:
		// a header that lacks the dimensions' headers: its rows would
		// be read under the months of the header before
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, h.cols[0]),
			Err: fmt.Errorf("%w: row %d has months across the columns other than the header's in row %d, but not the dimensions' headers (%s); give it the same headers, so that its rows are read under its own months",
				ErrNoHeader, t.cur.row, h.row, quoteList(t.dimHeaders()))}
	case months && t.src.MeasureColumn == nil:
		// the header again with a label where the dimension's header
		// was: one that names a measure is found as a header, so this
		// one names a measure the source does not map
		if t.obs != nil {
			t.skipped(whyTitle)
		}
		for i, c := range t.cur.cells {
			if contains(h.dims, c.Col) && c.Kind == xlsx.Text {
				t.unnamed(&t.cur.cells[i])
				break
			}
		}
		return nil
	}
	return t.wideData()
}

// subHeader reports whether the current row, right under the header, is a
// row of sub-column headers: text in two or more cells under or between the
// months and no number under them ("Budget", "Actual" under each month,
// found from outside: the budget loaded as the actual); and the first such
// cell.
func (t *table) subHeader() (int, bool) {
	h := t.head
	if t.cur.row != h.row+1 || len(h.cols) == 0 {
		return 0, false
	}
	first, n := 0, 0
	for _, c := range t.cur.cells {
		if c.Col < h.cols[0] || contains(h.dims, c.Col) {
			continue
		}
		switch c.Kind {
		case xlsx.Number:
			if contains(h.cols, c.Col) {
				return 0, false
			}
		case xlsx.Text:
			if strings.TrimSpace(c.Raw) != "" {
				if n++; first == 0 {
					first = c.Col
				}
			}
		}
	}
	return first, n >= 2
}

// monthCells reports whether every filled month column of the current row
// holds a month, as a header's would, and whether they are the header's.
func (t *table) monthCells() (months, same bool) {
	h := t.head
	same = true
	for _, col := range h.cols {
		c := t.cur.at(col)
		if c == nil || c.Kind == xlsx.Blank && c.Formula == "" {
			continue
		}
		p, ok := t.headerMonth(c)
		if !ok {
			return false, false
		}
		months, same = true, same && p == h.months[col]
	}
	return months, same
}

// dimHeaders lists the headers of the source's dimensions.
func (t *table) dimHeaders() []string {
	var out []string
	for _, d := range t.src.Dimensions {
		out = append(out, d.Header)
	}
	return out
}

// wideData reads a data or total row of a wide block. Each cell stands
// alone: a bad one is set aside, the row's others load. Total rows and
// columns are checked against the values that loaded.
func (t *table) wideData() error {
	h := t.head
	t.labels = t.labels[:0]
	if t.isNoteRow() {
		if t.obs != nil {
			t.skipped(whyNote)
		}
		t.groupReset()
		return nil
	}
	if t.isPartRow() {
		if t.obs != nil {
			t.skipped(whyNote)
		}
		if h.mcol == 0 && t.measure >= 0 {
			return t.groupAdd(t.measure, false, nil, nil) // part of a row above: see groups.go
		}
		return nil
	}
	label, total := t.totalRow()
	k, ok := t.rowMeasure(total)
	if total {
		t.groupReset()
		t.stats.totals++
		if t.obs != nil {
			t.skipped(whyTotal)
		}
		if !ok || k < 0 {
			return nil
		}
		return t.checkTotalRow(k, label)
	}
	if k < 0 && ok {
		c := h.cols[0]
		for _, col := range h.cols {
			if t.hasContent([]int{col}) {
				c = col
				break
			}
		}
		if k == unnamedBlock {
			return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, c),
				Err: fmt.Errorf("%w: row %d has values under %q in %s, which names no measure of source %s (%s); if the rows are another quantity, map it as a measure or put it in a sheet of its own; if they are this source's, list %q under the source's notes:",
					ErrNoLabel, t.cur.row, clip(t.strayAs), t.stray, t.src.Name, quoteList(t.measureTitles()), strings.TrimSpace(t.strayAs))}
		}
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, c),
			Err: fmt.Errorf("%w: row %d has values under the header in row %d; put one of %s in a row of its own above the rows, in a row above the header, or in the header's first cell",
				ErrNoLabel, t.cur.row, h.row, quoteList(t.measureTitles()))}
	}
	t.stats.rows++
	if !ok {
		return nil // the measure cell was set aside
	}
	if t.src.MeasureColumn == nil {
		for _, col := range h.dims {
			if mk, named := t.labelOf(t.text(&t.cur, col)); named {
				return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, col),
					Err: fmt.Errorf("%w: %q in %s names the measure %s, but row %d has values, so it could be a member or the measure's own row; a row that names a measure holds no values (label its totals \"Total\", or rename a member that shares a measure's name)",
						ErrAmbiguousLabel, clip(t.text(&t.cur, col)), t.ref(t.cur.row, col), t.src.Measures[mk].Name, t.cur.row)}
			}
		}
	}
	seg := t.seg(k)
	if t.noteAfterGap(seg) || t.belowTotal(seg) {
		return nil
	}
	dims, ok := t.dims()
	if !ok {
		for _, col := range h.cols {
			if t.hasContent([]int{col}) {
				seg.bad(t.cur.row, col)
				t.filled(seg, k, col)
			}
		}
		return nil
	}
	m := t.src.Measures[k]
	t.facts = t.facts[:0]
	vals := map[int]float64{}
	bad := map[int]bool{}
	merged := len(t.merges) > 0 && len(t.mergeRows[t.cur.row]) > 0
	blanks := t.blanks[:0]
	var first coo.Period // the row's earliest month with something in it
	seen := false
	for _, col := range h.cols {
		c := t.cur.at(col)
		if merged && c != nil && c.Kind != xlsx.Blank {
			if err := t.mergedValue(col, h.cols); err != nil {
				return err
			}
		}
		v, blank, err := t.value(c, m.Name)
		if blank {
			blanks = append(blanks, col) // a month not reported, or forgotten: see wideBlanks
			continue
		}
		if p := h.months[col]; !seen || p < first {
			first, seen = p, true
		}
		t.filled(seg, k, col)
		switch {
		case err != nil:
			raw := ""
			if c != nil {
				raw = c.Raw
				if c.Kind == xlsx.Text {
					t.sawComma(k, col, raw)
				}
			}
			t.reject(col, err, raw, "this value was not loaded (the row's other months were)")
			seg.bad(t.cur.row, col)
			bad[col] = true
			continue
		}
		amb := c.Kind == xlsx.Text && threeAfter(c.Raw)
		if seen := t.commaSeen(k); amb && seen != "" {
			t.reject(col, ambiguous(m.Name, c.Raw, seen), c.Raw, "this value was not loaded (the row's other months were): "+fixAmbiguous)
			seg.bad(t.cur.row, col)
			bad[col] = true
			continue
		}
		raw := v
		var ok bool
		if v, ok = scaleValue(v, m.Scale); !ok {
			t.reject(col, fmt.Errorf("%w: %s times the scale %v is too large", ErrNotNumber, clip(c.Raw), m.Scale), c.Raw, "this value was not loaded (the row's other months were)")
			seg.bad(t.cur.row, col)
			bad[col] = true
			continue
		}
		if !inRange(v) {
			t.reject(col, fmt.Errorf("%w: %s", ErrOutOfRange, strconv.FormatFloat(v, 'g', -1, 64)), c.Raw, "this value was not loaded (the row's other months were)")
			seg.bad(t.cur.row, col)
			bad[col] = true
			continue
		}
		seg.add(t.cur.row, col, raw)
		vals[col] = raw
		if amb {
			t.loadedAmbiguous(k, col, c.Raw)
		}
		t.facts = append(t.facts, warehouse.Fact{Metric: m.Name, Unit: m.Unit, Period: h.months[col], Dims: dims, Value: v, Sheet: t.sheet, Row: t.cur.row, Col: col})
	}
	t.blanks = blanks
	if seen {
		t.wideBlanks(seg, k, first, bad)
	}
	if err := t.checkTotalCols(vals, bad); err != nil {
		return err
	}
	if err := t.groupAdd(k, true, vals, bad); err != nil {
		return err
	}
	return t.emit()
}

// Blanks in a member row. A department that leaves a month blank in a
// member's row may have forgotten the value: loaded without it, the
// month's total was short with no mark (found from outside). Within a
// block, a blank month cell of a member row is set aside as blank_value
// when the row has something in an earlier month and another member row
// of the block has something in that month: a hole between two values,
// or a month the other rows report and this one left out (forgotten, or a
// member discontinued whose department should write 0). Blanks before a
// row's first value (a member that started later in the year), months no
// member row fills (months still to come), rows with nothing in the
// months (a group's label), total rows and rows that are not members
// load as before. Rows are read once, from the top: a blank whose month
// no row above has filled is held (segment.held) until a row below fills
// it, or dropped with the block.

// blankCell is a blank month cell of a member row that has something in
// an earlier month, in month p.
type blankCell struct {
	row, col int
	p        coo.Period
}

// filled records that the current member row of measure k has something
// in col, setting aside the blanks of rows above held for that month.
func (t *table) filled(seg *segment, k, col int) {
	if seg.has(col) {
		return
	}
	t.later = seg.fill(col, t.later[:0])
	for _, b := range t.later {
		t.blankValue(b, k)
		seg.blankLater(b.row, b.col)
	}
}

// wideBlanks judges the current member row's blank month cells (t.blanks;
// first: the row's earliest month with something in it): one
// after first in a month another row filled is set aside (and marked in
// bad, so that the row's total columns are not checked over it); one in a
// month no row filled yet is held.
func (t *table) wideBlanks(seg *segment, k int, first coo.Period, bad map[int]bool) {
	for _, col := range t.blanks {
		p := t.head.months[col]
		switch {
		case p <= first:
			// before the row's first value: a member that started later
		case seg.has(col):
			t.blankValue(blankCell{row: t.cur.row, col: col, p: p}, k)
			seg.bad(t.cur.row, col)
			bad[col] = true
		default:
			seg.held = append(seg.held, blankCell{row: t.cur.row, col: col, p: p})
		}
	}
}

// blankValue sets aside a blank month cell of measure k.
func (t *table) blankValue(b blankCell, k int) {
	err := fmt.Errorf("%w for %s in %s: row %d has a value in an earlier month and other rows of the block have one for %s",
		ErrBlankValue, t.src.Measures[k].Name, b.p, b.row, b.p)
	t.rejectAt(b.row, b.col, err, "", "the cell is blank: enter the value, or 0 where it is zero (the row's other months loaded)")
}

// noteAfterGap sets aside the values of the current row when it reads as a
// note under the block rather than a member of it: it comes after a blank
// row below the block's data rows and fills at most half the months the
// fullest of them fills ("Exchange rate used | 7.1" under a block of
// twelve months loaded as a member, adding 7.1 to January's total). Its
// cells are rejected, so that a member laid out so is missing visibly
// rather than a note loaded silently; the message says how to have it
// either way. Otherwise it records the row in the block's fill.
func (t *table) noteAfterGap(seg *segment) bool {
	filled := 0
	for _, col := range t.head.cols {
		if t.hasContent([]int{col}) {
			filled++
		}
	}
	if !t.gap || t.fill == 0 || 2*filled > t.fill {
		t.gap, t.fill = false, max(t.fill, filled)
		return false
	}
	err := fmt.Errorf("%w: row %d (%q) comes after a blank row under the block and has values in %d of the %d months its rows above fill",
		ErrNoteRow, t.cur.row, clip(t.firstText()), filled, t.fill)
	t.setAside(seg, err, "not loaded: if it is a member, remove the blank row above it; if it is a note, add its label to notes: in the source's mapping")
	return true
}

// firstText is the current row's first text cell, "" if none.
func (t *table) firstText() string {
	for _, c := range t.cur.cells {
		if c.Kind == xlsx.Text {
			return c.Raw
		}
	}
	return ""
}

// setAside rejects every month cell of the current row that holds
// something, with err and what to do, and keeps them out of the block's
// total checks.
func (t *table) setAside(seg *segment, err error, what string) {
	for _, col := range t.head.cols {
		if c := t.cur.at(col); c != nil && t.hasContent([]int{col}) {
			t.reject(col, err, c.Raw, what)
			seg.bad(t.cur.row, col)
		}
	}
}

// belowTotal sets aside the values of a row below the block's total row,
// when that total added up the member rows above it: such a row ("Budget",
// "Variance", "Prior year" under "Total") is not a member, and loaded as
// one, doubling the block's total (found from outside). A total above its
// members adds up nothing above it, and the members below it load.
func (t *table) belowTotal(seg *segment) bool {
	if t.closedBy == 0 {
		return false
	}
	err := fmt.Errorf("%w: row %d (%q) is below the block's total in row %d, which adds up the rows above it", ErrNoteRow, t.cur.row, clip(t.firstText()), t.closedBy)
	t.setAside(seg, err, "not loaded: if it is a member, put it above the total; if it is a note, add its label to notes: in the source's mapping")
	return true
}

// measureTitles lists the source's measures by their titles.
func (t *table) measureTitles() []string {
	var labels []string
	for _, m := range t.src.Measures {
		labels = append(labels, m.Title)
	}
	return labels
}

// rowMeasure is the measure of the current row: the block's (-1 if no
// label named it yet), or the one its measure column names. ok is false
// when the measure column names none: the row is set aside (a total row
// is skipped).
func (t *table) rowMeasure(total bool) (k int, ok bool) {
	h := t.head
	if h.mcol == 0 {
		return t.measure, true
	}
	raw := t.text(&t.cur, h.mcol)
	if k, ok := t.labelOf(raw); ok {
		return k, true
	}
	if total {
		return 0, false
	}
	labels := t.measureTitles()
	hd := t.src.MeasureColumn.Header
	err := fmt.Errorf("%w: %q in column %q (want one of %s)", ErrUnknownMeasure, clip(raw), hd, quoteList(labels))
	if strings.TrimSpace(raw) == "" {
		err = fmt.Errorf("%w: column %q is empty (want one of %s)", ErrUnknownMeasure, hd, quoteList(labels))
	}
	t.reject(h.mcol, err, raw, "the row was not loaded: name its measure, or add the name to a measure's aliases")
	return 0, false
}

// checkTotalRow checks a total row of measure k against the values that
// loaded above it: a subtotal ("North subtotal", or a row whose other
// labels name a group) against those since the previous total row, a
// total against those since the block's start.
func (t *table) checkTotalRow(k int, label string) error {
	h := t.head
	seg := t.seg(k)
	sub := rowIsSubtotal(label)
	for _, c := range h.dims {
		if l := t.text(&t.cur, c); strings.TrimSpace(l) != "" && !t.isTotal(l, false) {
			sub = true // "North" beside "Total": the North group's total
		}
	}
	vals := map[int]float64{}
	bad := map[int]bool{}
	checked := false
	for _, col := range h.cols {
		c := t.cur.at(col)
		v, blank, err := t.value(c, t.src.Measures[k].Name)
		if blank || err != nil {
			bad[col] = err != nil
			continue
		}
		vals[col] = v
		sums, bads, from, to := seg.all, seg.allBad, seg.allFrom, seg.allTo
		if sub {
			sums, bads, from = seg.sub, seg.subBad, seg.subFrom
		}
		sum, has := sums[col]
		if !has || bads[col] {
			if t.obs != nil {
				t.noteTotal(false, col, k, label, v, sum, "", false, false)
			}
			continue
		}
		d := v - sum
		if t.obs != nil {
			t.noteTotal(false, col, k, label, v, sum, rowSpan(from, to), true, d <= tolerance(c.Raw, v, sum) && -d <= tolerance(c.Raw, v, sum))
		}
		if d > tolerance(c.Raw, v, sum) || -d > tolerance(c.Raw, v, sum) {
			cell := t.ref(t.cur.row, col)
			return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
				Err: mismatch(fmt.Sprintf("the %s total %q for %s", t.src.Measures[k].Name, strings.TrimSpace(label), h.months[col]), cell, v, sum, rowSpan(from, to))}
		}
		checked = true
	}
	if sub {
		seg.closeSub()
	} else {
		seg.closeAll()
		if checked {
			t.closedBy = t.cur.row // the block's total, under its members
		}
	}
	return t.checkTotalCols(vals, bad)
}

// checkTotalCols checks the current row's total columns against its month
// values (vals, raw before scale; bad: set aside).
func (t *table) checkTotalCols(vals map[int]float64, bad map[int]bool) error {
	for _, tc := range t.head.totals {
		var sum float64
		has, skip := false, false
		for _, col := range tc.span {
			if bad[col] {
				skip = true
				break
			}
			if v, ok := vals[col]; ok {
				sum += v
				has = true
			}
		}
		if (skip || !has) && t.obs == nil {
			continue
		}
		c := t.cur.at(tc.col)
		v, blank, err := t.value(c, "total")
		if blank || err != nil {
			continue
		}
		d := v - sum
		if t.obs != nil { // a total nothing checks (a member set aside, or none) is noted too
			checked := !skip && has
			t.noteTotal(true, tc.col, -1, t.head.orig[tc.col], v, sum, t.colSpan(tc.span), checked, checked && d <= tolerance(c.Raw, v, sum) && -d <= tolerance(c.Raw, v, sum))
			if !checked {
				continue
			}
		}
		if d > tolerance(c.Raw, v, sum) || -d > tolerance(c.Raw, v, sum) {
			cell := t.ref(t.cur.row, tc.col)
			span := t.colSpan(tc.span)
			return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
				Err: mismatch(fmt.Sprintf("the total column %q", strings.TrimSpace(t.head.orig[tc.col])), cell, v, sum, span)}
		}
	}
	return nil
}
