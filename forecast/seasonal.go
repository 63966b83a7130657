package forecast

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// IsSeasonal reports whether y passes the seasonality test of R's thetaf
// and of the M4 benchmarks: with m > 1, a non-constant series and more
// than 2m observations, the lag-m sample autocorrelation r_m is
// significant at 90%, |r_m| > q·√((1 + 2Σ_{k<m} r_k²)/n) with q the 95%
// normal quantile (Bartlett's standard error; a one-sided 5% test, as R
// writes it). Otherwise it returns false.
func IsSeasonal(y []float64, m int) bool {
	return seasonalAt(y, m, distuv.UnitNormal.Quantile(0.95))
}

// seasonalAt is IsSeasonal's test with critical value z.
func seasonalAt(y []float64, m int, z float64) bool {
	n := len(y)
	if m <= 1 || n <= 2*m || isConstant(y) {
		return false
	}
	r := acf(y, m)
	var s float64
	for k := 1; k < m; k++ {
		s += r[k] * r[k]
	}
	stat := math.Sqrt((1 + 2*s) / float64(n))
	return math.Abs(r[m])/stat > z
}

// acf returns the sample autocorrelations r_0..r_maxLag of y (R's acf:
// demeaned, denominator n at every lag).
func acf(y []float64, maxLag int) []float64 {
	n := len(y)
	var mu float64
	for _, v := range y {
		mu += v
	}
	mu /= float64(n)
	var c0 float64
	for _, v := range y {
		c0 += (v - mu) * (v - mu)
	}
	r := make([]float64, maxLag+1)
	for k := 0; k <= maxLag; k++ {
		var c float64
		for t := 0; t+k < n; t++ {
			c += (y[t] - mu) * (y[t+k] - mu)
		}
		r[k] = c / c0
	}
	return r
}

// seasonalIndices returns the m seasonal indices of R's
// decompose(y, type = "multiplicative"), by position in the cycle counted
// from the first observation (index k applies to observations t with
// t mod m == k, t from 0). Needs n >= 2m.
func seasonalIndices(y []float64, m int) []float64 {
	s := decomposeSeasonal(y, m, true)
	return s[:m:m]
}

// adjustment is a multiplicative seasonal adjustment: y_t = a_t·idx[t mod m].
type adjustment struct {
	m   int
	idx []float64 // nil: no adjustment
}

// seasonRule decides whether the M4 smoothing benchmarks and Theta
// seasonally adjust a series. The zero value is R's rule (IsSeasonal on
// the raw series), which the methods ses, holt, damped and theta keep;
// Auto's members may use another (autoConfig.season).
type seasonRule struct {
	test seasonTest
	// ets also adjusts when ETS (AutoETS, fitted to the same series)
	// selected a seasonal model.
	ets bool
	// etsSeasonal is what ETS selected, filled in by the caller.
	etsSeasonal bool
}

type seasonTest uint8

const (
	testACF      seasonTest = iota // IsSeasonal on y (R thetaf)
	testDiff                       // IsSeasonal on the first differences of y
	testEither                     // testACF or testDiff
	testStrength                   // seasonal strength ≥ strengthMin
	testNone                       // never (only with ets)
)

// strengthMin is the threshold of testStrength (Wang, Smith and Hyndman
// 2006 use 0.64 in their feature-based classification).
const strengthMin = 0.64

// seasonal reports whether the rule adjusts y.
func (r seasonRule) seasonal(y []float64, m int) bool {
	if m <= 1 || len(y) <= 2*m || isConstant(y) {
		return false
	}
	if r.ets && r.etsSeasonal {
		return true
	}
	switch r.test {
	case testDiff:
		return IsSeasonal(diff(y), m)
	case testEither:
		return IsSeasonal(y, m) || IsSeasonal(diff(y), m)
	case testStrength:
		return seasonalStrength(y, m) >= strengthMin
	case testNone:
		return false
	}
	return IsSeasonal(y, m)
}

func diff(y []float64) []float64 {
	d := make([]float64, len(y)-1)
	for t := range d {
		d[t] = y[t+1] - y[t]
	}
	return d
}

// seasonalStrength returns the strength of seasonality of y (Wang, Smith
// and Hyndman 2006, "Characteristic-based clustering for time series
// data"), F_s = max(0, 1 − Var(R)/Var(S·R)), from the classical
// multiplicative decomposition y = T·S·R (R's decompose): T the centred
// moving average of order m (2×m for even m), S the seasonal indices,
// over the observations where T is defined. It is 0 when m <= 1, when y
// has fewer than 2m+1 observations or a non-positive value, and when the
// detrended series is constant.
func seasonalStrength(y []float64, m int) float64 {
	n := len(y)
	if m <= 1 || n <= 2*m || slices.ContainsFunc(y, func(v float64) bool { return !(v > 0) }) {
		return 0
	}
	idx := seasonalIndices(y, m)
	half := m / 2
	var sr, r []float64
	for t := half; t < n-half; t++ {
		tr := centredMean(y, m, t)
		sr = append(sr, y[t]/tr)
		r = append(r, y[t]/tr/idx[t%m])
	}
	vsr := stat.Variance(sr, nil)
	if !(vsr > 0) {
		return 0
	}
	return math.Max(0, 1-stat.Variance(r, nil)/vsr)
}

// seasonalAdjust returns y seasonally adjusted by classical multiplicative
// decomposition when IsSeasonal(y, m) says so (R thetaf and the M4
// benchmarks), and y itself otherwise. As in R, no adjustment is made when
// an index is below 1e-4; unlike R, also not when one is negative (data
// with negative values), so that reseasonalised bounds keep their order.
func seasonalAdjust(y []float64, m int) ([]float64, adjustment) {
	return seasonalAdjustBy(y, m, seasonRule{})
}

