package render

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"coo"
	"coo/analysis"
	"coo/internal/l10n"
	"coo/internal/numfmt"
	"coo/render/chart"
	"coo/render/doc"
	"coo/render/font"
)

// MonthlyOptions are the monthly report's settings.
type MonthlyOptions struct {
	Options
	Company string
	Lang    string    // en or zh; "" is en
	Face    font.Face // the typeface of the charts and the PDF; zero is the Go fonts
	Formats []string  // html, pdf, md; nil is all three
	// Step, if set, is called after the charts are drawn and after each
	// format is written: len(Formats)+1 times (a progress bar's ticks).
	Step func()
}

// Monthly renders the monthly report into dst in each of opt.Formats:
// Stem.html (one self-contained page), Stem.pdf, Stem.md with its charts as
// Stem-assets/NAME.png; the Stem "" is monthly-YYYY-MM. The same r and opt
// give the same bytes.
func Monthly(ctx context.Context, dst Dest, r *analysis.MonthlyReport, opt MonthlyOptions) error {
	if err := opt.Validate(); err != nil {
		return err
	}
	if opt.Stem == "" {
		opt.Stem = "monthly-" + r.Period.String()
	}
	cr, err := setup(&opt.Lang, &opt.Face)
	if err != nil {
		return err
	}
	b := &monthlyBuilder{r: r, opt: opt, cr: cr, t: l10n.Table("report", opt.Lang)}
	d, err := b.document()
	if err != nil {
		return err
	}
	if opt.Step != nil {
		opt.Step()
	}
	return writeFormats(ctx, dst, d, opt.Face, opt.Formats, opt.Stem, opt.Step)
}

type monthlyBuilder struct {
	r   *analysis.MonthlyReport
	opt MonthlyOptions
	cr  *chart.Renderer
	t   map[string]string // the report's fixed words in opt.Lang (l10n, "report.")
	docBuilder
}

// val is a figure with its unit's name: "3,185.7 万元", "12,684 units".
func (b *monthlyBuilder) val(v float64, unit string) string {
	return numfmt.Value(v, unit, b.opt.Lang)
}

// num is a figure in a table or range, whose unit the row names: scaled
// as val, a count whole.
func (b *monthlyBuilder) num(v float64, unit string) string {
	return numfmt.Number(v, unit, b.opt.Lang)
}

// rng is a range of figures: "3.25 亿 – 3.59 亿".
func (b *monthlyBuilder) rng(lo, hi float64, unit string) string {
	return b.num(lo, unit) + " – " + b.num(hi, unit)
}

// change is a KPI's change on an earlier value: in percent, or in
// percentage points for a rate (now and then are the two values).
func (b *monthlyBuilder) change(rel, now, then float64, unit string) string {
	if numfmt.IsRate(unit) {
		return numfmt.Points(now-then, b.opt.Lang)
	}
	return pct(rel, true)
}

func pct(v float64, signed bool) string { return numfmt.Percent(v, signed) }

// level grades a change: better is good, worse bad, small neutral.
func level(change float64, lowerIsBetter bool, band float64) doc.Level {
	if math.IsNaN(change) || math.Abs(change) < band {
		return doc.Neutral
	}
	if (change > 0) != lowerIsBetter {
		return doc.Good
	}
	return doc.Bad
}

func (b *monthlyBuilder) document() (*doc.Document, error) {
	r, t := b.r, b.t
	title := b.opt.Title
	if title == "" {
		title = t["title"]
	}
	b.d = doc.Document{Lang: b.opt.Lang, Title: title, Date: b.opt.GeneratedAt,
		Subtitle: fmt.Sprintf(t["subtitle"], b.opt.Company, r.Period, r.FiscalYear, int(r.Period-r.YearStart)+1),
		Footer:   fmt.Sprintf("%s · %s · %s", b.opt.Company, title, r.Period)}
	if !r.Quality.Complete() {
		n := doc.Notice{Level: doc.Bad, Title: t["incomplete"]}
		if len(r.Quality.Missing) > 0 {
			n.Lines = append(n.Lines, fmt.Sprintf(t["missing"], strings.Join(r.Quality.Missing, ", ")))
		}
		if len(r.Quality.Rejected) > 0 && len(r.Quality.Defects) == 0 {
			n.Lines = append(n.Lines, fmt.Sprintf(t["rejected"], strings.Join(r.Quality.Rejected, ", ")))
		}
		if len(r.Quality.Defects) > 0 {
			n.Lines = append(n.Lines, t["defects.intro"])
			for i, d := range r.Quality.Defects {
				n.Lines = append(n.Lines, fmt.Sprintf("[%d] %s: %s", i+1, d.Where(), b.defectText(d)))
			}
		}
		b.add(n)
	}
	b.summary()
	b.add(doc.Heading{Level: 1, Text: t["h.figures"], ID: "figures"})
	b.add(b.kpiTables(r.KPIs)...)
	b.add(doc.Heading{Level: 1, Text: t["h.outlook"], ID: "outlook"})
	b.add(doc.Paragraph{Text: t["outlook.intro"]})
	for _, k := range r.KPIs {
		if err := b.outlook(k); err != nil {
			return nil, err
		}
	}
	if err := b.comparisons(); err != nil {
		return nil, err
	}
	if err := b.drivers(); err != nil {
		return nil, err
	}
	for _, d := range r.Depts {
		if err := b.department(d); err != nil {
			return nil, err
		}
	}
	b.quality()
	b.setAside()
	b.add(doc.Heading{Level: 2, Text: t["h.method"], ID: "method"})
	b.add(doc.List{Items: strings.Split(t["method"], "\n")})
	b.appendix()
	return &b.d, nil
}

