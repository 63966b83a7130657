package ingest

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// formulaCase is one case of testdata/formula_r7/want.json, written by
// testdata/formula_r7/make.py: a formula openpyxl wrote without a saved
// result, and the value LibreOffice computed for it (LibreOffice is nil
// when it gave an error or text, named in LibreOfficeText).
type formulaCase struct {
	ID, Cell, Formula string
	LibreOffice       *float64
	LibreOfficeText   *string `json:"libreoffice_text"`
}

// refuse marks a formula coo must set aside; the text says why (and, where
// LibreOffice gives a number, why that number is not Excel's for sure).
type refuse string

// compute marks a formula coo must compute, to LibreOffice's value.
const compute refuse = ""

// formulaPolicy says, for every formula of want.json, whether coo computes
// it or sets it aside. A computed value must equal LibreOffice's exactly
// (LibreOffice stores 15 significant digits, as coo rounds to).
var formulaPolicy = map[string]refuse{
	// ^ is left to right; a sign binds tighter than ^
	"=2^3^2": compute, "=2^-2^2": compute, "=4^0.5^2": compute, "=10^-2^2": compute,
	"=2^2^-1": compute, "=-2^2": compute, "=2^-2": compute, "=-2^-2": compute,
	"=0-2^2": compute, "=-3^2+1": compute, "=--2^2": compute, "=-(2)^2": compute,
	"=2*3^2": compute, "=(2^3)^2": compute, "=2^(3^2)": compute, "=100*1.1^2^1": compute,
	"=2^0.5": compute, "=-D2^2": compute, "=D2^2^2": compute,
	// % binds tighter than ^, and repeats
	"=2^3%": compute, "=(50)%": compute, "=50%": compute, "=200%%": compute,
	"=5%*200": compute, "=1-2%": compute, "=-2%^2": compute, "=50 %": compute, "=D2%": compute,
	// 15 significant digits; a last subtraction that cancels is 0
	"=0.1+0.2": compute, "=0.1*3": compute, "=1.1*1.1": compute, "=1/3": compute,
	"=2/3": compute, "=1/3*3": compute, "=0.5-0.4-0.1": compute, "=0.3-0.1-0.2": compute,
	"=D16+D6-D17": compute, "=D18-D19-D6": compute, "=1+1E-16-1": compute,
	"=1E14+0.3": compute, "=1E-200*1E-200": compute,
	"=1*(0.5-0.4-0.1)":       "cancels inside: Excel -2.78E-17 (Microsoft's own example), LibreOffice 0",
	"=(0.5-0.4-0.1)":         "cancels inside parentheses: Excel's rounding of it unsure",
	"=-(0.5-0.4-0.1)":        "cancels, then negated: Excel's last step is not the subtraction",
	"=0.5-0.4-0.1+1":         "cancels before the last step",
	"=123456789012345678":    "Excel cuts a literal to 15 digits (123456789012345000), LibreOffice rounds",
	"=0.1234567890123456789": "Excel cuts a literal to 15 digits, LibreOffice rounds",
	"=1E-300/1E10":           "subnormal: LibreOffice keeps it, Excel cannot",
	// errors
	"=1E308*10": "#NUM!", "=2^1023*2": "#NUM!", "=1/0": "#DIV/0!", "=0/0": "#DIV/0!",
	"=0^0": "Excel #NUM!, LibreOffice 1", "=0^-1": "#NUM!", "=(-2)^0.5": "#NUM!",
	"=(-8)^(1/3)": "an odd root of a negative number: not computed",
	"=-8^(1/3)":   "an odd root of a negative number: not computed",
	"=D5/D5":      "#DIV/0! (an empty cell is 0)",
	// literals, signs, white space
	"=1E3": compute, "=1e3": compute, "=1.5E-3": compute, "=.5": compute, "=5.": compute,
	"= 1 + 1": compute, "=1 +  2 * 3": compute, "=+5": compute, "=--5": compute,
	"=---5": compute, "=+-5": compute, "=3-2-1": compute, "=8/4/2": compute,
	"=2*-3": compute, "=1+2*3-4/2": compute, "=(1+2)*3": compute,
	"=3*(1+2": "unbalanced: LibreOffice closes it, Excel refuses it",
	// not arithmetic
	"=1<2": "a comparison", "=1=1": "a comparison", "=1<>2": "a comparison",
	`="a"&"b"`: "text", "=1&2": "text", `="5"+1`: "text", "=TRUE+1": "a logical value",
	"=MAX(1,2)": "another function", "=ROUND(1.5,0)": "another function",
	// references
	"=D2+1": compute, "=$D$2+1": compute, "=D$2+1": compute, "=$D2*2": compute,
	"=d2+1": compute, "=D2+D16": compute, "=D20": compute, "=-D20": compute, "=D20*1": compute,
	"=D5+1": compute, "=D5": compute, "=D2*D5": compute, "=-D5": compute,
	"=E2": compute, "=E2+1": compute, "=D26+1": compute,
	"=D3+1": "a number stored as text: LibreOffice reads it or not by its settings",
	"=D3*2": "a number stored as text", "=D2+D3": "a number stored as text", "=-D3": "a number stored as text",
	"=D4+1": "TRUE", "=D7+0": "text 1,000", "=D8+0": "text", "=D9+0": "#N/A",
	"=D10+0": "text 2.5", "=D11+0": "text ' 5 '", "=D12+0": "text (5)", "=D13+0": "text 5%",
	"=D14+0": "text 1e3", "=D15+0": "text with a no-break space: Excel does not read it",
	"=D21+0": "text -5", "=D22+0": "text +5", "=D23+0": "text 5.", "=D24+0": "text .5",
	"=D25+0":  "text 1,00",
	"=C2+1":   "a formula with no saved result",
	"=D999+1": "a row below", "=A1": "the header's text",
	"=D2:D3": "a range outside SUM", "=D2 D2": "the intersection operator", "=D$$2": "not a reference",
	// SUM
	"=SUM(D2,D3)": "a number stored as text, which Excel's SUM skips", "=SUM(D2:D3)": "a number stored as text",
	"=SUM(D3)": "a number stored as text", "=SUM(-D3)": "a number stored as text", "=SUM(D2:D3,5)": "a number stored as text",
	"=SUM(D2+D3)": "a number stored as text",
	"=SUM(D2,D4)": "TRUE: LibreOffice's SUM counts it (4), Excel's skips it (3)",
	"=SUM(D2:D4)": "TRUE: LibreOffice's SUM counts it (4), Excel's skips it (3)",
	"=SUM(D5,D2)": compute, "=SUM(D5)": compute, "=SUM(D2,D5,D6)": compute,
	"=SUM(D5:D5)": "a range with no number", "=SUM(E2:E5)": "a range with no number",
	"=SUM(D2,D9)": "#N/A", "=SUM(D2:D9)": "#N/A",
	`=SUM(D2,"5")`: "text", `=SUM(1,"2")`: "text (Excel 3, LibreOffice #VALUE!)", "=SUM(1,TRUE)": "a logical value",
	"=SUM()": "Excel refuses SUM()", "=SUM(1,)": "an empty argument",
	"=SUM(D2 ,D16)": compute, "=SUM( D16:D17 )": compute, "=SUM(D16:D17)": compute,
	"=SUM(0.5,-0.4,-0.1)": "cancels inside SUM", "=SUM(D18,-D19,-D6)": "cancels inside SUM",
	"=SUM(D18:D19)-0.9": compute, "=SUM(D2:D2)": compute, "=SUM(D2)*2": compute, "=sum(D2)": compute,
	"=SUM (D2)":    "a space before (: Excel refuses it",
	"=SUM(D2:D3":   "unbalanced",
	"=SUM(D6,D16)": compute, "=SUM(D6:D6,D16:D16)": compute, "=SUM(D16:D17,D18)": compute,
	"=SUM($D$2:$D$2)": compute, "=SUM(D20)": compute,
	// other sheets
	"=Other!A1": "another sheet", "='Other'!A1": "another sheet", "=Other!A1+D2": "another sheet",
	"=SUM(Other!A1:A2)": "another sheet",
}

