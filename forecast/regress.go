package forecast

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrCollinear means some columns of a regression design are linear
// combinations of others, so their coefficients are not identified. Regress
// returns it wrapped in a *CollinearError that names the columns.
var ErrCollinear = errors.New("forecast: collinear columns in the design")

// ErrWeight means a regression weight is negative.
var ErrWeight = errors.New("forecast: negative weight")

// DefaultRankTol is the default RegressSettings.RankTol: a column is taken
// as collinear when the part of it orthogonal to the columns before it has
// less than this fraction of its norm. Float64 data that are an exact linear
// combination up to rounding (x3 = x1 + x2 computed in float64) land near
// 1e-16; NIST's Filip design, the hardest of the StRD, is near 1e-9 and is
// kept (R's lm drops its x¹⁰ at its default tol = 1e-7).
const DefaultRankTol = 1e-13

// RegressSettings are the options of Regress. The zero value (or nil) means
// no intercept, 95% confidence intervals, DefaultRankTol and columns named
// x1, x2, ….
type RegressSettings struct {
	// Intercept adds a column of ones before the columns of x, named
	// "(Intercept)". R², adjusted R² and the F test are then centred, as in
	// R's lm(y ~ x). Without it they are uncentred (R's lm(y ~ 0 + x)),
	// even if x holds a column of ones of the caller's own.
	Intercept bool
	// Names names the columns of x (len = columns of x), nil for x1, x2, ….
	Names []string
	// Level is the confidence level of the intervals, in (0, 1); 0 means 0.95.
	Level float64
	// RankTol is the collinearity tolerance (see DefaultRankTol); 0 means
	// DefaultRankTol.
	RankTol float64
}

// Term is one coefficient of a regression with its inference.
type Term struct {
	Name     string
	Estimate float64
	StdError float64
	T        float64 // Estimate / StdError
	P        float64 // two-sided p value from Student's t with DF degrees of freedom
	Lower    float64 // confidence interval at Regression.Level
	Upper    float64
}

// Regression is a weighted least-squares fit y = Xβ + ε, Var(εᵢ) = σ²/wᵢ.
// The conventions are those of R's lm and summary.lm, noted per field.
type Regression struct {
	Terms     []Term // one per column of the design, the intercept first if any
	Intercept bool
	Level     float64 // confidence level of Terms' intervals

	N  int // observations with a positive weight (all of them when unweighted)
	DF int // residual degrees of freedom, N − len(Terms)

	Sigma        float64 // residual standard error √(Σwᵢeᵢ²/DF) (R's sigma)
	RSS          float64 // weighted residual sum of squares Σwᵢeᵢ²
	RSquared     float64 // centred with an intercept, uncentred without (R)
	AdjRSquared  float64 // 1 − (1−R²)(N−i)/DF, i = 1 with an intercept, else 0
	F            float64 // F statistic of all terms but the intercept
	FDF1, FDF2   int     // its degrees of freedom: len(Terms) − i and DF
	FP           float64 // its p value
	LogLik       float64 // R's logLik.lm: ½(Σlog wᵢ − N(log 2π + 1 − log N + log RSS))
	AIC, BIC     float64 // −2·LogLik + k·(len(Terms)+1), k = 2 or log N: σ counts, as in R
	Cond         float64 // 2-norm condition number of the weighted design with unit-norm columns
	Fitted       []float64
	Resid        []float64 // yᵢ − ŷᵢ, unweighted (R's residuals; multiply by √wᵢ for weighted)
	Leverage     []float64 // hat values hᵢᵢ of the weighted design (R's hatvalues); 0 for wᵢ = 0
	Coefficients []float64 // the Terms' estimates as a slice, for Predict

	// Kept for Diagnose and PredictInterval: copies of the data (x without
	// the intercept column, weights nil when unweighted) and the unscaled
	// covariance (X'WX)⁻¹ = R⁻¹R⁻ᵀ in design order, rounded from dd.
	x       *mat.Dense
	y       []float64
	weights []float64
	covU    [][]float64
}