func (b *monthlyBuilder) summary() {
	r, t := b.r, b.t
	b.add(doc.Heading{Level: 1, Text: t["h.summary"], ID: "summary"})
	b.headline()
	var cards []doc.Card
	for _, k := range r.KPIs {
		c := doc.Card{Label: k.Label, Value: b.val(k.Value, k.Unit)}
		lvl := doc.Level(k.Levels.Card)
		if k.Suspect { // the first line, which the colour grades, says why it is not graded
			c.Lines = append(c.Lines, fmt.Sprintf(t["defect.suspectcard"], noteList(b.suspectNotes(k.Defects))))
		}
		if !math.IsNaN(k.Attainment) {
			c.Lines = append(c.Lines, fmt.Sprintf(t["card.budget"], pct(k.Attainment, false)))
		}
		if math.IsNaN(k.Attainment) { // the first line is the one the colour grades
			c.Lines = append(c.Lines, fmt.Sprintf(t["card.yoy"], b.change(k.YoY, k.Value, k.LastYear, k.Unit)), fmt.Sprintf(t["card.mom"], b.change(k.MoM, k.Value, k.Prev, k.Unit)))
		} else {
			c.Lines = append(c.Lines, fmt.Sprintf(t["card.mom"], b.change(k.MoM, k.Value, k.Prev, k.Unit)), fmt.Sprintf(t["card.yoy"], b.change(k.YoY, k.Value, k.LastYear, k.Unit)))
		}
		if !math.IsNaN(k.Outlook) {
			c.Lines = append(c.Lines, fmt.Sprintf(t["card.outlook"], r.FiscalYear, b.val(k.Outlook, k.Unit)))
			if k.OutOfRange {
				c.Lines = append(c.Lines, t["range.card"])
			}
		}
		if k.Anomaly && !k.Suspect {
			c.Lines = append(c.Lines, t["card.anomaly"])
		}
		if len(k.Defects) > 0 {
			c.Label += " " + marks(k.Defects)
			if !k.Suspect {
				c.Lines = append(c.Lines, fmt.Sprintf(t["defect.card"], noteList(k.Defects)))
			}
			lvl = doc.Warning // incomplete or not credible: to check, not bad news
		}
		c.Level = lvl
		cards = append(cards, c)
	}
	b.add(doc.Cards{Items: cards})
	// Page one (monthly_front.go): what matters, the year, the questions.
	b.findings()
	b.yearToDate()
	b.fiscalYear()
	b.questions()
	if len(r.Risks) > 0 {
		n := doc.Notice{Level: doc.Warning, Title: t["h.risks"]}
		for _, s := range r.Risks {
			n.Lines = append(n.Lines, s.Text)
			if s.Level == 3 {
				n.Level = doc.Bad
			}
		}
		b.add(n)
	}
}

// kpiTables are the month's figures and the year's: two tables, so that
// each fits a portrait page.
func (b *monthlyBuilder) kpiTables(ks []analysis.MonthlyKPI) []doc.Block {
	t := b.t
	month := doc.Table{
		Caption: fmt.Sprintf(t["kpi.month"], b.r.Period),
		Head:    strings.Split(t["kpi.head"], "|"),
		Align:   []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right},
		Widths:  []float64{2.2, 1.2, 1, 1, 1.2, 1.2, 1.2},
	}
	year := doc.Table{
		Caption: fmt.Sprintf(t["kpi.year"], b.r.FiscalYear),
		Head:    strings.Split(t["kpi.yhead"], "|"),
		Align:   []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right},
		Widths:  []float64{2.2, 1.2, 1, 1.2, 1.2, 1.8, 1},
		Notes:   []string{fmt.Sprintf(t["kpi.notes"], b.r.FiscalYear)},
	}
	for _, k := range ks {
		val := doc.Cell{Text: b.num(k.Value, k.Unit)}
		if k.Anomaly {
			val.Text += " ※"
			val.Level = doc.Warning
		}
		label := doc.Cell{Text: k.Label, Bold: true}
		if len(k.Defects) > 0 {
			label.Text += " " + marks(k.Defects)
			label.Level = doc.Warning
		}
		month.Rows = append(month.Rows, []doc.Cell{
			label,
			val,
			{Text: b.change(k.MoM, k.Value, k.Prev, k.Unit), Level: doc.Level(k.Levels.MoM)},
			{Text: b.change(k.YoY, k.Value, k.LastYear, k.Unit), Level: doc.Level(k.Levels.YoY)},
			{Text: b.num(k.Budget, k.Unit)},
			{Text: numfmt.SignedNumber(k.Variance, k.Unit, b.opt.Lang), Level: doc.Level(k.Levels.Budget)},
			{Text: pct(k.Attainment, false), Level: doc.Level(k.Levels.Budget)},
		})
		rng := "n/a"
		if !math.IsNaN(k.Outlook) {
			rng = b.rng(k.OutlookLo95, k.OutlookHi95, k.Unit)
		}
		year.Rows = append(year.Rows, []doc.Cell{
			label,
			{Text: b.num(k.YTD, k.Unit)},
			{Text: b.change(k.YTDChange, k.YTD, k.YTDLastYear, k.Unit), Level: doc.Level(k.Levels.YTD)},
			{Text: b.num(k.R12, k.Unit)},
			b.outlookCell(k),
			{Text: rng},
			b.fyBudgetCell(k),
		})
	}
	for _, k := range ks {
		for _, n := range k.Notes {
			year.Notes = append(year.Notes, k.Label+": "+n)
		}
	}
	year.Notes = append(year.Notes, b.rangeNotes(ks)...)
	return []doc.Block{month, year}
}

