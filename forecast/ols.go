package forecast

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrSingular means a design matrix is rank deficient or too ill-conditioned
// for least squares (condition number above MaxCond).
var ErrSingular = errors.New("forecast: design matrix is singular or ill-conditioned")

// MaxCond is the largest condition number of a design matrix that FitOLS
// accepts: beyond it the coefficients have fewer than about four correct
// digits in float64.
const MaxCond = 1e12

// OLS is an ordinary least-squares fit y = Xβ + ε, ε ~ N(0, σ²I), computed
// through the Householder QR factorisation of X (gonum mat.QR), never the
// normal equations. It is the one OLS engine of coo: trend models use it
// here, and regression studies build their designs elsewhere and fit them
// with FitOLS.
type OLS struct {
	Coef   []float64 // β̂, one per column of X
	SE     []float64 // standard errors of β̂: σ̂·√[(X'X)⁻¹]_jj
	Sigma2 float64   // residual variance RSS/(n−p); 0 when n == p
	RSS    float64   // residual sum of squares
	N, P   int       // observations and columns
	Cond   float64   // condition number of X (2-norm estimate of gonum)
	Resid  []float64 // y − Xβ̂, in the order of the rows

	rinv *mat.Dense // R⁻¹ (p×p, upper triangular): (X'X)⁻¹ = R⁻¹R⁻ᵀ
}

// DF returns the residual degrees of freedom n − p.
func (o *OLS) DF() int { return o.N - o.P }

// FitOLS fits y on the columns of x (n×p, n >= p, an intercept is a column
// of ones the caller adds). x and y are not modified.
//
// Errors: ErrNaN if x or y holds a NaN or Inf; ErrTooShort if n < p;
// ErrSingular if x has a condition number above MaxCond. It panics if
// len(y) != n.
func FitOLS(x *mat.Dense, y []float64) (*OLS, error) {
	n, p := x.Dims()
	if len(y) != n {
		panic(fmt.Sprintf("forecast: FitOLS: %d rows in x, %d observations in y", n, len(y)))
	}
	if err := checkSeries(y, 0); err != nil {
		return nil, fmt.Errorf("ols: %w", err)
	}
	for i := range n {
		for j := range p {
			if v := x.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("ols: %w: x[%d,%d] = %v", ErrNaN, i, j, v)
			}
		}
	}
	if n < p || p == 0 {
		return nil, fmt.Errorf("ols: %w: %d observations for %d coefficients", ErrTooShort, n, p)
	}
	var qr mat.QR
	qr.Factorize(x)
	cond := qr.Cond()
	if !(cond <= MaxCond) {
		return nil, fmt.Errorf("ols: %w: condition number %.3g", ErrSingular, cond)
	}
	var beta mat.Dense
	if err := qr.SolveTo(&beta, false, mat.NewVecDense(n, append([]float64(nil), y...))); err != nil {
		return nil, fmt.Errorf("ols: %w: %v", ErrSingular, err)
	}
	o := &OLS{N: n, P: p, Cond: cond, Coef: make([]float64, p), SE: make([]float64, p), Resid: make([]float64, n)}
	for j := range p {
		o.Coef[j] = beta.At(j, 0)
	}
	for i := range n {
		fit := 0.0
		for j := range p {
			fit += x.At(i, j) * o.Coef[j]
		}
		r := y[i] - fit
		o.Resid[i] = r
		o.RSS += r * r
	}
	if n > p {
		o.Sigma2 = o.RSS / float64(n-p)
	}
	// R⁻¹ by back substitution on the identity.
	var r mat.Dense
	qr.RTo(&r)
	rp := mat.NewDense(p, p, nil)
	for j := range p {
		for i := j; i >= 0; i-- {
			v := 0.0
			if i == j {
				v = 1
			}
			for k := i + 1; k <= j; k++ {
				v -= r.At(i, k) * rp.At(k, j)
			}
			rp.Set(i, j, v/r.At(i, i))
		}
	}
	o.rinv = rp
	for j := range p {
		var s float64
		for k := j; k < p; k++ {
			s += rp.At(j, k) * rp.At(j, k)
		}
		o.SE[j] = math.Sqrt(o.Sigma2 * s)
	}
	return o, nil
}

// leverage returns x'(X'X)⁻¹x = ‖R⁻ᵀx‖² for a new row x.
func (o *OLS) leverage(row []float64) float64 {
	var s float64
	for k := range o.P { // (R⁻ᵀx)_k = Σ_{j<=k} R⁻¹_{jk} x_j
		var z float64
		for j := 0; j <= k; j++ {
			z += o.rinv.At(j, k) * row[j]
		}
		s += z * z
	}
	return s
}

// Predict returns the prediction x'β̂ for a new row x of the design and the
// standard error of a new observation there, σ̂√(1 + x'(X'X)⁻¹x) (R's
// predict.lm with interval = "prediction"). It panics if len(row) != P.
func (o *OLS) Predict(row []float64) (mean, se float64) {
	if len(row) != o.P {
		panic(fmt.Sprintf("forecast: OLS.Predict: row of %d, want %d", len(row), o.P))
	}
	for j, v := range row {
		mean += v * o.Coef[j]
	}
	return mean, math.Sqrt(o.Sigma2 * (1 + o.leverage(row)))
}

// PredictInterval returns the prediction for a new row x and the bounds of
// its central prediction interval at the given level (0.95 for 95%), from
// Student's t with n − p degrees of freedom. With n == p the bounds equal
// the prediction.
func (o *OLS) PredictInterval(row []float64, level float64) (mean, lo, hi float64) {
	mean, se := o.Predict(row)
	q := o.tQuantile(0.5 + level/2)
	return mean, mean - q*se, mean + q*se
}

func (o *OLS) tQuantile(p float64) float64 {
	if o.DF() < 1 {
		return 0
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(o.DF())}.Quantile(p)
}
