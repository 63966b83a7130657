package forecast

import (
	"math"
	"strconv"
	"strings"
)

// Round 11's candidate members for quarterly data (TestStudyPool; see
// forecast/README.md, "Round 11"). None is used by Auto.
//
//	bcL:NAME  NAME (damped, theta, ses) on the seasonally adjusted series
//	          (R's rule, multiplicative) Box–Cox transformed with λ = L,
//	          back-transformed (the median) and reseasonalised; the
//	          untransformed member when the adjusted series is not positive.
//	bcL:ets   AutoETS over the additive models (R's ets(y, lambda = L)) on
//	          the transformed series, back-transformed.
//	NAME@Z    damped or theta with the seasonality test's critical value Z
//	          instead of qnorm(0.95) (e.g. theta@1.28, theta@1.96).
//	etsd      AutoETS over the damped-trend models only.
//	etsbic    AutoETS choosing by BIC instead of AICc.
//
// Each refit (backtest origin) refits from scratch; ETS variants keep their
// model form.
func r11Fit(name string, y []float64, m int) (model, bool, error) {
	switch name {
	case "etsd":
		md, err := r11ETS(y, m, func(s ETSSpec) bool { return s.Damped }, func(e *ETS) float64 { return e.Stats.AICc })
		return md, true, err
	case "etsbic":
		md, err := r11ETS(y, m, func(ETSSpec) bool { return true }, func(e *ETS) float64 { return e.Stats.BIC })
		return md, true, err
	}
	if v, ok := strings.CutPrefix(name, "bc"); ok {
		ls, base, ok := strings.Cut(v, ":")
		if !ok {
			return nil, false, nil
		}
		lambda, err := strconv.ParseFloat(ls, 64)
		if err != nil {
			return nil, true, err
		}
		md, err := simple(y, m, func(y []float64, m, h int) (*Forecast, error) { return r11BoxCox(base, lambda, y, m, h) })
		return md, true, err
	}
	if base, zs, ok := strings.Cut(name, "@"); ok {
		z, err := strconv.ParseFloat(zs, 64)
		if err != nil {
			return nil, true, err
		}
		md, err := simple(y, m, func(y []float64, m, h int) (*Forecast, error) { return r11Threshold(base, z, y, m, h) })
		return md, true, err
	}
	return nil, false, nil
}

// r11ETS is AutoETS over the forms keep admits, choosing by ic.
func r11ETS(y []float64, m int, keep func(ETSSpec) bool, ic func(*ETS) float64) (model, error) {
	if isConstant(y) {
		return fitModel("ets", y, m, nil)
	}
	pos := positive(y)
	var best *ETS
	bestIC := math.Inf(1)
	var lastErr error = ErrNoModel
	for _, spec := range ETSModels() {
		if spec.Season != None && (m == 1 || len(y) <= m) || spec.multiplicative() && !pos || !keep(spec) {
			continue
		}
		e, err := FitETS(y, m, spec, nil)
		if err != nil {
			lastErr = err
			continue
		}
		if v := ic(e); v < bestIC {
			best, bestIC = e, v
		}
	}
	if best == nil {
		return nil, lastErr
	}
	return &etsModel{y: y, m: m, e: best}, nil
}

func boxCox(x, lambda float64) float64 {
	if lambda == 0 {
		return math.Log(x)
	}
	return (math.Pow(x, lambda) - 1) / lambda
}

func invBoxCox(x, lambda float64) float64 {
	if lambda == 0 {
		return math.Exp(x)
	}
	v := lambda*x + 1
	if v <= 0 {
		return 0
	}
	return math.Pow(v, 1/lambda)
}

func r11BoxCox(base string, lambda float64, y []float64, m, h int) (*Forecast, error) {
	if base == "ets" {
		if !positive(y) {
			e, err := AutoETS(y, m, nil)
			if err != nil {
				return nil, err
			}
			return e.Forecast(h), nil
		}
		z := make([]float64, len(y))
		for t, v := range y {
			z[t] = boxCox(v, lambda)
		}
		md, err := r11ETS(z, m, func(s ETSSpec) bool { return s.Error == Additive && s.Season != Multiplicative },
			func(e *ETS) float64 { return e.Stats.AICc })
		if err != nil {
			return nil, err
		}
		f := md.forecast(h)
		r11Back(f, lambda)
		return f, nil
	}
	ya, adj := seasonalAdjust(y, m)
	if positive(ya) {
		z := make([]float64, len(ya))
		for t, v := range ya {
			z[t] = boxCox(v, lambda)
		}
		ya = z
	} else {
		lambda = 1 // no transform: (y − 1) + 1
	}
	f, err := r11Smooth(base, ya, h)
	if err != nil {
		return nil, err
	}
	if lambda != 1 {
		r11Back(f, lambda)
	}
	adj.reseason(f, len(y))
	return f, nil
}

