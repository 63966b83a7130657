package render

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/analysis"
)

const injection = `=HYPERLINK("http://x","y")`

var nan = math.NaN()

// scorecard is a hand-made assessment; every number is worked out by hand in
// the comments.
func scorecard() *analysis.Scorecard {
	p := coo.NewPeriod(2026, 10)
	return &analysis.Scorecard{
		Period: p,
		Units: []analysis.UnitScore{
			{
				// total = 0.5×100 + 0.3×80 + 0.2×60 = 50 + 24 + 12 = 86
				// bonus = 1 award × 2 = 2; deductions = min(4 × 3, 10) = 10
				// final = 86 + 2 − 10 = 78; last month 80: change −2
				Name: "Sales", Group: "Departments", Scored: true,
				KPIs: []analysis.KPIScore{
					{Name: "Revenue vs budget", Metric: "sales.revenue", Actual: 1200, Target: 1000, Attainment: 1.2, Basis: analysis.OnAttainment, Score: 100, Weight: 0.5, EffectiveWeight: 0.5, Weighted: 50},
					{Name: "Growth", Metric: "sales.revenue", Actual: 1200, Target: 1250, Attainment: 0.96, Basis: analysis.OnAttainment, Score: 80, Weight: 0.3, EffectiveWeight: 0.3, Weighted: 24},
					{Name: "Defects", Metric: "sales.defects", Actual: 7, Target: nan, Attainment: nan, Basis: analysis.OnActual, Score: 60, Weight: 0.2, EffectiveWeight: 0.2, Weighted: 12},
				},
				Adjustments: []analysis.AdjustmentScore{
					{Name: "Awards", Metric: "sales.awards", Count: 1, PerCount: 2, Points: 2},
					{Name: "Complaints", Metric: "sales.complaints", Deduction: true, Count: 4, PerCount: 3, Cap: 10, Points: 10, Note: "capped at 10 points"},
				},
				Total: 86, Bonus: 2, Deductions: 10, Final: 78, Grade: "B", Rank: 2,
				Previous: 80, HasPrevious: true, Change: -2,
			},
			{
				// reweight: 0.6 measured, 0.4 missing → effective 1 and 0
				// total = 1 × 90 = 90 = final; no last month
				Name: injection, Group: "Departments", Scored: true,
				KPIs: []analysis.KPIScore{
					{Name: injection, Metric: "x.a", Actual: 9, Target: 10, Attainment: 0.9, Basis: analysis.OnAttainment, Score: 90, Weight: 0.6, EffectiveWeight: 1, Weighted: 90},
					{Name: "Missing", Metric: "x.b", Actual: nan, Target: nan, Attainment: nan, Score: 0, Weight: 0.4, EffectiveWeight: 0, Missing: analysis.MissingReweight, Note: "no actual in 2026-10; left out"},
				},
				Total: 90, Final: 90, Grade: "A", Rank: 1, Previous: nan, Change: nan,
			},
			{
				Name: "Ghost", Group: "Departments", Scored: false,
				KPIs: []analysis.KPIScore{
					{Name: "Only", Metric: "g.a", Actual: nan, Target: nan, Attainment: nan, Score: 0, Weight: 1, EffectiveWeight: 0, Missing: analysis.MissingReweight, Note: "no actual"},
				},
				Total: nan, Final: nan, Previous: nan, Change: nan,
			},
		},
		Rules: []analysis.RuleText{
			{Section: "General", Text: "Final = total + bonus − deductions."},
			{Section: injection, Item: "=1+1", Text: "-2+3"},
		},
	}
}

var testOptions = Options{GeneratedAt: time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)}

func renderWorkbook(t *testing.T, sc *analysis.Scorecard, history []*analysis.Scorecard) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := assessmentWorkbook(&buf, sc, history, testOptions); err != nil {
		t.Fatalf("AssessmentWorkbook: %v", err)
	}
	return buf.Bytes()
}