// seasonalAdjustBy is seasonalAdjust with the decision made by rule.
func seasonalAdjustBy(y []float64, m int, rule seasonRule) ([]float64, adjustment) {
	if !rule.seasonal(y, m) {
		return y, adjustment{m: m}
	}
	idx := seasonalIndices(y, m)
	for _, v := range idx {
		if !(v >= 1e-4) || math.IsInf(v, 0) {
			return y, adjustment{m: m}
		}
	}
	ya := make([]float64, len(y))
	for t, v := range y {
		ya[t] = v / idx[t%m]
	}
	return ya, adjustment{m: m, idx: idx}
}

// localAdjust is seasonalAdjustBy with local seasonal indices: when rule
// says y is seasonal, season j's index is its latest ratio y_t/T_t to the
// centred moving average T (classical decomposition's ratios, of which
// decomposition takes the mean over all years), the m of them divided by
// their mean. y is left as it is when a season has no ratio (fewer than
// 2m observations for even m) or an index is below 1e-4 or not finite.
func localAdjust(y []float64, m int, rule seasonRule) ([]float64, adjustment) {
	if !rule.seasonal(y, m) {
		return y, adjustment{m: m}
	}
	n, half := len(y), m/2
	idx := make([]float64, m)
	for j := range idx {
		idx[j] = math.NaN()
	}
	for t := max(half, n-half-m); t < n-half; t++ {
		idx[t%m] = y[t] / centredMean(y, m, t)
	}
	var mean float64
	for _, v := range idx {
		mean += v
	}
	mean /= float64(m)
	for j := range idx {
		idx[j] /= mean
		if !(idx[j] >= 1e-4) || math.IsInf(idx[j], 0) {
			return y, adjustment{m: m}
		}
	}
	ya := make([]float64, n)
	for t, v := range y {
		ya[t] = v / idx[t%m]
	}
	return ya, adjustment{m: m, idx: idx}
}

// adjusted is a series seasonally adjusted by a rule, with the SES fit
// (least squares, R's ses()) of the adjusted series, which Theta, SES and
// the optimised Theta method at θ = 1 all need.
type adjusted struct {
	ya     []float64
	adj    adjustment
	ses    *ETS
	sesErr error
	fitted bool
}

// sesFit returns FitETS(a.ya, 1, specANN, mseSettings), fitted once.
func (a *adjusted) sesFit() (*ETS, error) {
	if !a.fitted {
		a.ses, a.sesErr = FitETS(a.ya, 1, specANN, mseSettings)
		a.fitted = true
	}
	return a.ses, a.sesErr
}

// adjustCache shares the adjustments and SES fits of one series and its
// prefixes (the backtest origins) among the members of one combination;
// a nil *adjustCache shares nothing. It is not safe for concurrent use.
type adjustCache struct {
	by map[adjustKey]*adjusted
	// ets holds, by the prefix's length, the candidates the ets member
	// fitted fully (without screening: every admissible one), for etsd.
	ets map[int][]*ETS
}

// putETS records the ETS candidates fitted fully to the prefix of length
// n (nothing for a nil cache).
func (c *adjustCache) putETS(n int, all []*ETS) {
	if c == nil {
		return
	}
	if c.ets == nil {
		c.ets = make(map[int][]*ETS)
	}
	c.ets[n] = all
}

// etsFits returns the candidates putETS recorded for the prefix of length
// n, if any.
func (c *adjustCache) etsFits(n int) ([]*ETS, bool) {
	if c == nil {
		return nil, false
	}
	all, ok := c.ets[n]
	return all, ok
}

type adjustKey struct {
	n    int // the prefix's length
	rule seasonRule
}

// get returns y adjusted by rule; y must be a prefix of the series the
// cache is for.
func (c *adjustCache) get(y []float64, m int, rule seasonRule) *adjusted {
	if c != nil {
		if a, ok := c.by[adjustKey{len(y), rule}]; ok {
			return a
		}
	}
	ya, adj := seasonalAdjustBy(y, m, rule)
	a := &adjusted{ya: ya, adj: adj}
	if c != nil {
		if c.by == nil {
			c.by = make(map[adjustKey]*adjusted)
		}
		c.by[adjustKey{len(y), rule}] = a
	}
	return a
}

// factor returns the index of observation t (0-based; t >= n for
// forecasts), 1 without adjustment.
func (a adjustment) factor(t int) float64 {
	if a.idx == nil {
		return 1
	}
	return a.idx[t%a.m]
}

// reseason multiplies the forecast of a series of n observations, mean and
// bounds, by the seasonal indices of its steps.
func (a adjustment) reseason(f *Forecast, n int) {
	if a.idx == nil {
		return
	}
	for i := range f.Mean {
		s := a.factor(n + i)
		f.Mean[i] *= s
		f.Lo80[i] *= s
		f.Hi80[i] *= s
		f.Lo95[i] *= s
		f.Hi95[i] *= s
	}
}

// centredMean is the centred moving average of order m at t (a 2×m MA when
// m is even), the trend of classical decomposition. It needs m/2 <= t < n-m/2.
func centredMean(y []float64, m, t int) float64 {
	half := m / 2
	var tr float64
	if m%2 == 0 {
		tr = 0.5*y[t-half] + 0.5*y[t+half]
		for j := t - half + 1; j < t+half; j++ {
			tr += y[j]
		}
	} else {
		for j := t - half; j <= t+half; j++ {
			tr += y[j]
		}
	}
	return tr / float64(m)
}