func r11Back(f *Forecast, lambda float64) {
	for i := range f.Mean {
		f.Mean[i] = invBoxCox(f.Mean[i], lambda)
		f.Lo80[i] = invBoxCox(f.Lo80[i], lambda)
		f.Hi80[i] = invBoxCox(f.Hi80[i], lambda)
		f.Lo95[i] = invBoxCox(f.Lo95[i], lambda)
		f.Hi95[i] = invBoxCox(f.Hi95[i], lambda)
	}
}

// r11Smooth forecasts the (adjusted) series ya by the member base, without
// seasonal adjustment.
func r11Smooth(base string, ya []float64, h int) (*Forecast, error) {
	switch base {
	case "theta":
		if err := checkSeries(ya, 3); err != nil {
			return nil, err
		}
		e, err := FitETS(ya, 1, specANN, mseSettings)
		if err != nil {
			return nil, err
		}
		return thetaForecast(e, ya, adjustment{m: 1}, h), nil
	case "damped", "ses", "holt":
		spec := map[string]ETSSpec{"damped": specAAdN, "ses": specANN, "holt": specAAN}[base]
		e, err := FitETS(ya, 1, spec, mseSettings)
		if err != nil {
			return nil, err
		}
		return e.Forecast(h), nil
	}
	return nil, ErrUnknownMethod
}

// r11Threshold is damped or theta with the seasonality test at critical
// value z.
func r11Threshold(base string, z float64, y []float64, m, h int) (*Forecast, error) {
	ya, adj := y, adjustment{m: m}
	if seasonalAt(y, m, z) {
		idx := seasonalIndices(y, m)
		ok := true
		for _, v := range idx {
			if !(v >= 1e-4) || math.IsInf(v, 0) {
				ok = false
			}
		}
		if ok {
			ya = make([]float64, len(y))
			for t, v := range y {
				ya[t] = v / idx[t%m]
			}
			adj.idx = idx
		}
	}
	f, err := r11Smooth(base, ya, h)
	if err != nil {
		return nil, err
	}
	adj.reseason(f, len(y))
	return f, nil
}

// r11Cur is the series TestStudyPool is combining (for the hold rules).
var r11Cur *poolSeries

// r11Hold is the hold rules of round 11 over the members e, t, d: per
// series, the backtest MASE (Auto's origins inside the window) of 2:2:1
// and of ETS + Theta decides; the winner's weights are used (half: the
// damped trend's weight halved instead of dropped when ETS + Theta wins).
func r11Hold(members []string, half bool, e, t, d string) func([]*Forecast, []float64, int) *Forecast {
	a := meanRule(members, 0, false, e, e, t, t, d)
	b := meanRule(members, 0, false, e, t)
	if half {
		b = meanRule(members, 0, false, e, e, e, e, t, t, t, t, d)
	}
	return func(fs []*Forecast, skill []float64, h int) *Forecast {
		ps := r11Cur
		var sa, sb []Accuracy
		for j, o := range ps.origins {
			col := make([]*Forecast, len(members))
			for k := range members {
				col[k] = ps.bt[k][j]
			}
			hh := 0
			for _, f := range col {
				if f != nil {
					hh = len(f.Mean)
					break
				}
			}
			if hh == 0 {
				continue
			}
			fa, fb := a(col, skill, hh), b(col, skill, hh)
			if fa == nil || fb == nil {
				continue
			}
			sa = append(sa, Score(fa, ps.y[o:o+hh], ps.scale))
			sb = append(sb, Score(fb, ps.y[o:o+hh], ps.scale))
		}
		if len(sa) > 0 && MeanAccuracy(sb).MASE < MeanAccuracy(sa).MASE {
			return b(fs, skill, h)
		}
		return a(fs, skill, h)
	}
}
