package ingest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"coo"
	"coo/ingest/xlsx"
	"coo/warehouse"
)

// window is how many recent rows a formula without a saved result may refer to.
const window = 1024

// sheetStats counts what a sheet yielded.
type sheetStats struct {
	rows, facts, rejects, totals int
	notes                        []string // what was not read, for the file's notes
	warnings                     []string // what loaded but should be looked at (hidden rows)
}

// table reads one sheet's rows as they stream by: it finds the header (or,
// in the wide layout, each block's header), then turns data rows into facts
// and rejects.
type table struct {
	src        *Source
	file       string
	sheet      string
	date1904   bool
	recalc     bool // the workbook asks to be recalculated when opened: no formula's saved result is read (xlsx.Workbook.FullCalcOnLoad)
	sink       Sink
	dimBuf     []coo.Dim  // reused by dims
	period     coo.Period // the sheet's month, when it comes from the file or sheet name
	havePeriod bool
	noMonth    bool // the month comes from the sheet's name, which is not one

	merges    map[[2]int]int // covered cell (row, col) -> index in mergeRef
	mergeRows map[int][]int  // row -> columns covered by a merge
	mergeTop  []xlsx.Cell    // each merge's top-left cell, once seen
	mergeRef  []xlsx.Range

	cur, prev rowView // this row and the one above

	head  *header // the current table's header, once found
	best  int     // most columns matched by any row, for the error message
	bestR int
	bestM []string
	bestH []string // that row's texts

	above map[[2]int]string // texts above the (first) header, for period cell and label

	// wide layout
	measure int        // index of the measure of the current block's rows; -1 not named yet, unnamedBlock (see stray)
	named   bool       // a label has named a block's measure on this sheet
	stray   string     // when measure is unnamedBlock: the cell of the label that named no measure
	strayAs string     // and its text
	labels  []labelHit // measure labels seen since the last data row or header, one per measure
	// wide: a title between blocks that names no measure of a source
	// whose blocks are not labelled; if a header follows before a data
	// row, the rows under it are another measure's (see pendingTitle)
	pendRef, pendText string
	// long: a title over the rows that follow that names another quantity
	// ("Forecast", "Last year"; see titleNamesOther): a value under it
	// refuses the file
	otherRef, otherText string
	srcQuantities       map[string]bool // the kinds of titleQuantity the source's own names say
	// the first statement of units above the first header (aboveUnits)
	unitRef, unitText string
	unitSaid          float64
	unitCol           int             // a column stating each row's units (findUnitColumn); 0 if none
	yearRow           *rowView        // a row of years held back until the next row shows whether a header follows
	segs              []*segment      // by measure: the values that loaded since the block's start, for its total rows
	lsums             longSums        // a long table's members, for its total rows
	tops              []topTotal      // a long table's totals above its members, to check (checkTopTotals)
	ownWords          map[string]bool // the words of the source's own names (Source.ownWords)
	loaded            rowSet          // the rows values loaded from, to name the hidden ones among them
	loadedCols        rowSet          // and the columns
	lvals             []float64       // the current long row's values by measure, as written (before scale)
	lbad              []bool          // and which of them are missing or set aside
	extra             []string        // the source's own total labels, folded
	notes             []string        // the source's note labels, folded
	// wide: since the block's last data row, a blank row (gap), and the
	// most months a data row of the block filled (fill); see noteAfterGap
	gap  bool
	fill int
	// wide: the row of the block's total, when it added up the member rows
	// above it (0: none); rows below it are not members (belowTotal)
	closedBy int
	groups   groupRows // wide: the block's last adjacent data rows, for rows that add up others (groups.go)
	// wide: the current row's blank month cells, and blanks of rows above
	// set aside once a row filled their month (wideBlanks)
	blanks []int
	later  []blankCell

	guard *keyGuard // checked at the sheet's end when not the file's (see keyGuard)
	obs   observer  // told what the sheet holds (Inspect); nil when loading

	ring [window]rowView // recent rows, for formulas without a saved result

	totalCache map[string]bool // label (with its alone flag) -> isTotal
	partCache  map[string]bool // label -> isPart
	rates      rateScale       // the fractions of measures in a rate unit
	comma      commaState      // decimal commas in text numbers, by measure (commas.go)

	stats sheetStats
	facts []warehouse.Fact
}

// rowSet is a set of row numbers, a bit each.
type rowSet []uint64

func (s *rowSet) set(row int) {
	for len(*s) <= row/64 {
		*s = append(*s, 0)
	}
	(*s)[row/64] |= 1 << (row % 64)
}

func (s rowSet) has(row int) bool { return row/64 < len(s) && s[row/64]&(1<<(row%64)) != 0 }

// hiddenLoaded returns a warning naming the rows marked hidden that values
// loaded from: a hidden "West (closed)" row with old figures loaded like the
// others without a word (found from outside). They load, as Excel's SUM
// counts them, but are named, so that someone looks.
func (t *table) hiddenLoaded(hidden []int) string {
	var rows []string
	n := 0
	for _, r := range hidden {
		if t.loaded.has(r) {
			if n++; n <= 5 {
				rows = append(rows, strconv.Itoa(r))
			}
		}
	}
	if n == 0 {
		return ""
	}
	list := strings.Join(rows, ", ")
	if n > len(rows) {
		list += fmt.Sprintf(" and %d more", n-len(rows))
	}
	return fmt.Sprintf("sheet %q: values loaded from hidden rows %s, as Excel's SUM counts them; unhide them to check them, and delete them if they are not members", t.sheet, list)
}

