package forecast

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Selection says how Auto chose a forecast and how accurate its choice has
// been in backtest, for a report to print, e.g. "comb(ETS(M,Ad,M), theta,
// damped), chosen by 6-origin backtest: sMAPE 8.1% vs seasonal naive
// 11.4%".
type Selection struct {
	Method     string      // the published method, as Forecast.Method
	Rule       string      // how it was chosen, one sentence
	Origins    []int       // the backtest origins (observations before each), latest first
	Backtest   Accuracy    // the published method over the backtest origins
	Benchmark  Accuracy    // seasonal naive (naive if m == 1) over the same origins
	Candidates []Candidate // every candidate's backtest, in the order tried
	// Widen80 and Widen95 are the factors by which the candidate's 80% and
	// 95% intervals were widened (1: unchanged): Widen95 to match the
	// coverage of its backtest errors, and Widen80 then such that the ratio
	// of half-widths (z95/z80 · Widen95/Widen80 for normal intervals) is
	// 1.75 (m > 1), or Widen80 likewise and the ratio brought within
	// [1.3, 1.9] (m = 1).
	// For yearly data (m = 1) they are the factors at the backtest's mean
	// step, and the factors of each step are in Widen80Steps and
	// Widen95Steps (nil otherwise: one factor for every step).
	Widen80, Widen95 float64
	Widen80Steps     []float64
	Widen95Steps     []float64
	// Warning is empty unless the published forecast did worse than
	// seasonal naive in backtest (by MASE), or could not be backtested.
	Warning string
}

// Candidate is one method Auto considered.
type Candidate struct {
	Method   string
	Backtest Accuracy
}

// String is the one-line summary of the selection.
func (s *Selection) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s", s.Method, s.Rule)
	if len(s.Origins) > 0 {
		fmt.Fprintf(&b, ": backtest sMAPE %.1f%% vs seasonal naive %.1f%%", s.Backtest.SMAPE, s.Benchmark.SMAPE)
	}
	if s.Warning != "" {
		fmt.Fprintf(&b, " (%s)", s.Warning)
	}
	return b.String()
}

// Auto's fixed settings, chosen by the training-part studies of
// forecast/README.md (the study harness is in study_test.go and
// study_pool_test.go).
const (
	// autoOrigins is the number of backtest origins; every member is
	// refitted at each.
	autoOrigins = 3
	// autoShrink is the weight, in origins, of 1 in a widening factor:
	// the factor is (w·q + autoShrink)/(w + autoShrink) for w origins and
	// a backtest quantile q.
	autoShrink = 2
	// autoCap is the largest widening factor.
	autoCap = 3
	// autoGrowth is the power of the step in the yearly (m = 1) factors:
	// √step, a random walk's growth.
	autoGrowth = 0.5
)

// autoConfig is what Auto's setup depends on by season length: the
// members, their seasonality rule and the floor of the widening factors.
type autoConfig struct {
	fine, coarse []string   // members for m >= 12 and for m < 12
	fineSeason   seasonRule // Theta's and the smoothing members' rule for m >= 12
	// mid, if not nil, replaces coarse for 1 < m < 12 (rounds 11, 12).
	mid []string
	// midWeights are the relative weights of the members for 1 < m < 12
	// (nil: equal, as for m = 1 and m >= 12).
	midWeights []float64
	// The smallest widening factor for m = 1, for 1 < m < 12 and for
	// m >= 12.
	floor1, floor, fineFloor float64
	// The bounds (m = 1) or the fixed value (m > 1, round 9) of the ratio
	// of the 95% to the 80% half-width.
	band1, band bandRule
	// screenEval is the evaluation budget of ETS's screening fits for
	// m >= 12 (0: ETSSettings' default, 800).
	screenEval int
}

// defaultAuto is Auto's setup.
var defaultAuto = autoConfig{
	fine:       []string{"ets", "theta", "otm", "ses", "arima"},
	coarse:     []string{"ets", "theta", "damped"},
	mid:        []string{"ets", "theta", "thetal", "etsd"},
	midWeights: []float64{2, 1, 1, 1},
	fineSeason: seasonRule{test: testACF, ets: true},
	floor1:     1.1,
	floor:      1.2,
	fineFloor:  1.15,
	band1:      bandRule{lo: 1.3, hi: 1.9, widen95: true},
	band:       bandRule{ratio: 1.75},
}

// season returns the seasonality rule of the members for season length m:
// for m < 12 R's test on the raw series (the zero seasonRule).
func (cfg autoConfig) season(m int) seasonRule {
	if m >= 12 {
		return cfg.fineSeason
	}
	return seasonRule{}
}

