package render

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"coo"
	"coo/analysis"
	"coo/render/chart"
	"coo/render/doc"
	"coo/render/font"
)

// StudyOptions are the study report's settings.
type StudyOptions struct {
	Options
	Company string
	Lang    string    // en or zh; "" is en
	Face    font.Face // the typeface of the charts and the PDF; zero is the Go fonts
	Formats []string  // html, pdf, md; nil is all three
}

// studyHistory is how many months of the target's history the scenario
// chart shows before the forecast.
const studyHistory = 24

// Study renders a study report: the question and the answer in words, the
// actual and fitted values, the coefficients, the fit statistics, the
// diagnostics with their warnings and the residuals, the scenarios with
// their fan chart and 95% intervals, the sensitivity table, the backtest
// and the data behind the study. It writes into dst as Monthly does:
// Stem.html, Stem.pdf, Stem.md and Stem-assets/NAME.png; the Stem "" is
// "study". Text from the study file (title, question, scenario names) is
// escaped by each writer. The same r and opt give the same bytes.
func Study(ctx context.Context, dst Dest, r *analysis.StudyReport, opt StudyOptions) error {
	if err := opt.Validate(); err != nil {
		return err
	}
	if opt.Stem == "" {
		opt.Stem = "study"
	}
	cr, err := setup(&opt.Lang, &opt.Face)
	if err != nil {
		return err
	}
	b := &studyBuilder{r: r, opt: opt, cr: cr, t: studyTexts[opt.Lang]}
	if b.t == nil {
		b.t = studyTexts["en"]
	}
	d, err := b.document()
	if err != nil {
		return err
	}
	return writeFormats(ctx, dst, d, opt.Face, opt.Formats, opt.Stem, nil)
}

type studyBuilder struct {
	r   *analysis.StudyReport
	opt StudyOptions
	cr  *chart.Renderer
	t   map[string]string
	docBuilder
}

// unlog puts a value of the fitted scale back on the target's own scale.
func (b *studyBuilder) unlog(v float64) float64 {
	if b.r.Study.Design.Target.Log {
		return math.Exp(v)
	}
	return v
}

