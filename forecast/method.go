package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Methods returns the names Run accepts, simplest first:
//
//	naive     Naive
//	snaive    SeasonalNaive
//	drift     Drift
//	mean      Mean
//	lintrend  LinearTrend (trend and seasonal dummies by OLS)
//	ses       SES (on the seasonally adjusted series)
//	holt      Holt (idem)
//	damped    Damped (idem)
//	ets       AutoETS, the model with the smallest AICc
//	theta     Theta (R's thetaf)
//	comb      the mean of ets, theta and damped, bounds averaged
//	croston   Croston (intermittent demand: mostly zeros)
//	sba       SBA, the Syntetos–Boylan approximation (idem)
//	tsb       TSB, Teunter–Syntetos–Babai (idem, and demand that dies out)
//	auto      Auto: the mean of ets, theta, otm, ses and arima (m >= 12) or of
//	          ets, theta and damped (m < 12), intervals calibrated by
//	          rolling-origin backtest; for mostly zeros or small counts,
//	          the best of Croston, SBA, TSB and that mean by backtest
func Methods() []string {
	return []string{"naive", "snaive", "drift", "mean", "lintrend", "ses", "holt", "damped", "ets", "theta", "comb", "croston", "sba", "tsb", "auto"}
}

// ErrUnknownMethod means Run was given a name not in Methods.
var ErrUnknownMethod = errors.New("forecast: unknown method")

// Options are the settings of Run, Auto and Backtest. A nil *Options means
// the defaults, as does a zero field.
type Options struct {
	// ETS tunes the ETS fits of the ets, comb and auto methods.
	ETS *ETSSettings
	// Origins is the number of rolling backtest origins; zero means 6.
	Origins int
	// Step is the distance between backtest origins; zero means
	// ⌈h/3⌉.
	Step int
	// Refit makes Backtest refit the method at every origin. By default
	// the parameters fitted on the whole series are kept and only the
	// recursions are re-run up to each origin, which is much cheaper but
	// optimistic: the parameters have seen the backtest periods.
	Refit bool
}

func (o *Options) ets() *ETSSettings {
	if o == nil {
		return nil
	}
	return o.ETS
}

// Run forecasts h steps of y (oldest first, season length m) with the
// named method (see Methods). Errors wrap ErrUnknownMethod or the data
// errors of the method.
func Run(method string, y []float64, m, h int, opt *Options) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	if method == "auto" {
		return Auto(y, m, h, opt)
	}
	md, err := fitModel(method, y, m, opt)
	if err != nil {
		return nil, err
	}
	return md.forecast(h), nil
}

// model is a fitted method that can also forecast from an earlier origin
// with its parameters fixed.
type model interface {
	forecast(h int) *Forecast
	// at forecasts h steps from the first o observations of the series,
	// re-running the method's recursions with the parameters fitted on the
	// whole series (methods without parameters to keep are refitted).
	at(o, h int) (*Forecast, error)
	// refit forecasts h steps from the first o observations, refitting
	// the method's parameters there (ETS keeps its model, not its
	// parameters).
	refit(o, h int) (*Forecast, error)
}

func fitModel(method string, y []float64, m int, opt *Options) (model, error) {
	return fitModelBy(method, y, m, opt, seasonRule{})
}

