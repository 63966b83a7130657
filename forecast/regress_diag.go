package forecast

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Thresholds of the warnings of Diagnose.
const (
	// DiagAlpha is the significance level below which a test's p value
	// raises a warning.
	DiagAlpha = 0.05
	// DurbinWatsonLow and DurbinWatsonHigh bound the Durbin–Watson
	// statistic of residuals taken as uncorrelated (2 for none; the usual
	// rule of thumb).
	DurbinWatsonLow, DurbinWatsonHigh = 1.5, 2.5
	// VIFHigh is the variance inflation factor above which a predictor is
	// reported as collinear with the others.
	VIFHigh = 10
)

// TestResult is a test statistic with its degrees of freedom and p value.
type TestResult struct {
	Statistic float64
	DF        float64
	P         float64
}

// Diagnostics are the checks of a regression's assumptions. Residuals are
// the weighted residuals √wᵢ·eᵢ (R's weighted.residuals; eᵢ unweighted)
// in the order of the observations, observations with weight 0 left out;
// N below is the number of the others.
type Diagnostics struct {
	// DurbinWatson is Σ(eₜ − eₜ₋₁)² / Σeₜ²: about 2 when successive
	// residuals are uncorrelated, towards 0 when positively correlated.
	DurbinWatson float64
	// LjungBox is R's Box.test(e, lag = LjungBoxLag, type = "Ljung-Box")
	// (fitdf = 0): N(N+2)·Σₖ rₖ²/(N−k) with rₖ the lag-k autocorrelation of
	// the demeaned residuals, chi-square with LjungBoxLag degrees of freedom.
	LjungBox    TestResult
	LjungBoxLag int // min(10, N/5), at least 1
	// JarqueBera is N/6·(S² + (K−3)²/4) with S and K the skewness and
	// kurtosis of the residuals (moments about their mean, divisor N),
	// chi-square with 2 degrees of freedom: small p means not normal.
	JarqueBera TestResult
	// BreuschPagan is Koenker's studentised test, R's lmtest::bptest
	// default: with uᵢ = eᵢ² − Σwⱼeⱼ²/N (eᵢ unweighted), the auxiliary
	// regression of u on the design (weighted as the fit) gives
	// N·Σwᵢûᵢ²/Σuᵢ², chi-square with len(Terms) − 1 degrees of freedom. NaN
	// when the design has a single column (bptest refuses then).
	BreuschPagan TestResult
	// VIF is the variance inflation factor 1/(1 − R²ⱼ) of each predictor
	// (Terms without the intercept, in order), R²ⱼ that of the weighted
	// regression of column j on the others (with the intercept if the fit
	// has one, so centred, as car::vif; uncentred without). 1 for a lone
	// predictor.
	VIF []float64
	// Leverage and CooksDistance are per observation (len of y, 0 for a
	// weight of 0): the hat values and R's cooks.distance,
	// (ẽᵢ/(σ̂(1−hᵢ)))²·hᵢ/p with ẽ the weighted residual and p = len(Terms).
	Leverage, CooksDistance []float64
	// HighLeverage lists the observations (0-based) with hᵢ > 2p/N, and
	// Influential those with Cook's distance > 4/N.
	HighLeverage, Influential []int
	// Warnings say in plain words which checks failed, in the order of the
	// fields above; none when all pass.
	Warnings []string
}

