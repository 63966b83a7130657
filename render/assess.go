package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/analysis"
)

// Sheet names of the assessment workbook besides the units' own.
const (
	summarySheet = "Summary"
	historySheet = "Score history" // Excel reserves "History"
	rulesSheet   = "Rules"
)

// Layout of a unit sheet (see assessmentWorkbook).
const (
	unitHeaderRow = 4 // the KPI table's header; KPIs follow from row 5
	// KPI table columns
	colKPI, colMetric, colActual, colTarget, colAttain, colBasis, colScoring, colMeasured, colPolicy = 1, 2, 3, 4, 5, 6, 7, 8, 9
	colScore, colWeight, colEffWeight, colWeighted, colNote                                          = 10, 11, 12, 13, 14
	// adjustment table columns
	colAdjKind, colAdjCount, colAdjPer, colAdjCap, colAdjPoints = 3, 4, 5, 6, colWeighted // points under the weighted scores
)

// Layout of the summary: header on row 4, units from row 5; columns A group,
// B unit, C total, D bonus, E deductions, F final, G grade, H rank, I last
// month, J change, and K (hidden) the 100 line of the charts.
const (
	summaryHeaderRow = 4
	sumCols          = 10
	colLine          = 11
)

// Layout of the score history: header on row 4, units from row 5, months
// from column C.
const histHeaderRow = 4

// Layout of the Rules sheet: the grade table's header on row 3, its grades
// (lowest first) from row 4, then the rules in words.
const gradeHeaderRow = 3

// Assessment writes the month's score workbook and its HTML summary into dst
// as Stem.xlsx and Stem.html (the Stem "" is assessment-YYYY-MM); see
// assessmentWorkbook and assessmentHTML for what each holds.
func Assessment(ctx context.Context, dst Dest, sc *analysis.Scorecard, history []*analysis.Scorecard, opt Options) error {
	if opt.Stem == "" {
		opt.Stem = "assessment-" + sc.Period.String()
	}
	var xlsx, html bytes.Buffer
	if err := assessmentWorkbook(&xlsx, sc, history, opt); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := assessmentHTML(&html, sc, opt); err != nil {
		return err
	}
	if err := put(dst, opt.Stem+".xlsx", xlsx.Bytes()); err != nil {
		return err
	}
	return put(dst, opt.Stem+".html", html.Bytes())
}