// members returns the combination's members for season length m.
func (cfg autoConfig) members(m int) []string {
	switch {
	case m >= 12:
		return cfg.fine
	case m > 1 && cfg.mid != nil:
		return cfg.mid
	}
	return cfg.coarse
}

// weights returns the relative weights of members(m) (nil: equal).
func (cfg autoConfig) weights(m int) []float64 {
	if m > 1 && m < 12 {
		return cfg.midWeights
	}
	return nil
}

// describe names the combination's members, with their weights if not
// equal: "ets, theta, damped" or "ets, theta, etsd weighted 2:2:1".
func (c *combModel) describe() string {
	s := strings.Join(c.names, ", ")
	if c.weights != nil {
		w := make([]string, len(c.weights))
		for i, v := range c.weights {
			w[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		s += " weighted " + strings.Join(w, ":")
	}
	return s
}

// bandFor returns the band rule for season length m.
func (cfg autoConfig) bandFor(m int) bandRule {
	if m == 1 {
		return cfg.band1
	}
	return cfg.band
}

// floorFor returns the smallest widening factor for season length m.
func (cfg autoConfig) floorFor(m int) float64 {
	switch {
	case m >= 12:
		return cfg.fineFloor
	case m == 1:
		return cfg.floor1
	}
	return cfg.floor
}

// Auto forecasts y (oldest first, season length m) h steps ahead with the
// package's default method, and says in Forecast.Selection how it chose
// and how its choice did in backtest:
//
//   - A series of mostly zeros or small counts (ProfileDemand) gets
//     Croston, SBA, TSB or the combination below, whichever did best in
//     backtest (autoDemand).
//   - Otherwise the forecast is the mean, bound by bound, of its members:
//     for m >= 12 ETS (AutoETS with screening), Theta, the optimised Theta
//     method, SES and AutoARIMA, weighted equally; for 1 < m < 12
//     (quarterly) ETS, Theta, Theta on the series adjusted by local
//     seasonal indices (the member thetal: each season's latest ratio to
//     the centred moving average) and ETS restricted to the damped-trend
//     models (the member etsd), weighted 2:1:1:1; for m = 1 ETS, Theta and
//     the damped trend, weighted equally. A member that cannot be fitted
//     is left out (the others' weights are renormalised).
//   - Its intervals are widened about the point forecast by the factors
//     that would have covered, at the nominal rates, the errors of a
//     rolling backtest at three origins inside y with every member
//     refitted (ETS and ARIMA keep their model form); the factors lie in
//     [1.15, 3] for m >= 12, [1.2, 3] for 1 < m < 12 and, for m = 1, grow
//     with the step from a base of at least 1.1. For m > 1 the 80% band
//     then follows from the 95% one: its factor is the 95% factor times
//     1.53/1.75, so that for members with normal intervals the 95%
//     half-width is 1.75 times the 80% one (1.53 for a normal error; the
//     forecast errors out of sample are heavier-tailed). For m = 1 the
//     95% half-width is kept between 1.3 and 1.9 times the 80% one, by
//     widening the 95% band below 1.3 and the 80% band above 1.9.
//   - Selection.Warning is set when the combination did worse than
//     seasonal naive (naive if m is 1) in that backtest, by MASE, or when
//     y has no room for a backtest origin (the intervals are then the
//     members' own).
//
// opt may be nil; Options.Origins and Options.Step move the backtest
// origins (default: n − s, n − 2s, n − 3s with s = ⌈h/3⌉, none below
// max(n/2, 2m, 8)), and Options.ETS replaces the screened ETS fit. Errors
// wrap ErrTooShort, ErrNaN or the members' errors when no member can be
// fitted. Auto panics if h < 1 or m < 1. Why these choices:
// forecast/README.md, with each rule's validation scores.
func Auto(y []float64, m, h int, opt *Options) (*Forecast, error) {
	if f, ok, err := autoDemand(y, m, h, opt); ok {
		return f, err
	}
	return autoWith(defaultAuto, y, m, h, opt)
}

// autoWith is Auto without the dispatch of sparse series, with the setup
// cfg.
func autoWith(cfg autoConfig, y []float64, m, h int, opt *Options) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("auto: %w", err)
	}
	comb, bt, bench, err := autoBacktest(cfg, y, m, h, opt)
	if err != nil {
		return nil, fmt.Errorf("auto: %w", err)
	}
	n := len(y)
	sel := &Selection{Origins: bt.used, Widen80: 1, Widen95: 1,
		Candidates: bt.candidates(comb.names), Benchmark: MeanAccuracy(bt.bench)}
	f := comb.forecast(h)
	if len(bt.used) == 0 {
		sel.Rule = fmt.Sprintf("mean of %s (the members for m = %d), not backtested", comb.describe(), m)
		sel.Warning = fmt.Sprintf("no backtest: %d observations leave no room for an origin", n)
	} else {
		sel.Rule = fmt.Sprintf("mean of %s (the members for m = %d), intervals calibrated by a %d-origin refit backtest", comb.describe(), m, len(bt.used))
		sel.Backtest = sel.Candidates[0].Backtest
		var k80, k95 []float64
		sel.Widen80, sel.Widen95, k80, k95 = cfg.factors(bt.fcs[0], y, bt.used, m, h)
		f.widenSteps(k80, k95)
		if m == 1 {
			sel.Widen80Steps, sel.Widen95Steps = k80, k95
		}
		if sel.Backtest.MASE > sel.Benchmark.MASE {
			sel.Warning = fmt.Sprintf("did worse than %s in backtest: MASE %.3f vs %.3f", benchName(bench), sel.Backtest.MASE, sel.Benchmark.MASE)
		}
	}
	sel.Method = f.Method
	f.Selection = sel
	return f, nil
}