// fitModelBy is fitModel with the seasonal adjustment of ses, holt,
// damped and theta decided by rule (the zero rule is R's).
func fitModelBy(method string, y []float64, m int, opt *Options, rule seasonRule) (model, error) {
	switch method {
	case "naive":
		return simple(y, m, func(y []float64, _, h int) (*Forecast, error) { return Naive(y, h) })
	case "snaive":
		return simple(y, m, SeasonalNaive)
	case "drift":
		return simple(y, m, func(y []float64, _, h int) (*Forecast, error) { return Drift(y, h) })
	case "mean":
		return simple(y, m, func(y []float64, _, h int) (*Forecast, error) { return Mean(y, h) })
	case "lintrend":
		return simple(y, m, LinearTrend)
	case "ses":
		return fitSmoothingBy("ses", specANN, y, m, rule)
	case "holt":
		return fitSmoothingBy("holt", specAAN, y, m, rule)
	case "damped":
		return fitSmoothingBy("damped", specAAdN, y, m, rule)
	case "theta":
		return fitThetaBy(y, m, rule)
	case "ets":
		e, err := AutoETS(y, m, opt.ets())
		if err != nil {
			return nil, err
		}
		return &etsModel{y: y, m: m, e: e, s: opt.ets()}, nil
	case "comb":
		return fitComb(y, m, opt)
	case "croston", "sba", "tsb":
		return fitDemand(method, y, nil)
	}
	return nil, fmt.Errorf("%w %q (want one of %s)", ErrUnknownMethod, method, strings.Join(Methods(), ", "))
}

// simpleModel is a method without estimated smoothing parameters; at
// refits it on the prefix.
type simpleModel struct {
	y   []float64
	m   int
	run func(y []float64, m, h int) (*Forecast, error)
}

func simple(y []float64, m int, run func(y []float64, m, h int) (*Forecast, error)) (model, error) {
	if _, err := run(y, m, 1); err != nil {
		return nil, err
	}
	return &simpleModel{y: y, m: m, run: run}, nil
}

func (s *simpleModel) forecast(h int) *Forecast {
	f, err := s.run(s.y, s.m, h)
	if err != nil {
		panic("forecast: simple method failed after a successful fit: " + err.Error())
	}
	return f
}

func (s *simpleModel) at(o, h int) (*Forecast, error) { return s.run(s.y[:o], s.m, h) }

func (s *simpleModel) refit(o, h int) (*Forecast, error) { return s.run(s.y[:o], s.m, h) }

// etsModel is a fitted ETS model.
type etsModel struct {
	y []float64
	m int
	e *ETS
	s *ETSSettings
}

// refit refits the model's form on the first o observations. A seasonal
// form starts from the parameters and initial states fitted on the whole
// series, with the screening budget of evaluations (ETSSettings.ScreenEval,
// 800 by default) instead of R's 2,000 from R's starting values: a refit
// serves only the backtest that calibrates the intervals and starts close
// to its optimum (on M3 monthly Auto's 80% coverage moved by 0.001, its
// points not at all). If that fails, the full fit from R's start.
func (s *etsModel) refit(o, h int) (*Forecast, error) {
	y := s.y[:o]
	spec := s.e.Spec
	if spec.Season != None && len(s.e.Init.Season) == s.m && checkSeries(y, 1) == nil && !isConstant(y) &&
		!(spec.multiplicative() && !positive(y)) {
		f := newFitter(y, s.m, s.s)
		evals, _, _ := s.s.screen()
		if e, err := f.fitStart(spec, evals, nil, nil, s.e); err == nil {
			return e.Forecast(h), nil
		}
	}
	e, err := FitETS(y, s.m, spec, s.s)
	if err != nil {
		return nil, err
	}
	return e.Forecast(h), nil
}

func (s *etsModel) forecast(h int) *Forecast { return s.e.Forecast(h) }

func (s *etsModel) at(o, h int) (*Forecast, error) {
	e, err := NewETS(s.y[:o], s.e.M, s.e.Spec, s.e.Params, s.e.Init)
	if err != nil {
		return nil, err
	}
	return e.Forecast(h), nil
}

// combModel averages the forecasts of its members: the means, and each
// interval bound. Averaging bounds is a heuristic (the members' errors are
// strongly correlated, so it is close to the interval of the combination);
// Auto calibrates the result by backtest.
type combModel struct {
	members []model
	names   []string
	// weights are the members' relative weights (nil: equal), renormalised
	// over the members that forecast.
	weights []float64
}