// fan draws a KPI's history, forecast and budget.
func (b *monthlyBuilder) fan(k analysis.MonthlyKPI, title string) (chart.Picture, error) {
	h := k.History
	c := chart.Fan{Title: title, YLabel: numfmt.UnitName(k.Unit, b.opt.Lang), Unit: k.Unit}
	n := len(h.Values)
	c.Actual = append([]float64(nil), h.Values...)
	c.Start = n
	steps := 0
	if f := k.Forecast; f != nil && f.Error == "" {
		steps = len(f.Mean)
		c.Mean, c.Lo80, c.Hi80, c.Lo95, c.Hi95 = f.Mean, f.Lo80, f.Hi80, f.Lo95, f.Hi95
	}
	end := h.Start.Add(n - 1 + steps)
	if k.BudgetHistory.Len() > 0 && k.BudgetHistory.End() > end {
		end = k.BudgetHistory.End()
	}
	for p := h.Start; p <= end; p++ {
		c.Labels = append(c.Labels, p.String())
	}
	if k.BudgetHistory.Len() > 0 {
		c.Budget = k.BudgetHistory.Slice(h.Start, end).Values
	}
	c.Flagged, c.FlaggedName = b.flagged(k.Defects, h.Start, len(c.Labels)), b.t["defect.flagged"]
	return b.cr.Fan(c)
}

func (b *monthlyBuilder) outlook(k analysis.MonthlyKPI) error {
	t := b.t
	b.add(doc.Heading{Level: 2, Text: k.Label})
	pic, err := b.fan(k, k.Label)
	if err != nil {
		return fmt.Errorf("chart of %s: %w", k.Label, err)
	}
	caption := fmt.Sprintf(t["fan.caption"], k.Label)
	if k.BudgetHistory.Len() > 0 {
		caption = fmt.Sprintf(t["fan.captionbudget"], k.Label)
	}
	marked := len(b.flagged(k.Defects, k.History.Start, k.History.Len())) > 0
	if marked {
		caption = moreCaption(caption, fmt.Sprintf(t["defect.caption"], noteList(k.Defects)))
	}
	b.add(b.figure(slug(string(k.Spec.Metric))+"-fan", caption, pic))
	f := k.Forecast
	if f == nil || f.Error != "" {
		why := "n/a"
		if f != nil {
			why = f.Error
		}
		b.add(doc.Notice{Level: doc.Warning, Title: fmt.Sprintf(t["nofc"], why)})
		return nil
	}
	// The method and its backtest are in the appendix (monthly_front.go).
	if f.Warning != "" {
		title := t["fc.warn"]
		if !f.LostBacktest() { // not backtested (too short): the warning says why, not that it lost
			title = t["fc.warnother"]
		}
		b.add(doc.Notice{Level: doc.Warning, Title: title, Lines: []string{b.methodText(f.Warning)}})
	}
	if k.OutOfRange {
		b.add(doc.Notice{Level: doc.Bad, Title: t["range.title"], Lines: []string{t["range.text"]}})
	}
	tb := doc.Table{Head: strings.Split(t["fc.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right}}
	if marked { // the forecast read those months as they are (found from outside: the table was unmarked)
		tb.Notes = []string{fmt.Sprintf(t["fc.defects"], noteList(k.Defects))}
	}
	for i := 0; i < len(f.Mean) && i < 6; i++ {
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: f.Origin.Add(i + 1).String()}, {Text: b.num(f.Mean[i], k.Unit)},
			{Text: b.rng(f.Lo80[i], f.Hi80[i], k.Unit)}, {Text: b.rng(f.Lo95[i], f.Hi95[i], k.Unit)}})
	}
	b.add(tb)
	return nil
}

// comparisons draws, for each headline figure, the fiscal year's months
// against budget and against the year before.
func (b *monthlyBuilder) comparisons() error {
	t, r := b.t, b.r
	b.add(doc.Heading{Level: 1, Text: t["h.compare"], ID: "compare"})
	months := strings.Split(t["months"], " ")
	for _, k := range r.KPIs {
		var cats []string
		var this, last, budget []float64
		for p := r.YearStart; p <= r.YearEnd; p++ {
			cats = append(cats, months[p.Month()-1])
			v := math.NaN()
			if p <= r.Period {
				v = at(k.History, p)
			}
			this, last = append(this, v), append(last, at(k.History, p-12))
			budget = append(budget, at(k.BudgetHistory, p))
		}
		series := []chart.BarSeries{{Name: fmt.Sprintf("FY%d", r.FiscalYear-1), Values: last}, {Name: fmt.Sprintf("FY%d", r.FiscalYear), Values: this}}
		title := fmt.Sprintf(t["compare.yoy"], k.Label)
		if k.Spec.Budget != "" && slices.ContainsFunc(budget, func(v float64) bool { return !math.IsNaN(v) }) {
			series = append(series, chart.BarSeries{Name: t["budget"], Values: budget})
			title = fmt.Sprintf(t["compare.budget"], k.Label)
		}
		// a month is shaded when this year's or last year's value of it
		// rests on input that is not complete or not credible
		flagged := b.flagged(k.Defects, r.YearStart, len(cats))
		for _, i := range b.flagged(k.Defects, r.YearStart-12, len(cats)) {
			if !slices.Contains(flagged, i) {
				flagged = append(flagged, i)
			}
		}
		pic, err := b.cr.Bars(chart.Bars{Title: title, YLabel: numfmt.UnitName(k.Unit, b.opt.Lang), Unit: k.Unit, Categories: cats, Series: series,
			Flagged: flagged, FlaggedName: t["defect.flagged"]})
		if err != nil {
			return fmt.Errorf("bars of %s: %w", k.Label, err)
		}
		caption := title
		if len(flagged) > 0 {
			caption = moreCaption(caption, fmt.Sprintf(t["defect.caption"], noteList(k.Defects)))
		}
		b.add(b.figure(slug(string(k.Spec.Metric))+"-bars", caption, pic))
	}
	return nil
}

