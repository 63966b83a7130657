package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/warehouse"
)

// FileError reports a problem with one file, and where in it when known.
// Err is one of the reasons above (matched with errors.Is), possibly wrapped.
type FileError struct {
	File, Sheet, Cell string
	Err               error
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(": sheet ")
		b.WriteString(strconv.Quote(e.Sheet))
	}
	if e.Cell != "" {
		b.WriteString(" cell ")
		b.WriteString(e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// Limits bound what one workbook may cost. The zero value takes the defaults.
type Limits struct {
	MaxFileSize  int64 // bytes of the .xlsx itself; default 256 MiB
	MaxUnzipSize int64 // bytes of all its parts unpacked; default 4 GiB
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = 256 << 20
	}
	if l.MaxUnzipSize <= 0 {
		l.MaxUnzipSize = 4 << 30
	}
	return l
}

// Sink receives what a workbook yields. *warehouse.Load is one.
type Sink interface {
	Fact(warehouse.Fact) error
	Reject(warehouse.Reject)
}

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// "EncryptionInfo" in UTF-16LE: the stream an encrypted OOXML package has.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// open checks what data is before excelize sees it, so that the error says
// what to do.
func open(name string, data []byte, lim Limits) (*excelize.File, error) {
	fail := func(err error) (*excelize.File, error) { return nil, &FileError{File: name, Err: err} }
	switch {
	case int64(len(data)) > lim.MaxFileSize:
		return fail(fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), lim.MaxFileSize))
	case bytes.HasPrefix(data, cfbMagic) && bytes.Contains(data, encryptionInfo):
		return fail(fmt.Errorf("%w: save a copy without a password and load that", ErrEncrypted))
	case bytes.HasPrefix(data, cfbMagic):
		return fail(fmt.Errorf("%w: it is a legacy .xls (Excel 97-2003) file; open it in Excel and save it as .xlsx", ErrNotWorkbook))
	case !bytes.HasPrefix(data, zipMagic):
		return fail(fmt.Errorf("%w: the file does not start like a zip archive; is it really an .xlsx?", ErrNotWorkbook))
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUnzipSize,
		UnzipXMLSizeLimit: min(64<<20, lim.MaxUnzipSize),
	})
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return fail(fmt.Errorf("%w: %v", ErrTooLarge, err))
		}
		return fail(fmt.Errorf("%w: %v", ErrNotWorkbook, err))
	}
	return f, nil
}

