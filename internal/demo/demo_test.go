package demo

import (
	"archive/zip"
	"bytes"
	"coo/internal/project"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo"
)

var (
	genOnce sync.Once
	genCo   *Company
	genErr  error
)

// company returns the default demo company, generated once for all tests.
func company(t testing.TB) *Company {
	t.Helper()
	genOnce.Do(func() { genCo, genErr = Generate(Options{}) })
	if genErr != nil {
		t.Fatalf("Generate(Options{}): %v", genErr)
	}
	return genCo
}

func openBook(t testing.TB, f File) *excelize.File {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("open %s: %v", f.Path, err)
	}
	return x
}

func fileByPath(t testing.TB, c *Company, p string) File {
	t.Helper()
	for _, f := range c.Files {
		if f.Path == p {
			return f
		}
	}
	t.Fatalf("no file %s", p)
	return File{}
}

// parseNumber reads a number as departments type it: " 3,294 ", "1,234.50",
// "(1,200)", "8.5%". It is the test's own reader, independent of ingest.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	pct := strings.HasSuffix(s, "%")
	s = strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", "")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if pct {
		v /= 100
	}
	if neg {
		v = -v
	}
	return v, nil
}

// serialPeriod converts an Excel date serial to its month.
func serialPeriod(serial float64, date1904 bool) coo.Period {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d := base.AddDate(0, 0, int(serial))
	return coo.NewPeriod(d.Year(), int(d.Month()))
}

func is1904(x *excelize.File) bool {
	p, err := x.GetWorkbookProps()
	return err == nil && p.Date1904 != nil && *p.Date1904
}

// cellPeriod reads a month written as a date or as text in any of the demo's forms.
func cellPeriod(x *excelize.File, sheet, cell string) (coo.Period, error) {
	raw, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, err
	}
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		return serialPeriod(v, is1904(x)), nil
	}
	for _, layout := range []string{"2006-01", "Jan 2006", "Jan06", "Jan-2006", "January 2006"} {
		if d, err := time.Parse(layout, raw); err == nil {
			return coo.NewPeriod(d.Year(), int(d.Month())), nil
		}
	}
	var y, m int
	if _, err := fmt.Sscanf(raw, "%d年%d月", &y, &m); err == nil {
		return coo.NewPeriod(y, m), nil
	}
	return 0, fmt.Errorf("%s!%s: %q is not a month", sheet, cell, raw)
}