// hiddenColsLoaded returns a warning naming the columns marked hidden
// (ranges from, to) that values loaded from: a hidden month column with
// last year's figures loaded without a word, as hidden rows did.
func (t *table) hiddenColsLoaded(ranges [][2]int) string {
	var cols []string
	for _, rg := range ranges {
		for c := rg[0]; c <= rg[1] && c/64 < len(t.loadedCols); c++ {
			if t.loadedCols.has(c) && len(cols) < 10 {
				cols = append(cols, coo.ColumnName(c))
			}
		}
	}
	if len(cols) == 0 {
		return ""
	}
	return fmt.Sprintf("sheet %q: values loaded from hidden columns %s, as Excel's SUM counts them; unhide them to check them, and delete them if they are not the measure's", t.sheet, strings.Join(cols, ", "))
}

// rowView is one row's cells.
type rowView struct {
	row   int
	cells []xlsx.Cell // sorted by column
}

func (v *rowView) set(row int, cells []xlsx.Cell) {
	v.row = row
	v.cells = append(v.cells[:0], cells...)
}

func (v *rowView) at(col int) *xlsx.Cell {
	i := sort.Search(len(v.cells), func(i int) bool { return v.cells[i].Col >= col })
	if i < len(v.cells) && v.cells[i].Col == col {
		return &v.cells[i]
	}
	return nil
}

// header is a table's header row and what each mapped column is.
type header struct {
	row     int
	period  int                // column of the period (long layout, period from a column); 0 if none
	dims    []int              // column of each dimension
	measure []int              // column of each measure (long); 0 if an optional one is missing
	months  map[int]coo.Period // wide: column -> month
	cols    []int              // wide: the month columns in order
	totals  []totalCol         // wide: total columns, each with the month columns it adds up
	skips   []skipCol          // wide: columns not read (year to date, a comparative month), and why
	mcol    int                // wide: the measure column; 0 if none
	label   *labelHit          // wide: a measure's label in the header row's first cell
	repeat  bool               // wide: the same header again (a printed page): the same block
	texts   map[int]string     // normalised header texts, to recognise a repeated header
	orig    map[int]string     // the header texts as written, for messages
}

func newTable(src *Source, file, sheet string, date1904 bool, merges []xlsx.Range, sink Sink) *table {
	g := guardKeys(file, sink)
	t := &table{src: src, file: file, sheet: sheet, date1904: date1904, sink: g, above: map[[2]int]string{},
		measure: -1, extra: src.totalLabels(), notes: src.noteLabels()}
	if Sink(g) != sink {
		t.guard = g // the sheet's own: checked at its end
	}
	t.merges, t.mergeRows = map[[2]int]int{}, map[int][]int{}
	for _, m := range merges {
		if m.ToRow < m.FromRow || m.ToCol < m.FromCol || (m.ToRow-m.FromRow+1)*(m.ToCol-m.FromCol+1) > 10000 {
			continue // absurd merges only keep their top-left cell
		}
		t.mergeRef = append(t.mergeRef, m)
		t.mergeTop = append(t.mergeTop, xlsx.Cell{})
		for r := m.FromRow; r <= m.ToRow; r++ {
			for c := m.FromCol; c <= m.ToCol; c++ {
				t.merges[[2]int{r, c}] = len(t.mergeRef) - 1
				t.mergeRows[r] = append(t.mergeRows[r], c)
			}
		}
	}
	return t
}

func (t *table) ref(row, col int) string { return coo.ColumnName(col) + strconv.Itoa(row) }

// text returns a cell's text for labels and headers: a merged cell reads as
// its merge's top-left cell.
func (t *table) text(v *rowView, col int) string {
	if c := v.at(col); c != nil && c.Kind != xlsx.Blank {
		return c.Raw
	}
	if i, ok := t.merges[[2]int{v.row, col}]; ok {
		return t.mergeTop[i].Raw
	}
	return ""
}

// at returns a cell of v as a label or month: a blank cell covered by a
// merge reads as the merge's top-left cell, so that a month merged down
// its rows gives each of them (A2:A4 merged "2026-09" set A3 and A4 aside
// as not_a_period; found from outside). nil if there is none.
func (t *table) at(v *rowView, col int) *xlsx.Cell {
	c := v.at(col)
	if c != nil && (c.Kind != xlsx.Blank || c.Formula != "") || len(t.merges) == 0 {
		return c
	}
	if i, ok := t.merges[[2]int{v.row, col}]; ok && t.mergeTop[i].Kind != xlsx.Blank {
		return &t.mergeTop[i]
	}
	return c
}

// mergedValue refuses the file when the value cell col of the current row
// is merged over several rows, or over another of cols (the month columns,
// or the measure columns): it is no one member's or month's figure (900
// merged over July to September loaded as July's, silently; found from
// outside), and which it belongs to is the department's to say. Only rows
// with a merge (mergeRows) need ask.
func (t *table) mergedValue(col int, cols []int) error {
	i, ok := t.merges[[2]int{t.cur.row, col}]
	if !ok {
		return nil
	}
	rg := t.mergeRef[i]
	if rg.FromRow != t.cur.row || rg.FromCol != col {
		return nil // a covered cell is blank; its top-left was asked
	}
	first, last, n := 0, 0, 0 // of cols in the merge
	for _, c := range cols {
		if c >= rg.FromCol && c <= rg.ToCol {
			if n++; first == 0 {
				first = c
			}
			last = c
		}
	}
	var span, which string
	switch {
	case n > 1 && t.head.months != nil:
		span, which = fmt.Sprintf("the months %s to %s", t.head.months[first], t.head.months[last]), "month"
	case n > 1:
		span, which = "several measures' columns", "measure"
	case rg.ToRow > rg.FromRow:
		span, which = fmt.Sprintf("rows %d to %d", rg.FromRow, rg.ToRow), "row"
	default:
		return nil
	}
	cell := t.ref(t.cur.row, col)
	return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
		Err: fmt.Errorf("%w: %s (%q) is merged over %s:%s (%s), so which %s it belongs to is not written; unmerge it and put each figure in its own cell (0 where there is none)",
			ErrMergedValue, cell, clip(t.cur.at(col).Raw), cell, t.ref(rg.ToRow, rg.ToCol), span, which)}
}