// at is s's value at p, NaN when it has none.
func at(s coo.Series, p coo.Period) float64 {
	if v, ok := s.At(p); ok {
		return v
	}
	return math.NaN()
}

// drivers shows what moved each headline figure that has a breakdown.
func (b *monthlyBuilder) drivers() error {
	t, r := b.t, b.r
	first := true
	for _, k := range r.KPIs {
		if len(k.Contributions) == 0 && k.BudgetBridge == nil && k.BudgetGap == "" && k.PriceVolume == nil {
			continue
		}
		if first {
			b.add(doc.Heading{Level: 1, Text: t["h.drivers"], ID: "drivers"})
			first = false
		}
		if len(k.Contributions) > 0 {
			if err := b.lastYearBridge(k); err != nil {
				return err
			}
		}
		// Beside it, budget to actual by the same members, then price,
		// volume and mix (variance.go in analysis).
		if err := b.budgetBridge(k); err != nil {
			return err
		}
		if err := b.priceVolume(k, k.PriceVolume); err != nil {
			return err
		}
		if err := b.priceVolume(k, k.PriceVolumeBudget); err != nil {
			return err
		}
	}
	return nil
}

// lastYearBridge is a figure's change on last year (or last month) by
// member: its bridge and its table.
func (b *monthlyBuilder) lastYearBridge(k analysis.MonthlyKPI) error {
	t, r := b.t, b.r
	base := r.Period - 12
	if k.ContributionBase == "mom" {
		base = r.Period - 1
	}
	b.add(doc.Heading{Level: 2, Text: fmt.Sprintf(t["drivers.title"], marked(k.Label, k.Defects), base)})
	var total, start float64
	br := chart.Bridge{Title: fmt.Sprintf(t["drivers.title"], k.Label, base), YLabel: numfmt.UnitName(k.Unit, b.opt.Lang), Unit: k.Unit,
		StartLabel: base.String(), EndLabel: r.Period.String(),
		LowerIsBetter: k.Spec.LowerIsBetter}
	tb := doc.Table{Head: strings.Split(t["drivers.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right}}
	// not graded when the figure is suspect or incomplete in either month
	ok := !k.Suspect && !r.Touched(k.Defects, base, base) && !r.Touched(k.Defects, r.Period, r.Period)
	// Each column in one scale: "+973.0 K" above "+71.4 K", not "+71,356".
	var bases, values, deltas []float64
	for _, c := range k.Contributions {
		bases, values, deltas = append(bases, c.Base), append(values, c.Value), append(deltas, c.Delta)
	}
	baseCol := numfmt.Column(bases, k.Unit, b.opt.Lang, false)
	valueCol := numfmt.Column(values, k.Unit, b.opt.Lang, false)
	deltaCol := numfmt.Column(deltas, k.Unit, b.opt.Lang, true)
	var gone, came []string // members in one month only: renamed, or not sent?
	for i, c := range k.Contributions {
		if !math.IsNaN(c.Base) {
			start += c.Base
		}
		total += c.Delta
		br.Steps = append(br.Steps, chart.Step{Label: c.Member, Delta: c.Delta})
		switch {
		case math.IsNaN(c.Value) && !math.IsNaN(c.Base):
			gone = append(gone, c.Member)
		case math.IsNaN(c.Base) && !math.IsNaN(c.Value):
			came = append(came, c.Member)
		}
		both := !math.IsNaN(c.Base) && !math.IsNaN(c.Value)
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: c.Member}, {Text: baseCol[i]}, {Text: valueCol[i]},
			{Text: deltaCol[i], Level: graded(ok && both, level(c.Delta, k.Spec.LowerIsBetter, 0))}, {Text: pct(c.Share, false)}})
	}
	var unmatched []string
	if len(gone) > 0 {
		unmatched = append(unmatched, fmt.Sprintf(t["drivers.gone"], strings.Join(gone, ", "), base))
	}
	if len(came) > 0 {
		unmatched = append(unmatched, fmt.Sprintf(t["drivers.came"], strings.Join(came, ", "), base))
	}
	if len(unmatched) > 0 {
		tb.Notes = append(tb.Notes, fmt.Sprintf(t["drivers.unmatched"], strings.Join(unmatched, t["sep"])))
	}
	br.Start = start
	pic, err := b.cr.Bridge(br)
	if err != nil {
		return fmt.Errorf("bridge of %s: %w", k.Label, err)
	}
	b.add(b.figure(slug(string(k.Spec.Metric))+"-bridge", fmt.Sprintf(t["drivers.caption"], k.Label, base, r.Period), pic))
	b.add(tb)
	return nil
}

// graded is l where the figure may be graded, and Neutral where it reads a
// suspected slip: a bridge of a value to check is not good or bad news.
// orDash joins names, or is "–" for none.
func orDash(names []string) string {
	if len(names) == 0 {
		return "–"
	}
	return strings.Join(names, ", ")
}

func graded(ok bool, l doc.Level) doc.Level {
	if !ok {
		return doc.Neutral
	}
	return l
}

