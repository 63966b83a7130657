package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Excel's sheet size.
const (
	maxRows = 1 << 20
	maxCols = 1 << 14

	maxRowText = 64 << 20 // bytes of text in one row

	maxFormula    = 32 << 10 // longest shared formula kept for its dependents (Excel: 8,192 characters)
	maxMasterText = 64 << 20 // bytes of shared formulas kept for dependents, per sheet
)

// Rows is documented in api.go. Errors other than fn's wrap ErrNoSheet,
// ErrCorrupt (naming the part and the cell), ErrTooLarge or ErrDTD.
//
// A cell whose string value is empty ("") is passed as Text with Raw "".
// A cell of type d (an ISO 8601 date) is passed as a Number, the serial
// date in the workbook's date system, with Date set.
func (w *Workbook) Rows(sheet string, fn func(row int, cells []Cell) error) error {
	return w.rows(sheet, nil, fn)
}

// rows is Rows reading the sheet's part from from (nil: the part itself).
func (w *Workbook) rows(sheet string, from io.Reader, fn func(row int, cells []Cell) error) (err error) {
	name, err := w.sheetPart(sheet)
	if err != nil {
		return err
	}
	r := &sheetReader{w: w, fn: fn}
	defer func() {
		if r.inFn { // a panic of the caller's: not ours to hide
			return
		}
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %s: %w: %v", ErrCorrupt, name, errPanic, v)
		}
	}()
	var src io.Reader = from
	if from == nil {
		p, err := w.open(name, 0)
		if err != nil {
			return err
		}
		defer p.Close()
		src = p
	}
	r.s = newScanner(src, name)
	err = r.run()
	w.hidden.Store(sheet, hidden{r.hidden, r.hiddenCols})
	return err
}

// hidden is a sheet's hidden rows with cells, and its hidden columns.
type hidden struct {
	rows []int
	cols [][2]int
}

// HiddenCols returns the column ranges (first, last; 1-based, inclusive)
// of sheet marked hidden, as its last Rows, Walk or WalkAhead read them.
func (w *Workbook) HiddenCols(sheet string) [][2]int {
	v, _ := w.hidden.Load(sheet)
	h, _ := v.(hidden)
	return h.cols
}

// HiddenRows returns the rows of sheet marked hidden that held a cell, as
// the sheet's last Rows, Walk or WalkAhead read them (nil before any).
func (w *Workbook) HiddenRows(sheet string) []int {
	v, _ := w.hidden.Load(sheet)
	h, _ := v.(hidden)
	return h.rows
}

// heldMax bounds what Walk holds while it waits for the merged ranges: the
// bytes of the cells held (their structs and text). Finding the ranges
// inflates the part without parsing it, several times faster than reading
// rows, so a sheet of 100,000 rows holds about a tenth of them.
var heldMax = 8 << 20 // a variable for tests

// aheadMax is what WalkAhead holds before it reads on without the ranges:
// holding costs memory the process has to fault in, and a sheet of more
// than a few thousand rows is usually a plain table.
var aheadMax = 1 << 20

// ErrMerged is WalkAhead's answer for a sheet it read on without the
// merged ranges that turned out to have some: what fn was given is to be
// thrown away, and the sheet walked again with Walk.
var ErrMerged = errors.New("the sheet has merged cells: walk it again with Walk")

// mergesLate is called before walk's ranges are handed over (WalkAhead's
// found, Walk's looked for): tests make them come late.
var mergesLate = func() {}

// Walk and WalkAhead are documented in api.go.
func (w *Workbook) Walk(sheet string, start func(merges []Range) error, fn func(row int, cells []Cell) error) error {
	return w.walk(sheet, false, start, fn)
}

func (w *Workbook) WalkAhead(sheet string, start func(merges []Range) error, fn func(row int, cells []Cell) error) error {
	return w.walk(sheet, true, start, fn)
}

