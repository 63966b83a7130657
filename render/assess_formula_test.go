package render

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo/analysis"
)

// TestScoreRule checks each scoring formula against analysis.Scoring.Points
// by evaluating the formula's arithmetic by hand for a few values.
func TestScoreRule(t *testing.T) {
	for _, c := range []struct {
		name string
		s    analysis.Scoring
		want string
	}{
		{"linear", analysis.Scoring{Kind: analysis.Linear, Floor: 0.8, Ceiling: 1, Cap: 120}, "MAX(0,MIN(120,100*(E5-0.8)/(1-0.8)))"},
		{"linear negative floor", analysis.Scoring{Kind: analysis.Linear, Floor: -0.05, Ceiling: 0.1}, "MAX(0,MIN(100,100*(E5-(-0.05))/(0.1-(-0.05))))"},
		{"lower is better", analysis.Scoring{Kind: analysis.LowerIsBetter, Best: 0.9, Worst: 1.3}, "MAX(0,MIN(100,100*(1.3-E5)/(1.3-0.9)))"},
		{"bands", analysis.Scoring{Kind: analysis.BandTable, Bands: []analysis.Band{{Min: 2, Points: 50}, {Min: 4, Points: 80}}}, "IF(E5>=4,80,IF(E5>=2,50,0))"},
		{"pass", analysis.Scoring{Kind: analysis.PassFail, Threshold: 0.95}, "IF(E5>=0.95,100,0)"},
		{"pass at most", analysis.Scoring{Kind: analysis.PassFail, Threshold: 3, AtMost: true}, "IF(E5<=3,100,0)"},
		{"ratio", analysis.Scoring{Kind: analysis.Ratio, Cap: 120}, "MAX(0,MIN(120,100*E5))"},
		{"tiny parameter", analysis.Scoring{Kind: analysis.PassFail, Threshold: 1e-7}, "IF(E5>=0.0000001,100,0)"},
	} {
		if got := scoreRule(&c.s, "E5"); got != c.want {
			t.Errorf("%s: scoreRule = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAmountFormat(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want string
	}{
		{[]float64{3, 5}, "#,##0"},                   // counts
		{[]float64{31857307.62, 28069000}, "#,##0"},  // yuan to the fen
		{[]float64{0.953, 0.95}, "0.0%"},             // a rate
		{[]float64{7.5, nan}, "#,##0.0#"},            // hours
		{[]float64{nan, nan}, "#,##0"},               // nothing
		{[]float64{-12.25, 3}, "#,##0.0#"},           // small, signed
		{[]float64{0.5, 1}, "0.0%"},                  // a fraction and a whole
		{[]float64{150.5, 0.5}, "#,##0"},             // an amount
		{[]float64{math.Inf(1), 2}, "#,##0"},         // infinities are skipped
		{[]float64{-0.25}, "0.0%"},                   // a negative fraction
		{[]float64{99.99}, "#,##0.0#"},               // just below an amount
		{[]float64{100}, "#,##0"},                    // a whole amount
		{[]float64{1.5}, "#,##0.0#"},                 // above 1
		{[]float64{0.000001}, "0.0%"},                // a tiny fraction
		{[]float64{1e15 + 0.5}, "#,##0"},             // huge
		{[]float64{2.25, 1.125, 3.0625}, "#,##0.0#"}, // more decimals than shown
	} {
		if got := amountFormat(c.xs...); got != c.want {
			t.Errorf("amountFormat(%v) = %q, want %q", c.xs, got, c.want)
		}
	}
}

// TestAssessmentWorkbookRecalculates changes a target the way a person
// would (openpyxl, outside coo) and lets LibreOffice, an engine independent
// of coo, recalculate the workbook: the score, the final, the grade and the
// ranks must follow to the values worked out by hand below, and the
// unchanged workbook must recalculate to the values coo cached.
func TestAssessmentWorkbookRecalculates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("no soffice (Debian: libreoffice-calc-nogui)")
	}
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		t.Skip("no openpyxl (Debian: python3-openpyxl)")
	}
	dir := t.TempDir()
	orig, changed := filepath.Join(dir, "orig.xlsx"), filepath.Join(dir, "changed.xlsx")
	data := renderWorkbook(t, scorecard(), nil)
	if err := os.WriteFile(orig, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// Sales' revenue target from 1250 to 1000.
	if out, err := exec.Command(python, "testdata/xlsx_set_cell.py", orig, changed, "Sales", "D5", "1000").CombinedOutput(); err != nil {
		t.Fatalf("xlsx_set_cell.py: %v\n%s", err, out)
	}
	// A profile of our own that recalculates every formula on load, also
	// those with cached results (LibreOffice's default keeps them).
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--norestore",
		"--convert-to", "xlsx", "--outdir", out, orig, changed)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to xlsx: %v\n%s", err, msg)
	}
	read := func(name string) *excelize.File {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("LibreOffice wrote no %s: %v", name, err)
		}
		return openWorkbook(t, b)
	}

	// Unchanged: every formula recalculates to the value coo cached.
	ours, lo := openWorkbook(t, data), read("orig.xlsx")
	n := 0
	for _, sheet := range ours.GetSheetList() {
		rows, err := ours.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, cells := range rows {
			for c, cached := range cells {
				ref := a1(c+1, r+1)
				if fm, _ := ours.GetCellFormula(sheet, ref); fm == "" {
					continue
				}
				n++
				got, _ := lo.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				if !sameValue(got, cached) {
					t.Errorf("%s!%s = %s: LibreOffice %q, coo cached %q", sheet, ref, formulaOf(ours, sheet, ref), got, cached)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("%d formulas compared, want the workbook's (50 or more)", n)
	}

	// Changed. By hand: Sales' revenue attainment 1200 ÷ 1000 = 1.2; linear
	// 0.8→0, 1→100, cap 120: 100 × 0.4 ÷ 0.2 = 200, capped at 120; weighted
	// 0.5 × 120 = 60; total 60 + 30 + 12 = 102; final 102 + 2 − 10 = 94:
	// grade A (≥ 90), rank 1 above the other department's 90, which is now 2.
	ch := read("changed.xlsx")
	for _, w := range []struct {
		sheet, ref, want string
	}{
		{"Sales", "E5", "1.2"},
		{"Sales", "J5", "120"},
		{"Sales", "M5", "60"},
		{"Sales", "M8", "102"},
		{"Sales", "M17", "94"},
		{"Sales", "M18", "A"},
		{"Sales", "M19", "1"},
		{"Summary", "F6", "94"},
		{"Summary", "G6", "A"},
		{"Summary", "H6", "1"},
		{"Summary", "H5", "2"},
		{"Summary", "J6", "14"}, // 94 − 80 last month
		{"Score history", "C6", "94"},
	} {
		got, _ := ch.GetCellValue(w.sheet, w.ref, excelize.Options{RawCellValue: true})
		if !sameValue(got, w.want) {
			t.Errorf("after the target change, %s!%s = %q, want %s", w.sheet, w.ref, got, w.want)
		}
	}
}

// recalcProfile sets LibreOffice to recalculate xlsx and ods formulas on load.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// sameValue compares two raw cell values: as numbers within 1e-9 when both
// are numbers, else as text.
func sameValue(a, b string) bool {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
	}
	return a == b
}

func formulaOf(f *excelize.File, sheet, ref string) string {
	fm, _ := f.GetCellFormula(sheet, ref)
	return "=" + fm
}