// factors returns the widening factors of the combination's intervals
// from its backtest forecasts fcs (one per origin of os, nil where it
// failed): for m > 1 one factor per level (w80, w95, and k80, k95 that
// factor at every step), for m = 1 the step-growing factors of
// stepFactors (w80, w95 at the backtest's mean step). Both are then
// bounded by cfg's band rule for m.
func (cfg autoConfig) factors(fcs []*Forecast, y []float64, os []int, m, h int) (w80, w95 float64, k80, k95 []float64) {
	if m == 1 {
		w80, w95, k80, k95 = stepFactors(fcs, y, os, h, cfg.floorFor(m))
	} else {
		r80, r95, _, norig := backtestRatios(fcs, y, os)
		w80, w95 = 1, 1
		if norig > 0 {
			floor := cfg.floorFor(m)
			w80, w95 = widenFactor(r80, 0.8, norig, floor, autoCap), widenFactor(r95, 0.95, norig, floor, autoCap)
		}
		k80, k95 = constFactors(h, w80), constFactors(h, w95)
	}
	band := cfg.bandFor(m)
	band.apply(k80, k95)
	b80, b95 := []float64{w80}, []float64{w95}
	band.apply(b80, b95)
	return b80[0], b95[0], k80, k95
}

// zRatio is the ratio of the normal 95% and 80% quantiles, z95/z80
// (1.5315): the ratio of the half-widths of a normal forecast's
// intervals, and so of the members' own.
var zRatio = z95 / z80

// bandRule bounds or fixes the ratio of Auto's 95% half-width to its 80%
// one, zRatio·k95/k80 for factors k95 and k80 of intervals whose own ratio
// is zRatio. The zero bandRule bounds nothing (before round 7).
type bandRule struct {
	// ratio, if positive, fixes the ratio: the 80% factor becomes
	// k95·zRatio/ratio, whatever it was, and lo, hi and widen95 are not
	// used (round 9).
	ratio float64
	// lo and hi bound the ratio (hi == 0: no bound). A ratio above hi is
	// brought to hi by widening the 80% band.
	lo, hi float64
	// widen95 says how a ratio below lo is brought to lo: by widening the
	// 95% band (within autoCap; if that is not enough, the 80% band is
	// narrowed) or, if false, by narrowing the 80% band.
	widen95 bool
}

// apply bounds the ratio of each pair of factors k80[i], k95[i].
func (b bandRule) apply(k80, k95 []float64) {
	if b.ratio > 0 {
		for i := range k80 {
			k80[i] = k95[i] * zRatio / b.ratio
		}
		return
	}
	if b.hi == 0 {
		return
	}
	for i := range k80 {
		switch r := zRatio * k95[i] / k80[i]; {
		case r > b.hi:
			k80[i] = k95[i] * zRatio / b.hi
		case r < b.lo && b.widen95:
			k95[i] = math.Min(k80[i]*b.lo/zRatio, autoCap)
			k80[i] = math.Min(k80[i], k95[i]*zRatio/b.lo) // unchanged unless capped
		case r < b.lo:
			k80[i] = k95[i] * zRatio / b.lo
		}
	}
}