func (w *Workbook) walk(sheet string, ahead bool, start func(merges []Range) error, fn func(row int, cells []Cell) error) error {
	name, err := w.sheetPart(sheet)
	if err != nil {
		return err
	}
	type found struct {
		merges []Range
		err    error
	}
	ch := make(chan found, 1) // the goroutine never waits for it
	// Read ahead, the search inflates the part for the rows too (tee).
	var from io.Reader
	stopped := func() {}
	if ahead {
		p, err := w.open(name, 0)
		if err != nil {
			return err
		}
		t := newTee(p)
		from, stopped = &teeOut{t: t}, sync.OnceFunc(func() { close(t.stop) })
		defer stopped()
		go func() {
			defer p.Close()
			m, err := w.mergesIn(t, name)
			mergesLate()
			ch <- found{m, err}
			t.finish()
		}()
	} else {
		go func() {
			mergesLate()
			m, err := w.Merges(sheet)
			ch <- found{m, err}
		}()
	}
	var (
		started bool
		pending bool   // started ahead, without the ranges, which have not come
		held    []Cell // the rows read before start, one after another
		rows    []int  // each held row's number, and its cells' end in held
		ends    []int
		size    int
	)
	// begin calls start with the ranges found (none: ahead of them) and
	// passes on the rows held.
	begin := func(f found) error {
		started = true
		if f.err != nil {
			return f.err
		}
		if err := start(f.merges); err != nil {
			return err
		}
		from := 0
		for i, row := range rows {
			if err := fn(row, held[from:ends[i]]); err != nil {
				return err
			}
			from = ends[i]
		}
		held, rows, ends = nil, nil, nil
		return nil
	}
	// arrived judges the ranges that came after a start ahead of them.
	arrived := func(f found) error {
		pending = false
		switch {
		case f.err != nil:
			return f.err
		case len(f.merges) > 0:
			return ErrMerged
		}
		return nil
	}
	limit := heldMax
	if ahead {
		limit = min(limit, aheadMax)
	}
	var failed error // begin's or arrived's error, which Rows returns as fn's
	err = w.rows(sheet, from, func(row int, cells []Cell) error {
		if pending {
			select {
			case f := <-ch:
				if failed = arrived(f); failed != nil {
					return failed
				}
			default:
			}
		}
		if !started {
			for _, c := range cells {
				size += int(unsafe.Sizeof(c)) + len(c.Raw) + len(c.Formula)
			}
			select {
			case f := <-ch:
				failed = begin(f)
			default:
				switch {
				case size <= limit:
					held = append(held, cells...)
					rows, ends = append(rows, row), append(ends, len(held))
					return nil
				case ahead:
					pending = true
					failed = begin(found{})
				default:
					failed = begin(<-ch)
				}
			}
			if failed != nil {
				return failed
			}
		}
		return fn(row, cells)
	})
	stopped()    // the search, if any, goes on alone
	if pending { // the ranges come last and decide, as if Merges had run first
		if aerr := arrived(<-ch); aerr != nil {
			return aerr
		}
	}
	switch {
	case failed != nil || started:
		return err // begin's or fn's, or reading the rows after start
	case err != nil:
		// The rows failed before the ranges came: the ranges' error, or
		// start's, or a held row's comes first, as if Merges had run first.
		if berr := begin(<-ch); berr != nil {
			return berr
		}
		return err
	}
	return begin(<-ch) // every row held: a sheet smaller than heldMax
}

// pending is a cell being read; its strings are spans of the row's text.
type pending struct {
	col        int
	kind       Kind
	date       bool
	shared     bool
	raw        string // used if ext
	ext        bool
	rawA, rawB int32
	fA, fB     int32
}

type master struct {
	text     string
	row, col int
}

