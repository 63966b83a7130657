package ingest

import (
	"bytes"
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

// round7Cases reads testdata/round7/want.json, written by
// testdata/make_round7.py (openpyxl and LibreOffice) with the truth it put
// in each workbook.
func round7Cases(tb testing.TB) []layoutCase {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "round7", "want.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []layoutCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// TestRound7 is the outside testers' seventh round: total labels in other
// languages and forms, text numbers beside decimal commas, year-to-date and
// comparative columns, merged months and merged values, and -0. Each case
// compares the facts and rejects with make_round7.py's truth exactly (or the
// error that refuses the file, naming its cell), and no value loads as -0.
func TestRound7(t *testing.T) {
	cases := round7Cases(t)
	if len(cases) < 30 {
		t.Fatalf("%d cases in round7/want.json", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			src := tc.Source
			if err := src.Validate(); err != nil {
				t.Fatalf("the case's mapping: %v", err)
			}
			data, err := os.ReadFile(filepath.Join("testdata", tc.File))
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(tc.File)
			if tc.As != "" {
				name = tc.As
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
				for _, want := range append([]string{name, strconv.Quote(tc.Error.Sheet), tc.Error.Cell}, tc.Error.Contains...) {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not name %s", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var got []wantFact
			for _, f := range s.facts {
				got = append(got, wantFact{f.Metric, f.Period.String(), f.Dims, f.Value, f.Sheet, coo.ColumnName(f.Col) + strconv.Itoa(f.Row)})
				if f.Value == 0 && math.Signbit(f.Value) {
					t.Errorf("fact %s!%s loads as -0, want 0", f.Sheet, coo.ColumnName(f.Col)+strconv.Itoa(f.Row))
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
			}
			if diff := cmp.Diff(tc.Rejects, rej, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInspectRound7: coo inspect says which columns it does not read and
// why (year to date, a comparative month), sets aside an ambiguous number
// naming its cell, and refuses a merged value naming its range.
func TestInspectRound7(t *testing.T) {
	byFile := map[string]layoutCase{}
	for _, tc := range round7Cases(t) {
		byFile[filepath.Base(tc.File)] = tc
	}
	inspect := func(file string) *Inspection {
		t.Helper()
		tc := byFile[file]
		data, err := os.ReadFile(filepath.Join("testdata", tc.File))
		if err != nil {
			t.Fatal(err)
		}
		in, err := Inspect(context.Background(), &tc.Source, file, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}

	in := inspect("ytd-compare.xlsx")
	if !in.Clean() || len(in.Sheets) != 1 || len(in.Sheets[0].Headers) != 1 {
		t.Fatalf("inspect ytd-compare.xlsx: %+v", in)
	}
	want := map[string]string{"C1": "year to date", "D1": "2026-10", "E1": "year to date"}
	for _, c := range in.Sheets[0].Headers[0].Columns {
		if w, ok := want[c.Cell]; ok {
			if c.Role != RoleSkipped || !strings.Contains(c.Name, w) {
				t.Errorf("inspect ytd-compare.xlsx %s %q: %s %s, want %s ...%s...", c.Cell, c.Text, c.Role, c.Name, RoleSkipped, w)
			}
			delete(want, c.Cell)
		}
	}
	if len(want) > 0 {
		t.Errorf("inspect ytd-compare.xlsx does not list %v", want)
	}
	var b bytes.Buffer
	if err := in.WriteText(&b, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"YTD Oct-26"`) || !strings.Contains(b.String(), "not read: year to date") {
		t.Errorf("inspect ytd-compare.xlsx text does not say the YTD column is not read:\n%s", b.String())
	}

	in = inspect("comma-after.xlsx")
	n := 0
	for _, r := range in.Rejects {
		if r.Reason == "ambiguous_number" {
			n++
			if !strings.Contains(r.Message, "C2") {
				t.Errorf("inspect comma-after.xlsx: %s does not name C2, the decimal comma", r.Message)
			}
		}
	}
	if n != 2 {
		t.Errorf("inspect comma-after.xlsx: %d ambiguous numbers, want 2 (C4, C5)", n)
	}

	in = inspect("merged-wide.xlsx")
	if in.Refused == nil || in.Refused.Code() != "merged_value" || in.Refused.Cell != "B2" {
		t.Errorf("inspect merged-wide.xlsx: refused %v, want merged_value in B2", in.Refused)
	}
}

// TestTextNumberForms: which texts show a decimal comma, and which read
// two ways beside one.
func TestTextNumberForms(t *testing.T) {
	for s, want := range map[string]bool{"0,5": true, "1,25": true, "-7,1": true, "(7,1)": true, "1.234,50": true, "1.234,567": true,
		"12,3456": true, "1,234": false, "1.234": false, "1,234.5": false, "abc,5": false, ",5": false, "1,2,3": false, "5": false} {
		if got := commaDecimal(s); got != want {
			t.Errorf("commaDecimal(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"1,234": true, "12,345": true, "2.500": true, "(1.234)": true, " -1,234 ": true, "123,456%": true,
		"1234,567": false, "1,234,567": false, "1,234.5": false, "2.5": false, "1,23": false, "2500": false, "1.2345": false} {
		if got := threeAfter(s); got != want {
			t.Errorf("threeAfter(%q) = %v, want %v", s, got, want)
		}
	}
}
