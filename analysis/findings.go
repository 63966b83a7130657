package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"coo"
)

// Finding is one thing the month says, with the figure, what it is
// compared with and why it matters. Findings are ranked by Score
// (RankFindings gives the formula).
type Finding struct {
	Label         string
	Metric        coo.MetricName // the KPI's metric; "" for a ratio
	Ratio         string         // the ratio's name; "" for a KPI
	Dept          string         // the department whose review holds the figure; "" none
	Basis         string         // the comparison: "budget", "yoy", "ytd" (year to date on last year's), "ytdbudget"
	Unit          string
	Percent       bool // a rate, printed as a percentage
	LowerIsBetter bool
	Value, Base   float64 // the figure and what it is compared with (for the ytd bases, the sums)
	Change        float64 // Value/Base - 1
	Usual         float64 // the comparison's usual value: 0 against a budget, the median of its history otherwise
	Spread        float64 // its usual variation: 1.4826 × the median absolute deviation of its history, at least MinSpread
	Z             float64 // |Change - Usual| / Spread
	Share         float64 // a money figure's share of the company total of its polarity (NaN for others)
	Weight        float64 // materiality: 0.5 + 0.5 × min(1, Share), 0.5 for figures that are not money
	Score         float64 // Z × Weight
	Good          bool    // the change is good news, by the figure's polarity
	Text, Why     string  // the figure and its comparison; why it matters (in the report's language)
	// Defects are the input defects that touch the figure (incomplete
	// input): the finding is shown with their notes.
	Defects FigureDefects
}

// Level is the sentence level of f: good or bad.
func (f Finding) Level() int {
	if f.Good {
		return levelGood
	}
	return levelBad
}

// Finding parameters: see RankFindings.
const (
	MinSpread    = 0.01 // the smallest usual variation: 1 point of change
	HistoryWidth = 24   // months of history that measure the usual variation
	MinHistory   = 6    // fewer comparable months: the comparison is not ranked
	MaxFindings  = 5
	MinFindings  = 3
)

// DeptQuestions are what the COO should raise with one department head.
type DeptQuestions struct {
	Dept  string
	Items []string
}

// candidate is one figure's comparison before ranking.
type candidate struct {
	Finding
	neutral bool // no news by polarity (a cost growing slower than revenue)
	// incomplete: an input defect of the figure touches a month the
	// comparison reads; not news, as it is not graded (kpiLevels)
	incomplete bool
}

// figure is one reported figure, with what the ranking reads of it.
type figure struct {
	label, dept   string
	metric        coo.MetricName
	ratio         string
	unit          string
	percent       bool
	lowerIsBetter bool
	flow          bool
	x, b          coo.Series // the figure (a ratio's values) and its budget (Start 0: none)
	hasBudget     bool
	suspect       bool // it reads a suspected value (MonthlyKPI.Suspect)
	defects       FigureDefects
}

