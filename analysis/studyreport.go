package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"

	"coo"
	"coo/forecast"
	"coo/internal/l10n"
	"coo/internal/numfmt"
)

// StudySpec is a study as its file states it: the question, the design,
// the scenarios and the horizon.
type StudySpec struct {
	Title    string // "" gives one from the target
	Question string
	Design   Design
	// Scenarios are pushed through the fit after the baseline (every
	// driver held at its last value), which every study has.
	Scenarios []Scenario
	H         int // months forecast; 0 is 6
	// Value is the metric that says what the target is worth in money
	// (sales.revenue for units sold), read with the target's breakdown:
	// the price of a unit is its sum over the reference months divided by
	// the target's. "" for none. Price, when above 0, is a price given
	// instead, in PriceUnit ("" for the unit of the drivers in money). A
	// target in money needs neither.
	Value     coo.MetricName
	Price     float64
	PriceUnit string
}

// StudyStore is what RunStudy reads: the series, what each source
// supplied in a month (for the files refused whole), and the defects of
// the input, of which the rejected cells that touch the study's data
// (*warehouse.DB's Defects: a Rejected defect is one cell, with the months
// its file supplies).
type StudyStore interface {
	Store
	SourceMonths(ctx context.Context, p coo.Period) ([]coo.SourceMonth, error)
	Defects(ctx context.Context, required []string, upTo coo.Period) ([]coo.Defect, error)
}

// StudyInput is everything RunStudy needs besides the store.
type StudyInput struct {
	Spec StudySpec
	// Metrics are the project's metrics: the target's label and unit, and
	// the source of each series. Nil leaves the sources out of the report.
	Metrics []coo.Metric
	Lang    string // the answer's language: en or zh; "" is en
}

// StudyReport is a fitted study with everything its report shows: plain
// data for render.
type StudyReport struct {
	Title, Question string
	Lang            string
	TargetLabel     string // the target metric's label ("Units sold"), else its name
	TargetUnit      string // the target metric's unit, "" if unknown
	Study           *Study
	// Drivers name each driver for people, in the order of Design.Drivers.
	Drivers []StudyDriver
	// Reference is the span and level the effects, the sensitivity and
	// the answer's figures are taken at: the last year of the design.
	Reference Reference
	// Effects is what each driver does to the target, in the order of
	// Design.Drivers (a driver without a coefficient is left out).
	Effects []DriverEffect
	// Price is what a unit of the target is worth, for the money.
	Price Price
	// History is the target as read (NaN for a missing month), on its own
	// scale (not logged).
	History coo.Series
	// Scenarios are the baseline, then the spec's scenarios, each H months
	// from the month after the target's last data, with 95% intervals.
	Scenarios []*ScenarioForecast
	// Differences are each scenario after the baseline less the baseline.
	Differences []*ScenarioDifference
	Sensitivity []Sensitivity // one per driver, DefaultChanges
	// Backtest is the rolling-origin comparison with the ETS-based
	// baseline over the last 6 months, one month ahead; nil when it could
	// not run, and BacktestError says why.
	Backtest      *StudyBacktest
	BacktestError string
	Verdict       string // the backtest's verdict in Lang; "" without a backtest
	// Answer is the answer in words (StudyAnswer), one paragraph an entry.
	// Caveats are the reasons to read it with care, a clause each; they are
	// in Answer too, as its paragraph CaveatsAt (-1 without caveats).
	Answer    []string
	Caveats   []string
	CaveatsAt int
	// Sources are the sources behind the study's series with the rejected
	// cells in their files for the months the design reads; empty without
	// StudyInput.Metrics.
	Sources []StudySource
}

// StudyDriver names a driver of a study for people.
type StudyDriver struct {
	Label string // its metric's label, the breakdown in parentheses ("Marketing spend (channel=Events)"); else its series label
	Unit  string // its metric's unit, "" if unknown
}

