package ingest

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"coo"
	"coo/ingest/xlsx"
	"coo/warehouse"
)

// Sample is a workbook to draft a mapping from.
type Sample struct {
	Name string // its path or name: the file-name month and the files glob come from its last element
	Data []byte
}

// DraftSource is a source guessed from sample workbooks, for a person to
// review (see Draft). Notes say what was guessed and what to check.
type DraftSource struct {
	Source  Source   // Files is a pattern of base names, without a folder
	Samples []string // the names of the samples it maps, in the order given
	// Notes are keyed by what they explain: "files", "sheet", "layout",
	// "period", "dimension NAME", "measure NAME", "check" (one sentence
	// each; "check" may hold several lines, each something to look at).
	Notes map[string][]string
}

// Draft guesses one source per kind of sample, for `coo init --from`: the
// samples whose names differ only in their month (sales-2026-09.xlsx,
// sales-2026-10.xlsx) are one source, and its files pattern has a * where
// the month was. In the first sample of each, the table is the first row
// with two or more text cells (or months) followed by rows of numbers: its
// text columns are the dimensions, its number columns the measures. The
// month is a column of dates or months, else a month above the table (with
// its label), else the sheet's name, else the file's name; months across
// the header make the layout wide. Each guess is then read back on every
// sample of its source, exactly as ingest reads, and the notes say how that
// went. The error names the sample that cannot be read or holds no table
// coo can guess. Draft never panics on a workbook's content.
func Draft(ctx context.Context, samples []Sample, lim Limits) ([]DraftSource, error) {
	var out []DraftSource
	index := map[string]int{}
	names := map[string]bool{}
	for _, s := range samples {
		pattern, monthed := filesPattern(s.Name)
		i, ok := index[pattern]
		if !ok {
			i = len(out)
			index[pattern] = i
			name := uniqueIdent(identOf(strings.TrimSuffix(pattern, path.Ext(pattern)), "source"), names)
			d := DraftSource{Source: Source{Name: name, Files: pattern}, Notes: map[string][]string{}}
			if monthed {
				d.Notes["files"] = append(d.Notes["files"], "the month in the file's name is * here, so that every month's workbook matches")
			} else {
				d.Notes["files"] = append(d.Notes["files"], "the file's name has no month, so this matches the sample only: widen it (a * matches any text)")
			}
			out = append(out, d)
		}
		out[i].Samples = append(out[i].Samples, s.Name)
	}
	byName := map[string][]byte{}
	for _, s := range samples {
		byName[s.Name] = s.Data
	}
	for i := range out {
		d := &out[i]
		if err := guessSource(d, byName[d.Samples[0]], lim); err != nil {
			return nil, err
		}
		if names := d.Source.Sheets.Names; len(names) == 1 {
			for _, name := range d.Samples[1:] {
				if !hasSheet(byName[name], names[0], lim) {
					d.Source.Sheets.Names = nil
					d.Notes["sheet"] = []string{fmt.Sprintf("%s has no sheet %q: every visible sheet whose header matches is read", path.Base(name), names[0])}
					break
				}
			}
		}
		for _, name := range d.Samples {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var c counter
			st, err := Read(ctx, &d.Source, name, byName[name], &c, lim)
			var fe *FileError
			switch {
			case errors.As(err, &fe):
				d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("%s would be refused: %v", path.Base(name), fe.Err))
			case err != nil:
				return nil, err
			case c.rejects > 0:
				d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("%s reads %d values, with %d cells set aside (%s): see coo inspect", path.Base(name), c.facts, c.rejects, c.first))
			default:
				d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("%s reads cleanly: %d values from %s, %d rows", path.Base(name), c.facts, quoteList(st.Sheets), st.Rows))
			}
		}
	}
	return out, nil
}

// hasSheet reports whether the workbook has the sheet (true if it cannot
// be opened: reading it says why).
func hasSheet(data []byte, sheet string, lim Limits) bool {
	wb, err := xlsx.Open(data, lim)
	if err != nil {
		return true
	}
	for _, sh := range wb.Sheets() {
		if strings.EqualFold(strings.TrimSpace(sh.Name), strings.TrimSpace(sheet)) {
			return true
		}
	}
	return false
}

// counter is a Sink that counts.
type counter struct {
	facts, rejects int
	first          string
}