// CollinearError reports columns of a design that are (up to RankTol) linear
// combinations of the columns before them. It wraps ErrCollinear.
type CollinearError struct {
	Columns   []int    // indices in the design, the intercept (if any) being 0
	Names     []string // their names
	Relations []string // e.g. "x3 = 1·x1 + 1·x2", in the design's units
	RankTol   float64
}

func (e *CollinearError) Error() string {
	return fmt.Sprintf("%v: %s (tolerance %.3g)", ErrCollinear, strings.Join(e.Relations, "; "), e.RankTol)
}

func (e *CollinearError) Unwrap() error { return ErrCollinear }

// Regress fits y on the columns of x (n×k) by least squares with weights
// (nil for unweighted; otherwise len n, finite, >= 0, and an observation
// with weight 0 counts for nothing, as in R's lm). x, y and weights are not
// modified; s may be nil.
//
// Each value of y is read as the shortest decimal that rounds to it (what
// strconv.FormatFloat(v, 'g', -1, 64) prints: 1.11111 for the float64
// nearest 1.11111), carried in double-double, so a response typed or
// stored as decimals is fitted as written, not as its binary rounding; a
// value that is not a short decimal (a computed 1/3) moves by less than
// half a unit in its last place. x and weights are taken as the float64
// values they are: design columns are often computed from one another
// (x, x², …; products; logs), and reading each as a decimal would break
// the exact relations between them.
//
// The fit is a Householder QR factorisation of the weighted design carried
// in double-double arithmetic (about 32 digits), with columns taken in
// order and a column moved aside when it is collinear with the ones before
// it (the rule of R's dqrdc2), followed by two steps of iterative refinement
// of the solution with residuals computed in double-double. Every reported
// number is rounded from double-double once, so the accuracy is limited by
// the data, not by the arithmetic: on the NIST StRD linear-regression
// problems the coefficients and standard errors agree with the certified
// values to 7.6–15 digits, at least as many as R's lm except on Filip,
// whose float64 powers of x limit any solver to 7.6, and in the last digit
// of NoInt2's standard error (14.9), that of its float64 rounding (see
// the table in regress_test.go).
//
// Contract on collinearity: no column is ever dropped. If some column is a
// linear combination of earlier ones (relative tolerance RankTol), Regress
// returns a nil *Regression and a *CollinearError naming each such column
// and the combination. Otherwise the fit is returned with Cond, the
// condition number of the design with its columns scaled to unit norm: the
// caller decides what is too ill-conditioned (with float64 data, about
// 16 − log10(Cond) digits of the coefficients are determined by the data).
//
// Errors: ErrNaN if x, y or weights hold NaN or Inf; ErrWeight for a
// negative weight; ErrTooShort if fewer observations have a positive weight
// than there are coefficients; ErrCollinear as above. It panics if len(y) or
// len(weights) differs from the rows of x, if Names has the wrong length or
// Level is outside (0, 1).
func Regress(x *mat.Dense, y, weights []float64, s *RegressSettings) (*Regression, error) {
	n, k := x.Dims()
	var set RegressSettings
	if s != nil {
		set = *s
	}
	if len(y) != n {
		panic(fmt.Sprintf("forecast: Regress: %d rows in x, %d observations in y", n, len(y)))
	}
	if weights != nil && len(weights) != n {
		panic(fmt.Sprintf("forecast: Regress: %d rows in x, %d weights", n, len(weights)))
	}
	if set.Names != nil && len(set.Names) != k {
		panic(fmt.Sprintf("forecast: Regress: %d columns in x, %d names", k, len(set.Names)))
	}
	if set.Level == 0 {
		set.Level = 0.95
	}
	if !(set.Level > 0 && set.Level < 1) {
		panic(fmt.Sprintf("forecast: Regress: level %v outside (0, 1)", set.Level))
	}
	if set.RankTol == 0 {
		set.RankTol = DefaultRankTol
	}
	if err := checkSeries(y, 0); err != nil {
		return nil, fmt.Errorf("regress: y: %w", err)
	}
	for i := range n {
		for j := range k {
			if v := x.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("regress: %w: x[%d,%d] = %v", ErrNaN, i, j, v)
			}
		}
	}
	nEff := n
	if weights != nil {
		if err := checkSeries(weights, 0); err != nil {
			return nil, fmt.Errorf("regress: weights: %w", err)
		}
		nEff = 0
		for i, w := range weights {
			if w < 0 {
				return nil, fmt.Errorf("regress: %w: weight %d is %v", ErrWeight, i+1, w)
			}
			if w > 0 {
				nEff++
			}
		}
	}
	icpt := 0
	if set.Intercept {
		icpt = 1
	}
	p := k + icpt
	names := make([]string, 0, p)
	if set.Intercept {
		names = append(names, "(Intercept)")
	}
	for j := range k {
		if set.Names != nil {
			names = append(names, set.Names[j])
		} else {
			names = append(names, fmt.Sprintf("x%d", j+1))
		}
	}
	if p == 0 || nEff < p {
		return nil, fmt.Errorf("regress: %w: %d observations for %d coefficients", ErrTooShort, nEff, p)
	}

	// The design, the response as the decimals it was written as
	// (ddDecimal), and both weighted, in double-double.
	xd := make([][]dd, p) // column j of the design, intercept first
	for j := range p {
		xd[j] = make([]dd, n)
		for i := range n {
			if j < icpt {
				xd[j][i] = dd{1, 0}
			} else {
				xd[j][i] = dd{x.At(i, j-icpt), 0}
			}
		}
	}
	yd := make([]dd, n)
	for i := range n {
		yd[i] = ddDecimal(y[i])
	}
	sw := make([]dd, n)
	for i := range n {
		sw[i] = dd{1, 0}
		if weights != nil {
			sw[i] = ddSqrt(dd{weights[i], 0})
		}
	}
	xw := make([][]dd, p)
	work := make([][]dd, p)
	norm0 := make([]float64, p)
	for j := range p {
		xw[j] = make([]dd, n)
		work[j] = make([]dd, n)
		var ss dd
		for i := range n {
			v := ddMul(sw[i], xd[j][i])
			xw[j][i], work[j][i] = v, v
			ss = ddAdd(ss, ddMul(v, v))
		}
		norm0[j] = ddSqrt(ss).float()
	}
	yw := make([]dd, n)
	for i := range n {
		yw[i] = ddMul(sw[i], yd[i])
	}

	var qr ddQR
	qr.factor(work, norm0, set.RankTol)
	if qr.rank < p {
		return nil, fmt.Errorf("regress: %w", qr.collinear(names, norm0, set.RankTol))
	}

	// Solve R b = Q'y, then refine: b += R⁻¹Q'(y − Xb), residuals in dd.
	b := make([]dd, p)
	c := append([]dd(nil), yw...)
	qr.applyQT(c)
	qr.solveR(b, c)
	delta := make([]dd, p)
	for range 2 {
		for i := range n {
			r := yw[i]
			for kk := range p {
				r = ddSub(r, ddMul(xw[qr.perm[kk]][i], b[kk]))
			}
			c[i] = r
		}
		qr.applyQT(c)
		qr.solveR(delta, c)
		for kk := range p {
			b[kk] = ddAdd(b[kk], delta[kk])
		}
	}
	beta := make([]dd, p) // in design order
	for kk := range p {
		beta[qr.perm[kk]] = b[kk]
	}

	reg := &Regression{
		Intercept: set.Intercept, Level: set.Level, N: nEff, DF: nEff - p,
		Fitted: make([]float64, n), Resid: make([]float64, n), Leverage: make([]float64, n),
		Coefficients: make([]float64, p), Terms: make([]Term, p),
	}

	// Residuals, RSS and TSS in dd.
	var rss, sumW, sumWY dd
	for i := range n {
		f := dd{}
		for j := range p {
			f = ddAdd(f, ddMul(beta[j], xd[j][i]))
		}
		e := ddSub(yd[i], f)
		reg.Fitted[i], reg.Resid[i] = f.float(), e.float()
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		rss = ddAdd(rss, ddMulF(ddMul(e, e), w))
		sumW = ddAdd(sumW, dd{w, 0})
		sumWY = ddAdd(sumWY, ddMulF(yd[i], w))
	}
	var tss dd
	mean := dd{}
	if set.Intercept {
		mean = ddDiv(sumWY, sumW)
	}
	for i := range n {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		d := ddSub(yd[i], mean)
		tss = ddAdd(tss, ddMulF(ddMul(d, d), w))
	}
	reg.RSS = rss.float()
	df := reg.DF
	sigma2 := ddDiv(rss, dd{float64(df), 0})
	sigma := ddSqrt(sigma2)
	if df == 0 {
		sigma = dd{math.NaN(), 0}
	}
	reg.Sigma = sigma.float()

	// Standard errors: σ̂·‖row of R⁻¹‖, R⁻¹ in dd.
	rinv := qr.rInverse()
	var tq float64
	var tdist distuv.StudentsT
	if df > 0 {
		tdist = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
		tq = tdist.Quantile(0.5 + set.Level/2)
	}
	for kk := range p {
		var ss dd
		for jj := kk; jj < p; jj++ {
			ss = ddAdd(ss, ddMul(rinv[kk][jj], rinv[kk][jj]))
		}
		j := qr.perm[kk]
		se := ddMul(sigma, ddSqrt(ss)).float()
		est := beta[j].float()
		t := Term{Name: names[j], Estimate: est, StdError: se, T: est / se, P: math.NaN(),
			Lower: est - tq*se, Upper: est + tq*se}
		if df > 0 {
			t.P = 2 * tdist.Survival(math.Abs(t.T))
		} else {
			t.Lower, t.Upper = math.NaN(), math.NaN()
		}
		reg.Terms[j] = t
		reg.Coefficients[j] = est
	}
	reg.covU = make([][]float64, p)
	for a := range p {
		reg.covU[a] = make([]float64, p)
	}
	for a := range p {
		for b := a; b < p; b++ {
			var s dd
			for kk := b; kk < p; kk++ {
				s = ddAdd(s, ddMul(rinv[a][kk], rinv[b][kk]))
			}
			ja, jb := qr.perm[a], qr.perm[b]
			reg.covU[ja][jb], reg.covU[jb][ja] = s.float(), s.float()
		}
	}
	reg.x = mat.DenseCopyOf(x)
	reg.y = append([]float64(nil), y...)
	if weights != nil {
		reg.weights = append([]float64(nil), weights...)
	}

	// Fit statistics, R's conventions.
	reg.RSquared = ddSub(dd{1, 0}, ddDiv(rss, tss)).float()
	reg.AdjRSquared = 1 - (1-reg.RSquared)*float64(nEff-icpt)/float64(df)
	reg.FDF1, reg.FDF2 = p-icpt, df
	reg.F, reg.FP = math.NaN(), math.NaN()
	if reg.FDF1 > 0 && df > 0 {
		mss := ddSub(tss, rss)
		reg.F = ddDiv(ddDiv(mss, dd{float64(reg.FDF1), 0}), sigma2).float()
		// P(F > f) as the incomplete beta, not 1 − CDF, which loses the
		// small p values (gonum's distuv.F.Survival does that).
		d1, d2 := float64(reg.FDF1), float64(df)
		reg.FP = mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*reg.F))
	}
	var sumLogW float64
	if weights != nil {
		for _, w := range weights {
			if w > 0 {
				sumLogW += math.Log(w)
			}
		}
	}
	nf := float64(nEff)
	reg.LogLik = 0.5 * (sumLogW - nf*(math.Log(2*math.Pi)+1-math.Log(nf)+math.Log(reg.RSS)))
	reg.AIC = -2*reg.LogLik + 2*float64(p+1)
	reg.BIC = -2*reg.LogLik + math.Log(nf)*float64(p+1)

	reg.Cond = qr.cond(norm0)
	qr.hat(reg.Leverage)
	return reg, nil
}