// RankFindings ranks the month's figures (every headline KPI, every
// department's KPIs and ratios, each once) by how much their deviation
// matters, and returns the findings: the best comparison of each figure,
// at most MaxFindings, highest score first.
//
// For a figure x with budget b in month p, each comparison has a change d
// and a history h of the same comparison at each of the HistoryWidth
// months q before p (the months with data; at least MinHistory):
//
//	budget     d = x(p)/b(p) - 1                    h(q) = x(q)/b(q) - 1
//	yoy        d = x(p)/x(p-12) - 1                 h(q) = x(q)/x(q-12) - 1
//	ytd        d = X(p)/X(p-12) - 1                 h(q) = X(q)/X(q-12) - 1
//	ytdbudget  d = X(p)/B(p) - 1                    h(q) = X(q)/B(q) - 1
//
// where X(q) is x summed over the n months to q, n the months of the
// fiscal year so far (ytd bases only for flows with n ≥ 2), B the same of
// the budget. A ratio has yoy only, on its monthly values. Then
//
//	usual  c = 0 (budget bases), medianOf(h) (yoy, ytd)
//	spread s = max(1.4826 × median|h - medianOf(h)|, MinSpread)
//	z      = |d - c| / s
//	weight w = 0.5 + 0.5 × min(1, |x(p)| / T) for a figure in money (the
//	           first headline KPI's unit), T the largest headline KPI in
//	           money of the same polarity (revenue for up-is-good, cost
//	           for lower-is-better); w = 0.5 otherwise
//	score  = z × w
//
// The news is good when (d - c > 0) differs from the figure's
// LowerIsBetter. A KPI's yoy or ytd comparison that the report's colours
// call neutral by changeLevel's exception is no news: a lower-is-better
// figure rising on last year (d > 0) no more than the same change of the
// largest up-is-good headline figure in its unit (for money, T's figure:
// revenue), since a cost growing slower than revenue is not a risk. A
// figure's finding is its comparison of the highest score; comparisons with
// |d - c| < 0.01 are not news, nor is a figure whose month is a suspected
// unit slip (slipAt) or that reads a suspected value in any month
// (MonthlyKPI.Suspect, MonthlyRatio.Suspect: a ratio over a slipped
// headcount, a year to date that sums a slipped month). Findings are those with z ≥ 1, highest
// score first, at most MaxFindings; when fewer than MinFindings reach
// z ≥ 1, the next highest fill up to MinFindings. Ties go by label.
func (m *monthly) rankFindings() ([]Finding, []candidate, error) {
	figs, err := m.figures()
	if err != nil {
		return nil, nil, err
	}
	p, n := m.r.Period, int(m.r.Period-m.r.YearStart)+1
	// The company totals of each polarity in money.
	money := ""
	if len(m.r.KPIs) > 0 {
		money = m.r.KPIs[0].Unit
	}
	var totUp, totDown float64
	for _, k := range m.r.KPIs {
		if money == "" || k.Unit != money || math.IsNaN(k.Value) || k.Suspect {
			continue
		}
		if k.Spec.LowerIsBetter && math.Abs(k.Value) > totDown {
			totDown = math.Abs(k.Value)
		}
		if !k.Spec.LowerIsBetter && math.Abs(k.Value) > totUp {
			totUp = math.Abs(k.Value)
		}
	}
	if totDown == 0 {
		totDown = totUp
	}
	var all []candidate
	for _, f := range figs {
		if f.suspect || slipAt(f.x, p) || m.memberSlip(f.metric, p) {
			continue // no news until the data are checked: the report's risks say so
		}
		cs := comparisons(f, p, n)
		share := math.NaN()
		w := 0.5
		if v := at(f.x, p); money != "" && f.unit == money && f.ratio == "" && !math.IsNaN(v) {
			tot := totUp
			if f.lowerIsBetter {
				tot = totDown
			}
			if tot > 0 {
				share = math.Abs(v) / tot
				w = 0.5 + 0.5*math.Min(1, share)
			}
		}
		ys := m.r.YearStart
		for i := range cs {
			cs[i].Share, cs[i].Weight = share, w
			cs[i].Score = cs[i].Z * w
			cs[i].Defects = f.defects
			touched := func(from, to coo.Period) bool { return m.r.Touched(f.defects, from, to) }
			switch cs[i].Basis {
			case "budget":
				cs[i].incomplete = touched(p, p)
			case "yoy":
				cs[i].incomplete = touched(p, p) || touched(p-12, p-12)
			case "ytd":
				cs[i].incomplete = touched(ys, p) || touched(ys-12, p-12)
			case "ytdbudget":
				cs[i].incomplete = touched(ys, p)
			default:
				cs[i].incomplete = len(f.defects) > 0
			}
		}
		all = append(all, cs...)
	}
	for i := range all {
		c := &all[i]
		u := reference(m.r.KPIs, c.Unit)
		if c.Metric == "" || u == nil {
			continue
		}
		switch c.Basis {
		case "yoy":
			c.neutral = slowerThanReference(c.Change, c.LowerIsBetter, u.YoY)
		case "ytd":
			c.neutral = slowerThanReference(c.Change, c.LowerIsBetter, u.YTDChange)
		}
	}
	// Each figure's best comparison.
	best := map[string]int{}
	var order []string
	for i, c := range all {
		if c.neutral || c.incomplete || math.Abs(c.Change-c.Usual) < 0.01 {
			continue
		}
		id := string(c.Metric) + "|" + c.Ratio
		j, ok := best[id]
		if !ok {
			order = append(order, id)
		}
		if !ok || c.Score > all[j].Score {
			best[id] = i
		}
	}
	var ranked []Finding
	for _, id := range order {
		ranked = append(ranked, all[best[id]].Finding)
	}
	sort.SliceStable(ranked, func(i, j int) bool {
		if ranked[i].Score != ranked[j].Score {
			return ranked[i].Score > ranked[j].Score
		}
		return ranked[i].Label < ranked[j].Label
	})
	var out []Finding
	for _, f := range ranked {
		if len(out) == MaxFindings {
			break
		}
		if f.Z >= 1 || len(out) < MinFindings {
			out = append(out, f)
		}
	}
	return out, all, nil
}