type sheetReader struct {
	w    *Workbook
	s    *scanner
	fn   func(int, []Cell) error
	inFn bool

	row, lastRow int
	rowCounted   bool     // the row had no r: take it from its first cell's r
	rowHidden    bool     // the row is marked hidden
	hidden       []int    // the hidden rows that held a cell
	hiddenCols   [][2]int // the hidden columns, as ranges (from, to)
	lastCol      int
	pend         []pending
	cells        []Cell
	masters      map[int]master
	masterText   int // bytes of the masters' formulas

	// the cell being read
	col               int
	styleDate         bool
	typ               []byte // a copy of the t attribute
	typBuf            [16]byte
	hasV, hasF, hasIs bool
	inIs              bool
	rph               int
	vA, vB            int
	fA, fB            int
	isA, isB          int
	fShared           bool
	fSI               int
	cellRef           [12]byte
}

func (r *sheetReader) cellErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s cell %s: %s", ErrCorrupt, r.s.part, cellName(r.col, r.row), escapeInvalid(fmt.Sprintf(format, args...)))
}

// startErr reports a damaged cell whose column is not known yet (its
// reference is the damage): it is named by the cell before it.
func (r *sheetReader) startErr(format string, args ...any) error {
	where := fmt.Sprintf("the first cell of row %d", r.row)
	if r.lastCol > 0 {
		where = "the cell after " + cellName(r.lastCol, r.row)
	}
	return fmt.Errorf("%w: %s %s: %s", ErrCorrupt, r.s.part, where, escapeInvalid(fmt.Sprintf(format, args...)))
}

func (r *sheetReader) run() error {
	s := r.s
	inSheetData, inRow, inCell := false, false, false
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			if inSheetData {
				return s.corrupt("no </sheetData>")
			}
			return nil
		}
		l := s.local
		if !inSheetData {
			if string(l) == "col" && k == tokStart {
				r.startCol()
				continue
			}
			if string(l) == "sheetData" && k == tokStart {
				if s.selfClose {
					return nil
				}
				inSheetData = true
			}
			continue
		}
		if k == tokStart {
			switch string(l) {
			case "c":
				if !inRow || inCell {
					return s.corrupt("<c> outside a <row>")
				}
				if err := r.startCell(); err != nil {
					return err
				}
				if s.selfClose {
					continue // no value, no formula
				}
				inCell = true
			case "v":
				if inCell && !s.selfClose {
					s.startCapture()
					r.vA = len(s.text)
				}
			case "f":
				if inCell {
					if err := r.startFormula(); err != nil {
						return err
					}
				}
			case "is":
				if inCell && !s.selfClose {
					r.inIs, r.hasIs, r.rph = true, true, 0
					r.isA, r.isB = len(s.text), len(s.text)
					s.capStart = len(s.text)
				}
			case "t":
				if r.inIs && r.rph == 0 && !s.selfClose {
					s.capture = true
				}
			case "rPh":
				if r.inIs && !s.selfClose {
					r.rph++
				}
			case "row":
				if inRow {
					return s.corrupt("<row> inside <row>")
				}
				if err := r.startRow(); err != nil {
					return err
				}
				if !s.selfClose {
					inRow = true
				}
			}
			continue
		}
		switch string(l) {
		case "v":
			if inCell && s.capture {
				s.capture = false
				r.vB, r.hasV = len(s.text), true
			}
		case "f":
			if inCell && s.capture {
				s.capture = false
				r.fB = len(s.text)
			}
		case "t":
			if r.inIs && r.rph == 0 {
				s.capture = false
				r.isB = len(s.text)
			}
		case "rPh":
			if r.inIs {
				r.rph--
			}
		case "is":
			if inCell {
				r.inIs = false
			}
		case "c":
			if inCell {
				inCell = false
				if err := r.endCell(); err != nil {
					return err
				}
			}
		case "row":
			if inCell { // the row's text is reset; the cell's spans would point past it
				return s.corrupt("</row> inside a cell")
			}
			if inRow {
				inRow = false
				if err := r.flush(); err != nil {
					return err
				}
			}
		case "sheetData":
			if inRow || inCell {
				return s.corrupt("</sheetData> inside a row")
			}
			return nil // the rest of the sheet is not cells
		}
	}
}