// assessmentWorkbook writes the assessment of sc as an .xlsx workbook that an
// auditor can check cell by cell and that stays live: change an actual, a
// target or a weight and the score, total, final, grade, rank and change
// follow.
//
//   - Summary: one row per unit (group, unit, total, bonus, deductions, final,
//     grade, rank, last month's final and the change), grouped as the rules
//     group them and ranked within each group. Total to grade read the unit's
//     sheet, rank is 1 + the number of finals of the group above the unit's
//     (both rounded to six decimals, so equal finals share a rank and the
//     next one skips), last month reads the score history and change = final
//     − last month. A colour scale marks the finals, red and green the
//     change, and one chart per group shows the finals against a line at 100.
//   - one sheet per unit, named after it (cut to 31 characters, the characters
//     Excel forbids replaced by "_", unique case-insensitively with " (2)"...):
//     its KPIs with actual, target, attainment (= actual ÷ target), the
//     scoring rule in words, measured (1 when the KPI has what it needs),
//     the missing-data policy, score (the rule as a formula of the
//     attainment or the actual; the policy's points when not measured),
//     weight, effective weight (0 for a KPI left out under reweight, the
//     other weights scaled up to sum to 1), weighted score (= effective
//     weight × score) and the total (= SUM); its bonus and deduction items
//     (points = count × points per count, capped by MIN); final = total +
//     bonus − deductions, the grade (looked up in the grade table) and the
//     rank (from the summary).
//   - Score history: the finals of every unit by month, from history and sc;
//     this month's read the unit sheets. A month scored on incomplete data
//     (Scorecard.Incomplete) is marked, and the notes below the table say
//     which inputs were incomplete.
//   - Rules: the grade table (the defined name Grades, lowest grade first)
//     and every rule in words and numbers (sc.Rules).
//
// Every formula is stored with its result cached, equal to what coo computed,
// so that a reader that does not recalculate shows the same figures as Excel
// or LibreOffice after recalculating. A number coo does not have (NaN: an
// unscored unit's total and final, a missing actual) is an empty cell. Text
// from the rules and the data (unit, group, KPI and item names, notes) is
// written as string cells, never as formulas, so a name such as
// =HYPERLINK(...) stays text.
//
// Scores are formulas when the scorecard carries the KPIs' rules
// (KPIScore.Rule, set by analysis.Score) and grades when it carries the grade
// bands; a hand-made scorecard without them gets coo's numbers as values.
//
// history holds the scorecards of other months, in any order; sc's month is
// taken from sc. The output depends on sc, history and opt only: the same
// inputs give the same bytes.
func assessmentWorkbook(w io.Writer, sc *analysis.Scorecard, history []*analysis.Scorecard, opt Options) error {
	if err := opt.Validate(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &assessBook{f: f, sc: sc, opt: opt, fmts: map[string]int{}}
	if err := b.build(history); err != nil {
		return fmt.Errorf("assessment workbook: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("assessment workbook: %w", err)
	}
	if err := canonicalXLSX(w, buf.Bytes()); err != nil {
		return fmt.Errorf("assessment workbook: %w", err)
	}
	return nil
}

type assessBook struct {
	f      *excelize.File
	sc     *analysis.Scorecard
	opt    Options
	st     styles
	fmts   map[string]int // number format → style, for metric values
	sheets []string       // unit sheet names, parallel to sc.Units
	cells  []unitCells
	order  []int // sc.Units' indexes in the summary's order
	sumRow []int // each unit's summary row, parallel to sc.Units
	hist   histLayout
}

// unitCells are the cells of a unit sheet the summary reads (A1, absolute).
type unitCells struct {
	total, bonus, deductions, final, grade string
	gradeLive                              bool // grade is a formula
}

type styles struct {
	title, subtitle, warn, header, headerWarn, text, wrap, label, labelBold, points, pointsBold, pointsWarn, pct, weight, weightBold, change, grade, rank, yesNo, param int
}

// grades reports whether the workbook has a grade table to look grades up in.
func (b *assessBook) grades() bool { return len(b.sc.Grades) > 0 }

func (b *assessBook) build(history []*analysis.Scorecard) error {
	f := b.f
	if err := b.makeStyles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", summarySheet); err != nil {
		return err
	}
	namer := newSheetNamer(summarySheet, historySheet, rulesSheet)
	for _, u := range b.sc.Units {
		name := namer.name(u.Name)
		b.sheets = append(b.sheets, name)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, s := range []string{historySheet, rulesSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	b.order = summaryOrder(b.sc.Units)
	b.sumRow = make([]int, len(b.sc.Units))
	for n, i := range b.order {
		b.sumRow[i] = summaryHeaderRow + 1 + n
	}
	b.hist = newHistLayout(b.sc, history)
	b.cells = make([]unitCells, len(b.sc.Units))
	for i := range b.sc.Units {
		if err := b.unitSheet(i); err != nil {
			return fmt.Errorf("sheet %q: %w", b.sheets[i], err)
		}
	}
	if err := b.summary(); err != nil {
		return fmt.Errorf("sheet %s: %w", summarySheet, err)
	}
	if err := b.history(); err != nil {
		return fmt.Errorf("sheet %s: %w", historySheet, err)
	}
	if err := b.rules(); err != nil {
		return fmt.Errorf("sheet %s: %w", rulesSheet, err)
	}
	f.SetActiveSheet(0)
	title := b.opt.Title
	if title == "" {
		title = "Assessment scores " + b.sc.Period.String()
	}
	stamp := b.opt.stamp().Format("2006-01-02T15:04:05Z")
	return f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        "Monthly assessment scores",
		Creator:        b.opt.author(),
		LastModifiedBy: b.opt.author(),
		Created:        stamp,
		Modified:       stamp,
		Description:    "Scores, grades and ranks by unit, with the formulas and the rules behind them. Written by coo.",
		Keywords:       "assessment, KPI, scorecard, " + b.sc.Period.String(),
		Category:       "Assessment",
		Language:       "en-US",
	})
}

func (b *assessBook) makeStyles() error {
	f := b.f
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: color, Family: "Calibri"}
	}
	fmtCode := func(s string) *string { return &s }
	border := []excelize.Border{{Type: "bottom", Color: "1F3864", Style: 1}}
	topLine := []excelize.Border{{Type: "top", Color: "808080", Style: 1}}
	amber := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}
	top := &excelize.Alignment{Vertical: "top"} // numbers beside wrapped text
	defs := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&b.st.title, &excelize.Style{Font: font(true, 14, "1F3864")}},
		{&b.st.subtitle, &excelize.Style{Font: font(false, 10, "595959")}},
		{&b.st.warn, &excelize.Style{Font: font(true, 10, "9C0006")}},
		{&b.st.header, &excelize.Style{Font: font(true, 11, "FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Border: border}},
		{&b.st.headerWarn, &excelize.Style{Font: font(true, 11, "9C0006"), Fill: amber,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Border: border}},
		{&b.st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&b.st.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&b.st.label, &excelize.Style{Font: font(false, 11, "404040")}},
		{&b.st.labelBold, &excelize.Style{Font: font(true, 11, "000000"), Border: topLine}},
		{&b.st.points, &excelize.Style{CustomNumFmt: fmtCode("0.0"), Alignment: top}},
		{&b.st.pointsBold, &excelize.Style{CustomNumFmt: fmtCode("0.0"), Font: font(true, 11, "000000"), Border: topLine}},
		{&b.st.pointsWarn, &excelize.Style{CustomNumFmt: fmtCode("0.0"), Fill: amber}},
		{&b.st.pct, &excelize.Style{CustomNumFmt: fmtCode("0.0%"), Alignment: top}},
		{&b.st.weight, &excelize.Style{CustomNumFmt: fmtCode("0.0%"), Alignment: top}},
		{&b.st.weightBold, &excelize.Style{CustomNumFmt: fmtCode("0.0%"), Font: font(true, 11, "000000"), Border: topLine}},
		{&b.st.change, &excelize.Style{CustomNumFmt: fmtCode("+0.0;-0.0;0.0")}},
		{&b.st.grade, &excelize.Style{Font: font(true, 11, "000000"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&b.st.rank, &excelize.Style{CustomNumFmt: fmtCode("0"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&b.st.yesNo, &excelize.Style{CustomNumFmt: fmtCode(`"yes";"yes";"no"`), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&b.st.param, &excelize.Style{CustomNumFmt: fmtCode("General"), Alignment: top}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return err
		}
		*d.dst = id
	}
	return nil
}

// amountStyle returns the style of a row of metric values (amountFormat).
func (b *assessBook) amountStyle(xs ...float64) (int, error) {
	code := amountFormat(xs...)
	if id, ok := b.fmts[code]; ok {
		return id, nil
	}
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &code, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return 0, err
	}
	b.fmts[code] = id
	return id, nil
}

// num is x as a cell value: nil (an empty cell) for NaN and infinities.
func num(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// cell is a value with a style; a NaN number becomes an empty styled cell.
func cell(v any, style int) excelize.Cell {
	if x, ok := v.(float64); ok {
		v = num(x)
	}
	return excelize.Cell{Value: v, StyleID: style}
}

// formula is a formula cell with its cached result, which must be a number.
func formula(expr string, result float64, style int) excelize.Cell {
	return excelize.Cell{Formula: expr, Value: result, StyleID: style}
}

// textFormula is a formula cell whose cached result is text (a grade).
func textFormula(expr, result string, style int) excelize.Cell {
	return excelize.Cell{Formula: expr, Value: result, StyleID: style}
}

// text is a string cell: never a formula, whatever s starts with.
func text(s string, style int) excelize.Cell {
	return excelize.Cell{Value: s, StyleID: style}
}

func a1(col, row int) string { return coo.ColumnName(col) + fmt.Sprint(row) }

func abs(col, row int) string { return "$" + coo.ColumnName(col) + "$" + fmt.Sprint(row) }

// printSetup sets landscape, fit to one page wide, and a footer.
func (b *assessBook) printSetup(sheet string, titleRows string) error {
	f := b.f
	land, one, zero, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L&8Assessment " + b.sc.Period.String() + "&C&8&A&R&8Page &P of &N",
	}); err != nil {
		return err
	}
	if titleRows != "" {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: sheetRef(sheet) + titleRows, Scope: sheet})
	}
	return nil
}

// stream opens a stream writer with column widths and the top rows frozen.
// dim is the sheet's used range, written in its header for readers that
// size a sheet from it.
func (b *assessBook) stream(sheet, dim string, widths []float64, frozenRows int) (*excelize.StreamWriter, error) {
	if err := b.f.SetSheetDimension(sheet, dim); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if frozenRows > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: frozenRows, TopLeftCell: a1(1, frozenRows+1), ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

func row(cells ...excelize.Cell) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		if c.Value == nil && c.Formula == "" {
			if c.StyleID == 0 {
				out[i] = nil
				continue
			}
		}
		out[i] = c
	}
	return out
}

// live reports whether unit u's KPI scores can be written as formulas: every
// KPI carries its rule.
func live(u *analysis.UnitScore) bool {
	for _, k := range u.KPIs {
		if k.Rule == nil {
			return false
		}
	}
	return len(u.KPIs) > 0
}

// unitSheet writes unit i's sheet and records the cells the summary reads.
func (b *assessBook) unitSheet(i int) error {
	u := &b.sc.Units[i]
	sheet := b.sheets[i]
	st := &b.st
	nk := len(u.KPIs)
	first, last := unitHeaderRow+1, unitHeaderRow+nk // KPI rows
	totalRow := last + 1
	// bonus and deduction items
	adjHeader := totalRow + 2
	var bonusRows, dedRows []int
	r := adjHeader
	for _, a := range u.Adjustments {
		r++
		if a.Deduction {
			dedRows = append(dedRows, r)
		} else {
			bonusRows = append(bonusRows, r)
		}
	}
	res := r + 2 // the result block: total, bonus, deductions, final, grade, rank
	if len(u.Adjustments) == 0 {
		res = totalRow + 2
	}
	gradeLive := u.Scored && b.grades()
	b.cells[i] = unitCells{total: abs(colWeighted, res), bonus: abs(colWeighted, res+1), deductions: abs(colWeighted, res+2),
		final: abs(colWeighted, res+3), grade: abs(colWeighted, res+4), gradeLive: gradeLive}
	isLive := live(u)

	if err := b.f.AutoFilter(sheet, a1(1, unitHeaderRow)+":"+a1(colNote, max(last, unitHeaderRow+1)), nil); err != nil {
		return err
	}
	if err := b.printSetup(sheet, "$1:$4"); err != nil {
		return err
	}
	widths := []float64{28, 22, 13, 13, 11, 10, 34, 9, 10, 8, 8, 10, 10, 50}
	sw, err := b.stream(sheet, "A1:"+a1(colNote, res+5), widths, unitHeaderRow)
	if err != nil {
		return err
	}
	put := func(r int, cells ...excelize.Cell) error { return sw.SetRow(a1(1, r), row(cells...)) }
	dims := u.Dims
	if dims == "" {
		dims = "totals"
	}
	if err := put(1, text(u.Name, st.title)); err != nil {
		return err
	}
	if err := put(2, text("Group: "+u.Group+"   ·   Period: "+b.sc.Period.String()+"   ·   Data: "+dims, st.subtitle)); err != nil {
		return err
	}
	hdr := []string{"KPI", "Metric", "Actual", "Target", "Attainment", "Basis", "Scoring", "Measured", "If missing", "Score", "Weight", "Effective weight", "Weighted score", "Note"}
	if err := sw.SetRow(a1(1, unitHeaderRow), headerRow(hdr, st.header), excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for j, k := range u.KPIs {
		r := first + j
		amt, err := b.amountStyle(k.Actual, k.Target)
		if err != nil {
			return err
		}
		att := cell(k.Attainment, st.pct)
		if !math.IsNaN(k.Attainment) && !math.IsNaN(k.Actual) && !math.IsNaN(k.Target) {
			att = formula(a1(colActual, r)+"/"+a1(colTarget, r), k.Attainment, st.pct)
		}
		scoring, policy := excelize.Cell{}, text(string(k.Missing), st.text)
		measured := cell(math.NaN(), st.yesNo)
		score := cell(k.Score, st.points)
		eff := cell(k.EffectiveWeight, st.weight)
		if isLive {
			m := 1.0
			if k.Missing != "" {
				m = 0
			}
			scoring = text(describeScoring(&k.Rule.Scoring, k.Basis), st.wrap)
			policy = text(string(k.Rule.Missing), st.text)
			measured = formula(measuredRule(k.Rule, k.Basis, r), m, st.yesNo)
			x := a1(colActual, r)
			if k.Basis == analysis.OnAttainment {
				x = a1(colAttain, r)
			}
			fallback := 0.0 // zero and reweight; carry keeps the score carried
			if k.Missing == analysis.MissingCarry {
				fallback = k.Score
			}
			score = formula(fmt.Sprintf("IF(%s=1,%s,%s)", a1(colMeasured, r), scoreRule(&k.Rule.Scoring, x), xnum(fallback)), k.Score, st.points)
			eff = formula(effectiveWeightRule(r, first, last), k.EffectiveWeight, st.weight)
		}
		weighted := cell(math.NaN(), st.points)
		if u.Scored {
			weighted = formula(a1(colEffWeight, r)+"*"+a1(colScore, r), k.Weighted, st.points)
		} else if !isLive {
			score = cell(math.NaN(), st.points)
		}
		height := rowHeight(k.Note, widths[colNote-1])
		if s, ok := scoring.Value.(string); ok {
			height.Height = max(height.Height, rowHeight(s, widths[colScoring-1]).Height)
		}
		if err := sw.SetRow(a1(1, r), row(
			text(k.Name, st.text), text(string(k.Metric), st.text),
			cell(k.Actual, amt), cell(k.Target, amt), att, text(string(k.Basis), st.text),
			scoring, measured, policy,
			score, cell(k.Weight, st.weight), eff, weighted, text(k.Note, st.wrap),
		), height); err != nil {
			return err
		}
	}
	empty := excelize.Cell{}
	totalCell := cell(math.NaN(), st.pointsBold)
	effTotal := excelize.Cell{StyleID: st.labelBold}
	if u.Scored && nk > 0 {
		totalCell = formula("SUM("+a1(colWeighted, first)+":"+a1(colWeighted, last)+")", u.Total, st.pointsBold)
		sum := 0.0
		for _, k := range u.KPIs {
			sum += k.EffectiveWeight
		}
		effTotal = formula("SUM("+a1(colEffWeight, first)+":"+a1(colEffWeight, last)+")", sum, st.weightBold)
	}
	blank := func(n int, style int) []excelize.Cell {
		out := make([]excelize.Cell, n)
		for i := range out {
			out[i] = excelize.Cell{StyleID: style}
		}
		return out
	}
	tr := append(append([]excelize.Cell{text("Total", st.labelBold)}, blank(colEffWeight-2, st.labelBold)...), effTotal, totalCell)
	if err := put(totalRow, tr...); err != nil {
		return err
	}
	if len(u.Adjustments) > 0 {
		hdr := make([]string, colNote)
		copy(hdr, []string{"Bonus or deduction", "Metric", "Kind", "Count", "Points each", "Cap"})
		hdr[colAdjPoints-1], hdr[colNote-1] = "Points", "Note"
		if err := sw.SetRow(a1(1, adjHeader), headerRow(hdr, st.header)); err != nil {
			return err
		}
		for j, a := range u.Adjustments {
			r := adjHeader + 1 + j
			kind := "bonus"
			if a.Deduction {
				kind = "deduction"
			}
			expr := a1(colAdjCount, r) + "*" + a1(colAdjPer, r)
			capCell := cell(math.NaN(), st.param)
			if a.Cap > 0 {
				expr = "MIN(" + expr + "," + a1(colAdjCap, r) + ")"
				capCell = cell(a.Cap, st.param)
			}
			pts := cell(math.NaN(), st.points)
			if u.Scored {
				pts = formula(expr, a.Points, st.points)
			}
			count, err := b.amountStyle(a.Count)
			if err != nil {
				return err
			}
			cells := []excelize.Cell{text(a.Name, st.text), text(string(a.Metric), st.text), text(kind, st.text),
				cell(a.Count, count), cell(a.PerCount, st.param), capCell}
			for len(cells) < colAdjPoints-1 {
				cells = append(cells, empty)
			}
			cells = append(cells, pts, text(a.Note, st.wrap))
			if err := sw.SetRow(a1(1, r), row(cells...), rowHeight(a.Note, widths[colNote-1])); err != nil {
				return err
			}
		}
	}
	sumOf := func(rows []int, v float64) excelize.Cell {
		if !u.Scored {
			return cell(math.NaN(), st.points)
		}
		if len(rows) == 0 {
			return formula("0", 0, st.points)
		}
		refs := make([]string, len(rows))
		for j, r := range rows {
			refs[j] = a1(colAdjPoints, r)
		}
		return formula("SUM("+strings.Join(refs, ",")+")", v, st.points)
	}
	resRow := func(r int, label string, c excelize.Cell, labelStyle int) error {
		cells := append(blank(colEffWeight-1, 0), text(label, labelStyle), c)
		return put(r, cells...)
	}
	totalRef := func() excelize.Cell {
		if !u.Scored || nk == 0 {
			return cell(math.NaN(), st.points)
		}
		return formula(a1(colWeighted, totalRow), u.Total, st.points)
	}
	finalCell := cell(math.NaN(), st.pointsBold)
	gradeCell := text(u.Grade, st.grade)
	if u.Scored {
		finalCell = formula(a1(colWeighted, res)+"+"+a1(colWeighted, res+1)+"-"+a1(colWeighted, res+2), u.Final, st.pointsBold)
		if gradeLive {
			gradeCell = textFormula(gradeRule(a1(colWeighted, res+3)), u.Grade, st.grade)
		}
	}
	// the rank within the group the subtitle names, from the summary
	last6 := resultStep{"Rank", formula(sheetRef(summarySheet)+abs(8, b.sumRow[i]), float64(u.Rank), st.rank), st.label}
	if !u.Scored {
		last6 = resultStep{"Not scored", text("no KPI could be measured", st.text), st.label}
	}
	steps := []resultStep{
		{"Total", totalRef(), st.label},
		{"Bonus", sumOf(bonusRows, u.Bonus), st.label},
		{"Deductions", sumOf(dedRows, u.Deductions), st.label},
		{"Final", finalCell, st.labelBold},
		{"Grade", gradeCell, st.label},
		last6,
	}
	for j, s := range steps {
		if err := resRow(res+j, s.label, s.c, s.ls); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// resultStep is one line of a unit sheet's result block.
type resultStep struct {
	label string
	c     excelize.Cell
	ls    int
}

func headerRow(names []string, style int) []any {
	out := make([]any, len(names))
	for i, n := range names {
		if n == "" {
			out[i] = excelize.Cell{StyleID: style}
			continue
		}
		out[i] = excelize.Cell{Value: n, StyleID: style}
	}
	return out
}

// summaryOrder returns the units' indexes grouped by group (in the order the
// groups first appear) and by rank within a group, unscored units last.
func summaryOrder(us []analysis.UnitScore) []int {
	groupAt := map[string]int{}
	for _, u := range us {
		if _, ok := groupAt[u.Group]; !ok {
			groupAt[u.Group] = len(groupAt)
		}
	}
	idx := make([]int, len(us))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ua, ub := &us[idx[a]], &us[idx[b]]
		if ga, gb := groupAt[ua.Group], groupAt[ub.Group]; ga != gb {
			return ga < gb
		}
		if ua.Scored != ub.Scored {
			return ua.Scored
		}
		return ua.Rank < ub.Rank
	})
	return idx
}

// groupRun is one group's rows on the summary: its scored units from first
// to scored, its unscored ones after.
type groupRun struct {
	name          string
	first, scored int // rows; scored < first when no unit is scored
	lo, hi        float64
}

// groupRuns returns the summary's groups in order.
func (b *assessBook) groupRuns() []groupRun {
	var out []groupRun
	for n, i := range b.order {
		u := &b.sc.Units[i]
		r := summaryHeaderRow + 1 + n
		if len(out) == 0 || out[len(out)-1].name != u.Group {
			out = append(out, groupRun{name: u.Group, first: r, scored: r - 1, lo: math.Inf(1), hi: math.Inf(-1)})
		}
		if g := &out[len(out)-1]; u.Scored {
			g.scored = r
			g.lo, g.hi = math.Min(g.lo, u.Final), math.Max(g.hi, u.Final)
		}
	}
	return out
}

func (b *assessBook) summary() error {
	f, st, sc := b.f, &b.st, b.sc
	sheet := summarySheet
	order := b.order
	first := summaryHeaderRow + 1
	last := summaryHeaderRow + max(len(order), 1)
	rng := func(col int) string { return a1(col, first) + ":" + a1(col, last) }
	if len(order) > 0 {
		if err := f.SetConditionalFormat(sheet, rng(6), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B",
		}}); err != nil {
			return err
		}
		red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		if err != nil {
			return err
		}
		green, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "006100"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}})
		if err != nil {
			return err
		}
		if err := f.SetConditionalFormat(sheet, rng(10), []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: "<", Value: "0", Format: &red},
			{Type: "cell", Criteria: ">", Value: "0", Format: &green},
		}); err != nil {
			return err
		}
		if err := f.AutoFilter(sheet, a1(1, summaryHeaderRow)+":"+a1(sumCols, last), nil); err != nil {
			return err
		}
		if err := b.charts(); err != nil {
			return err
		}
	}
	if err := b.printSetup(sheet, "$4:$4"); err != nil {
		return err
	}
	for n, i := range order {
		if err := f.SetCellHyperLink(sheet, a1(2, first+n), sheetRef(b.sheets[i])+"A1", "Location"); err != nil {
			return err
		}
	}
	sw, err := b.stream(sheet, "A1:"+a1(colLine, last), []float64{22, 24, 9, 9, 11, 9, 7, 7, 11, 9, 6}, summaryHeaderRow)
	if err != nil {
		return err
	}
	if err := sw.SetColVisible(colLine, colLine, false); err != nil {
		return err
	}
	sub := "Points: 100 = target met. Final = total + bonus − deductions; ranks are within each group. Each unit's sheet shows how its score is made."
	if !b.opt.GeneratedAt.IsZero() {
		sub = "Generated " + b.opt.GeneratedAt.Format("2006-01-02 15:04 MST") + ". " + sub
	}
	if err := sw.SetRow("A1", row(text("Assessment scores — "+sc.Period.String(), st.title))); err != nil {
		return err
	}
	if err := sw.SetRow("A2", row(text(sub, st.subtitle))); err != nil {
		return err
	}
	if len(sc.Incomplete) > 0 {
		if err := sw.SetRow("A3", row(text("Scored on incomplete data: "+strings.Join(sc.Incomplete, "; ")+".", st.warn))); err != nil {
			return err
		}
	}
	hdr := []string{"Group", "Unit", "Total", "Bonus", "Deductions", "Final", "Grade", "Rank", "Last month", "Change", "100 = target met"}
	if err := sw.SetRow(a1(1, summaryHeaderRow), headerRow(hdr, st.header), excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for n, i := range order {
		u := &sc.Units[i]
		r := first + n
		ref := sheetRef(b.sheets[i])
		c := b.cells[i]
		link := func(cellRef string, v float64, style int) excelize.Cell {
			if !u.Scored {
				return cell(math.NaN(), style)
			}
			return formula(ref+cellRef, v, style)
		}
		rank := cell(math.NaN(), st.rank)
		grade := text(u.Grade, st.grade)
		if u.Scored {
			rank = formula(rankRule(r, first, last), float64(u.Rank), st.rank)
			if c.gradeLive {
				grade = textFormula(ref+c.grade, u.Grade, st.grade)
			}
		}
		prev := cell(u.Previous, st.points)
		if at, ok := b.hist.cell(histKey{u.Group, u.Name}, sc.Period-1); ok && u.HasPrevious && at.value == u.Previous {
			prev = formula(sheetRef(historySheet)+at.ref, u.Previous, st.points)
		}
		change := cell(math.NaN(), st.change)
		if u.Scored && u.HasPrevious {
			change = formula(a1(6, r)+"-"+a1(9, r), u.Change, st.change)
		}
		if err := sw.SetRow(a1(1, r), row(
			text(u.Group, st.text), text(u.Name, st.text),
			link(c.total, u.Total, st.points), link(c.bonus, u.Bonus, st.points), link(c.deductions, u.Deductions, st.points),
			link(c.final, u.Final, st.pointsBold), grade, rank, prev, change, cell(100.0, st.points),
		)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// charts adds one column chart per group to the summary: the finals of its
// scored units, highest first, against a line at 100 (the hidden column K).
// The charts stack to the right of the table.
func (b *assessBook) charts() error {
	sheet := summarySheet
	at := summaryHeaderRow // the anchor row of the next chart
	axisFont := excelize.Font{Color: "262626", Size: 9, Family: "Calibri"}
	for _, g := range b.groupRuns() {
		if g.scored < g.first {
			continue
		}
		n := g.scored - g.first + 1
		cats := sheetRef(sheet) + abs(2, g.first) + ":" + abs(2, g.scored)
		lo := math.Min(0, 20*math.Floor(g.lo/20))
		hi := math.Max(120, 20*math.Ceil(g.hi/20))
		height := 300
		rot := 0
		for n, i := range b.order {
			if r := summaryHeaderRow + 1 + n; r >= g.first && r <= g.scored && n > 6 && len([]rune(b.sc.Units[i].Name)) > 10 {
				rot = -45
			}
		}
		bars := &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{{
				Name:       sheetRef(sheet) + abs(6, summaryHeaderRow),
				Categories: cats,
				Values:     sheetRef(sheet) + abs(6, g.first) + ":" + abs(6, g.scored),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F5597"}},
			}},
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.name + ": final score, " + b.sc.Period.String(),
				Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864", Family: "Calibri"}}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
			Dimension: excelize.ChartDimension{Width: uint(min(960, max(440, 120+60*n))), Height: uint(height)},
			XAxis:     excelize.ChartAxis{Font: axisFont, Alignment: excelize.Alignment{TextRotation: rot}},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &lo, Maximum: &hi, MajorUnit: 20, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
			GapWidth:  uintPtr(60),
		}
		line := &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{
				Name:       sheetRef(sheet) + abs(colLine, summaryHeaderRow),
				Categories: cats,
				Values:     sheetRef(sheet) + abs(colLine, g.first) + ":" + abs(colLine, g.scored),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}, // the line's colour
				Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5, Dash: excelize.LineDashDash},
				Marker:     excelize.ChartMarker{Symbol: "dash", Size: 9, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}},
			}},
			// in a combination chart the axes are drawn from the last chart's
			XAxis: bars.XAxis,
			YAxis: bars.YAxis,
		}
		if err := b.f.AddChart(sheet, a1(colLine+2, at), bars, line); err != nil {
			return err
		}
		at += height/20 + 2
	}
	return nil
}