// memberSlip reports whether a member of metric (a breakdown with a
// stored forecast) is slipAt month p: its forecast was refused as "check
// the data", so the total it moves is no news either (found from outside:
// a store's sales typed 20 times too large made the total +579%, ranked
// first under "going well", while its own forecast said to check it).
func (m *monthly) memberSlip(metric coo.MetricName, p coo.Period) bool {
	if metric == "" {
		return false
	}
	for k := range m.stored {
		if k.Metric != metric || k.Dims == "" {
			continue
		}
		if s, err := m.get(k); err == nil && slipAt(s, p) {
			return true
		}
	}
	return false
}

// slipAt reports whether s's value in month p is more than slipFactor
// times every month before it (lastSlip): a suspected unit slip, which
// findings do not rank as news (a headcount up 43,809% "going well").
func slipAt(s coo.Series, p coo.Period) bool {
	if s.Len() == 0 || p < s.Start || p > s.End() {
		return false
	}
	_, slip := lastSlip(s.Slice(s.Start, p).Values)
	return slip
}

// figures lists the report's figures once each: headline KPIs, then each
// department's KPIs and ratios. A headline KPI that a department also
// reviews belongs to that department.
func (m *monthly) figures() ([]figure, error) {
	dept := map[coo.MetricName]string{}
	for _, d := range m.in.Spec.Departments {
		for _, k := range d.KPIs {
			if _, ok := dept[k.Metric]; !ok {
				dept[k.Metric] = d.Name
			}
		}
	}
	var out []figure
	seen := map[coo.MetricName]bool{}
	addKPI := func(k MonthlyKPI) error {
		if seen[k.Spec.Metric] {
			return nil
		}
		seen[k.Spec.Metric] = true
		f := figure{label: k.Label, dept: dept[k.Spec.Metric], metric: k.Spec.Metric, unit: k.Unit,
			lowerIsBetter: k.Spec.LowerIsBetter, flow: k.Kind != coo.Stock, suspect: k.Suspect, defects: k.Defects}
		var err error
		if f.x, err = m.get(coo.SeriesKey{Metric: k.Spec.Metric}); err != nil {
			return err
		}
		if k.Spec.Budget != "" {
			if f.b, err = m.get(coo.SeriesKey{Metric: k.Spec.Budget}); err != nil {
				return err
			}
			f.hasBudget = true
		}
		out = append(out, f)
		return nil
	}
	for _, k := range m.r.KPIs {
		if err := addKPI(k); err != nil {
			return nil, err
		}
	}
	for _, d := range m.r.Depts {
		for _, k := range d.KPIs {
			if err := addKPI(k); err != nil {
				return nil, err
			}
		}
		for _, q := range d.Ratios {
			num, err := m.get(q.Spec.Num)
			if err != nil {
				return nil, err
			}
			den, err := m.get(q.Spec.Den)
			if err != nil {
				return nil, err
			}
			if num.Len() == 0 || den.Len() == 0 {
				continue
			}
			x := coo.Series{Metric: coo.MetricName(q.Spec.Name), Start: max(min(num.Start, den.Start), m.r.Period-60)}
			for r := x.Start; r <= m.r.Period; r++ {
				x.Values = append(x.Values, ratioOf(at(num, r), at(den, r)))
			}
			out = append(out, figure{label: q.Spec.Name, dept: d.Name, ratio: q.Spec.Name, percent: q.Spec.Percent,
				lowerIsBetter: q.Spec.LowerIsBetter, x: x, suspect: q.Suspect, defects: q.Defects})
		}
	}
	return out, nil
}

