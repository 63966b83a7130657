package forecast

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Naive forecasts the last observation for every step (R: naive(y, h)). The
// interval standard error at step h is σ√h, with σ² the mean squared
// first difference. It needs two observations.
func Naive(y []float64, h int) (*Forecast, error) {
	checkHorizon(h)
	if err := checkSeries(y, 2); err != nil {
		return nil, fmt.Errorf("naive: %w", err)
	}
	f := lagWalk(y, 1, h)
	f.Method = "naive"
	return f, nil
}

// SeasonalNaive forecasts the observation one season earlier (R: snaive(y, h)).
// The standard error at step h is σ√k with k = ⌊(h−1)/m⌋+1 seasons ahead and
// σ² the mean squared lag-m difference. It needs m+1 observations. With
// m = 1 it is Naive.
func SeasonalNaive(y []float64, m, h int) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	if err := checkSeries(y, m+1); err != nil {
		return nil, fmt.Errorf("seasonal naive: %w", err)
	}
	f := lagWalk(y, m, h)
	f.Method = "snaive"
	f.Params = []Param{{Name: "m", Value: float64(m)}}
	return f, nil
}

// lagWalk is R forecast's lagwalk without drift.
func lagWalk(y []float64, lag, h int) *Forecast {
	n := len(y)
	var ss float64
	for t := lag; t < n; t++ {
		d := y[t] - y[t-lag]
		ss += d * d
	}
	sigma := math.Sqrt(ss / float64(n-lag))
	f := newForecast("", h)
	for i := range h {
		steps := i/lag + 1
		mean := y[n-lag+i%lag]
		f.Mean[i] = mean
		f.setNormal(i, mean, sigma*math.Sqrt(float64(steps)))
	}
	f.Params = append(f.Params, Param{Name: "sigma", Value: sigma})
	return f
}

// Drift forecasts a random walk with drift (R: rwf(y, h, drift = TRUE)): the
// last observation plus h times the mean first difference. The standard
// error at step h is √(σ²h + h²·se(b)²), with σ² the variance of the first
// differences (denominator n−2) and se(b) = σ/√(n−1) the standard error of
// the drift b. It needs three observations.
func Drift(y []float64, h int) (*Forecast, error) {
	checkHorizon(h)
	if err := checkSeries(y, 3); err != nil {
		return nil, fmt.Errorf("drift: %w", err)
	}
	n := len(y)
	nd := float64(n - 1)
	b := (y[n-1] - y[0]) / nd
	var ss float64
	for t := 1; t < n; t++ {
		d := y[t] - y[t-1] - b
		ss += d * d
	}
	sigma2 := ss / (nd - 1)
	bse2 := sigma2 / nd
	f := newForecast("drift", h)
	for i := range h {
		hh := float64(i + 1)
		mean := y[n-1] + hh*b
		f.Mean[i] = mean
		f.setNormal(i, mean, math.Sqrt(sigma2*hh+hh*hh*bse2))
	}
	f.Params = []Param{{Name: "drift", Value: b}, {Name: "sigma", Value: math.Sqrt(sigma2)}}
	return f, nil
}

// Mean forecasts the sample mean (R: meanf(y, h)). The intervals use
// Student's t with n−1 degrees of freedom and standard error s√(1+1/n),
// s the sample standard deviation. It needs two observations.
func Mean(y []float64, h int) (*Forecast, error) {
	checkHorizon(h)
	if err := checkSeries(y, 2); err != nil {
		return nil, fmt.Errorf("mean: %w", err)
	}
	n := float64(len(y))
	var mu float64
	for _, v := range y {
		mu += v
	}
	mu /= n
	var ss float64
	for _, v := range y {
		ss += (v - mu) * (v - mu)
	}
	s := math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}
	t80, t95 := t.Quantile(0.9), t.Quantile(0.975)
	se := s * math.Sqrt(1+1/n)
	f := newForecast("mean", h)
	for i := range h {
		f.Mean[i] = mu
		f.Lo80[i], f.Hi80[i] = mu-t80*se, mu+t80*se
		f.Lo95[i], f.Hi95[i] = mu-t95*se, mu+t95*se
	}
	f.Params = []Param{{Name: "mean", Value: mu}, {Name: "sd", Value: s}}
	return f, nil
}