// row takes the next row of the sheet.
func (t *table) row(r int, cells []xlsx.Cell) error {
	if t.head != nil && t.cur.row > 0 && r > t.cur.row+1 {
		t.gap = true
		if t.obs != nil {
			t.note(event{kind: evSkip, row: t.cur.row + 1, toRow: r - 1, why: whyBlank})
		}
	}
	t.prev, t.cur = t.cur, t.prev
	if t.prev.row != r-1 {
		t.prev.row, t.prev.cells = r-1, t.prev.cells[:0]
	}
	t.cur.set(r, cells)
	for _, c := range cells {
		if i, ok := t.merges[[2]int{r, c.Col}]; ok && t.mergeRef[i].FromRow == r && t.mergeRef[i].FromCol == c.Col {
			t.mergeTop[i] = c
		}
	}
	slot := &t.ring[r%window]
	slot.set(r, cells)

	h, err := t.findHeader()
	if err != nil {
		return err
	}
	if h != nil && t.noMonth {
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(h.row, 1),
			Err: fmt.Errorf("%w: its header is in row %d, but its name %q is not a month", errSheetNotMonth, h.row, t.sheet)}
	}
	if t.yearRow != nil {
		if err := t.heldRow(h != nil); err != nil {
			return err
		}
	}
	if h != nil {
		if t.obs != nil {
			t.noteHeader(h)
		}
		if !h.repeat {
			if err := t.headerUnits(h); err != nil {
				return err
			}
			t.findUnitColumn(h)
		}
		if t.src.layout() == Wide {
			if err := t.startBlock(h); err != nil {
				return err
			}
		}
		t.head = h
		return nil
	}
	if t.head == nil {
		if t.obs != nil {
			t.skipped(whyAbove)
		}
		if r <= 200 {
			for _, c := range cells {
				if c.Kind != xlsx.Blank {
					t.above[[2]int{r, c.Col}] = c.Raw
				}
			}
			t.aboveUnits()
		}
		if t.src.layout() == Wide {
			return t.noteLabels(false)
		}
		t.longTitle()
		return nil
	}
	if t.src.layout() == Wide {
		if t.isTitleRow() {
			if t.obs != nil {
				t.skipped(whyTitle)
			}
			return t.noteLabels(true)
		}
		return t.wideRow()
	}
	return t.longRow()
}

// isTitleRow: in the wide layout, a row with text in one cell only, between
// blocks, may title the next block.
func (t *table) isTitleRow() bool {
	n := 0
	for _, c := range t.cur.cells {
		if c.Kind == xlsx.Text && strings.TrimSpace(c.Raw) != "" {
			n++
		} else if c.Kind != xlsx.Blank || c.Formula != "" {
			return false
		}
	}
	return n == 1
}