func raw(t testing.TB, x *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func TestDeterministic(t *testing.T) {
	a := company(t)
	b, err := Generate(Options{Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("second run: %d files, first %d", len(b.Files), len(a.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("file %d (%s) differs between runs", i, a.Files[i].Path)
		}
	}
	if !bytes.Equal(a.ProjectFile, b.ProjectFile) {
		t.Error("project file differs between runs")
	}
	if !bytes.Equal(a.Truth.FactsCSV(), b.Truth.FactsCSV()) {
		t.Error("facts differ between runs")
	}
	if !slices.IsSortedFunc(a.Files, func(x, y File) int { return strings.Compare(x.Path, y.Path) }) {
		t.Error("files not sorted by path")
	}
}

// TestFixedTimes checks that no clock time leaks into the files: every zip
// entry and the document properties carry the period's report time.
func TestFixedTimes(t *testing.T) {
	for _, f := range company(t).Files {
		zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		var when time.Time
		for _, e := range zr.File {
			if e.Modified.IsZero() || e.Modified.Year() < 2023 || e.Modified.Year() > 2026 {
				t.Errorf("%s: %s modified %v", f.Path, e.Name, e.Modified)
			}
			if when.IsZero() {
				when = e.Modified
			} else if !e.Modified.Equal(when) {
				t.Errorf("%s: %s modified %v, others %v", f.Path, e.Name, e.Modified, when)
			}
		}
		x := openBook(t, f)
		props, err := x.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(props.Modified, when.UTC().Format("2006-01-02T15:04")) {
			t.Errorf("%s: modified %q, zip entries %v", f.Path, props.Modified, when)
		}
		if !strings.HasPrefix(props.Created, "202") {
			t.Errorf("%s: created %q", f.Path, props.Created)
		}
	}
}

func TestSeedChangesNumbers(t *testing.T) {
	a := company(t)
	b, err := Generate(Options{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Truth.Facts) != len(b.Truth.Facts) {
		t.Fatalf("seed 2: %d facts, seed 1: %d", len(b.Truth.Facts), len(a.Truth.Facts))
	}
	differ := 0
	for i := range a.Truth.Facts {
		if a.Truth.Facts[i].Value != b.Truth.Facts[i].Value {
			differ++
		}
	}
	if differ < len(a.Truth.Facts)/2 {
		t.Errorf("seed 2 changes %d of %d values, want at least half", differ, len(a.Truth.Facts))
	}
	if !bytes.Equal(a.ProjectFile, b.ProjectFile) {
		t.Error("the project file depends on the seed")
	}
	if bytes.Equal(a.Files[0].Data, b.Files[0].Data) {
		t.Errorf("%s is the same for seeds 1 and 2", a.Files[0].Path)
	}
}

// headerOf says where a source's measure header is and how it reads.
var headerOf = map[string]struct {
	row   int
	names map[string]string
}{
	"finance":      {1, map[string]string{"budget": "Budget", "actual": "Actual"}},
	"hr":           {1, map[string]string{"headcount": "Headcount", "hires": "Hires", "leavers": "Leavers", "training_hours": "Training hours"}},
	"sales":        {6, map[string]string{"units": "Units", "revenue": "Revenue", "adjustments": "Adjustments", "discount": "Discount"}},
	"sales_budget": {5, map[string]string{"revenue_budget": "Revenue budget"}},
	"sales_reps":   {3, map[string]string{"revenue": "Revenue", "quota": "Quota", "new_customers": "New customers", "complaints": "Complaints"}},
	"rd":           {4, map[string]string{"planned_tasks": "计划任务", "done_tasks": "完成任务", "defects": "缺陷数"}},
}

// dimColumns says which column holds each dimension, by source.
var dimColumns = map[string][]int{
	"finance": {2}, "hr": {2}, "sales": {2, 3}, "sales_budget": {2}, "sales_reps": {2, 3}, "marketing": {2}, "rd": {1},
}

// TestFactsReadBack opens every workbook and checks that each fact's cell
// holds its value, under the right header, in the row of its dimensions and
// in a sheet of its period; and that no cell holds two facts.
func TestFactsReadBack(t *testing.T) {
	c := company(t)
	tr := &c.Truth
	seen := map[string]bool{}
	computable := map[string]bool{}
	for _, n := range tr.Notes {
		if strings.Contains(n.What, "plain arithmetic") {
			computable[n.File+"|"+n.Sheet+"|"+n.Ref] = true
		}
	}
	books := map[string]*excelize.File{}
	for _, f := range c.Files {
		books[f.Path] = openBook(t, f)
	}
	for _, p := range tr.Problems {
		key := p.File + "|" + p.Sheet + "|" + p.Cell
		if seen[key] {
			t.Errorf("problem cell %s listed twice", key)
		}
		seen[key] = true
	}
	counts := map[string]int{}
	for _, fa := range tr.Facts {
		key := fa.File + "|" + fa.Sheet + "|" + fa.Cell
		if seen[key] {
			t.Errorf("cell %s holds two facts (or a fact and a problem)", key)
		}
		seen[key] = true
		counts[fa.Source]++
		x := books[fa.File]
		if x == nil {
			t.Fatalf("fact in unknown file %s", fa.File)
		}
		// The value.
		s := raw(t, x, fa.Sheet, fa.Cell)
		var got float64
		if s == "" && computable[key] {
			formula, err := x.GetCellFormula(fa.Sheet, fa.Cell)
			if err != nil || formula == "" {
				t.Errorf("%s: empty cell without a formula", key)
				continue
			}
			for _, term := range strings.Split(formula, "+") {
				v, err := strconv.ParseFloat(term, 64)
				if err != nil {
					t.Errorf("%s: formula %q is not a sum of numbers", key, formula)
				}
				got += v
			}
		} else {
			v, err := parseNumber(s)
			if err != nil {
				t.Errorf("%s: %q: %v", key, s, err)
				continue
			}
			got = v
		}
		tol := 0.0
		if strings.HasSuffix(strings.TrimSpace(s), "%") {
			tol = 1e-12 // "8.3%" parses to 8.3/100, one ulp from 0.083
		}
		if math.Abs(got-fa.Value) > tol {
			t.Errorf("%s (%s %s %s %s): cell reads %q = %v, truth %v", key, fa.Source, fa.Measure, fa.Period, coo.FormatDims(fa.Dims), s, got, fa.Value)
		}

		col, row, err := coo.ParseA1(fa.Cell)
		if err != nil {
			t.Fatal(err)
		}
		// The header above it.
		if fa.Source == "marketing" {
			title, head := mktSpendTitle, mktSpendHead
			if fa.Measure == "leads" {
				title, head = mktLeadsTitle, mktLeadsHead
			}
			if row <= head || row > head+4 {
				t.Errorf("%s: %s fact outside its block (header row %d)", key, fa.Measure, head)
			}
			// The block's label: in the row above its header, with
			// "Channel" in the header; from FY2026 in the header's first
			// cell, where "Channel" was, with the row above blank.
			label, other, otherWant := ref(2, title), ref(2, head), "Channel"
			if (coo.Calendar{FirstMonth: tr.Params.FiscalStart}).FiscalYear(fa.Period) >= mktHeaderLabelFrom {
				label, other, otherWant = ref(2, head), ref(2, title), ""
			}
			if got := raw(t, x, fa.Sheet, label); !strings.HasPrefix(strings.ToLower(got), fa.Measure) {
				t.Errorf("%s: block label %s reads %q, want %s", key, label, got, fa.Measure)
			}
			if got := raw(t, x, fa.Sheet, other); got != otherWant {
				t.Errorf("%s: %s reads %q, want %q", key, other, got, otherWant)
			}
			if p, err := cellPeriod(x, fa.Sheet, ref(col, head)); err != nil || p != fa.Period {
				t.Errorf("%s: month header says %v (%v), truth %s", key, p, err, fa.Period)
			}
		} else {
			h := headerOf[fa.Source]
			if got := strings.TrimSpace(raw(t, x, fa.Sheet, ref(col, h.row))); !strings.EqualFold(got, h.names[fa.Measure]) {
				t.Errorf("%s: header %q, want %q", key, got, h.names[fa.Measure])
			}
		}
		// The dimensions in its row; a merged region is read from the top cell.
		for i, dc := range dimColumns[fa.Source] {
			r := row
			v := raw(t, x, fa.Sheet, ref(dc, r))
			for v == "" && r > 1 {
				r--
				v = raw(t, x, fa.Sheet, ref(dc, r))
			}
			if strings.TrimSpace(v) != fa.Dims[i].Value {
				t.Errorf("%s: %s reads %q, truth %q", key, fa.Dims[i].Key, v, fa.Dims[i].Value)
			}
		}
		// The period.
		var p coo.Period
		switch fa.Source {
		case "finance", "hr":
			p, err = cellPeriod(x, fa.Sheet, ref(1, row))
		case "sales":
			p, err = cellPeriod(x, fa.Sheet, "C2")
		case "sales_budget":
			p, err = cellPeriod(x, fa.Sheet, "C3")
		case "sales_reps":
			title := raw(t, x, fa.Sheet, "B1")
			_, month, _ := strings.Cut(title, " - ")
			var d time.Time
			d, err = time.Parse("January 2006", month)
			p = coo.NewPeriod(d.Year(), int(d.Month()))
		case "rd":
			var y, m int
			_, err = fmt.Sscanf(fa.Sheet, "%d年%d月", &y, &m)
			p = coo.NewPeriod(y, m)
		case "marketing":
			p = fa.Period // checked with the header
		}
		if err != nil || p != fa.Period {
			t.Errorf("%s: period reads %v (%v), truth %s", key, p, err, fa.Period)
		}
	}
	for _, src := range []string{"finance", "hr", "sales", "sales_budget", "sales_reps", "marketing", "rd"} {
		if counts[src] == 0 {
			t.Errorf("no facts from %s", src)
		}
	}
	t.Logf("facts by source: %v", counts)
}

// TestTidyRowsEqualTruth checks the finance and HR workbooks cell by cell:
// one sheet, the header in row 1, one row per fact row, nothing else.
func TestTidyRowsEqualTruth(t *testing.T) {
	c := company(t)
	type rowKey struct {
		file string
		row  int
	}
	facts := map[rowKey][]Fact{}
	for _, fa := range c.Truth.Facts {
		if fa.Source == "finance" || fa.Source == "hr" {
			_, row, _ := coo.ParseA1(fa.Cell)
			facts[rowKey{fa.File, row}] = append(facts[rowKey{fa.File, row}], fa)
		}
	}
	p := c.Truth.Params
	headers := map[string][]string{
		"Ledger":    {"Month", "Cost line", "Budget", "Actual"},
		"Headcount": {"Month", "Unit", "Headcount", "Hires", "Leavers", "Training hours"},
	}
	n := 0
	for _, f := range c.Files {
		dir := path.Base(path.Dir(f.Path))
		if dir != "finance" && dir != "hr" {
			continue
		}
		n++
		x := openBook(t, f)
		sheet, names := "Ledger", p.CostLines
		if dir == "hr" {
			sheet, names = "Headcount", p.OrgUnits
		}
		if got := x.GetSheetList(); !slices.Equal(got, []string{sheet}) {
			t.Errorf("%s: sheets %q, want [%s]", f.Path, got, sheet)
		}
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], headers[sheet]) {
			t.Errorf("%s: header %q, want %q", f.Path, rows[0], headers[sheet])
		}
		if len(rows) != 1+len(names) {
			t.Errorf("%s: %d rows, want %d", f.Path, len(rows), 1+len(names))
		}
		for i, r := range rows[1:] {
			row := i + 2
			fs := facts[rowKey{f.Path, row}]
			if len(fs) != len(r)-2 {
				t.Errorf("%s row %d: %d values, %d facts", f.Path, row, len(r)-2, len(fs))
				continue
			}
			if r[1] != names[i] || fs[0].Dims[0].Value != names[i] {
				t.Errorf("%s row %d: %q, want %q", f.Path, row, r[1], names[i])
			}
			if dir == "finance" && r[0] != fs[0].Period.String() {
				t.Errorf("%s row %d: month %q, want %s", f.Path, row, r[0], fs[0].Period)
			}
			if dir == "hr" {
				v, err := strconv.ParseFloat(r[0], 64)
				if err != nil || serialPeriod(v, false) != fs[0].Period || v != math.Trunc(v) {
					t.Errorf("%s row %d: month %q, want the serial of %s-01", f.Path, row, r[0], fs[0].Period)
				}
				style, _ := x.GetCellStyle(sheet, ref(1, row))
				st, _ := x.GetStyle(style)
				if st == nil || st.NumFmt != 14 {
					t.Errorf("%s row %d: month not in a date format", f.Path, row)
				}
			}
			for j, fa := range fs {
				if fa.Cell != ref(3+j, row) {
					t.Errorf("%s row %d: fact %d in %s", f.Path, row, j, fa.Cell)
				}
				v, err := strconv.ParseFloat(r[2+j], 64)
				if err != nil || v != fa.Value {
					t.Errorf("%s!%s = %q, truth %v", f.Path, fa.Cell, r[2+j], fa.Value)
				}
			}
		}
	}
	if n != 2*43 {
		t.Errorf("%d tidy workbooks, want %d", n, 2*43)
	}
}

// sheetCells reads the cells of every worksheet straight from the XML, to
// find formulas and error values without trusting excelize's reading.
type xmlCell struct {
	R string  `xml:"r,attr"`
	T string  `xml:"t,attr"`
	F *string `xml:"f"`
	V *string `xml:"v"`
}

func sheetCells(t *testing.T, f File) map[string][]xmlCell {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		for _, e := range zr.File {
			if e.Name == name {
				rc, _ := e.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				return b
			}
		}
		t.Fatalf("%s: no %s", f.Path, name)
		return nil
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(read("xl/workbook.xml"), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(read("xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	out := map[string][]xmlCell{}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				var ws struct {
					Cells []xmlCell `xml:"sheetData>row>c"`
				}
				if err := xml.Unmarshal(read("xl/"+r.Target), &ws); err != nil {
					t.Fatal(err)
				}
				out[s.Name] = ws.Cells
			}
		}
	}
	return out
}

// TestPlantedProblems checks that each problem cell is what the truth says,
// and that no other cell anywhere is an error or a formula without a cached
// value (except the noted computable one), nor a number cached as text.
func TestPlantedProblems(t *testing.T) {
	c := company(t)
	problems := map[string]Problem{}
	for _, p := range c.Truth.Problems {
		problems[p.File+"|"+p.Sheet+"|"+p.Cell] = p
	}
	computable := map[string]bool{}
	for _, n := range c.Truth.Notes {
		if strings.Contains(n.What, "plain arithmetic") {
			computable[n.File+"|"+n.Sheet+"|"+n.Ref] = true
		}
	}
	reasons := map[string]int{}
	found := 0
	for _, f := range c.Files {
		x := openBook(t, f)
		for sheet, cells := range sheetCells(t, f) {
			for _, cell := range cells {
				key := f.Path + "|" + sheet + "|" + cell.R
				hasF, hasV := cell.F != nil && *cell.F != "", cell.V != nil && *cell.V != ""
				p, planted := problems[key]
				switch {
				case cell.T == "e":
					if !planted || p.Reason != *cell.V {
						t.Errorf("%s: unplanned error cell %v", key, *cell.V)
					}
				case hasF && !hasV:
					if !computable[key] && (!planted || p.Reason != "formula without cached value") {
						t.Errorf("%s: unplanned formula without a cached value", key)
					}
				case hasF && cell.T == "str":
					t.Errorf("%s: formula result cached as text", key)
				}
				if !planted {
					continue
				}
				found++
				reasons[p.Reason]++
				got := raw(t, x, sheet, cell.R)
				formula, _ := x.GetCellFormula(sheet, cell.R)
				typ, _ := x.GetCellType(sheet, cell.R)
				switch p.Reason {
				case "formula without cached value":
					if got != "" || formula == "" || formula != p.Raw {
						t.Errorf("%s: reads %q with formula %q, want \"\" and %q", key, got, formula, p.Raw)
					}
				case "#N/A", "#DIV/0!":
					if got != p.Reason || typ != excelize.CellTypeError {
						t.Errorf("%s: reads %q (type %v), want the error %s", key, got, typ, p.Reason)
					}
				case "total_mismatch":
					checkBadTotal(t, x, key, sheet, cell.R, p)
				default:
					t.Errorf("%s: unknown reason %q", key, p.Reason)
				}
			}
		}
	}
	if found != len(c.Truth.Problems) {
		t.Errorf("found %d of %d problem cells", found, len(c.Truth.Problems))
	}
	for _, r := range []string{"formula without cached value", "#N/A", "#DIV/0!", "total_mismatch"} {
		if reasons[r] == 0 {
			t.Errorf("no planted %q", r)
		}
	}
	if reasons["total_mismatch"] != 1 {
		t.Errorf("%d planted totals that do not add up, want 1", reasons["total_mismatch"])
	}
	if len(computable) == 0 {
		t.Error("no computable formula without a cached value")
	}
}

// checkBadTotal checks a planted total that does not add up: a typed
// number (Raw) in a total column, off by mktBadTotalBy from the sum of the
// month cells to its left in its row, which is the problem's Value; the
// problem names no measure or month, as it is not a value of the model.
func checkBadTotal(t *testing.T, x *excelize.File, key, sheet, cell string, p Problem) {
	t.Helper()
	if formula, _ := x.GetCellFormula(sheet, cell); formula != "" {
		t.Errorf("%s: total is the formula %q, want a typed number", key, formula)
	}
	col, row, err := coo.ParseA1(cell)
	if err != nil {
		t.Fatal(err)
	}
	if got := raw(t, x, sheet, ref(col, mktSpendHead)); got != "FY total" || col != mktTotalCol {
		t.Errorf("%s: column header %q, want the FY total column", key, got)
	}
	got, err := parseNumber(raw(t, x, sheet, cell))
	if err != nil || strconv.FormatFloat(got, 'f', -1, 64) != p.Raw {
		t.Errorf("%s: reads %v (%v), want %s", key, got, err, p.Raw)
	}
	var sum int64
	for j := range 12 {
		if s := raw(t, x, sheet, ref(mktCol(j), row)); s != "" {
			v, err := parseNumber(s)
			if err != nil {
				t.Fatalf("%s: month %d reads %q", key, j, s)
			}
			sum += cents(v)
		}
	}
	if cents(p.Value) != sum || cents(got)-sum != cents(mktBadTotalBy) {
		t.Errorf("%s: total %v, months add up to %v, problem value %v; want the value the sum and the total %v more", key, got, float64(sum)/100, p.Value, mktBadTotalBy)
	}
	if !p.RefusesFile() || p.Source != "marketing" || p.Measure != "" || p.Period != 0 || len(p.Dims) != 0 {
		t.Errorf("%s: problem %+v, want a file-refusing total of marketing with no measure, month or dimensions", key, p)
	}
}

// TestMessyFeatures checks the features the ingest issue lists are present
// where the notes say.
func TestMessyFeatures(t *testing.T) {
	c := company(t)
	want := []string{
		"1904 date system", "period as text \"Apr 2023\"", "period as text \"Apr25\"", "period as a real date",
		"two-row header", "old header spellings", "region merged", "subtotal row (SUM formulas", "subtotal row (typed",
		"grand total", "number stored as text with spaces", "number stored as text with a thousands",
		"negative number stored as text in parentheses", "percent text", "note rows below", "hidden draft sheet",
		"very hidden sheet", "chart-data sheet", "plain arithmetic", "formula with a cached value",
		"months across the columns as real dates", "months across the columns as text such as \"Apr-2023\"", "FY total column",
		"workbook structure is protected", "Chinese headers", "stray spaces", "protected sheet (password)",
		"quarter summary", "label \"Spend (CNY)\" in the header row's first cell", "label \"Leads\" in the header row's first cell",
	}
	for _, w := range want {
		if !slices.ContainsFunc(c.Truth.Notes, func(n Note) bool { return strings.Contains(n.What, w) }) {
			t.Errorf("no note about %q", w)
		}
	}
	// Spot checks straight from the files.
	x := openBook(t, fileByPath(t, c, "workbooks/sales/sales-2024-11.xlsx"))
	if !is1904(x) {
		t.Error("sales-2024-11.xlsx is not in the 1904 date system")
	}
	if p, err := cellPeriod(x, "Sales", "C2"); err != nil || p != coo.NewPeriod(2024, 11) {
		t.Errorf("sales-2024-11.xlsx C2 = %v (%v)", p, err)
	}
	x = openBook(t, fileByPath(t, c, "workbooks/sales/sales-2026-10.xlsx"))
	for _, s := range []struct {
		sheet   string
		visible bool
	}{{"Sales", true}, {"Draft", false}, {"_meta", false}} {
		if v, err := x.GetSheetVisible(s.sheet); err != nil || v != s.visible {
			t.Errorf("sales-2026-10.xlsx %s visible = %v (%v)", s.sheet, v, err)
		}
	}
	merged, _ := x.GetMergeCells("Sales")
	var refs []string
	for _, m := range merged {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, r := range []string{"B5:B6", "C5:C6", "E5:F5", "B7:B9", "B19:B21"} {
		if !slices.Contains(refs, r) {
			t.Errorf("sales-2026-10.xlsx: %s not merged (merged: %v)", r, refs)
		}
	}
	// The rejected VLOOKUP is consistent with the truth: evaluated by hand on
	// the price list in the hidden Draft sheet it gives the model's value.
	x = openBook(t, fileByPath(t, c, "workbooks/sales/sales-2026-07.xlsx"))
	for _, p := range c.Truth.Problems {
		if p.File != "workbooks/sales/sales-2026-07.xlsx" {
			continue
		}
		if p.Cell != "E16" || !strings.HasPrefix(p.Raw, "ROUND(VLOOKUP(C16,Draft!$B$20:$C$22,2,FALSE)") {
			t.Fatalf("unexpected problem %+v", p)
		}
		num := func(sheet, cell string) float64 {
			v, err := parseNumber(raw(t, x, sheet, cell))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if raw(t, x, "Draft", "B21") != "Office" || raw(t, x, "Sales", "C16") != "Office" {
			t.Fatal("Draft!B21 or Sales!C16 is not Office")
		}
		got := math.Round(num("Draft", "C21")*num("Sales", "D16")*(1-num("Sales", "G16"))*100) / 100
		if got != p.Value {
			t.Errorf("sales-2026-07.xlsx E16 evaluates to %v, truth %v", got, p.Value)
		}
	}
	x = openBook(t, fileByPath(t, c, "workbooks/rd/rd-2025-Q3.xlsx"))
	if prot, err := x.GetSheetProtection("2025年7月"); err != nil || prot.Password == "" && !prot.SelectLockedCells {
		t.Errorf("rd-2025-Q3.xlsx 2025年7月 not protected: %+v %v", prot, err)
	}
}

type series map[string]float64

func key(source, measure string, p coo.Period, kv ...string) string {
	return source + "|" + measure + "|" + p.String() + "|" + coo.FormatDims(dims(kv...))
}

// values returns every generated value, facts and problem cells alike.
func values(c *Company) series {
	s := series{}
	for _, f := range c.Truth.Facts {
		s[f.Source+"|"+f.Measure+"|"+f.Period.String()+"|"+coo.FormatDims(f.Dims)] = f.Value
	}
	for _, p := range c.Truth.Problems {
		s[p.Source+"|"+p.Measure+"|"+p.Period.String()+"|"+coo.FormatDims(p.Dims)] = p.Value
	}
	return s
}

func (s series) get(t *testing.T, k string) float64 {
	t.Helper()
	v, ok := s[k]
	if !ok {
		t.Fatalf("no value for %s", k)
	}
	return v
}

// TestModelIdentities checks the identities doc.go documents, on the values
// as written into the workbooks.
func TestModelIdentities(t *testing.T) {
	c := company(t)
	s, p := values(c), c.Truth.Params
	cal := coo.Calendar{FirstMonth: p.FiscalStart}
	for per := p.First; per <= p.Last; per++ {
		var spend int64
		for _, ch := range p.Channels {
			spend += cents(s.get(t, key("marketing", "spend", per, "channel", ch)))
		}
		if got := cents(s.get(t, key("finance", "actual", per, "cost_line", "Marketing"))); got != spend {
			t.Errorf("%s: finance Marketing actual %d cents, marketing spend %d cents", per, got, spend)
		}

		k := cal.FiscalYear(per) - 2024
		var payroll float64
		for u, unit := range p.OrgUnits {
			hc := s.get(t, key("hr", "headcount", per, "unit", unit))
			payroll += hc * p.PayPerHead[u]
			if per > p.First {
				prev := s.get(t, key("hr", "headcount", per-1, "unit", unit))
				flow := s.get(t, key("hr", "hires", per, "unit", unit)) - s.get(t, key("hr", "leavers", per, "unit", unit))
				if hc != prev+flow {
					t.Errorf("%s %s: headcount %v != %v + hires - leavers %v", per, unit, hc, prev, flow)
				}
			}
		}
		payroll *= math.Pow(1.05, float64(k))
		if per.Month() == 1 {
			payroll *= 2
		}
		if got := s.get(t, key("finance", "actual", per, "cost_line", "Payroll")); math.Abs(got-payroll) > 0.0051 {
			t.Errorf("%s: payroll %.2f, headcount x pay gives %.2f", per, got, payroll)
		}

		var logistics float64
		for i, region := range p.Regions {
			var regionRev int64
			for j, product := range p.ProductLines {
				u := s.get(t, key("sales", "units", per, "region", region, "product_line", product))
				d := s.get(t, key("sales", "discount", per, "region", region, "product_line", product))
				rev := s.get(t, key("sales", "revenue", per, "region", region, "product_line", product))
				price := p.ListPrice[j]
				if per >= coo.NewPeriod(2025, 4) {
					price *= 1.06
				}
				if want := u * price * (1 - d); math.Abs(rev-want) > 0.0051 {
					t.Errorf("%s %s %s: revenue %.2f, units x price x (1-discount) = %.4f", per, region, product, rev, want)
				}
				logistics += u * p.LogisticsRate[j]
				regionRev += cents(rev)
			}
			var reps int64
			for _, rep := range p.Reps {
				if v, ok := s[key("sales_reps", "revenue", per, "rep", rep.Name, "region", region)]; ok {
					reps += cents(v)
				}
			}
			if reps != regionRev {
				t.Errorf("%s %s: reps' revenue %d cents, region %d cents", per, region, reps, regionRev)
			}
			_ = i
		}
		if got := s.get(t, key("finance", "actual", per, "cost_line", "Logistics")); math.Abs(got-logistics) > 0.0051 {
			t.Errorf("%s: logistics %.2f, units x rate %.2f", per, got, logistics)
		}
	}
	// Budgets: a fiscal year's monthly revenue budgets add up to last year's
	// revenue plus the growth, within the rounding of each month to 1000.
	growth := map[int]float64{2025: 0.12, 2026: 0.18}
	for fy, g := range growth {
		for _, region := range p.Regions {
			var last, budget float64
			for per := cal.YearStart(fy - 1); per <= cal.YearEnd(fy-1); per++ {
				for _, product := range p.ProductLines {
					last += s.get(t, key("sales", "revenue", per, "region", region, "product_line", product))
				}
			}
			for per := cal.YearStart(fy); per <= cal.YearEnd(fy); per++ {
				budget += s.get(t, key("sales_budget", "revenue_budget", per, "region", region))
			}
			if want := last * (1 + g); math.Abs(budget-want) > 12*500+500 {
				t.Errorf("FY%d %s: budget %.0f, last year x %.2f = %.0f", fy, region, budget, 1+g, want)
			}
		}
	}
}

// TestEvents checks that the planted surprises show in the written data.
func TestEvents(t *testing.T) {
	c := company(t)
	s := values(c)
	for _, product := range []string{"Home", "Office", "Commercial"} {
		at := func(y, m int) float64 {
			return s.get(t, key("sales", "units", coo.NewPeriod(y, m), "region", "East", "product_line", product))
		}
		if ratio := at(2025, 8) / ((at(2025, 7) + at(2025, 9)) / 2); ratio > 0.8 {
			t.Errorf("East %s units 2025-08 are %.2f of their neighbours, want the -35%% disruption", product, ratio)
		}
	}
	nc := func(y, m int) float64 {
		return s.get(t, key("sales", "units", coo.NewPeriod(y, m), "region", "North", "product_line", "Commercial"))
	}
	if nc(2026, 3)-nc(2026, 2) < 300 {
		t.Errorf("North Commercial units 2026-02 %v, 2026-03 %v: no one-off order", nc(2026, 2), nc(2026, 3))
	}
	ev := func(y, m int) float64 {
		return s.get(t, key("marketing", "spend", coo.NewPeriod(y, m), "channel", "Events"))
	}
	if ev(2026, 9) < 2.5*ev(2026, 8) {
		t.Errorf("Events spend 2026-08 %v, 2026-09 %v: no spike", ev(2026, 8), ev(2026, 9))
	}
	rate := func(from, to coo.Period) float64 {
		var d, n float64
		for per := from; per <= to; per++ {
			d += s.get(t, key("rd", "defects", per, "team", "Mobile"))
			n += s.get(t, key("rd", "done_tasks", per, "team", "Mobile"))
		}
		return d / n
	}
	before, after := rate(coo.NewPeriod(2023, 4), coo.NewPeriod(2025, 9)), rate(coo.NewPeriod(2025, 10), coo.NewPeriod(2026, 10))
	if after < 1.3*before {
		t.Errorf("Mobile defects per done task %.3f before the reorganisation, %.3f after", before, after)
	}
	rent := func(y, m int) float64 {
		return s.get(t, key("finance", "actual", coo.NewPeriod(y, m), "cost_line", "Rent"))
	}
	if d := rent(2025, 7) - rent(2025, 6); d != 60000 {
		t.Errorf("rent 2025-07 minus 2025-06 = %v, want the new office's 60000", d)
	}
	if len(c.Truth.Events) < 6 {
		t.Errorf("%d events", len(c.Truth.Events))
	}
	for _, e := range c.Truth.Events {
		if e.Period < c.Truth.Params.First || e.Until > c.Truth.Params.Last || e.Until < e.Period || e.What == "" {
			t.Errorf("bad event %+v", e)
		}
	}
}

// The project file's schema, as the lead engineer's parser reads it; unknown
// keys fail the decode.
// TestProjectFile parses coo.yaml with the project file's own parser and
// checks it against the truth: every source of the truth is mapped, with its
// files, units and dimensions in the truth's order.
func TestProjectFile(t *testing.T) {
	c := company(t)
	pf, err := project.Parse(c.ProjectFile, "coo.yaml", "/demo")
	if err != nil {
		t.Fatalf("coo.yaml: %v", err)
	}
	if pf.Calendar.FirstMonth != 4 || pf.Currency != "CNY" || pf.Company != "Lotus Home Appliances Co., Ltd." || pf.Warehouse != "/demo/coo.duckdb" || pf.Language != "en" {
		t.Errorf("coo.yaml header: %+v", pf)
	}
	type key struct{ source, measure string }
	units := map[key]string{}
	files := map[string]map[string]bool{}
	for _, f := range c.Truth.Facts {
		units[key{f.Source, f.Measure}] = f.Unit
		if files[f.Source] == nil {
			files[f.Source] = map[string]bool{}
		}
		files[f.Source][f.File] = true
		s := pf.Source(f.Source)
		if s == nil {
			t.Fatalf("source %s of the truth is not mapped", f.Source)
		}
		if len(f.Dims) != len(s.Dimensions) {
			t.Fatalf("fact %+v: %d dimensions, the mapping declares %d", f, len(f.Dims), len(s.Dimensions))
		}
		for i, d := range s.Dimensions {
			if f.Dims[i].Key != d.Name {
				t.Fatalf("fact %+v: dimensions not in the declared order", f)
			}
		}
	}
	for _, s := range pf.Sources {
		for _, m := range s.Measures {
			if got, ok := units[key{s.Name, m.Name}]; !ok || got != m.Unit {
				t.Errorf("%s.%s: unit %q, truth %q", s.Name, m.Name, m.Unit, got)
			}
		}
		for _, f := range c.Files {
			if s.Match(f.Path) != files[s.Name][f.Path] {
				t.Errorf("source %s: files glob matches %s: %v; the truth has facts of it there: %v", s.Name, f.Path, s.Match(f.Path), files[s.Name][f.Path])
			}
		}
	}
	if len(pf.Sources) != len(files) {
		t.Errorf("%d sources mapped, the truth has %d", len(pf.Sources), len(files))
	}
	for _, m := range pf.Metrics {
		if (m.Name == "hr.headcount") != (m.Kind == coo.Stock) {
			t.Errorf("metric %s is a %s", m.Name, m.Kind)
		}
	}
}

func TestFactsCSV(t *testing.T) {
	c := company(t)
	recs, err := csv.NewReader(bytes.NewReader(c.Truth.FactsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"source", "measure", "period", "dims", "value", "unit", "file", "sheet", "cell"}; !slices.Equal(recs[0], want) {
		t.Fatalf("header %q, want %q", recs[0], want)
	}
	if len(recs)-1 != len(c.Truth.Facts) {
		t.Fatalf("%d rows, %d facts", len(recs)-1, len(c.Truth.Facts))
	}
	for i, r := range recs[1:] {
		f := c.Truth.Facts[i]
		v, err := strconv.ParseFloat(r[4], 64)
		d, err2 := coo.ParseDims(r[3])
		if err != nil || err2 != nil || v != f.Value || !slices.Equal(d, f.Dims) || r[2] != f.Period.String() || r[8] != f.Cell || r[6] != f.File {
			t.Fatalf("row %d %q does not match fact %+v", i+1, r, f)
		}
	}
}

// TestCost measures Generate's wall time and output size; the figures go to
// the test log (go test -v -run Cost).
func TestCost(t *testing.T) {
	start := time.Now()
	c, err := Generate(Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	var total int
	for _, f := range c.Files {
		total += len(f.Data)
	}
	t.Logf("Generate: %v, %d files, %d bytes (%.2f MB), %d facts, %d problems, %d notes",
		elapsed.Round(time.Millisecond), len(c.Files), total, float64(total)/1e6, len(c.Truth.Facts), len(c.Truth.Problems), len(c.Truth.Notes))
	if total > 5e6 {
		t.Errorf("the demo writes %d bytes, want under 5 MB", total)
	}
	if elapsed > 20*time.Second {
		t.Errorf("Generate took %v", elapsed)
	}
}

func BenchmarkGenerate(b *testing.B) {
	var total int
	for b.Loop() {
		c, err := Generate(Options{})
		if err != nil {
			b.Fatal(err)
		}
		total = 0
		for _, f := range c.Files {
			total += len(f.Data)
		}
	}
	b.ReportMetric(float64(total), "bytes/op-output")
}

// TestCorrections: the resubmitted workbooks hold, in every planted problem
// cell, a plain number equal to the value the model generated, and are
// otherwise the files with problems (the same paths, the same other cells).
func TestCorrections(t *testing.T) {
	c := company(t)
	fixed, err := Corrections(Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, p := range c.Truth.Problems {
		files[p.File] = true
	}
	if len(fixed) != len(files) {
		t.Fatalf("%d corrected files, want one for each of the %d files with problems", len(fixed), len(files))
	}
	books := map[string]*excelize.File{}
	for _, f := range fixed {
		if !files[f.Path] {
			t.Errorf("%s is corrected but had no problem", f.Path)
		}
		books[f.Path] = openBook(t, f)
	}
	for _, p := range c.Truth.Problems {
		x := books[p.File]
		if x == nil {
			continue
		}
		typ, _ := x.GetCellType(p.Sheet, p.Cell)
		got, err := strconv.ParseFloat(raw(t, x, p.Sheet, p.Cell), 64)
		if err != nil || typ == excelize.CellTypeError || math.Abs(got-p.Value) > 1e-9*math.Max(1, math.Abs(p.Value)) {
			t.Errorf("%s %s!%s: reads %v (%v, type %v), want %v", p.File, p.Sheet, p.Cell, got, err, typ, p.Value)
		}
	}
	// The other facts of those files are where they were, with their values.
	for _, f := range c.Truth.Facts {
		x := books[f.File]
		if x == nil || f.Unit == "ratio" {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(raw(t, x, f.Sheet, f.Cell), ",", "")), 64)
		if err == nil && math.Abs(v-f.Value) > 1e-6*math.Max(1, math.Abs(f.Value)) {
			t.Errorf("%s %s!%s: %v, want %v as in the original", f.File, f.Sheet, f.Cell, v, f.Value)
		}
	}
}
