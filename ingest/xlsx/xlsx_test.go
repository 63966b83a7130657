package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// want is a fixture's truth, written by testdata/make_fixtures.py from the
// values it put in (see testdata/README.md), never by this reader.
type want struct {
	Sheets []struct {
		Name  string `json:"name"`
		State string `json:"state"`
	} `json:"sheets"`
	Date1904 bool                  `json:"date1904"`
	Merges   map[string][][4]int   `json:"merges"`
	Cells    map[string][]wantCell `json:"cells"`
}

type wantCell struct {
	Row     int    `json:"row"`
	Col     int    `json:"col"`
	Kind    string `json:"kind"`
	Raw     any    `json:"raw"` // a number for kind "number", else a string or null
	Formula string `json:"formula"`
	Date    bool   `json:"date"`
}

var kindNames = map[Kind]string{Blank: "blank", Number: "number", Text: "text", Bool: "bool", Error: "error"}

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// collect reads every cell of a sheet, copying the strings.
func collect(w *Workbook, sheet string) ([]wantCell, error) {
	var got []wantCell
	err := w.Rows(sheet, func(row int, cells []Cell) error {
		for _, c := range cells {
			got = append(got, wantCell{Row: row, Col: c.Col, Kind: kindNames[c.Kind], Raw: strings.Clone(c.Raw),
				Formula: strings.Clone(c.Formula), Date: c.Date})
		}
		return nil
	})
	return got, err
}

func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.want.json")
	if len(files) == 0 {
		t.Fatal("no fixtures: run testdata/make_fixtures.py")
	}
	for _, wf := range files {
		name := strings.TrimSuffix(filepath.Base(wf), ".want.json")
		t.Run(name, func(t *testing.T) {
			var wt want
			if err := json.Unmarshal(readFile(t, name+".want.json"), &wt); err != nil {
				t.Fatal(err)
			}
			w, err := Open(readFile(t, name+".xlsx"), Limits{})
			if err != nil {
				t.Fatalf("Open(%s) = %v", name, err)
			}
			var sheets []string
			for _, s := range w.Sheets() {
				sheets = append(sheets, s.Name+"/"+s.State)
			}
			var wantSheets []string
			for _, s := range wt.Sheets {
				wantSheets = append(wantSheets, s.Name+"/"+s.State)
			}
			if d := cmp.Diff(wantSheets, sheets); d != "" {
				t.Errorf("Sheets() (-want +got):\n%s", d)
			}
			if w.Date1904() != wt.Date1904 {
				t.Errorf("Date1904() = %v, want %v", w.Date1904(), wt.Date1904)
			}
			for _, s := range wt.Sheets {
				ms, err := w.Merges(s.Name)
				if err != nil {
					t.Fatalf("Merges(%q) = %v", s.Name, err)
				}
				var got [][4]int
				for _, m := range ms {
					got = append(got, [4]int{m.FromCol, m.FromRow, m.ToCol, m.ToRow})
				}
				if d := cmp.Diff(wt.Merges[s.Name], got, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("Merges(%q) (-want +got):\n%s", s.Name, d)
				}
				cells, err := collect(w, s.Name)
				if err != nil {
					t.Fatalf("Rows(%q) = %v", s.Name, err)
				}
				compareCells(t, s.Name, wt.Cells[s.Name], cells)
			}
		})
	}
}

func compareCells(t *testing.T, sheet string, want, got []wantCell) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("Rows(%q): %d cells, want %d:\n got %v\nwant %v", sheet, len(got), len(want), got, want)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		at := fmt.Sprintf("Rows(%q) %s", sheet, cellName(w.Col, w.Row))
		if g.Row != w.Row || g.Col != w.Col {
			t.Errorf("%s: got the cell at %s", at, cellName(g.Col, g.Row))
			continue
		}
		if g.Kind != w.Kind || g.Formula != w.Formula || g.Date != w.Date {
			t.Errorf("%s = (%s, formula %q, date %v), want (%s, %q, %v)", at, g.Kind, g.Formula, g.Date, w.Kind, w.Formula, w.Date)
		}
		switch wr := w.Raw.(type) {
		case float64: // compare numbers as numbers, within a day's 1e-9
			v, err := strconv.ParseFloat(g.Raw.(string), 64)
			if err != nil || math.Abs(v-wr) > 1e-9*math.Max(1, math.Abs(wr)) {
				t.Errorf("%s raw = %q, want %v", at, g.Raw, wr)
			}
		case nil:
			if g.Raw != "" {
				t.Errorf("%s raw = %q, want none", at, g.Raw)
			}
		default:
			if g.Raw != wr {
				t.Errorf("%s raw = %q, want %q", at, g.Raw, wr)
			}
		}
	}
}

