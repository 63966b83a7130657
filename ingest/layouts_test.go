package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"coo"
)

// layoutCase is one case of testdata/layouts.want.json, written by
// testdata/make_layouts.py (openpyxl and LibreOffice) with the truth it put
// in the workbook, never taken from coo.
type layoutCase struct {
	Name    string
	File    string
	As      string // the name Read is given, if not File
	Source  Source // the JSON's keys are the Source's fields (matched without case)
	Facts   []wantFact
	Rejects []wantReject
	Error   *struct {
		Reason, Sheet, Cell string
		Contains            []string
	}
}

type wantFact struct {
	Metric, Period, Dims string
	Value                float64
	Sheet, Cell          string
}

type wantReject struct {
	Sheet, Cell, Reason string
}

func loadLayoutCases(tb testing.TB) []layoutCase {
	return loadCases(tb, filepath.Join("testdata", "layouts.want.json"))
}

// loadCases reads the cases a fixture script wrote beside its workbooks.
func loadCases(tb testing.TB, path string) []layoutCase {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var cases []layoutCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// TestLayouts reads every fixture of make_layouts.py and compares the facts
// (cells, values with percent and scale applied, periods, dimensions) and
// rejects (cells, reason codes) with the script's truth exactly, and checks
// that every message names the file, the sheet and the cell.
func TestLayouts(t *testing.T) {
	cases := loadLayoutCases(t)
	if len(cases) < 10 {
		t.Fatalf("%d cases in layouts.want.json", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) { checkLayoutCase(t, tc, tc.File) })
	}
}

