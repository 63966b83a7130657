package render

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"coo"
	"coo/analysis"
	"coo/internal/numfmt"
	"coo/render/doc"
)

// Page one of the monthly report: the month's story, what matters, the
// year to date, the fiscal-year outlook and the questions for the
// departments. Colours follow each figure's polarity: a rise of a
// lower-is-better figure is bad.

// headline is the month's story in one sentence.
func (b *monthlyBuilder) headline() {
	h := b.r.Headline
	if h.Text == "" {
		return
	}
	b.add(doc.Notice{Level: doc.Level(h.Level), Title: h.Text})
}

// findings are the month's findings, bad news first, each with why it
// matters.
func (b *monthlyBuilder) findings() {
	t, r := b.t, b.r
	if len(r.Findings) == 0 {
		return
	}
	b.add(doc.Heading{Level: 2, Text: t["h.findings"], ID: "findings"})
	b.add(doc.Paragraph{Text: t["front.intro"]})
	var bad, good []string
	for i, f := range r.Findings { // numbered by rank across both boxes
		line := fmt.Sprintf("%d. ", i+1) + fmt.Sprintf(t["front.why"], f.Text, f.Why)
		if f.Good {
			good = append(good, line)
		} else {
			bad = append(bad, line)
		}
	}
	if len(bad) > 0 {
		b.add(doc.Notice{Level: doc.Bad, Title: t["front.bad"], Lines: bad})
	}
	if len(good) > 0 {
		b.add(doc.Notice{Level: doc.Good, Title: t["front.good"], Lines: good})
	}
}

// budgeted are the KPIs with a budget: the headline ones, then the
// departments' not among them.
func (b *monthlyBuilder) budgeted() []analysis.MonthlyKPI {
	var out []analysis.MonthlyKPI
	seen := map[coo.MetricName]bool{}
	add := func(ks []analysis.MonthlyKPI) {
		for _, k := range ks {
			if k.Spec.Budget != "" && !seen[k.Spec.Metric] {
				seen[k.Spec.Metric] = true
				out = append(out, k)
			}
		}
	}
	add(b.r.KPIs)
	for _, d := range b.r.Depts {
		add(d.KPIs)
	}
	return out
}

// yearToDate is the year so far against its budget and last year's.
func (b *monthlyBuilder) yearToDate() {
	t, r := b.t, b.r
	ks := b.budgeted()
	if len(ks) == 0 {
		return
	}
	tb := doc.Table{
		Caption: fmt.Sprintf(t["front.ytd"], r.FiscalYear, r.YearStart, r.Period),
		Head:    strings.Split(t["front.ytdhead"], "|"),
		Align:   []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right},
		Widths:  []float64{2.2, 1.3, 1.3, 1.1, 1.3, 1.1},
	}
	for _, k := range ks {
		tb.Rows = append(tb.Rows, []doc.Cell{
			markedLabel(k),
			{Text: b.num(k.YTD, k.Unit)},
			{Text: b.num(k.YTDBudget, k.Unit)},
			{Text: pct(k.YTDAttainment, false), Level: doc.Level(k.Levels.YTDBudget)},
			{Text: b.num(k.YTDLastYear, k.Unit)},
			{Text: b.change(k.YTDChange, k.YTD, k.YTDLastYear, k.Unit), Level: doc.Level(k.Levels.YTD)},
		})
	}
	b.add(tb)
}

// coverage says how much of the year a KPI's budget covers: "7 of 12
// months"; "" when it has no budget.
func (b *monthlyBuilder) coverage(k analysis.MonthlyKPI) string {
	if k.Spec.Budget == "" {
		return ""
	}
	return fmt.Sprintf(b.t["front.cover"], k.FYBudgetMonths, k.FYMonths)
}

// vsBudget is the outlook against the budget of the months it covers.
func vsBudget(k analysis.MonthlyKPI) float64 {
	if !math.IsNaN(k.OutlookVsBudget) {
		return k.OutlookVsBudget
	}
	return k.OutlookVsCovered
}