// TestSharedFormula reads shared formulas as excelize writes them (the
// master's text, dependents with <f t="shared" si="0"/>); each want is
// worked out by hand from the master B1 moved to the cell.
func TestSharedFormula(t *testing.T) {
	w, err := Open(readFile(t, "sharedformula.xlsx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	err = w.Rows("Sheet1", func(row int, cells []Cell) error {
		for _, c := range cells {
			if c.Formula != "" || c.Shared {
				if c.Kind != Blank || c.Shared {
					t.Errorf("%s: kind %v shared %v, want blank with formula", cellName(c.Col, row), c.Kind, c.Shared)
				}
				got[cellName(c.Col, row)] = c.Formula
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"B1": `A1*2+$A$1+SUM(A$1:A1)&"A1"`,
		"C1": `B1*2+$A$1+SUM(B$1:B1)&"A1"`,
		"B2": `A2*2+$A$1+SUM(A$1:A2)&"A1"`,
		"C2": `B2*2+$A$1+SUM(B$1:B2)&"A1"`,
		"B3": `A3*2+$A$1+SUM(A$1:A3)&"A1"`,
		"C3": `B3*2+$A$1+SUM(B$1:B3)&"A1"`,
		"B4": `A4*2+$A$1+SUM(A$1:A4)&"A1"`,
		"C4": `B4*2+$A$1+SUM(B$1:B4)&"A1"`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("formulas (-want +got):\n%s", d)
	}
}

func TestShiftFormula(t *testing.T) {
	tests := []struct {
		f      string
		dr, dc int
		want   string // "" for not recovered
	}{
		{"A1+B2", 1, 1, "B2+C3"},
		{"$A$1+$A1+A$1", 2, 2, "$A$1+$A3+C$1"},
		{"SUM(A1:B2)", 3, 0, "SUM(A4:B5)"},
		{`"A1"&A1`, 1, 0, `"A1"&A2`},
		{`"say ""A1"""&A1`, 1, 0, `"say ""A1"""&A2`},
		{"Sheet2!A1", 0, 1, "Sheet2!B1"},
		{"'Q1 A1'!B2*2", 1, 0, "'Q1 A1'!B3*2"},
		{"'it''s'!C3", 0, 1, "'it''s'!D3"},
		{"Jan:Mar!A1", 1, 0, "Jan:Mar!A2"},
		{"SUM(A:A)", 5, 1, "SUM(B:B)"},
		{"SUM($A:B)", 5, 1, "SUM($A:C)"},
		{"SUM(3:5)", 2, 9, "SUM(5:7)"},
		{"SUM($3:5)", 2, 9, "SUM($3:7)"},
		{"LOG10(A1)", 1, 0, "LOG10(A2)"},
		{"Table1[[#This Row],[A1]]*B1", 1, 0, "Table1[[#This Row],[A1]]*B2"},
		{"IF(ISERROR(A1),#N/A,A1)", 1, 0, "IF(ISERROR(A2),#N/A,A2)"},
		{"#REF!+A1", 1, 0, "#REF!+A2"},
		{"1.5E+10*A1", 1, 0, "1.5E+10*A2"},
		{"TaxRate*A1", 0, 1, "TaxRate*B1"},
		{"XFD1+A1", 0, 1, ""},  // off the sheet
		{"A1-1", -1, 0, ""},    // off the sheet
		{`"open`, 1, 0, ""},    // unterminated string
		{"'open!A1", 1, 0, ""}, // unterminated sheet name
		{"销售!A1+1", 1, 0, "销售!A2+1"},
		{"{1,2;3,4}", 1, 1, "{1,2;3,4}"},
	}
	for _, tc := range tests {
		got, ok := shiftFormula(nil, tc.f, tc.dr, tc.dc)
		if tc.want == "" {
			if ok {
				t.Errorf("shiftFormula(%q, %d, %d) = %q, want not recovered", tc.f, tc.dr, tc.dc, got)
			}
			continue
		}
		if !ok || string(got) != tc.want {
			t.Errorf("shiftFormula(%q, %d, %d) = %q, %v, want %q", tc.f, tc.dr, tc.dc, got, ok, tc.want)
		}
	}
}

func TestIsDateCode(t *testing.T) {
	// Which codes show dates: by the ECMA-376 number format grammar, by hand.
	tests := []struct {
		code string
		want bool
	}{
		{"yyyy-mm-dd", true},
		{`yyyy"年"m"月"`, true},
		{"mmm-yy", true},
		{"[$-409]mmmm yyyy", true},
		{"h:mm AM/PM", true},
		{"[h]:mm", true},
		{"[ss]", true},
		{"0.0%", false},
		{"#,##0", false},
		{"General", false},
		{`#,##0.00 "days"`, false},
		{`0\d`, false},
		{"[Red]0.00;[Blue]-0.00", false},
		{"[$€-407] #,##0.00", false},
		{"_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", false},
		{"0.00E+00", false},
		{"@", false},
	}
	for _, tc := range tests {
		if got := isDateCode(tc.code); got != tc.want {
			t.Errorf("isDateCode(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
}

// book builds a workbook zip from parts; sheet XML goes to
// xl/worksheets/sheet1.xml of a sheet named "S", and extra parts as given.
func book(tb testing.TB, sheet string, extra map[string]string) []byte {
	tb.Helper()
	parts := map[string]string{
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
		"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>zero</t></si><si><t>one</t></si></sst>`,
		"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>` +
			`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="10"/></cellXfs></styleSheet>`,
	}
	for k, v := range extra {
		if v == "" {
			delete(parts, k)
		} else {
			parts[k] = v
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(parts) {
		f, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		f.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	for i := range k {
		for j := i + 1; j < len(k); j++ {
			if k[j] < k[i] {
				k[i], k[j] = k[j], k[i]
			}
		}
	}
	return k
}

const ws = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// TestSheetXML reads hand-written sheets; every want is written by hand from
// ECMA-376 Part 1 §18.3 (sheets) and §18.4 (shared strings) and XML 1.0.
func TestSheetXML(t *testing.T) {
	long := strings.Repeat("x", 40000)
	tests := []struct {
		name  string
		sheet string
		extra map[string]string
		want  string // cells as "A1 kind raw [=formula] [date]" joined by "; ", or "error: substring"
	}{
		{"basic", ws + `<sheetData><row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
			nil, "A1 number 1.5; B1 text one; C1 bool 1; D1 error #N/A"},
		{"prefixed", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="B2:C3"/></x:mergeCells></x:worksheet>`,
			nil, "B2 text zero"},
		{"quotes and order", ws + `<sheetData><row r='3'><c t='n' s='1' r='C3'><v>45000</v></c><c s="2" r="D3"><v>45000</v></c><c s="3" r="E3"><v>0.1</v></c></row></sheetData></worksheet>`,
			nil, "C3 number 45000 date; D3 number 45000 date; E3 number 0.1"},
		{"no r", ws + `<sheetData><row><c><v>1</v></c><c/><c><v>3</v></c></row><row><c><v>4</v></c></row><row r="5"><c><v>5</v></c></row><row><c r="B6"><v>6</v></c></row></sheetData></worksheet>`,
			nil, "A1 number 1; C1 number 3; A2 number 4; A5 number 5; B6 number 6"},
		{"inline rich with phonetic", ws + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>東</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 京 </t></r><rPh sb="0" eb="1"><t>トウ</t></rPh></is></c></row></sheetData></worksheet>`,
			nil, "A1 text 東 京 "},
		{"shared string phonetic", ws + `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
			map[string]string{"xl/sharedStrings.xml": `<sst><si><r><t>漢</t></r><r><t>字</t></r><rPh><t>かんじ</t></rPh></si></sst>`}, "A1 text 漢字"},
		{"entities", ws + `<sheetData><row r="1"><c r="A1" t="str"><v>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x4E2D;</v></c><c r="B1" t="inlineStr"><is><t><![CDATA[<raw> & ]]>x</t></is></c></row></sheetData></worksheet>`,
			nil, `A1 text &<>"'AB中; B1 text <raw> & x`},
		{"escapes and line ends", ws + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b&#13;c` + "\r\n" + `d_x005F_x0041_</t></is></c></row></sheetData></worksheet>`,
			nil, "A1 text a\rb\rc\nd_x0041_"},
		{"comments and PIs", ws + `<!-- c --><sheetData><?pi x?><row r="1"><!-- <c r="A1"><v>9</v></c> --><c r="B1"><v>2</v></c></row></sheetData></worksheet>`,
			nil, "B1 number 2"},
		{"formulas", ws + `<sheetData><row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1" t="str"><f>IF(1,"","")</f><v></v></c><c r="C1"><f>NOW()</f></c><c r="D1"><f t="shared" si="7"/></c></row></sheetData></worksheet>`,
			nil, "A1 number 3 =SUM(B1:C1); B1 text  =IF(1,\"\",\"\"); C1 blank  =NOW(); D1 blank  shared"},
		{"shared formula", ws + `<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*$C$1</f><v>1</v></c></row><row r="3"><c r="A3"><f t="shared" si="0"/><v>2</v></c></row></sheetData></worksheet>`,
			nil, "A1 number 1 =B1*$C$1; A3 number 2 =B3*$C$1"},
		{"type d", ws + `<sheetData><row r="1"><c r="A1" t="d"><v>2026-10-01T12:00:00</v></c><c r="B1" t="d"><v>1900-01-01</v></c></row></sheetData></worksheet>`,
			nil, "A1 number 46296.5 date; B1 number 1 date"},
		{"styled empty cells", ws + `<sheetData><row r="1"><c r="A1" s="1"/><c r="B1" s="1"></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>`,
			nil, "A2 number 1"},
		{"out of order cells", ws + `<sheetData><row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
			nil, "A1 number 1; C1 number 3"},
		{"long text", ws + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + long + `</t></is></c></row></sheetData></worksheet>`,
			nil, "A1 text " + long},
		{"empty sheet", ws + `<sheetData/></worksheet>`, nil, ""},
		{"duplicate cell", ws + `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row></sheetData></worksheet>`,
			nil, "error: cell A1: appears twice"},
		{"rows descend", ws + `<sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`, nil, "error: row 1 after row 2"},
		{"bad number", ws + `<sheetData><row r="4"><c r="B4"><v>NaN</v></c></row></sheetData></worksheet>`, nil, `error: cell B4: value "NaN" is not a number`},
		{"infinite number", ws + `<sheetData><row r="4"><c r="B4"><v>1e999</v></c></row></sheetData></worksheet>`, nil, `error: cell B4: value`},
		{"sst index", ws + `<sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData></worksheet>`, nil, "error: cell A1: shared string index"},
		{"unknown type", ws + `<sheetData><row r="1"><c r="A1" t="x"><v>2</v></c></row></sheetData></worksheet>`, nil, "error: cell A1: unknown cell type"},
		{"huge text", ws + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("y", maxText+1) + `</t></is></c></row></sheetData></worksheet>`,
			nil, "error: text longer than"},
		{"not utf-8", ws + `<sheetData><row r="1"><c r="A1" t="str"><v>` + "\xff\xfe" + `</v></c></row></sheetData></worksheet>`, nil, "error: cell A1: text is not UTF-8"},
		{"undefined entity", ws + `<sheetData><row r="1"><c r="A1" t="str"><v>&xxe;</v></c></row></sheetData></worksheet>`, nil, "error: undefined entity"},
		{"truncated", ws + `<sheetData><row r="1"><c r="A1"><v>1</v></c>`, nil, "error: "},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + ws + `<sheetData><row r="1"><c r="A1" t="str"><v>&xxe;</v></c></row></sheetData></worksheet>`,
			nil, "error: the workbook's XML declares a DOCTYPE"},
		{"row beyond", ws + `<sheetData><row r="1048577"/></sheetData></worksheet>`, nil, "error: row 1048577"},
		{"column beyond", ws + `<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`, nil, "error: bad reference"},
		// A damaged reference is named by the cell before it, not as that cell.
		{"bad reference", ws + `<sheetData><row r="2"><c r="C2"><v>1</v></c><c r="D` + "\xff" + `2"><v>2</v></c></row></sheetData></worksheet>`,
			nil, "error: xl/worksheets/sheet1.xml the cell after C2: bad reference"},
		{"bad first reference", ws + `<sheetData><row r="2"><c r="2D"><v>2</v></c></row></sheetData></worksheet>`,
			nil, "error: xl/worksheets/sheet1.xml the first cell of row 2: bad reference"},
		{"bad style", ws + `<sheetData><row r="2"><c r="C2"><v>1</v></c><c r="D2" s="x"><v>2</v></c></row></sheetData></worksheet>`,
			nil, "error: xl/worksheets/sheet1.xml cell D2: bad style"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Open(book(t, tc.sheet, tc.extra), Limits{})
			if err != nil {
				t.Fatalf("Open = %v", err)
			}
			var got []string
			err = w.Rows("S", func(row int, cells []Cell) error {
				for _, c := range cells {
					s := fmt.Sprintf("%s %s %s", cellName(c.Col, row), kindNames[c.Kind], c.Raw)
					if c.Formula != "" || c.Kind == Blank && !c.Shared {
						s += " =" + c.Formula
					}
					if c.Shared {
						s += " shared"
					}
					if c.Date {
						s += " date"
					}
					got = append(got, s)
				}
				return nil
			})
			if strings.HasPrefix(tc.want, "error: ") {
				if err == nil || !strings.Contains(err.Error(), tc.want[7:]) {
					t.Fatalf("Rows = %v, want an error with %q", err, tc.want[7:])
				}
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrDTD) || errors.Is(err, errPanic) {
					t.Errorf("Rows = %v, want ErrCorrupt or ErrDTD", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Rows = %v", err)
			}
			if g := strings.Join(got, "; "); g != tc.want {
				t.Errorf("Rows =\n %q\nwant\n %q", g, tc.want)
			}
		})
	}
}

func TestMerges(t *testing.T) {
	sheet := ws + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;mergeCell ref="Z1:Z9"/&gt; mergeCells</t></is></c></row></sheetData>` +
		`<mergeCells count="3"><mergeCell ref="B5:B6"/><mergeCell  ref='C1:A2' /><mergeCell ref="D4"></mergeCell></mergeCells><mergeCell ref="E1:E2"/></worksheet>`
	w, err := Open(book(t, sheet, nil), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Merges("S")
	if err != nil {
		t.Fatal(err)
	}
	want := []Range{{2, 5, 2, 6}, {1, 1, 3, 2}, {4, 4, 4, 4}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Merges (-want +got):\n%s", d)
	}
	if _, err := w.Merges("nope"); !errors.Is(err, ErrNoSheet) {
		t.Errorf("Merges(nope) = %v, want ErrNoSheet", err)
	}
	if err := w.Rows("nope", nil); !errors.Is(err, ErrNoSheet) {
		t.Errorf("Rows(nope) = %v, want ErrNoSheet", err)
	}
}

func TestCallbackError(t *testing.T) {
	w, err := Open(readFile(t, "libre.xlsx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	err = w.Rows("Sales", func(int, []Cell) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Rows with fn failing = %v after %d calls, want stop after 1", err, n)
	}
}

// TestWalk: Walk gives start the ranges Merges finds and fn the rows Rows
// reads, in order, whether it holds every row until the ranges come, none,
// or a few; a failing start stops it before any row, and fn's error comes
// back as is.
func TestWalk(t *testing.T) {
	var rowsXML strings.Builder
	for r := 1; r <= 3000; r++ {
		fmt.Fprintf(&rowsXML, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r)
	}
	books := map[string][]byte{
		"openpyxl.xlsx": readFile(t, "openpyxl.xlsx"),
		"libre.xlsx":    readFile(t, "libre.xlsx"),
		"merged":        book(t, ws+`<sheetData>`+rowsXML.String()+`</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A2999:A3000"/></mergeCells></worksheet>`, nil),
	}
	defer func(was int) { heldMax = was }(heldMax)
	for name, data := range books {
		w, err := Open(data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range w.Sheets() {
			merges, err := w.Merges(s.Name)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if err := w.Rows(s.Name, func(row int, cells []Cell) error {
				want = append(want, fmt.Sprint(row, cells))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, max := range []int{0, 2000, 1 << 30} {
				for _, ahead := range []bool{false, true} {
					heldMax = max
					var got []string
					var ranges []Range
					started := false
					walk := w.Walk
					if ahead {
						walk = w.WalkAhead
					}
					err := walk(s.Name, func(m []Range) error {
						if len(got) > 0 {
							t.Errorf("%s %q: start called after a row", name, s.Name)
						}
						started, ranges = true, m
						return nil
					}, func(row int, cells []Cell) error {
						got = append(got, fmt.Sprint(row, cells))
						return nil
					})
					if ahead && errors.Is(err, ErrMerged) && len(merges) > 0 {
						continue // read on without the ranges, and there were some
					}
					if err != nil || !started || !slices.Equal(ranges, merges) || !slices.Equal(got, want) {
						t.Errorf("%s %q, holding %d bytes, ahead %v: %v, ranges %v (want %v), %d rows (want %d)", name, s.Name, max, ahead, err, ranges, merges, len(got), len(want))
					}
				}
			}
		}
	}
	// The ranges come late: WalkAhead reads on past what it holds and,
	// finding ranges at the end, says so; without ranges it reads all.
	defer func(was func()) { mergesLate = was }(mergesLate)
	for _, tc := range []struct {
		name string
		data []byte
		want error
		rows int
	}{
		{"merged", books["merged"], ErrMerged, 3000},
		{"plain", book(t, ws+`<sheetData>`+rowsXML.String()+`</sheetData></worksheet>`, nil), nil, 3000},
	} {
		w, err := Open(tc.data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		heldMax = 2000
		release := make(chan struct{})
		var once sync.Once
		rel := func() { once.Do(func() { close(release) }) }
		time.AfterFunc(5*time.Second, rel) // a WalkAhead that waits fails, not hangs
		mergesLate = func() { <-release }
		n, ahead := 0, false
		err = w.WalkAhead(w.Sheets()[0].Name, func(m []Range) error {
			ahead = m == nil
			return nil
		}, func(int, []Cell) error {
			if n++; n == 2500 {
				rel()
			}
			return nil
		})
		if err != tc.want || !ahead || n < 2500 || tc.want == nil && n != tc.rows {
			t.Errorf("%s, ranges late: WalkAhead = %v after %d rows (started ahead: %v); want %v after at least 2,500 rows", tc.name, err, n, ahead, tc.want)
		}
		mergesLate = func() {}
	}
	// Read ahead, the sheet is inflated once, for the rows and the ranges
	// both (it was inflated twice: a fifth of the rows' work, again).
	for _, name := range []string{"merged", "plain"} {
		data := book(t, ws+`<sheetData>`+rowsXML.String()+`</sheetData></worksheet>`, nil)
		if name == "merged" {
			data = books["merged"]
		}
		w, err := Open(data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		sheet := w.Sheets()[0].Name
		part, _ := w.sheetPart(sheet)
		f, _ := w.file(part)
		heldMax = 0
		before := w.unzipped.Load()
		err = w.WalkAhead(sheet, func([]Range) error { return nil }, func(int, []Cell) error { return nil })
		// (merged: ErrMerged, or nil when the ranges came before the
		// first row, as the search may inflate a small part that soon)
		if got := w.unzipped.Load() - before; got != int64(f.UncompressedSize64) || name == "merged" && err != ErrMerged && err != nil || name == "plain" && err != nil {
			t.Errorf("%s: WalkAhead inflated %d bytes (%v); want the part's %d once", name, got, err, f.UncompressedSize64)
		}
	}
	w, err := Open(books["merged"], Limits{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	rows, sheet := 0, w.Sheets()[0].Name
	if err := w.Walk(sheet, func([]Range) error { return stop }, func(int, []Cell) error { rows++; return nil }); err != stop || rows != 0 {
		t.Errorf("start failing: %v after %d rows; want its error before any row", err, rows)
	}
	if err := w.Walk(sheet, func([]Range) error { return nil }, func(int, []Cell) error { rows++; return stop }); err != stop || rows != 1 {
		t.Errorf("fn failing: %v after %d rows; want its error after the first", err, rows)
	}
	if err := w.Walk("nope", nil, nil); !errors.Is(err, ErrNoSheet) {
		t.Errorf("Walk of a missing sheet: %v", err)
	}
}