// comparisons computes a figure's comparisons in month p, the n-th of
// its fiscal year (RankFindings).
func comparisons(f figure, p coo.Period, n int) []candidate {
	x := func(q coo.Period) float64 { return at(f.x, q) }
	b := func(q coo.Period) float64 { return at(f.b, q) }
	sum := func(get func(coo.Period) float64, q coo.Period) float64 {
		s := 0.0
		for r := q - coo.Period(n) + 1; r <= q; r++ {
			s += get(r) // NaN spreads
		}
		return s
	}
	X := func(q coo.Period) float64 { return sum(x, q) }
	B := func(q coo.Period) float64 { return sum(b, q) }
	type basis struct {
		name       string
		value, ref func(coo.Period) float64 // the figure and what it is compared with, in month q
		usual      bool                     // the usual is the history's median (else 0)
	}
	var bases []basis
	if f.hasBudget {
		bases = append(bases, basis{"budget", x, b, false})
	}
	bases = append(bases, basis{"yoy", x, func(q coo.Period) float64 { return x(q - 12) }, true})
	if f.flow && f.ratio == "" && n >= 2 {
		bases = append(bases, basis{"ytd", X, func(q coo.Period) float64 { return X(q - 12) }, true})
		if f.hasBudget {
			bases = append(bases, basis{"ytdbudget", X, B, false})
		}
	}
	var out []candidate
	for _, bs := range bases {
		v, ref := bs.value(p), bs.ref(p)
		d := change(v, ref)
		if math.IsNaN(d) {
			continue
		}
		var h []float64
		for q := p - HistoryWidth; q < p; q++ {
			if c := change(bs.value(q), bs.ref(q)); !math.IsNaN(c) {
				h = append(h, c)
			}
		}
		if len(h) < MinHistory {
			continue
		}
		med := medianOf(h)
		dev := make([]float64, len(h))
		for i, c := range h {
			dev[i] = math.Abs(c - med)
		}
		s := math.Max(1.4826*medianOf(dev), MinSpread)
		c := 0.0
		if bs.usual {
			c = med
		}
		out = append(out, candidate{Finding: Finding{Label: f.label, Metric: f.metric, Ratio: f.ratio, Dept: f.dept,
			Basis: bs.name, Unit: f.unit, Percent: f.percent, LowerIsBetter: f.lowerIsBetter,
			Value: v, Base: ref, Change: d, Usual: c, Spread: s, Z: math.Abs(d-c) / s,
			Good: (d-c > 0) != f.lowerIsBetter}})
	}
	return out
}

