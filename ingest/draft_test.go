package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"coo"
	"coo/ingest"
	"coo/internal/project"
)

// draftCase is a kind of sample of testdata/inspect/draft.want.json: what
// make_inspect.py put in the workbooks and the mapping a person would write.
type draftCase struct {
	Name, Files, Layout string
	Period              map[string]any
	Sheet               *string
	Dims, Measures      []string
	Samples             []struct {
		File  string
		Facts []struct {
			Cell, Measure, Period string
			Dims                  map[string]string
			Value                 float64
		}
	}
}

// TestDraft drafts a project file from the samples of make_inspect.py, parses
// it as coo.yaml, and reads every sample with the drafted sources: each must
// read without a reject, and load exactly the values the script wrote, in
// their cells (checked against its measure and dimension headers, whatever
// the draft named them).
func TestDraft(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "inspect", "draft.want.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []draftCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "inspect", "draft")
	var samples []ingest.Sample
	for _, c := range cases {
		for _, s := range c.Samples {
			data, err := os.ReadFile(filepath.Join(dir, s.File))
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, ingest.Sample{Name: filepath.Join(dir, s.File), Data: data})
		}
	}
	drafts, err := ingest.Draft(context.Background(), samples, ingest.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	text := project.Draft(dir, drafts)
	p, err := project.Parse(text, "coo.yaml", dir)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, text)
	}
	if len(p.Sources) != len(cases) {
		t.Fatalf("%d sources drafted, want %d\n%s", len(p.Sources), len(cases), text)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			src := p.Source(c.Name)
			if src == nil {
				t.Fatalf("no source %s in the draft:\n%s", c.Name, text)
			}
			if src.Files != c.Files {
				t.Errorf("files = %q, want %q", src.Files, c.Files)
			}
			if got := string(src.Layout); got != c.Layout && !(got == "" && c.Layout == "long") {
				t.Errorf("layout = %q, want %q", got, c.Layout)
			}
			var period string
			switch {
			case src.Period.Column != nil:
				period = "column " + src.Period.Column.Header
			case src.Period.Sheet:
				period = "sheet_name"
			case src.Period.FileName:
				period = "file_name"
			}
			var want string
			for k, v := range c.Period {
				if k == "column" {
					want = fmt.Sprintf("column %v", v)
				} else {
					want = k
				}
			}
			if period != want {
				t.Errorf("period = %q, want %q", period, want)
			}
			switch {
			case c.Sheet == nil && len(src.Sheets.Names) > 0:
				t.Errorf("sheet = %q, want every matching sheet", src.Sheets.Names)
			case c.Sheet != nil && (len(src.Sheets.Names) != 1 || src.Sheets.Names[0] != *c.Sheet):
				t.Errorf("sheet = %q, want %q", src.Sheets.Names, *c.Sheet)
			}
			var dims []string
			headerOf := map[string]string{} // name -> header
			for _, d := range src.Dimensions {
				dims = append(dims, d.Header)
				headerOf[d.Name] = d.Header
			}
			if d := cmp.Diff(c.Dims, dims); d != "" {
				t.Errorf("dimensions (-want +got):\n%s", d)
			}
			var measures []string
			for _, m := range src.Measures {
				h := m.Header
				if src.Layout == ingest.Wide {
					h = m.Name
				}
				measures = append(measures, h)
				headerOf[m.Name] = h
			}
			if d := cmp.Diff(c.Measures, measures); d != "" {
				t.Errorf("measures (-want +got):\n%s", d)
			}
			for _, smp := range c.Samples {
				if ok, _ := filepath.Match(filepath.FromSlash(src.Files), smp.File); !ok {
					t.Errorf("the glob %q does not match the sample %q", src.Files, smp.File)
				}
				data, _ := os.ReadFile(filepath.Join(dir, smp.File))
				var s sink
				if _, err := ingest.ReadGuarded(context.Background(), src, smp.File, data, &s, ingest.Limits{}); err != nil {
					t.Fatalf("read %s with the draft: %v", smp.File, err)
				}
				for _, r := range s.rejects {
					t.Errorf("%s: %s!%s set aside: %s", smp.File, r.Sheet, r.Cell, r.Message)
				}
				var got, want []string
				for _, f := range s.facts {
					var ds []string
					for _, d := range strings.Split(f.Dims, ";") {
						k, v, _ := strings.Cut(d, "=")
						ds = append(ds, headerOf[k]+"="+v)
					}
					sort.Strings(ds)
					got = append(got, fmt.Sprintf("%s%d %s %s %s %v", coo.ColumnName(f.Col), f.Row, headerOf[f.Metric], f.Period, strings.Join(ds, ";"), f.Value))
				}
				for _, f := range smp.Facts {
					var ds []string
					for k, v := range f.Dims {
						ds = append(ds, k+"="+v)
					}
					sort.Strings(ds)
					want = append(want, fmt.Sprintf("%s %s %s %s %v", f.Cell, f.Measure, f.Period, strings.Join(ds, ";"), f.Value))
				}
				sort.Strings(got)
				sort.Strings(want)
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s: values read with the draft (-want +got):\n%s", smp.File, d)
				}
			}
		})
	}
}

// TestDraftNoTable: a workbook with no table is named, with why.
func TestDraftNoTable(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Just a note")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := ingest.Draft(context.Background(), []ingest.Sample{{Name: "notes.xlsx", Data: buf.Bytes()}}, ingest.Limits{})
	if err == nil || !strings.Contains(err.Error(), "notes.xlsx") || ingest.ReasonCode(err) != "no_header" {
		t.Errorf("Draft(a note) = %v, want a no_header error naming notes.xlsx", err)
	}
}