// marked is a figure's label with the marks of the input defects that
// touch what a bridge of it reads (ix, in order).
func marked(label string, ix ...analysis.FigureDefects) string {
	var all analysis.FigureDefects
	for _, x := range ix {
		for _, i := range x {
			if !slices.Contains(all, i) {
				all = append(all, i)
			}
		}
	}
	if len(all) == 0 {
		return label
	}
	slices.Sort(all)
	return label + " " + marks(all)
}

// budgetBridge goes from the month's budget to its actual, one step per
// member, with its table; or says in one line why there is none.
func (b *monthlyBuilder) budgetBridge(k analysis.MonthlyKPI) error {
	t, r := b.t, b.r
	label := marked(k.Label, k.Defects)
	if k.BudgetGap == analysis.GapNoBreakdown {
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["budgetbridge.nobreakdown"], label, k.Spec.Breakdown)})
		return nil
	}
	bb := k.BudgetBridge
	if bb == nil {
		return nil
	}
	b.add(doc.Heading{Level: 2, Text: fmt.Sprintf(t["budgetbridge.title"], label, r.Period)})
	br := chart.Bridge{Title: fmt.Sprintf(t["budgetbridge.title"], k.Label, r.Period), YLabel: numfmt.UnitName(k.Unit, b.opt.Lang), Unit: k.Unit,
		StartLabel: t["budget"], Start: bb.Budget, EndLabel: t["budgetbridge.actual"], LowerIsBetter: k.Spec.LowerIsBetter}
	var budgets, actuals, variances []float64
	for _, m := range bb.Members {
		br.Steps = append(br.Steps, chart.Step{Label: m.Member, Delta: m.Variance})
		budgets, actuals, variances = append(budgets, m.Budget), append(actuals, m.Actual), append(variances, m.Variance)
	}
	if bb.Other != 0 {
		br.Steps = append(br.Steps, chart.Step{Label: t["budgetbridge.other"], Delta: bb.Other})
	}
	pic, err := b.cr.Bridge(br)
	if err != nil {
		return fmt.Errorf("budget bridge of %s: %w", k.Label, err)
	}
	b.add(b.figure(slug(string(k.Spec.Metric))+"-budget-bridge", fmt.Sprintf(t["budgetbridge.caption"], k.Label, r.Period), pic))
	// Each column in one scale, the total's included.
	budgets, actuals, variances = append(budgets, bb.Budget), append(actuals, bb.Actual), append(variances, bb.Actual-bb.Budget)
	budgetCol := numfmt.Column(budgets, k.Unit, b.opt.Lang, false)
	actualCol := numfmt.Column(actuals, k.Unit, b.opt.Lang, false)
	varCol := numfmt.Column(append(variances, bb.Other), k.Unit, b.opt.Lang, true)
	tb := doc.Table{Head: strings.Split(t["budgetbridge.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right}}
	ok := !k.Suspect && !r.Touched(k.Defects, r.Period, r.Period) // not graded when suspect or incomplete
	row := func(name doc.Cell, i int, attainment float64) []doc.Cell {
		// a member with a budget and no actual (or the other way round) is
		// not graded: "Payroll ✓ -6.26 M" was a member renamed (found from
		// outside)
		ok := ok && !math.IsNaN(budgets[i]) && !math.IsNaN(actuals[i])
		return []doc.Cell{name, {Text: budgetCol[i]}, {Text: actualCol[i]},
			{Text: varCol[i], Level: graded(ok, level(variances[i], k.Spec.LowerIsBetter, 0))},
			{Text: pct(attainment, false), Level: graded(ok, level(attainment-1, k.Spec.LowerIsBetter, 0))}}
	}
	var noActual, noBudget []string // a member renamed, or not sent?
	for i, m := range bb.Members {
		tb.Rows = append(tb.Rows, row(doc.Cell{Text: m.Member}, i, m.Attainment))
		switch {
		case math.IsNaN(m.Actual) && !math.IsNaN(m.Budget):
			noActual = append(noActual, m.Member)
		case math.IsNaN(m.Budget) && !math.IsNaN(m.Actual):
			noBudget = append(noBudget, m.Member)
		}
	}
	if len(noActual) > 0 || len(noBudget) > 0 {
		tb.Notes = append(tb.Notes, fmt.Sprintf(t["budgetbridge.unmatched"], orDash(noActual), orDash(noBudget)))
	}
	n := len(bb.Members)
	if bb.Other != 0 {
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: t["budgetbridge.other"]}, {Text: ""}, {Text: ""},
			{Text: varCol[n+1], Level: graded(ok, level(bb.Other, k.Spec.LowerIsBetter, 0))}, {Text: ""}})
		tb.Notes = append(tb.Notes, t["budgetbridge.othernote"])
	}
	tb.Rows = append(tb.Rows, row(doc.Cell{Text: t["total"], Bold: true}, n, k.Attainment))
	b.add(tb)
	return nil
}