// findHeader reports whether the current row is a header: in the long layout
// the first row with every mapped column (later ones are repeats); in the
// wide layout any row with the dimensions' headers and months.
func (t *table) findHeader() (*header, error) {
	if t.head != nil && t.src.layout() == Long {
		return nil, nil
	}
	texts := map[int]string{}
	for _, c := range t.cur.cells {
		if c.Kind != xlsx.Blank {
			texts[c.Col] = c.Raw
		}
	}
	// A cell merged down from a header above (a dimension spanning both rows
	// of a two-row header) reads as its merge's text; a cell merged across
	// does not: a header merged over C1:D1 for width is one column, C, and
	// used to be refused as a duplicate ("Budget" in C1 and in D1). Group
	// texts above still span their merge (see find, below).
	for _, col := range t.mergeRows[t.cur.row] {
		if i := t.merges[[2]int{t.cur.row, col}]; texts[col] == "" && t.mergeTop[i].Raw != "" && t.mergeRef[i].FromCol == col {
			texts[col] = t.mergeTop[i].Raw
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	cols := make([]int, 0, len(texts))
	for c := range texts {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	h := &header{row: t.cur.row, texts: map[int]string{}, orig: texts}
	for _, c := range cols {
		h.texts[c] = normHeader(texts[c])
	}
	// find returns the columns whose header matches c.
	find := func(c Column) []int {
		var found []int
		for _, col := range cols {
			leaf := h.texts[col]
			group := normHeader(t.text(&t.prev, col))
			if matches(c, leaf) || group != "" && matches(c, group+" "+leaf) {
				found = append(found, col)
			}
		}
		return found
	}
	var missing []string
	matched := 0
	one := func(c Column, optional bool) (int, error) {
		found := find(c)
		switch {
		case len(found) == 0:
			if !optional {
				missing = append(missing, c.Header)
			}
			return 0, nil
		case len(found) > 1:
			return 0, &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, found[1]),
				Err: fmt.Errorf("%w: %q in %s and %q in %s both match %q; delete or rename one, or name the column with its group (\"Group %s\")",
					ErrDupHeader, texts[found[0]], t.ref(t.cur.row, found[0]), texts[found[1]], t.ref(t.cur.row, found[1]), c.Header, c.Header)}
		}
		matched++
		return found[0], nil
	}
	if pc := t.src.Period.Column; pc != nil {
		col, err := one(*pc, false)
		if err != nil {
			return nil, err
		}
		h.period = col
	}
	wide := t.src.layout() == Wide
	if wide {
		// A measure's label where the first dimension's header would be.
		if k, ok := t.labelOf(texts[cols[0]]); ok {
			h.label = &labelHit{k: k, row: t.cur.row, col: cols[0]}
			if err := t.scaleNote(k, texts[cols[0]], cols[0]); err != nil {
				return nil, err
			}
		}
		if mc := t.src.MeasureColumn; mc != nil {
			col, err := one(*mc, false)
			if err != nil {
				return nil, err
			}
			h.mcol = col
		}
	}
	for i, d := range t.src.Dimensions {
		if i == 0 && h.label != nil && len(find(d)) == 0 {
			h.dims = append(h.dims, h.label.col)
			matched++
			continue
		}
		col, err := one(d, false)
		if err != nil {
			return nil, err
		}
		h.dims = append(h.dims, col)
	}
	if !wide {
		for _, m := range t.src.Measures {
			col, err := one(m.Column, m.Optional)
			if err != nil {
				return nil, err
			}
			h.measure = append(h.measure, col)
		}
	} else if len(missing) == 0 {
		lack, err := t.wideHeader(h, cols)
		if err != nil {
			return nil, err
		}
		if lack != "" {
			missing = append(missing, lack)
		}
	}
	if len(missing) > 0 {
		if matched > t.best {
			t.best, t.bestR, t.bestM = matched, t.cur.row, missing
			t.bestH = t.bestH[:0]
			for _, c := range cols {
				t.bestH = append(t.bestH, texts[c])
			}
		}
		return nil, nil
	}
	if t.head != nil && t.src.layout() == Long {
		return nil, nil
	}
	if t.head != nil && sameHeader(t.head, h) && wide && len(t.src.Measures) == 1 {
		h.repeat = true // a repeated header: same block
		return h, nil
	}
	return h, t.checkPeriodSource(h)
}

func sameHeader(a, b *header) bool {
	if len(a.texts) != len(b.texts) {
		return false
	}
	for k, v := range a.texts {
		if b.texts[k] != v {
			return false
		}
	}
	return true
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// headerMonth reads a wide header cell as a month.
func (t *table) headerMonth(c *xlsx.Cell) (coo.Period, bool) {
	if c == nil {
		return 0, false
	}
	switch c.Kind {
	case xlsx.Number:
		if !c.Date {
			return 0, false
		}
		v, err := strconv.ParseFloat(c.Raw, 64)
		if err != nil {
			return 0, false
		}
		p, err := serialPeriod(v, t.date1904)
		return p, err == nil
	case xlsx.Text:
		p, err := parsePeriodText(c.Raw)
		return p, err == nil
	}
	return 0, false
}

// checkPeriodSource finds the month of a long table that takes it from a cell
// or label above the header.
func (t *table) checkPeriodSource(h *header) error {
	ps := t.src.Period
	if t.src.layout() != Long || t.havePeriod {
		return nil
	}
	switch {
	case ps.Cell != "":
		col, row, _ := coo.ParseA1(ps.Cell)
		raw, ok := t.above[[2]int{row, col}]
		if !ok {
			return &FileError{File: t.file, Sheet: t.sheet, Cell: ps.Cell, Err: fmt.Errorf("%w: the month cell %s is empty (or below the table's header in row %d)", ErrNotPeriod, ps.Cell, h.row)}
		}
		return t.setPeriod(raw, row, col, "the cell "+ps.Cell)
	case ps.Label != "":
		want := normHeader(ps.Label)
		var keys [][2]int
		for k := range t.above {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
		})
		for _, k := range keys {
			if normHeader(t.above[k]) != want {
				continue
			}
			for _, k2 := range keys {
				if k2[0] == k[0] && k2[1] > k[1] {
					return t.setPeriod(t.above[k2], k2[0], k2[1], fmt.Sprintf("the cell right of %q in %s", clip(t.above[k]), t.ref(k[0], k[1])))
				}
			}
		}
		return &FileError{File: t.file, Sheet: t.sheet, Err: fmt.Errorf("%w: no cell %q with the month to its right above the header in row %d", ErrNotPeriod, ps.Label, h.row)}
	}
	return nil
}

// cellKind reports whether the cell above the header is a number, and
// whether its format shows a date.
func (t *table) cellKind(row, col int) (number, date bool) {
	for _, v := range t.ring {
		if v.row == row {
			if c := v.at(col); c != nil {
				return c.Kind == xlsx.Number, c.Date
			}
		}
	}
	return false, false
}

// setPeriod reads the month of the sheet from a cell above the header. A
// number is a date only if its format says so: a plain 202610 used to be
// read as the serial day 202,610 (the year 2454).
// from says where it is, for Inspect.
func (t *table) setPeriod(raw string, row, col int, from string) error {
	var p coo.Period
	var err error
	if number, date := t.cellKind(row, col); number {
		p, err = t.numberPeriod(raw, date)
	} else {
		p, err = parsePeriodText(raw)
	}
	if err != nil {
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(row, col), Err: fmt.Errorf("%w: %q", ErrNotPeriod, clip(raw))}
	}
	t.period, t.havePeriod = p, true
	t.note(event{kind: evPeriod, why: from, row: row, col: col, text: raw, period: p})
	return nil
}

// numberPeriod reads a number as a month: an Excel date, or yyyymm. A
// number without a date format is a date only if, read as one, it falls
// between 1950 and 2100 (a date whose format was lost): a month number
// (10) or a year (2026) is no month, where it was read as the serial day
// it is (1900-01, 1905-07).
func (t *table) numberPeriod(raw string, date bool) (coo.Period, error) {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return 0, ErrNotPeriod
	}
	if !date && v == float64(int(v)) && v >= 190001 && v <= 999912 {
		if p, err := yearMonth(raw[:4], raw[4:]); err == nil {
			return p, nil
		}
	}
	p, err := serialPeriod(v, t.date1904)
	if err == nil && !date && (p < coo.NewPeriod(1950, 1) || p > coo.NewPeriod(2100, 12)) {
		return 0, ErrNotPeriod
	}
	return p, err
}

