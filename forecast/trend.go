package forecast

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// LinearTrend fits a linear time trend with seasonal dummies by OLS (R:
// forecast(tslm(y ~ trend + season), h); with m == 1, tslm(y ~ trend)) and
// forecasts h steps. The design has an intercept, t = 1..n and, for m > 1,
// one dummy for each season position 2..m counted from the first
// observation. The intervals are OLS prediction intervals with Student's t
// on n − p degrees of freedom.
//
// It needs p + 1 observations (p = 2 without season, m + 1 with), so that σ²
// can be estimated; a seasonal series shorter than that but with at least 3
// observations gets the trend alone. Errors wrap ErrTooShort, ErrNaN or
// ErrSingular.
func LinearTrend(y []float64, m, h int) (*Forecast, error) {
	checkHorizon(h)
	checkPeriod(m)
	if err := checkSeries(y, 3); err != nil {
		return nil, fmt.Errorf("linear trend: %w", err)
	}
	n := len(y)
	if n < m+2 {
		m = 1
	}
	p := 2 + (m - 1)
	row := func(t int, dst []float64) {
		clear(dst)
		dst[0] = 1
		dst[1] = float64(t + 1)
		if k := t % m; k > 0 {
			dst[1+k] = 1
		}
	}
	x := mat.NewDense(n, p, nil)
	for t := range n {
		row(t, x.RawRowView(t))
	}
	o, err := FitOLS(x, y)
	if err != nil {
		return nil, fmt.Errorf("linear trend: %w", err)
	}
	f := newForecast("lintrend", h)
	r := make([]float64, p)
	q80, q95 := o.tQuantile(0.9), o.tQuantile(0.975)
	for i := range h {
		row(n+i, r)
		mean, se := o.Predict(r)
		f.Mean[i] = mean
		f.Lo80[i], f.Hi80[i] = mean-q80*se, mean+q80*se
		f.Lo95[i], f.Hi95[i] = mean-q95*se, mean+q95*se
	}
	f.Params = []Param{{Name: "intercept", Value: o.Coef[0]}, {Name: "trend", Value: o.Coef[1]}}
	for k := 1; k < m; k++ {
		f.Params = append(f.Params, Param{Name: fmt.Sprintf("season%d", k+1), Value: o.Coef[1+k]})
	}
	f.Params = append(f.Params, Param{Name: "sigma", Value: math.Sqrt(o.Sigma2)})
	return f, nil
}