// startCol notes a <col> of <cols> that hides its columns (min to max);
// one that cannot be read hides nothing.
func (r *sheetReader) startCol() {
	s := r.s
	h, _ := s.attr("hidden")
	if len(h) == 0 || h[0] != '1' && h[0] != 't' {
		return
	}
	lo, _ := s.attr("min")
	hi, _ := s.attr("max")
	a, okA := atoiPos(lo)
	b, okB := atoiPos(hi)
	if okA && okB && a <= b && b <= maxCols && len(r.hiddenCols) < 1024 {
		r.hiddenCols = append(r.hiddenCols, [2]int{a, b})
	}
}

func (r *sheetReader) startRow() error {
	s := r.s
	r.lastCol = 0
	h, _ := s.attr("hidden")
	r.rowHidden = len(h) > 0 && (h[0] == '1' || h[0] == 't')
	v, ok := s.attr("r")
	if !ok {
		r.row, r.rowCounted = r.lastRow+1, true
	} else {
		n, ok := atoiPos(v)
		if !ok {
			return s.corrupt("row with r=%q", trunc(v, 20))
		}
		r.row, r.rowCounted = n, false
	}
	if r.row <= r.lastRow || r.row > maxRows {
		return s.corrupt("row %d after row %d (rows must ascend, at most %d)", r.row, r.lastRow, maxRows)
	}
	r.lastRow = r.row
	return nil
}

func (r *sheetReader) startCell() error {
	s := r.s
	r.hasV, r.hasF, r.hasIs, r.fShared, r.inIs = false, false, false, false, false
	r.styleDate, r.typ = false, nil
	r.isA, r.isB, r.vA, r.vB, r.fA, r.fB = 0, 0, 0, 0, 0, 0
	col := 0
	for _, a := range s.attrs {
		n := a.name
		if len(n) != 1 {
			continue // r, s and t are unprefixed; other attributes do not matter
		}
		switch n[0] {
		case 'r':
			c, rw, ok := parseRef(a.val)
			if !ok || rw == 0 {
				return r.startErr("bad reference r=%q", trunc(a.val, 20))
			}
			if rw != r.row {
				if !r.rowCounted || rw < r.row {
					return r.startErr("reference r=%q in row %d", a.val, r.row)
				}
				r.row, r.lastRow = rw, rw
			}
			r.rowCounted = false
			col = c
		case 's':
			n, ok := atoiPos(a.val)
			if !ok && !(len(a.val) == 1 && a.val[0] == '0') {
				if col == 0 {
					return r.startErr("bad style s=%q", trunc(a.val, 20))
				}
				r.col = col
				return r.cellErr("bad style s=%q", trunc(a.val, 20))
			}
			r.styleDate = n < len(r.w.dates) && r.w.dates[n]
		case 't':
			r.typ = append(r.typBuf[:0], trunc(a.val, len(r.typBuf))...) // a.val lives only until the next tag
		}
	}
	if col == 0 {
		col = r.lastCol + 1
		if col > maxCols {
			r.col = col
			return r.cellErr("beyond the last column")
		}
	}
	r.col, r.lastCol = col, col
	return nil
}

func (r *sheetReader) startFormula() error {
	s := r.s
	r.hasF = true
	r.fShared = false
	if t, ok := s.attr("t"); ok && string(t) == "shared" {
		v, ok := s.attr("si")
		n, ok2 := atoiPos(v)
		if !ok2 && !(len(v) == 1 && v[0] == '0') || !ok {
			return r.cellErr("shared formula with si=%q", trunc(v, 20))
		}
		r.fShared, r.fSI = true, n
	}
	if !s.selfClose {
		s.startCapture()
		r.fA, r.fB = len(s.text), len(s.text)
	}
	return nil
}