// longTitle notes a title row of a long table (one text cell, no values)
// that says whether the rows below it are the measures' actuals: a table
// titled "Forecast" or "Last year" stacked under the actuals loaded as
// actuals (found from outside). A title naming actuals ends the last one.
func (t *table) longTitle() {
	if !t.isTitleRow() || t.isNoteRow() {
		return
	}
	for _, c := range t.cur.cells {
		if c.Kind != xlsx.Text || strings.TrimSpace(c.Raw) == "" {
			continue
		}
		switch {
		case t.titleNamesOther(c.Raw):
			t.otherRef, t.otherText = t.ref(t.cur.row, c.Col), c.Raw
		case namesActual(c.Raw):
			t.otherRef, t.otherText = "", ""
		}
	}
}

// isNoteRow reports whether a text cell of the current row is one of the
// source's note labels (Source.Notes).
func (t *table) isNoteRow() bool {
	if len(t.notes) == 0 {
		return false
	}
	for _, c := range t.cur.cells {
		if c.Kind == xlsx.Text && slices.Contains(t.notes, normLabel(c.Raw)) {
			return true
		}
	}
	return false
}

// isPartRow reports whether the current row's first label, in a dimension
// column, is part of the row above ("of which: online": isPart).
func (t *table) isPartRow() bool {
	for _, c := range t.head.dims {
		if l := t.text(&t.cur, c); strings.TrimSpace(l) != "" {
			v, ok := t.partCache[l]
			if !ok {
				v = isPart(l)
				if t.partCache == nil {
					t.partCache = map[string]bool{}
				}
				if len(t.partCache) < 100000 {
					t.partCache[l] = v
				}
			}
			return v
		}
	}
	return false
}

// isTotalRow reports whether the current row is a total row: its first
// label, in a dimension column or before them, marks a total.
func (t *table) isTotalRow() bool {
	_, ok := t.totalRow()
	return ok
}

// totalRow reports whether the current row is a total row, and its label.
// "Total X" marks one only when the row's other labels are blank.
func (t *table) totalRow() (string, bool) {
	if l, ok := t.mergedLabel(); ok {
		return l, true
	}
	blank := 0
	for _, c := range t.head.dims {
		if strings.TrimSpace(t.text(&t.cur, c)) == "" {
			blank++
		}
	}
	alone := blank == len(t.head.dims)-1
	for _, c := range t.head.dims {
		if l := t.text(&t.cur, c); t.isTotal(l, alone) {
			return l, true
		}
	}
	for _, c := range t.cur.cells {
		if c.Kind == xlsx.Text {
			return c.Raw, t.isTotal(c.Raw, alone)
		}
		if c.Kind != xlsx.Blank {
			return "", false
		}
	}
	return "", false
}

// mergedLabel reports whether the current row's label is one cell merged
// across two or more dimension columns ("North" over Region and Product),
// and the label: a group's subtotal row, not a member. Read as one, its
// text filled every column of the merge and it loaded as
// region=North;product=North beside North's own rows (found from outside).
func (t *table) mergedLabel() (string, bool) {
	if len(t.head.dims) < 2 || len(t.mergeRows[t.cur.row]) == 0 {
		return "", false
	}
	for _, c := range t.head.dims {
		i, ok := t.merges[[2]int{t.cur.row, c}]
		if !ok {
			continue
		}
		rg, n := t.mergeRef[i], 0
		for _, d := range t.head.dims {
			if d >= rg.FromCol && d <= rg.ToCol {
				n++
			}
		}
		if n >= 2 {
			return t.mergeTop[i].Raw, true
		}
	}
	return "", false
}

// isTotal is isTotal with a cache: labels repeat down a table.
func (t *table) isTotal(label string, alone bool) bool {
	if t.totalCache == nil {
		t.totalCache = map[string]bool{}
	}
	key := label
	if alone {
		key += "\x00"
	}
	v, ok := t.totalCache[key]
	if !ok {
		v = isTotal(label, alone, t.extra)
		if len(t.totalCache) < 100000 {
			t.totalCache[key] = v
		}
	}
	return v
}

// isHeaderAgain reports whether the current row repeats the header (as
// printed pages of a long table do).
func (t *table) isHeaderAgain() bool {
	n := 0
	for _, col := range t.head.measure {
		if col == 0 {
			continue
		}
		c := t.cur.at(col)
		if c == nil || c.Kind != xlsx.Text || normHeader(c.Raw) != t.head.texts[col] {
			return false
		}
		n++
	}
	return n > 0
}

// headerMoved reports whether the current row is the table's header again
// with its columns in another order: two or more of its cells name mapped
// columns (the month's, a dimension's, a measure's), one of them in another
// column than the header's. Such a table stacked under the first was read
// by the first header's positions: its values loaded under other measures,
// its labels under other dimensions (found from outside, exit 0).
func (t *table) headerMoved() bool {
	src, h := t.src, t.head
	text := false // a header has text where the measures are; a data row numbers
	for _, col := range h.measure {
		if c := t.cur.at(col); col != 0 && c != nil && c.Kind == xlsx.Text {
			text = true
			break
		}
	}
	if !text {
		return false
	}
	at := func(n string) (int, bool) { // the header's column of the mapped column n names
		if src.Period.Column != nil && matches(*src.Period.Column, n) {
			return h.period, true
		}
		for i, d := range src.Dimensions {
			if matches(d, n) && i < len(h.dims) {
				return h.dims[i], true
			}
		}
		for i, m := range src.Measures {
			if matches(m.Column, n) && i < len(h.measure) {
				return h.measure[i], true
			}
		}
		return 0, false
	}
	named, moved := 0, false
	for _, c := range t.cur.cells {
		if c.Kind != xlsx.Text {
			continue
		}
		if col, ok := at(normHeader(c.Raw)); ok {
			named++
			moved = moved || col != c.Col
		}
	}
	return named >= 2 && moved
}

