package forecast

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Errors about the data. Functions wrap them with the details.
var (
	// ErrTooShort means the series has too few observations for the method.
	ErrTooShort = errors.New("forecast: series too short")
	// ErrNonPositive means a multiplicative model was asked for data with
	// zeros or negative values.
	ErrNonPositive = errors.New("forecast: multiplicative model needs positive data")
	// ErrNaN means the series holds a NaN or an infinity.
	ErrNaN = errors.New("forecast: series holds NaN or Inf")
	// ErrNoModel means no candidate model could be fitted.
	ErrNoModel = errors.New("forecast: no model could be fitted")
)

// Normal quantiles for the two interval levels: qnorm(0.9) and qnorm(0.975).
var (
	z80 = distuv.UnitNormal.Quantile(0.9)
	z95 = distuv.UnitNormal.Quantile(0.975)
)

// Param is one named, estimated or fixed, parameter of a fitted method.
type Param struct {
	Name  string
	Value float64
}

// FitStats describes the in-sample fit of a likelihood-based method.
type FitStats struct {
	N      int     // observations used
	NPar   int     // parameters counted by the information criteria, σ² included
	LogLik float64 // log-likelihood, R forecast's convention (no 2π constant for ETS)
	AIC    float64
	AICc   float64
	BIC    float64
	Sigma2 float64 // innovation variance (relative errors for multiplicative ETS)
	MSE    float64 // mean squared one-step error on the original scale
}

// Forecast is the result of every method: point forecasts for steps
// 1..h after the last observation, with 80% and 95% prediction intervals.
// All slices have length h.
type Forecast struct {
	Method string // e.g. "naive", "ETS(M,Ad,M)"
	Mean   []float64
	Lo80   []float64
	Hi80   []float64
	Lo95   []float64
	Hi95   []float64
	Params []Param   // estimated and fixed parameters, in a fixed order
	Fit    *FitStats // nil for methods without a likelihood
	// Selection says how Auto chose this forecast and how it did in
	// backtest; nil for the other methods.
	Selection *Selection
}

// H returns the forecast horizon.
func (f *Forecast) H() int { return len(f.Mean) }

// newForecast allocates a Forecast for h steps.
func newForecast(method string, h int) *Forecast {
	buf := make([]float64, 5*h)
	return &Forecast{
		Method: method,
		Mean:   buf[0:h:h],
		Lo80:   buf[h : 2*h : 2*h],
		Hi80:   buf[2*h : 3*h : 3*h],
		Lo95:   buf[3*h : 4*h : 4*h],
		Hi95:   buf[4*h : 5*h : 5*h],
	}
}

// setNormal fills the intervals of step i as mean ± z·se.
func (f *Forecast) setNormal(i int, center, se float64) {
	f.Lo80[i], f.Hi80[i] = center-z80*se, center+z80*se
	f.Lo95[i], f.Hi95[i] = center-z95*se, center+z95*se
}

// checkSeries returns an error wrapping ErrNaN if y holds a NaN or Inf, and
// one wrapping ErrTooShort if it has fewer than min observations.
func checkSeries(y []float64, min int) error {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: observation %d is %v", ErrNaN, i+1, v)
		}
	}
	if len(y) < min {
		return fmt.Errorf("%w: %d observations, need at least %d", ErrTooShort, len(y), min)
	}
	return nil
}

func checkHorizon(h int) {
	if h < 1 {
		panic(fmt.Sprintf("forecast: horizon h = %d < 1", h))
	}
}

func checkPeriod(m int) {
	if m < 1 {
		panic(fmt.Sprintf("forecast: season length m = %d < 1", m))
	}
}
