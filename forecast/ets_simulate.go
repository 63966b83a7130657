package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Simulate writes one sample path of the next len(dst) observations into
// dst and returns it, drawing the innovations ε_t ~ N(0, σ²) from rnd
// (relative innovations for multiplicative error). dst must not be empty.
func (e *ETS) Simulate(dst []float64, rnd *rand.Rand) []float64 {
	if len(dst) == 0 {
		panic("forecast: Simulate: empty dst")
	}
	sd := math.Sqrt(e.Stats.Sigma2)
	x := e.Final
	l, b := x.Level, x.Trend
	phi := 1.0
	if e.Spec.Damped {
		phi = e.Params.Phi
	}
	if e.Spec.Trend == None {
		phi, b = 0, 0
	}
	m := e.M
	var ring [64]float64
	var s []float64
	if e.Spec.Season != None {
		if m <= len(ring) {
			s = ring[:m]
		} else {
			s = make([]float64, m)
		}
		for k := range m { // oldest first
			s[k] = x.Season[m-1-k]
		}
	}
	p := e.Params
	pos := 0
	for i := range dst {
		q := l + phi*b
		yhat := q
		var st float64
		switch e.Spec.Season {
		case Additive:
			st = s[pos]
			yhat = q + st
		case Multiplicative:
			st = s[pos]
			yhat = q * st
		}
		eps := sd * rnd.NormFloat64()
		res := eps
		if e.Spec.Error == Multiplicative {
			res = yhat * eps
		}
		dst[i] = yhat + res
		switch e.Spec.Season {
		case None:
			l, b = q+p.Alpha*res, phi*b+p.Beta*res
		case Additive:
			l, b = q+p.Alpha*res, phi*b+p.Beta*res
			s[pos] = st + p.Gamma*res
		case Multiplicative:
			l, b = q+p.Alpha*res/st, phi*b+p.Beta*res/st
			s[pos] = st + p.Gamma*res/q
		}
		if s != nil {
			pos = (pos + 1) % m
		}
	}
	return dst
}

// SimulatedForecast returns the point forecasts for steps 1..h with 80% and
// 95% intervals from the empirical quantiles (R's type 7) of npaths sample
// paths drawn with rnd, as R's forecast(fit, simulate = TRUE) does.
func (e *ETS) SimulatedForecast(h, npaths int, rnd *rand.Rand) *Forecast {
	checkHorizon(h)
	if npaths < 2 {
		panic("forecast: SimulatedForecast: npaths < 2")
	}
	f := newForecast(e.Spec.String(), h)
	e.PointForecast(f.Mean, h)
	paths := make([]float64, npaths*h) // path-major
	for k := range npaths {
		e.Simulate(paths[k*h:(k+1)*h], rnd)
	}
	col := make([]float64, npaths)
	for i := range h {
		for k := range npaths {
			col[k] = paths[k*h+i]
		}
		slices.Sort(col)
		f.Lo80[i], f.Hi80[i] = quantile7(col, 0.1), quantile7(col, 0.9)
		f.Lo95[i], f.Hi95[i] = quantile7(col, 0.025), quantile7(col, 0.975)
	}
	f.Params = e.params()
	st := e.Stats
	f.Fit = &st
	return f
}

// quantile7 is R's default quantile (type 7) of sorted x.
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}