// weigh sets the members' relative weights from w, the weights of the
// names listed in all (nil: equal weights).
func (c *combModel) weigh(all []string, w []float64) {
	c.weights = nil
	if w == nil {
		return
	}
	for _, name := range c.names {
		c.weights = append(c.weights, w[slices.Index(all, name)])
	}
}

// combMembers are the members of the comb method.
var combMembers = []string{"ets", "theta", "damped"}

// fitComb fits ETS, Theta and the damped trend (the comb method).
func fitComb(y []float64, m int, opt *Options) (model, error) {
	return fitCombOf(combMembers, y, m, opt, seasonRule{})
}

// fitCombOf fits the named methods for a combination, the seasonal
// adjustment of its smoothing members and Theta decided by rule (which
// learns what ETS selected when ets comes before them). A member that
// cannot be fitted is left out; the error wraps the members' errors when
// none can.
func fitCombOf(members []string, y []float64, m int, opt *Options, rule seasonRule) (*combModel, error) {
	c := &combModel{}
	var errs []error
	share := &adjustCache{}
	for _, name := range members {
		md, err := fitMemberShared(name, y, m, opt, rule, share)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// What ETS selected (not etsd, an ETS model too).
		switch e := md.(type) {
		case *etsModel:
			if name == "ets" {
				rule.etsSeasonal = e.e.Spec.Season != None
			}
		case *etsAvgModel:
			rule.etsSeasonal = e.best.Spec.Season != None
		}
		c.members = append(c.members, md)
		c.names = append(c.names, name)
	}
	if len(c.members) == 0 {
		return nil, fmt.Errorf("comb: %w", errors.Join(errs...))
	}
	return c, nil
}

func (c *combModel) forecast(h int) *Forecast {
	fs := make([]*Forecast, len(c.members))
	for i, md := range c.members {
		fs[i] = md.forecast(h)
	}
	return combineWeighted(fs, c.weights, h)
}

func (c *combModel) at(o, h int) (*Forecast, error) { return c.from(o, h, false) }

func (c *combModel) refit(o, h int) (*Forecast, error) { return c.from(o, h, true) }

func (c *combModel) from(o, h int, refit bool) (*Forecast, error) {
	fs := make([]*Forecast, 0, len(c.members))
	var w []float64
	for i, md := range c.members {
		var f *Forecast
		var err error
		if refit {
			f, err = md.refit(o, h)
		} else {
			f, err = md.at(o, h)
		}
		if err != nil {
			continue
		}
		fs = append(fs, f)
		if c.weights != nil {
			w = append(w, c.weights[i])
		}
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("comb: %w: no member forecasts from origin %d", ErrNoModel, o)
	}
	return combineWeighted(fs, w, h), nil
}

// combineWeighted returns the mean of the forecasts weighted by w (one
// relative weight each; nil: combine's equal weights), bound by bound.
func combineWeighted(fs []*Forecast, w []float64, h int) *Forecast {
	if w == nil {
		return combine(fs, h)
	}
	var tot float64
	for _, v := range w {
		tot += v
	}
	f := newForecast("comb", h)
	var names []string
	for j, g := range fs {
		wj := w[j] / tot
		for i := range h {
			f.Mean[i] += wj * g.Mean[i]
			f.Lo80[i] += wj * g.Lo80[i]
			f.Hi80[i] += wj * g.Hi80[i]
			f.Lo95[i] += wj * g.Lo95[i]
			f.Hi95[i] += wj * g.Hi95[i]
		}
		names = append(names, g.Method)
		f.Params = append(f.Params, Param{Name: g.Method + " weight", Value: wj})
	}
	f.Method = "comb(" + strings.Join(names, ", ") + ")"
	return f
}