// Predict returns x'β̂ for a row of the design (the intercept's 1 included
// when the fit has one). It panics if len(row) != len(r.Terms).
func (r *Regression) Predict(row []float64) float64 {
	if len(row) != len(r.Coefficients) {
		panic(fmt.Sprintf("forecast: Regression.Predict: row of %d, want %d", len(row), len(r.Coefficients)))
	}
	f := dd{}
	for j, v := range row {
		f = ddAdd(f, ddProd(v, r.Coefficients[j]))
	}
	return f.float()
}

// ddQR is a Householder QR factorisation in double-double, columns stored
// in pivot order: R on and above the diagonal, the reflectors below it.
type ddQR struct {
	m, p int
	a    [][]dd // a[j][i]: column j (pivot order), row i
	v0   []dd   // first element of reflector k (its others are a[k][k+1:])
	sc   []dd   // α·v0 of reflector k, negative
	perm []int  // perm[k] = design column in pivot position k
	rank int
}

// factor factorises the columns cols (which it takes over), moving a column
// to the end when its norm orthogonal to the columns before it is at most
// tol times its own norm (norm0, by design column), as R's dqrdc2 does.
func (q *ddQR) factor(cols [][]dd, norm0 []float64, tol float64) {
	q.p = len(cols)
	q.m = len(cols[0])
	q.a = cols
	q.v0 = make([]dd, q.p)
	q.sc = make([]dd, q.p)
	q.perm = make([]int, q.p)
	for j := range q.perm {
		q.perm[j] = j
	}
	lim := q.p
	for k := 0; k < lim; {
		c := q.a[k]
		var ss dd
		for i := k; i < q.m; i++ {
			ss = ddAdd(ss, ddMul(c[i], c[i]))
		}
		nrm := ddSqrt(ss)
		if !(nrm.hi > tol*norm0[q.perm[k]]) || k == q.m {
			pk := q.perm[k]
			copy(q.a[k:], q.a[k+1:])
			copy(q.perm[k:], q.perm[k+1:])
			q.a[q.p-1], q.perm[q.p-1] = c, pk
			lim--
			continue
		}
		alpha := nrm
		if c[k].hi > 0 {
			alpha = ddNeg(nrm)
		}
		q.v0[k] = ddSub(c[k], alpha)
		q.sc[k] = ddMul(alpha, q.v0[k])
		c[k] = alpha
		for j := k + 1; j < q.p; j++ {
			q.reflect(k, q.a[j])
		}
		k++
	}
	q.rank = lim
}