func uintPtr(u uint) *uint { return &u }

// rowHeight returns the options of a row whose text s wraps in a column of
// width characters: one 15-point line for each width's worth of text.
// Readers do not grow a written row to fit its text.
func rowHeight(s string, width float64) excelize.RowOpts {
	n := math.Ceil(float64(utf8.RuneCountInString(s)) / (width * 0.95))
	if n <= 1 {
		return excelize.RowOpts{}
	}
	return excelize.RowOpts{Height: math.Min(15*n, excelize.MaxRowHeight)}
}

// histKey names a unit across months.
type histKey struct{ group, name string }

// histLayout is where the score history puts each unit and month.
type histLayout struct {
	months []coo.Period // oldest first
	units  []histKey    // rows in order
	final  map[coo.Period]map[histKey]float64
	byDate map[coo.Period]*analysis.Scorecard
}

// histCell is one cell of the history: its A1 reference and value.
type histCell struct {
	ref   string
	value float64
}

func newHistLayout(sc *analysis.Scorecard, history []*analysis.Scorecard) histLayout {
	byMonth := map[coo.Period]*analysis.Scorecard{}
	for _, h := range history {
		if h != nil {
			byMonth[h.Period] = h
		}
	}
	byMonth[sc.Period] = sc
	var months []coo.Period
	for p := range byMonth {
		months = append(months, p)
	}
	sort.Slice(months, func(i, j int) bool { return months[i] < months[j] })
	var units []histKey
	seen := map[histKey]bool{}
	add := func(sc *analysis.Scorecard) {
		for _, i := range summaryOrder(sc.Units) {
			k := histKey{sc.Units[i].Group, sc.Units[i].Name}
			if !seen[k] {
				seen[k] = true
				units = append(units, k)
			}
		}
	}
	add(sc)
	for j := len(months) - 1; j >= 0; j-- { // units gone since: newest first
		add(byMonth[months[j]])
	}
	final := map[coo.Period]map[histKey]float64{}
	for _, p := range months {
		m := map[histKey]float64{}
		for _, u := range byMonth[p].Units {
			if u.Scored {
				m[histKey{u.Group, u.Name}] = u.Final
			}
		}
		final[p] = m
	}
	return histLayout{months: months, units: units, final: final, byDate: byMonth}
}

