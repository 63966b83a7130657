package forecast

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrNegative means a method for demand (counts, or amounts that are zero
// or positive) was given a negative observation.
var ErrNegative = errors.New("forecast: negative observation in a demand series")

// Syntetos–Boylan cut-offs between demand classes (Syntetos, Boylan and
// Croston, "On the categorization of demand patterns", JORS 56, 2005): an
// average inter-demand interval of at least 1.32 periods, or a squared
// coefficient of variation of the non-zero sizes of at least 0.49.
const (
	CutADI = 1.32
	CutCV2 = 0.49
)

// DemandClass is a Syntetos–Boylan demand class.
type DemandClass int

const (
	Smooth       DemandClass = iota // ADI < 1.32, CV² < 0.49
	Erratic                         // ADI < 1.32, CV² >= 0.49
	Intermittent                    // ADI >= 1.32, CV² < 0.49
	Lumpy                           // ADI >= 1.32, CV² >= 0.49
)

func (c DemandClass) String() string {
	switch c {
	case Smooth:
		return "smooth"
	case Erratic:
		return "erratic"
	case Intermittent:
		return "intermittent"
	case Lumpy:
		return "lumpy"
	}
	return fmt.Sprintf("DemandClass(%d)", int(c))
}

// SmallCountMean is the largest mean of a series of whole numbers that
// ProfileDemand still calls small counts: below it a count's distribution is
// visibly skewed and bounded by zero, so normal intervals and unbounded
// point forecasts fit it badly.
const SmallCountMean = 10

// DemandProfile describes a series as demand: how often it is non-zero and
// how variable its non-zero values are.
type DemandProfile struct {
	N         int     // observations
	NonZero   int     // observations > 0
	ZeroShare float64 // share of observations equal to 0, 0..1
	// ADI is the average inter-demand interval, N / NonZero (R tsintermittent's
	// idclass, Kostenko–Hyndman); +Inf when every observation is zero.
	ADI float64
	// CV2 is the squared coefficient of variation of the non-zero values
	// (population variance over squared mean); 0 with fewer than two.
	CV2      float64
	Mean     float64
	Negative bool // some observation is below zero
	Counts   bool // every observation is a whole number
	Class    DemandClass
}

// ProfileDemand returns the demand profile of y. It panics if y is empty.
func ProfileDemand(y []float64) DemandProfile {
	if len(y) == 0 {
		panic("forecast: ProfileDemand of an empty series")
	}
	p := DemandProfile{N: len(y), Counts: true}
	var sum, sumNZ, ssNZ float64
	for _, v := range y {
		sum += v
		switch {
		case v < 0:
			p.Negative = true
		case v > 0:
			p.NonZero++
			sumNZ += v
			ssNZ += v * v
		}
		if v != math.Trunc(v) {
			p.Counts = false
		}
	}
	p.Mean = sum / float64(p.N)
	p.ZeroShare = float64(p.N-p.NonZero) / float64(p.N)
	p.ADI = math.Inf(1)
	if p.NonZero > 0 {
		p.ADI = float64(p.N) / float64(p.NonZero)
	}
	if p.NonZero > 1 {
		mu := sumNZ / float64(p.NonZero)
		p.CV2 = math.Max(ssNZ/float64(p.NonZero)-mu*mu, 0) / (mu * mu)
	}
	switch {
	case p.ADI < CutADI && p.CV2 < CutCV2:
		p.Class = Smooth
	case p.ADI < CutADI:
		p.Class = Erratic
	case p.CV2 < CutCV2:
		p.Class = Intermittent
	default:
		p.Class = Lumpy
	}
	return p
}

// Sparse reports whether Auto treats the series as intermittent demand or
// small counts: no negative value, at least one non-zero value, and either
// ADI >= CutADI (the Syntetos–Boylan intermittent and lumpy classes: about
// a quarter of the periods or more without demand) or whole numbers with a
// mean of at most SmallCountMean.
func (p DemandProfile) Sparse() bool {
	if p.Negative || p.NonZero == 0 {
		return false
	}
	return p.ADI >= CutADI || (p.Counts && p.Mean <= SmallCountMean)
}

// IntermittentSettings are the smoothing constants of Croston, SBA and TSB.
// The zero value (or nil) means Alpha = 0.1 (R's croston default) and
// Beta = 0.1.
type IntermittentSettings struct {
	// Alpha smooths the non-zero demand sizes, and for Croston and SBA the
	// intervals between them; in (0, 1].
	Alpha float64
	// Beta smooths TSB's probability of demand in a period; in (0, 1].
	Beta float64
}

func (s *IntermittentSettings) values() (alpha, beta float64) {
	alpha, beta = 0.1, 0.1
	if s != nil && s.Alpha != 0 {
		alpha = s.Alpha
	}
	if s != nil && s.Beta != 0 {
		beta = s.Beta
	}
	if !(alpha > 0 && alpha <= 1) || !(beta > 0 && beta <= 1) {
		panic(fmt.Sprintf("forecast: intermittent smoothing constants alpha = %v, beta = %v outside (0, 1]", alpha, beta))
	}
	return alpha, beta
}

// Croston forecasts demand by Croston's method as R's croston (forecast
// 8.20): the non-zero sizes and the intervals between them (counted from
// the start of the series to the first demand, then from one demand to
// the next) are each smoothed by simple exponential smoothing with
// constant Alpha, started at their first value, and every step's forecast
// is size / interval. Zeros after the last demand do not change it; a
// series without demand forecasts 0. Intervals: see demandIntervals. It
// needs two non-negative observations; errors wrap ErrTooShort, ErrNaN or
// ErrNegative. s may be nil.
func Croston(y []float64, h int, s *IntermittentSettings) (*Forecast, error) {
	return runDemand("croston", y, h, s)
}

// SBA forecasts demand by the Syntetos–Boylan approximation: Croston's
// forecast times 1 − Alpha/2, which removes most of Croston's upward bias
// (Syntetos and Boylan, IJF 21, 2005). Otherwise as Croston.
func SBA(y []float64, h int, s *IntermittentSettings) (*Forecast, error) {
	return runDemand("sba", y, h, s)
}

// TSB forecasts demand by the method of Teunter, Syntetos and Babai (EJOR
// 214, 2011), which smooths the probability of demand in a period instead
// of the interval, so the forecast decays during a run of zeros (an item
// going obsolete). It starts at the first demand, with size z = that
// demand and probability p = 1 / its position (1-based); then, for every
// later period, p += Beta·(1 − p) and z += Alpha·(y − z) if y > 0, and
// p −= Beta·p if y = 0. Every step's forecast is p·z, 0 before any demand.
// Otherwise as Croston.
func TSB(y []float64, h int, s *IntermittentSettings) (*Forecast, error) {
	return runDemand("tsb", y, h, s)
}

func runDemand(method string, y []float64, h int, s *IntermittentSettings) (*Forecast, error) {
	checkHorizon(h)
	d, err := fitDemand(method, y, s)
	if err != nil {
		return nil, err
	}
	return d.forecast(h), nil
}

// demandModel is a fitted Croston, SBA or TSB; it has no estimated
// parameters, so at and refit rerun the recursion on the prefix.
type demandModel struct {
	method      string
	y           []float64
	alpha, beta float64
	level       float64 // the point forecast after all of y
	mse         float64 // in-sample one-step mean squared error; NaN if none
	counts      bool
}

func fitDemand(method string, y []float64, s *IntermittentSettings) (*demandModel, error) {
	alpha, beta := s.values()
	if err := checkSeries(y, 2); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	for i, v := range y {
		if v < 0 {
			return nil, fmt.Errorf("%s: %w: observation %d is %v", method, ErrNegative, i+1, v)
		}
	}
	d := &demandModel{method: method, y: y, alpha: alpha, beta: beta, counts: ProfileDemand(y).Counts}
	d.level, d.mse = demandRecursion(method, y, alpha, beta)
	return d, nil
}

// demandRecursion runs the method over y and returns its forecast after
// the last observation and the mean squared one-step error of its
// forecasts from each prefix that holds a demand (R croston's fitted
// values), NaN if there is none.
func demandRecursion(method string, y []float64, alpha, beta float64) (level, mse float64) {
	var z, p float64 // size and interval (Croston, SBA) or probability (TSB)
	started := false
	last := -1 // index of the last demand
	var sse float64
	nerr := 0
	fc := func() float64 {
		switch {
		case !started:
			return 0
		case method == "tsb":
			return p * z
		case method == "sba":
			return (1 - alpha/2) * z / p
		}
		return z / p
	}
	for t, v := range y {
		if started {
			e := v - fc()
			sse += e * e
			nerr++
		}
		switch {
		case v > 0 && !started:
			started = true
			z = v
			p = float64(t + 1)
			if method == "tsb" {
				p = 1 / p
			}
		case v > 0 && method == "tsb":
			p += beta * (1 - p)
			z += alpha * (v - z)
		case v > 0:
			z += alpha * (v - z)
			p += alpha * (float64(t-last) - p)
		case method == "tsb" && started:
			p -= beta * p
		}
		if v > 0 {
			last = t
		}
	}
	mse = math.NaN()
	if nerr > 0 {
		mse = sse / float64(nerr)
	}
	return fc(), mse
}

func (d *demandModel) forecast(h int) *Forecast {
	f := newForecast(d.method, h)
	for i := range h {
		f.Mean[i] = d.level
	}
	demandIntervals(f, d.mse, d.counts)
	f.Params = []Param{{Name: "alpha", Value: d.alpha}}
	if d.method == "tsb" {
		f.Params = append(f.Params, Param{Name: "beta", Value: d.beta})
	}
	return f
}

func (d *demandModel) at(o, h int) (*Forecast, error) {
	e, err := fitDemand(d.method, d.y[:o], &IntermittentSettings{Alpha: d.alpha, Beta: d.beta})
	if err != nil {
		return nil, err
	}
	return e.forecast(h), nil
}

func (d *demandModel) refit(o, h int) (*Forecast, error) { return d.at(o, h) }

var _ model = (*demandModel)(nil)

// demandIntervals sets the 80% and 95% intervals of every step of f about
// its point forecast μ (which must be >= 0) from a predictive variance v
// (NaN: unknown, taken as μ):
//
//   - counts (whole-number series): the quantiles 2.5%, 10%, 90% and 97.5%
//     of a negative binomial with mean μ and variance v, or of a Poisson
//     with mean μ when v <= μ;
//   - other series: μ ± z·√v, the lower bounds cut at zero.
//
// The bounds are then put in order about μ (lo95 <= lo80 <= μ <= hi80 <=
// hi95): a count's 90% quantile can be 0 below a mean of 0.1, and then
// hi80 is μ.
func demandIntervals(f *Forecast, v float64, counts bool) {
	for i, mu := range f.Mean {
		vi := v
		if math.IsNaN(vi) {
			vi = mu
		}
		var q [4]float64 // 2.5%, 10%, 90%, 97.5%
		if counts {
			q = countQuantiles(mu, vi)
		} else {
			sd := math.Sqrt(math.Max(vi, 0))
			q = [4]float64{mu - z95*sd, mu - z80*sd, mu + z80*sd, mu + z95*sd}
		}
		f.Lo80[i] = math.Min(math.Max(q[1], 0), mu)
		f.Lo95[i] = math.Min(math.Max(q[0], 0), f.Lo80[i])
		f.Hi80[i] = math.Max(q[2], mu)
		f.Hi95[i] = math.Max(q[3], f.Hi80[i])
	}
}

// countQuantiles returns the 2.5%, 10%, 90% and 97.5% quantiles of a
// negative binomial with mean mu and variance v > mu, or of a Poisson with
// mean mu if v <= mu: for each p the smallest k with P(X <= k) >= p. Where
// P(X = 0) underflows (mu in the hundreds and beyond) it rounds the normal
// quantiles instead.
func countQuantiles(mu, v float64) [4]float64 {
	ps := [4]float64{0.025, 0.1, 0.9, 0.975}
	zs := [4]float64{-z95, -z80, z80, z95}
	var q [4]float64
	if !(mu > 0) {
		return q
	}
	p0 := math.Exp(-mu)
	ratio := func(k float64) float64 { return mu / (k + 1) } // P(k+1)/P(k)
	if v > mu*(1+1e-9) {
		r := mu * mu / (v - mu)
		pr := r / (r + mu)
		p0 = math.Exp(r * math.Log(pr))
		ratio = func(k float64) float64 { return (k + r) / (k + 1) * (1 - pr) }
	}
	if p0 < 1e-300 {
		sd := math.Sqrt(math.Max(v, mu))
		for j, z := range zs {
			q[j] = math.Max(math.Round(mu+z*sd), 0)
		}
		return q
	}
	pk, cdf, k := p0, p0, 0.0
	limit := mu + 60*math.Sqrt(math.Max(v, mu)) + 60
	for j, p := range ps {
		for cdf < p && k < limit {
			pk *= ratio(k)
			k++
			cdf += pk
		}
		q[j] = k
	}
	return q
}

// autoDemand is the part of Auto for demand series (DemandProfile.Sparse):
// it returns ok = false, doing nothing, for any other y. Otherwise the
// candidates are Croston, SBA, TSB (IntermittentSettings' defaults) and
// the combination Auto publishes for other series ("auto"), and the one
// with the smallest mean squared error over a rolling-origin backtest
// inside y is published:
//
//   - the origins are those of Auto (Options.Origins, default 3, every
//     ⌈h/3⌉ observations back from the end, none below max(n/2, 2m, 8));
//     each candidate is refitted on the observations before each origin
//     (Auto itself runs its own backtest there) and scored on up to h
//     observations after it; the squared errors of every origin and step
//     are pooled. A candidate that fails at an origin is out; ties go to
//     the earlier candidate in the order above;
//   - the combination's point forecasts and bounds are cut at zero, in the
//     backtest as in the result;
//   - Croston, SBA and TSB get the intervals of demandIntervals with v the
//     chosen method's pooled backtest mean squared error (for a series of
//     whole numbers, a negative binomial around the point forecast with
//     the variance of the backtest errors); the combination keeps Auto's
//     calibrated intervals, cut at zero;
//   - with no room for an origin, SBA is published with its in-sample
//     one-step error as v, and Selection.Warning says so.
//
// The result's Selection lists every candidate's backtest and the
// benchmark (seasonal naive, naive if m is 1), as Auto's does.
func autoDemand(y []float64, m, h int, opt *Options) (f *Forecast, ok bool, err error) {
	if err := checkSeries(y, 2); err != nil {
		return nil, false, nil // Auto reports it
	}
	prof := ProfileDemand(y)
	if !prof.Sparse() {
		return nil, false, nil
	}
	checkHorizon(h)
	checkPeriod(m)
	n := len(y)
	names := []string{"croston", "sba", "tsb", "auto"}
	mods := make([]*demandModel, 3)
	for i, name := range names[:3] {
		if mods[i], err = fitDemand(name, y, nil); err != nil {
			return nil, true, fmt.Errorf("auto: %w", err)
		}
	}
	oopt := Options{Origins: 3}
	if opt != nil {
		oopt = *opt
		if oopt.Origins == 0 {
			oopt.Origins = 3
		}
	}
	os := origins(n, m, h, &oopt)
	bench := "snaive"
	if m == 1 || n <= m {
		bench = "naive"
	}
	bm, berr := fitModel(bench, y, m, opt)
	scale := Scale(y, m)

	sse := make([]float64, len(names))
	nerr := make([]int, len(names))
	fails := make([]bool, len(names))
	scores := make([][]Accuracy, len(names))
	var benchScores []Accuracy
	var used []int
	for _, o := range os {
		hh := min(h, n-o)
		actual := y[o : o+hh]
		fcs := make([]*Forecast, len(names))
		for i, md := range mods {
			fcs[i], _ = md.at(o, hh)
		}
		if a, err := autoWith(defaultAuto, y[:o], m, hh, opt); err == nil && a.finite() {
			a.cutAtZero()
			fcs[3] = a
		}
		used = append(used, o)
		if berr == nil {
			if bf, err := bm.at(o, hh); err == nil {
				benchScores = append(benchScores, Score(bf, actual, scale))
			}
		}
		for i, fc := range fcs {
			if fc == nil {
				fails[i] = true
				continue
			}
			scores[i] = append(scores[i], Score(fc, actual, scale))
			for j, v := range actual {
				e := v - fc.Mean[j]
				sse[i] += e * e
				nerr[i]++
			}
		}
	}

	sel := &Selection{Origins: used, Widen80: 1, Widen95: 1, Benchmark: MeanAccuracy(benchScores)}
	pick := -1
	for i, name := range names {
		c := Candidate{Method: name, Backtest: MeanAccuracy(scores[i])}
		if fails[i] {
			c.Backtest.SMAPE = math.NaN()
		} else if nerr[i] > 0 && (pick < 0 || sse[i]/float64(nerr[i]) < sse[pick]/float64(nerr[pick])) {
			pick = i
		}
		sel.Candidates = append(sel.Candidates, c)
	}
	desc := fmt.Sprintf("%s demand (ADI %.2f, CV² %.2f, %.0f%% zeros)", prof.Class, prof.ADI, prof.CV2, 100*prof.ZeroShare)
	if prof.ADI < CutADI {
		desc = fmt.Sprintf("small counts (mean %.2g, %.0f%% zeros)", prof.Mean, 100*prof.ZeroShare)
	}
	switch {
	case len(used) == 0 || pick < 0:
		pick = 1
		f = mods[pick].forecast(h)
		sel.Rule = fmt.Sprintf("SBA for %s, not backtested", desc)
		sel.Warning = fmt.Sprintf("no backtest: %d observations leave no room for an origin", n)
		if len(used) > 0 {
			sel.Warning = "no candidate could be forecast at every backtest origin"
		}
	case names[pick] == "auto":
		if f, err = autoWith(defaultAuto, y, m, h, opt); err != nil {
			return nil, true, err
		}
		f.cutAtZero()
		sel.Widen80, sel.Widen95 = f.Selection.Widen80, f.Selection.Widen95
		sel.Widen80Steps, sel.Widen95Steps = f.Selection.Widen80Steps, f.Selection.Widen95Steps
	default:
		f = mods[pick].forecast(h)
		demandIntervals(f, sse[pick]/float64(nerr[pick]), prof.Counts)
	}
	if sel.Rule == "" {
		sel.Rule = fmt.Sprintf("smallest mean squared error in a %d-origin backtest among %s, for %s",
			len(used), strings.Join(names, ", "), desc)
		sel.Backtest = sel.Candidates[pick].Backtest
		if sel.Backtest.MASE > sel.Benchmark.MASE {
			sel.Warning = fmt.Sprintf("did worse than %s in backtest: MASE %.3f vs %.3f", benchName(bench), sel.Backtest.MASE, sel.Benchmark.MASE)
		}
	}
	sel.Method = f.Method
	f.Selection = sel
	return f, true, nil
}

// cutAtZero raises every negative point forecast and bound to zero.
func (f *Forecast) cutAtZero() {
	for _, s := range [][]float64{f.Mean, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		for i, v := range s {
			s[i] = math.Max(v, 0)
		}
	}
}
