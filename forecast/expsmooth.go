package forecast

import (
	"fmt"
	"math"
)

// The M4 competition's exponential-smoothing benchmarks: simple exponential
// smoothing, Holt's linear trend and the damped trend, each fitted by least
// squares (R's ses(), holt() and holt(damped = TRUE): ETS(A,N,N),
// ETS(A,A,N) and ETS(A,Ad,N) with opt.crit = "mse") to the seasonally
// adjusted series when IsSeasonal says the series is seasonal, and
// reseasonalised with the indices of a classical multiplicative
// decomposition. The intervals are the ETS model's analytic class-1
// intervals on the adjusted scale, multiplied by the seasonal index of each
// step. With m == 1 these are exactly R's ses(), holt() and holt(damped =
// TRUE). Auto's members may decide the adjustment by another rule
// (seasonRule).

var (
	specANN  = ETSSpec{Error: Additive, Trend: None, Season: None}
	specAAN  = ETSSpec{Error: Additive, Trend: Additive, Season: None}
	specAAdN = ETSSpec{Error: Additive, Trend: Additive, Damped: true, Season: None}
)

// SES forecasts y by simple exponential smoothing on the seasonally
// adjusted series (see above). Errors as for FitETS.
func SES(y []float64, m, h int) (*Forecast, error) { return smoothing("ses", specANN, y, m, h) }

// Holt forecasts y by Holt's linear trend on the seasonally adjusted
// series. Errors as for FitETS.
func Holt(y []float64, m, h int) (*Forecast, error) { return smoothing("holt", specAAN, y, m, h) }

// Damped forecasts y by the additive damped trend on the seasonally
// adjusted series. Errors as for FitETS.
func Damped(y []float64, m, h int) (*Forecast, error) {
	return smoothing("damped", specAAdN, y, m, h)
}

func smoothing(name string, spec ETSSpec, y []float64, m, h int) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	s, err := fitSmoothing(name, spec, y, m)
	if err != nil {
		return nil, err
	}
	return s.forecast(h), nil
}

// esModel is a fitted M4 smoothing benchmark.
type esModel struct {
	name string
	spec ETSSpec
	y    []float64
	m    int
	adj  adjustment
	ya   []float64 // y seasonally adjusted by adj
	e    *ETS
	rule seasonRule // whether to adjust; the zero value is R's
	// share, when not nil, holds the adjustments and SES fits this
	// model's refits share with the other members of a combination.
	share *adjustCache
}

var mseSettings = &ETSSettings{MSE: true}

func fitSmoothing(name string, spec ETSSpec, y []float64, m int) (*esModel, error) {
	return fitSmoothingBy(name, spec, y, m, seasonRule{})
}

// fitSmoothingBy is fitSmoothing with the seasonal adjustment decided by
// rule.
func fitSmoothingBy(name string, spec ETSSpec, y []float64, m int, rule seasonRule) (*esModel, error) {
	return fitSmoothingShared(name, spec, y, m, rule, nil)
}

// fitSmoothingShared is fitSmoothingBy taking the adjustment, and for SES
// the fit, from share when it has them (nil: computed here).
func fitSmoothingShared(name string, spec ETSSpec, y []float64, m int, rule seasonRule, share *adjustCache) (*esModel, error) {
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a := share.get(y, m, rule)
	var e *ETS
	var err error
	if spec == specANN {
		e, err = a.sesFit()
	} else {
		e, err = FitETS(a.ya, 1, spec, mseSettings)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &esModel{name: name, spec: spec, y: y, m: m, adj: a.adj, ya: a.ya, e: e, rule: rule, share: share}, nil
}

func (s *esModel) forecast(h int) *Forecast {
	f := s.e.Forecast(h)
	s.adj.reseason(f, len(s.y))
	f.Method = s.name
	if s.adj.idx != nil {
		f.Params = append(f.Params, Param{Name: "seasonally adjusted", Value: 1})
	}
	return f
}

// at forecasts from the first o observations with the parameters and
// initial states fixed; the seasonal adjustment is recomputed.
func (s *esModel) at(o, h int) (*Forecast, error) {
	ya, adj := seasonalAdjustBy(s.y[:o], s.m, s.rule)
	e, err := NewETS(ya, 1, s.e.Spec, s.e.Params, s.e.Init)
	if err != nil {
		return nil, err
	}
	f := e.Forecast(h)
	adj.reseason(f, o)
	f.Method = s.name
	return f, nil
}

func (s *esModel) refit(o, h int) (*Forecast, error) {
	r, err := fitSmoothingShared(s.name, s.spec, s.y[:o], s.m, s.rule, s.share)
	if err != nil {
		return nil, err
	}
	return r.forecast(h), nil
}

// Theta forecasts y by the Theta method as R's thetaf(y, h) computes it
// (Hyndman and Billah 2003, "Unmasking the Theta method"): the series is
// seasonally adjusted as for SES, simple exponential smoothing is fitted by
// least squares, and its forecast gets a drift of half the OLS slope b of
// the adjusted series on time:
//
//	ŷ_{n+j} = l_n + (b/2)·(j − 1 + (1 − (1−α)^n)/α),  j = 1..h,
//
// reseasonalised. As in R, the intervals are ŷ ± z·σ√(1 + (j−1)α²), with σ²
// the innovation variance of the SES fit on the adjusted scale, centred on
// the reseasonalised forecast (not scaled by the seasonal index).
func Theta(y []float64, m, h int) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	t, err := fitTheta(y, m)
	if err != nil {
		return nil, err
	}
	return t.forecast(h), nil
}