// TestFormulaLibreOffice reads testdata/formula_r7/formulas.xlsx (formulas
// with no saved result) and checks every formula against what LibreOffice
// computed for it (want.json): coo computes exactly LibreOffice's value, or
// sets the cell aside, as formulaPolicy says. Before this test, coo took ^
// right to left (2^3^2 gave 512, not 64), added a number stored as text in
// SUM(D2,D3), kept 0.30000000000000004 for 0.1+0.2, and computed 0^0,
// SUM(), 1/(1E308*10) and other cases Excel refuses.
func TestFormulaLibreOffice(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "formula_r7", "want.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		LibreOfficeVersion string `json:"libreoffice_version"`
		Cases              []formulaCase
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(want.LibreOfficeVersion, "LibreOffice ") || len(want.Cases) < 100 {
		t.Fatalf("want.json: version %q, %d cases", want.LibreOfficeVersion, len(want.Cases))
	}
	src := Source{
		Name: "f", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "item", Header: "Item"}},
		Measures:   []Measure{{Column: Column{Name: "amount", Header: "Amount"}}},
	}
	s, err := readFixture(t, "formula_r7/formulas.xlsx", src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range s.facts {
		got[fmt.Sprintf("C%d", f.Row)] = f.Value
	}
	rejected := map[string]string{}
	for _, r := range s.rejects {
		rejected[r.Cell] = r.Reason + ": " + r.Message
	}
	seen := map[string]bool{}
	for _, c := range want.Cases {
		seen[c.Formula] = true
		policy, ok := formulaPolicy[c.Formula]
		if !ok {
			t.Errorf("%s %s: no policy in formulaPolicy", c.Cell, c.Formula)
			continue
		}
		lo := "an error or text"
		if c.LibreOffice != nil {
			lo = fmt.Sprint(*c.LibreOffice)
		} else if c.LibreOfficeText != nil {
			lo = *c.LibreOfficeText
		}
		v, computed := got[c.Cell]
		switch {
		case computed && c.LibreOffice == nil:
			t.Errorf("%s %s = %v, LibreOffice %s: must be set aside", c.Cell, c.Formula, v, lo)
		case computed && v != *c.LibreOffice:
			t.Errorf("%s %s = %v, LibreOffice %s", c.Cell, c.Formula, v, lo)
		case computed && policy != compute:
			t.Errorf("%s %s = %v, want it set aside (%s)", c.Cell, c.Formula, v, policy)
		case !computed && policy == compute:
			t.Errorf("%s %s set aside (%s), want LibreOffice's %s", c.Cell, c.Formula, rejected[c.Cell], lo)
		case !computed && !strings.HasPrefix(rejected[c.Cell], "formula_without_value: "):
			t.Errorf("%s %s: rejected %q, want formula_without_value", c.Cell, c.Formula, rejected[c.Cell])
		}
	}
	for f := range formulaPolicy {
		if !seen[f] {
			t.Errorf("formulaPolicy has %s, want.json does not", f)
		}
	}
}

