package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Candidate members of Auto's combination that are not methods of Run:
//
//	etsavg  ETS model averaging: every admissible ETS model AutoETS fitted
//	        fully, weighted by Akaike weights exp(−ΔAICc/2) (Kolassa 2011,
//	        "Combining exponential smoothing forecasts using Akaike
//	        weights"); models below weight etsAvgMin are dropped.
//	otm     the optimised Theta method (Fiorucci et al. 2016, "Models for
//	        optimising the theta method and their relationship to state
//	        space models"): the theta line Z = θ·y + (1−θ)·L (L the OLS
//	        line of the seasonally adjusted series) is forecast by SES
//	        and combined with L's extrapolation with weights 1/θ and
//	        1 − 1/θ; θ is chosen from 1, 1.25, …, 3 by the in-sample
//	        one-step MSE (θ = 1 is SES, θ = 2 the classical Theta line
//	        decomposition). Intervals: the SES intervals of Z divided by θ,
//	        centred on the reseasonalised forecast and, as in thetaf, not
//	        scaled by the seasonal index.
//	otm5    otm with θ from 1, 1.5, …, 5.
//	arima   AutoARIMA (arima.go): seasonal ARIMA by a stepwise AICc
//	        search, CSS fits; refits keep the chosen orders. Not a method
//	        of Run (the command line treats "arima" as unknown).
//	etsd    ETS restricted to the damped-trend models: AutoETS over the
//	        candidates with a damped trend, ETS(·,Ad,·), the smallest AICc
//	        winning; refits keep the chosen form, as for ets. In a
//	        combination after ets (without screening) it takes the fits of
//	        ETS's candidates instead of fitting them again.
//	thetal  Theta on the series seasonally adjusted by local indices
//	        (localAdjust): each season's latest ratio to the centred
//	        moving average instead of classical decomposition's mean of
//	        all of them, for a seasonal pattern that drifts (round 12).
//	        The seasonality decision, the SES fit, the drift and the
//	        intervals are Theta's; refits refit from scratch.
//
// fitMember fits any of these or a method of fitModelBy.
func fitMember(name string, y []float64, m int, opt *Options, rule seasonRule) (model, error) {
	return fitMemberShared(name, y, m, opt, rule, nil)
}

// fitMemberShared is fitMember; theta, ses and otm take their seasonal
// adjustments and SES fits from share (nil: computed for themselves).
func fitMemberShared(name string, y []float64, m int, opt *Options, rule seasonRule, share *adjustCache) (model, error) {
	switch name {
	case "etsavg":
		return fitETSAvg(y, m, opt.ets())
	case "otm":
		return fitOTMShared(y, m, rule, otmGrid3, share)
	case "otm5":
		return fitOTMShared(y, m, rule, otmGrid5, share)
	case "arima":
		return fitARIMAModel(y, m, arimaConfig{})
	case "ets":
		return fitETSShared(y, m, opt.ets(), share)
	case "etsd":
		return fitETSDamped(y, m, opt.ets(), share)
	case "ses":
		return fitSmoothingShared("ses", specANN, y, m, rule, share)
	case "theta":
		return fitThetaShared(y, m, rule, share)
	case "thetal":
		return fitThetaLocal(y, m, rule)
	}
	return fitModelBy(name, y, m, opt, rule)
}

// fitETSShared is AutoETS (the ets method); without screening it leaves
// every fully fitted candidate in share for etsd.
func fitETSShared(y []float64, m int, s *ETSSettings, share *adjustCache) (model, error) {
	var all *[]*ETS
	if _, _, screen := s.screen(); share != nil && !screen {
		all = new([]*ETS)
	}
	e, err := autoETS(y, m, s, all)
	if err != nil {
		return nil, err
	}
	if all != nil {
		share.putETS(len(y), *all)
	}
	return &etsModel{y: y, m: m, e: e, s: s}, nil
}

// dampedSpec admits the damped-trend ETS models.
func dampedSpec(spec ETSSpec) bool { return spec.Damped }

// fitETSDamped is the etsd member: AutoETS over the damped-trend models.
// When share holds the candidates ETS fitted to y, the damped one with
// the smallest AICc among them is the answer (autoETSBy's, as the fits
// are the same and in the same order); otherwise the candidates are
// fitted here.
func fitETSDamped(y []float64, m int, s *ETSSettings, share *adjustCache) (model, error) {
	if all, ok := share.etsFits(len(y)); ok {
		var best *ETS
		bestIC := math.Inf(1)
		for _, e := range all {
			if dampedSpec(e.Spec) && e.Stats.AICc < bestIC {
				best, bestIC = e, e.Stats.AICc
			}
		}
		if best != nil {
			return &etsModel{y: y, m: m, e: best, s: s}, nil
		}
	}
	e, err := autoETSBy(y, m, s, nil, dampedSpec)
	if err != nil {
		return nil, fmt.Errorf("damped %w", err)
	}
	return &etsModel{y: y, m: m, e: e, s: s}, nil
}