type thetaModel struct {
	y   []float64
	m   int
	ses *esModel
}

func fitTheta(y []float64, m int) (*thetaModel, error) {
	return fitThetaBy(y, m, seasonRule{})
}

// fitThetaBy is fitTheta with the seasonal adjustment decided by rule.
func fitThetaBy(y []float64, m int, rule seasonRule) (*thetaModel, error) {
	return fitThetaShared(y, m, rule, nil)
}

// fitThetaShared is fitThetaBy taking the adjustment and the SES fit from
// share when it has them (nil: computed here).
func fitThetaShared(y []float64, m int, rule seasonRule, share *adjustCache) (*thetaModel, error) {
	if err := checkSeries(y, 3); err != nil {
		return nil, fmt.Errorf("theta: %w", err)
	}
	s, err := fitSmoothingShared("theta", specANN, y, m, rule, share)
	if err != nil {
		return nil, err
	}
	return &thetaModel{y: y, m: m, ses: s}, nil
}

func (t *thetaModel) forecast(h int) *Forecast {
	return thetaForecast(t.ses.e, t.ses.ya, t.ses.adj, h)
}

func (t *thetaModel) at(o, h int) (*Forecast, error) {
	ya, adj := seasonalAdjustBy(t.y[:o], t.m, t.ses.rule)
	e, err := NewETS(ya, 1, specANN, t.ses.e.Params, t.ses.e.Init)
	if err != nil {
		return nil, err
	}
	return thetaForecast(e, ya, adj, h), nil
}

func (t *thetaModel) refit(o, h int) (*Forecast, error) {
	r, err := fitThetaShared(t.y[:o], t.m, t.ses.rule, t.ses.share)
	if err != nil {
		return nil, err
	}
	return r.forecast(h), nil
}

// thetaForecast is thetaf's forecast from the SES model e fitted to the
// adjusted series ya.
func thetaForecast(e *ETS, ya []float64, adj adjustment, h int) *Forecast {
	n := len(ya)
	drift := slope(ya) / 2
	alpha := math.Max(1e-10, e.Params.Alpha)
	sigma := math.Sqrt(e.Stats.Sigma2)
	f := newForecast("theta", h)
	c := (1 - math.Pow(1-alpha, float64(n))) / alpha
	for i := range h {
		mean := (e.Final.Level + drift*(float64(i)+c)) * adj.factor(n+i)
		se := sigma * math.Sqrt(float64(i)*alpha*alpha+1)
		f.Mean[i] = mean
		f.setNormal(i, mean, se)
	}
	f.Params = []Param{{Name: "alpha", Value: alpha}, {Name: "drift", Value: drift}, {Name: "sigma", Value: sigma}}
	if adj.idx != nil {
		f.Params = append(f.Params, Param{Name: "seasonally adjusted", Value: 1})
	}
	st := e.Stats
	f.Fit = &st
	return f
}

// slope returns the OLS slope of y on t = 0..n−1 (R: lsfit(0:(n-1), y)).
func slope(y []float64) float64 {
	n := float64(len(y))
	mt := (n - 1) / 2
	var my float64
	for _, v := range y {
		my += v
	}
	my /= n
	var sxy, sxx float64
	for t, v := range y {
		d := float64(t) - mt
		sxy += d * (v - my)
		sxx += d * d
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}