// Read reads a tidy workbook of src, sending its facts and rejects to sink.
// name identifies the file in messages. A whole-file problem returns a
// *FileError and the caller must discard what sink received.
func Read(ctx context.Context, src *Source, name string, data []byte, sink Sink, lim Limits) (err error) {
	defer func() {
		if r := recover(); r != nil { // a bug in a dependency must not take the batch down
			err = &FileError{File: name, Err: fmt.Errorf("%w: %v; please report this file", ErrInternal, r)}
		}
	}()
	f, err := open(name, data, lim.withDefaults())
	if err != nil {
		return err
	}
	defer f.Close()
	props, _ := f.GetWorkbookProps()
	date1904 := props.Date1904 != nil && *props.Date1904

	sheet, err := pickSheet(f, src.Sheet)
	if err != nil {
		return &FileError{File: name, Sheet: src.Sheet, Err: err}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return &FileError{File: name, Sheet: sheet, Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
	}
	defer rows.Close()
	t := &table{src: src, file: name, sheet: sheet, date1904: date1904, sink: sink}
	for r := 1; rows.Next(); r++ {
		if r%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, err := rows.Columns()
		if err != nil {
			return &FileError{File: name, Sheet: sheet, Cell: fmt.Sprintf("row %d", r), Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
		}
		if err := t.row(r, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &FileError{File: name, Sheet: sheet, Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
	}
	if t.cols == nil {
		return &FileError{File: name, Sheet: sheet, Err: fmt.Errorf("%w: the sheet is empty", ErrNoHeader)}
	}
	if t.rows == 0 {
		return &FileError{File: name, Sheet: sheet, Err: fmt.Errorf("%w below the header in row %d", ErrNoData, t.headerRow)}
	}
	return nil
}

func pickSheet(f *excelize.File, want string) (string, error) {
	list := f.GetSheetList()
	if want == "" {
		for _, s := range list {
			if v, _ := f.GetSheetVisible(s); v {
				return s, nil
			}
		}
		return "", fmt.Errorf("%w: the workbook has no visible sheet", ErrNoSheet)
	}
	for _, s := range list {
		if s == want {
			return s, nil
		}
	}
	for _, s := range list { // Excel itself ignores case in sheet names
		if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(want)) {
			return s, nil
		}
	}
	return "", fmt.Errorf("%w %q; the workbook has %s", ErrNoSheet, want, quoteList(list))
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// table reads one sheet's rows: the first non-blank row is the header.
type table struct {
	src       *Source
	file      string
	sheet     string
	date1904  bool
	sink      Sink
	headerRow int
	cols      []int // 0-based column of period, dimensions..., measures...
	rows      int   // data rows seen (loaded or rejected)
	facts     []warehouse.Fact
	dims      []coo.Dim
}

func (t *table) cell(col, row int) string { return coo.ColumnName(col+1) + strconv.Itoa(row) }

func (t *table) row(r int, cells []string) error {
	if t.cols == nil {
		if blank(cells) {
			return nil
		}
		return t.header(r, cells)
	}
	get := func(c int) string {
		if c < len(cells) {
			return cells[c]
		}
		return ""
	}
	empty := true
	for _, c := range t.cols {
		if strings.TrimSpace(get(c)) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil
	}
	t.rows++
	ok := true
	reject := func(c int, err error, raw string) {
		ok = false
		t.sink.Reject(warehouse.Reject{
			Sheet: t.sheet, Cell: t.cell(c, r), Reason: Code(err), Raw: raw,
			Message: fmt.Sprintf("%s: sheet %q cell %s: %v; row %d was not loaded: correct the cell and load the file again",
				t.file, t.sheet, t.cell(c, r), err, r),
		})
	}
	// Period.
	pc := t.cols[0]
	raw := get(pc)
	period, err := t.period(raw)
	if err != nil {
		reject(pc, fmt.Errorf("%w: %q (want a date, or text such as 2026-10)", err, clip(raw)), raw)
	}
	// Dimensions.
	t.dims = t.dims[:0]
	for i, d := range t.src.Dimensions {
		c := t.cols[1+i]
		raw := get(c)
		v := strings.TrimSpace(raw)
		switch {
		case len(v) > maxText:
			reject(c, ErrTooLong, clip(raw))
		case v == "":
			reject(c, fmt.Errorf("%w in column %q", ErrBlankDim, d.Header), raw)
		case isErrorValue(v):
			reject(c, fmt.Errorf("%w %s", ErrErrorValue, v), raw)
		}
		t.dims = append(t.dims, coo.Dim{Key: d.Name, Value: v})
	}
	dims := coo.FormatDims(t.dims)
	// Measures.
	t.facts = t.facts[:0]
	for i, m := range t.src.Measures {
		c := t.cols[1+len(t.src.Dimensions)+i]
		raw := get(c)
		v, err := parseNumber(raw)
		switch {
		case len(raw) > maxText:
			reject(c, ErrTooLong, clip(raw))
			continue
		case isErrorValue(strings.TrimSpace(raw)):
			reject(c, fmt.Errorf("%w %s in column %q", ErrErrorValue, strings.TrimSpace(raw), m.Header), raw)
			continue
		case errors.Is(err, ErrBlankValue):
			reject(c, fmt.Errorf("%w in column %q (an empty cell, or a formula without a saved result)", ErrBlankValue, m.Header), raw)
			continue
		case err != nil:
			reject(c, fmt.Errorf("%w in column %q: %q", err, m.Header, clip(raw)), raw)
			continue
		}
		if m.Scale != 0 {
			v *= m.Scale
		}
		t.facts = append(t.facts, warehouse.Fact{Metric: m.Name, Period: period.String(), Dims: dims,
			Value: v, Unit: m.Unit, Sheet: t.sheet, Cell: t.cell(c, r)})
	}
	if !ok {
		return nil
	}
	for _, f := range t.facts {
		if err := t.sink.Fact(f); err != nil {
			return err
		}
	}
	return nil
}

func (t *table) period(raw string) (coo.Period, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, ErrNotPeriod
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return serialPeriod(v, t.date1904)
	}
	return parsePeriodText(s)
}

// header maps the source's columns onto the header row r.
func (t *table) header(r int, cells []string) error {
	want := append([]Column{t.src.Period}, t.src.Dimensions...)
	for _, m := range t.src.Measures {
		want = append(want, m.Column)
	}
	cols := make([]int, len(want))
	for i := range cols {
		cols[i] = -1
	}
	for c, h := range cells {
		k := normHeader(h)
		if k == "" {
			continue
		}
		for i, w := range want {
			if !matches(w, k) {
				continue
			}
			if cols[i] >= 0 {
				return &FileError{File: t.file, Sheet: t.sheet, Cell: t.cell(c, r),
					Err: fmt.Errorf("%w: %q in %s and %q in %s both match column %q; delete or rename one",
						ErrDupHeader, cells[cols[i]], t.cell(cols[i], r), h, t.cell(c, r), w.Header)}
			}
			cols[i] = c
		}
	}
	var missing []string
	for i, c := range cols {
		if c < 0 {
			missing = append(missing, want[i].Header)
		}
	}
	if len(missing) > 0 {
		var found []string
		for _, h := range cells {
			if strings.TrimSpace(h) != "" {
				found = append(found, h)
			}
		}
		return &FileError{File: t.file, Sheet: t.sheet, Cell: fmt.Sprintf("row %d", r),
			Err: fmt.Errorf("%w: missing %s; the first non-blank row has %s: rename the header, or add an alias in the project file",
				ErrNoHeader, quoteList(missing), quoteList(found))}
	}
	t.headerRow, t.cols = r, cols
	return nil
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

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var errorValues = map[string]bool{
	"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true, "#NAME?": true, "#NUM!": true,
	"#N/A": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true, "#BLOCKED!": true,
	"#CONNECT!": true, "#UNKNOWN!": true, "#BUSY!": true, "#PYTHON!": true,
}

func isErrorValue(s string) bool { return len(s) > 1 && s[0] == '#' && errorValues[strings.ToUpper(s)] }

// clip shortens text for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