// g4 prints a number with four significant digits, in full from 10,000 on
// (no exponent at the sizes of business figures).
func g4(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	if a := math.Abs(v); a >= 1e4 && a < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func (b *studyBuilder) document() (*doc.Document, error) {
	r, t, st := b.r, b.t, b.r.Study
	title := r.Title
	if b.opt.Title != "" {
		title = b.opt.Title
	}
	if title == "" {
		title = fmt.Sprintf(t["title"], r.TargetLabel)
	}
	m := st.Matrix
	sub := fmt.Sprintf(t["subtitle"], r.TargetLabel, m.Periods[0], m.Periods[len(m.Periods)-1], st.Fit.N)
	if b.opt.Company != "" {
		sub = b.opt.Company + " · " + sub
	}
	b.d = doc.Document{Lang: b.opt.Lang, Title: title, Date: b.opt.GeneratedAt, Subtitle: sub,
		Footer: strings.TrimPrefix(b.opt.Company+" · "+title, " · ")}

	b.add(doc.Heading{Level: 1, Text: t["h.answer"], ID: "answer"})
	b.add(doc.Heading{Level: 2, Text: t["h.question"]}, doc.Paragraph{Text: r.Question})
	b.add(doc.Heading{Level: 2, Text: t["h.short"]})
	sep := " "
	if b.opt.Lang == "zh" {
		sep = ""
	}
	b.add(doc.Paragraph{Text: strings.Join(r.Answer, sep)})
	if err := b.fitChart(); err != nil {
		return nil, err
	}
	b.model()
	if err := b.residualChart(); err != nil {
		return nil, err
	}
	if err := b.scenarios(); err != nil {
		return nil, err
	}
	b.sensitivity()
	b.backtest()
	b.data()
	b.add(doc.Heading{Level: 2, Text: t["h.method"], ID: "method"})
	b.add(doc.List{Items: strings.Split(t["method"], "\n")})
	return &b.d, nil
}

// monthLabels returns the labels of the months from to to.
func monthLabels(from, to coo.Period) []string {
	var out []string
	for p := from; p <= to; p++ {
		out = append(out, p.String())
	}
	return out
}

// fitChart draws the actual and fitted values over the design's months,
// with a gap at a month left out.
func (b *studyBuilder) fitChart() error {
	r, t, st := b.r, b.t, b.r.Study
	m := st.Matrix
	labels := monthLabels(m.From, m.To)
	act, fit := nans(len(labels)), nans(len(labels))
	for i, p := range m.Periods {
		act[p-m.From] = b.unlog(m.Y[i])
		fit[p-m.From] = b.unlog(st.Fit.Fitted[i])
	}
	title := fmt.Sprintf(t["fit.title"], r.TargetLabel)
	pic, err := b.cr.Lines(chart.Lines{Title: title, YLabel: r.TargetUnit, Labels: labels,
		Series: []chart.LineSeries{{Name: t["actual"], Values: act}, {Name: t["fitted"], Values: fit, Dashed: true}}})
	if err != nil {
		return fmt.Errorf("actual and fitted chart: %w", err)
	}
	caption := t["fit.caption"]
	if st.Design.Target.Log {
		caption += " " + t["fit.log"]
	}
	b.add(b.figure("fit", caption, pic))
	return nil
}

func nans(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// model adds the coefficients, the fit statistics and the diagnostics.
func (b *studyBuilder) model() {
	t, st := b.t, b.r.Study
	m, fit, d := st.Matrix, st.Fit, st.Diagnostics
	b.add(doc.Heading{Level: 1, Text: t["h.model"], ID: "model"})
	coef := doc.Table{
		Caption: fmt.Sprintf(t["coef.caption"], fit.N, m.Periods[0], m.Periods[len(m.Periods)-1]),
		Head:    strings.Split(t["coef.head"], "|"),
		Align:   []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right, doc.Right},
		Widths:  []float64{2.6, 1, 1, 0.9, 0.9, 1, 1},
		Notes:   []string{t["coef.notes"]},
	}
	for _, tm := range fit.Terms {
		p := doc.Cell{Text: g4(tm.P)}
		if tm.P < 0.05 {
			p.Bold = true
		}
		coef.Rows = append(coef.Rows, []doc.Cell{{Text: tm.Name}, {Text: g4(tm.Estimate)}, {Text: g4(tm.StdError)},
			{Text: g4(tm.T)}, p, {Text: g4(tm.Lower)}, {Text: g4(tm.Upper)}})
	}
	b.add(coef)
	stats := doc.Table{Caption: t["fit.stats"], Head: strings.Split(t["stat.head"], "|"), Align: []doc.Align{doc.Left, doc.Right}, Widths: []float64{1.5, 2}}
	row := func(name, value string) { stats.Rows = append(stats.Rows, []doc.Cell{{Text: name}, {Text: value}}) }
	row("R²", g4(fit.RSquared))
	row(t["adjr2"], g4(fit.AdjRSquared))
	row("F", fmt.Sprintf(t["f"], g4(fit.F), fit.FDF1, fit.FDF2, g4(fit.FP)))
	row(t["sigma"], fmt.Sprintf(t["ondf"], g4(fit.Sigma), fit.DF))
	row("AIC", g4(fit.AIC))
	row("BIC", g4(fit.BIC))
	row(t["cond"], g4(fit.Cond))
	b.add(stats)

	b.add(doc.Heading{Level: 2, Text: t["h.diag"], ID: "diagnostics"})
	diag := doc.Table{Head: strings.Split(t["diag.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right}, Widths: []float64{2, 1, 1}}
	test := func(name string, stat, p float64) {
		pc := doc.Cell{Text: g4(p)}
		if p < 0.05 {
			pc.Level = doc.Warning
		}
		if math.IsNaN(p) {
			pc.Text = ""
		}
		diag.Rows = append(diag.Rows, []doc.Cell{{Text: name}, {Text: g4(stat)}, pc})
	}
	test("Durbin–Watson", d.DurbinWatson, math.NaN())
	test(fmt.Sprintf(t["lb"], d.LjungBoxLag), d.LjungBox.Statistic, d.LjungBox.P)
	test("Jarque–Bera", d.JarqueBera.Statistic, d.JarqueBera.P)
	test("Breusch–Pagan", d.BreuschPagan.Statistic, d.BreuschPagan.P)
	diag.Notes = []string{t["diag.notes"]}
	b.add(diag)
	if len(d.VIF) > 0 {
		vif := doc.Table{Caption: t["vif.caption"], Head: strings.Split(t["vif.head"], "|"), Align: []doc.Align{doc.Left, doc.Right}, Widths: []float64{2, 1}}
		off := len(fit.Terms) - len(d.VIF)
		for j, v := range d.VIF {
			c := doc.Cell{Text: g4(v)}
			if v > 10 {
				c.Level = doc.Warning
			}
			vif.Rows = append(vif.Rows, []doc.Cell{{Text: fit.Terms[off+j].Name}, c})
		}
		vif.Notes = []string{t["vif.notes"]}
		b.add(vif)
	}
	if len(st.Warnings) == 0 {
		b.add(doc.Notice{Level: doc.Good, Title: t["nowarn"]})
	} else {
		b.add(doc.Notice{Level: doc.Warning, Title: t["warn"], Lines: st.Warnings})
	}
}

// residualChart draws the residuals by month: relative to the fitted value
// when the target is logged, in the target's units otherwise.
func (b *studyBuilder) residualChart() error {
	t, st := b.t, b.r.Study
	m := st.Matrix
	labels := monthLabels(m.From, m.To)
	res := nans(len(labels))
	logged := st.Design.Target.Log
	for i, p := range m.Periods {
		e := st.Fit.Resid[i]
		if logged {
			e = math.Exp(e) - 1
		}
		res[p-m.From] = e
	}
	unit, caption := b.r.TargetUnit, t["res.caption"]
	if logged {
		unit, caption = "", t["res.caption.log"]
	}
	pic, err := b.cr.Lines(chart.Lines{Title: t["res.title"], YLabel: unit, Percent: logged, Labels: labels, Zero: true,
		Series: []chart.LineSeries{{Name: t["res.name"], Values: res, Dots: true}}})
	if err != nil {
		return fmt.Errorf("residual chart: %w", err)
	}
	b.add(b.figure("residuals", caption, pic))
	return nil
}

// scenarios adds the scenario fans, one panel a scenario, and their table.
func (b *studyBuilder) scenarios() error {
	r, t, st := b.r, b.t, b.r.Study
	b.add(doc.Heading{Level: 1, Text: t["h.scen"], ID: "scenarios"})
	if len(r.Scenarios) == 0 {
		return nil
	}
	first := r.Scenarios[0].Periods[0]
	from := max(first-studyHistory, r.History.Start)
	var hist []float64
	for p := from; p < first; p++ {
		hist = append(hist, at(r.History, p))
	}
	var panels []chart.Panel
	for _, f := range r.Scenarios {
		pn := chart.Panel{Title: f.Name, Labels: monthLabels(from, f.Periods[len(f.Periods)-1]), Actual: hist, Start: len(hist)}
		for _, x := range f.Predictions {
			pn.Mean = append(pn.Mean, b.unlog(x.Fit))
			pn.Lo95 = append(pn.Lo95, b.unlog(x.ObsLower))
			pn.Hi95 = append(pn.Hi95, b.unlog(x.ObsUpper))
		}
		panels = append(panels, pn)
	}
	title := fmt.Sprintf(t["scen.title"], r.TargetLabel)
	pic, err := b.cr.Multiples(chart.Multiples{Title: title, Cols: min(2, len(panels)), Shared: true, Panels: panels})
	if err != nil {
		return fmt.Errorf("scenario chart: %w", err)
	}
	b.add(b.figure("scenarios", t["scen.caption"], pic))

	tb := doc.Table{Caption: fmt.Sprintf(t["scen.caption2"], r.TargetLabel)}
	tb.Head = append(tb.Head, t["scenario"], t["month"])
	tb.Align = []doc.Align{doc.Left, doc.Left}
	tb.Widths = []float64{2.4, 0.9}
	for _, dr := range st.Design.Drivers {
		tb.Head = append(tb.Head, dr.Label())
		tb.Align = append(tb.Align, doc.Right)
		tb.Widths = append(tb.Widths, 1.1)
	}
	tb.Head = append(tb.Head, strings.Split(t["scen.head"], "|")...)
	for range 5 {
		tb.Align = append(tb.Align, doc.Right)
		tb.Widths = append(tb.Widths, 1)
	}
	for _, f := range r.Scenarios {
		for i, q := range f.Periods {
			x := f.Predictions[i]
			row := []doc.Cell{{Text: f.Name}, {Text: q.String()}}
			for k := range st.Design.Drivers {
				row = append(row, doc.Cell{Text: g4(f.Drivers[k][i])})
			}
			row = append(row, doc.Cell{Text: g4(b.unlog(x.Fit)), Bold: true}, doc.Cell{Text: g4(b.unlog(x.MeanLower))},
				doc.Cell{Text: g4(b.unlog(x.MeanUpper))}, doc.Cell{Text: g4(b.unlog(x.ObsLower))}, doc.Cell{Text: g4(b.unlog(x.ObsUpper))})
			tb.Rows = append(tb.Rows, row)
		}
	}
	tb.Notes = []string{t["scen.notes"]}
	if st.Design.Target.Log {
		tb.Notes = append(tb.Notes, t["scen.log"])
	}
	b.add(tb)
	return nil
}

// sensitivity adds the response of the target to each driver.
func (b *studyBuilder) sensitivity() {
	r, t, st := b.r, b.t, b.r.Study
	if len(r.Sensitivity) == 0 {
		return
	}
	logged := st.Design.Target.Log
	b.add(doc.Heading{Level: 2, Text: t["h.sens"], ID: "sensitivity"})
	s0 := r.Sensitivity[0]
	caption := fmt.Sprintf(t["sens.caption"], r.TargetLabel, s0.At)
	if logged {
		caption = fmt.Sprintf(t["sens.caption.log"], r.TargetLabel, s0.At)
	}
	tb := doc.Table{Caption: caption, Head: []string{t["driver"]}, Align: []doc.Align{doc.Left}, Widths: []float64{2.2}}
	for _, c := range s0.Changes {
		tb.Head = append(tb.Head, analysis.Percent(c, true))
		tb.Align = append(tb.Align, doc.Right)
		tb.Widths = append(tb.Widths, 1)
	}
	tb.Head = append(tb.Head, t["elasticity"])
	tb.Align = append(tb.Align, doc.Right)
	tb.Widths = append(tb.Widths, 1.1)
	for _, s := range r.Sensitivity {
		row := []doc.Cell{{Text: s.Driver}}
		for _, v := range s.Response {
			if logged {
				row = append(row, doc.Cell{Text: analysis.Percent(math.Exp(v)-1, true)})
			} else {
				txt := g4(v)
				if v > 0 {
					txt = "+" + txt
				}
				row = append(row, doc.Cell{Text: txt})
			}
		}
		row = append(row, doc.Cell{Text: g4(s.Elasticity), Bold: true})
		tb.Rows = append(tb.Rows, row)
	}
	tb.Notes = []string{t["sens.notes"]}
	b.add(tb)
}

// backtest adds the comparison with the baseline forecast.
func (b *studyBuilder) backtest() {
	r, t := b.r, b.t
	b.add(doc.Heading{Level: 1, Text: t["h.bt"], ID: "backtest"})
	bt := r.Backtest
	if bt == nil {
		b.add(doc.Notice{Level: doc.Warning, Title: t["bt.none"], Lines: []string{r.BacktestError}})
		return
	}
	lvl := doc.Good
	if !bt.DriversHelp {
		lvl = doc.Warning
	}
	b.add(doc.Notice{Level: lvl, Title: r.Verdict})
	tb := doc.Table{Head: strings.Split(t["bt.head"], "|"), Align: []doc.Align{doc.Left, doc.Right, doc.Right, doc.Right, doc.Left},
		Widths: []float64{1, 1, 1, 1, 2.4}}
	for i, q := range bt.Periods {
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: q.String()}, {Text: g4(bt.Actual[i])}, {Text: g4(bt.Regression[i])},
			{Text: g4(bt.Baseline[i])}, {Text: bt.BaselineMethod[i]}})
	}
	tb.Rows = append(tb.Rows, []doc.Cell{{Text: "MAE", Bold: true}, {}, {Text: g4(bt.RegMAE), Bold: true}, {Text: g4(bt.BaseMAE), Bold: true}, {}})
	tb.Notes = []string{fmt.Sprintf(t["bt.notes"], bt.H)}
	b.add(tb)
}

// data adds the span, the months left out and the sources with their
// rejected cells.
func (b *studyBuilder) data() {
	r, t, st := b.r, b.t, b.r.Study
	m := st.Matrix
	b.add(doc.Heading{Level: 2, Text: t["h.data"], ID: "data"})
	text := fmt.Sprintf(t["data.span"], m.From, m.To, len(m.Periods))
	if len(m.Dropped) == 0 {
		text += " " + t["data.nogap"]
	}
	b.add(doc.Paragraph{Text: text})
	if len(m.Dropped) > 0 {
		tb := doc.Table{Caption: t["gap.caption"], Head: strings.Split(t["gap.head"], "|"), Widths: []float64{1, 4}}
		for _, g := range m.Dropped {
			missing := make([]string, len(g.Missing))
			for i, s := range g.Missing {
				if s == "y" {
					s = st.Design.Target.Label()
				}
				missing[i] = s
			}
			tb.Rows = append(tb.Rows, []doc.Cell{{Text: g.Period.String()}, {Text: strings.Join(missing, ", ")}})
		}
		tb.Notes = []string{t["gap.notes"]}
		b.add(tb)
	}
	if len(r.Sources) == 0 {
		return
	}
	tb := doc.Table{Caption: t["src.caption"], Head: strings.Split(t["src.head"], "|"),
		Align: []doc.Align{doc.Left, doc.Left, doc.Right, doc.Left}, Widths: []float64{1.1, 1.8, 1, 3}}
	var touched []string
	for _, s := range r.Sources {
		ms := make([]string, len(s.Metrics))
		for i, x := range s.Metrics {
			ms[i] = string(x)
		}
		months := make([]string, len(s.RejectMonths))
		for i, p := range s.RejectMonths {
			months[i] = p.String()
		}
		rej := doc.Cell{Text: strconv.FormatInt(s.Rejects, 10)}
		if s.Rejects > 0 {
			rej.Level = doc.Warning
			touched = append(touched, s.Source)
		}
		where := strings.Join(months, ", ")
		if len(s.Refused) > 0 {
			where = strings.TrimSpace(where + " " + fmt.Sprintf(t["src.refused"], strings.Join(s.Refused, ", ")))
		}
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: s.Source, Bold: true}, {Text: strings.Join(ms, ", ")}, rej, {Text: where}})
	}
	tb.Notes = []string{t["src.notes"]}
	b.add(tb)
	if len(touched) > 0 {
		b.add(doc.Notice{Level: doc.Warning, Title: fmt.Sprintf(t["src.warn"], strings.Join(touched, ", "))})
	}
}