// fiscalYear is the year's outlook against its budget and last year.
func (b *monthlyBuilder) fiscalYear() {
	t, r := b.t, b.r
	ks := append([]analysis.MonthlyKPI(nil), r.KPIs...)
	for _, k := range b.budgeted() {
		if !containsMetric(ks, k.Spec.Metric) {
			ks = append(ks, k)
		}
	}
	tb := doc.Table{
		Caption: fmt.Sprintf(t["front.fy"], r.FiscalYear),
		Head:    strings.Split(t["front.fyhead"], "|"),
		Align:   []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right},
		Widths:  []float64{2, 1.1, 1.9, 1, 1.2, 1.1, 2.2},
		Notes:   []string{t["front.fynotes"]},
	}
	for _, k := range ks {
		rng, vsLY := "n/a", pct(k.OutlookVsLastYear, true)
		if !math.IsNaN(k.Outlook) {
			rng = b.rng(k.OutlookLo95, k.OutlookHi95, k.Unit)
		}
		if !math.IsNaN(k.OutlookVsLastYearLo) {
			vsLY += " (" + pct(k.OutlookVsLastYearLo, true) + " – " + pct(k.OutlookVsLastYearHi, true) + ")"
		}
		vb := vsBudget(k)
		vbText := pct(vb, false)
		if k.Spec.Budget == "" {
			vbText = ""
		}
		tb.Rows = append(tb.Rows, []doc.Cell{
			markedLabel(k),
			{Text: b.num(k.Outlook, k.Unit)},
			{Text: rng},
			{Text: vbText, Level: doc.Level(k.Levels.FYBudget)},
			{Text: b.coverage(k)},
			{Text: b.num(k.FYLastYear, k.Unit)},
			{Text: vsLY, Level: doc.Level(k.Levels.OutlookVsLastYear)},
		})
	}
	b.add(tb)
}

// markedLabel is a KPI's label for a table row, with the notes of the
// input defects that touch it ("Revenue [1]", in the warning colour: to
// check, not bad news), as the key-figures tables mark it.
func markedLabel(k analysis.MonthlyKPI) doc.Cell {
	c := doc.Cell{Text: k.Label, Bold: true}
	if len(k.Defects) > 0 {
		c.Text += " " + marks(k.Defects)
		c.Level = doc.Warning
	}
	return c
}

func containsMetric(ks []analysis.MonthlyKPI, m coo.MetricName) bool {
	for _, k := range ks {
		if k.Spec.Metric == m {
			return true
		}
	}
	return false
}

// questions are what to raise with each department head this month.
func (b *monthlyBuilder) questions() {
	t, r := b.t, b.r
	if len(r.Questions) == 0 {
		return
	}
	b.add(doc.Heading{Level: 2, Text: t["h.questions"], ID: "questions"})
	for _, q := range r.Questions {
		b.add(doc.Heading{Level: 3, Text: q.Dept})
		b.add(doc.List{Items: q.Items})
	}
}

// appendix says how each forecast was made: its method and backtest.
func (b *monthlyBuilder) appendix() {
	t, r := b.t, b.r
	var ks []analysis.MonthlyKPI
	ks = append(ks, r.KPIs...)
	for _, d := range r.Depts {
		for _, k := range d.KPIs {
			if !containsMetric(ks, k.Spec.Metric) {
				ks = append(ks, k)
			}
		}
	}
	b.add(doc.Heading{Level: 1, Text: t["h.appendix"], ID: "appendix"})
	b.add(doc.Paragraph{Text: t["app.intro"]})
	tb := doc.Table{
		Head:   strings.Split(t["app.head"], "|"),
		Align:  []doc.Align{doc.Left, doc.Left, doc.Right, doc.Right, doc.Right},
		Widths: []float64{1.6, 4, 0.8, 1.1, 1},
	}
	var methods []string
	for _, k := range ks {
		f := k.Forecast
		if f == nil || f.Error != "" {
			continue
		}
		mase := doc.Cell{Text: num2(f.BacktestMASE)}
		if f.LostBacktest() {
			mase.Level = doc.Warning
		}
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: k.Label, Bold: true}, {Text: f.Method}, mase,
			{Text: num2(f.BenchmarkMASE)}, {Text: b.coverage95(f)}})
		if f.Summary != "" {
			methods = append(methods, k.Label+" — "+fmt.Sprintf(t["fc.method"], b.methodText(f.Summary)))
		}
	}
	b.add(tb)
	if len(methods) > 0 {
		b.add(doc.List{Items: methods})
	}
}