// Diagnose computes the Diagnostics of r. It needs at least 3 observations
// with a positive weight and DF > 0; statistics it cannot compute are NaN.
func Diagnose(r *Regression) *Diagnostics {
	n := len(r.y)
	p := len(r.Terms)
	w := func(i int) float64 {
		if r.weights == nil {
			return 1
		}
		return r.weights[i]
	}
	var keep []int // observations with positive weight
	var e []float64
	for i := range n {
		if w(i) > 0 {
			keep = append(keep, i)
			e = append(e, math.Sqrt(w(i))*r.Resid[i])
		}
	}
	m := len(e)
	nan := math.NaN()
	d := &Diagnostics{
		Leverage:      append([]float64(nil), r.Leverage...),
		CooksDistance: make([]float64, n),
	}

	// Durbin–Watson.
	var num, den float64
	for t, v := range e {
		den += v * v
		if t > 0 {
			num += (v - e[t-1]) * (v - e[t-1])
		}
	}
	d.DurbinWatson = num / den

	// Ljung–Box.
	lag := max(1, min(10, m/5))
	d.LjungBoxLag = lag
	d.LjungBox = TestResult{Statistic: nan, DF: float64(lag), P: nan}
	if m > lag+1 {
		mean := 0.0
		for _, v := range e {
			mean += v
		}
		mean /= float64(m)
		var c0 float64
		for _, v := range e {
			c0 += (v - mean) * (v - mean)
		}
		var q float64
		for k := 1; k <= lag; k++ {
			var ck float64
			for t := k; t < m; t++ {
				ck += (e[t] - mean) * (e[t-k] - mean)
			}
			rk := ck / c0
			q += rk * rk / float64(m-k)
		}
		q *= float64(m) * float64(m+2)
		d.LjungBox = TestResult{Statistic: q, DF: float64(lag), P: chiSquareP(q, float64(lag))}
	}

	// Jarque–Bera.
	{
		mean := 0.0
		for _, v := range e {
			mean += v
		}
		mean /= float64(m)
		var m2, m3, m4 float64
		for _, v := range e {
			c := v - mean
			m2 += c * c
			m3 += c * c * c
			m4 += c * c * c * c
		}
		m2, m3, m4 = m2/float64(m), m3/float64(m), m4/float64(m)
		s := m3 / math.Pow(m2, 1.5)
		k := m4 / (m2 * m2)
		jb := float64(m) / 6 * (s*s + (k-3)*(k-3)/4)
		d.JarqueBera = TestResult{Statistic: jb, DF: 2, P: chiSquareP(jb, 2)}
	}

	// Breusch–Pagan (Koenker), lmtest::bptest's formula.
	d.BreuschPagan = TestResult{Statistic: nan, DF: float64(p - 1), P: nan}
	if p >= 2 {
		var s2 float64
		for _, i := range keep {
			s2 += w(i) * r.Resid[i] * r.Resid[i]
		}
		s2 /= float64(m)
		u := make([]float64, m)
		var uu float64
		for t, i := range keep {
			u[t] = r.Resid[i]*r.Resid[i] - s2
			uu += u[t] * u[t]
		}
		z, zw := r.rows(keep)
		aux, err := Regress(z, u, zw, &RegressSettings{Intercept: r.Intercept})
		if err == nil {
			var fss float64
			for t, f := range aux.Fitted {
				fss += wOf(zw, t) * f * f
			}
			bp := float64(m) * fss / uu
			d.BreuschPagan = TestResult{Statistic: bp, DF: float64(p - 1), P: chiSquareP(bp, float64(p-1))}
		}
	}

	// VIF.
	_, k := r.x.Dims()
	d.VIF = make([]float64, k)
	for j := range k {
		d.VIF[j] = r.vif(j)
	}

	// Leverage and Cook's distance.
	for _, i := range keep {
		h := r.Leverage[i]
		ew := math.Sqrt(w(i)) * r.Resid[i]
		c := ew / (r.Sigma * (1 - h))
		d.CooksDistance[i] = c * c * h / float64(p)
		if h > 2*float64(p)/float64(m) {
			d.HighLeverage = append(d.HighLeverage, i)
		}
		if d.CooksDistance[i] > 4/float64(m) {
			d.Influential = append(d.Influential, i)
		}
	}

	d.Warnings = d.warnings(r)
	return d
}