// TestFormulaExcelOnly covers what the LibreOffice fixture cannot: steps
// that pass through a value Excel would not hold, and references Excel
// would not read. Each must be set aside; the computed ones must match.
func TestFormulaExcelOnly(t *testing.T) {
	cells := func(row, col int) (float64, bool, bool, bool) {
		switch [2]int{row, col} {
		case [2]int{1, 1}:
			return 3, true, false, false
		case [2]int{1, 2}:
			return 5, true, false, true // "5" typed as text
		}
		return 0, false, true, false
	}
	for _, c := range []struct {
		formula string
		want    float64
		refuse  string // a part of the reason, or "" to compute
	}{
		{"1/(1E308*10)", 0, "not a finite number"},
		{"1/(0^-1)", 0, "not a finite number"},
		{"1E-320", 0, "too small"},
		{"1E400", 0, "not a number"},
		{"$$A1", 0, "not a cell reference"},
		{"A1$", 0, "not a cell reference"},
		{"A$1$", 0, "not a cell reference"},
		{"$A$1*2", 6, ""},
		{"A1+B1", 0, "stored as text"},
		{"SUM(B1)", 0, "stored as text"},
		{"C1+1", 1, ""},
		{"SUM(C1,A1)", 3, ""},
		{"1000000000000000.5*1", 0, "more than 15 significant digits"},
		{"100000000000000000000", 1e20, ""},
		{"0.000000000000000000001", 1e-21, ""},
		{"2^3^2^0.5", 8, ""}, // ((2^3)^2)^0.5
		{"-2^2^3", 64, ""},   // ((-2)^2)^3
		{"0.1+0.7", 0.8, ""},
		{"(0.1+0.7)*10", 8, ""},
		{"1-0.9-0.1", 0, ""},
		{"(1-0.9-0.1)+0", 0, "cancels"},
		{strings.Repeat("1^", 100000) + "1", 1, ""},
	} {
		v, err := evalFormula(c.formula, cells)
		switch {
		case c.refuse == "" && (err != nil || v != c.want):
			t.Errorf("evalFormula(%.40q) = %v, %v; want %v", c.formula, v, err, c.want)
		case c.refuse != "" && (err == nil || !strings.Contains(err.Error(), c.refuse)):
			t.Errorf("evalFormula(%.40q) = %v, %v; want it set aside: %s", c.formula, v, err, c.refuse)
		}
	}
}