// fitThetaLocal is the thetal member: Theta's forecast (thetaForecast)
// from the SES fit of y adjusted by localAdjust, the seasonality decided
// by rule.
func fitThetaLocal(y []float64, m int, rule seasonRule) (model, error) {
	run := func(y []float64, m, h int) (*Forecast, error) {
		ya, adj := localAdjust(y, m, rule)
		if err := checkSeries(ya, 3); err != nil {
			return nil, fmt.Errorf("thetal: %w", err)
		}
		e, err := FitETS(ya, 1, specANN, mseSettings)
		if err != nil {
			return nil, fmt.Errorf("thetal: %w", err)
		}
		f := thetaForecast(e, ya, adj, h)
		f.Method = "thetal"
		return f, nil
	}
	return simple(y, m, run)
}

// etsAvgMin is the smallest Akaike weight an averaged ETS model keeps.
const etsAvgMin = 0.01

// etsAvgModel is an Akaike-weighted average of ETS models.
type etsAvgModel struct {
	y    []float64
	m    int
	s    *ETSSettings
	fits []*ETS
	w    []float64
	best *ETS
}

func fitETSAvg(y []float64, m int, s *ETSSettings) (*etsAvgModel, error) {
	var all []*ETS
	best, err := autoETS(y, m, s, &all)
	if err != nil {
		return nil, err
	}
	fits, w := akaike(all)
	if len(fits) == 0 {
		fits, w = []*ETS{best}, []float64{1}
	}
	return &etsAvgModel{y: y, m: m, s: s, fits: fits, w: w, best: best}, nil
}

// akaike returns the models with an Akaike weight of at least etsAvgMin
// and their weights (renormalised), in the given order.
func akaike(all []*ETS) ([]*ETS, []float64) {
	lo := math.Inf(1)
	for _, e := range all {
		lo = math.Min(lo, e.Stats.AICc)
	}
	if math.IsInf(lo, 0) || math.IsNaN(lo) {
		// No finite AICc (e.g. the constant fallback): the first model.
		if len(all) == 0 {
			return nil, nil
		}
		return all[:1], []float64{1}
	}
	var tot float64
	w := make([]float64, len(all))
	for i, e := range all {
		d := e.Stats.AICc - lo
		if !(d >= 0) { // NaN
			continue
		}
		w[i] = math.Exp(-d / 2)
		tot += w[i]
	}
	var fits []*ETS
	var ws []float64
	var kept float64
	for i, e := range all {
		if w[i]/tot >= etsAvgMin {
			fits = append(fits, e)
			ws = append(ws, w[i])
			kept += w[i]
		}
	}
	for i := range ws {
		ws[i] /= kept
	}
	return fits, ws
}

func (a *etsAvgModel) forecast(h int) *Forecast {
	fs := make([]*Forecast, len(a.fits))
	for i, e := range a.fits {
		fs[i] = e.Forecast(h)
	}
	return weighted(fs, a.w, h, "ETSavg")
}

// at re-runs every averaged model from the first o observations with its
// parameters fixed, keeping the weights.
func (a *etsAvgModel) at(o, h int) (*Forecast, error) {
	var fs []*Forecast
	var ws []float64
	for i, e := range a.fits {
		g, err := NewETS(a.y[:o], e.M, e.Spec, e.Params, e.Init)
		if err != nil {
			continue
		}
		if f := g.Forecast(h); f.finite() {
			fs = append(fs, f)
			ws = append(ws, a.w[i])
		}
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("ETS average: %w: no model forecasts from origin %d", ErrNoModel, o)
	}
	return weighted(fs, normalise(ws), h, "ETSavg"), nil
}

// refit refits every averaged model on the first o observations and
// weights them by their new AICc.
func (a *etsAvgModel) refit(o, h int) (*Forecast, error) {
	var fits []*ETS
	for _, e := range a.fits {
		g, err := FitETS(a.y[:o], a.m, e.Spec, a.s)
		if err != nil {
			continue
		}
		fits = append(fits, g)
	}
	fits, w := akaike(fits)
	var fs []*Forecast
	var ws []float64
	for i, e := range fits {
		if f := e.Forecast(h); f.finite() {
			fs = append(fs, f)
			ws = append(ws, w[i])
		}
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("ETS average: %w: no model forecasts from origin %d", ErrNoModel, o)
	}
	return weighted(fs, normalise(ws), h, "ETSavg"), nil
}

func normalise(w []float64) []float64 {
	var t float64
	for _, v := range w {
		t += v
	}
	out := make([]float64, len(w))
	for i, v := range w {
		if t > 0 {
			out[i] = v / t
		} else {
			out[i] = 1 / float64(len(w))
		}
	}
	return out
}

