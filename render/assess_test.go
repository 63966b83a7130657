package render

import (
	"archive/zip"
	"bytes"
	"fmt"
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

// Rules of the hand-made scorecard: the KPIs as analysis.Score reports them
// (KPIScore.Rule, with the missing-data policy in force).
var (
	ruleRevenue = &analysis.KPI{Name: "Revenue vs budget", Metric: "sales.revenue", Weight: 0.5,
		Target:  analysis.Target{Kind: analysis.MetricTarget, Metric: "sales.budget"},
		Scoring: analysis.Scoring{Kind: analysis.Linear, Floor: 0.8, Ceiling: 1, Cap: 120}, Missing: analysis.MissingZero}
	ruleGrowth = &analysis.KPI{Name: "Growth", Metric: "sales.revenue", Weight: 0.3,
		Target:  analysis.Target{Kind: analysis.LastYearTarget, Growth: 0.25},
		Scoring: analysis.Scoring{Kind: analysis.BandTable, Bands: []analysis.Band{{Min: 0.9, Points: 60}, {Min: 0.95, Points: 80}, {Min: 1, Points: 100}}},
		Missing: analysis.MissingZero}
	ruleDefects = &analysis.KPI{Name: "Defects", Metric: "sales.defects", Weight: 0.2,
		Scoring: analysis.Scoring{Kind: analysis.LowerIsBetter, Best: 3, Worst: 13}, Missing: analysis.MissingZero}
	ruleA = &analysis.KPI{Name: injection, Metric: "x.a", Weight: 0.6, Target: analysis.Target{Kind: analysis.FixedTarget, Value: 10},
		Scoring: analysis.Scoring{Kind: analysis.Ratio}, Missing: analysis.MissingReweight}
	ruleB = &analysis.KPI{Name: "Missing", Metric: "x.b", Weight: 0.4, Target: analysis.Target{Kind: analysis.MetricTarget, Metric: "x.c"},
		Scoring: analysis.Scoring{Kind: analysis.PassFail, Threshold: 1}, Missing: analysis.MissingReweight}
	ruleOnly = &analysis.KPI{Name: "Only", Metric: "g.a", Weight: 1,
		Scoring: analysis.Scoring{Kind: analysis.PassFail, Threshold: 1}, Missing: analysis.MissingReweight}
)

// scorecard is a hand-made assessment; every number is worked out by hand in
// the comments.
func scorecard() *analysis.Scorecard {
	p := coo.NewPeriod(2026, 10)
	return &analysis.Scorecard{
		Period: p,
		Grades: []analysis.Grade{{Name: "A", Min: 90}, {Name: "B", Min: 75}, {Name: "C", Min: 60}, {Name: "D", Min: 0}},
		Units: []analysis.UnitScore{
			{
				// revenue: 1200 ÷ 1250 = 0.96; linear 0.8→0, 1→100: 100 × 0.16 ÷ 0.2 = 80
				// growth: 1200 ÷ 1000 = 1.2; bands: ≥ 1 → 100
				// defects: 7; lower is better 3→100, 13→0: 100 × (13 − 7) ÷ 10 = 60
				// total = 0.5×80 + 0.3×100 + 0.2×60 = 40 + 30 + 12 = 82
				// bonus = 1 award × 2 = 2; deductions = min(4 × 3, 10) = 10
				// final = 82 + 2 − 10 = 74: grade C, rank 2; last month 80: change −6
				Name: "Sales", Group: "Departments", Scored: true,
				KPIs: []analysis.KPIScore{
					{Name: "Revenue vs budget", Metric: "sales.revenue", Actual: 1200, Target: 1250, Attainment: 0.96, Basis: analysis.OnAttainment, Score: 80, Weight: 0.5, EffectiveWeight: 0.5, Weighted: 40, Rule: ruleRevenue},
					{Name: "Growth", Metric: "sales.revenue", Actual: 1200, Target: 1000, Attainment: 1.2, Basis: analysis.OnAttainment, Score: 100, Weight: 0.3, EffectiveWeight: 0.3, Weighted: 30, Rule: ruleGrowth},
					{Name: "Defects", Metric: "sales.defects", Actual: 7, Target: nan, Attainment: nan, Basis: analysis.OnActual, Score: 60, Weight: 0.2, EffectiveWeight: 0.2, Weighted: 12, Rule: ruleDefects},
				},
				Adjustments: []analysis.AdjustmentScore{
					{Name: "Awards", Metric: "sales.awards", Count: 1, PerCount: 2, Points: 2},
					{Name: "Complaints", Metric: "sales.complaints", Deduction: true, Count: 4, PerCount: 3, Cap: 10, Points: 10, Note: "capped at 10 points"},
				},
				Total: 82, Bonus: 2, Deductions: 10, Final: 74, Grade: "C", Rank: 2,
				Previous: 80, HasPrevious: true, Change: -6,
			},
			{
				// ratio: 9 ÷ 10 = 0.9 → 90 points
				// reweight: 0.6 measured, 0.4 missing → effective 1 and 0
				// total = 1 × 90 = 90 = final: grade A, rank 1; no last month
				Name: injection, Group: "Departments", Scored: true,
				KPIs: []analysis.KPIScore{
					{Name: injection, Metric: "x.a", Actual: 9, Target: 10, Attainment: 0.9, Basis: analysis.OnAttainment, Score: 90, Weight: 0.6, EffectiveWeight: 1, Weighted: 90, Rule: ruleA},
					{Name: "Missing", Metric: "x.b", Actual: nan, Target: nan, Attainment: nan, Basis: analysis.OnAttainment, Score: 0, Weight: 0.4, EffectiveWeight: 0, Missing: analysis.MissingReweight, Note: "no actual in 2026-10; left out", Rule: ruleB},
				},
				Total: 90, Final: 90, Grade: "A", Rank: 1, Previous: nan, Change: nan,
			},
			{
				Name: "Ghost", Group: "Departments", Scored: false,
				KPIs: []analysis.KPIScore{
					{Name: "Only", Metric: "g.a", Actual: nan, Target: nan, Attainment: nan, Basis: analysis.OnActual, Score: 0, Weight: 1, EffectiveWeight: 0, Missing: analysis.MissingReweight, Note: "no actual", Rule: ruleOnly},
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
	effective := func(r int) string {
		return fmt.Sprintf(`IF(AND(I%d="reweight",H%d=0),0,IF(COUNTIFS($I$5:$I$7,"reweight",$H$5:$H$7,0)=0,K%d,K%d/(SUM($K$5:$K$7)-SUMIFS($K$5:$K$7,$I$5:$I$7,"reweight",$H$5:$H$7,0))))`, r, r, r, r)
	}
	want := []struct {
		ref, formula string
		value        float64
	}{
		{"E5", "C5/D5", 0.96},
		{"E6", "C6/D6", 1.2},
		{"H5", "IF(AND(ISNUMBER(C5),ISNUMBER(D5),D5>0),1,0)", 1},
		{"H7", "IF(ISNUMBER(C7),1,0)", 1},
		{"J5", "IF(H5=1,MAX(0,MIN(120,100*(E5-0.8)/(1-0.8))),0)", 80},
		{"J6", "IF(H6=1,IF(E6>=1,100,IF(E6>=0.95,80,IF(E6>=0.9,60,0))),0)", 100},
		{"J7", "IF(H7=1,MAX(0,MIN(100,100*(13-C7)/(13-3))),0)", 60},
		{"L5", effective(5), 0.5},
		{"M5", "L5*J5", 40},
		{"M6", "L6*J6", 30},
		{"M7", "L7*J7", 12},
		{"M8", "SUM(M5:M7)", 82},
		{"M11", "D11*E11", 2},
		{"M12", "MIN(D12*E12,F12)", 10},
		{"M14", "M8", 82},
		{"M15", "SUM(M11)", 2},
		{"M16", "SUM(M12)", 10},
		{"M17", "M14+M15-M16", 74},
		{"M19", "'Summary'!$H$6", 2},
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
	if got, _ := f.GetCellFormula("Sales", "M18"); got != "VLOOKUP(MAX(ROUND(M17,6),INDEX(Grades,1,1)),Grades,2,TRUE)" {
		t.Errorf("Sales!M18 (grade) formula = %q", got)
	}
	if got, _ := f.GetCellValue("Sales", "M18"); got != "C" {
		t.Errorf("Sales!M18 (grade) = %q, want C", got)
	}

	// the reweighted unit: the missing KPI is not measured and left out
	inj := `=HYPERLINK("http___x","y")`
	for _, w := range []struct {
		ref   string
		value float64
	}{{"H6", 0}, {"J6", 0}, {"L5", 1}, {"L6", 0}, {"M7", 90}} {
		if fm, _ := f.GetCellFormula(inj, w.ref); fm == "" {
			t.Errorf("%s!%s: no formula", inj, w.ref)
		}
		if v := numberCell(t, f, sheetXML(t, data, f, inj), inj, w.ref); math.Abs(v-w.value) > 1e-9 {
			t.Errorf("%s!%s cached = %v, want %v", inj, w.ref, v, w.value)
		}
	}

	// Summary: rank order within the group: the injection unit (1), Sales
	// (2), then Ghost (not scored). Columns C-G read the unit sheets.
	sum := sheetXML(t, data, f, "Summary")
	for _, w := range []struct {
		ref, formula string
		value        float64
	}{
		{"C6", "'Sales'!$M$14", 82},
		{"D6", "'Sales'!$M$15", 2},
		{"E6", "'Sales'!$M$16", 10},
		{"F6", "'Sales'!$M$17", 74},
		{"H6", "1+SUMPRODUCT(EXACT($A$5:$A$7,A6)*ISNUMBER($F$5:$F$7)*(ROUND($F$5:$F$7,6)>ROUND(F6,6)))", 2},
		{"H5", "1+SUMPRODUCT(EXACT($A$5:$A$7,A5)*ISNUMBER($F$5:$F$7)*(ROUND($F$5:$F$7,6)>ROUND(F5,6)))", 1},
		{"J6", "F6-I6", -6},
		{"F5", `'=HYPERLINK("http___x","y")'!$M$12`, 90},
	} {
		got, _ := f.GetCellFormula("Summary", w.ref)
		if got != w.formula {
			t.Errorf("Summary!%s formula = %q, want %q", w.ref, got, w.formula)
		}
		if v := numberCell(t, f, sum, "Summary", w.ref); math.Abs(v-w.value) > 1e-9 {
			t.Errorf("Summary!%s cached = %v, want %v", w.ref, v, w.value)
		}
	}
	if got, _ := f.GetCellFormula("Summary", "G6"); got != "'Sales'!$M$18" {
		t.Errorf("Summary!G6 (grade) formula = %q, want the unit sheet's grade", got)
	}
	// every cached formula result in every sheet is a number, or a grade
	grades := map[string]bool{"A": true, "B": true, "C": true, "D": true}
	for _, name := range f.GetSheetList() {
		x := sheetXML(t, data, f, name)
		for _, m := range cellRE.FindAllStringSubmatch(x, -1) {
			if !strings.Contains(m[3], "<f>") || !strings.Contains(m[2], ` t="`) {
				continue
			}
			if v, _ := f.GetCellValue(name, m[1]); !strings.Contains(m[2], `t="str"`) || !grades[v] {
				t.Errorf("%s!%s: formula result cached as %s %q, want a number or a grade", name, m[1], m[2], v)
			}
		}
	}
}

// TestAssessmentWorkbookLive counts the derived cells: every score,
// weighted score, total, final, grade and rank that has a value is a
// formula, on the unit sheets and on the summary.
func TestAssessmentWorkbookLive(t *testing.T) {
	sc := scorecard()
	data := renderWorkbook(t, sc, nil)
	f := openWorkbook(t, data)
	n, formulas := 0, 0
	check := func(sheet, ref string) {
		v, _ := f.GetCellValue(sheet, ref)
		if v == "" {
			return
		}
		n++
		if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
			formulas++
		} else {
			t.Errorf("%s!%s = %q is a value, want a formula", sheet, ref, v)
		}
	}
	for i, u := range sc.Units {
		sheet := f.GetSheetList()[1+i]
		for j := range u.KPIs {
			check(sheet, a1(colScore, 5+j))
			check(sheet, a1(colWeighted, 5+j))
		}
		rows, _ := f.GetRows(sheet)
		for r, cells := range rows {
			if len(cells) >= colWeighted && (cells[0] == "Total" || strings.Contains("|Total|Final|Grade|Rank|", "|"+cells[colEffWeight-1]+"|")) {
				check(sheet, a1(colWeighted, r+1))
			}
		}
	}
	for r := 5; r < 5+len(sc.Units); r++ {
		for _, col := range []string{"C", "F", "G", "H"} {
			check("Summary", col+strconv.Itoa(r))
		}
	}
	// Sales: 3 scores, 3 weighted, the total row and the result block's
	// total, final, grade, rank (11); the injection unit: 2, 2, 5 (9); Ghost:
	// its score only (1); the summary: 2 scored units × 4 (8).
	if n != 29 || formulas != n {
		t.Errorf("derived cells: %d formulas of %d, want 29 of 29", formulas, n)
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
	for _, c := range [][2]string{{"Sales", "D7"}, {"Sales", "E7"}, {"Ghost", "C5"}, {"Ghost", "M5"}, {"Ghost", "M6"}} {
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
		{"Rules", rules, "A11", injection},
		{"Rules", rules, "B11", "=1+1"},
		{"Rules", rules, "C11", "-2+3"},
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
		{"Departments", injection, "90.0", "90.0"},
		{"Departments", "Sales", "80.0", "74.0"},
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
	if fm, _ := f.GetCellFormula("Summary", "F6"); fm != "'Regional sales office number 12'!$M$17" {
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
	for _, good := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "=HYPERLINK(&#34;http:", "74.0", "-6.0", "not scored", "2026-11-05 08:00 UTC"} {
		if !strings.Contains(s, good) {
			t.Errorf("HTML lacks %q", good)
		}
	}
}

// TestAssessmentWorkbookIncomplete checks that a month scored on incomplete
// data is flagged: on the summary, and in the history's notes by month.
func TestAssessmentWorkbookIncomplete(t *testing.T) {
	sc := scorecard()
	sc.Incomplete = []string{"sales-2026-10.xlsx"}
	prev := scorecard()
	prev.Period--
	prev.Units[0].Final = 80
	prev.Incomplete = []string{"hr (no file)", "rd-2026-09.xlsx"}
	older := scorecard()
	older.Period -= 2
	data := renderWorkbook(t, sc, []*analysis.Scorecard{older, prev})
	f := openWorkbook(t, data)
	if got, _ := f.GetCellValue(summarySheet, "A3"); got != "Scored on incomplete data: sales-2026-10.xlsx." {
		t.Errorf("Summary!A3 = %q, want the incomplete inputs", got)
	}
	rows, err := f.GetRows(historySheet)
	if err != nil {
		t.Fatal(err)
	}
	// units on rows 5-7, the notes' header on 9, one row per incomplete month
	want := [][]string{
		{"Month", "Data note"},
		{"2026-09", "incomplete: hr (no file); rd-2026-09.xlsx"},
		{"2026-10", "incomplete: sales-2026-10.xlsx"},
	}
	for i, w := range want {
		if len(rows) <= 8+i {
			t.Fatalf("history has %d rows, want the notes from row 9", len(rows))
		}
		if got := rows[8+i]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("history row %d = %q, want %q", 9+i, got, w)
		}
	}
	if len(rows) > 11 {
		t.Errorf("history row 12 = %q, want nothing (2026-08 was complete)", rows[11])
	}
	// the complete month's header keeps the plain style, the others not
	plain, _ := f.GetCellStyle(historySheet, "C4")
	for _, ref := range []string{"D4", "E4"} {
		if s, _ := f.GetCellStyle(historySheet, ref); s == plain {
			t.Errorf("%s!%s: an incomplete month's header styled as a complete one's", historySheet, ref)
		}
	}
	// last month's final on the summary reads the history
	if fm, _ := f.GetCellFormula(summarySheet, "I6"); fm != "'Score history'!$D$6" {
		t.Errorf("Summary!I6 = %q, want last month's final from the history", fm)
	}
	var html bytes.Buffer
	if err := assessmentHTML(&html, sc, testOptions); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "Scored on incomplete data: sales-2026-10.xlsx.") {
		t.Error("HTML does not say the month was scored on incomplete data")
	}
}

// TestAssessmentHTMLLooks: the page follows the reader's dark colour scheme
// as the monthly report does, with no fixed light colour outside the
// palette and print, and shows amounts as the workbook does: an amount of
// 100 or more without its fen, a count as a whole number.
func TestAssessmentHTMLLooks(t *testing.T) {
	sc := scorecard()
	sc.Units[0].KPIs[0].Actual, sc.Units[0].KPIs[0].Target = 31857308.17, 28069000
	sc.Units[0].KPIs[1].Actual, sc.Units[0].KPIs[1].Target = 12684, 10519.95
	var b bytes.Buffer
	if err := assessmentHTML(&b, sc, testOptions); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{`<meta name="color-scheme" content="light dark">`, "@media (prefers-color-scheme: dark)",
		"<td>31,857,308</td>", "<td>28,069,000</td>", "<td>12,684</td>", "<td>10,520</td>"} {
		if !strings.Contains(s, want) {
			t.Errorf("assessment HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"31,857,308.17", "10,519.95"} {
		if strings.Contains(s, bad) {
			t.Errorf("assessment HTML shows %q", bad)
		}
	}
	// Colours are custom properties, set in :root, in the dark scheme and
	// for print; a literal colour elsewhere would stay light in the dark.
	css := s[strings.Index(s, "<style>"):strings.Index(s, "</style>")]
	dark := strings.Index(css, "@media (prefers-color-scheme: dark)")
	print := strings.Index(css, "@media print")
	rest := css[strings.Index(css, "}\n")+2 : print]
	rest = strings.Replace(rest, css[dark:dark+strings.Index(css[dark:], "\n}\n")], "", 1)
	if m := regexp.MustCompile(`#[0-9a-fA-F]{3,6}\b`).FindString(rest); m != "" {
		t.Errorf("assessment CSS sets the colour %s outside its palette", m)
	}
}
