package demo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"coo"
)

// book wraps an excelize workbook being written: it keeps the first error,
// records facts, problems and notes as cells are written, and fixes up what
// excelize cannot write itself (formulas with a cached number, error cells)
// when the bytes are produced.
type book struct {
	f        *excelize.File
	path     string
	t        *Truth
	date1904 bool
	when     time.Time        // document and zip entry time
	sheets   []string         // in creation order: sheets[i] is xl/worksheets/sheet{i+1}.xml
	fixes    map[string][]fix // by sheet name
	styles   map[string]int
	err      error
}

// fix rewrites one cell element of the sheet XML.
type fix struct {
	ref     string
	formula string // "" for none
	typ     string // "" (number), "e" (error) or "str" (no cached value)
	value   string // the cached value; "" for none
}

func newBook(t *Truth, path, first, creator string, created, modified time.Time) *book {
	b := &book{f: excelize.NewFile(), path: path, t: t, when: modified, sheets: []string{first},
		fixes: map[string][]fix{}, styles: map[string]int{}}
	b.check(b.f.SetSheetName("Sheet1", first))
	b.check(b.f.SetDocProps(&excelize.DocProperties{
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        created.UTC().Format(time.RFC3339),
		Modified:       modified.UTC().Format(time.RFC3339),
	}))
	return b
}

func (b *book) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// use1904 switches the workbook to the 1904 date system; call it before
// writing any date.
func (b *book) use1904() {
	v := true
	b.date1904 = true
	b.check(b.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &v}))
}

func (b *book) sheet(name string) {
	_, err := b.f.NewSheet(name)
	b.check(err)
	b.sheets = append(b.sheets, name)
}

// style returns a style with the given custom number format ("" for none),
// bold or not; styles are made once per book.
func (b *book) style(numFmt string, bold bool) int {
	key := fmt.Sprintf("%s|%t", numFmt, bold)
	if id, ok := b.styles[key]; ok {
		return id
	}
	s := &excelize.Style{}
	if numFmt != "" {
		if id, ok := builtinFormats[numFmt]; ok {
			s.NumFmt = id
		} else {
			s.CustomNumFmt = &numFmt
		}
	}
	if bold {
		s.Font = &excelize.Font{Bold: true}
	}
	id, err := b.f.NewStyle(s)
	b.check(err)
	b.styles[key] = id
	return id
}

