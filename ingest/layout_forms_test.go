package ingest_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"coo"
	"coo/ingest"
	"coo/internal/project"
	"coo/warehouse"
)

// sink collects what a read yields.
type sink struct {
	facts   []warehouse.Fact
	rejects []warehouse.Reject
}

func (s *sink) Fact(f warehouse.Fact) error { s.facts = append(s.facts, f); return nil }
func (s *sink) Reject(r warehouse.Reject)   { s.rejects = append(s.rejects, r) }

// readCSV returns the rows of testdata/layouts/name after its header,
// grouped by their first field (the workbook).
func readCSV(t *testing.T, name string) map[string][][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "layouts", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, r := range rows[1:] {
		out[r[0]] = append(out[r[0]], r[1:])
	}
	return out
}

// TestLayoutForms reads every workbook of testdata/layouts (written by
// make_forms.py with openpyxl) through the mapping path a user takes:
// coo.yaml parsed by package project into ingest.Source, then the
// workbook read as Load reads it. The values, rejects and refusals must be
// exactly the ones the script wrote down.
func TestLayoutForms(t *testing.T) {
	dir := filepath.Join("testdata", "layouts")
	yml, err := os.ReadFile(filepath.Join(dir, "coo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := project.Parse(yml, "coo.yaml", dir)
	if err != nil {
		t.Fatalf("coo.yaml: %v", err)
	}
	expected, rejects, refused := readCSV(t, "expected.csv"), readCSV(t, "rejects.csv"), readCSV(t, "refused.csv")
	workbooks, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	seen := map[string]bool{}
	for _, src := range p.Sources {
		files, _ := filepath.Glob(filepath.Join(dir, src.Files))
		if len(files) == 0 {
			t.Errorf("source %s: no workbook matches %s", src.Name, src.Files)
		}
		for _, path := range files {
			name := filepath.Base(path)
			seen[name] = true
			t.Run(name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				s := &sink{}
				_, err = ingest.ReadGuarded(context.Background(), &src, name, data, s, ingest.Limits{})
				if want, ok := refused[name]; ok {
					checkRefused(t, name, err, want[0])
					return
				}
				if err != nil {
					t.Fatalf("Read(%s) = %v", name, err)
				}
				var got, wantFacts [][]string
				for _, f := range s.facts {
					got = append(got, []string{f.Sheet, coo.CellRef{Col: f.Col, Row: f.Row}.A1(), f.Metric, f.Period.String(), f.Dims, strconv.FormatFloat(f.Value, 'g', 12, 64)})
				}
				for _, w := range expected[name] {
					v, err := strconv.ParseFloat(w[5], 64)
					if err != nil {
						t.Fatal(err)
					}
					wantFacts = append(wantFacts, []string{w[0], w[1], w[2], w[3], w[4], strconv.FormatFloat(v, 'g', 12, 64)})
				}
				if diff := cmp.Diff(sorted(wantFacts), sorted(got)); diff != "" {
					t.Errorf("facts of %s (-want +got):\n%s", name, diff)
				}
				var rej [][]string
				for _, r := range s.rejects {
					rej = append(rej, []string{r.Sheet, r.Cell, r.Reason})
				}
				if diff := cmp.Diff(sorted(rejects[name]), sorted(rej)); diff != "" {
					t.Errorf("rejects of %s (-want +got):\n%s", name, diff)
				}
			})
		}
	}
	for _, w := range workbooks {
		if !seen[filepath.Base(w)] {
			t.Errorf("%s: no source in coo.yaml maps it", w)
		}
	}
}

// checkRefused checks a refusal against a row of refused.csv: reason,
// sheet, cell, and texts joined by |.
func checkRefused(t *testing.T, name string, err error, want []string) {
	t.Helper()
	var fe *ingest.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("Read(%s) = %v, want the file refused (%s)", name, err, want[0])
	}
	if got := ingest.ReasonCode(err); got != want[0] {
		t.Errorf("Read(%s) = %v: reason %s, want %s", name, err, got, want[0])
	}
	if fe.File != name || fe.Sheet != want[1] || fe.Cell != want[2] {
		t.Errorf("Read(%s) names %q %q %q, want %q %q %q", name, fe.File, fe.Sheet, fe.Cell, name, want[1], want[2])
	}
	for _, s := range append(strings.Split(want[3], "|"), name, strconv.Quote(want[1])) {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("Read(%s) = %q: does not say %s", name, err, s)
		}
	}
}

func sorted(rows [][]string) [][]string {
	sort.Slice(rows, func(i, j int) bool { return strings.Join(rows[i], "\x00") < strings.Join(rows[j], "\x00") })
	return rows
}

// gridWords are the cells FuzzWideGrid builds sheets from: headers, labels,
// months in every form, years, totals, members and numbers. "?" is the
// fuzzed text; "#" a number.
var gridWords = []string{"", "Channel", "Measure", "Region", "Product", "Spend", "Leads", "Units", "Returns", "Spend (CNY)", "LEADS:",
	"Jan 2026", "Feb 2026", "2026-03", "Jan", "Feb", "1月", "2月", "2025", "2026", "Total", "Totals", "Total spend", "FY total",
	"Q1 total", "H1 total", "Grand total", "合计", "小计", "华东小计", "All channels", "Notes", "Search", "Social", "华东", "Fan",
	"Spend and leads by channel", "#N/A", "?", "#"}