// priceVolume is a revenue's price, volume and mix bridge against last
// year's month or the budget, with its table by member; or one line
// saying why there is none.
func (b *monthlyBuilder) priceVolume(k analysis.MonthlyKPI, pv *analysis.PriceVolume) error {
	if pv == nil {
		return nil
	}
	t, r := b.t, b.r
	label := marked(k.Label, k.Defects, pv.Defects)
	base := pv.Base.String()
	if pv.Budget {
		base = t["budget"]
	}
	switch pv.Gap {
	case "":
	case analysis.GapNoUnitsBudget:
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["pvm.nounitsbudget"], label)})
		return nil
	case analysis.GapNoBreakdown:
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["pvm.nobreakdown"], label, k.Spec.PriceVolume.By)})
		return nil
	case analysis.GapNoBase:
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["pvm.nobase"], label, base)})
		return nil
	case analysis.GapNoUnits:
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["pvm.nounits"], label, base)})
		return nil
	default: // analysis.GapMembers
		b.add(doc.Paragraph{Text: fmt.Sprintf(t["pvm.members"], label, base)})
		return nil
	}
	b.add(doc.Heading{Level: 2, Text: fmt.Sprintf(t["pvm.title"], label, base)})
	br := chart.Bridge{Title: fmt.Sprintf(t["pvm.title"], k.Label, base), YLabel: numfmt.UnitName(k.Unit, b.opt.Lang), Unit: k.Unit,
		StartLabel: base, Start: pv.BaseRevenue, EndLabel: r.Period.String(), LowerIsBetter: k.Spec.LowerIsBetter,
		Steps: []chart.Step{{Label: t["pvm.volume"], Delta: pv.Volume}, {Label: t["pvm.mix"], Delta: pv.Mix}, {Label: t["pvm.price"], Delta: pv.Price}}}
	pic, err := b.cr.Bridge(br)
	if err != nil {
		return fmt.Errorf("price-volume bridge of %s: %w", k.Label, err)
	}
	name := "-pvm"
	if pv.Budget {
		name = "-pvm-budget"
	}
	b.add(b.figure(slug(string(k.Spec.Metric))+name, fmt.Sprintf(t["pvm.caption"], k.Label, base, r.Period), pic))

	// By member: units and price then and now, each one's mix and price
	// effect; the total row adds up to the bridge's.
	var mix, price, unitsThen, unitsNow, priceThen, priceNow []float64
	for _, m := range pv.Members {
		mix, price = append(mix, m.Mix), append(price, m.PriceEffect)
		unitsThen, unitsNow = append(unitsThen, m.BaseUnits), append(unitsNow, m.Units)
		priceThen, priceNow = append(priceThen, m.BasePrice), append(priceNow, m.Price)
	}
	mix, price = append(mix, pv.Mix), append(price, pv.Price)
	unitsThen, unitsNow = append(unitsThen, pv.BaseUnits), append(unitsNow, pv.Units)
	priceThen, priceNow = append(priceThen, pv.BaseRevenue/pv.BaseUnits), append(priceNow, pv.Revenue/pv.Units)
	lang := b.opt.Lang
	mixCol, priceCol := numfmt.Column(mix, k.Unit, lang, true), numfmt.Column(price, k.Unit, lang, true)
	utCol, unCol := numfmt.Column(unitsThen, pv.UnitsUnit, lang, false), numfmt.Column(unitsNow, pv.UnitsUnit, lang, false)
	ptCol, pnCol := numfmt.Column(priceThen, k.Unit, lang, false), numfmt.Column(priceNow, k.Unit, lang, false)
	tb := doc.Table{Caption: fmt.Sprintf(t["pvm.table"], base, r.Period, numfmt.Per(k.Unit, pv.UnitsUnit, lang)),
		Head:  strings.Split(t["pvm.head"], "|"),
		Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right},
		Notes: []string{fmt.Sprintf(t["pvm.notes"], b.val(pv.Volume, k.Unit))}}
	// units to check, or either month incomplete: no grades
	bp := pv.Base // the base month (the month itself against its budget)
	if pv.Budget {
		bp = r.Period
	}
	ok := !k.Suspect && len(b.suspectNotes(pv.Defects)) == 0
	for _, ix := range []analysis.FigureDefects{pv.Defects, k.Defects} {
		ok = ok && !r.Touched(ix, bp, bp) && !r.Touched(ix, r.Period, r.Period)
	}
	for i := range mix {
		name := doc.Cell{Text: t["total"], Bold: true}
		if i < len(pv.Members) {
			name = doc.Cell{Text: pv.Members[i].Member}
		}
		tb.Rows = append(tb.Rows, []doc.Cell{name, {Text: utCol[i] + " → " + unCol[i]}, {Text: ptCol[i] + " → " + pnCol[i]},
			{Text: mixCol[i], Level: graded(ok, level(mix[i], k.Spec.LowerIsBetter, 0))},
			{Text: priceCol[i], Level: graded(ok, level(price[i], k.Spec.LowerIsBetter, 0))}})
	}
	b.add(tb)
	return nil
}

