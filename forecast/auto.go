package forecast

import (
	"fmt"
	"math"
	"slices"
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
	// 95% intervals were widened (1: unchanged) to match the coverage of
	// its backtest errors. For yearly data (m = 1) they are the factors at
	// the backtest's mean step, and the factors of each step are in
	// Widen80Steps and Widen95Steps (nil otherwise: one factor for every
	// step).
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

// autoConfig holds the choices of Auto that the training-part study
// (study_test.go) compares.
type autoConfig struct {
	// choose: "comb" always publishes the combination; "best" the
	// candidate with the smallest backtest sMAPE; "guard" the combination
	// unless a candidate beat it in backtest by more than margin (relative
	// sMAPE).
	choose string
	margin float64
	// Interval calibration: the factors are the empirical coverage
	// quantiles of the backtest errors in units of the half-widths,
	// shrunk toward 1 with weight shrink (in origins), then floored.
	shrink float64
	floor  float64
	cap    float64
	// fineFloor, when positive, is the floor for m >= 12 instead of floor.
	fineFloor float64
	// refit refits the candidates at each backtest origin (ETS keeps its
	// model); origins overrides Options.Origins when positive.
	refit   bool
	origins int
	// rms: the factor is the root mean square of the backtest errors in
	// units of the interval's implied standard deviation (half-width/z),
	// the same for both levels, instead of the two coverage quantiles.
	rms bool
	// growth1 > 0: for m == 1 the factor grows with the forecast step i
	// (0-based) like ((i+1)/s̄)^growth1, s̄ the mean step+1 of the
	// backtest errors (stepFactors).
	growth1 float64
	// fine are the members of the combination for m >= 12 (monthly and
	// finer data); coarse those for m < 12. Nil means the comb method's
	// members (ets, theta, damped).
	fine, coarse []string
	// screen fits ETS with screening (ETSSettings.Screen) when m >= 12 and
	// the caller gave no ETS settings.
	screen bool
	// fineSeason decides whether Theta and the smoothing member
	// seasonally adjust when m >= 12; for m < 12 they use R's test on the
	// raw series (the zero seasonRule).
	fineSeason seasonRule
}

// season returns the seasonality rule of the members for season length m.
func (cfg autoConfig) season(m int) seasonRule {
	if m >= 12 {
		return cfg.fineSeason
	}
	return seasonRule{}
}

// members returns the combination's members for season length m.
func (cfg autoConfig) members(m int) []string {
	switch {
	case m >= 12 && cfg.fine != nil:
		return cfg.fine
	case m < 12 && cfg.coarse != nil:
		return cfg.coarse
	}
	return combMembers
}

var defaultAuto = autoConfig{choose: "comb", shrink: 2, floor: 1.1, fineFloor: 1.15, cap: 3, refit: true, origins: 3,
	fine: []string{"ets", "theta", "otm", "ses", "arima"}, coarse: []string{"ets", "theta", "damped"}, screen: true,
	fineSeason: seasonRule{test: testACF, ets: true}, growth1: 0.5}

// Auto forecasts y with an equal-weight combination and calibrates its
// intervals by a rolling-origin backtest inside y:
//
//   - The members depend on the season length: for m >= 12 (monthly
//     and finer data) ETS (AutoETS), Theta, the optimised Theta method
//     (otm: θ from 1 to 3 by in-sample MSE, see fitMember) and simple
//     exponential smoothing on the seasonally adjusted series (SES) and
//     AutoARIMA (seasonal ARIMA by a stepwise AICc search, CSS fits);
//     otherwise (quarterly, yearly and non-seasonal data) ETS, Theta and
//     the damped trend (Damped). The point forecast and each interval
//     bound are the members' means. Adding otm for m >= 12 was better in
//     sMAPE and MASE on both monthly validation windows (14.04 / 0.862
//     against 14.12 / 0.873; 14.11 / 0.904 against 14.19 / 0.906), and
//     adding ARIMA to those four was again better on both (14.02 / 0.861
//     against 14.04 / 0.862; 14.07 / 0.896 against 14.11 / 0.904).
//   - For m >= 12, Theta, otm and SES seasonally adjust when R's test
//     (IsSeasonal) says the series is seasonal or when ETS selected a
//     seasonal model. R's test alone misses trending seasonal series (a
//     strong trend inflates every autocorrelation), and the members then
//     forecast without a season beside a seasonal ETS. In the
//     monthly study this was better in sMAPE, MASE and MSIS on both
//     validation windows (the last h training observations: 14.12 /
//     0.873 against 14.13 / 0.875; the h before them: 14.19 / 0.906
//     against 14.47 / 0.933), with 95% coverage 0.002 lower. On
//     quarterly data no rule studied was better on both windows, so
//     m < 12 keeps R's test (the methods theta, ses, holt and damped
//     always do).
//   - For m >= 12, unless opt sets ETSSettings, ETS screens its seasonal
//     candidates (ETSSettings.Screen): in the monthly study the same
//     accuracy (ETS alone sMAPE 15.59 against 15.60 exhaustive) for about
//     a quarter less ETS time; on quarterly data it saved nothing.
//   - At three backtest origins (n − s, n − 2s, n − 3s with s = ⌈h/3⌉,
//     none below max(n/2, 2m, 8); Options.Origins and Step change them)
//     Theta and the other members are refitted, ETS within its chosen
//     model form and ARIMA within its chosen orders; the combination, each member and seasonal
//     naive are scored on the observations after each origin (at most h).
//   - Each interval is widened about the point forecast by the factor
//     that would have put the backtest errors inside it at the nominal
//     rate (the 80% or 95% quantile of |error| / half-width), shrunk
//     toward 1 with a weight of two origins and kept within [1.1, 3]
//     ([1.15, 3] for m >= 12: with otm the floor 1.1 left the monthly
//     95% coverage at 0.932 on both validation windows; 1.15 restored
//     0.939 and 0.936 with a smaller MSIS).
//     For yearly data (m = 1) the factor grows with the step like
//     √(step/s̄), s̄ the backtest errors' mean step (stepFactors): on
//     both yearly validation windows 95% coverage rose (0.831 → 0.870,
//     0.824 → 0.845) and MSIS fell (38.2 → 36.2, 36.2 → 32.9); on
//     quarterly data MSIS rose at lag 0 (7.65 → 8.10), so m > 1 keeps
//     one factor.
//   - If the combination did worse than seasonal naive (naive when m is 1)
//     in backtest, by MASE, the forecast is still the combination and
//     Selection.Warning says so.
//
// These choices come from studies on the M3 training parts only
// (study_test.go and study_pool_test.go; forecast/README.md has the
// figures), each holding out h training observations: the combination
// beat per-series choice by backtest and skill-weighted means on monthly
// and quarterly data; on monthly data, SES in place of the damped trend
// was better in sMAPE and MASE on both validation windows studied (the
// last h training observations: 14.13 / 0.875 against 14.27 / 0.883; the
// h before them: 14.47 / 0.933 against 14.99 / 0.962), while on quarterly
// and yearly data it was worse on both (quarterly 8.98 / 1.155 against
// 8.84 / 1.101). The floor of 1.1 brought the monthly 95% coverage from
// 0.930 to 0.943 with the smallest MSIS of the variants tried. Backtests
// with the parameters fixed (not refitted) were too optimistic to
// calibrate with: coverage 0.924.
//
// The result's Selection holds the method, the rule (naming the members),
// the backtest figures of every candidate and of the benchmark, and the
// widening factors. Auto needs what ETS, Theta or the third member needs;
// a series too short for a backtest origin gets the combination with its
// model intervals and a warning.
func Auto(y []float64, m, h int, opt *Options) (*Forecast, error) {
	return autoWith(defaultAuto, y, m, h, opt)
}

func autoWith(cfg autoConfig, y []float64, m, h int, opt *Options) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("auto: %w", err)
	}
	if cfg.screen && m >= 12 && opt.ets() == nil {
		o := Options{}
		if opt != nil {
			o = *opt
		}
		o.ETS = &ETSSettings{Screen: true}
		opt = &o
	}
	members := cfg.members(m)
	comb, err := fitCombOf(members, y, m, opt, cfg.season(m))
	if err != nil {
		return nil, fmt.Errorf("auto: %w", err)
	}
	cm := model(comb)
	n := len(y)
	bench := "snaive"
	if m == 1 || n <= m {
		bench = "naive"
	}
	bm, berr := fitModel(bench, y, m, opt)

	// Candidates: the combination first, then its members.
	names := []string{"comb"}
	names = append(names, comb.names...)
	oopt := opt
	if cfg.origins > 0 && (opt == nil || opt.Origins == 0) {
		o := Options{}
		if opt != nil {
			o = *opt
		}
		o.Origins = cfg.origins
		oopt = &o
	}
	os := origins(n, m, h, oopt)
	scale := Scale(y, m)
	type run struct {
		scores []Accuracy
		fcs    []*Forecast // per origin; nil where it failed
	}
	runs := make([]run, len(names))
	var benchScores []Accuracy
	var used []int
	for _, o := range os {
		hh := min(h, n-o)
		var bf *Forecast
		if berr == nil {
			bf, _ = bm.at(o, hh)
		}
		mf := make([]*Forecast, len(comb.members))
		var ok []*Forecast
		for i, md := range comb.members {
			at := md.at
			if cfg.refit {
				at = md.refit
			}
			if f, err := at(o, hh); err == nil && f.finite() {
				mf[i] = f
				ok = append(ok, f)
			}
		}
		if len(ok) == 0 || bf == nil {
			continue
		}
		used = append(used, o)
		actual := y[o : o+hh]
		benchScores = append(benchScores, Score(bf, actual, scale))
		cf := combine(ok, hh)
		all := append([]*Forecast{cf}, mf...)
		for i, f := range all {
			runs[i].fcs = append(runs[i].fcs, f)
			if f != nil {
				runs[i].scores = append(runs[i].scores, Score(f, actual, scale))
			}
		}
	}
	sel := &Selection{Origins: used, Widen80: 1, Widen95: 1}
	for i, name := range names {
		c := Candidate{Method: name, Backtest: MeanAccuracy(runs[i].scores)}
		if len(runs[i].scores) < len(used) {
			c.Backtest.SMAPE = math.NaN() // failed at some origin: not comparable
		}
		sel.Candidates = append(sel.Candidates, c)
	}
	sel.Benchmark = MeanAccuracy(benchScores)

	pick := 0
	switch {
	case len(used) == 0:
		sel.Rule = fmt.Sprintf("mean of %s (the members for m = %d), not backtested", strings.Join(comb.names, ", "), m)
		sel.Warning = fmt.Sprintf("no backtest: %d observations leave no room for an origin", n)
	case cfg.choose == "best" || cfg.choose == "guard":
		best := 0
		for i, c := range sel.Candidates {
			if c.Backtest.SMAPE < sel.Candidates[best].Backtest.SMAPE {
				best = i
			}
		}
		if cfg.choose == "best" || sel.Candidates[best].Backtest.SMAPE < (1-cfg.margin)*sel.Candidates[0].Backtest.SMAPE {
			pick = best
		}
		sel.Rule = fmt.Sprintf("smallest sMAPE in a %d-origin backtest", len(used))
	default:
		sel.Rule = fmt.Sprintf("mean of %s (the members for m = %d), intervals calibrated by a %d-origin refit backtest", strings.Join(comb.names, ", "), m, len(used))
	}

	var f *Forecast
	if pick == 0 {
		f = cm.forecast(h)
	} else {
		f = comb.members[pick-1].forecast(h)
	}
	if len(used) > 0 {
		sel.Backtest = sel.Candidates[pick].Backtest
		if m == 1 && cfg.growth1 > 0 {
			sel.Widen80, sel.Widen95, sel.Widen80Steps, sel.Widen95Steps = cfg.stepFactors(runs[pick].fcs, y, used, h)
			f.widenSteps(sel.Widen80Steps, sel.Widen95Steps)
		} else {
			c := cfg
			if m >= 12 && cfg.fineFloor > 0 {
				c.floor = cfg.fineFloor
			}
			sel.Widen80, sel.Widen95 = c.widen(runs[pick].fcs, y, used)
			f.widen(sel.Widen80, sel.Widen95)
		}
		if sel.Backtest.MASE > sel.Benchmark.MASE {
			sel.Warning = fmt.Sprintf("did worse than %s in backtest: MASE %.3f vs %.3f", benchName(bench), sel.Backtest.MASE, sel.Benchmark.MASE)
		}
	}
	sel.Method = f.Method
	f.Selection = sel
	return f, nil
}

