package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"coo"
	"coo/ingest"
	"coo/internal/project"
)

// inspectCase is one workbook of testdata/inspect/inspect.want.json, whose
// truth make_inspect.py wrote beside the cells it put in the workbook.
type inspectCase struct {
	File   string
	Exit   int
	Sheets []struct {
		Name string
		Read bool
		Why  string
	}
	Sheet  string
	Header *struct {
		Row     int
		Columns []struct{ Cell, Role, Name string }
	}
	Period *struct{ Cell, Period string }
	Blocks []struct {
		Header  int
		Measure string
		Label   string
	}
	Skipped []struct {
		Row, To    int
		Why, Label string
	}
	Totals []struct {
		Where, Label   string
		Cells, Checked int
		OK             bool
	}
	Values []struct {
		Cell, Measure, Period, Dims string
		Value                       float64
	}
	Rejects []struct{ Cell, Reason string }
	Refused *struct{ Reason, Cell string }
}

func loadInspectCases(tb testing.TB) []inspectCase {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "inspect", "inspect.want.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []inspectCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// TestInspect reads each fixture of make_inspect.py with Inspect and checks
// every part of the report against the script's truth: the sheets and why
// any is skipped, the header cells and their roles, the month's cell, the
// blocks and the cells whose labels named them, every row that is not data
// and why, the totals, every value with its cell, and every cell set aside.
func TestInspect(t *testing.T) {
	p, err := project.Load(filepath.Join("testdata", "inspect"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range loadInspectCases(t) {
		t.Run(tc.File, func(t *testing.T) {
			src, name, err := ingest.FindSource(p.Sources, p.Dir, filepath.Join(p.Dir, tc.File))
			if err != nil {
				t.Fatal(err)
			}
			if name != tc.File {
				t.Errorf("FindSource name = %q, want %q", name, tc.File)
			}
			data, err := os.ReadFile(filepath.Join(p.Dir, tc.File))
			if err != nil {
				t.Fatal(err)
			}
			in, err := ingest.Inspect(context.Background(), src, name, data, ingest.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.Refused != nil {
				if in.Refused == nil {
					t.Fatalf("Inspect(%s).Refused = nil, want %s in %s", tc.File, tc.Refused.Reason, tc.Refused.Cell)
				}
				if in.Refused.Code() != tc.Refused.Reason || in.Refused.Cell != tc.Refused.Cell {
					t.Errorf("Inspect(%s).Refused = %s in %s, want %s in %s", tc.File, in.Refused.Code(), in.Refused.Cell, tc.Refused.Reason, tc.Refused.Cell)
				}
				return
			}
			if in.Refused != nil {
				t.Fatalf("Inspect(%s) refused: %v", tc.File, in.Refused)
			}
			type sheetRow struct {
				Name string
				Read bool
			}
			var gotSheets, wantSheets []sheetRow
			for _, s := range in.Sheets {
				gotSheets = append(gotSheets, sheetRow{s.Name, s.Read})
			}
			for _, s := range tc.Sheets {
				wantSheets = append(wantSheets, sheetRow{s.Name, s.Read})
			}
			if d := cmp.Diff(wantSheets, gotSheets); d != "" {
				t.Errorf("sheets (-want +got):\n%s", d)
			}
			var s *ingest.SheetInspection
			for _, x := range in.Sheets {
				if x.Name == tc.Sheet {
					s = x
				}
			}
			if s == nil {
				t.Fatalf("no sheet %q in the inspection", tc.Sheet)
			}
			if len(s.Headers) == 0 {
				t.Fatalf("sheet %q: no header", tc.Sheet)
			}
			h := s.Headers[0]
			if h.Row != tc.Header.Row {
				t.Errorf("header row = %d, want %d", h.Row, tc.Header.Row)
			}
			type col struct{ Cell, Role, Name string }
			var gotCols, wantCols []col
			for _, c := range h.Columns {
				gotCols = append(gotCols, col{c.Cell, c.Role, c.Name})
			}
			for _, c := range tc.Header.Columns {
				wantCols = append(wantCols, col{c.Cell, c.Role, c.Name})
			}
			if d := cmp.Diff(wantCols, gotCols); d != "" {
				t.Errorf("header columns (-want +got):\n%s", d)
			}
			switch {
			case tc.Period == nil && s.Period != nil:
				t.Errorf("month from %s, want each row's or column's", s.Period.From)
			case tc.Period != nil && s.Period == nil:
				t.Errorf("no month source, want %s", tc.Period.Cell)
			case tc.Period != nil && (s.Period.Cell != tc.Period.Cell || s.Period.Period.String() != tc.Period.Period):
				t.Errorf("month %s from %s, want %s from %s", s.Period.Period, s.Period.Cell, tc.Period.Period, tc.Period.Cell)
			}
			type block struct {
				Header         int
				Measure, Label string
			}
			var gotBlocks, wantBlocks []block
			for _, b := range s.Blocks {
				gotBlocks = append(gotBlocks, block{b.Header, b.Measure, b.Label})
			}
			for _, b := range tc.Blocks {
				wantBlocks = append(wantBlocks, block{b.Header, b.Measure, b.Label})
			}
			if d := cmp.Diff(wantBlocks, gotBlocks); d != "" {
				t.Errorf("blocks (-want +got):\n%s", d)
			}
			type skip struct {
				Row, To    int
				Why, Label string
			}
			var gotSkip, wantSkip []skip
			for _, r := range s.Skipped {
				gotSkip = append(gotSkip, skip{r.Row, r.ToRow, r.Why, r.Label})
			}
			for _, r := range tc.Skipped {
				wantSkip = append(wantSkip, skip{r.Row, r.To, r.Why, r.Label})
			}
			if d := cmp.Diff(wantSkip, gotSkip); d != "" {
				t.Errorf("rows not data (-want +got):\n%s", d)
			}
			type total struct {
				Where, Label   string
				Cells, Checked int
				OK             bool
			}
			var gotTot, wantTot []total
			for _, x := range s.Totals {
				gotTot = append(gotTot, total{x.Where(), x.Label, x.Cells, x.Checked, x.OK()})
			}
			for _, x := range tc.Totals {
				wantTot = append(wantTot, total{x.Where, x.Label, x.Cells, x.Checked, x.OK})
			}
			if d := cmp.Diff(wantTot, gotTot); d != "" {
				t.Errorf("totals (-want +got):\n%s", d)
			}
			if s.Values != len(tc.Values) || in.Values != len(tc.Values) {
				t.Errorf("values = %d (file %d), want %d", s.Values, in.Values, len(tc.Values))
			}
			want := tc.Values
			if len(want) > ingest.FirstValues {
				want = want[:ingest.FirstValues]
			}
			var gotVals, wantVals []string
			for _, f := range s.First {
				gotVals = append(gotVals, fmt.Sprintf("%s%d %s %s %s %v", coo.ColumnName(f.Col), f.Row, f.Metric, f.Period, f.Dims, f.Value))
			}
			for _, v := range want {
				wantVals = append(wantVals, fmt.Sprintf("%s %s %s %s %v", v.Cell, v.Measure, v.Period, v.Dims, strconv.FormatFloat(v.Value, 'g', -1, 64)))
			}
			if d := cmp.Diff(wantVals, gotVals); d != "" {
				t.Errorf("first values (-want +got):\n%s", d)
			}
			var gotRej, wantRej []string
			for _, r := range in.Rejects {
				gotRej = append(gotRej, r.Sheet+"!"+r.Cell+" "+r.Reason)
			}
			for _, r := range tc.Rejects {
				wantRej = append(wantRej, tc.Sheet+"!"+r.Cell+" "+r.Reason)
			}
			if d := cmp.Diff(wantRej, gotRej); d != "" {
				t.Errorf("rejects (-want +got):\n%s", d)
			}
			if in.Clean() != (tc.Exit == 0) {
				t.Errorf("Clean() = %v, want exit %d", in.Clean(), tc.Exit)
			}
		})
	}
}

// TestInspectMatchesRead: inspecting reads exactly what Read reads.
func TestInspectMatchesRead(t *testing.T) {
	p, err := project.Load(filepath.Join("testdata", "inspect"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range loadInspectCases(t) {
		src, name, err := ingest.FindSource(p.Sources, p.Dir, filepath.Join(p.Dir, tc.File))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(p.Dir, tc.File))
		var s sink
		st, rerr := ingest.Read(context.Background(), src, name, data, &s, ingest.Limits{})
		in, err := ingest.Inspect(context.Background(), src, name, data, ingest.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if (rerr != nil) != (in.Refused != nil) {
			t.Errorf("%s: Read error %v, Inspect refused %v", tc.File, rerr, in.Refused)
		}
		if rerr == nil && (st.Facts != in.Values || st.Rejects != len(in.Rejects)) {
			t.Errorf("%s: Read %d values %d rejects, Inspect %d and %d", tc.File, st.Facts, st.Rejects, in.Values, len(in.Rejects))
		}
	}
}

func TestFindSource(t *testing.T) {
	srcs := []ingest.Source{{Name: "a", Files: "in/a-*.xlsx"}, {Name: "b", Files: "in/*.xlsx"}, {Name: "c", Files: "/abs/c.xlsx"}}
	for _, tc := range []struct {
		file, want, name string
		err              bool
	}{
		{file: "proj/in/x.xlsx", want: "b", name: "in/x.xlsx"},
		{file: "proj/in/a-1.xlsx", err: true}, // both a and b
		{file: "/abs/c.xlsx", want: "c", name: "/abs/c.xlsx"},
		{file: "proj/other/x.xlsx", err: true},
	} {
		s, name, err := ingest.FindSource(srcs, "proj", tc.file)
		if tc.err {
			if err == nil {
				t.Errorf("FindSource(%q) = %s, want an error", tc.file, s.Name)
			}
			continue
		}
		if err != nil || s.Name != tc.want || name != tc.name {
			t.Errorf("FindSource(%q) = %v, %q, %v; want %s, %q", tc.file, s, name, err, tc.want, tc.name)
		}
	}
}