func (c *counter) Fact(warehouse.Fact) error { c.facts++; return nil }
func (c *counter) Reject(r warehouse.Reject) {
	if c.rejects == 0 {
		c.first = r.Sheet + "!" + r.Cell + " " + r.Reason
	}
	c.rejects++
}

// draftRows is how many rows of a sheet the guess looks at.
const draftRows = 500

// gridRow is a row of cells as the guess sees it: merged cells hold their
// merge's top-left value.
type gridRow struct {
	row   int
	cells []xlsx.Cell
}

func (g *gridRow) at(col int) *xlsx.Cell {
	for i := range g.cells {
		if g.cells[i].Col == col {
			return &g.cells[i]
		}
	}
	return nil
}

// guessSource fills d.Source from the first sample of d.
func guessSource(d *DraftSource, data []byte, lim Limits) error {
	name := d.Samples[0]
	wb, err := open(&Source{}, name, data, lim)
	if err != nil {
		return err
	}
	var why []string
	for _, sh := range wb.Sheets() {
		if sh.State != "visible" {
			continue
		}
		grid, err := readGrid(wb, sh.Name)
		if err != nil {
			return &FileError{File: name, Sheet: sh.Name, Err: because(sheetReason(err), err)}
		}
		g, reason := guessTable(grid, wb.Date1904())
		if g == nil {
			why = append(why, fmt.Sprintf("%q: %s", sh.Name, reason))
			continue
		}
		return g.source(d, name, sh.Name)
	}
	if len(why) == 0 {
		why = append(why, "it has no visible sheet")
	}
	return &FileError{File: name, Err: fmt.Errorf("%w: no sheet holds a table coo can guess (%s); write the mapping by hand (coo init writes an example)", ErrNoHeader, strings.Join(why, "; "))}
}

// errEnough stops reading a sheet.
var errEnough = errors.New("enough rows")