func (b *monthlyBuilder) department(d analysis.DepartmentView) error {
	t, r := b.t, b.r
	id := slug(d.Name)
	if id == "x" { // a name of no Latin letters or digits (销售部): its place
		id = fmt.Sprint(slices.IndexFunc(r.Depts, func(e analysis.DepartmentView) bool { return e.Name == d.Name }) + 1)
	}
	b.add(doc.Heading{Level: 1, Text: fmt.Sprintf(t["h.dept"], d.Name), ID: "dept-" + id})
	if len(d.KPIs) > 0 {
		b.add(b.kpiTables(d.KPIs)...)
	}
	if len(d.Ratios) > 0 {
		tb := doc.Table{Head: strings.Split(t["ratio.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right}}
		for _, q := range d.Ratios {
			f := func(v float64) string { return b.ratioValue(q, v) }
			name := doc.Cell{Text: q.Spec.Name, Bold: true}
			if len(q.Defects) > 0 {
				name.Text += " " + marks(q.Defects)
				name.Level = doc.Warning
			}
			tb.Rows = append(tb.Rows, []doc.Cell{name, {Text: f(q.Value)},
				{Text: f(q.Prev), Level: doc.Level(q.Levels.Prev)}, {Text: f(q.LastYear), Level: doc.Level(q.Levels.LastYear)}, b.ratioR12(q)})
		}
		tb.Notes = []string{t["ratio.notes"]}
		b.add(tb)
	}
	// Small multiples: each figure and ratio over three years with its forecast.
	var panels []chart.Panel
	for _, k := range d.KPIs {
		p := chart.Panel{Title: k.Label, Unit: k.Unit}
		for q := k.History.Start; q <= k.History.End(); q++ {
			p.Labels = append(p.Labels, q.String())
		}
		p.Actual = k.History.Values
		p.Start = len(p.Labels)
		if f := k.Forecast; f != nil && f.Error == "" {
			for i := range f.Mean {
				p.Labels = append(p.Labels, f.Origin.Add(i+1).String())
			}
			p.Mean, p.Lo95, p.Hi95 = f.Mean, f.Lo95, f.Hi95
		}
		p.Flagged, p.FlaggedName = b.flagged(k.Defects, k.History.Start, len(p.Labels)), t["defect.flagged"]
		panels = append(panels, p)
	}
	for _, q := range d.Ratios {
		p := chart.Panel{Title: q.Spec.Name, Actual: q.History.Values, Percent: q.Spec.Percent}
		for i := range q.History.Values {
			p.Labels = append(p.Labels, q.History.Start.Add(i).String())
		}
		p.Start = len(p.Labels)
		p.Flagged, p.FlaggedName = b.flagged(q.Defects, q.History.Start, len(p.Labels)), t["defect.flagged"]
		panels = append(panels, p)
	}
	if len(panels) > 0 {
		pic, err := b.cr.Multiples(chart.Multiples{Title: fmt.Sprintf(t["dept.chart"], d.Name), Cols: 3, Panels: panels})
		if err != nil {
			return fmt.Errorf("department %s: %w", d.Name, err)
		}
		b.add(b.figure("dept-"+id, fmt.Sprintf(t["dept.caption"], d.Name, r.Period), pic))
	}
	return nil
}

func (b *monthlyBuilder) quality() {
	t, q := b.t, &b.r.Quality
	b.add(doc.Heading{Level: 1, Text: t["h.quality"], ID: "quality"})
	tb := doc.Table{Head: strings.Split(t["q.head"], "|"), Align: []doc.Align{doc.Left, doc.Left, doc.Right, doc.Right, doc.Right, doc.Left, doc.Left}}
	for _, s := range q.Sources {
		req := t["no"]
		if s.Required {
			req = t["yes"]
		}
		last := "n/a"
		if s.Last != 0 {
			last = s.Last.String()
		}
		// Load times are clock times: reproducible output (no generation
		// time) leaves them out.
		loaded := ""
		if !s.LoadedAt.IsZero() && !b.opt.GeneratedAt.IsZero() {
			loaded = s.LoadedAt.Format("2006-01-02 15:04")
		}
		if s.Late {
			last += " " + t["q.late"]
		}
		facts := doc.Cell{Text: fmt.Sprint(s.Facts)}
		if s.Facts == 0 && s.Required {
			facts.Level = doc.Bad
		}
		rej := doc.Cell{Text: fmt.Sprint(s.Rejects)}
		if s.Rejects > 0 {
			rej.Level = doc.Warning
		}
		files := strings.Join(s.Files, ", ")
		if len(s.Refused) > 0 {
			files += " " + fmt.Sprintf(t["q.refused"], strings.Join(s.Refused, ", "))
		}
		row := []doc.Cell{{Text: s.Source, Bold: true}, {Text: req}, facts, rej, {Text: last}, {Text: loaded}, {Text: files}}
		if b.opt.GeneratedAt.IsZero() {
			row = append(row[:5], row[6])
		}
		tb.Rows = append(tb.Rows, row)
	}
	if b.opt.GeneratedAt.IsZero() {
		tb.Head = append(tb.Head[:5], tb.Head[6])
	}
	tb.Widths = []float64{1.3, 0.9, 0.8, 0.9, 1, 1.4, 3.2}[7-len(tb.Head):]
	tb.Notes = []string{t["q.notes"]}
	b.add(tb)
	b.defects()
	var anomalies []string
	seen := map[coo.MetricName]bool{}
	all := append([]analysis.MonthlyKPI(nil), b.r.KPIs...)
	for _, d := range b.r.Depts {
		all = append(all, d.KPIs...)
	}
	for _, k := range all {
		if k.Anomaly && !seen[k.Spec.Metric] {
			seen[k.Spec.Metric] = true
			anomalies = append(anomalies, fmt.Sprintf(t["q.anomaly"], k.Label+k.Defects.Notes(), b.val(k.Value, k.Unit), b.num(k.Expected, k.Unit), b.num(k.ExpectedLo, k.Unit), b.num(k.ExpectedHi, k.Unit)))
		}
	}
	if len(anomalies) > 0 {
		b.add(doc.Notice{Level: doc.Warning, Title: t["q.anomalies"], Lines: anomalies})
	}
}

// slug makes a file-name-safe stem: letters and digits, other runs as '-'.
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			sb.WriteRune(c)
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(sb.String(), "-")
	if out == "" {
		out = "x"
	}
	return out
}

// marks are a figure's note marks: "[1,3]".
func marks(ix analysis.FigureDefects) string { return "[" + noteList(ix) + "]" }

// suspectNotes are those of the defects ix that are suspected slips.
func (b *monthlyBuilder) suspectNotes(ix analysis.FigureDefects) analysis.FigureDefects {
	var out analysis.FigureDefects
	for _, i := range ix {
		if b.r.Quality.Defects[i].Kind == coo.Suspect {
			out = append(out, i)
		}
	}
	return out
}

// noteList numbers a figure's defects as the notes do: "1,3".
func noteList(ix analysis.FigureDefects) string { return ix.List() }

// flagged returns the chart indexes, from start over n months, of the
// months the defects ix touch.
func (b *monthlyBuilder) flagged(ix analysis.FigureDefects, start coo.Period, n int) []int {
	var out []int
	for _, p := range b.r.Quality.DefectMonths(ix, start, start.Add(n-1)) {
		out = append(out, int(p-start))
	}
	return out
}

// defectText says what a defect is, in the report's language.
func (b *monthlyBuilder) defectText(d coo.Defect) string {
	t := b.t
	var s string
	switch d.Kind {
	case coo.Rejected:
		s = fmt.Sprintf(t["defect.rejected"], d.Reason, d.Detail)
	case coo.Refused:
		return fmt.Sprintf(t["defect.refused"], d.Reason, d.Detail, d.Source)
	case coo.Missing:
		if len(d.Months) == 0 {
			return fmt.Sprintf(t["defect.missingall"], d.Source)
		}
		return fmt.Sprintf(t["defect.missing"], d.Source, d.Months[0])
	case coo.Absent:
		return fmt.Sprintf(t["defect.absent"], d.Detail, d.Measure, d.Months[0])
	case coo.Restated:
		if d.Detail == d.File {
			s = fmt.Sprintf(t["defect.resent"], d.Source)
		} else {
			s = fmt.Sprintf(t["defect.restated"], d.Detail, d.Source)
		}
	default:
		s = d.Detail
	}
	if len(d.Months) > 0 {
		var ms []string
		for _, p := range d.Months {
			ms = append(ms, p.String())
		}
		s += fmt.Sprintf(t["defect.months"], strings.Join(ms, ", "))
	}
	return s
}

// defects lists every defect of the input that touches a figure, with the
// figures it touches.
func (b *monthlyBuilder) defects() {
	t, q := b.t, &b.r.Quality
	if len(q.Defects) == 0 {
		return
	}
	figures := make([][]string, len(q.Defects))
	note := func(label string, ix analysis.FigureDefects) {
		for _, i := range ix {
			if !slices.Contains(figures[i], label) {
				figures[i] = append(figures[i], label)
			}
		}
	}
	for _, k := range b.r.KPIs {
		note(k.Label, k.Defects)
	}
	for _, d := range b.r.Depts {
		for _, k := range d.KPIs {
			note(k.Label, k.Defects)
		}
		for _, r := range d.Ratios {
			note(r.Spec.Name, r.Defects)
		}
	}
	b.add(doc.Heading{Level: 2, Text: t["h.defects"], ID: "defects"})
	tb := doc.Table{Head: strings.Split(t["defects.head"], "|"), Align: []doc.Align{doc.Right, doc.Left, doc.Left, doc.Left},
		Widths: []float64{0.5, 2.6, 3.6, 2.3}}
	for i, d := range q.Defects {
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: fmt.Sprintf("[%d]", i+1)}, {Text: d.Where(), Level: doc.Bad},
			{Text: b.defectText(d)}, {Text: strings.Join(figures[i], ", ")}})
	}
	b.add(tb)
}