// checkLayoutCase reads tc's workbook as name and compares the facts and
// rejects with the fixture script's truth exactly, or the error that
// refuses the file with its code, sheet, cell and words; every message
// names the file, the sheet and the cell, no value loads as -0, and a fact
// has its measure's unit.
func checkLayoutCase(t *testing.T, tc layoutCase, name string) {
	t.Helper()
	if tc.As != "" {
		name = tc.As
	}
	src := tc.Source
	if err := src.Validate(); err != nil {
		t.Fatalf("the case's mapping: %v", err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", tc.File))
	if err != nil {
		t.Fatal(err)
	}
	s := &memSink{}
	_, err = Read(context.Background(), &src, name, data, s, Limits{})
	if tc.Error != nil {
		var fe *FileError
		if !errors.As(err, &fe) || Code(err) != tc.Error.Reason {
			t.Fatalf("Read = %v, want a file error %s", err, tc.Error.Reason)
		}
		if fe.File != name || fe.Sheet != tc.Error.Sheet || fe.Cell != tc.Error.Cell {
			t.Errorf("error names %q %q %q, want %q %q %q", fe.File, fe.Sheet, fe.Cell, name, tc.Error.Sheet, tc.Error.Cell)
		}
		msg := err.Error()
		for _, want := range append([]string{name, strconv.Quote(tc.Error.Sheet), tc.Error.Cell}, tc.Error.Contains...) {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not name %s", msg, want)
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var got []wantFact
	for _, f := range s.facts {
		cell := coo.ColumnName(f.Col) + strconv.Itoa(f.Row)
		got = append(got, wantFact{f.Metric, f.Period.String(), f.Dims, f.Value, f.Sheet, cell})
		if f.Value == 0 && math.Signbit(f.Value) {
			t.Errorf("fact %s!%s loads as -0, want 0", f.Sheet, cell)
		}
		for _, m := range src.Measures {
			if m.Name == f.Metric && f.Unit != m.Unit {
				t.Errorf("fact %s %s: unit %q, want %q", f.Metric, f.Dims, f.Unit, m.Unit)
			}
		}
	}
	if diff := cmp.Diff(tc.Facts, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	var rej []wantReject
	for _, r := range s.rejects {
		rej = append(rej, wantReject{r.Sheet, r.Cell, r.Reason})
		for _, want := range []string{name, strconv.Quote(r.Sheet), "cell " + r.Cell} {
			if !strings.Contains(r.Message, want) {
				t.Errorf("reject message %q does not name %s", r.Message, want)
			}
		}
		if r.Reason == "ambiguous_number" && !strings.Contains(r.Message, "number cell") {
			t.Errorf("reject message %q does not say what to do (a number cell)", r.Message)
		}
		if len(r.Raw) > 1000 {
			t.Errorf("reject %s keeps %d bytes of raw text", r.Cell, len(r.Raw))
		}
	}
	if diff := cmp.Diff(tc.Rejects, rej, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

// TestSkippedSheetNotes: months.xlsx's hidden and very hidden sheets are
// skipped with a note, and the summary sheet is not read (the pattern
// leaves it out).
func TestSkippedSheetNotes(t *testing.T) {
	for _, tc := range loadLayoutCases(t) {
		if tc.File != "months.xlsx" || len(tc.Source.Sheets.Names) > 0 {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", tc.File))
		if err != nil {
			t.Fatal(err)
		}
		st, err := Read(context.Background(), &tc.Source, tc.File, data, &memSink{}, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"2026年9月", "2026年10月"}, st.Sheets); diff != "" {
			t.Errorf("sheets read (-want +got):\n%s", diff)
		}
		want := []string{`sheet "2026年8月" is hidden: skipped`, `sheet "2026年7月" is very hidden: skipped`}
		if diff := cmp.Diff(want, st.Notes); diff != "" {
			t.Errorf("notes (-want +got):\n%s", diff)
		}
		if st.Totals != 2 {
			t.Errorf("%d total rows recognised, want 2 (合计 in each month sheet)", st.Totals)
		}
		return
	}
	t.Fatal("no months.xlsx case")
}

// TestEncryptedByAnotherProgram: a workbook written by LibreOffice and
// encrypted by officecrypto-tool (see testdata/README.md) is refused without
// the password, saying so, and with it yields exactly the facts that
// make_layouts.py wrote down for the unencrypted file.
func TestEncryptedByAnotherProgram(t *testing.T) {
	var c *layoutCase
	for _, lc := range loadLayoutCases(t) {
		if lc.File == "libre_budget.xlsx" && lc.Error == nil {
			c = &lc
			break
		}
	}
	if c == nil {
		t.Fatal("no libre_budget.xlsx case in layouts.want.json")
	}
	data, err := os.ReadFile(filepath.Join("testdata", "libre_budget_encrypted.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	src := c.Source
	if _, err := Read(context.Background(), &src, "enc.xlsx", data, &memSink{}, Limits{}); !errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), "password") {
		t.Fatalf("Read without a password = %v, want ErrEncrypted saying what to do", err)
	}
	src.Password = "wrong"
	if _, err := Read(context.Background(), &src, "enc.xlsx", data, &memSink{}, Limits{}); !errors.Is(err, ErrEncrypted) {
		t.Fatalf("Read with a wrong password = %v, want ErrEncrypted", err)
	}
	src.Password = "coo"
	s := &memSink{}
	if _, err := Read(context.Background(), &src, "enc.xlsx", data, s, Limits{}); err != nil {
		t.Fatalf("Read with the password: %v", err)
	}
	if len(s.facts) != len(c.Facts) {
		t.Fatalf("%d facts, the script expects %d", len(s.facts), len(c.Facts))
	}
	for i, f := range s.facts {
		w := c.Facts[i]
		cell := coo.CellRef{Col: f.Col, Row: f.Row}.A1()
		if f.Metric != w.Metric || f.Period.String() != w.Period || f.Dims != w.Dims || f.Value != w.Value || f.Sheet != w.Sheet || cell != w.Cell {
			t.Errorf("fact %d = %s %s %s %v %s!%s, want %+v", i, f.Metric, f.Period, f.Dims, f.Value, f.Sheet, cell, w)
		}
	}
}