// autoBacktest fits cfg's combination to y (checked) and backtests it
// and the benchmark, named bench, at Auto's origins.
func autoBacktest(cfg autoConfig, y []float64, m, h int, opt *Options) (comb *combModel, bt *combBacktest, bench string, err error) {
	if m >= 12 && opt.ets() == nil {
		o := Options{}
		if opt != nil {
			o = *opt
		}
		o.ETS = &ETSSettings{Screen: true, ScreenEval: cfg.screenEval}
		opt = &o
	}
	comb, err = fitCombOf(cfg.members(m), y, m, opt, cfg.season(m))
	if err != nil {
		return nil, nil, "", err
	}
	comb.weigh(cfg.members(m), cfg.weights(m))
	bench, bm := benchmarkFor(y, m, opt)
	oopt := opt
	if opt == nil || opt.Origins == 0 {
		o := Options{}
		if opt != nil {
			o = *opt
		}
		o.Origins = autoOrigins
		oopt = &o
	}
	return comb, backtestComb(comb, bm, y, m, h, origins(len(y), m, h, oopt)), bench, nil
}

// benchmarkFor returns the name of Auto's benchmark for y, seasonal naive
// or naive (m == 1, or no full season), and its model (nil if it cannot
// be fitted).
func benchmarkFor(y []float64, m int, opt *Options) (string, model) {
	bench := "snaive"
	if m == 1 || len(y) <= m {
		bench = "naive"
	}
	bm, err := fitModel(bench, y, m, opt)
	if err != nil {
		return bench, nil
	}
	return bench, bm
}

// combBacktest is a rolling-origin backtest of a combination, of each of
// its members and of a benchmark.
type combBacktest struct {
	// used are the origins where the benchmark and at least one member
	// forecast, latest first.
	used []int
	// fcs holds the forecasts of each candidate (the combination, then
	// the members in order) at each used origin, nil where it failed.
	fcs [][]*Forecast
	// scores are the candidates' scores at the origins where they
	// forecast; bench the benchmark's at every used origin.
	scores [][]Accuracy
	bench  []Accuracy
}

// backtestComb refits the members of comb at each origin of os (each
// forecasting min(h, n − o) steps), combines the members that forecast,
// and scores the combination, the members and the benchmark bm (nil: no
// origin is used).
func backtestComb(comb *combModel, bm model, y []float64, m, h int, os []int) *combBacktest {
	n := len(y)
	scale := Scale(y, m)
	k := 1 + len(comb.members)
	bt := &combBacktest{fcs: make([][]*Forecast, k), scores: make([][]Accuracy, k)}
	for _, o := range os {
		hh := min(h, n-o)
		var bf *Forecast
		if bm != nil {
			bf, _ = bm.at(o, hh)
		}
		mf := make([]*Forecast, len(comb.members))
		var ok []*Forecast
		var w []float64
		for i, md := range comb.members {
			if f, err := md.refit(o, hh); err == nil && f.finite() {
				mf[i] = f
				ok = append(ok, f)
				if comb.weights != nil {
					w = append(w, comb.weights[i])
				}
			}
		}
		if len(ok) == 0 || bf == nil {
			continue
		}
		bt.used = append(bt.used, o)
		actual := y[o : o+hh]
		bt.bench = append(bt.bench, Score(bf, actual, scale))
		all := append([]*Forecast{combineWeighted(ok, w, hh)}, mf...)
		for i, f := range all {
			bt.fcs[i] = append(bt.fcs[i], f)
			if f != nil {
				bt.scores[i] = append(bt.scores[i], Score(f, actual, scale))
			}
		}
	}
	return bt
}

// candidates returns the backtest of the combination and of each member
// (named by names); a candidate that failed at some origin has a NaN
// sMAPE, as it is not comparable.
func (bt *combBacktest) candidates(names []string) []Candidate {
	out := make([]Candidate, 0, len(bt.fcs))
	for i := range bt.fcs {
		c := Candidate{Method: "comb", Backtest: MeanAccuracy(bt.scores[i])}
		if i > 0 {
			c.Method = names[i-1]
		}
		if len(bt.scores[i]) < len(bt.used) {
			c.Backtest.SMAPE = math.NaN()
		}
		out = append(out, c)
	}
	return out
}

func benchName(b string) string {
	if b == "snaive" {
		return "seasonal naive"
	}
	return b
}