// DriverEffect is what a driver does to the target at the lag with the
// smallest p value, at the reference months' levels: for a round amount
// of it, for 10% more in one month and kept up, and in money.
type DriverEffect struct {
	Driver string // the driver's Label
	Lag    int
	Term   forecast.Term // the coefficient of that lag
	// Mean is the driver's mean over the months the reference rows read
	// at the lag.
	Mean float64
	// Elasticity is the percent change of the target for 1% more of the
	// driver Lag months before (Sensitivity.LagElasticity).
	Elasticity Estimate
	// Step is a round amount of the driver near 1% of Mean (10,000 for a
	// mean of 1.2 million), at least 1 for a count or whole numbers, and 1
	// percentage point for a rate (driverStep): PerStep is the change of
	// the target Lag months after a month with Step more of it, with its
	// interval.
	Step    float64
	PerStep Effect
	// Tenth is the change for 10% more of the driver in one month, seen
	// Lag months later; Sustained for 10% more in every month, all lags
	// together. They are the sensitivity table's +10% entries.
	Tenth, Sustained Effect
	// Value is PerStep in money at Price (NaN without a price), bounds
	// included. BreakEven is Step / Value: the share of that value that
	// must be margin for Step to pay back; BreakEvenLow the same at
	// Value.Lower (+Inf when that is not above 0). Both NaN unless the
	// driver and the price are money of one unit.
	Value                   Estimate
	BreakEven, BreakEvenLow float64
}

// Price is what one unit of the target is worth in money.
type Price struct {
	Per   float64 // money per unit of the target; NaN when unknown, 1 for a target in money
	Unit  string  // the money's unit ("CNY"); "" when unknown
	Label string  // what the money is: the value metric's label ("Revenue"), or the target's
	// Metric is the value metric it was computed from, over From..To (the
	// reference months with both series), with Months of them; "" for a
	// price given in the study file or a target in money.
	Metric   coo.MetricName
	From, To coo.Period
	Months   int
}

// Known reports whether the price is known.
func (p Price) Known() bool { return !math.IsNaN(p.Per) }