// combine returns the mean of the forecasts, bound by bound.
func combine(fs []*Forecast, h int) *Forecast {
	f := newForecast("comb", h)
	k := float64(len(fs))
	var names []string
	for _, g := range fs {
		for i := range h {
			f.Mean[i] += g.Mean[i] / k
			f.Lo80[i] += g.Lo80[i] / k
			f.Hi80[i] += g.Hi80[i] / k
			f.Lo95[i] += g.Lo95[i] / k
			f.Hi95[i] += g.Hi95[i] / k
		}
		names = append(names, g.Method)
		f.Params = append(f.Params, Param{Name: g.Method + " weight", Value: 1 / k})
	}
	f.Method = "comb(" + strings.Join(names, ", ") + ")"
	return f
}

// origins returns the backtest origins (the number of observations each
// forecast starts from), latest first: n − s, n − 2s, … for at most k
// origins, none below max(n/2, 2m, 8). The forecast from origin o is
// scored on the min(h, n − o) observations after it.
func origins(n, m, h int, opt *Options) []int {
	k, s := 6, (h+2)/3
	if opt != nil && opt.Origins > 0 {
		k = opt.Origins
	}
	if opt != nil && opt.Step > 0 {
		s = opt.Step
	}
	lo := max(n/2, 2*m, 8)
	var out []int
	for o := n - s; o >= lo && len(out) < k; o -= s {
		out = append(out, o)
	}
	return out
}

// BacktestResult is what a rolling-origin backtest found.
type BacktestResult struct {
	Method   string
	Origins  []int      // observations before each forecast origin, latest first
	Scores   []Accuracy // one per origin, on min(h, n − o) steps
	Accuracy Accuracy   // mean of Scores
	Refit    bool       // parameters refitted at each origin
}

// Backtest forecasts y from rolling origins inside it and scores each
// forecast on the observations that followed (see Options for the origins
// and for what is refitted). MASE and MSIS are scaled by the whole series'
// mean absolute lag-m difference. It returns an error wrapping ErrTooShort
// if the series has no room for an origin, and the method's error if it
// cannot be fitted.
func Backtest(method string, y []float64, m, h int, opt *Options) (*BacktestResult, error) {
	checkHorizon(h)
	checkPeriod(m)
	if method == "auto" {
		return nil, fmt.Errorf("backtest: %w: auto backtests its candidates itself (see Auto)", ErrUnknownMethod)
	}
	os := origins(len(y), m, h, opt)
	if len(os) == 0 {
		return nil, fmt.Errorf("backtest %s: %w: no origin in %d observations", method, ErrTooShort, len(y))
	}
	refit := opt != nil && opt.Refit
	var md model
	if !refit {
		var err error
		if md, err = fitModel(method, y, m, opt); err != nil {
			return nil, err
		}
	}
	r := &BacktestResult{Method: method, Refit: refit}
	scale := Scale(y, m)
	for _, o := range os {
		hh := min(h, len(y)-o)
		var f *Forecast
		var err error
		if refit {
			var mo model
			if mo, err = fitModel(method, y[:o], m, opt); err == nil {
				f = mo.forecast(hh)
			}
		} else {
			f, err = md.at(o, hh)
		}
		if err != nil {
			continue
		}
		r.Origins = append(r.Origins, o)
		r.Scores = append(r.Scores, Score(f, y[o:o+hh], scale))
	}
	if len(r.Origins) == 0 {
		return nil, fmt.Errorf("backtest %s: %w: no origin could be forecast", method, ErrNoModel)
	}
	r.Accuracy = MeanAccuracy(r.Scores)
	return r, nil
}

// finite reports whether every value of the forecast is finite.
func (f *Forecast) finite() bool {
	return !slices.ContainsFunc(f.Mean, nonFinite) && !slices.ContainsFunc(f.Lo80, nonFinite) &&
		!slices.ContainsFunc(f.Hi80, nonFinite) && !slices.ContainsFunc(f.Lo95, nonFinite) &&
		!slices.ContainsFunc(f.Hi95, nonFinite)
}

func nonFinite(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