// cell returns the history's cell of unit k in month p, if it has a value.
func (h *histLayout) cell(k histKey, p coo.Period) (histCell, bool) {
	v, ok := h.final[p][k]
	if !ok {
		return histCell{}, false
	}
	col := 3 + sort.Search(len(h.months), func(i int) bool { return h.months[i] >= p })
	for n, u := range h.units {
		if u == k {
			return histCell{abs(col, histHeaderRow+1+n), v}, true
		}
	}
	return histCell{}, false
}

// history writes the finals of every unit by month, one column per month,
// oldest first; a unit not scored in a month is empty. This month's finals
// read the unit sheets. Months scored on incomplete data are marked, and a
// table below the finals says which inputs were incomplete.
func (b *assessBook) history() error {
	st := &b.st
	h := &b.hist
	months, units := h.months, h.units
	sheetOf := map[histKey]int{}
	for i, u := range b.sc.Units {
		sheetOf[histKey{u.Group, u.Name}] = i
	}
	last := histHeaderRow + max(len(units), 1)
	notesHdr := last + 2
	end := notesHdr + len(months)
	if err := b.f.AutoFilter(historySheet, a1(1, histHeaderRow)+":"+a1(2+len(months), last), nil); err != nil {
		return err
	}
	if err := b.printSetup(historySheet, "$4:$4"); err != nil {
		return err
	}
	widths := []float64{22, 28}
	for range months {
		widths = append(widths, 9)
	}
	sw, err := b.stream(historySheet, "A1:"+a1(2+len(months), end), widths, histHeaderRow)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: histHeaderRow, TopLeftCell: a1(3, histHeaderRow+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", row(text("Final scores by month", st.title))); err != nil {
		return err
	}
	sub := "Points after bonus and deductions; an empty cell: the unit was not scored that month."
	incomplete := 0
	for _, p := range months {
		if len(h.byDate[p].Incomplete) > 0 {
			incomplete++
		}
	}
	if incomplete > 0 {
		sub += " Shaded months were scored on incomplete data: see the notes below."
	}
	if err := sw.SetRow("A2", row(text(sub, st.subtitle))); err != nil {
		return err
	}
	hdr := []any{excelize.Cell{Value: "Group", StyleID: st.header}, excelize.Cell{Value: "Unit", StyleID: st.header}}
	for _, p := range months {
		s := st.header
		if len(h.byDate[p].Incomplete) > 0 {
			s = st.headerWarn
		}
		hdr = append(hdr, excelize.Cell{Value: p.String(), StyleID: s})
	}
	if err := sw.SetRow(a1(1, histHeaderRow), hdr); err != nil {
		return err
	}
	for n, k := range units {
		cells := []excelize.Cell{text(k.group, st.text), text(k.name, st.text)}
		for _, p := range months {
			style := st.points
			if len(h.byDate[p].Incomplete) > 0 {
				style = st.pointsWarn
			}
			v, ok := h.final[p][k]
			switch i, here := sheetOf[k]; {
			case !ok:
				cells = append(cells, cell(math.NaN(), style))
			case p == b.sc.Period && here:
				cells = append(cells, formula(sheetRef(b.sheets[i])+b.cells[i].final, v, style))
			default:
				cells = append(cells, cell(v, style))
			}
		}
		if err := sw.SetRow(a1(1, histHeaderRow+1+n), row(cells...)); err != nil {
			return err
		}
	}
	if err := sw.SetRow(a1(1, notesHdr), headerRow([]string{"Month", "Data note"}, st.header)); err != nil {
		return err
	}
	r := notesHdr
	for _, p := range months {
		if inc := h.byDate[p].Incomplete; len(inc) > 0 {
			r++
			if err := sw.SetRow(a1(1, r), row(text(p.String(), st.text), text("incomplete: "+strings.Join(inc, "; "), st.text))); err != nil {
				return err
			}
		}
	}
	if r == notesHdr {
		if err := sw.SetRow(a1(1, r+1), row(text("", st.text), text("no month is known to have been scored on incomplete data", st.subtitle))); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// rules writes the grade table, lowest grade first and named Grades for the
// unit sheets' lookups, then sc.Rules, one rule a row.
func (b *assessBook) rules() error {
	st := &b.st
	gs := b.sc.Grades
	hdrRow := gradeHeaderRow // the rules' header
	if len(gs) > 0 {
		hdrRow = gradeHeaderRow + len(gs) + 2
		ref := sheetRef(rulesSheet) + abs(1, gradeHeaderRow+1) + ":" + abs(2, gradeHeaderRow+len(gs))
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: gradesName, RefersTo: ref, Comment: "grades by final, lowest first"}); err != nil {
			return err
		}
	}
	last := hdrRow + max(len(b.sc.Rules), 1)
	if err := b.f.AutoFilter(rulesSheet, a1(1, hdrRow)+":"+a1(3, last), nil); err != nil {
		return err
	}
	if err := b.printSetup(rulesSheet, ""); err != nil {
		return err
	}
	sw, err := b.stream(rulesSheet, "A1:"+a1(3, last), []float64{24, 28, 110}, 0)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", row(text("Scoring rules", st.title))); err != nil {
		return err
	}
	if len(gs) > 0 {
		if err := sw.SetRow("A2", row(text("Grades: a final (rounded to 6 decimals) at or above a row's minimum gets its grade, up to the next row's; below the first row, the first grade. The unit sheets look grades up here.", st.subtitle))); err != nil {
			return err
		}
		if err := sw.SetRow(a1(1, gradeHeaderRow), headerRow([]string{"Final at least", "Grade"}, st.header)); err != nil {
			return err
		}
		for j := range gs {
			g := gs[len(gs)-1-j]
			if err := sw.SetRow(a1(1, gradeHeaderRow+1+j), row(cell(g.Min, st.param), text(g.Name, st.grade))); err != nil {
				return err
			}
		}
	}
	if err := sw.SetRow(a1(1, hdrRow), headerRow([]string{"Section", "Item", "Rule"}, st.header)); err != nil {
		return err
	}
	for n, r := range b.sc.Rules {
		if err := sw.SetRow(a1(1, hdrRow+1+n), row(text(r.Section, st.text), text(r.Item, st.text), text(r.Text, st.wrap)), rowHeight(r.Text, 110)); err != nil {
			return err
		}
	}
	return sw.Flush()
}