// newLongHeader reads the current row as the header of a table stacked
// under the one before (headerMoved), or refuses the file when it lacks a
// mapped column.
func (t *table) newLongHeader() error {
	old := t.head
	t.head = nil
	h, err := t.findHeader()
	if err != nil {
		return err
	}
	if h == nil {
		t.head = old
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, 1),
			Err: fmt.Errorf("%w: row %d repeats the table's header with its columns moved, and lacks some of the mapped ones, so its rows cannot be read by the header in row %d; keep one header per sheet, or repeat it whole",
				ErrNoHeader, t.cur.row, old.row)}
	}
	if t.obs != nil {
		t.noteHeader(h)
	}
	t.head = h
	return nil
}

// reject sets a cell of the current row aside.
func (t *table) reject(col int, err error, raw string, what string) {
	t.rejectAt(t.cur.row, col, err, raw, what)
}

// rejectAt sets a cell aside.
func (t *table) rejectAt(row, col int, err error, raw string, what string) {
	t.stats.rejects++
	cell := t.ref(row, col)
	t.sink.Reject(warehouse.Reject{
		Sheet: t.sheet, Cell: cell, Reason: Code(err), Raw: clip(raw),
		Message: fmt.Sprintf("%s: sheet %q cell %s: %v; %s", t.file, t.sheet, cell, err, what),
	})
}

// value reads a measure cell. blank reports an empty cell (no value, no
// formula); err says why a present cell cannot be read.
func (t *table) value(c *xlsx.Cell, header string) (v float64, blank bool, err error) {
	if c == nil || c.Kind == xlsx.Blank && c.Formula == "" {
		return 0, true, nil
	}
	switch c.Kind {
	case xlsx.Number:
		v, err = strconv.ParseFloat(c.Raw, 64)
		switch {
		case err != nil:
			err = fmt.Errorf("%w: %q", ErrNotNumber, clip(c.Raw))
		case c.Date:
			// Excel turns a typed "3-4" into a date, and a duration
			// formatted [h]:mm is a fraction of a day: either would load
			// as the serial number under it
			err = fmt.Errorf("%w in column %q: a date or time (serial %s), not a number; format the cell as a number", ErrNotNumber, header, clip(c.Raw))
		}
	case xlsx.Text:
		if tooLong(c.Raw) {
			return 0, false, ErrTooLong
		}
		v, err = parseNumber(c.Raw)
		if err != nil {
			if strings.TrimSpace(c.Raw) == "" {
				return 0, true, nil
			}
			err = fmt.Errorf("%w in column %q: %q", ErrNotNumber, header, clip(c.Raw))
		}
	case xlsx.Error:
		err = fmt.Errorf("%w %s in column %q", ErrErrorValue, c.Raw, header)
	case xlsx.Bool:
		err = fmt.Errorf("%w in column %q: a TRUE/FALSE value", ErrNotNumber, header)
	case xlsx.Blank: // a formula with no saved result
		why := ""
		if t.recalc {
			why = "; the workbook asks to be recalculated when opened (as XlsxWriter and openpyxl write it), so a result saved with it is not to be trusted"
		}
		if c.Shared || c.Formula == "" {
			err = fmt.Errorf("%w in column %q (a shared formula)%s; open the workbook in Excel or LibreOffice and save it, so that its results are stored", ErrFormula, header, why)
		} else {
			v, err = evalFormula(c.Formula, t.cellNumber)
			if err != nil {
				err = fmt.Errorf("%w%s; open the workbook in Excel or LibreOffice and save it, so that its results are stored", err, why)
			}
		}
	}
	return v, false, err
}

// cellNumber gives formulas the numbers of recent rows.
func (t *table) cellNumber(row, col int) (v float64, ok, blank, text bool) {
	if row > t.cur.row || row <= t.cur.row-window {
		return 0, false, false, false
	}
	slot := &t.ring[row%window]
	if slot.row != row {
		return 0, false, true, false // an empty row
	}
	c := slot.at(col)
	if c == nil || c.Kind == xlsx.Blank && c.Formula == "" {
		return 0, false, true, false
	}
	switch c.Kind {
	case xlsx.Number:
		v, err := strconv.ParseFloat(c.Raw, 64)
		return v, err == nil, false, false
	case xlsx.Text:
		v, err := parseNumber(c.Raw)
		return v, err == nil, false, true
	}
	return 0, false, false, false
}

// dims reads the row's dimensions; ok is false if one is blank or bad (the
// row is then rejected).
func (t *table) dims() (string, bool) {
	ds := t.dimBuf[:0]
	defer func() { t.dimBuf = ds[:0] }()
	ok := true
	for i, d := range t.src.Dimensions {
		col := t.head.dims[i]
		raw := t.text(&t.cur, col)
		c := t.cur.at(col)
		if c != nil && (c.Kind == xlsx.Number || c.Kind == xlsx.Bool) {
			if s, ok := dimText(c, t.date1904); ok {
				raw = s
			}
		}
		v := strings.TrimSpace(raw)
		switch {
		case tooLong(v):
			t.reject(col, ErrTooLong, raw, "the row was not loaded")
			ok = false
		case c != nil && c.Kind == xlsx.Error:
			t.reject(col, fmt.Errorf("%w %s in column %q", ErrErrorValue, v, d.Header), raw, "the row was not loaded")
			ok = false
		case v == "":
			t.reject(col, fmt.Errorf("%w in column %q", ErrBlankDim, d.Header), raw, "the row was not loaded: fill in the label")
			ok = false
		}
		ds = append(ds, coo.Dim{Key: d.Name, Value: oneSpace(v)})
	}
	return coo.FormatDims(ds), ok
}