// readGrid reads the first draftRows rows of a sheet, merged cells filled in.
func readGrid(wb *xlsx.Workbook, sheet string) ([]gridRow, error) {
	merges, err := wb.Merges(sheet)
	if err != nil {
		return nil, err
	}
	var grid []gridRow
	err = wb.Rows(sheet, func(row int, cells []xlsx.Cell) error {
		if len(grid) >= draftRows || row > 10*draftRows {
			return errEnough
		}
		r := gridRow{row: row, cells: make([]xlsx.Cell, 0, len(cells))}
		for _, c := range cells {
			if c.Col > 16384 {
				continue
			}
			c.Raw, c.Formula = strings.Clone(c.Raw), ""
			r.cells = append(r.cells, c)
		}
		grid = append(grid, r)
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	fillMerges(grid, merges)
	return grid, nil
}

// fillMerges gives each cell a merge covers its top-left cell's value.
func fillMerges(grid []gridRow, merges []xlsx.Range) {
	byRow := map[int]int{}
	for i := range grid {
		byRow[grid[i].row] = i
	}
	for _, m := range merges {
		if m.ToRow < m.FromRow || m.ToCol < m.FromCol || (m.ToRow-m.FromRow+1)*(m.ToCol-m.FromCol+1) > 10000 {
			continue
		}
		i, ok := byRow[m.FromRow]
		if !ok {
			continue
		}
		top := grid[i].at(m.FromCol)
		if top == nil || top.Kind == xlsx.Blank {
			continue
		}
		v := *top
		for r := m.FromRow; r <= m.ToRow; r++ {
			j, ok := byRow[r]
			if !ok {
				continue // a row with nothing else in it: no data either
			}
			for c := m.FromCol; c <= m.ToCol; c++ {
				if grid[j].at(c) == nil {
					v.Col = c
					grid[j].cells = append(grid[j].cells, v)
				}
			}
			sortCells(grid[j].cells)
		}
	}
}

func sortCells(cs []xlsx.Cell) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Col < cs[j-1].Col; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// cellSort is what a cell holds, for the guess.
type cellSort uint8

const (
	sortBlank  cellSort = iota
	sortText            // a label
	sortNumber          // a number, or text that reads as one
	sortMonth           // a date, or text that reads as a month
	sortOther           // an error value or TRUE/FALSE
)

func sortOf(c *xlsx.Cell, date1904 bool) cellSort {
	if c == nil {
		return sortBlank
	}
	switch c.Kind {
	case xlsx.Number:
		if c.Date {
			v, err := strconv.ParseFloat(c.Raw, 64)
			if err == nil {
				if _, err := serialPeriod(v, date1904); err == nil {
					return sortMonth
				}
			}
			return sortOther
		}
		return sortNumber
	case xlsx.Text:
		s := strings.TrimSpace(c.Raw)
		if s == "" || tooLong(s) {
			return sortBlank
		}
		if _, err := parseNumber(s); err == nil {
			return sortNumber
		}
		if _, err := parsePeriodText(s); err == nil {
			return sortMonth
		}
		return sortText
	case xlsx.Blank:
		return sortBlank
	}
	return sortOther
}

// tableGuess is the table found in a sheet.
type tableGuess struct {
	header   int // index in grid
	grid     []gridRow
	date1904 bool
	wide     bool
	period   int   // column of months (long); 0 if none
	dims     []int // text columns
	measures []int // number columns (long)
	left     []string
	rows     int // data rows looked at
	notes    map[string][]string
	blanks   map[int]int // measure column -> empty cells in data rows
	labels   []blockLabel
}

// blockLabel is a wide block: its header's index in grid and the label above it.
type blockLabel struct {
	header int
	text   string
	cell   string
}

// guessTable finds the table of a sheet, or says why there is none.
func guessTable(grid []gridRow, date1904 bool) (*tableGuess, string) {
	for i := range grid {
		if i >= 200 {
			break
		}
		if !headerLike(&grid[i], date1904) || !numbersBelow(grid, i, date1904) {
			continue
		}
		g := &tableGuess{header: i, grid: grid, date1904: date1904, notes: map[string][]string{}, blanks: map[int]int{}}
		if g.classify() {
			return g, ""
		}
	}
	return nil, "no row of headers with rows of numbers under it"
}

// headerLike: two or more texts or months, and no plain numbers; not a
// label and its value ("Month:" and "Oct 2026" above the table, which a
// draft took for the header: found from outside).
func headerLike(r *gridRow, date1904 bool) bool {
	n := 0
	var first string
	for i := range r.cells {
		switch sortOf(&r.cells[i], date1904) {
		case sortText, sortMonth:
			if n == 0 {
				first = strings.TrimSpace(r.cells[i].Raw)
			}
			n++
		case sortNumber, sortOther:
			return false
		}
	}
	if n == 2 && (strings.HasSuffix(first, ":") || strings.HasSuffix(first, "：")) {
		return false
	}
	return n >= 2
}

// numbersBelow: one of the next three rows has a number under a header cell.
func numbersBelow(grid []gridRow, h int, date1904 bool) bool {
	for i := h + 1; i < len(grid) && i <= h+3; i++ {
		for j := range grid[i].cells {
			c := &grid[i].cells[j]
			if grid[h].at(c.Col) != nil && sortOf(c, date1904) == sortNumber {
				return true
			}
		}
	}
	return false
}

// isMonthHeader reads a header cell as a month, as a wide header does.
func isMonthHeader(c *xlsx.Cell, date1904 bool) bool {
	if c == nil {
		return false
	}
	if c.Kind == xlsx.Text {
		_, err := parsePeriodText(c.Raw)
		return err == nil
	}
	return sortOf(c, date1904) == sortMonth
}

// sameHead reports whether row r repeats the header h's texts in its
// columns that are not months (a later block of a wide sheet).
func (g *tableGuess) sameHead(r *gridRow) bool {
	h := &g.grid[g.header]
	months := 0
	for i := range r.cells {
		if isMonthHeader(&r.cells[i], g.date1904) {
			months++
		}
	}
	if months == 0 {
		return false
	}
	for _, col := range g.dims {
		a, b := h.at(col), r.at(col)
		if a == nil || b == nil || normHeader(a.Raw) != normHeader(b.Raw) {
			return false
		}
	}
	return len(g.dims) > 0
}

// classify sorts the header's columns by what the rows under it hold. It
// reports false when the columns make no table (no number column).
func (g *tableGuess) classify() bool {
	h := &g.grid[g.header]
	months := 0
	for i := range h.cells {
		if isMonthHeader(&h.cells[i], g.date1904) {
			months++
		}
	}
	g.wide = months >= 2
	// The data rows: up to a repeated header (wide: the next block), skipping
	// totals and rows with no number under the header.
	type count struct{ text, number, month, blank, other int }
	counts := map[int]*count{}
	var cols []int
	for i := range h.cells {
		c := &h.cells[i]
		if sortOf(c, g.date1904) == sortBlank {
			continue
		}
		cols = append(cols, c.Col)
		counts[c.Col] = &count{}
	}
	for i := g.header + 1; i < len(g.grid); i++ {
		r := &g.grid[i]
		if g.repeats(r) {
			if g.wide {
				break
			}
			continue
		}
		if g.totalRow(r) {
			continue
		}
		hasNumber := false
		for _, col := range cols {
			if sortOf(r.at(col), g.date1904) == sortNumber {
				hasNumber = true
			}
		}
		if !hasNumber {
			continue
		}
		g.rows++
		for _, col := range cols {
			k := counts[col]
			switch sortOf(r.at(col), g.date1904) {
			case sortText:
				k.text++
			case sortNumber:
				k.number++
			case sortMonth:
				k.month++
			case sortBlank:
				k.blank++
			default:
				k.other++
			}
		}
	}
	if g.rows == 0 {
		return false
	}
	for _, col := range cols {
		c := h.at(col)
		k := counts[col]
		head := strings.TrimSpace(c.Raw)
		ref := coo.ColumnName(col) + strconv.Itoa(h.row)
		switch {
		case g.wide && isMonthHeader(c, g.date1904):
			// a month of the wide table
		case g.wide && columnLevel(head, nil) > 0:
			g.left = append(g.left, fmt.Sprintf("%s %q is a total: coo checks it against the months, it never loads", ref, head))
		case k.text == g.rows:
			g.dims = append(g.dims, col)
		case !g.wide && g.period == 0 && k.month > 0 && k.month+k.blank == g.rows && k.blank*2 <= g.rows:
			g.period = col
		case !g.wide && g.period == 0 && k.number == g.rows && monthWord(head) && g.yyyymm(col):
			g.period = col
		case !g.wide && k.number > 0 && k.number+k.blank == g.rows:
			g.measures = append(g.measures, col)
			g.blanks[col] = k.blank
		case k.text > 0 && k.text+k.blank == g.rows:
			g.left = append(g.left, fmt.Sprintf("%s %q is text in only %d of %d rows: left out (a dimension needs a label on every row)", ref, head, k.text, g.rows))
		default:
			g.left = append(g.left, fmt.Sprintf("%s %q holds a mix (%d texts, %d numbers, %d months, %d empty of %d rows): left out", ref, head, k.text, k.number, k.month, k.blank, g.rows))
		}
	}
	if g.wide {
		return g.blocks()
	}
	return len(g.measures) > 0
}

// repeats reports a row with the header's texts again.
func (g *tableGuess) repeats(r *gridRow) bool {
	h := &g.grid[g.header]
	if len(r.cells) != len(h.cells) {
		return false
	}
	for i := range r.cells {
		if r.cells[i].Col != h.cells[i].Col || normHeader(r.cells[i].Raw) != normHeader(h.cells[i].Raw) {
			return false
		}
	}
	return true
}

// totalRow: the row's first text is a total.
func (g *tableGuess) totalRow(r *gridRow) bool {
	for i := range r.cells {
		if r.cells[i].Kind == xlsx.Text && strings.TrimSpace(r.cells[i].Raw) != "" {
			return isTotal(r.cells[i].Raw, true, nil)
		}
	}
	return false
}

// monthWord reports a header that names a month or period.
func monthWord(h string) bool {
	l := normLabel(h)
	for _, w := range []string{"month", "period", "date", "月", "期间", "日期"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// yyyymm reports whether every number in col reads as yyyymm (202610).
func (g *tableGuess) yyyymm(col int) bool {
	n := 0
	for i := g.header + 1; i < len(g.grid); i++ {
		c := g.grid[i].at(col)
		if sortOf(c, g.date1904) != sortNumber {
			continue
		}
		s := strings.TrimSpace(c.Raw)
		if len(s) != 6 || !allDigits(s) {
			return false
		}
		if _, err := yearMonth(s[:4], s[4:]); err != nil {
			return false
		}
		n++
	}
	return n > 0
}

// blocks finds the wide sheet's blocks: the header and each later row that
// repeats it, each with the label in a row of its own above it.
func (g *tableGuess) blocks() bool {
	if len(g.dims) == 0 {
		return false
	}
	heads := []int{g.header}
	for i := g.header + 1; i < len(g.grid); i++ {
		if g.sameHead(&g.grid[i]) {
			heads = append(heads, i)
		}
	}
	for _, hi := range heads {
		b := blockLabel{header: hi}
		if hi > 0 {
			r := &g.grid[hi-1]
			if r.row == g.grid[hi].row-1 && len(r.cells) == 1 && sortOf(&r.cells[0], g.date1904) == sortText {
				b.text = strings.TrimSpace(r.cells[0].Raw)
				b.cell = coo.ColumnName(r.cells[0].Col) + strconv.Itoa(r.row)
			}
		}
		g.labels = append(g.labels, b)
	}
	return true
}

// source writes the guess into d.
func (g *tableGuess) source(d *DraftSource, file, sheet string) error {
	s := &d.Source
	h := &g.grid[g.header]
	s.Sheets.Names = []string{sheet}
	d.Notes["sheet"] = append(d.Notes["sheet"], fmt.Sprintf("the table's header is row %d of this sheet in %s; coo finds it by its texts, wherever it is", h.row, path.Base(file)))
	names := map[string]bool{}
	headers := map[string]bool{}
	text := func(col int) string { return strings.TrimSpace(h.at(col).Raw) }
	ref := func(col int) string { return coo.ColumnName(col) + strconv.Itoa(h.row) }
	count := map[string]int{}
	for i := range h.cells {
		count[normHeader(h.cells[i].Raw)]++
	}
	claim := func(col int) bool {
		k := normHeader(text(col))
		if count[k] > 1 {
			if !headers[k] {
				d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("the header %q is in row %d %d times: left out (coo refuses a mapped header found twice; under a two-row header, write \"Group %s\")", text(col), h.row, count[k], text(col)))
			}
			headers[k] = true
			return false
		}
		headers[k] = true
		return true
	}
	if g.period > 0 && !claim(g.period) {
		g.period = 0
	}
	if g.period > 0 {
		s.Period.Column = &Column{Name: "period", Header: text(g.period)}
		d.Notes["period"] = append(d.Notes["period"], fmt.Sprintf("the column %s holds each row's month", ref(g.period)))
	}
	for _, col := range g.dims {
		if !claim(col) {
			continue
		}
		n := uniqueIdent(identOf(text(col), "dim_"+strings.ToLower(coo.ColumnName(col))), names)
		s.Dimensions = append(s.Dimensions, Column{Name: n, Header: text(col)})
		d.Notes["dimension "+n] = append(d.Notes["dimension "+n], fmt.Sprintf("%s: text in all %d rows read", ref(col), g.rows))
	}
	if g.wide {
		s.Layout = Wide
		return g.wideMeasures(d, file, sheet, names)
	}
	for _, col := range g.measures {
		if !claim(col) {
			continue
		}
		switch {
		case isTotal(text(col), false, nil): // "Total", "FY total"; "Total units" is a figure
			d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("%s %q is a total column: left out (it adds the row's other figures)", ref(col), text(col)))
			continue
		case idLike(text(col)):
			d.Notes["check"] = append(d.Notes["check"], fmt.Sprintf("%s %q holds numbers but reads as an identifier or a calendar column: left out; map it as a dimension (or the period) if it is one", ref(col), text(col)))
			continue
		}
		n := uniqueIdent(identOf(stripNoteText(text(col)), "m_"+strings.ToLower(coo.ColumnName(col))), names)
		m := Measure{Column: Column{Name: n, Header: text(col)}, Unit: unitOf(text(col))}
		note := fmt.Sprintf("%s: numbers in %d of %d rows", ref(col), g.rows-g.blanks[col], g.rows)
		if g.blanks[col] > 0 {
			note += "; the empty ones are set aside as blank_value: enter 0 where it is zero"
		}
		note += "; " + scaleAdvice(&m, text(col))
		s.Measures = append(s.Measures, m)
		d.Notes["measure "+n] = append(d.Notes["measure "+n], note)
	}
	if len(s.Measures) == 0 {
		return &FileError{File: file, Sheet: sheet, Err: fmt.Errorf("%w: row %d has no column of numbers coo can map", ErrNoHeader, h.row)}
	}
	for _, l := range g.left {
		d.Notes["check"] = append(d.Notes["check"], l)
	}
	if g.period > 0 {
		return s.Validate()
	}
	return g.monthElsewhere(d, file, sheet)
}

// monthElsewhere finds the month of a long table without a month column:
// above the table, in the sheet's name, or in the file's name.
func (g *tableGuess) monthElsewhere(d *DraftSource, file, sheet string) error {
	s := &d.Source
	for i := 0; i < g.header; i++ {
		r := &g.grid[i]
		for j := range r.cells {
			c := &r.cells[j]
			if sortOf(c, g.date1904) != sortMonth || c.Kind == xlsx.Text && !strings.ContainsAny(c.Raw, "0123456789") {
				continue
			}
			cell := coo.ColumnName(c.Col) + strconv.Itoa(r.row)
			if j > 0 && sortOf(&r.cells[j-1], g.date1904) == sortText && g.firstLabel(r.cells[j-1].Raw, i, j-1) {
				s.Period.Label = strings.TrimSpace(r.cells[j-1].Raw)
				d.Notes["period"] = append(d.Notes["period"], fmt.Sprintf("the month is right of %q, in %s above the table", s.Period.Label, cell))
			} else {
				s.Period.Cell = cell
				d.Notes["period"] = append(d.Notes["period"], fmt.Sprintf("the month is in %s above the table; if it moves, use {label: ...} with the text left of it", cell))
			}
			return s.Validate()
		}
	}
	if _, err := parsePeriodText(sheet); err == nil {
		s.Period.Sheet = true
		s.Sheets.Names = nil
		d.Notes["period"] = append(d.Notes["period"], fmt.Sprintf("the sheet's name %q is the month; every visible sheet named for a month is read", sheet))
		d.Notes["sheet"] = nil
		return s.Validate()
	}
	if _, err := fileNamePeriod(file); err == nil {
		s.Period.FileName = true
		d.Notes["period"] = append(d.Notes["period"], fmt.Sprintf("the file's name %q gives the month", path.Base(file)))
		return s.Validate()
	}
	return &FileError{File: file, Sheet: sheet, Err: fmt.Errorf("%w: the table in row %d has no column of months, no month above it, and neither the sheet's name nor the file's names one; name the file like sales-2026-10.xlsx, or write the period by hand",
		ErrNotPeriod, g.grid[g.header].row)}
}

// firstLabel reports whether text first appears at grid[i].cells[j] above
// the header, as the label form of the period finds it.
func (g *tableGuess) firstLabel(text string, i, j int) bool {
	want := normHeader(text)
	if want == "" {
		return false
	}
	for a := 0; a <= i; a++ {
		for b := range g.grid[a].cells {
			if a == i && b >= j {
				return true
			}
			if normHeader(g.grid[a].cells[b].Raw) == want {
				return false
			}
		}
	}
	return true
}

// wideMeasures names the measure of each block of a wide table.
func (g *tableGuess) wideMeasures(d *DraftSource, file, sheet string, names map[string]bool) error {
	s := &d.Source
	if len(g.labels) == 1 {
		l := g.labels[0]
		base := l.text
		if base == "" {
			base = sheet
		}
		n := uniqueIdent(identOf(stripNoteText(base), "value"), names)
		s.Measures = []Measure{{Column: Column{Name: n}}}
		from := fmt.Sprintf("named after the sheet %q", sheet)
		if l.cell != "" {
			from = fmt.Sprintf("named after %s %q above the header", l.cell, l.text)
		}
		d.Notes["measure "+n] = append(d.Notes["measure "+n], "the one block of months; "+from+"; "+scaleAdvice(&s.Measures[0], l.text))
	} else {
		seen := map[string]bool{}
		for _, l := range g.labels {
			if l.text == "" || seen[normLabel(l.text)] {
				return &FileError{File: file, Sheet: sheet, Err: fmt.Errorf("%w: the block under row %d has no label of its own in the row above its header; put one there (such as Spend), or write the mapping by hand",
					ErrNoLabel, g.grid[l.header].row)}
			}
			seen[normLabel(l.text)] = true
			n := uniqueIdent(identOf(stripNoteText(l.text), "value"), names)
			m := Measure{Column: Column{Name: n}, Title: l.text}
			advice := scaleAdvice(&m, l.text)
			s.Measures = append(s.Measures, m)
			d.Notes["measure "+n] = append(d.Notes["measure "+n], fmt.Sprintf("the block under %s %q; %s", l.cell, l.text, advice))
		}
	}
	d.Notes["layout"] = append(d.Notes["layout"], fmt.Sprintf("months across the header in row %d: one column per month", g.grid[g.header].row))
	for _, l := range g.left {
		d.Notes["check"] = append(d.Notes["check"], l)
	}
	return s.Validate()
}

func stripNoteText(s string) string {
	b, _ := stripNote(s)
	return b
}

// unitOf guesses a currency code in a header's trailing brackets: "Revenue (CNY)".
func unitOf(h string) string {
	_, noted := stripNote(h)
	if !noted {
		return ""
	}
	i := strings.LastIndexAny(h, "(（[")
	u := strings.TrimSpace(strings.TrimRight(h[i:], ")）]"))
	u = strings.TrimSpace(strings.TrimLeft(u, "(（["))
	if len(u) == 3 && strings.ToUpper(u) == u && strings.Trim(u, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return u
	}
	return ""
}

// identOf makes a lowercase identifier of text, or returns fallback.
func identOf(text, fallback string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := b.String()
	if s != "" && (s[0] < 'a' || s[0] > 'z') {
		s = "n" + s
	}
	if !coo.ValidIdent(s) {
		return fallback
	}
	return s
}

// uniqueIdent returns name, or name_2, name_3... not yet in seen, and adds it.
func uniqueIdent(name string, seen map[string]bool) string {
	n := name
	for i := 2; seen[n]; i++ {
		n = name + "_" + strconv.Itoa(i)
	}
	seen[n] = true
	return n
}

var (
	reYMSpan  = regexp.MustCompile(`((?:19|20)[0-9]{2})([-_. ]?)(0[1-9]|1[0-2])`)
	reMonSpan = regexp.MustCompile(`(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[-_ .]?((?:19|20)?[0-9]{2})`)
	reZhSpan  = regexp.MustCompile(`[0-9]{4}年[0-9]{1,2}月`)
)

// filesPattern turns a sample's name into a pattern of base names: the month
// in it (2026-10, 202610, Oct 2026, 2026年10月) becomes *, and the rest is
// escaped. monthed is false if the name holds no month.
func filesPattern(name string) (pattern string, monthed bool) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if _, err := fileNamePeriod(base); err != nil {
		return escapeGlob(base), false
	}
	for _, re := range []*regexp.Regexp{reZhSpan, reYMSpan, reMonSpan} {
		if loc := re.FindStringIndex(base); loc != nil {
			// not inside a longer run of digits
			if loc[0] > 0 && isDigit(base[loc[0]-1]) || loc[1] < len(base) && isDigit(base[loc[1]]) {
				continue
			}
			return escapeGlob(base[:loc[0]]) + "*" + escapeGlob(base[loc[1]:]), true
		}
	}
	return escapeGlob(base), false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// escapeGlob escapes the characters path.Match gives a meaning.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// idWords are headers of number columns that are not figures: years,
// months, identifiers and codes (found from outside: a draft mapped Year,
// Month and Store ID as measures, and they loaded).
var idWords = []string{"id", "code", "no", "nr", "number", "num", "year", "month", "yr", "fy",
	"quarter", "qtr", "week", "wk", "period", "date",
	"编号", "代码", "序号", "年", "月", "年份", "月份", "工号", "季度", "周", "日期"}

// idLike reports whether a number column's header names an identifier or a
// calendar field rather than a figure: its last word is one ("Store ID",
// "Year", "月份"; not "Orders per day" nor "Paid").
func idLike(header string) bool {
	f := strings.Fields(normLabel(header))
	if len(f) == 0 {
		return false
	}
	return slices.Contains(idWords, f[len(f)-1])
}

// scaleAdvice sets m's scale from the units its header or label states
// ("Revenue (CNY k)": 1000; "收入（万元）": 10000) and says what to check.
func scaleAdvice(m *Measure, text string) string {
	if said, note, ok := noteScale(text); ok && said != 1 {
		m.Scale = said
		return fmt.Sprintf("scale: %s, as its %q says (%s); give its unit", fmtScale(said), strings.TrimSpace(note), scaleWords(said))
	}
	return "give its unit, and scale: 1000 if its figures are in thousands (10000 in 万)"
}