func benchName(b string) string {
	if b == "snaive" {
		return "seasonal naive"
	}
	return b
}

// widen returns the interval factors from the backtest forecasts fcs (one
// per origin, nil where the method failed) of y.
func (cfg autoConfig) widen(fcs []*Forecast, y []float64, os []int) (k80, k95 float64) {
	r80, r95, _, norig := backtestRatios(fcs, y, os)
	if norig == 0 {
		return 1, 1
	}
	if cfg.rms {
		var ss float64
		for _, r := range r95 {
			ss += r * z95 * r * z95
		}
		q := math.Sqrt(ss / float64(len(r95)))
		if math.IsInf(q, 0) || math.IsNaN(q) {
			q = cfg.cap
		}
		w := float64(norig)
		k := math.Min(math.Max((w*q+cfg.shrink)/(w+cfg.shrink), cfg.floor), cfg.cap)
		return k, k
	}
	return cfg.factor(r80, 0.8, norig), cfg.factor(r95, 0.95, norig)
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

// factor is the p-quantile of the ratios, shrunk toward 1 and clamped.
func (cfg autoConfig) factor(r []float64, p float64, norig int) float64 {
	slices.Sort(r)
	q := quantile7(r, p)
	if math.IsInf(q, 1) || math.IsNaN(q) {
		q = cfg.cap
	}
	w := float64(norig)
	k := (w*q + cfg.shrink) / (w + cfg.shrink)
	return math.Min(math.Max(k, cfg.floor), cfg.cap)
}

// stepFactors returns factors that grow with the forecast step, from the
// backtest forecasts fcs (one per origin, nil where the method failed) of
// y at origins os: each backtest ratio |error| / half-width at step j
// (0-based) is divided by g(j) = ((j+1)/s̄)^growth1, s̄ the mean of j+1
// over the ratios; the 80% and 95% quantiles of those are shrunk toward 1
// and floored as by factor (b80, b95, uncapped), and step i of the
// forecast gets b·g(i), kept within [1, cap]. The backtest's origins
// reach mostly its early steps (for h = 6: two ratios at step 6, six at
// step 1), so one factor for all steps is fitted to the early steps while
// the error of a yearly forecast in units of the model's width keeps
// growing with the step; growth1 = 0.5 is a random walk's √h.
func (cfg autoConfig) stepFactors(fcs []*Forecast, y []float64, os []int, h int) (b80, b95 float64, k80, k95 []float64) {
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
	g := func(s float64) float64 { return math.Pow(s/sbar, cfg.growth1) }
	for i, s := range st {
		r80[i] /= g(s)
		r95[i] /= g(s)
	}
	c := cfg
	c.cap = math.Inf(1)
	b80, b95 = c.factor(r80, 0.8, norig), c.factor(r95, 0.95, norig)
	if math.IsInf(b80, 1) {
		b80 = cfg.cap
	}
	if math.IsInf(b95, 1) {
		b95 = cfg.cap
	}
	for i := range h {
		k80[i] = math.Min(math.Max(b80*g(float64(i+1)), 1), cfg.cap)
		k95[i] = math.Min(math.Max(b95*g(float64(i+1)), 1), cfg.cap)
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
