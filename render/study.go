package render

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"coo"
	"coo/analysis"
	"coo/internal/l10n"
	"coo/internal/numfmt"
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

// Study renders a study report: the question and the answer in words (a
// paragraph each of r.Answer, caveats included), the actual and fitted
// values, the coefficients, the fit statistics, the diagnostics with their
// warnings and the residuals, the scenarios as differences from the
// baseline (a bar chart and one table, in money when the study has a
// price), the sensitivity table, the backtest and the data behind the
// study. It writes into dst as Monthly does:
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
	b := &studyBuilder{r: r, opt: opt, cr: cr, t: l10n.Table("study", opt.Lang)}
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
	t   map[string]string // the report's fixed words in opt.Lang (l10n, "study.")
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
	for i, p := range r.Answer {
		if i != r.CaveatsAt {
			b.add(doc.Paragraph{Text: p})
			continue
		}
		lines := make([]string, len(r.Caveats))
		for j, c := range r.Caveats {
			lines[j] = capitalise(c)
		}
		b.add(doc.Notice{Level: doc.Warning, Title: t["careful"], Lines: lines})
	}
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

// scenarios adds the scenarios as differences from the baseline: a bar
// chart of the change by month; for each scenario what it does to the
// drivers and its total change, in money with a price; and one table with
// the baseline and the change with its interval, month by month.
func (b *studyBuilder) scenarios() error {
	r, t := b.r, b.t
	b.add(doc.Heading{Level: 1, Text: t["h.scen"], ID: "scenarios"})
	if len(r.Differences) == 0 {
		b.add(doc.Paragraph{Text: t["scen.none"]})
		return nil
	}
	d0 := r.Differences[0]
	labels := monthLabels(d0.Periods[0], d0.Periods[len(d0.Periods)-1])
	var series []chart.BarSeries
	for _, d := range r.Differences {
		series = append(series, chart.BarSeries{Name: d.Name, Values: d.Change})
	}
	unit := r.TargetUnit
	pic, err := b.cr.Bars(chart.Bars{Title: fmt.Sprintf(t["scen.title"], r.TargetLabel), YLabel: unit, Unit: unit,
		Categories: labels, Series: series})
	if err != nil {
		return fmt.Errorf("scenario chart: %w", err)
	}
	b.add(b.figure("scenarios", fmt.Sprintf(t["scen.caption"], r.TargetLabel), pic))

	lang := b.opt.Lang
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	num := func(v float64, unit string) string { return numfmt.Number(v, unit, lang) }
	sgn := func(v float64, unit string) string { return numfmt.SignedNumber(v, unit, lang) }
	span := func(lo, hi float64, unit string) string { return fmt.Sprintf(t["range"], sgn(lo, unit), sgn(hi, unit)) }
	money := r.Price.Known() && !analysis.IsMoney(r.TargetUnit)
	target := analysis.MidSentence(r.TargetLabel, lang)
	for _, d := range r.Differences {
		var words []string
		if s := b.driverChanges(d); s != "" {
			words = append(words, s)
		}
		if money {
			words = append(words, fmt.Sprintf(t["scen.sum.money"], len(d.Periods), target, sgn(d.Total.Value, unit), sgn(d.Total.Lower, unit), sgn(d.Total.Upper, unit),
				numfmt.Value(r.Price.Per, r.Price.Unit, lang), numfmt.Signed(d.Total.Value*r.Price.Per, r.Price.Unit, lang), analysis.MidSentence(r.Price.Label, lang)))
		} else {
			words = append(words, fmt.Sprintf(t["scen.sum"], len(d.Periods), target, sgn(d.Total.Value, unit), sgn(d.Total.Lower, unit), sgn(d.Total.Upper, unit)))
		}
		b.add(doc.Paragraph{Text: strings.Join(words, sep)})
	}

	several := len(r.Differences) > 1
	tb := doc.Table{Caption: fmt.Sprintf(t["scen.caption1"], r.TargetLabel, d0.Name)}
	if several {
		tb.Caption = fmt.Sprintf(t["scen.caption2"], r.TargetLabel)
		tb.Head = append(tb.Head, t["scenario"])
		tb.Align = append(tb.Align, doc.Left)
		tb.Widths = append(tb.Widths, 2.4)
	}
	tb.Head = append(tb.Head, t["month"], t["baseline"], t["change"], t["interval"])
	tb.Align = append(tb.Align, doc.Right, doc.Right, doc.Right, doc.Right)
	tb.Widths = append(tb.Widths, 0.9, 1, 1, 1.6)
	for _, d := range r.Differences {
		var base float64
		for i, q := range d.Periods {
			row := []doc.Cell{{Text: q.String()}, {Text: num(d.Baseline[i], unit)}, {Text: sgn(d.Change[i], unit), Bold: true},
				{Text: span(d.Lower[i], d.Upper[i], unit)}}
			if several {
				name := ""
				if i == 0 {
					name = d.Name
				}
				row = append([]doc.Cell{{Text: name, Bold: true}}, row...)
			}
			tb.Rows = append(tb.Rows, row)
			base += d.Baseline[i]
		}
		row := []doc.Cell{{Text: t["total"], Bold: true}, {Text: num(base, unit), Bold: true}, {Text: sgn(d.Total.Value, unit), Bold: true},
			{Text: span(d.Total.Lower, d.Total.Upper, unit), Bold: true}}
		if several {
			row = append([]doc.Cell{{}}, row...)
		}
		tb.Rows = append(tb.Rows, row)
	}
	tb.Notes = append(tb.Notes, t["scen.notes"])
	if r.Study.Design.Target.Log {
		tb.Notes = append(tb.Notes, t["scen.log"])
	}
	b.add(tb)
	return nil
}