// rangeMark marks a figure outside its history's range (OutOfRange).
const rangeMark = "‡"

// outlookCell is a KPI's fiscal-year outlook, marked when out of range.
func (b *monthlyBuilder) outlookCell(k analysis.MonthlyKPI) doc.Cell {
	c := doc.Cell{Text: b.num(k.Outlook, k.Unit)}
	if k.OutOfRange {
		c.Text += " " + rangeMark
		c.Level = doc.Warning // to check, not bad news
	}
	return c
}

// rangeNotes explain the out-of-range marks of ks.
func (b *monthlyBuilder) rangeNotes(ks []analysis.MonthlyKPI) []string {
	var out []string
	for _, k := range ks {
		if k.OutOfRange {
			out = append(out, fmt.Sprintf(b.t["range.note"], k.Label))
		}
	}
	return out
}

// setAside lists the values the reported figures' forecasts were fitted
// without, each with the workbook cells behind it.
func (b *monthlyBuilder) setAside() {
	t := b.t
	if len(b.r.Outliers) == 0 {
		return
	}
	b.add(doc.Heading{Level: 2, Text: t["h.setaside"], ID: "set-aside"})
	b.add(doc.Paragraph{Text: t["setaside.intro"]})
	tb := doc.Table{Head: strings.Split(t["setaside.head"], "|"),
		Align:  []doc.Align{doc.Left, doc.Left, doc.Right, doc.Right, doc.Left},
		Widths: []float64{1.6, 0.9, 1.3, 1.3, 3.4}}
	for _, o := range b.r.Outliers {
		var cells []string
		for _, c := range o.Cells {
			if c.Cell.Col == 0 {
				cells = append(cells, c.File)
			} else {
				cells = append(cells, c.File+"!"+c.Cell.String())
			}
		}
		where := strings.Join(cells, ", ")
		if where == "" {
			where = t["setaside.nocell"]
		}
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: o.Label, Bold: true}, {Text: o.Period.String()},
			{Text: b.val(o.Value, o.Unit), Level: doc.Warning}, {Text: b.val(o.Expected, o.Unit)}, {Text: where}})
	}
	b.add(tb)
}