// FuzzDraft drafts from random grids of labels, numbers, months, totals and
// blanks: never a panic, and every source drafted validates, parses back
// from the project file and reads its sample without refusing it for a
// reason the mapping itself causes (no header); any refusal (such as a mapped
// header twice in a row above the table) is said in the draft's comments.
func FuzzDraft(f *testing.F) {
	for _, seed := range []int64{1, 2, 3, 12, 42, 1234, 1071} { // 12: a mapped header twice in the header row; 1071: twice in a row above it
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed int64) {
		rng := rand.New(rand.NewSource(seed))
		x := excelize.NewFile()
		words := []string{"Region", "Month", "Total", "Units", "Jan 2026", "Feb 2026", "2026-10", "North", "合计", "", " ", "Notes", "Revenue (CNY)", "1,234", "(12)", "#N/A", "Oct 2026", "Spend", "=", "a:b", "yes"}
		rows, cols := 1+rng.Intn(12), 1+rng.Intn(7)
		for r := 1; r <= rows; r++ {
			for c := 1; c <= cols; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				switch rng.Intn(5) {
				case 0:
					x.SetCellValue("Sheet1", cell, words[rng.Intn(len(words))])
				case 1, 2:
					x.SetCellValue("Sheet1", cell, rng.Intn(1000))
				case 3:
					x.SetCellValue("Sheet1", cell, fmt.Sprintf("Head %d", c))
				}
			}
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Skip()
		}
		name := fmt.Sprintf("book-2026-%02d.xlsx", 1+rng.Intn(12))
		drafts, err := ingest.Draft(context.Background(), []ingest.Sample{{Name: name, Data: buf.Bytes()}}, ingest.Limits{})
		if err != nil {
			if ingest.ReasonCode(err) == "internal" {
				t.Fatalf("Draft: %v", err)
			}
			return
		}
		for _, d := range drafts {
			if err := d.Source.Validate(); err != nil {
				t.Fatalf("drafted source does not validate: %v", err)
			}
		}
		text := project.Draft(".", drafts)
		p, err := project.Parse(text, "coo.yaml", ".")
		if err != nil {
			t.Fatalf("the draft does not parse: %v\n%s", err, text)
		}
		var s sink
		_, err = ingest.Read(context.Background(), &p.Sources[0], name, buf.Bytes(), &s, ingest.Limits{})
		if c := ingest.ReasonCode(err); err != nil && (c == "no_header" || c == "internal") {
			t.Fatalf("the drafted source cannot read its own sample: %v\n%s", err, text)
		}
		if err != nil && !bytes.Contains(text, []byte("would be refused")) {
			t.Fatalf("the sample is refused (%v), and the draft does not say so:\n%s", err, text)
		}
	})
}

// TestDraftLeavesOutTotalsAndIDs: number columns headed as a total, an
// identifier or a calendar field are not drafted as measures (found from
// outside: a draft mapped Total, Year, Month and Store ID as measures, and
// with the draft unchanged they loaded, exit 0); each is named under
// "check". A workbook written by excelize.
func TestDraftLeavesOutTotalsAndIDs(t *testing.T) {
	d := draftRows(t, "inbox/stores-2026-10.xlsx", [][]any{{"Period", "Year", "Month", "Quarter", "Week", "Store ID", "Store", "Online", "Stores", "Total"},
		{"2026-10", 2026, 10, 4, 41, 101, "Pudong", 10, 20, 30},
		{"2026-10", 2026, 10, 4, 42, 102, "Minhang", 5, 6, 11}})
	var got []string
	for _, m := range d.Source.Measures {
		got = append(got, m.Header)
	}
	if want := []string{"Online", "Stores"}; !slices.Equal(got, want) {
		t.Errorf("measures %q, want %q", got, want)
	}
	checks := strings.Join(d.Notes["check"], "\n")
	for _, h := range []string{`"Total" is a total column`, `"Year" holds numbers`, `"Month" holds numbers`, `"Quarter" holds numbers`, `"Week" holds numbers`, `"Store ID" holds numbers`} {
		if !strings.Contains(checks, h) {
			t.Errorf("checks %q: want %s", checks, h)
		}
	}
}

// TestDraftLabelAboveNotHeader: "Month:" and "Oct 2026" above the table are
// the month and its label, not the header (a draft took them for one: a
// dimension "month" of the departments, one measure "oct_2026"; found from
// outside). A workbook written by excelize.
func TestDraftLabelAboveNotHeader(t *testing.T) {
	src := draftRows(t, "inbox/hr.xlsx", [][]any{{"Month:", "Oct 2026"}, {}, {"Department", "Headcount", "Hires", "Leavers"}, {"Sales", 40, 2, 1}, {"Ops", 30, 1, 0}}).Source
	var got []string
	for _, m := range src.Measures {
		got = append(got, m.Header)
	}
	if want := []string{"Headcount", "Hires", "Leavers"}; !slices.Equal(got, want) || len(src.Dimensions) != 1 || src.Dimensions[0].Header != "Department" {
		t.Errorf("measures %q, dimensions %+v; want %q by Department", got, src.Dimensions, want)
	}
	if src.Period.Label != "Month:" {
		t.Errorf("period %+v, want the label \"Month:\"", src.Period)
	}
}

// draftRows drafts a source from one sample, name, whose first sheet
// excelize writes with rows from A1 down.
func draftRows(t *testing.T, name string, rows [][]any) ingest.DraftSource {
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
	drafts, err := ingest.Draft(context.Background(), []ingest.Sample{{Name: name, Data: buf.Bytes()}}, ingest.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 1 {
		t.Fatalf("%d drafts, want 1", len(drafts))
	}
	return drafts[0]
}