// studyTexts are the study report's fixed words.
var studyTexts = map[string]map[string]string{
	"en": {
		"title":            "Study of %s",
		"subtitle":         "%s · %s to %s · %d months",
		"h.answer":         "Question and answer",
		"h.question":       "Question",
		"h.short":          "Answer",
		"actual":           "Actual",
		"fitted":           "Fitted",
		"fit.title":        "%s: actual and fitted",
		"fit.caption":      "Actual and fitted values over the months of the fit; a gap is a month left out for missing data.",
		"fit.log":          "The target is fitted in logs: the fitted line is exp of the fit (the median).",
		"h.model":          "The model",
		"coef.caption":     "Coefficients: %d months, %s to %s",
		"coef.head":        "Term|Estimate|Std error|t|p|95% lower|95% upper",
		"coef.notes":       "log(x) is the natural log; x[t-1] is the value of the month before. month=m is 1 in calendar month m; trend counts the months of the span. p in bold: below 0.05.",
		"fit.stats":        "Fit",
		"stat.head":        "Statistic|Value",
		"adjr2":            "Adjusted R²",
		"f":                "%s on %d and %d df, p = %s",
		"sigma":            "Residual std error",
		"ondf":             "%s on %d df",
		"cond":             "Condition number",
		"h.diag":           "Diagnostics",
		"diag.head":        "Check|Statistic|p",
		"lb":               "Ljung–Box (lag %d)",
		"diag.notes":       "Durbin–Watson near 2: no autocorrelation of the residuals. Ljung–Box: autocorrelation up to the lag; Jarque–Bera: normality; Breusch–Pagan: constant variance. A small p (amber, below 0.05) means the check fails.",
		"vif.caption":      "Variance inflation",
		"vif.head":         "Term|VIF",
		"vif.notes":        "Above 10 (amber): the term is nearly a combination of the others, and its coefficient is uncertain.",
		"nowarn":           "No warnings: every check passes.",
		"warn":             "Warnings",
		"res.title":        "Residuals by month",
		"res.name":         "Residual",
		"res.caption":      "Residuals (actual minus fitted) by month, in the target's units.",
		"res.caption.log":  "Residuals by month, as the actual's difference from the fitted value in percent (the target is fitted in logs).",
		"h.scen":           "Scenarios",
		"scen.title":       "%s: history and forecast by scenario",
		"scen.caption":     "Each scenario's forecast with its 95% interval for the month's value, after the last two years of history, on one scale.",
		"scen.caption2":    "%s by scenario",
		"scenario":         "Scenario",
		"month":            "Month",
		"scen.head":        "Forecast|Mean, 95% lower|Mean, 95% upper|Value, 95% lower|Value, 95% upper",
		"scen.notes":       "The baseline holds every driver at its last value. Driver columns: each driver's value in the month under the scenario. Mean: 95% interval of the expected value; Value: of the month's value, which is wider.",
		"scen.log":         "The target is fitted in logs: forecasts and intervals are exp of the fit's (the median).",
		"h.sens":           "Sensitivity",
		"sens.caption":     "Change of the fitted %s in %s when a driver changes in every month",
		"sens.caption.log": "Change of the fitted %s in %s, in percent, when a driver changes in every month",
		"driver":           "Driver",
		"elasticity":       "Elasticity",
		"sens.notes":       "All lags of the driver change together. Elasticity: percent change of the target for 1% more of the driver, at the means; lags add up.",
		"h.bt":             "Backtest and data",
		"bt.none":          "No backtest",
		"bt.head":          "Month|Actual|Regression|Baseline|Baseline method",
		"bt.notes":         "Each month is forecast %d month(s) ahead from the months before it: the regression refitted and given the drivers' actual values, the baseline by coo's auto method on the target alone.",
		"h.data":           "Data",
		"data.span":        "The design spans %s to %s; %d months are used.",
		"data.nogap":       "No month was left out for missing data.",
		"gap.caption":      "Months left out for missing data",
		"gap.head":         "Month|Missing",
		"gap.notes":        "Missing values are never filled: the month is left out of the fit.",
		"src.caption":      "Sources behind the study",
		"src.head":         "Source|Series|Rejected cells|Months with rejected cells",
		"src.notes":        "Rejected cells: cells set aside in the files that supplied the months the study reads (coo rejects lists them). A rejected cell is missing from its month's total.",
		"src.refused":      "(refused: %s)",
		"src.warn":         "Rejected cells touch the study's data from: %s. Check them with coo rejects.",
		"h.method":         "How the study is made",
		"method": "Ordinary least squares through a QR factorisation in extended precision; p values and intervals from Student's t.\n" +
			"Months with a missing value are left out, never filled; lag k puts the driver's value of month t−k in the row of month t.\n" +
			"Scenarios change a driver from a month on; the drivers not changed keep their last value.\n" +
			"The answer takes, for each driver, its lag with the smallest p value and the effect of 10% more of it at the level of the last month.",
	},
	"zh": {
		"title":            "%s 的研究",
		"subtitle":         "%s · %s 至 %s · %d 个月",
		"h.answer":         "问题与回答",
		"h.question":       "问题",
		"h.short":          "回答",
		"actual":           "实际",
		"fitted":           "拟合",
		"fit.title":        "%s：实际与拟合",
		"fit.caption":      "拟合所用各月的实际值与拟合值；断开处为因缺数据而剔除的月份。",
		"fit.log":          "目标取对数拟合：拟合线为拟合值的指数（中位数）。",
		"h.model":          "模型",
		"coef.caption":     "系数：%d 个月，%s 至 %s",
		"coef.head":        "项|估计值|标准误|t|p|95% 下限|95% 上限",
		"coef.notes":       "log(x) 为自然对数；x[t-1] 为上月的值。month=m 在日历月 m 为 1；trend 为区间内的月序。p 加粗：低于 0.05。",
		"fit.stats":        "拟合",
		"stat.head":        "统计量|值",
		"adjr2":            "调整 R²",
		"f":                "%s，自由度 %d 和 %d，p = %s",
		"sigma":            "残差标准误",
		"ondf":             "%s，自由度 %d",
		"cond":             "条件数",
		"h.diag":           "诊断",
		"diag.head":        "检验|统计量|p",
		"lb":               "Ljung–Box（滞后 %d）",
		"diag.notes":       "Durbin–Watson 接近 2：残差无自相关。Ljung–Box：直至该滞后的自相关；Jarque–Bera：正态性；Breusch–Pagan：方差齐性。p 较小（琥珀色，低于 0.05）表示检验未通过。",
		"vif.caption":      "方差膨胀因子",
		"vif.head":         "项|VIF",
		"vif.notes":        "高于 10（琥珀色）：该项近似为其他项的组合，其系数不确定。",
		"nowarn":           "无警告：各项检验均通过。",
		"warn":             "警告",
		"res.title":        "各月残差",
		"res.name":         "残差",
		"res.caption":      "各月残差（实际减拟合），单位同目标。",
		"res.caption.log":  "各月残差，为实际值相对拟合值的百分比差异（目标取对数拟合）。",
		"h.scen":           "情景",
		"scen.title":       "%s：各情景的历史与预测",
		"scen.caption":     "各情景的预测及当月值的 95% 区间，前接最近两年的历史，刻度相同。",
		"scen.caption2":    "%s 各情景预测",
		"scenario":         "情景",
		"month":            "月份",
		"scen.head":        "预测|均值 95% 下限|均值 95% 上限|当月值 95% 下限|当月值 95% 上限",
		"scen.notes":       "基线：各驱动因素保持最后一个月的值。驱动因素列：情景下该月驱动因素的值。均值：期望值的 95% 区间；当月值：当月实际值的 95% 区间，更宽。",
		"scen.log":         "目标取对数拟合：预测与区间为拟合值的指数（中位数）。",
		"h.sens":           "敏感性",
		"sens.caption":     "驱动因素在每个月变化时，%s 在 %s 的拟合值变化",
		"sens.caption.log": "驱动因素在每个月变化时，%s 在 %s 的拟合值变化（百分比）",
		"driver":           "驱动因素",
		"elasticity":       "弹性",
		"sens.notes":       "驱动因素的各滞后一起变化。弹性：驱动因素增加 1% 时目标变化的百分比（在均值处）；各滞后相加。",
		"h.bt":             "回测与数据",
		"bt.none":          "无回测",
		"bt.head":          "月份|实际|回归|基线|基线方法",
		"bt.notes":         "每个月都用其之前的月份提前 %d 个月预测：回归重新拟合并使用驱动因素的实际值，基线为 coo 的 auto 方法，仅用目标自身。",
		"h.data":           "数据",
		"data.span":        "设计区间为 %s 至 %s；使用 %d 个月。",
		"data.nogap":       "没有因缺数据而剔除的月份。",
		"gap.caption":      "因缺数据而剔除的月份",
		"gap.head":         "月份|缺少",
		"gap.notes":        "缺失值从不填补：该月不参与拟合。",
		"src.caption":      "研究所用的数据来源",
		"src.head":         "来源|序列|被拒绝单元格|含被拒绝单元格的月份",
		"src.notes":        "被拒绝单元格：研究所读月份的文件中被剔除的单元格（coo rejects 可列出）。被拒绝的单元格不计入该月合计。",
		"src.refused":      "（被拒绝：%s）",
		"src.warn":         "以下来源的被拒绝单元格涉及研究数据：%s。请用 coo rejects 核实。",
		"h.method":         "研究方法",
		"method": "普通最小二乘，采用扩展精度的 QR 分解；p 值与区间基于 Student t 分布。\n" +
			"有缺失值的月份被剔除，从不填补；滞后 k 把驱动因素第 t−k 月的值放在第 t 月的行中。\n" +
			"情景从某月起改变一个驱动因素；未改变的驱动因素保持最后一个月的值。\n" +
			"回答对每个驱动因素取 p 值最小的滞后，给出其增加 10% 在最后一个月水平上的效应。",
	},
}