// gridSheet builds sheet XML from grid: each byte a cell (its word, by
// index), rows of width cells; numbers take the byte's value.
func gridSheet(grid []byte, width int, extra string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;")
	var b strings.Builder
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 0; r*width < len(grid) && r < 40; r++ {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c := 0; c < width && r*width+c < len(grid); c++ {
			x := grid[r*width+c]
			w := gridWords[int(x)%len(gridWords)]
			ref := coo.CellRef{Col: c + 1, Row: r + 1}.A1()
			switch {
			case w == "":
			case w == "#":
				fmt.Fprintf(&b, `<c r="%s"><v>%g</v></c>`, ref, float64(x)/4)
			case w == "2025" && x%2 == 0:
				fmt.Fprintf(&b, `<c r="%s"><v>2025</v></c>`, ref)
			default:
				if w == "?" {
					w = extra
				}
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, esc.Replace(w))
			}
		}
		b.WriteString("</row>")
	}
	b.WriteString("</sheetData></worksheet>")
	return b.String()
}

// FuzzWideGrid: sheets built from the words of every wide form, in any
// arrangement, read with every mapping of testdata/layouts/coo.yaml. Read
// never panics; every value is finite with a month and a cell; no key is
// given twice; a refusal names the file; reading twice gives the same.
func FuzzWideGrid(f *testing.F) {
	yml, err := os.ReadFile(filepath.Join("testdata", "layouts", "coo.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	p, err := project.Parse(yml, "coo.yaml", ".")
	if err != nil {
		f.Fatal(err)
	}
	idx := map[string]byte{}
	for i, w := range gridWords {
		idx[w] = byte(i)
	}
	seed := func(rows ...[]string) []byte {
		var g []byte
		for _, r := range rows {
			for c := 0; c < 6; c++ {
				w := ""
				if c < len(r) {
					w = r[c]
				}
				g = append(g, idx[w])
			}
		}
		return g
	}
	f.Add(seed([]string{"Spend and leads by channel"}, []string{"Leads"}, []string{"Channel", "Jan 2026", "Feb 2026", "2026-03", "FY total"},
		[]string{"Search", "#", "#", "#", "#"}, []string{"Total", "#", "#", "#", "#"}, nil, []string{"Spend (CNY)"},
		[]string{"Channel", "Jan 2026", "Feb 2026"}, []string{"Social", "#", "#"}), "x", uint8(0))
	f.Add(seed([]string{"Channel", "Jan 2026", "Feb 2026"}, []string{"Spend"}, []string{"Search", "#", "#"}, []string{"Total spend", "#", "#"},
		[]string{"Leads"}, []string{"Search", "#", "#"}, []string{"Totals", "#", "#"}), "", uint8(1))
	f.Add(seed([]string{"Spend", "Jan 2026", "Feb 2026", "Q1 total", "H1 total"}, []string{"Search", "#", "#", "#", "#"},
		[]string{"LEADS:", "Jan 2026", "Feb 2026"}, []string{"Social", "#", "#"}), "Search", uint8(2))
	f.Add(seed([]string{"Channel", "Measure", "Jan 2026", "Feb 2026"}, []string{"Search", "Spend", "#", "#"}, []string{"Search", "Leads", "#", "#"},
		[]string{"Total", "Spend", "#", "#"}, []string{"Social", "?", "#", "#"}), "Clicks", uint8(3))
	f.Add(seed([]string{"Units"}, []string{"", "", "2025", "", "2026"}, []string{"Region", "Product", "Jan", "Total", "1月", "2月"},
		[]string{"华东", "Fan", "#", "#", "#", "#"}, []string{"华东小计", "", "#", "#", "#", "#"}, []string{"合计", "", "#", "#", "#", "#"},
		[]string{"Returns"}, []string{"", "", "2026"}, []string{"Region", "Product", "Jan", "Feb"}, []string{"华东", "Fan", "#", "#"}), "", uint8(4))
	f.Add(seed([]string{"Channel", "Jan 2026", "Feb 2026"}, []string{"Search", "#", "#"}, []string{"All channels", "#", "#"},
		[]string{"Search", "#N/A", "#"}), "", uint8(5))
	f.Fuzz(func(t *testing.T, grid []byte, extra string, pick uint8) {
		if len(grid) > 6*40 || len(extra) > 200 {
			t.Skip()
		}
		src := p.Sources[int(pick)%len(p.Sources)]
		data := ingest.Book(t, gridSheet(grid, 6, extra))
		read := func() (*sink, error) {
			s := &sink{}
			_, err := ingest.ReadGuarded(context.Background(), &src, "grid.xlsx", data, s, ingest.Limits{})
			return s, err
		}
		s, err := read()
		if errors.Is(err, ingest.ErrInternal) {
			t.Fatalf("Read panicked: %v", err)
		}
		var fe *ingest.FileError
		if err != nil && (!errors.As(err, &fe) || fe.File != "grid.xlsx") {
			t.Fatalf("Read = %v, want a *FileError naming grid.xlsx", err)
		}
		keys := map[string]bool{}
		for _, f := range s.facts {
			if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) || f.Row < 1 || f.Col < 1 || f.Sheet == "" ||
				f.Period.Year() < coo.MinYear || f.Period.Year() > coo.MaxYear {
				t.Fatalf("bad fact %+v", f)
			}
			k := f.Metric + "|" + f.Period.String() + "|" + f.Dims
			if keys[k] && err == nil {
				t.Fatalf("%s given twice and the file loaded", k)
			}
			keys[k] = true
		}
		s2, err2 := read()
		if len(s2.facts) != len(s.facts) || len(s2.rejects) != len(s.rejects) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("two reads differ: %d facts, %d rejects, %v; then %d, %d, %v", len(s.facts), len(s.rejects), err, len(s2.facts), len(s2.rejects), err2)
		}
	})
}