// endCell settles the value of the cell just read.
func (r *sheetReader) endCell() error {
	s := r.s
	p := pending{col: r.col, date: r.styleDate, fA: -1}
	// The formula.
	if r.hasF {
		f := s.text[r.fA:r.fB]
		if !utf8.Valid(f) {
			return r.cellErr("formula is not UTF-8")
		}
		switch {
		case r.fShared && len(f) > 0: // master
			if r.masters == nil {
				r.masters = map[int]master{}
			}
			// Bounded: beyond maxMasterText the dependents go unrecovered.
			if old, ok := r.masters[r.fSI]; ok {
				r.masterText -= len(old.text)
				delete(r.masters, r.fSI)
			}
			if len(f) <= maxFormula && r.masterText+len(f) <= maxMasterText {
				r.masters[r.fSI] = master{text: string(f), row: r.row, col: r.col}
				r.masterText += len(f)
			}
			p.fA, p.fB = int32(r.fA), int32(r.fB)
		case r.fShared: // dependent
			m, ok := r.masters[r.fSI]
			if !ok {
				p.shared = true
				break
			}
			a := len(s.text)
			var ok2 bool
			s.text, ok2 = shiftFormula(s.text, m.text, r.row-m.row, r.col-m.col)
			if !ok2 {
				s.text = s.text[:a]
				p.shared = true
				break
			}
			p.fA, p.fB = int32(a), int32(len(s.text))
		case len(f) > 0:
			p.fA, p.fB = int32(r.fA), int32(r.fB)
		}
	}
	hasFormula := p.fA >= 0 || p.shared
	// The value.
	typ := r.typ
	switch {
	case len(typ) == 0 || string(typ) == "n":
		if !r.hasV {
			break
		}
		a, b := trimSpace(s.text, r.vA, r.vB)
		if a == b {
			break
		}
		if !isNumber(s.text[a:b]) {
			neg, ok := nearMax(s.text[a:b])
			if !ok {
				return r.cellErr("value %q is not a number", trunc(s.text[a:b], 40))
			}
			// The largest double, rounded up by its writer: give it as
			// the largest double (api.go), not as "damaged".
			a = len(s.text)
			if neg {
				s.text = append(s.text, '-')
			}
			s.text = append(s.text, maxDouble...)
			b = len(s.text)
		}
		p.kind, p.rawA, p.rawB = Number, int32(a), int32(b)
	case string(typ) == "s":
		if !r.hasV {
			break
		}
		a, b := trimSpace(s.text, r.vA, r.vB)
		i, ok := atoiPos(s.text[a:b])
		if !ok && string(s.text[a:b]) == "0" {
			i, ok = 0, true
		}
		if !ok || i >= r.w.sst.len() {
			return r.cellErr("shared string index %q out of range (%d strings)", trunc(s.text[a:b], 20), r.w.sst.len())
		}
		p.kind, p.ext, p.raw = Text, true, r.w.sst.get(i)
	case string(typ) == "inlineStr":
		switch {
		case r.hasIs:
			if err := r.textValue(&p, r.isA, r.isB); err != nil {
				return err
			}
		case r.hasV:
			if err := r.textValue(&p, r.vA, r.vB); err != nil {
				return err
			}
		}
	case string(typ) == "str":
		if r.hasV {
			if err := r.textValue(&p, r.vA, r.vB); err != nil {
				return err
			}
		}
	case string(typ) == "b":
		if !r.hasV {
			break
		}
		a, b := trimSpace(s.text, r.vA, r.vB)
		switch string(s.text[a:b]) {
		case "1", "true":
			p.kind, p.ext, p.raw = Bool, true, "1"
		case "0", "false":
			p.kind, p.ext, p.raw = Bool, true, "0"
		default:
			return r.cellErr("boolean value %q", trunc(s.text[a:b], 20))
		}
	case string(typ) == "e":
		if !r.hasV {
			break
		}
		a, b := trimSpace(s.text, r.vA, r.vB)
		if a == b || !utf8.Valid(s.text[a:b]) || b-a > 64 {
			return r.cellErr("bad error value %q", trunc(s.text[a:b], 20))
		}
		p.kind, p.rawA, p.rawB = Error, int32(a), int32(b)
	case string(typ) == "d":
		if !r.hasV {
			break
		}
		a, b := trimSpace(s.text, r.vA, r.vB)
		if a == b {
			break
		}
		v, ok := isoSerial(s.text[a:b], r.w.date1904)
		if !ok {
			return r.cellErr("date value %q", trunc(s.text[a:b], 40))
		}
		c := len(s.text)
		s.text = strconv.AppendFloat(s.text, v, 'f', -1, 64)
		p.kind, p.date, p.rawA, p.rawB = Number, true, int32(c), int32(len(s.text))
	default:
		return r.cellErr("unknown cell type t=%q", trunc(typ, 20))
	}
	if hasFormula && r.w.fullCalc {
		p.kind, p.ext, p.date = Blank, false, false // a result not to be trusted (FullCalcOnLoad)
	}
	if p.kind == Blank && !hasFormula {
		return nil // nothing in it
	}
	if len(s.text) > maxRowText || len(r.pend) >= maxCols {
		return r.cellErr("row %d holds more than %d bytes of text or %d cells", r.row, maxRowText, maxCols)
	}
	r.pend = append(r.pend, p)
	return nil
}