// weighted returns the weighted mean of the forecasts, bound by bound.
func weighted(fs []*Forecast, w []float64, h int, name string) *Forecast {
	f := newForecast(name, h)
	var names []string
	for k, g := range fs {
		for i := range h {
			f.Mean[i] += w[k] * g.Mean[i]
			f.Lo80[i] += w[k] * g.Lo80[i]
			f.Hi80[i] += w[k] * g.Hi80[i]
			f.Lo95[i] += w[k] * g.Lo95[i]
			f.Hi95[i] += w[k] * g.Hi95[i]
		}
		names = append(names, g.Method)
		f.Params = append(f.Params, Param{Name: g.Method + " weight", Value: w[k]})
	}
	if len(fs) == 1 {
		f.Method = fs[0].Method
	} else {
		f.Method = name + "(" + strings.Join(names, ", ") + ")"
	}
	return f
}

var (
	otmGrid5 = []float64{1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5}
	otmGrid3 = []float64{1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3}
)

// otmModel is the optimised Theta method (see fitMember).
type otmModel struct {
	y     []float64
	m     int
	rule  seasonRule
	grid  []float64
	adj   adjustment
	a, b  float64 // the OLS line a + b·t, t = 0..n−1, of the adjusted series
	theta float64
	e     *ETS // SES of the theta line
	share *adjustCache
}

func fitOTM(y []float64, m int, rule seasonRule, grid []float64) (*otmModel, error) {
	return fitOTMShared(y, m, rule, grid, nil)
}

// fitOTMShared is fitOTM taking the adjustment, and the fit at θ = 1 (the
// theta line is then the adjusted series: SES), from share.
func fitOTMShared(y []float64, m int, rule seasonRule, grid []float64, share *adjustCache) (*otmModel, error) {
	if err := checkSeries(y, 3); err != nil {
		return nil, fmt.Errorf("otm: %w", err)
	}
	sa := share.get(y, m, rule)
	ya, adj := sa.ya, sa.adj
	n := len(ya)
	b := slope(ya)
	var my float64
	for _, v := range ya {
		my += v
	}
	my /= float64(n)
	a := my - b*float64(n-1)/2
	best := &otmModel{y: y, m: m, rule: rule, grid: grid, adj: adj, a: a, b: b, share: share}
	bestMSE := math.Inf(1)
	z := make([]float64, n)
	var lastErr error
	for _, th := range grid {
		var e *ETS
		var err error
		if th == 1 {
			// z = ya: the SES fit the other members share.
			e, err = sa.sesFit()
		} else {
			for t, v := range ya {
				z[t] = th*v + (1-th)*(a+b*float64(t))
			}
			e, err = FitETS(slices.Clone(z), 1, specANN, mseSettings)
		}
		if err != nil {
			lastErr = err
			continue
		}
		// The in-sample one-step errors of the combination are those of
		// the SES of Z divided by θ.
		if mse := e.Stats.MSE / (th * th); mse < bestMSE {
			bestMSE = mse
			best.theta, best.e = th, e
		}
	}
	if best.e == nil {
		if errors.Is(lastErr, ErrTooShort) || errors.Is(lastErr, ErrNaN) {
			return nil, fmt.Errorf("otm: %w", lastErr)
		}
		return nil, fmt.Errorf("otm: %w: %v", ErrNoModel, lastErr)
	}
	return best, nil
}

func (o *otmModel) forecast(h int) *Forecast {
	n := len(o.y)
	th := o.theta
	alpha := math.Max(1e-10, o.e.Params.Alpha)
	sigma := math.Sqrt(math.Max(o.e.Stats.Sigma2, 0)) / th
	f := newForecast("otm", h)
	for i := range h {
		mean := ((1-1/th)*(o.a+o.b*float64(n+i)) + o.e.Final.Level/th) * o.adj.factor(n+i)
		f.Mean[i] = mean
		f.setNormal(i, mean, sigma*math.Sqrt(float64(i)*alpha*alpha+1))
	}
	f.Params = []Param{{Name: "theta", Value: th}, {Name: "alpha", Value: alpha}, {Name: "sigma", Value: sigma}}
	if o.adj.idx != nil {
		f.Params = append(f.Params, Param{Name: "seasonally adjusted", Value: 1})
	}
	return f
}

// at refits on the first o observations (the method is cheap).
func (o *otmModel) at(k, h int) (*Forecast, error) { return o.refit(k, h) }

// refit refits on the first k observations with θ from the grid points
// next to the θ chosen on the whole series (and that θ): the backtest
// calibrates the intervals of the method as chosen, and the whole grid
// would cost three times as much.
func (o *otmModel) refit(k, h int) (*Forecast, error) {
	i := slices.Index(o.grid, o.theta)
	grid := o.grid[max(i-1, 0):min(i+2, len(o.grid))]
	r, err := fitOTMShared(o.y[:k], o.m, o.rule, grid, o.share)
	if err != nil {
		return nil, err
	}
	return r.forecast(h), nil
}
