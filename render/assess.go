package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

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
	colKPI, colMetric, colActual, colTarget, colAttain, colBasis, colScore, colWeight, colEffWeight, colWeighted, colNote = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	// adjustment table columns
	colAdjCount, colAdjPer, colAdjCap, colAdjPoints = 4, 5, 6, 7
)

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
// auditor can check cell by cell:
//
//   - Summary: one row per unit (group, unit, total, bonus, deductions, final,
//     grade, rank, last month's final and the change), grouped as the rules
//     group them and ranked within each group; total, bonus, deductions and
//     final are formulas that read the unit's sheet, and change = final −
//     previous. A colour scale marks the finals, red and green the change, and
//     a bar chart shows the finals by unit.
//   - one sheet per unit, named after it (cut to 31 characters, the characters
//     Excel forbids replaced by "_", unique case-insensitively with " (2)"...):
//     its KPIs with actual, target, attainment (= actual ÷ target), score,
//     weight, effective weight and weighted score (= effective weight ×
//     score), the total (= SUM of the weighted scores), its bonus and
//     deduction items (points = count × points per count, capped by MIN),
//     and final = total + bonus − deductions.
//   - Score history: the finals of every unit by month, from history and sc.
//   - Rules: every rule in words and numbers (sc.Rules).
//
// Every formula is stored with its result cached as a number, equal to what
// coo computed, so that a reader that does not recalculate shows the same
// figures as Excel or LibreOffice after recalculating. A number coo does not
// have (NaN: an unscored unit's total and final, a missing actual) is an
// empty cell. Text from the rules and the data (unit, group, KPI and item
// names, notes) is written as string cells, never as formulas, so a name
// such as =HYPERLINK(...) stays text.
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
	b := &assessBook{f: f, sc: sc, opt: opt}
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
	sheets []string // unit sheet names, parallel to sc.Units
	cells  []unitCells
}

// unitCells are the cells of a unit sheet the summary reads (A1, absolute).
type unitCells struct {
	total, bonus, deductions, final string
}