// textValue sets p to the text s.text[a:b], with _xHHHH_ escapes decoded.
func (r *sheetReader) textValue(p *pending, a, b int) error {
	s := r.s
	t := s.text[a:b]
	if indexXEscape(t, 0) >= 0 {
		d := decodeXEscapes(t)
		for i := a + len(d); i < b; i++ {
			s.text[i] = ' ' // the freed tail is never referenced
		}
		b = a + len(d)
	}
	if !utf8.Valid(s.text[a:b]) {
		return r.cellErr("text is not UTF-8")
	}
	p.kind, p.rawA, p.rawB = Text, int32(a), int32(b)
	return nil
}

// flush passes the row read to fn.
func (r *sheetReader) flush() error {
	s := r.s
	defer func() {
		s.text = s.text[:0]
		r.pend = r.pend[:0]
	}()
	if len(r.pend) == 0 {
		return nil
	}
	if r.rowHidden {
		r.hidden = append(r.hidden, r.row)
	}
	str := string(s.text) // one allocation per row; the cells' strings share it
	cells := r.cells[:0]
	sorted := true
	for i, p := range r.pend {
		c := Cell{Col: p.col, Kind: p.kind, Date: p.date, Shared: p.shared}
		if p.ext {
			c.Raw = p.raw
		} else if p.kind != Blank {
			c.Raw = str[p.rawA:p.rawB]
		}
		if p.fA >= 0 {
			c.Formula = str[p.fA:p.fB]
		}
		if i > 0 && p.col <= cells[i-1].Col {
			sorted = false
		}
		cells = append(cells, c)
	}
	if !sorted {
		slices.SortStableFunc(cells, func(a, b Cell) int { return a.Col - b.Col })
		for i := 1; i < len(cells); i++ {
			if cells[i].Col == cells[i-1].Col {
				r.col = cells[i].Col
				return r.cellErr("appears twice")
			}
		}
	}
	r.cells = cells
	r.inFn = true
	err := r.fn(r.row, cells)
	r.inFn = false
	return err
}

// trimSpace returns the bounds of b[a:c] without XML white space.
func trimSpace(b []byte, a, c int) (int, int) {
	for a < c && isSpace(b[a]) {
		a++
	}
	for c > a && isSpace(b[c-1]) {
		c--
	}
	return a, c
}