func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetXML returns the XML of the sheet named name in the package.
func sheetXML(t *testing.T, data []byte, f *excelize.File, name string) string {
	t.Helper()
	idx, err := f.GetSheetIndex(name)
	if err != nil || idx < 0 {
		t.Fatalf("no sheet %q", name)
	}
	// excelize numbers sheets in order of creation, from 1
	path := "xl/worksheets/sheet" + strconv.Itoa(idx+1) + ".xml"
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == path {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", path)
	return ""
}

var cellRE = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*)>(.*?)</c>`)

// rawCell returns a cell's attributes and contents in the sheet XML.
func rawCell(xml, ref string) (attrs, body string, ok bool) {
	for _, m := range cellRE.FindAllStringSubmatch(xml, -1) {
		if m[1] == ref {
			return m[2], m[3], true
		}
	}
	return "", "", false
}

// numberCell reads a formula cell's cached value and checks that it is a
// number: no t attribute (or t="n") in the XML.
func numberCell(t *testing.T, f *excelize.File, xml, sheet, ref string) float64 {
	t.Helper()
	attrs, _, ok := rawCell(xml, ref)
	if !ok {
		t.Fatalf("%s!%s: no cell", sheet, ref)
	}
	if strings.Contains(attrs, ` t="`) && !strings.Contains(attrs, ` t="n"`) {
		t.Errorf("%s!%s: cached value typed %s, want a number", sheet, ref, attrs)
	}
	s, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, want a number", sheet, ref, s)
	}
	return v
}

func TestAssessmentWorkbookFormulas(t *testing.T) {
	sc := scorecard()
	data := renderWorkbook(t, sc, nil)
	f := openWorkbook(t, data)
	xml := sheetXML(t, data, f, "Sales")
	// Sales: KPIs on rows 5-7, total on 8, items header 10, items 11-12,
	// results from 14: total, bonus, deductions, final, grade, rank.
	want := []struct {
		ref, formula string
		value        float64
	}{
		{"E5", "C5/D5", 1.2},
		{"E6", "C6/D6", 0.96},
		{"J5", "I5*G5", 50},
		{"J6", "I6*G6", 24},
		{"J7", "I7*G7", 12},
		{"J8", "SUM(J5:J7)", 86},
		{"G11", "D11*E11", 2},
		{"G12", "MIN(D12*E12,F12)", 10},
		{"J14", "J8", 86},
		{"J15", "SUM(G11)", 2},
		{"J16", "SUM(G12)", 10},
		{"J17", "J14+J15-J16", 78},
	}
	for _, w := range want {
		got, err := f.GetCellFormula("Sales", w.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got != w.formula {
			t.Errorf("Sales!%s formula = %q, want %q", w.ref, got, w.formula)
		}
		if v := numberCell(t, f, xml, "Sales", w.ref); math.Abs(v-w.value) > 1e-9 {
			t.Errorf("Sales!%s cached = %v, want %v", w.ref, v, w.value)
		}
	}
	if got, _ := f.GetCellFormula("Sales", "E7"); got != "" {
		t.Errorf("Sales!E7 (no target) formula = %q, want none", got)
	}
	if got, _ := f.GetCellValue("Sales", "J18"); got != "B" {
		t.Errorf("Sales!J18 (grade) = %q, want B", got)
	}

	// Summary: rank order within the group: the injection unit (1), Sales
	// (2), then Ghost (not scored). Columns C-F read the unit sheets.
	sum := sheetXML(t, data, f, "Summary")
	for _, w := range []struct {
		ref, formula string
		value        float64
	}{
		{"C6", "'Sales'!$J$14", 86},
		{"D6", "'Sales'!$J$15", 2},
		{"E6", "'Sales'!$J$16", 10},
		{"F6", "'Sales'!$J$17", 78},
		{"J6", "F6-I6", -2},
		{"F5", `'=HYPERLINK("http___x","y")'!$J$12`, 90},
	} {
		got, _ := f.GetCellFormula("Summary", w.ref)
		if got != w.formula {
			t.Errorf("Summary!%s formula = %q, want %q", w.ref, got, w.formula)
		}
		if v := numberCell(t, f, sum, "Summary", w.ref); math.Abs(v-w.value) > 1e-9 {
			t.Errorf("Summary!%s cached = %v, want %v", w.ref, v, w.value)
		}
	}
	// every cached formula result in every sheet is a number
	for _, name := range f.GetSheetList() {
		x := sheetXML(t, data, f, name)
		for _, m := range cellRE.FindAllStringSubmatch(x, -1) {
			if strings.Contains(m[3], "<f>") && strings.Contains(m[2], ` t="`) {
				t.Errorf("%s!%s: formula result cached as %s, want a number", name, m[1], m[2])
			}
		}
	}
}

// TestAssessmentWorkbookTotals checks the summary's cached figures against
// the scorecard, for every unit.
func TestAssessmentWorkbookTotals(t *testing.T) {
	sc := scorecard()
	data := renderWorkbook(t, sc, nil)
	f := openWorkbook(t, data)
	xml := sheetXML(t, data, f, "Summary")
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range sc.Units {
		r := 0
		for i, row := range rows {
			if len(row) > 1 && row[1] == u.Name {
				r = i + 1
			}
		}
		if r == 0 {
			t.Fatalf("unit %q not on the summary", u.Name)
		}
		if !u.Scored {
			continue
		}
		for col, want := range map[string]float64{"C": u.Total, "D": u.Bonus, "E": u.Deductions, "F": u.Final} {
			ref := col + strconv.Itoa(r)
			if got := numberCell(t, f, xml, "Summary", ref); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: Summary!%s = %v, want %v", u.Name, ref, got, want)
			}
		}
	}
}