type styles struct {
	title, subtitle, header, text, wrap, label, labelBold, points, pointsBold, pct, weight, number, change, grade, rank int
}

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
	b.cells = make([]unitCells, len(b.sc.Units))
	for i := range b.sc.Units {
		if err := b.unitSheet(i); err != nil {
			return fmt.Errorf("sheet %q: %w", b.sheets[i], err)
		}
	}
	if err := b.summary(); err != nil {
		return fmt.Errorf("sheet %s: %w", summarySheet, err)
	}
	if err := b.history(history); err != nil {
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
	defs := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&b.st.title, &excelize.Style{Font: font(true, 14, "1F3864")}},
		{&b.st.subtitle, &excelize.Style{Font: font(false, 10, "595959")}},
		{&b.st.header, &excelize.Style{Font: font(true, 11, "FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Border: border}},
		{&b.st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&b.st.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&b.st.label, &excelize.Style{Font: font(false, 11, "404040")}},
		{&b.st.labelBold, &excelize.Style{Font: font(true, 11, "000000"), Border: []excelize.Border{{Type: "top", Color: "808080", Style: 1}}}},
		{&b.st.points, &excelize.Style{CustomNumFmt: fmtCode("0.00")}},
		{&b.st.pointsBold, &excelize.Style{CustomNumFmt: fmtCode("0.00"), Font: font(true, 11, "000000"), Border: []excelize.Border{{Type: "top", Color: "808080", Style: 1}}}},
		{&b.st.pct, &excelize.Style{CustomNumFmt: fmtCode("0.0%")}},
		{&b.st.weight, &excelize.Style{CustomNumFmt: fmtCode("0.0%")}},
		{&b.st.number, &excelize.Style{CustomNumFmt: fmtCode("#,##0.00")}},
		{&b.st.change, &excelize.Style{CustomNumFmt: fmtCode("+0.00;-0.00;0.00")}},
		{&b.st.grade, &excelize.Style{Font: font(true, 11, "000000"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&b.st.rank, &excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
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
	b.cells[i] = unitCells{total: abs(colWeighted, res), bonus: abs(colWeighted, res+1), deductions: abs(colWeighted, res+2), final: abs(colWeighted, res+3)}

	if err := b.f.AutoFilter(sheet, a1(1, unitHeaderRow)+":"+a1(colNote, max(last, unitHeaderRow+1)), nil); err != nil {
		return err
	}
	if err := b.printSetup(sheet, "$1:$4"); err != nil {
		return err
	}
	sw, err := b.stream(sheet, "A1:"+a1(colNote, res+5), []float64{30, 24, 14, 14, 12, 11, 10, 10, 12, 14, 60}, unitHeaderRow)
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
	hdr := []string{"KPI", "Metric", "Actual", "Target", "Attainment", "Basis", "Score", "Weight", "Effective weight", "Weighted score", "Note"}
	if err := sw.SetRow(a1(1, unitHeaderRow), headerRow(hdr, st.header), excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for j, k := range u.KPIs {
		r := first + j
		att := cell(k.Attainment, st.pct)
		if !math.IsNaN(k.Attainment) && !math.IsNaN(k.Actual) && !math.IsNaN(k.Target) {
			att = formula(a1(colActual, r)+"/"+a1(colTarget, r), k.Attainment, st.pct)
		}
		weighted := cell(math.NaN(), st.points)
		score := cell(k.Score, st.points)
		if u.Scored {
			weighted = formula(a1(colEffWeight, r)+"*"+a1(colScore, r), k.Weighted, st.points)
		} else {
			score = cell(math.NaN(), st.points)
		}
		if err := put(r,
			text(k.Name, st.text), text(string(k.Metric), st.text),
			cell(k.Actual, st.number), cell(k.Target, st.number), att, text(string(k.Basis), st.text),
			score, cell(k.Weight, st.weight), cell(k.EffectiveWeight, st.weight), weighted, text(k.Note, st.wrap),
		); err != nil {
			return err
		}
	}
	empty := excelize.Cell{}
	totalCell := cell(math.NaN(), st.pointsBold)
	if u.Scored && nk > 0 {
		totalCell = formula("SUM("+a1(colWeighted, first)+":"+a1(colWeighted, last)+")", u.Total, st.pointsBold)
	}
	blank := func(n int, style int) []excelize.Cell {
		out := make([]excelize.Cell, n)
		for i := range out {
			out[i] = excelize.Cell{StyleID: style}
		}
		return out
	}
	tr := append(append([]excelize.Cell{text("Total", st.labelBold)}, blank(colWeighted-2, st.labelBold)...), totalCell)
	if err := put(totalRow, tr...); err != nil {
		return err
	}
	if len(u.Adjustments) > 0 {
		if err := sw.SetRow(a1(1, adjHeader), headerRow([]string{"Bonus or deduction", "Metric", "Kind", "Count", "Points each", "Cap", "Points", "", "", "", "Note"}, st.header)); err != nil {
			return err
		}
		for j, a := range u.Adjustments {
			r := adjHeader + 1 + j
			kind := "bonus"
			if a.Deduction {
				kind = "deduction"
			}
			expr := a1(colAdjCount, r) + "*" + a1(colAdjPer, r)
			capCell := cell(math.NaN(), st.points)
			if a.Cap > 0 {
				expr = "MIN(" + expr + "," + a1(colAdjCap, r) + ")"
				capCell = cell(a.Cap, st.points)
			}
			pts := cell(math.NaN(), st.points)
			if u.Scored {
				pts = formula(expr, a.Points, st.points)
			}
			if err := put(r, text(a.Name, st.text), text(string(a.Metric), st.text), text(kind, st.text),
				cell(a.Count, st.number), cell(a.PerCount, st.points), capCell, pts, empty, empty, empty, text(a.Note, st.wrap)); err != nil {
				return err
			}
		}
	}
	sumOf := func(rows []int, v float64) excelize.Cell {
		if !u.Scored {
			return cell(math.NaN(), st.points)
		}
		if len(rows) == 0 {
			return cell(0.0, st.points)
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
	if u.Scored {
		finalCell = formula(a1(colWeighted, res)+"+"+a1(colWeighted, res+1)+"-"+a1(colWeighted, res+2), u.Final, st.pointsBold)
	}
	last6 := resultStep{"Rank", cell(float64(u.Rank), st.rank), st.label} // within the group the subtitle names
	if !u.Scored {
		last6 = resultStep{"Not scored", text("no KPI could be measured", st.text), st.label}
	}
	steps := []resultStep{
		{"Total", totalRef(), st.label},
		{"Bonus", sumOf(bonusRows, u.Bonus), st.label},
		{"Deductions", sumOf(dedRows, u.Deductions), st.label},
		{"Final", finalCell, st.labelBold},
		{"Grade", text(u.Grade, st.grade), st.label},
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

// Summary sheet layout: header on row 4, units from row 5.
const summaryHeaderRow = 4

func (b *assessBook) summary() error {
	f, st, sc := b.f, &b.st, b.sc
	sheet := summarySheet
	order := summaryOrder(sc.Units)
	first := summaryHeaderRow + 1
	last := summaryHeaderRow + max(len(order), 1)
	// columns: A group, B unit, C total, D bonus, E deductions, F final, G grade, H rank, I previous, J change
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
		if err := f.AutoFilter(sheet, a1(1, summaryHeaderRow)+":"+a1(10, last), nil); err != nil {
			return err
		}
		if err := f.AddChart(sheet, "L4", &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       sheetRef(sheet) + abs(6, summaryHeaderRow),
				Categories: sheetRef(sheet) + abs(2, first) + ":" + abs(2, last),
				Values:     sheetRef(sheet) + abs(6, first) + ":" + abs(6, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F5597"}},
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Final score by unit, " + sc.Period.String()}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 560, Height: uint(max(300, 40+22*len(order)))},
			XAxis:     excelize.ChartAxis{ReverseOrder: true},
			YAxis:     excelize.ChartAxis{MajorGridLines: true},
		}); err != nil {
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
	sw, err := b.stream(sheet, "A1:"+a1(10, last), []float64{22, 28, 10, 10, 12, 10, 8, 8, 11, 10}, summaryHeaderRow)
	if err != nil {
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
	hdr := []string{"Group", "Unit", "Total", "Bonus", "Deductions", "Final", "Grade", "Rank", "Last month", "Change"}
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
		if u.Scored {
			rank = cell(float64(u.Rank), st.rank)
		}
		change := cell(math.NaN(), st.change)
		if u.Scored && u.HasPrevious {
			change = formula(a1(6, r)+"-"+a1(9, r), u.Change, st.change)
		}
		if err := sw.SetRow(a1(1, r), row(
			text(u.Group, st.text), text(u.Name, st.text),
			link(c.total, u.Total, st.points), link(c.bonus, u.Bonus, st.points), link(c.deductions, u.Deductions, st.points),
			link(c.final, u.Final, st.pointsBold), text(u.Grade, st.grade), rank, cell(u.Previous, st.points), change,
		)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// history writes the finals of every unit by month: sc and history, one
// column per month, oldest first; a unit not scored in a month is empty.
func (b *assessBook) history(history []*analysis.Scorecard) error {
	st := &b.st
	byMonth := map[coo.Period]*analysis.Scorecard{}
	for _, h := range history {
		if h != nil {
			byMonth[h.Period] = h
		}
	}
	byMonth[b.sc.Period] = b.sc
	var months []coo.Period
	for p := range byMonth {
		months = append(months, p)
	}
	sort.Slice(months, func(i, j int) bool { return months[i] < months[j] })
	type key struct{ group, name string }
	var units []key
	seen := map[key]bool{}
	add := func(sc *analysis.Scorecard) {
		for _, i := range summaryOrder(sc.Units) {
			k := key{sc.Units[i].Group, sc.Units[i].Name}
			if !seen[k] {
				seen[k] = true
				units = append(units, k)
			}
		}
	}
	add(b.sc)
	for j := len(months) - 1; j >= 0; j-- { // units gone since: newest first
		add(byMonth[months[j]])
	}
	final := map[coo.Period]map[key]float64{}
	for _, p := range months {
		m := map[key]float64{}
		for _, u := range byMonth[p].Units {
			if u.Scored {
				m[key{u.Group, u.Name}] = u.Final
			}
		}
		final[p] = m
	}
	const hdrRow = 4
	last := hdrRow + max(len(units), 1)
	if err := b.f.AutoFilter(historySheet, a1(1, hdrRow)+":"+a1(2+len(months), last), nil); err != nil {
		return err
	}
	if err := b.printSetup(historySheet, "$4:$4"); err != nil {
		return err
	}
	widths := []float64{22, 28}
	for range months {
		widths = append(widths, 9)
	}
	sw, err := b.stream(historySheet, "A1:"+a1(2+len(months), last), widths, hdrRow)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: hdrRow, TopLeftCell: a1(3, hdrRow+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", row(text("Final scores by month", st.title))); err != nil {
		return err
	}
	if err := sw.SetRow("A2", row(text("Points after bonus and deductions; an empty cell: the unit was not scored that month.", st.subtitle))); err != nil {
		return err
	}
	hdr := []string{"Group", "Unit"}
	for _, p := range months {
		hdr = append(hdr, p.String())
	}
	if err := sw.SetRow(a1(1, hdrRow), headerRow(hdr, st.header)); err != nil {
		return err
	}
	for n, k := range units {
		cells := []excelize.Cell{text(k.group, st.text), text(k.name, st.text)}
		for _, p := range months {
			v, ok := final[p][k]
			if !ok {
				v = math.NaN()
			}
			cells = append(cells, cell(v, st.points))
		}
		if err := sw.SetRow(a1(1, hdrRow+1+n), row(cells...)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// rules writes sc.Rules, one rule a row.
func (b *assessBook) rules() error {
	st := &b.st
	const hdrRow = 3
	last := hdrRow + max(len(b.sc.Rules), 1)
	if err := b.f.AutoFilter(rulesSheet, a1(1, hdrRow)+":"+a1(3, last), nil); err != nil {
		return err
	}
	if err := b.printSetup(rulesSheet, "$3:$3"); err != nil {
		return err
	}
	sw, err := b.stream(rulesSheet, "A1:"+a1(3, last), []float64{24, 28, 110}, hdrRow)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", row(text("Scoring rules", st.title))); err != nil {
		return err
	}
	if err := sw.SetRow(a1(1, hdrRow), headerRow([]string{"Section", "Item", "Rule"}, st.header)); err != nil {
		return err
	}
	for n, r := range b.sc.Rules {
		if err := sw.SetRow(a1(1, hdrRow+1+n), row(text(r.Section, st.text), text(r.Item, st.text), text(r.Text, st.wrap))); err != nil {
			return err
		}
	}
	return sw.Flush()
}
