package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// round7Cases reads testdata/round7/want.json, written by
// testdata/make_round7.py (openpyxl and LibreOffice) with the truth it put
// in each workbook.
func round7Cases(tb testing.TB) []layoutCase {
	return loadCases(tb, filepath.Join("testdata", "round7", "want.json"))
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
		t.Run(tc.Name, func(t *testing.T) { checkLayoutCase(t, tc, filepath.Base(tc.File)) })
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