// IsMoney reports whether unit names money: an ISO 4217 code (three
// capital letters such as CNY), RMB or a currency sign. The study's answer
// and its report read units by this one rule.
func IsMoney(unit string) bool {
	switch unit {
	case "¥", "$", "€", "£", "元", "RMB":
		return true
	}
	if len(unit) != 3 {
		return false
	}
	for _, c := range unit {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// StudySource is one source behind a study's series.
type StudySource struct {
	Source  string
	Metrics []coo.MetricName // the study's series it feeds
	// RejectMonths are the months read by the design (the span, reaching
	// back by the longest lag) whose files hold rejected cells, oldest
	// first; Rejects counts those cells, each once however many of the
	// months its file supplies (a year's workbook with one bad cell is
	// one rejected cell, not twelve).
	RejectMonths []coo.Period
	Rejects      int64
	Refused      []string // the source's files refused outright, sorted
}

// RunStudy fits in.Spec's design (FitStudy), forecasts the baseline and
// the scenarios H months ahead with 95% intervals, computes the
// sensitivity to each driver and the backtest, says the answer in words,
// and lists the rejected cells touching the data. A backtest that cannot
// run is reported in the result, not as an error.
//
// Errors: FitStudy's (a *forecast.CollinearError among them), a
// *SuspectError when a month the study reads holds a suspected slip
// (studysuspect.go), a *ScenarioMonthError for a scenario starting outside
// the months forecast, a scenario's, the sensitivity's, and the store's.
func RunStudy(ctx context.Context, store StudyStore, in StudyInput) (*StudyReport, error) {
	spec := in.Spec
	if spec.H == 0 {
		spec.H = 6
	}
	lang := in.Lang
	if lang != "zh" {
		lang = "en"
	}
	st, err := FitStudy(ctx, store, &spec.Design)
	if err != nil {
		return nil, err
	}
	var value coo.Series
	if spec.Value != "" {
		if value, err = store.Series(ctx, spec.Value, spec.Design.Target.Dims); err != nil {
			return nil, fmt.Errorf("study: read %s: %w", spec.Value, err)
		}
		value.Metric, value.Dims = spec.Value, spec.Design.Target.Dims
	}
	ds, err := studySuspects(ctx, store, st, value, in.Metrics, lang)
	if err != nil {
		return nil, fmt.Errorf("study of %s: %w", spec.Design.Target.Label(), err)
	}
	if len(ds) > 0 {
		return nil, &SuspectError{Target: spec.Design.Target.Label(), Defects: ds}
	}
	r := &StudyReport{Title: spec.Title, Question: spec.Question, Lang: lang, Study: st,
		History: coo.Series{Metric: st.target.Metric, Dims: st.target.Dims, Start: st.target.Start, Values: append([]float64(nil), st.target.Values...)}}
	r.TargetLabel, r.TargetUnit = seriesName(in.Metrics, spec.Design.Target)
	for _, dr := range spec.Design.Drivers {
		label, unit := seriesName(in.Metrics, dr.Variable)
		r.Drivers = append(r.Drivers, StudyDriver{Label: label, Unit: unit})
	}
	if err := scenarioMonths(st, spec); err != nil {
		return nil, err
	}
	var base *ScenarioForecast
	for _, sc := range append([]Scenario{{Name: l10n.T(lang, "studytext.baseline")}}, spec.Scenarios...) {
		f, err := st.Scenario(sc, spec.H, 0.95)
		if err != nil {
			return nil, err
		}
		r.Scenarios = append(r.Scenarios, f)
		if base == nil {
			base = f
			continue
		}
		d, err := st.Difference(f, base)
		if err != nil {
			return nil, err
		}
		r.Differences = append(r.Differences, d)
	}
	if r.Sensitivity, err = st.Sensitivity(nil); err != nil {
		return nil, fmt.Errorf("study of %s: sensitivity: %w", spec.Design.Target.Label(), err)
	}
	r.Reference = st.Reference()
	if r.Price, err = studyPrice(ctx, store, st, spec, in.Metrics, r); err != nil {
		return nil, err
	}
	if r.Effects, err = st.effects(r); err != nil {
		return nil, fmt.Errorf("study of %s: effects: %w", spec.Design.Target.Label(), err)
	}
	if r.Backtest, err = st.Backtest(ctx, 6, 1); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.Backtest, r.BacktestError = nil, err.Error()
	}
	if r.Backtest != nil {
		r.Verdict = studyVerdict(st, r.Backtest, r.TargetLabel, lang)
	}
	if in.Metrics != nil {
		if r.Sources, err = studySources(ctx, store, st, in.Metrics, spec.Value); err != nil {
			return nil, err
		}
	}
	r.Answer, r.Caveats = StudyAnswer(r)
	r.CaveatsAt = -1
	if len(r.Caveats) > 0 {
		r.CaveatsAt = len(r.Answer) - 1
		if r.Backtest != nil {
			r.CaveatsAt--
		}
	}
	return r, nil
}

// ScenarioMonthError refuses a scenario of a study whose path starts
// outside the months the study forecasts, First to Last: before them it
// would change the data, which the study does not refit (a change from
// 2025-01 was applied from the first month forecast and described so), and
// after them it changes none of them (the change was 0 in every month,
// without a word). Found from outside.
type ScenarioMonthError struct {
	Scenario, Driver string
	From             coo.Period // the month the study file gives
	First, Last      coo.Period
}

func (e *ScenarioMonthError) Error() string {
	where := "after"
	why := "it would change none of them; give a month from %[2]s to %[3]s, or a longer h"
	if e.From < e.First {
		where = "before"
		why = "a scenario changes what comes, not the data the study is fitted on (they end in %[1]s); give a month from %[2]s to %[3]s"
	}
	return fmt.Sprintf("scenario %q: %s from %s is %s the months the study forecasts, %s to %s: ", e.Scenario, e.Driver, e.From, where, e.First, e.Last) +
		fmt.Sprintf(why, e.First-1, e.First, e.Last)
}

// scenarioMonths checks that every path of spec's scenarios starts within
// the months st forecasts: from the month after the target's last data,
// spec.H months (spec.H set).
func scenarioMonths(st *Study, spec StudySpec) error {
	last := lastData(st.target.Values)
	if last < 0 {
		return nil // Scenario says the target has no data
	}
	first := st.target.Start.Add(last + 1)
	end := first.Add(spec.H - 1)
	for _, sc := range spec.Scenarios {
		for _, p := range sc.Paths {
			if p.From < first || p.From > end {
				return &ScenarioMonthError{Scenario: sc.Name, Driver: p.Driver, From: p.From, First: first, Last: end}
			}
		}
	}
	return nil
}

// seriesName names a series of a study for people: its metric's label
// (with the breakdown in parentheses) and unit; the series label and ""
// for a metric not among metrics.
func seriesName(metrics []coo.Metric, v Variable) (label, unit string) {
	for _, m := range metrics {
		if m.Name != v.Metric {
			continue
		}
		label = m.Label
		if label == "" {
			label = string(m.Name)
		}
		if v.Dims != "" {
			label += " (" + v.Dims + ")"
		}
		return label, m.Unit
	}
	return v.Label(), ""
}

// studyPrice works out what a unit of the target is worth: 1 for a target
// in money; else the value metric's sum over the reference months with
// both series, divided by the target's; else the study's price; else
// unknown (NaN).
func studyPrice(ctx context.Context, store Store, st *Study, spec StudySpec, metrics []coo.Metric, r *StudyReport) (Price, error) {
	switch {
	case IsMoney(r.TargetUnit):
		return Price{Per: 1, Unit: r.TargetUnit, Label: r.TargetLabel}, nil
	case spec.Value != "":
		v := Variable{Metric: spec.Value, Dims: spec.Design.Target.Dims}
		label, unit := seriesName(metrics, Variable{Metric: spec.Value})
		s, err := store.Series(ctx, v.Metric, v.Dims)
		if err != nil {
			return Price{}, fmt.Errorf("study: read %s: %w", v.Label(), err)
		}
		p := Price{Per: math.NaN(), Unit: unit, Label: label, Metric: spec.Value}
		var sv, sy float64
		for _, row := range st.refRows() {
			q := st.Matrix.Periods[row]
			val, y := lookup(s, q), lookup(st.target, q)
			if math.IsNaN(val) || math.IsNaN(y) {
				continue
			}
			if p.Months == 0 {
				p.From = q
			}
			p.To, p.Months = q, p.Months+1
			sv += val
			sy += y
		}
		if p.Months > 0 && sy != 0 {
			p.Per = sv / sy
		}
		return p, nil
	case spec.Price > 0:
		p := Price{Per: spec.Price, Unit: spec.PriceUnit}
		for _, d := range r.Drivers {
			if p.Unit == "" && IsMoney(d.Unit) {
				p.Unit = d.Unit
			}
		}
		return p, nil
	}
	return Price{Per: math.NaN()}, nil
}

// effects works out each driver's DriverEffect at the lag with the
// smallest p value; r holds the sensitivity, the reference and the price.
func (st *Study) effects(r *StudyReport) ([]DriverEffect, error) {
	var out []DriverEffect
	for i, dr := range st.Design.Drivers {
		lags := dr.lags()
		k, term := -1, forecast.Term{}
		for j, lag := range lags {
			name := columnName(dr.Variable, lag)
			for _, t := range st.Fit.Terms {
				if t.Name == name && (k < 0 || t.P < term.P) {
					k, term = j, t
				}
			}
		}
		if k < 0 {
			continue
		}
		e := DriverEffect{Driver: dr.Label(), Lag: lags[k], Term: term, Elasticity: r.Sensitivity[i].LagElasticity[k],
			BreakEven: math.NaN(), BreakEvenLow: math.NaN()}
		rows := st.refRows()
		for _, row := range rows {
			e.Mean += lookup(st.drivers[i], st.Matrix.Periods[row].Add(-e.Lag))
		}
		e.Mean /= float64(len(rows))
		e.Step = driverStep(e.Mean, r.Drivers[i].Unit, wholeNumbers(st.drivers[i].Values))
		g, err := st.moved(i, []int{e.Lag}, func(v float64) float64 { return v + e.Step })
		if err != nil {
			return nil, err
		}
		e.PerStep = st.effectOf(g, r.Reference)
		tenth := func(v float64) float64 { return v * 1.1 }
		if g, err = st.moved(i, []int{e.Lag}, tenth); err != nil {
			return nil, err
		}
		e.Tenth = st.effectOf(g, r.Reference)
		if g, err = st.moved(i, lags, tenth); err != nil {
			return nil, err
		}
		e.Sustained = st.effectOf(g, r.Reference)
		pr := r.Price.Per
		e.Value = Estimate{e.PerStep.Units * pr, e.PerStep.UnitsLower * pr, e.PerStep.UnitsUpper * pr}
		if unit := r.Drivers[i].Unit; r.Price.Known() && IsMoney(unit) && unit == r.Price.Unit {
			e.BreakEven, e.BreakEvenLow = e.Step/e.Value.Value, math.Inf(1)
			if e.Value.Lower > 0 {
				e.BreakEvenLow = e.Step / e.Value.Lower
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// roundStep is the power of ten nearest below 1% of |mean| (10,000 for
// 1.24 million), 1 for a mean of 0.
func roundStep(mean float64) float64 {
	a := math.Abs(mean) / 100
	if !(a > 0) || math.IsInf(a, 0) {
		return 1
	}
	return math.Pow(10, math.Floor(math.Log10(a)))
}

// driverStep is the round amount of a driver the answer speaks of, for a
// driver of mean |mean| in unit: roundStep, except that
//
//   - a count (numfmt.IsCount) or a driver of whole numbers only (whole)
//     moves by 1 at least: "each extra 0.01 new customers" of a mean of 5
//     read "each extra 0" (found from outside);
//   - a rate (numfmt.IsRate: a fraction shown as a percentage) moves by 1
//     percentage point (0.01), or by the power of ten nearest below half
//     its mean when that is smaller (0.1 point for a rate under 2%), and
//     by 0.01 point at least: 0.0001 of a discount of 9.87% is no step
//     anyone takes.
func driverStep(mean float64, unit string, whole bool) float64 {
	if numfmt.IsRate(unit) {
		a := math.Abs(mean) / 2
		if !(a > 0) || math.IsInf(a, 0) {
			return 0.01
		}
		return min(0.01, max(0.0001, math.Pow(10, math.Floor(math.Log10(a)))))
	}
	step := roundStep(mean)
	if whole || numfmt.IsCount(unit) {
		step = max(step, 1)
	}
	return step
}

// wholeNumbers reports whether v has a value and every value but NaN is a
// whole number.
func wholeNumbers(v []float64) bool {
	n := 0
	for _, x := range v {
		if math.IsNaN(x) {
			continue
		}
		if x != math.Trunc(x) {
			return false
		}
		n++
	}
	return n > 0
}

// studySources lists the sources of the study's series (and of value, the
// value metric, when not "") with the rejected cells in their files over
// the months the design reads.
func studySources(ctx context.Context, store StudyStore, st *Study, metrics []coo.Metric, value coo.MetricName) ([]StudySource, error) {
	source := map[coo.MetricName]string{}
	for _, m := range metrics {
		source[m.Name] = m.Source
	}
	bySource := map[string]*StudySource{}
	var names []string
	feed := func(m coo.MetricName) {
		s, ok := source[m]
		if !ok || s == "" {
			return
		}
		if bySource[s] == nil {
			bySource[s] = &StudySource{Source: s}
			names = append(names, s)
		}
		if !containsName(bySource[s].Metrics, m) {
			bySource[s].Metrics = append(bySource[s].Metrics, m)
		}
	}
	feed(st.Design.Target.Metric)
	if value != "" {
		feed(value)
	}
	maxLag := 0
	for _, dr := range st.Design.Drivers {
		feed(dr.Metric)
		for _, k := range dr.lags() {
			maxLag = max(maxLag, k)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, nil
	}
	from, to := st.Matrix.From.Add(-maxLag), st.Matrix.To
	ds, err := store.Defects(ctx, nil, to)
	if err != nil {
		return nil, fmt.Errorf("study: rejected cells: %w", err)
	}
	months := map[string]map[coo.Period]bool{}
	for _, d := range ds {
		s := bySource[d.Source]
		if d.Kind != coo.Rejected || s == nil {
			continue
		}
		touches := false
		for p := from; p <= to; p++ {
			if d.Touches(p) {
				touches = true
				if months[d.Source] == nil {
					months[d.Source] = map[coo.Period]bool{}
				}
				months[d.Source][p] = true
			}
		}
		if touches {
			s.Rejects++
		}
	}
	refused := map[string]map[string]bool{}
	for p := from; p <= to; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sms, err := store.SourceMonths(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("study: sources of %s: %w", p, err)
		}
		for _, sm := range sms {
			s := bySource[sm.Source]
			if s == nil {
				continue
			}
			if months[sm.Source][p] {
				s.RejectMonths = append(s.RejectMonths, p)
			}
			for _, f := range sm.Refused {
				if refused[sm.Source] == nil {
					refused[sm.Source] = map[string]bool{}
				}
				refused[sm.Source][f] = true
			}
		}
	}
	out := make([]StudySource, len(names))
	for i, n := range names {
		s := bySource[n]
		for f := range refused[n] {
			s.Refused = append(s.Refused, f)
		}
		sort.Strings(s.Refused)
		out[i] = *s
	}
	return out, nil
}