// reflect applies reflector k to b in place.
func (q *ddQR) reflect(k int, b []dd) {
	v := q.a[k]
	s := ddMul(q.v0[k], b[k])
	for i := k + 1; i < q.m; i++ {
		s = ddAdd(s, ddMul(v[i], b[i]))
	}
	if s.hi == 0 {
		return
	}
	f := ddDiv(s, q.sc[k])
	b[k] = ddAdd(b[k], ddMul(f, q.v0[k]))
	for i := k + 1; i < q.m; i++ {
		b[i] = ddAdd(b[i], ddMul(f, v[i]))
	}
}

// applyQT overwrites b (len m) with Q'b.
func (q *ddQR) applyQT(b []dd) {
	for k := range q.rank {
		q.reflect(k, b)
	}
}

// solveR solves R₁₁z = c[:rank] into z by back substitution.
func (q *ddQR) solveR(z, c []dd) {
	for i := q.rank - 1; i >= 0; i-- {
		s := c[i]
		for j := i + 1; j < q.rank; j++ {
			s = ddSub(s, ddMul(q.a[j][i], z[j]))
		}
		z[i] = ddDiv(s, q.a[i][i])
	}
}

// rInverse returns R⁻¹ (rank×rank, upper triangular) by rows.
func (q *ddQR) rInverse() [][]dd {
	r := q.rank
	inv := make([][]dd, r)
	for i := range inv {
		inv[i] = make([]dd, r)
	}
	for j := range r {
		inv[j][j] = ddDiv(dd{1, 0}, q.a[j][j])
		for i := j - 1; i >= 0; i-- {
			var s dd
			for kk := i + 1; kk <= j; kk++ {
				s = ddAdd(s, ddMul(q.a[kk][i], inv[kk][j]))
			}
			inv[i][j] = ddNeg(ddDiv(s, q.a[i][i]))
		}
	}
	return inv
}

