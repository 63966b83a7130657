package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"coo"
	"coo/warehouse"
)

// memSink collects what Read yields.
type memSink struct {
	facts   []warehouse.Fact
	rejects []warehouse.Reject
}

func (m *memSink) Fact(f warehouse.Fact) error { m.facts = append(m.facts, f); return nil }
func (m *memSink) Reject(r warehouse.Reject)   { m.rejects = append(m.rejects, r) }

var ledger = Source{
	Name:       "finance",
	Files:      "*.xlsx",
	Sheets:     Sheets{Names: []string{"Ledger"}},
	Period:     Period{Column: &Column{Header: "Month"}},
	Dimensions: []Column{{Name: "cost_line", Header: "Cost line"}},
	Measures: []Measure{
		{Column: Column{Name: "budget", Header: "Budget"}, Unit: "CNY"},
		{Column: Column{Name: "actual", Header: "Actual"}, Unit: "CNY"},
	},
}

func readFixture(t *testing.T, name string, src Source) (*memSink, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s := &memSink{}
	_, err = Read(context.Background(), &src, name, data, s, Limits{})
	return s, err
}

// TestReadTidy checks every value of testdata/tidy.xlsx (written by
// openpyxl, see make_fixtures.py) against the values written there by hand.
func TestReadTidy(t *testing.T) {
	s, err := readFixture(t, "tidy.xlsx", ledger)
	if err != nil {
		t.Fatal(err)
	}
	f := func(m, p, dims string, v float64, cell string) warehouse.Fact {
		per, _ := coo.ParsePeriod(p)
		col, row, _ := coo.ParseA1(cell)
		return warehouse.Fact{Metric: m, Period: per, Dims: dims, Value: v, Unit: "CNY", Sheet: "Ledger", Row: row, Col: col}
	}
	want := []warehouse.Fact{
		f("budget", "2026-09", "cost_line=Rent", 100, "D2"),
		f("actual", "2026-09", "cost_line=Rent", 101.5, "E2"),
		f("budget", "2026-10", "cost_line=IT", 200, "D3"),
		f("actual", "2026-10", "cost_line=IT", 1234.5, "E3"),
		f("budget", "2026-10", "cost_line=Travel", -1200, "D5"),
		f("actual", "2026-10", "cost_line=Travel", 0.85, "E5"),
		f("budget", "2026-10", "cost_line=Logistics", 400, "D7"), // E7 is blank: set aside alone
	}
	if diff := cmp.Diff(want, s.facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	type rej struct{ Cell, Reason string }
	var got []rej
	for _, r := range s.rejects {
		got = append(got, rej{r.Cell, r.Reason})
		if !strings.Contains(r.Message, "tidy.xlsx") || !strings.Contains(r.Message, r.Cell) || r.Sheet != "Ledger" {
			t.Errorf("reject message %q does not name the file, sheet and cell %s", r.Message, r.Cell)
		}
	}
	wantRej := []rej{
		{"E6", "error_value"}, {"E7", "blank_value"}, {"B8", "blank_dimension"}, {"A9", "not_a_period"}, {"D10", "not_a_number"},
	}
	if diff := cmp.Diff(wantRej, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

func TestRead1904(t *testing.T) {
	s, err := readFixture(t, "date1904.xlsx", ledger)
	if err != nil {
		t.Fatal(err)
	}
	var periods []string
	for _, f := range s.facts {
		periods = append(periods, f.Period.String())
	}
	sort.Strings(periods)
	if diff := cmp.Diff([]string{"2025-01", "2025-01", "2026-12", "2026-12"}, periods); diff != "" {
		t.Errorf("periods in the 1904 date system (-want +got):\n%s", diff)
	}
}

func TestReadRefusesFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    string
		data    []byte // instead of file
		src     func(*Source)
		reason  error
		cell    string
		message []string
	}{
		{name: "duplicate header", file: "dupheader.xlsx", reason: ErrDupHeader, cell: "F1", message: []string{"D1", "F1"}},
		{name: "missing column", file: "missing.xlsx", reason: ErrNoHeader, message: []string{`"Budget"`, `"Actual"`}},
		{name: "no such sheet", file: "missing.xlsx", src: func(s *Source) { s.Sheets.Names = []string{"Costs"} }, reason: ErrNoSheet, message: []string{`"Costs"`, `"Ledger"`}},
		{name: "not a zip", data: []byte("Month,Cost line\n2026-10,Rent\n"), reason: ErrNotWorkbook, message: []string{"zip"}},
		{name: "legacy xls", data: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), reason: ErrNotWorkbook, message: []string{".xls", "save it as .xlsx"}},
		{name: "encrypted", data: append(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 64)...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...), reason: ErrEncrypted, message: []string{"password"}},
		{name: "truncated zip", data: []byte("PK\x03\x04\x14\x00\x00\x00"), reason: ErrNotWorkbook},
		{name: "empty", data: []byte{}, reason: ErrNotWorkbook},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := ledger
			if tc.src != nil {
				tc.src(&src)
			}
			data := tc.data
			if tc.file != "" {
				var err error
				if data, err = os.ReadFile(filepath.Join("testdata", tc.file)); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Read(context.Background(), &src, "in.xlsx", data, &memSink{}, Limits{})
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, tc.reason) {
				t.Fatalf("Read = %v, want a *FileError for %v", err, tc.reason)
			}
			if fe.File != "in.xlsx" || fe.Cell != tc.cell && tc.cell != "" {
				t.Errorf("Read error names file %q cell %q, want in.xlsx %q", fe.File, fe.Cell, tc.cell)
			}
			for _, m := range tc.message {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("Read error %q does not mention %s", err, m)
				}
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "tidy.xlsx"))
	_, err := Read(context.Background(), &ledger, "tidy.xlsx", data, &memSink{}, Limits{MaxFileSize: 100})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read(over MaxFileSize) = %v, want ErrTooLarge", err)
	}
	_, err = Read(context.Background(), &ledger, "tidy.xlsx", data, &memSink{}, Limits{MaxUnzipSize: 1000})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read(over MaxUnzipSize) = %v, want ErrTooLarge", err)
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  error
	}{
		{"1234.5", 1234.5, nil},
		{" 3,294 ", 3294, nil},
		{"1,234.50", 1234.5, nil},
		{"(1,200)", -1200, nil},
		{"85%", 0.85, nil},
		{"57%", 0.57, nil}, // not 0.5700000000000001 (57 * 0.01)
		{"8.15%", 0.0815, nil},
		{"(12.5%)", -0.125, nil},
		{"1e-400%", 0, nil},
		{"-8.5%", -0.085, nil},
		{"+12", 12, nil},
		{"1e3", 1000, nil},
		{"\u00a042\u00a0", 42, nil},
		{"", 0, ErrBlankValue},
		{"   ", 0, ErrBlankValue},
		{"12,34", 0, ErrNotNumber},
		{"1,2345", 0, ErrNotNumber},
		{"1.234,50", 0, ErrNotNumber}, // European: not 1.2345 (found from outside)
		{"2.000,00", 0, ErrNotNumber},
		{"12.5,0", 0, ErrNotNumber},
		{"1,234.5,0", 0, ErrNotNumber},
		{"NaN", 0, ErrNotNumber},
		{"Inf", 0, ErrNotNumber},
		{"0x10", 0, ErrNotNumber},
		{"1_000", 0, ErrNotNumber},
		{"1e999", 0, ErrNotNumber},
		{"(-5)", 0, ErrNotNumber},
		{"abc", 0, ErrNotNumber},
		{"%", 0, ErrNotNumber},
	} {
		got, err := parseNumber(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) && !(err == nil && tc.err == nil) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// TestScaleValue: a scale that is a power of ten moves the decimal point
// exactly; a result that is not finite is refused (it used to load as +Inf).
func TestScaleValue(t *testing.T) {
	for _, tc := range []struct {
		v, scale, want float64
		ok             bool
	}{
		{1.005, 1000, 1005, true}, // 1.005*1000 = 1004.9999999999999
		{1234.5, 1000, 1234500, true},
		{-1.2, 1000, -1200, true},
		{0.57, 100, 57, true}, // 0.57*100 = 56.99999999999999
		{12345, 0.001, 12.345, true},
		{2, 0.5, 1, true},
		{1.5, 12, 18, true},
		{7, 0, 7, true},
		{1e307, 1000, 0, false},
		{-1e307, 1e6, 0, false},
		{1e-320, 1e-10, 0, true},
	} {
		got, ok := scaleValue(tc.v, tc.scale)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("scaleValue(%v, %v) = %v, %v; want %v, %v", tc.v, tc.scale, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTooLong: Excel's limit counts characters (UTF-16 code units), not
// bytes of UTF-8.
func TestTooLong(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{strings.Repeat("L", 32767), false},
		{strings.Repeat("L", 32768), true},
		{strings.Repeat("华", 12000), false}, // 36,000 bytes
		{strings.Repeat("华", 32768), true},
		{strings.Repeat("😀", 16383) + "x", false}, // 32,767 code units
		{strings.Repeat("😀", 16384), true},
	} {
		if got := tooLong(tc.s); got != tc.want {
			t.Errorf("tooLong(%d bytes) = %v, want %v", len(tc.s), got, tc.want)
		}
	}
}

func TestPeriodText(t *testing.T) {
	for in, want := range map[string]string{"2026-10": "2026-10", "2026/10": "2026-10", "2026-10-31": "2026-10", "2026/01/01": "2026-01", " 2026.03 ": "2026-03",
		"Oct 2026": "2026-10", "October 2026": "2026-10", "Jan-2024": "2024-01", "Jan-24": "2024-01", "Nov25": "2025-11", "Oct. 2026": "2026-10",
		"2026年10月": "2026-10", "2026年1月": "2026-01", "2026年10月1日": "2026-10", "10/2026": "2026-10", "202610": "2026-10", "2026 Oct": "2026-10", "sept 2026": "2026-09",
		"Oct\u00a02026": "2026-10", "\u00a02026-10\u3000": "2026-10"} {
		p, err := parsePeriodText(in)
		if err != nil || p.String() != want {
			t.Errorf("parsePeriodText(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, in := range []string{"Oct", "2026-13", "26-10", "1800-01", "01/10/2026", "2026年第1季度", "季度汇总", "Octo 2026", "2026-10-45", "FY total", "Q1 2026", "13/2026"} {
		if p, err := parsePeriodText(in); err == nil {
			t.Errorf("parsePeriodText(%q) = %v, want an error", in, p)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range messyCells {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseNumber(s)
		if err == nil && (v != v || v-v != 0) {
			t.Fatalf("parseNumber(%q) = %v", s, v)
		}
	})
}

// TestReadUnfilledRow: in a long table of one measure, a row with its month
// and labels but no value is a value missing, recorded as blank_value (it
// was dropped as a note row, found from outside); a note row, a row
// without its month and a total row with no value are still passed over
// without a record. The workbook is written by excelize.
func TestReadUnfilledRow(t *testing.T) {
	data := rowsBook(t, [][]any{{"Month", "Region", "Units"},
		{"2026-10", "North", 5},
		{"2026-10", "South"},        // row 3: no value
		{"Notes: units are pieces"}, // row 4: a note
		{"2026-10", "East", "   "},  // row 5: only spaces
		{nil, "West"},               // row 6: no month, no value: a section label
		{"2026-10", "Total"},        // row 7: a total without a value
		{"2026-10", "Central", 7},
	})
	src := regionUnits()
	s := &memSink{}
	if _, err := Read(context.Background(), &src, "units.xlsx", data, s, Limits{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.rejects {
		got = append(got, r.Cell+" "+r.Reason)
	}
	if diff := cmp.Diff([]string{"C3 blank_value", "C5 blank_value"}, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	var loaded []string
	for _, f := range s.facts {
		loaded = append(loaded, f.Dims)
	}
	if diff := cmp.Diff([]string{"region=North", "region=Central"}, loaded); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

// TestReadLongTotals: a long table's own total rows check its members (they
// were skipped unchecked, so a member named like a total, "Total
// Petroleum", was dropped without a word; found from outside): a month's
// total adds that month's members, a total without a month every month's,
// a subtotal the members since the previous total; YTD and the like add
// months the rows do not show and are not checked. Workbooks by excelize.
func TestReadLongTotals(t *testing.T) {
	src := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "company", Header: "Company"}}, Measures: []Measure{{Column: Column{Name: "units", Header: "Units"}}}}
	head := []any{"Month", "Company", "Units"}
	for _, tc := range []struct {
		name  string
		rows  [][]any
		facts int
		want  string // in the refusal; "" if the file loads
	}{
		{"adds up", [][]any{head,
			{"2026-10", "Acme", 5}, {"2026-10", "Bolt", 7}, {"2026-10", "Total", 12},
			{"2026-11", "Acme", 6}, {"2026-11", "Bolt", 1.5}, {"2026-11", "Total", 7.5},
			{nil, "Grand total", 19.5}, {"2026-11", "YTD", 100}}, 4, ""},
		{"a month's total wrong", [][]any{head,
			{"2026-10", "Acme", 5}, {"2026-10", "Bolt", 7}, {"2026-11", "Acme", 6}, {"2026-10", "Total", 13}},
			0, `the units total "Total" for 2026-10 in C5 is 13, but the values that loaded (rows 2-3) add up to 12, a difference of 1`},
		{"a member named like a total", [][]any{head,
			{"2026-10", "Acme", 10}, {"2026-10", "Total Petroleum", 20}, {"2026-10", "Sum Holdings", 5}, {"2026-10", "Total", 35}},
			0, `"Total Petroleum" for 2026-10 in C3 is 20, but the values that loaded (row 2) add up to 10`},
		{"a member set aside: not checked", [][]any{head,
			{"2026-10", "Acme", 5}, {"2026-10", "Bolt", "n/a"}, {"2026-10", "Total", 12}}, 1, ""},
	} {
		s := &memSink{}
		_, err := Read(context.Background(), &src, "totals.xlsx", rowsBook(t, tc.rows), s, Limits{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v; want it loaded", tc.name, err)
		case tc.want == "" && len(s.facts) != tc.facts:
			t.Errorf("%s: %d facts, want %d", tc.name, len(s.facts), tc.facts)
		case tc.want != "" && (!errors.Is(err, ErrTotalMismatch) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v; want ErrTotalMismatch with %q", tc.name, err, tc.want)
		}
	}
}

// regionUnits returns a new mapping of a long table of Month, Region and
// Units.
func regionUnits() Source {
	return Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "units", Header: "Units"}}}}
}

// rowsBook returns a workbook written by excelize whose first sheet holds
// rows from A1 down.
func rowsBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadNumbersAsMonthsAndDatesAsValues: a plain number in the month
// column is a month only as yyyymm or as a date whose format was lost
// (a serial between 1950 and 2100): a month number 10 or a year 2026 was
// read as the serial day it is (1900-01, 1905-07). A value cell formatted
// as a date or time (a typed "3-4", a duration [h]:mm) is set aside: it
// loaded as its serial number. Both found from outside, exit 0.
func TestReadNumbersAsMonthsAndDatesAsValues(t *testing.T) {
	f := excelize.NewFile()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	hours, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("[h]:mm")})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"Month", "Region", "Units"},
		{10, "North", 5},     // row 2: a month number
		{2026, "South", 6},   // row 3: a year
		{202610, "East", 7},  // row 4: yyyymm
		{46023, "West", 8},   // row 5: 2026-01-01, its date format lost
		{46054, "Centre", 9}, // row 6: 2026-02-01 as a date
		{46054, "Coast", 46085},
		{46054, "Hills", 0.0625},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		cell  string
		style int
	}{{"A6", date}, {"A7", date}, {"A8", date}, {"C7", date}, {"C8", hours}} {
		if err := f.SetCellStyle("Sheet1", c.cell, c.cell, c.style); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := regionUnits()
	s := &memSink{}
	if _, err := Read(context.Background(), &src, "units.xlsx", buf.Bytes(), s, Limits{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.rejects {
		got = append(got, r.Cell+" "+r.Reason)
	}
	if diff := cmp.Diff([]string{"A2 not_a_period", "A3 not_a_period", "C7 not_a_number", "C8 not_a_number"}, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	var loaded []string
	for _, f := range s.facts {
		loaded = append(loaded, fmt.Sprintf("%s %s %g", f.Dims, f.Period, f.Value))
	}
	if diff := cmp.Diff([]string{"region=East 2026-10 7", "region=West 2026-01 8", "region=Centre 2026-02 9"}, loaded); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

// TestReadStackedLongTables: a second table under the first, its header
// with the columns in another order or shifted, is read by its own
// header; its values loaded under the first header's measures, revenue as
// units and units as revenue, with only the header cells set aside (found
// from outside). One that lacks a mapped column refuses the file.
func TestReadStackedLongTables(t *testing.T) {
	src := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures:   []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}, {Column: Column{Name: "units", Header: "Units"}}}}
	read := func(rows [][]any) ([]string, error) {
		s := &memSink{}
		_, err := Read(context.Background(), &src, "sales.xlsx", rowsBook(t, rows), s, Limits{})
		var got []string
		for _, f := range s.facts {
			got = append(got, fmt.Sprintf("%s %s %s %g", f.Metric, f.Period, f.Dims, f.Value))
		}
		for _, r := range s.rejects {
			got = append(got, "reject "+r.Cell)
		}
		return got, err
	}
	first := [][]any{{"Month", "Region", "Revenue", "Units"}, {"2026-01", "North", 1000, 5}, {}}
	want := []string{"revenue 2026-01 region=North 1000", "units 2026-01 region=North 5", "revenue 2026-02 region=North 1100", "units 2026-02 region=North 6"}
	for _, tc := range []struct {
		name string
		rows [][]any
	}{
		{"swapped", [][]any{{"Month", "Region", "Units", "Revenue"}, {"2026-02", "North", 6, 1100}}},
		{"shifted", [][]any{{nil, "Month", "Region", "Units", "Revenue"}, {nil, "2026-02", "North", 6, 1100}}},
	} {
		got, err := read(append(slices.Clone(first), tc.rows...))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	_, err := read(append(slices.Clone(first), []any{"Month", "Region", "Units"}, []any{"2026-02", "North", 6}))
	var fe *FileError
	if !errors.As(err, &fe) || fe.Cell != "A4" || !errors.Is(err, ErrNoHeader) {
		t.Errorf("a second header without Revenue: %v, want the file refused at A4 (no_header)", err)
	}
}

// TestReadSheetNameNotMonth: when months come from sheet names, a sheet
// with the table's header whose name is not a month is skipped with a
// warning naming it (it was dropped with an info line, its values lost
// without a record; found from outside); a sheet without the header is
// skipped quietly, as before.
func TestReadSheetNameNotMonth(t *testing.T) {
	f := excelize.NewFile()
	for i, name := range []string{"2026-08", "Sep 2026 (final)", "Notes"} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		rows := [][]any{{"Region", "Units"}, {"North", 100 + i}}
		if name == "Notes" {
			rows = [][]any{{"Prepared by finance"}}
		}
		for r, row := range rows {
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r+1), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "sales", Files: "*.xlsx", Period: Period{Sheet: true},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "units", Header: "Units"}}}}
	s := &memSink{}
	st, err := Read(context.Background(), &src, "units.xlsx", buf.Bytes(), s, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.facts) != 1 || s.facts[0].Period != coo.NewPeriod(2026, 8) || s.facts[0].Value != 100 {
		t.Errorf("facts %+v, want units 100 in 2026-08 alone", s.facts)
	}
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], `"Sep 2026 (final)"`) || !strings.Contains(st.Warnings[0], "header is in row 1") {
		t.Errorf("warnings %q, want one naming the sheet \"Sep 2026 (final)\" and its header", st.Warnings)
	}
	for _, n := range st.Notes {
		if strings.Contains(n, "Sep 2026") {
			t.Errorf("note %q: the sheet is a warning, not a note", n)
		}
	}
}