func TestAssessmentWorkbookNaNBlank(t *testing.T) {
	data := renderWorkbook(t, scorecard(), nil)
	f := openWorkbook(t, data)
	for _, name := range f.GetSheetList() {
		if x := sheetXML(t, data, f, name); regexp.MustCompile(`<v>[^<]*(NaN|Inf)`).MatchString(x) {
			t.Errorf("sheet %s has NaN or Inf in its XML", name)
		}
	}
	// Ghost is row 7 of the summary: not scored, so total to change are empty
	for _, col := range []string{"C", "D", "E", "F", "H", "I", "J"} {
		ref := col + "7"
		if v, _ := f.GetCellValue("Summary", ref); v != "" {
			t.Errorf("Summary!%s (unscored unit) = %q, want empty", ref, v)
		}
		if fm, _ := f.GetCellFormula("Summary", ref); fm != "" {
			t.Errorf("Summary!%s (unscored unit) formula = %q, want none", ref, fm)
		}
	}
	// Sales!D7: a KPI without a target; Ghost's weighted score and total
	for _, c := range [][2]string{{"Sales", "D7"}, {"Sales", "E7"}, {"Ghost", "C5"}, {"Ghost", "J5"}, {"Ghost", "J6"}} {
		if v, _ := f.GetCellValue(c[0], c[1]); v != "" {
			t.Errorf("%s!%s = %q, want empty", c[0], c[1], v)
		}
	}
}

func TestAssessmentWorkbookInjection(t *testing.T) {
	data := renderWorkbook(t, scorecard(), nil)
	f := openWorkbook(t, data)
	sum := sheetXML(t, data, f, "Summary")
	rules := sheetXML(t, data, f, "Rules")
	unit := sheetXML(t, data, f, `=HYPERLINK("http___x","y")`)
	for _, c := range []struct {
		sheet, xml, ref, want string
	}{
		{"Summary", sum, "B5", injection},
		{"Rules", rules, "A5", injection},
		{"Rules", rules, "B5", "=1+1"},
		{"Rules", rules, "C5", "-2+3"},
		{`=HYPERLINK("http___x","y")`, unit, "A1", injection},
		{`=HYPERLINK("http___x","y")`, unit, "A5", injection},
	} {
		got, err := f.GetCellValue(c.sheet, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.ref, got, c.want)
		}
		if fm, _ := f.GetCellFormula(c.sheet, c.ref); fm != "" {
			t.Errorf("%s!%s has formula %q, want text", c.sheet, c.ref, fm)
		}
		attrs, body, ok := rawCell(c.xml, c.ref)
		if !ok {
			t.Fatalf("%s!%s: no cell in the XML", c.sheet, c.ref)
		}
		if !strings.Contains(attrs, `t="inlineStr"`) && !strings.Contains(attrs, `t="s"`) {
			t.Errorf("%s!%s: attributes %q, want a string cell", c.sheet, c.ref, attrs)
		}
		if strings.Contains(body, "<f>") {
			t.Errorf("%s!%s: %q has a formula", c.sheet, c.ref, body)
		}
	}
}