// median of xs (not modified); xs must not be empty.
func medianOf(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// front computes what page one says: the fiscal year's comparisons of
// every KPI, the findings, the headline and the questions for the
// departments.
func (m *monthly) front() error {
	for i := range m.r.KPIs {
		if err := m.yearView(&m.r.KPIs[i]); err != nil {
			return err
		}
	}
	for d := range m.r.Depts {
		for i := range m.r.Depts[d].KPIs {
			if err := m.yearView(&m.r.Depts[d].KPIs[i]); err != nil {
				return err
			}
		}
	}
	lang := m.in.Lang
	if lang != "zh" {
		lang = "en"
	}
	m.r.SetLevels()
	found, all, err := m.rankFindings()
	if err != nil {
		return err
	}
	for i := range found {
		found[i].Text, found[i].Why = findingText(found[i], m.r.Period, lang)
	}
	m.r.Findings = found
	m.r.Headline = headline(m.r.Period, found, lang)
	if !m.r.anyValue() {
		// a month nobody sent is not a quiet month (found from outside:
		// "every figure within its usual range" over a page of n/a)
		m.r.Headline = Sentence{Text: fmt.Sprintf(word(lang, "head.nodata"), fmt.Sprintf(word(lang, "head.when"), m.r.Period.Year(), m.r.Period.Month(), time.Month(m.r.Period.Month()).String())) + word(lang, "end"), Level: levelWarning}
	}
	m.r.Questions = m.questions(all, lang)
	return nil
}

// yearView fills a KPI's fiscal-year comparisons: the budget's coverage
// of the year, the outlook over the months it covers, last year's total
// and the outlook against it.
func (m *monthly) yearView(k *MonthlyKPI) error {
	p := m.r.Period
	k.FYLastYear, k.OutlookVsLastYear, k.OutlookVsLastYearLo, k.OutlookVsLastYearHi = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	k.FYBudgetCovered, k.OutlookCovered, k.OutlookVsCovered = math.NaN(), math.NaN(), math.NaN()
	k.FYMonths = int(m.r.YearEnd-m.r.YearStart) + 1
	s, err := m.get(coo.SeriesKey{Metric: k.Spec.Metric})
	if err != nil {
		return err
	}
	k.FYLastYear, _ = span(s, k.Kind, m.r.YearStart-12, m.r.YearEnd-12)
	k.OutlookVsLastYear = change(k.Outlook, k.FYLastYear)
	k.OutlookVsLastYearLo = change(k.OutlookLo95, k.FYLastYear)
	k.OutlookVsLastYearHi = change(k.OutlookHi95, k.FYLastYear)
	if k.Spec.Budget == "" {
		return nil
	}
	b, err := m.get(coo.SeriesKey{Metric: k.Spec.Budget})
	if err != nil {
		return err
	}
	var budget, outlook float64
	ok := true
	for q := m.r.YearStart; q <= p; q++ {
		// a month of the year so far without its actual (a workbook
		// missing or refused) leaves the comparison undone: over the
		// other months it read as the year's
		ok = ok && !math.IsNaN(at(s, q))
	}
	for q := m.r.YearStart; q <= m.r.YearEnd; q++ {
		bv := at(b, q)
		if math.IsNaN(bv) {
			continue
		}
		k.FYBudgetMonths++
		var v float64
		switch {
		case q <= p:
			v = at(s, q)
		case k.Forecast != nil && k.Forecast.Error == "" && int(q-p) <= len(k.Forecast.Mean):
			v = k.Forecast.Mean[q-p-1]
		default:
			v = math.NaN()
		}
		if k.Kind == coo.Stock {
			budget, outlook = bv, v // the latest month covered
		} else {
			budget += bv
			outlook += v
		}
		ok = ok && !math.IsNaN(v)
	}
	if k.FYBudgetMonths > 0 && ok {
		k.FYBudgetCovered, k.OutlookCovered = budget, outlook
		k.OutlookVsCovered = attainment(outlook, budget)
	}
	return nil
}

// anyValue reports whether any headline or department figure has a value
// for the report's month.
func (r *MonthlyReport) anyValue() bool {
	for _, k := range r.KPIs {
		if !math.IsNaN(k.Value) {
			return true
		}
	}
	for _, d := range r.Depts {
		for _, k := range d.KPIs {
			if !math.IsNaN(k.Value) {
				return true
			}
		}
	}
	return false
}

// phrase is a finding in a few words, for the headline.
func phrase(f Finding, lang string) string {
	label := f.Label
	if lang == "en" && len(label) > 1 && label[1] >= 'a' && label[1] <= 'z' && label[0] >= 'A' && label[0] <= 'Z' {
		label = strings.ToLower(label[:1]) + label[1:]
	}
	label += f.Defects.Notes() // "operating cost [1] 3.1% over budget": read on incomplete input
	d := Percent(math.Abs(f.Change), false)
	w := func(key string) string { return fmt.Sprintf(word(lang, key), label, d) }
	up := f.Change > 0
	switch {
	case f.Basis == "budget" && up && f.LowerIsBetter:
		return w("ph.over")
	case f.Basis == "budget" && up:
		return w("ph.above")
	case f.Basis == "budget" && f.LowerIsBetter:
		return w("ph.under")
	case f.Basis == "budget":
		return w("ph.below")
	case f.Basis == "ytdbudget" && up:
		return w("ph.ytdover")
	case f.Basis == "ytdbudget":
		return w("ph.ytdunder")
	case f.Basis == "ytd" && up:
		return w("ph.ytdup")
	case f.Basis == "ytd":
		return w("ph.ytddown")
	case up:
		return w("ph.up")
	}
	return w("ph.down")
}

// headline is the month's story in one sentence: the best news, then the
// worst (or the two worst, or the two best).
func headline(p coo.Period, fs []Finding, lang string) Sentence {
	var good, bad []Finding
	for _, f := range fs {
		if f.Good {
			good = append(good, f)
		} else {
			bad = append(bad, f)
		}
	}
	when := fmt.Sprintf(word(lang, "head.when"), p.Year(), p.Month(), time.Month(p.Month()).String())
	var text string
	and := func(a, b Finding) string {
		return fmt.Sprintf(word(lang, "head.and"), phrase(a, lang), phrase(b, lang))
	}
	switch {
	case len(good) > 0 && len(bad) > 1:
		text = fmt.Sprintf(word(lang, "head.but"), when, phrase(good[0], lang), and(bad[0], bad[1]))
	case len(good) > 0 && len(bad) == 1:
		text = fmt.Sprintf(word(lang, "head.but"), when, phrase(good[0], lang), phrase(bad[0], lang))
	case len(bad) > 1:
		text = fmt.Sprintf(word(lang, "head.only"), when, and(bad[0], bad[1]))
	case len(bad) == 1:
		text = fmt.Sprintf(word(lang, "head.only"), when, phrase(bad[0], lang))
	case len(good) > 1:
		text = fmt.Sprintf(word(lang, "head.only"), when, and(good[0], good[1]))
	case len(good) == 1:
		text = fmt.Sprintf(word(lang, "head.only"), when, phrase(good[0], lang))
	default:
		text = fmt.Sprintf(word(lang, "head.quiet"), when)
	}
	lvl := levelNeutral
	switch {
	case len(bad) > 0 && (len(good) == 0 || bad[0].Score > good[0].Score):
		lvl = levelBad
	case len(bad) > 0:
		lvl = levelWarning
	case len(good) > 0:
		lvl = levelGood
	}
	return Sentence{Text: text + word(lang, "end"), Level: lvl}
}

// findingText says a finding: the figure and its comparison, and why it
// matters.
func findingText(f Finding, p coo.Period, lang string) (text, why string) {
	val := func(v float64) string {
		if f.Percent {
			return Percent(v, false)
		}
		return Amount(v, f.Unit, lang)
	}
	switch f.Basis {
	case "budget":
		text = fmt.Sprintf(word(lang, "fd.budget"), f.Label+f.Defects.Notes(), val(f.Value), Percent(f.Value/f.Base, false), val(f.Base))
	case "ytdbudget":
		text = fmt.Sprintf(word(lang, "fd.ytdbudget"), f.Label+f.Defects.Notes(), val(f.Value), Percent(f.Value/f.Base, false), val(f.Base))
	case "ytd":
		text = fmt.Sprintf(word(lang, "fd.ytd"), f.Label+f.Defects.Notes(), val(f.Value), Percent(f.Change, true), val(f.Base))
	default:
		text = fmt.Sprintf(word(lang, "fd.yoy"), f.Label+f.Defects.Notes(), val(f.Value), Percent(f.Change, true), p-12, val(f.Base))
	}
	if f.Basis == "yoy" || f.Basis == "ytd" {
		text += fmt.Sprintf(word(lang, "fd.usual"), Percent(f.Usual, true))
	}
	why = fmt.Sprintf(word(lang, "fd.why"), f.Z)
	if !math.IsNaN(f.Share) && !f.Percent {
		why += word(lang, "comma") + fmt.Sprintf(word(lang, "fd.gap"), Signed(f.Value-f.Base, f.Unit, lang))
	}
	if !math.IsNaN(f.Share) && f.Share < 0.995 { // the company total itself goes without
		key := "fd.ofrevenue"
		if f.LowerIsBetter {
			key = "fd.ofcost"
		}
		why += word(lang, "comma") + fmt.Sprintf(word(lang, key), Percent(f.Share, false))
	}
	if f.Dept != "" {
		why += word(lang, "comma") + fmt.Sprintf(word(lang, "fd.dept"), f.Dept)
	}
	return text, why
}

// questions lists, for each department, what to raise with its head: a
// figure over budget or below it, one worse than usual, an anomaly, late,
// missing or rejected data.
func (m *monthly) questions(all []candidate, lang string) []DeptQuestions {
	p := m.r.Period
	// Which department answers for a metric: the one that reviews it, else
	// one that reviews a metric of the same source.
	owner := map[coo.MetricName]string{}
	bySource := map[string]string{}
	for _, d := range m.in.Spec.Departments {
		for _, k := range d.KPIs {
			if _, ok := owner[k.Metric]; !ok {
				owner[k.Metric] = d.Name
			}
			if md := m.meta[k.Metric]; md != nil {
				if _, ok := bySource[md.Source]; !ok {
					bySource[md.Source] = d.Name
				}
			}
		}
		for _, r := range d.Ratios {
			if md := m.meta[r.Num.Metric]; md != nil {
				if _, ok := bySource[md.Source]; !ok {
					bySource[md.Source] = d.Name
				}
			}
		}
	}
	deptOf := func(n coo.MetricName) string {
		if d, ok := owner[n]; ok {
			return d
		}
		if md := m.meta[n]; md != nil {
			return bySource[md.Source]
		}
		return ""
	}
	items := map[string][]string{}
	add := func(dept, q string) {
		if dept != "" && !containsString(items[dept], q) {
			items[dept] = append(items[dept], q)
		}
	}
	w := func(key string, args ...any) string { return fmt.Sprintf(word(lang, key), args...) }
	// Data first: nothing can be discussed on figures that are not in.
	for _, s := range m.r.Quality.Sources {
		var dept string
		for _, n := range s.Metrics {
			if dept = deptOf(n); dept != "" {
				break
			}
		}
		if dept == "" {
			dept = bySource[s.Source]
		}
		switch {
		case s.Required && s.Facts == 0:
			add(dept, w("q.missing", s.Source, p))
		case s.Rejects > 0 && len(s.Metrics) > 0:
			add(dept, w("q.rejected", s.Source, s.Rejects))
		}
		if s.Late {
			add(dept, w("q.late", s.Source, p))
		}
	}
	// A suspected value: to the department that answers for a metric of
	// its measure, else to one whose ratio reads such a metric.
	for _, d := range m.r.Quality.Defects {
		if d.Kind != coo.Suspect {
			continue
		}
		of := func(n coo.MetricName) bool {
			md := m.meta[n]
			return md != nil && md.Source == d.Source && (d.Measure == "" || md.Measure == d.Measure)
		}
		dept := ""
		for _, n := range m.reported() {
			if of(n) && deptOf(n) != "" {
				dept = deptOf(n)
				break
			}
		}
		for _, dv := range m.in.Spec.Departments {
			for _, r := range dv.Ratios {
				if dept == "" && (of(r.Num.Metric) || of(r.Den.Metric)) {
					dept = dv.Name
				}
			}
		}
		if dept == "" {
			dept = bySource[d.Source]
		}
		add(dept, w("q.suspect", d.Where(), d.Detail))
	}
	// Bad news of every figure, worst first: budget, then worse than usual.
	var bad []candidate
	for _, c := range all {
		// Over or below budget by 2% or more, worse than usual, or a year
		// to date 10% or more worse than last year's.
		if !c.neutral && !c.Good && ((c.Basis == "budget" || c.Basis == "ytdbudget") && math.Abs(c.Change) >= 0.02 ||
			c.Z >= 1 || c.Basis == "ytd" && math.Abs(c.Change) >= 0.1) {
			bad = append(bad, c)
		}
	}
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Score > bad[j].Score })
	seen := map[string]bool{}
	for _, c := range bad {
		id := string(c.Metric) + "|" + c.Ratio
		if seen[id] {
			continue
		}
		seen[id] = true
		dept := c.Dept
		if dept == "" {
			dept = deptOf(c.Metric)
		}
		text, _ := findingText(c.Finding, p, lang)
		ask := word(lang, "q.whyyoy")
		switch c.Basis {
		case "budget", "ytdbudget":
			ask = word(lang, "q.whybudget")
		case "ytd":
			ask = word(lang, "q.whyytd")
		}
		add(dept, text+word(lang, "sep")+ask)
	}
	// Anomalies: a month outside the range forecast a month earlier.
	kpis := append([]MonthlyKPI(nil), m.r.KPIs...)
	for _, d := range m.r.Depts {
		kpis = append(kpis, d.KPIs...)
	}
	anom := map[coo.MetricName]bool{}
	for _, k := range kpis {
		if !k.Anomaly || k.Suspect || anom[k.Spec.Metric] {
			continue
		}
		anom[k.Spec.Metric] = true
		key := "q.above"
		if k.Value < k.ExpectedLo {
			key = "q.below"
		}
		add(deptOf(k.Spec.Metric), w(key, k.Label+k.Defects.Notes(), Amount(k.Value, k.Unit, lang), Number(k.ExpectedLo, k.Unit, lang), Number(k.ExpectedHi, k.Unit, lang)))
	}
	var out []DeptQuestions
	for _, d := range m.in.Spec.Departments {
		if qs := items[d.Name]; len(qs) > 0 {
			if len(qs) > 4 {
				qs = qs[:4]
			}
			out = append(out, DeptQuestions{Dept: d.Name, Items: qs})
		}
	}
	return out
}

// reported are the metrics the report's figures read, in the order of
// the spec: headline KPIs, then each department's KPIs and ratios'
// numerators and denominators.
func (m *monthly) reported() []coo.MetricName {
	var out []coo.MetricName
	add := func(n coo.MetricName) {
		if n != "" && !containsName(out, n) {
			out = append(out, n)
		}
	}
	for _, k := range m.in.Spec.KPIs {
		add(k.Metric)
	}
	for _, d := range m.in.Spec.Departments {
		for _, k := range d.KPIs {
			add(k.Metric)
		}
		for _, r := range d.Ratios {
			add(r.Num.Metric)
			add(r.Den.Metric)
		}
	}
	return out
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