// backtestRatios returns, for the backtest forecasts fcs (one per origin,
// nil where the method failed) of y at origins os, each error in units of
// the interval's half-width on the error's side (|e|/w) at 80% and 95%,
// the 0-based step of each, and how many origins had a forecast.
func backtestRatios(fcs []*Forecast, y []float64, os []int) (r80, r95 []float64, step []int, norig int) {
	for j, f := range fcs {
		if f == nil {
			continue
		}
		norig++
		for i := range f.Mean {
			e := y[os[j]+i] - f.Mean[i]
			w80, w95 := f.Hi80[i]-f.Mean[i], f.Hi95[i]-f.Mean[i]
			if e < 0 {
				w80, w95 = f.Mean[i]-f.Lo80[i], f.Mean[i]-f.Lo95[i]
			}
			r80 = append(r80, ratio(math.Abs(e), w80))
			r95 = append(r95, ratio(math.Abs(e), w95))
			step = append(step, i)
		}
	}
	return r80, r95, step, norig
}

func ratio(e, w float64) float64 {
	switch {
	case e == 0:
		return 0
	case w > 0:
		return e / w
	}
	return math.Inf(1)
}

// widenFactor is the p-quantile of the ratios r (sorted in place) of a
// backtest with norig origins, shrunk toward 1 (autoShrink) and kept
// within [floor, cap]; an infinite or undefined quantile counts as cap.
func widenFactor(r []float64, p float64, norig int, floor, cap float64) float64 {
	slices.Sort(r)
	q := quantile7(r, p)
	if math.IsInf(q, 1) || math.IsNaN(q) {
		q = cap
	}
	w := float64(norig)
	k := (w*q + autoShrink) / (w + autoShrink)
	return math.Min(math.Max(k, floor), cap)
}

// stepFactors returns factors that grow with the forecast step, from the
// backtest forecasts fcs (one per origin, nil where the method failed) of
// y at origins os: each backtest ratio |error| / half-width at step j
// (0-based) is divided by g(j) = ((j+1)/s̄)^autoGrowth, s̄ the mean of j+1
// over the ratios; the 80% and 95% quantiles of those are shrunk toward 1
// and floored as by widenFactor (b80, b95, not capped, autoCap if
// infinite), and step i of the forecast gets b·g(i), kept within [1,
// autoCap]. The backtest's origins reach mostly its early steps (for h =
// 6: two ratios at step 6, six at step 1), so one factor for all steps is
// fitted to the early steps while the error of a yearly forecast in units
// of the model's width keeps growing with the step.
func stepFactors(fcs []*Forecast, y []float64, os []int, h int, floor float64) (b80, b95 float64, k80, k95 []float64) {
	r80, r95, steps, norig := backtestRatios(fcs, y, os)
	st := make([]float64, len(steps))
	for i, j := range steps {
		st[i] = float64(j + 1)
	}
	k80, k95 = make([]float64, h), make([]float64, h)
	if norig == 0 {
		for i := range h {
			k80[i], k95[i] = 1, 1
		}
		return 1, 1, k80, k95
	}
	var sbar float64
	for _, s := range st {
		sbar += s
	}
	sbar /= float64(len(st))
	g := func(s float64) float64 { return math.Pow(s/sbar, autoGrowth) }
	for i, s := range st {
		r80[i] /= g(s)
		r95[i] /= g(s)
	}
	b80, b95 = widenFactor(r80, 0.8, norig, floor, math.Inf(1)), widenFactor(r95, 0.95, norig, floor, math.Inf(1))
	if math.IsInf(b80, 1) {
		b80 = autoCap
	}
	if math.IsInf(b95, 1) {
		b95 = autoCap
	}
	for i := range h {
		k80[i] = math.Min(math.Max(b80*g(float64(i+1)), 1), autoCap)
		k95[i] = math.Min(math.Max(b95*g(float64(i+1)), 1), autoCap)
	}
	return b80, b95, k80, k95
}

// widen scales the intervals about the point forecast: each half-width is
// multiplied by k80 (80%) or k95 (95%).
func (f *Forecast) widen(k80, k95 float64) {
	f.widenSteps(constFactors(len(f.Mean), k80), constFactors(len(f.Mean), k95))
}

func constFactors(h int, k float64) []float64 {
	out := make([]float64, h)
	for i := range out {
		out[i] = k
	}
	return out
}

// widenSteps is widen with a factor per step.
func (f *Forecast) widenSteps(k80, k95 []float64) {
	for i, c := range f.Mean {
		f.Lo80[i] = c - k80[i]*(c-f.Lo80[i])
		f.Hi80[i] = c + k80[i]*(f.Hi80[i]-c)
		f.Lo95[i] = c - k95[i]*(c-f.Lo95[i])
		f.Hi95[i] = c + k95[i]*(f.Hi95[i]-c)
		f.Lo95[i] = math.Min(f.Lo95[i], f.Lo80[i])
		f.Hi95[i] = math.Max(f.Hi95[i], f.Hi80[i])
	}
}