// atoiPos parses a positive decimal integer of at most 9 digits.
func atoiPos(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n > 0
}

// isNumber reports whether b is a finite number as XML Schema writes a
// double: [+-]digits[.digits][(e|E)[+-]digits], or with digits only after
// the point.
func isNumber(b []byte) bool {
	ok, fin := numberSyntax(b)
	return ok && (fin || finite(b))
}

// numberSyntax reports whether b is written as a number (see isNumber), and
// whether it is finite for sure (no exponent, fewer than 300 digits).
func numberSyntax(b []byte) (ok, fin bool) {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	d := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i, d = i+1, d+1
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, d = i+1, d+1
		}
	}
	if d == 0 {
		return false, false
	}
	if i == len(b) {
		return true, d < 300
	}
	if b[i] != 'e' && b[i] != 'E' {
		return false, false
	}
	i++
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	e := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i, e = i+1, e+1
	}
	return e > 0 && i == len(b), false
}

// maxDouble is math.MaxFloat64 as strconv writes it.
const maxDouble = "1.7976931348623157e+308"

// nearMax reports whether b is a number that overflows a double only
// because its writer rounded the largest double up: openpyxl writes
// 1.7976931348623157e308 as 1.797693134862316e+308, which strconv reads as
// +Inf. Such a number lies above the largest double and at most at the
// largest double rounded up at its 15th significant digit (Excel's
// precision), 1.79769313486232e308; neg reports its sign. It is called only
// for numbers isNumber refused.
func nearMax(b []byte) (neg, ok bool) {
	if syn, _ := numberSyntax(b); !syn || len(b) > 64 {
		return false, false
	}
	f, _, err := new(big.Float).SetPrec(256).Parse(string(b), 10)
	if err != nil || f.IsInf() {
		return false, false
	}
	neg = f.Signbit()
	f.Abs(f)
	largest := new(big.Float).SetPrec(256).SetFloat64(math.MaxFloat64)
	rounded, _, _ := new(big.Float).SetPrec(256).Parse("1.79769313486232e308", 10)
	return neg, f.Cmp(largest) > 0 && f.Cmp(rounded) <= 0
}

func finite(b []byte) bool {
	v, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	return (err == nil || errors.Is(err, strconv.ErrRange)) && !math.IsInf(v, 0) && !math.IsNaN(v)
}

// isoSerial converts an ISO 8601 date, date-time or time (cell type d) to a
// serial date in the workbook's date system.
func isoSerial(b []byte, date1904 bool) (float64, bool) {
	s := string(b)
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02", "15:04:05.999999999"} {
		if t, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return 0, false
	}
	if t.Year() == 0 { // a time of day
		return float64(t.Hour()*3600+t.Minute()*60+t.Second())/86400 + float64(t.Nanosecond())/86400e9, true
	}
	t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)):
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) // Excel's 1900-02-29
	}
	v := t.Sub(epoch).Hours() / 24
	if t.Sub(epoch) < 0 || v > 2958466 {
		return 0, false
	}
	return v, true
}