// cond returns the 2-norm condition number of R₁₁ with its columns divided
// by the norms of the design columns: that of the unit-norm design.
func (q *ddQR) cond(norm0 []float64) float64 {
	r := q.rank
	m := mat.NewDense(r, r, nil)
	for j := range r {
		for i := 0; i <= j; i++ {
			m.Set(i, j, q.a[j][i].float()/norm0[q.perm[j]])
		}
	}
	return mat.Cond(m, 2)
}

// hat writes the diagonal of the hat matrix, ‖row i of Q₁‖², into h. Q is
// orthogonal, so float64 is enough whatever the conditioning.
func (q *ddQR) hat(h []float64) {
	m, r := q.m, q.rank
	v := make([]float64, m)
	for i := range h {
		h[i] = 0
	}
	for j := range r {
		for i := range v {
			v[i] = 0
		}
		v[j] = 1
		for k := r - 1; k >= 0; k-- {
			a := q.a[k]
			v0 := q.v0[k].float()
			s := v0 * v[k]
			for i := k + 1; i < m; i++ {
				s += a[i].hi * v[i]
			}
			f := s / q.sc[k].float()
			v[k] += f * v0
			for i := k + 1; i < m; i++ {
				v[i] += f * a[i].hi
			}
		}
		for i, vi := range v {
			h[i] += vi * vi
		}
	}
}