// ratioValue is a ratio's figure with its unit: "224.10 CNY per item",
// "21.8 万元/人", "90.1%" for a percentage.
func (b *monthlyBuilder) ratioValue(q analysis.MonthlyRatio, v float64) string {
	if q.Spec.Percent {
		return pct(v, false)
	}
	unit := ""
	if numfmt.IsCurrency(q.NumUnit) {
		unit = q.NumUnit // money: two decimals below 100
	}
	s := numfmt.Number(v, unit, b.opt.Lang)
	switch {
	case q.Unit == "" || s == numfmt.NA:
		return s
	case b.opt.Lang == "zh" && (strings.HasSuffix(s, "万") || strings.HasSuffix(s, "亿")):
		return s + q.Unit
	}
	return s + " " + q.Unit
}

// ratioR12 is a ratio's rolling 12 months, marked as a yearly figure when
// it sums a flow's 12 months over a level (staff turnover).
func (b *monthlyBuilder) ratioR12(q analysis.MonthlyRatio) doc.Cell {
	c := doc.Cell{Text: b.ratioValue(q, q.R12)}
	if q.Annual && c.Text != numfmt.NA {
		c.Text += b.t["ratio.annual"]
	}
	return c
}

// methodPhrases put the forecast package's one-line summaries (stored in
// English with each forecast) into Chinese; model names stay as written.
var methodPhrases = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`mean of (.+?) \(the members for m = (\d+)\), intervals calibrated by a (\d+)-origin refit backtest`), "取 $1 的平均（季节长度 m = $2 的成员），区间以 $3 个起点的重拟合回测校准"},
	{regexp.MustCompile(`mean of (.+?) \(the members for m = (\d+)\), not backtested`), "取 $1 的平均（季节长度 m = $2 的成员），未经回测"},
	{regexp.MustCompile(`smallest mean squared error in a (\d+)-origin backtest among (.+?), for small counts \(mean ([\d.]+), ([\d.]+)% zeros\)`), "在 $2 中取 $1 个起点回测均方误差最小者，适用于小计数（均值 $3，零值占 $4%）"},
	{regexp.MustCompile(`smallest mean squared error in a (\d+)-origin backtest among (.+?), for `), "在 $2 中取 $1 个起点回测均方误差最小者，适用于"},
	{regexp.MustCompile(`: backtest sMAPE ([\d.]+)% vs seasonal naive ([\d.]+)%`), "：回测 sMAPE $1%，季节性朴素法 $2%"},
	{regexp.MustCompile(`did worse than (.+?) in backtest: MASE ([\d.]+) vs ([\d.]+)`), "回测不如 $1：MASE $2，对比 $3"},
	{regexp.MustCompile(`; reconciled with \S+'s breakdowns \(MinT \(shrink\)\)`), "；已与各分项协调一致（MinT，收缩估计）"},
	{regexp.MustCompile(`; reconciled with \S+'s breakdowns \((.+)\)`), "；已与各分项协调一致（$1）"},
	{regexp.MustCompile(`seasonal naive`), "季节性朴素法"},
	{regexp.MustCompile(`\), (取|在)`), ")，$1"},
}

// methodText is a forecast's summary or warning in the report's language.
func (b *monthlyBuilder) methodText(s string) string {
	if b.opt.Lang != "zh" {
		return s
	}
	for _, p := range methodPhrases {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// num2 prints a figure with two decimals, NaN as n/a.
func num2(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", v)
}

// fyBudgetCell is the key-figures table's "vs FY budget": the outlook
// against the year's budget, or against the months the budget covers
// with how many ("101.7% (7/12)").
func (b *monthlyBuilder) fyBudgetCell(k analysis.MonthlyKPI) doc.Cell {
	v := vsBudget(k)
	c := doc.Cell{Text: pct(v, false), Level: doc.Level(k.Levels.FYBudget)}
	if math.IsNaN(k.OutlookVsBudget) && !math.IsNaN(v) {
		c.Text += fmt.Sprintf(b.t["front.coverShort"], k.FYBudgetMonths, k.FYMonths)
	}
	return c
}

// coverage95 says what the backtest's 95% coverage was counted on: "93.1%
// of 24 values, last 12 months".
func (b *monthlyBuilder) coverage95(f *coo.StoredForecast) string {
	if math.IsNaN(f.BacktestCov95) || f.BacktestPoints == 0 {
		return pct(f.BacktestCov95, false)
	}
	return fmt.Sprintf(b.t["app.cover"], pct(f.BacktestCov95, false), f.BacktestPoints, f.BacktestMonths)
}