// warnings words the failed checks.
func (d *Diagnostics) warnings(r *Regression) []string {
	var ws []string
	if dw := d.DurbinWatson; dw < DurbinWatsonLow {
		ws = append(ws, fmt.Sprintf("residuals are autocorrelated (Durbin–Watson %.2f): standard errors are too small and p values too optimistic", dw))
	} else if dw > DurbinWatsonHigh {
		ws = append(ws, fmt.Sprintf("residuals alternate in sign (Durbin–Watson %.2f): the model misses some structure", dw))
	}
	if d.LjungBox.P < DiagAlpha {
		ws = append(ws, fmt.Sprintf("residuals are correlated over the first %d lags (Ljung–Box p = %.3g): a lag or a seasonal term is missing", d.LjungBoxLag, d.LjungBox.P))
	}
	if d.JarqueBera.P < DiagAlpha {
		ws = append(ws, fmt.Sprintf("residuals are not normal (Jarque–Bera p = %.3g): with few observations, p values and intervals are approximate", d.JarqueBera.P))
	}
	if d.BreuschPagan.P < DiagAlpha {
		ws = append(ws, fmt.Sprintf("the residuals' spread changes with the predictors (Breusch–Pagan p = %.3g): standard errors are unreliable; consider logs or weights", d.BreuschPagan.P))
	}
	off := 0
	if r.Intercept {
		off = 1
	}
	var high []string
	for j, v := range d.VIF {
		if v > VIFHigh {
			high = append(high, fmt.Sprintf("%s %.3g", r.Terms[j+off].Name, v))
		}
	}
	if len(high) > 0 {
		ws = append(ws, fmt.Sprintf("predictors are nearly collinear (VIF %s): their coefficients are unstable and hard to read one by one", strings.Join(high, ", ")))
	}
	if len(d.HighLeverage) > 0 {
		ws = append(ws, fmt.Sprintf("%d observation%s with high leverage (above 2p/n): %s", len(d.HighLeverage), plural(len(d.HighLeverage)), listObs(d.HighLeverage)))
	}
	if len(d.Influential) > 0 {
		ws = append(ws, fmt.Sprintf("%d influential observation%s (Cook's distance above 4/n): %s; check them, the fit depends on them", len(d.Influential), plural(len(d.Influential)), listObs(d.Influential)))
	}
	return ws
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// listObs lists observations 1-based, at most 10.
func listObs(idx []int) string {
	var s []string
	for i, v := range idx {
		if i == 10 {
			s = append(s, fmt.Sprintf("and %d more", len(idx)-10))
			break
		}
		s = append(s, fmt.Sprint(v+1))
	}
	return "observation " + strings.Join(s, ", ")
}

func chiSquareP(x, df float64) float64 {
	if math.IsNaN(x) || !(df > 0) {
		return math.NaN()
	}
	return distuv.ChiSquared{K: df}.Survival(x)
}

func wOf(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

// rows returns the rows keep of the data matrix and their weights.
func (r *Regression) rows(keep []int) (*mat.Dense, []float64) {
	_, k := r.x.Dims()
	z := mat.NewDense(len(keep), k, nil)
	var zw []float64
	for t, i := range keep {
		for j := range k {
			z.Set(t, j, r.x.At(i, j))
		}
		if r.weights != nil {
			zw = append(zw, r.weights[i])
		}
	}
	return z, zw
}

// vif returns the variance inflation factor of data column j.
func (r *Regression) vif(j int) float64 {
	n, k := r.x.Dims()
	if k == 1 && r.Intercept {
		return 1
	}
	// 1/(1 − R²ⱼ) of the regression of column j on the others equals
	// [(X'WX)⁻¹]ⱼⱼ·Σwᵢ(xᵢⱼ − x̄ⱼ)² (partitioned inverse; x̄ⱼ the weighted
	// mean with an intercept, 0 without): one multiplication instead of
	// one more fit per predictor.
	w := func(i int) float64 {
		if r.weights == nil {
			return 1
		}
		return r.weights[i]
	}
	mean := 0.0
	if r.Intercept {
		var sw float64
		for i := range n {
			mean += w(i) * r.x.At(i, j)
			sw += w(i)
		}
		mean /= sw
	}
	var ss float64
	for i := range n {
		d := r.x.At(i, j) - mean
		ss += w(i) * d * d
	}
	c := j
	if r.Intercept {
		c++
	}
	return r.covU[c][c] * ss
}

// Prediction is the fitted mean at a row of the design with its
// confidence interval, and the interval for a new observation there.
type Prediction struct {
	Fit                  float64
	SEMean               float64 // σ̂·√(x'(X'WX)⁻¹x): R's predict(se.fit = TRUE)
	SEObs                float64 // √(SEMean² + σ̂²): a new observation of weight 1
	MeanLower, MeanUpper float64 // Fit ∓ t·SEMean, R's interval = "confidence"
	ObsLower, ObsUpper   float64 // Fit ∓ t·SEObs, R's interval = "prediction"
	Level                float64
}

// PredictInterval returns the prediction at row (a row of the design, the
// intercept's 1 included when the fit has one) with intervals at level,
// from Student's t with DF degrees of freedom. It panics if len(row) !=
// len(r.Terms) or level is outside (0, 1).
func (r *Regression) PredictInterval(row []float64, level float64) Prediction {
	if !(level > 0 && level < 1) {
		panic(fmt.Sprintf("forecast: Regression.PredictInterval: level %v outside (0, 1)", level))
	}
	fit := r.Predict(row)
	var q dd
	for a, va := range row {
		for b, vb := range row {
			q = ddAdd(q, ddMulF(ddProd(va, vb), r.covU[a][b]))
		}
	}
	qf := math.Max(q.float(), 0)
	se := r.Sigma * math.Sqrt(qf)
	so := r.Sigma * math.Sqrt(qf+1)
	tq := math.NaN()
	if r.DF > 0 {
		tq = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r.DF)}.Quantile(0.5 + level/2)
	}
	return Prediction{Fit: fit, SEMean: se, SEObs: so,
		MeanLower: fit - tq*se, MeanUpper: fit + tq*se,
		ObsLower: fit - tq*so, ObsUpper: fit + tq*so, Level: level}
}

// Covariance writes σ̂²(X'WX)⁻¹, the covariance of the coefficients (R's
// vcov), into dst (nil or len(Terms) square; the zero value sizes itself)
// and returns it.
func (r *Regression) Covariance(dst *mat.SymDense) *mat.SymDense {
	p := len(r.Terms)
	if dst == nil {
		dst = mat.NewSymDense(p, nil)
	} else if dst.IsEmpty() {
		dst.ReuseAsSym(p)
	} else if dst.SymmetricDim() != p {
		panic(mat.ErrShape)
	}
	s2 := r.Sigma * r.Sigma
	for a := range p {
		for b := a; b < p; b++ {
			dst.SetSym(a, b, s2*r.covU[a][b])
		}
	}
	return dst
}