func TestAssessmentWorkbookDeterministic(t *testing.T) {
	sc := scorecard()
	prev := scorecard()
	prev.Period--
	a := renderWorkbook(t, sc, []*analysis.Scorecard{prev})
	for i := 0; i < 3; i++ {
		if b := renderWorkbook(t, sc, []*analysis.Scorecard{prev}); !bytes.Equal(a, b) {
			t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+2, len(b), len(a))
		}
	}
	f := openWorkbook(t, a)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-11-05T08:00:00Z" || props.Modified != props.Created {
		t.Errorf("document dates = %q, %q, want the pinned 2026-11-05T08:00:00Z", props.Created, props.Modified)
	}
}

func TestAssessmentWorkbookHistory(t *testing.T) {
	sc := scorecard()
	prev := scorecard()
	prev.Period--
	prev.Units[0].Final = 80
	data := renderWorkbook(t, sc, []*analysis.Scorecard{prev})
	f := openWorkbook(t, data)
	rows, err := f.GetRows(historySheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Group", "Unit", "2026-09", "2026-10"},
		{"Departments", injection, "90.00", "90.00"},
		{"Departments", "Sales", "80.00", "78.00"},
		{"Departments", "Ghost"},
	}
	for i, w := range want {
		got := rows[3+i]
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("history row %d = %q, want %q", 4+i, got, w)
		}
	}
}

func TestSheetNames(t *testing.T) {
	n := newSheetNamer(summarySheet, historySheet, rulesSheet)
	for _, c := range []struct{ in, want string }{
		{"Sales", "Sales"},
		{"sales", "sales (2)"},
		{"SALES", "SALES (3)"},
		{"Summary", "Summary (2)"},
		{"History", "History (2)"}, // Excel reserves History
		{"R&D: a/b\\c?d*e[f]", "R&D_ a_b_c_d_e_f_"},
		{"A very long department name that goes on", "A very long department name tha"},
		{"A very long department name that goes on and on", "A very long department name (2)"},
		{"'quoted'", "quoted"},
		{"''", "Unit"},
		{"", "Unit (2)"},
		{strings.Repeat("销", 35), strings.Repeat("销", 31)},
		{"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"}, // 2 UTF-16 units each
	} {
		got := n.name(c.in)
		if got != c.want {
			t.Errorf("name(%q) = %q, want %q", c.in, got, c.want)
		}
		if u := len([]rune(got)); u > 31 {
			t.Errorf("name(%q) = %q: %d characters", c.in, got, u)
		}
	}
}

// TestSheetNamesInWorkbook renders units whose names clash once cut and
// checks that excelize accepts every sheet name and the summary links right.
func TestSheetNamesInWorkbook(t *testing.T) {
	sc := scorecard()
	long := "Regional sales office number 12 North"
	sc.Units[0].Name = long
	sc.Units[2].Name = strings.ToUpper(long)
	data := renderWorkbook(t, sc, nil)
	f := openWorkbook(t, data)
	got := f.GetSheetList()
	want := []string{"Summary", "Regional sales office number 12", `=HYPERLINK("http___x","y")`, "REGIONAL SALES OFFICE NUMBE (2)", historySheet, rulesSheet}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	if fm, _ := f.GetCellFormula("Summary", "F6"); fm != "'Regional sales office number 12'!$J$17" {
		t.Errorf("Summary!F6 = %q, want the first unit's final", fm)
	}
}

func TestAssessmentHTML(t *testing.T) {
	sc := scorecard()
	sc.Units[0].Name = `<script>alert(1)</script>`
	var a, b bytes.Buffer
	if err := assessmentHTML(&a, sc, testOptions); err != nil {
		t.Fatal(err)
	}
	if err := assessmentHTML(&b, sc, testOptions); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders differ")
	}
	s := a.String()
	for _, bad := range []string{"<script>", "NaN", "<link", "<img"} {
		if strings.Contains(s, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, good := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "=HYPERLINK(&#34;http:", "78.00", "-2.00", "not scored", "2026-11-05 08:00 UTC"} {
		if !strings.Contains(s, good) {
			t.Errorf("HTML lacks %q", good)
		}
	}
}