// collinear describes the columns factor moved aside: each is expressed in
// the kept columns by solving R₁₁c = R₁₂.
func (q *ddQR) collinear(names []string, norm0 []float64, tol float64) *CollinearError {
	e := &CollinearError{RankTol: tol}
	z := make([]dd, q.rank)
	for kk := q.rank; kk < q.p; kk++ {
		j := q.perm[kk]
		e.Columns = append(e.Columns, j)
		e.Names = append(e.Names, names[j])
		if norm0[j] == 0 {
			e.Relations = append(e.Relations, names[j]+" is all zeros")
			continue
		}
		q.solveR(z, q.a[kk])
		var terms []string
		for i := range q.rank {
			ji := q.perm[i]
			cf := z[i].float()
			if math.Abs(cf)*norm0[ji] > 1e-6*norm0[j] {
				terms = append(terms, fmt.Sprintf("%.6g·%s", cf, names[ji]))
			}
		}
		if len(terms) == 0 {
			terms = []string{"0"}
		}
		e.Relations = append(e.Relations, names[j]+" = "+strings.Join(terms, " + "))
	}
	return e
}

// ddDecimal returns the shortest decimal that rounds to v (strconv's 'g', -1
// form) in double-double, so 1.11111 becomes 1.11111 to about 32 digits
// instead of 1.11111000000000004206…. The result always rounds back to v;
// where that could fail (|v| near the ends of the float64 range) it is v.
func ddDecimal(v float64) dd {
	a := math.Abs(v)
	if a == 0 || a < 1e-280 || a > 1e280 || (a < 1<<53 && a == math.Trunc(a)) {
		return dd{v, 0}
	}
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], a, 'e', -1, 64) // d.ddde±xx
	var mant uint64
	nd, i := 0, 0
	for ; i < len(s) && s[i] != 'e'; i++ {
		if c := s[i]; c != '.' {
			mant = mant*10 + uint64(c-'0')
			nd++
		}
	}
	exp, err := strconv.Atoi(string(s[i+1:]))
	if err != nil {
		panic("forecast: ddDecimal: " + string(s))
	}
	exp -= nd - 1 // v = mant·10^exp
	hi := float64(mant)
	r := dd{hi, float64(int64(mant) - int64(hi))}
	for exp > 0 {
		e := min(exp, 22)
		r = ddMulF(r, math.Pow10(e)) // exact powers of ten up to 1e22
		exp -= e
	}
	for exp < 0 {
		e := min(-exp, 22)
		r = ddDiv(r, dd{math.Pow10(e), 0})
		exp += e
	}
	if r.float() != a {
		return dd{v, 0}
	}
	if v < 0 {
		return ddNeg(r)
	}
	return r
}