// oneSpace returns s with each run of white space made one space (s has
// none at its ends).
func oneSpace(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == ' ' && i+1 < len(s) && s[i+1] == ' ' || c != ' ' && unicode.IsSpace(rune(c)) {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// unfilled reports whether the current row, which has no values, is a data
// row left empty rather than a note or section row: it has its own month p
// (a period column that holds one) and every label, and is neither a total
// nor the header again. Its values are then missing, and said to be.
func (t *table) unfilled() (p coo.Period, ok bool) {
	h := t.head
	switch {
	case len(t.src.Dimensions) == 0:
		return 0, false
	case h.period == 0 && t.havePeriod && !t.gap:
		// the month from the file's or sheet's name, a cell or a label:
		// every row has it, and one among the table's rows (no blank row
		// since the last with values; a footnote comes after one) is a
		// member left blank (a budget line left blank was taken for a
		// note and dropped, the budget understated; found from outside)
		p = t.period
	case h.period == 0:
		return 0, false
	default:
		var err error
		if p, err = t.rowMonth(); err != nil {
			return 0, false
		}
	}
	for i := range t.src.Dimensions {
		if strings.TrimSpace(t.text(&t.cur, h.dims[i])) == "" {
			return 0, false
		}
	}
	return p, !t.isHeaderAgain() && !t.isTotalRow()
}

// rowMonth reads the current row's month from its period column, without
// recording anything.
func (t *table) rowMonth() (coo.Period, error) {
	c := t.at(&t.cur, t.head.period)
	switch {
	case t.head.period == 0 || c == nil:
		return 0, ErrNotPeriod
	case c.Kind == xlsx.Number:
		return t.numberPeriod(c.Raw, c.Date)
	case c.Kind == xlsx.Text:
		return parsePeriodText(c.Raw)
	}
	return 0, ErrNotPeriod
}

// hasContent reports whether any of the columns has a value or a formula.
func (t *table) hasContent(cols []int) bool {
	for _, col := range cols {
		if c := t.cur.at(col); c != nil && (c.Kind != xlsx.Blank || c.Formula != "") {
			if c.Kind == xlsx.Text && strings.TrimSpace(c.Raw) == "" {
				continue
			}
			return true
		}
	}
	return false
}

func (t *table) longRow() error {
	h := t.head
	cols := h.measure
	if !t.hasContent(cols) {
		if p, ok := t.unfilled(); ok {
			t.stats.rows++
			n := len(t.src.Measures) // a total over this row cannot be checked
			t.longMember(p, make([]float64, n), slices.Repeat([]bool{true}, n))
			for i, m := range t.src.Measures {
				if cols[i] != 0 {
					t.reject(cols[i], fmt.Errorf("%w in column %q", ErrBlankValue, m.Header), "",
						"the row has its month and labels but no value: enter its values (0 where it is zero)")
				}
			}
			return nil
		}
		if t.obs != nil {
			t.skipped(whyNoValues)
		}
		t.longTitle()
		return nil // blank, note or section row: no values
	}
	t.gap = false // a row with values: the table goes on
	if t.headerMoved() {
		return t.newLongHeader()
	}
	if t.isHeaderAgain() {
		if t.obs != nil {
			t.skipped(whyHeaderAgain)
		}
		return nil
	}
	if t.isNoteRow() || t.isPartRow() {
		if t.obs != nil {
			t.skipped(whyNote)
		}
		return nil
	}
	if c := t.cur.at(cols[0]); c != nil && c.Kind == xlsx.Text {
		if units, err := t.unitsRow(); units || err != nil {
			if units && t.obs != nil {
				t.skipped(whyNote)
			}
			return err
		}
	}
	if t.unitCol != 0 {
		if err := t.rowUnits(-1); err != nil {
			return err
		}
	}
	if t.otherRef != "" {
		return &FileError{File: t.file, Sheet: t.sheet, Cell: t.ref(t.cur.row, cols[0]),
			Err: fmt.Errorf("%w: row %d has values under the title %q in %s, which says they are not the actuals of source %s; put that table in a sheet or workbook of its own, or list the title under the source's notes: if its rows are actuals",
				ErrNoLabel, t.cur.row, clip(t.otherText), t.otherRef, t.src.Name)}
	}
	if label, ok := t.totalRow(); ok {
		t.stats.totals++
		if t.obs != nil {
			t.skipped(whyTotal)
		}
		return t.checkLongTotal(label)
	}
	t.stats.rows++
	const what = "the row was not loaded: correct the cell and load the file again"
	ok := true
	period := t.period
	if h.period > 0 {
		c := t.at(&t.cur, h.period)
		var err error
		switch {
		case c == nil || c.Kind == xlsx.Blank:
			err = fmt.Errorf("%w: the month is empty", ErrNotPeriod)
		case c.Kind == xlsx.Number:
			period, err = t.numberPeriod(c.Raw, c.Date)
		default:
			period, err = parsePeriodText(c.Raw)
		}
		if err != nil {
			raw := ""
			if c != nil {
				raw = c.Raw
			}
			t.reject(h.period, fmt.Errorf("%w: %q (want a date, or text such as 2026-10)", ErrNotPeriod, clip(raw)), raw, what)
			ok = false
		}
	}
	dims, dimsOK := t.dims()
	ok = ok && dimsOK
	t.facts = t.facts[:0]
	clear(t.comma.row)
	var blanks []int
	n := len(t.src.Measures)
	t.lvals, t.lbad = append(t.lvals[:0], make([]float64, n)...), append(t.lbad[:0], make([]bool, n)...)
	merged := len(t.merges) > 0 && len(t.mergeRows[t.cur.row]) > 0
	for i, m := range t.src.Measures {
		col := cols[i]
		if col == 0 {
			continue
		}
		c := t.cur.at(col)
		if merged && c != nil && c.Kind != xlsx.Blank {
			if err := t.mergedValue(col, cols); err != nil {
				return err
			}
		}
		v, blank, err := t.value(c, m.Header)
		t.lvals[i], t.lbad[i] = v, blank || err != nil
		switch {
		case blank:
			blanks = append(blanks, i)
			continue
		case err != nil:
			raw := ""
			if c != nil {
				raw = c.Raw
				if raw == "" && c.Formula != "" {
					raw = "=" + c.Formula
				}
				if c.Kind == xlsx.Text {
					t.sawComma(i, col, raw)
				}
			}
			t.reject(col, err, raw, what)
			ok = false
			continue
		case c.Kind == xlsx.Text && threeAfter(c.Raw):
			if seen := t.commaSeen(i); seen != "" {
				t.reject(col, ambiguous(m.Header, c.Raw, seen), c.Raw, "the row was not loaded: "+fixAmbiguous)
				ok = false
				continue
			}
			for len(t.comma.row) <= i {
				t.comma.row = append(t.comma.row, 0)
			}
			t.comma.row[i] = col
		}
		var finite bool
		if v, finite = scaleValue(v, m.Scale); !finite {
			t.reject(col, fmt.Errorf("%w in column %q: %s times the scale %v is too large", ErrNotNumber, m.Header, clip(c.Raw), m.Scale), c.Raw, what)
			ok = false
			continue
		}
		if !inRange(v) {
			t.reject(col, fmt.Errorf("%w in column %q: %s", ErrOutOfRange, m.Header, strconv.FormatFloat(v, 'g', -1, 64)), c.Raw, what)
			ok = false
			continue
		}
		t.facts = append(t.facts, warehouse.Fact{Metric: m.Name, Unit: m.Unit, Period: period, Dims: dims, Value: v, Sheet: t.sheet, Row: t.cur.row, Col: col})
	}
	if !ok { // the row is set aside: a total over it cannot be checked
		for i := range t.lbad {
			t.lbad[i] = true
		}
	}
	t.longMember(period, t.lvals, t.lbad)
	if !ok {
		return nil
	}
	for _, i := range blanks {
		m := t.src.Measures[i]
		t.reject(cols[i], fmt.Errorf("%w in column %q", ErrBlankValue, m.Header), "",
			"this value was not loaded (the row's other values were); if it is zero, enter 0")
	}
	t.loadedRow()
	return t.emit()
}

func (t *table) emit() error {
	if len(t.facts) > 0 {
		t.loaded.set(t.cur.row)
	}
	for _, f := range t.facts {
		t.loadedCols.set(f.Col)
		if f.Value == 0 {
			f.Value = 0 // -0 ("-0", "(0)", a formula's -0) loaded as -0
		}
		if rateUnits[f.Unit] {
			t.rates.add(f)
		}
		if err := t.sink.Fact(f); err != nil {
			return err
		}
		t.stats.facts++
	}
	return nil
}

// rateUnits are the units of fractions: 85% is 0.85 (the report prints them
// as percentages).
var rateUnits = map[string]bool{"ratio": true, "percent": true, "%": true}

// rateScale is what a sheet's fractions look like, by measure: how many
// are at most 1.5, and the first above 1.5 and at most 100 (a percentage
// typed as a plain number: 85 for 85%).
type rateScale map[string]*rateStat

type rateStat struct {
	fractions int
	points    *warehouse.Fact
}

func (rs *rateScale) add(f warehouse.Fact) {
	if *rs == nil {
		*rs = rateScale{}
	}
	s := (*rs)[f.Metric]
	if s == nil {
		s = &rateStat{}
		(*rs)[f.Metric] = s
	}
	switch v := math.Abs(f.Value); {
	case v <= 1.5:
		s.fractions++
	case v <= 100 && s.points == nil:
		p := f // a copy here: &f would put every fact on the heap
		s.points = &p
	}
}

// check refuses a measure of fractions with a plain percentage among them:
// "85%" and 0.85 load as 0.85, a plain 85 as 85 (found from outside, exit
// 0), which is no fraction; which was meant is the department's to say.
func (rs rateScale) check(file string) error {
	for m, s := range rs {
		if s.points == nil || s.fractions < 2 {
			continue
		}
		f := s.points
		cell := coo.ColumnName(f.Col) + strconv.Itoa(f.Row)
		return &FileError{File: file, Sheet: f.Sheet, Cell: cell,
			Err: fmt.Errorf("%w: %s in %s is %s, a percentage written as a plain number among %d fractions of %s (unit %s: 85%% is 0.85); write it as %s%% or %s",
				ErrNotNumber, m, cell, strconv.FormatFloat(f.Value, 'f', -1, 64), s.fractions, m, f.Unit,
				strconv.FormatFloat(f.Value, 'f', -1, 64), strconv.FormatFloat(f.Value/100, 'f', -1, 64))}
	}
	return nil
}

// done finishes the sheet: an error if no header was found.
func (t *table) done() error {
	if t.yearRow != nil {
		if err := t.heldRow(false); err != nil {
			return err
		}
	}
	if err := t.checkCommas(); err != nil {
		return err
	}
	if err := t.checkTopTotals(); err != nil {
		return err
	}
	if t.guard != nil {
		if err := t.guard.check(); err != nil {
			return err
		}
	}
	if err := t.rates.check(t.file); err != nil {
		return err
	}
	if t.head != nil {
		return nil
	}
	if t.best == 0 {
		return &FileError{File: t.file, Sheet: t.sheet, Err: fmt.Errorf("%w: no row has the mapped column headers", ErrNoHeader)}
	}
	return &FileError{File: t.file, Sheet: t.sheet, Cell: fmt.Sprintf("row %d", t.bestR),
		Err: fmt.Errorf("%w: row %d comes closest but lacks %s (it has %s): rename the header, or add an alias in the project file",
			ErrNoHeader, t.bestR, quoteList(t.bestM), quoteList(t.bestH))}
}

func matches(c Column, norm string) bool {
	if normHeader(c.Header) == norm {
		return true
	}
	for _, a := range c.Aliases {
		if normHeader(a) == norm {
			return true
		}
	}
	return false
}