// parseRef parses an A1 reference ("B7"); row is 0 if there are no digits.
func parseRef(b []byte) (col, row int, ok bool) {
	i := 0
	for i < len(b) && i < 4 {
		c := b[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > maxCols {
		return 0, 0, false
	}
	if i == len(b) {
		return col, 0, true
	}
	row, ok = atoiPos(b[i:])
	if !ok || row > maxRows {
		return 0, 0, false
	}
	return col, row, true
}

// cellName writes a cell's A1 reference.
func cellName(col, row int) string {
	return colName(col) + strconv.Itoa(row)
}

func colName(col int) string {
	var b [8]byte
	i := len(b)
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// Merges is documented in api.go. It scans the sheet for <mergeCell>
// elements without reading its cells. Errors wrap ErrNoSheet, ErrCorrupt,
// ErrTooLarge or ErrDTD.
func (w *Workbook) Merges(sheet string) ([]Range, error) {
	name, err := w.sheetPart(sheet)
	if err != nil {
		return nil, err
	}
	p, err := w.open(name, 0)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return w.mergesIn(p, name)
}

// mergesIn is Merges reading part name from r.
func (w *Workbook) mergesIn(r io.Reader, name string) (out []Range, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("%w: %s: %w: %v", ErrCorrupt, name, errPanic, v)
		}
	}()
	s := newScanner(r, name)
	// The prolog and the root tag, with the tokenizer (DOCTYPE is refused).
	k, err := s.next()
	if err != nil || k == tokEOF {
		if err == nil {
			err = s.corrupt("empty")
		}
		return nil, err
	}
	// Then a search for "<mergeCell " or "<x:mergeCell ".
	pat := []byte("mergeCell")
	for {
		b := s.buf[s.pos:s.end]
		i := bytes.Index(b, pat)
		// Declarations before the match (each byte is looked at once).
		upTo := len(b)
		if i >= 0 {
			upTo = i
		}
		for d := 0; d < upTo; {
			k := bytes.Index(b[d:upTo], []byte("<!"))
			if k < 0 {
				break
			}
			d += k
			if d+2 < len(b) {
				if c := b[d+2]; c == 'D' || c == 'E' || c == 'A' || c == 'N' {
					return nil, fmt.Errorf("%w: %s: %q", ErrDTD, name, trunc(b[d:], 20))
				}
			}
			d += 2
		}
		if i < 0 || i+len(pat)+1 > len(b) {
			// Keep a tail that may hold the start of a match.
			keep := min(len(b), 64)
			s.pos = s.end - keep
			if !s.fill() {
				if s.err != nil {
					return nil, s.err
				}
				return out, nil
			}
			continue
		}
		lt := i - 1 // the '<' (or '/' of an end tag) before any prefix
		for lt >= 0 && lt >= i-32 && isNameByte(b[lt]) {
			lt--
		}
		after := b[i+len(pat)]
		prefixOK := lt == i-1 || b[i-1] == ':'
		switch {
		case lt >= 1 && b[lt] == '/' && b[lt-1] == '<' && prefixOK && after == 's':
			return out, nil // </mergeCells>: done
		case lt >= 0 && b[lt] == '<' && prefixOK && (isSpace(after) || after == '/' || after == '>'):
			// <mergeCell ...>
		default:
			s.pos += i + len(pat)
			continue
		}
		s.pos += lt
		k, err := s.nextTag()
		if err != nil {
			return nil, err
		}
		if k != tokStart {
			continue
		}
		ref, _ := s.attr("ref")
		rg, ok := parseRange(ref)
		if !ok {
			return nil, s.corrupt("mergeCell with ref=%q", trunc(ref, 30))
		}
		out = append(out, rg)
	}
}

// nextTag reads the tag at s.pos (which is '<'), whatever the depth.
func (s *scanner) nextTag() (tokKind, error) {
	for {
		k, n, err := s.markup(s.buf[s.pos:s.end])
		if err != nil {
			return tokEOF, err
		}
		if n > 0 {
			s.pos += n
			return k, nil
		}
		if !s.fill() {
			if s.err != nil {
				return tokEOF, s.err
			}
			return tokEOF, s.corrupt("unexpected end of XML inside markup")
		}
	}
}

// parseRange parses "B5:C6" or "B5".
func parseRange(b []byte) (Range, bool) {
	from, to := b, b
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		from, to = b[:i], b[i+1:]
	}
	c1, r1, ok1 := parseRef(from)
	c2, r2, ok2 := parseRef(to)
	if !ok1 || !ok2 || r1 == 0 || r2 == 0 {
		return Range{}, false
	}
	return Range{FromCol: min(c1, c2), FromRow: min(r1, r2), ToCol: max(c1, c2), ToRow: max(r1, r2)}, true
}