// driverChanges says what scenario d does to the drivers it changes: the
// change from the baseline a month, or its range, and over the months; ""
// when it changes none.
func (b *studyBuilder) driverChanges(d *analysis.ScenarioDifference) string {
	r, t, lang := b.r, b.t, b.opt.Lang
	var parts []string
	for i, ch := range d.Drivers {
		lo, hi, sum, first := math.Inf(1), math.Inf(-1), 0.0, -1
		for k, v := range ch {
			if v == 0 {
				continue
			}
			if first < 0 {
				first = k
			}
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
		if first < 0 {
			continue
		}
		unit := r.Drivers[i].Unit
		each := numfmt.Signed(lo, unit, lang)
		if numfmt.Signed(hi, unit, lang) != each {
			each = fmt.Sprintf(t["range"], each, numfmt.Signed(hi, unit, lang))
		}
		parts = append(parts, fmt.Sprintf(t["scen.driver"], r.Drivers[i].Label, each, d.Periods[first], numfmt.Signed(sum, unit, lang)))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf(t["scen.drivers"], d.Name, strings.Join(parts, t["sep"]))
}

// capitalise puts the first letter of s in capitals.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// sensitivity adds the response of the target to each driver: for a
// change of one month at each lag, and kept up every month, in percent of
// the reference level; the figures the answer quotes are in bold.
func (b *studyBuilder) sensitivity() {
	r, t := b.r, b.t
	if len(r.Sensitivity) == 0 {
		return
	}
	b.add(doc.Heading{Level: 2, Text: t["h.sens"], ID: "sensitivity"})
	s0 := r.Sensitivity[0]
	tb := doc.Table{Caption: fmt.Sprintf(t["sens.caption"], analysis.MidSentence(r.TargetLabel, b.opt.Lang), s0.From, s0.To),
		Head: []string{t["driver"]}, Align: []doc.Align{doc.Left}, Widths: []float64{2.3}}
	ten := -1
	for i, c := range s0.Changes {
		tb.Head = append(tb.Head, analysis.Percent(c, true))
		tb.Align = append(tb.Align, doc.Right)
		tb.Widths = append(tb.Widths, 0.7)
		if c == 0.10 {
			ten = i
		}
	}
	tb.Head = append(tb.Head, t["elasticity"])
	tb.Align = append(tb.Align, doc.Right)
	tb.Widths = append(tb.Widths, 2.5)
	quoted := map[string]int{} // driver -> the lag the answer quotes
	for _, e := range r.Effects {
		quoted[e.Driver] = e.Lag
	}
	line := func(name string, resp []analysis.Effect, el analysis.Estimate, bold bool) {
		row := []doc.Cell{{Text: name}}
		for i, v := range resp {
			row = append(row, doc.Cell{Text: analysis.Percent(v.Relative, true), Bold: bold && i == ten})
		}
		row = append(row, doc.Cell{Text: fmt.Sprintf(t["el"], g3(el.Value), g3(el.Lower), g3(el.Upper))})
		tb.Rows = append(tb.Rows, row)
	}
	for i, s := range r.Sensitivity {
		name := r.Drivers[i].Label
		lag, ok := quoted[s.Driver]
		for k, l := range s.Lags {
			when := t["sens.one"]
			if len(s.Lags) == 1 {
				when = t["sens.only"]
			}
			line(fmt.Sprintf(when, name, b.lagWords(l)), s.ByLag[k], s.LagElasticity[k], ok && l == lag)
		}
		if len(s.Lags) > 1 {
			line(fmt.Sprintf(t["sens.kept"], name), s.Response, s.Elasticity, ok)
		}
	}
	tb.Notes = []string{t["sens.notes"]}
	b.add(tb)
}

// lagWords says when a lag acts: "in the same month", "a month later".
func (b *studyBuilder) lagWords(k int) string {
	switch k {
	case 0:
		return b.t["lag0"]
	case 1:
		return b.t["lag1"]
	}
	return fmt.Sprintf(b.t["lagk"], k)
}

// g3 prints an elasticity: three significant digits.
func g3(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
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
		n := func(v float64) string { return numfmt.Number(v, r.TargetUnit, b.opt.Lang) }
		tb.Rows = append(tb.Rows, []doc.Cell{{Text: q.String()}, {Text: n(bt.Actual[i])}, {Text: n(bt.Regression[i])},
			{Text: n(bt.Baseline[i])}, {Text: bt.BaselineMethod[i]}})
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