var builtinFormats = map[string]int{"#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "m/d/yyyy": 14}

// Number formats used by the workbooks.
const (
	fmtInt     = "#,##0"
	fmtMoney   = "#,##0.00"
	fmtPct     = "0.0%"
	fmtAdjust  = `#,##0;(#,##0);"-"`
	fmtDate    = "m/d/yyyy" // built-in 14
	fmtMonth   = "mmm yyyy"
	fmtMonthYY = "mmm-yy"
)

func ref(col, row int) string { return coo.CellRef{Col: col, Row: row}.A1() }

func (b *book) setStyle(sheet string, col, row, style int) {
	if style != 0 {
		c := ref(col, row)
		b.check(b.f.SetCellStyle(sheet, c, c, style))
	}
}

// text writes a string.
func (b *book) text(sheet string, col, row int, s string, style int) {
	b.check(b.f.SetCellStr(sheet, ref(col, row), s))
	b.setStyle(sheet, col, row, style)
}

// num writes a number.
func (b *book) num(sheet string, col, row int, v float64, style int) {
	b.check(b.f.SetCellFloat(sheet, ref(col, row), v, -1, 64))
	b.setStyle(sheet, col, row, style)
}

// date writes the first day of period p as a real Excel date in the book's
// date system.
func (b *book) date(sheet string, col, row int, p coo.Period, style int) {
	b.num(sheet, col, row, excelDate(p, b.date1904), style)
}

// excelDate returns the serial number of the first day of p: days since
// 1899-12-30 in the 1900 date system, since 1904-01-01 in the 1904 system.
func excelDate(p coo.Period, date1904 bool) float64 {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d := time.Date(p.Year(), time.Month(p.Month()), 1, 0, 0, 0, 0, time.UTC)
	return float64(d.Sub(base) / (24 * time.Hour))
}

// formula writes a formula with a cached number, as Excel saves it.
func (b *book) formula(sheet string, col, row int, formula string, cached float64, style int) {
	b.placeholder(sheet, col, row, style)
	b.fixes[sheet] = append(b.fixes[sheet], fix{ref: ref(col, row), formula: formula,
		value: strconv.FormatFloat(cached, 'g', -1, 64)})
}

// uncached writes a formula without a cached value, as programs that do not
// calculate save it: it reads as "".
func (b *book) uncached(sheet string, col, row int, formula string, style int) {
	b.placeholder(sheet, col, row, style)
	b.fixes[sheet] = append(b.fixes[sheet], fix{ref: ref(col, row), formula: formula, typ: "str"})
}

// errorCell writes an error value such as "#N/A", with the formula that gave
// it, or with none (a value pasted from elsewhere).
func (b *book) errorCell(sheet string, col, row int, formula, errText string, style int) {
	b.placeholder(sheet, col, row, style)
	b.fixes[sheet] = append(b.fixes[sheet], fix{ref: ref(col, row), formula: formula, typ: "e", value: errText})
}

func (b *book) placeholder(sheet string, col, row, style int) {
	b.check(b.f.SetCellFormula(sheet, ref(col, row), "0"))
	b.setStyle(sheet, col, row, style)
}

func (b *book) merge(sheet string, c1, r1, c2, r2 int) {
	b.check(b.f.MergeCell(sheet, ref(c1, r1), ref(c2, r2)))
}

func (b *book) width(sheet string, c1, c2 int, w float64) {
	b.check(b.f.SetColWidth(sheet, coo.ColumnName(c1), coo.ColumnName(c2), w))
}

func (b *book) fact(sheet string, col, row int, source, measure string, p coo.Period, d []coo.Dim, v float64, unit string) {
	b.t.Facts = append(b.t.Facts, Fact{Source: source, Measure: measure, Period: p, Dims: d, Value: v, Unit: unit,
		File: b.path, Sheet: sheet, Cell: ref(col, row)})
}

func (b *book) note(sheet, rng, what string) {
	b.t.Notes = append(b.t.Notes, Note{File: b.path, Sheet: sheet, Ref: rng, What: what})
}

func (b *book) problem(sheet string, col, row int, reason, raw, source, measure string, p coo.Period, d []coo.Dim, v float64) {
	b.t.Problems = append(b.t.Problems, Problem{File: b.path, Sheet: sheet, Cell: ref(col, row), Reason: reason, Raw: raw,
		Source: source, Measure: measure, Period: p, Dims: d, Value: v})
}

// bytes returns the finished workbook: excelize's output with the cell fixes
// applied, [Content_Types].xml in a stable order, and every zip entry stamped
// with the book's modification time.
func (b *book) bytes() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	byPath := map[string][]fix{}
	for i, s := range b.sheets {
		if fx := b.fixes[s]; len(fx) > 0 {
			byPath[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = fx
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if fx, ok := byPath[zf.Name]; ok {
			if data, err = applyFixes(data, fx); err != nil {
				return nil, fmt.Errorf("%s: %w", zf.Name, err)
			}
			delete(byPath, zf.Name)
		}
		if zf.Name == "[Content_Types].xml" {
			data = sortDefaults(data)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: b.when})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if len(byPath) > 0 {
		return nil, errors.New("cell fixes for a sheet that was not written")
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var styleAttr = regexp.MustCompile(` s="\d+"`)

// applyFixes rewrites the <c> elements named by fx in a worksheet's XML.
func applyFixes(data []byte, fx []fix) ([]byte, error) {
	s := string(data)
	for _, f := range fx {
		open := `<c r="` + f.ref + `"`
		i := strings.Index(s, open)
		if i < 0 {
			return nil, fmt.Errorf("cell %s not found", f.ref)
		}
		j := strings.Index(s[i:], "</c>")
		if j < 0 {
			return nil, fmt.Errorf("cell %s not closed", f.ref)
		}
		end := i + j + len("</c>")
		tag := s[i : i+strings.Index(s[i:], ">")]
		var e strings.Builder
		e.WriteString(open)
		e.WriteString(styleAttr.FindString(tag))
		if f.typ != "" {
			e.WriteString(` t="` + f.typ + `"`)
		}
		e.WriteString(">")
		if f.formula != "" {
			e.WriteString("<f>")
			if err := xml.EscapeText(&e, []byte(f.formula)); err != nil {
				return nil, err
			}
			e.WriteString("</f>")
		}
		if f.value != "" {
			e.WriteString("<v>")
			if err := xml.EscapeText(&e, []byte(f.value)); err != nil {
				return nil, err
			}
			e.WriteString("</v>")
		}
		e.WriteString("</c>")
		s = s[:i] + e.String() + s[end:]
	}
	return []byte(s), nil
}

var defaultElem = regexp.MustCompile(`<Default [^>]*></Default>`)

// sortDefaults puts the <Default> elements of [Content_Types].xml in a fixed
// order (excelize writes them from a map when a chart is added).
func sortDefaults(data []byte) []byte {
	s := string(data)
	locs := defaultElem.FindAllStringIndex(s, -1)
	if len(locs) < 2 {
		return data
	}
	first, last := locs[0][0], locs[len(locs)-1][1]
	elems := defaultElem.FindAllString(s[first:last], -1)
	if strings.Join(elems, "") != s[first:last] {
		return data // not one contiguous run: leave it alone
	}
	slices.Sort(elems)
	return []byte(s[:first] + strings.Join(elems, "") + s[last:])
}

// reportTime returns when a department sends the workbook for period p: the
// third day of the next month, 09:30 China time (01:30 UTC).
func reportTime(p coo.Period) time.Time {
	n := p.Add(1)
	return time.Date(n.Year(), time.Month(n.Month()), 3, 1, 30, 0, 0, time.UTC)
}