// TestFormulaRecalcOnLoad reads testdata/xlsxwriter/recalc.xlsx, written by
// XlsxWriter, which saves every formula with a result of 0 and asks Excel
// to recalculate on opening. The zeros were loaded as the revenue, exit 0
// (found from outside); coo computes the formulas it can and sets the rest
// aside, saying why.
func TestFormulaRecalcOnLoad(t *testing.T) {
	src := Source{
		Name: "s", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures:   []Measure{{Column: Column{Name: "units", Header: "Units"}}, {Column: Column{Name: "revenue", Header: "Revenue"}, Unit: "CNY"}},
	}
	s, err := readFixture(t, "xlsxwriter/recalc.xlsx", src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range s.facts {
		got[f.Metric+" "+f.Dims] = f.Value
	}
	// West's row is set aside whole, with its cell E4 (a row is loaded
	// whole or not at all); the Total row is checked, not loaded.
	want := map[string]float64{"units region=North": 10, "units region=South": 4,
		"revenue region=North": 25, "revenue region=South": 12}
	if !maps.Equal(got, want) {
		t.Errorf("facts %v, want %v", got, want)
	}
	var e4 string
	for _, r := range s.rejects {
		if r.Cell == "E4" {
			e4 = r.Reason + ": " + r.Message
		}
	}
	if !strings.HasPrefix(e4, "formula_without_value: ") || !strings.Contains(e4, "recalculated when opened") {
		t.Errorf("E4 (=C4*D4, D4 a VLOOKUP): %q; want it set aside, saying the workbook asks to be recalculated", e4)
	}
}

// TestMergedLabelRow reads testdata/merged_labels/merged_labels.xlsx
// (openpyxl): a long table whose subtotal rows carry their label in one
// cell merged across Region and Product. They loaded as
// region=North;product=North beside North's rows, doubling the month
// (found from outside); they are subtotals, not members.
func TestMergedLabelRow(t *testing.T) {
	src := Source{
		Name: "s", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}, {Name: "product", Header: "Product"}},
		Measures:   []Measure{{Column: Column{Name: "units", Header: "Units"}}},
	}
	s, err := readFixture(t, "merged_labels/merged_labels.xlsx", src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range s.facts {
		got[f.Dims] = f.Value
	}
	want := map[string]float64{"region=North;product=A": 1, "region=North;product=B": 2, "region=South;product=A": 4, "region=South;product=B": 5}
	if !maps.Equal(got, want) || len(s.rejects) != 0 {
		t.Errorf("facts %v, rejects %v; want %v and none", got, s.rejects, want)
	}
}
