package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrHierarchy means a summing matrix cannot reconcile: its columns are
// not linearly independent, a row sums to zero where structural weights
// need it positive, or bottom-up finds no row for some bottom series.
var ErrHierarchy = errors.New("forecast: summing matrix cannot reconcile")

// ReconcileMethod is a way of making forecasts of a hierarchy add up. Each
// but ReconcileBottomUp is a projection ỹ = S·G·ŷ with G = (S'W⁻¹S)⁻¹S'W⁻¹ for a
// weight matrix W (Wickramasuriya, Athanasopoulos and Hyndman, "Optimal
// forecast reconciliation for hierarchical and grouped time series through
// trace minimization", JASA 114, 2019).
type ReconcileMethod int

const (
	// ReconcileMinT: W is the covariance of the base forecasts' one-step
	// errors, shrunk towards its diagonal (Schäfer and Strimmer, 2005) with
	// the intensity λ of R hts's shrink.estim: uncentred moments
	// (crossprod/T), target the diagonal, λ = Σ_{i≠j} Var(r_ij) / Σ_{i≠j}
	// r_ij², r the correlations, clamped to [0, 1].
	ReconcileMinT ReconcileMethod = iota
	// ReconcileWLS: W = diag(S·1), each series weighted by the number of
	// bottom series it sums.
	ReconcileWLS
	// ReconcileOLS: W = I.
	ReconcileOLS
	// ReconcileBottomUp: the bottom series' base forecasts, summed up; G picks the
	// rows of S that are unit vectors.
	ReconcileBottomUp
)

func (m ReconcileMethod) String() string {
	switch m {
	case ReconcileMinT:
		return "MinT (shrink)"
	case ReconcileWLS:
		return "WLS (structural)"
	case ReconcileOLS:
		return "OLS"
	case ReconcileBottomUp:
		return "bottom-up"
	}
	return fmt.Sprintf("ReconcileMethod(%d)", int(m))
}

// DefaultMinTResid is the default ReconcileOptions.MinResid: MinT needs at
// least 12 periods of one-step residuals (a year of monthly errors) for
// its covariance; with fewer, Reconcile uses ReconcileWLS, which needs
// none.
const DefaultMinTResid = 12

// ReconcileOptions are the settings of Reconcile. The zero value (or nil)
// means ReconcileMinT with DefaultMinTResid.
type ReconcileOptions struct {
	Method ReconcileMethod
	// MinResid is the number of residual periods ReconcileMinT needs (at
	// least 2); with fewer, or if some series' residuals are all zero, it
	// falls back to ReconcileWLS. Zero means DefaultMinTResid.
	MinResid int
	// NonNegative sets negative reconciled bottom forecasts to zero before
	// summing them up, and cuts the lower bounds at zero: for figures that
	// are never negative (counts, amounts), with a summing matrix of 0s
	// and 1s. The result stays coherent; it is no longer the projection.
	NonNegative bool
	// Fixed marks the series (rows of S, so nil or of length n) whose base
	// forecasts are certain: a history that never moved (a store that
	// never sold, a fee of exactly 20,000 every month) has one-step errors
	// of zero, and its MinT weight, one over their variance, is infinite.
	// Reconcile keeps such a series' mean and bands exactly and reconciles
	// the others given it: the bottom series are constrained to reproduce
	// the fixed rows (S_F·b = ŷ_F) and the method is applied to the other
	// rows over what the constraints leave free (for a fixed bottom
	// series, the others' forecasts less its own wherever it is summed).
	// This is the limit of MinT as the fixed series' error variances go
	// to zero. Their residuals are left out of MinT's covariance. A fixed
	// row that is a combination of fixed rows before it (a total whose
	// members are all fixed) is implied by them and not kept apart.
	// ReconcileBottomUp ignores Fixed (it keeps every bottom series).
	Fixed []bool
	// Counts marks the series (nil or of length n) that are counts of
	// events (whole numbers >= 0, forecast as demand by Croston, SBA or
	// TSB): their reconciled bands are bands of the count, the quantiles
	// of a negative binomial (a Poisson when not overdispersed) with the
	// reconciled mean and variance (countQuantiles), not a normal band of
	// the mean demand rate. A visit one month in twelve, with a mean of
	// 0.08, had an 80% band of 0.04–0.13, which holds no possible count
	// and leaves out 0, the most common one; now 0–0.08 (the 90%
	// quantile is 0; the band is kept about the mean).
	Counts []bool
}

// Reconciled is the result of Reconcile. Series are in the row order of S,
// steps as in the base forecasts: Mean[i][k] is series i at step k+1.
type Reconciled struct {
	Method   ReconcileMethod // the method used, after any fallback
	Fallback string          // why the asked method was not used; empty if it was
	// Lambda is ReconcileMinT's shrinkage intensity in [0, 1] (1: the
	// diagonal only); NaN for the other methods.
	Lambda float64
	// G maps the n base forecasts of a step to the m bottom series (m × n);
	// the reconciled forecasts are S·G·ŷ.
	G                            *mat.Dense
	Mean, Lo80, Hi80, Lo95, Hi95 [][]float64
}

// Reconcile makes the forecasts of a hierarchy coherent: every aggregate
// equals the sum of its bottom series at every step, intervals included.
//
// S is the n × m summing matrix (n series, m bottom series; S[i][j] = 1 if
// bottom series j is part of series i). base holds the n base forecasts,
// in the row order of S, each with the same horizon h, its 80% and 95%
// intervals filled. resid holds each series' in-sample one-step residuals
// (observed − forecast), n rows of the same length T, aligned in time; it
// is needed only by ReconcileMinT and may be nil otherwise. Nothing passed in
// is modified or kept.
//
// The point forecasts are S·G·ŷ at each step (ReconcileMethod). ReconcileMinT
// falls back to ReconcileWLS when T < MinResid or a series' residuals
// are all zero, or when its covariance is not positive definite, and
// Reconciled.Fallback says why.
//
// Intervals are Gaussian and coherent: at step k the base errors are
// taken to have covariance Σ_k = D_k·C·D_k, D_k the diagonal of the base
// forecasts' standard deviations at that step (each interval's half-width
// (hi − lo)/2 over the normal quantile, so a calibrated interval stays
// calibrated; for a band cut at zero, its upper side if wider: bandSD) and C the correlation matrix of the shrunk residual
// covariance (the identity without usable residuals: T < 2 or a zero
// series), and the reconciled forecasts then have covariance
// S·G·Σ_k·G'·S', whose diagonal gives each bound as mean ± z·sd, at 80%
// from the 80% widths and at 95% from the 95% widths (the 95% bounds kept
// outside the 80% ones). So lo95 <= lo80 <= mean <= hi80 <= hi95 always.
//
// Errors: ErrNaN if base or resid hold NaN or Inf, ErrHierarchy as
// documented there. It panics if the shapes disagree (len(base) != n,
// unequal horizons, len(resid) not 0 or n, unequal residual lengths) or
// the method is unknown.
func Reconcile(S *mat.Dense, base []*Forecast, resid [][]float64, opt *ReconcileOptions) (*Reconciled, error) {
	n, m := S.Dims()
	var o ReconcileOptions
	if opt != nil {
		o = *opt
	}
	if o.MinResid == 0 {
		o.MinResid = DefaultMinTResid
	}
	if o.Method < ReconcileMinT || o.Method > ReconcileBottomUp || o.MinResid < 2 {
		panic(fmt.Sprintf("forecast: Reconcile: method %d, MinResid %d", o.Method, o.MinResid))
	}
	if n == 0 || m == 0 || len(base) != n || m > n {
		panic(fmt.Sprintf("forecast: Reconcile: %d base forecasts for a %d×%d summing matrix", len(base), n, m))
	}
	h := base[0].H()
	for i, f := range base {
		if f.H() != h || len(f.Lo80) != h || len(f.Hi80) != h || len(f.Lo95) != h || len(f.Hi95) != h {
			panic(fmt.Sprintf("forecast: Reconcile: base forecast %d has %d steps, want %d", i, f.H(), h))
		}
		if !f.finite() {
			return nil, fmt.Errorf("reconcile: %w: base forecast %d", ErrNaN, i)
		}
	}
	if resid != nil && len(resid) != n {
		panic(fmt.Sprintf("forecast: Reconcile: %d residual series for %d series", len(resid), n))
	}
	T := 0
	if len(resid) > 0 {
		T = len(resid[0])
	}
	for i, r := range resid {
		if len(r) != T {
			panic(fmt.Sprintf("forecast: Reconcile: residual series %d has %d periods, want %d", i, len(r), T))
		}
		if err := checkSeries(r, 0); err != nil {
			return nil, fmt.Errorf("reconcile: residuals of series %d: %w", i, err)
		}
	}

	if o.Fixed != nil && len(o.Fixed) != n || o.Counts != nil && len(o.Counts) != n {
		panic(fmt.Sprintf("forecast: Reconcile: %d Fixed and %d Counts flags for %d series", len(o.Fixed), len(o.Counts), n))
	}
	var fixed, free []int // rows of S
	var basis [][]float64 // orthonormal basis of the fixed rows so far
	for i := range n {
		if o.Fixed != nil && o.Fixed[i] && o.Method != ReconcileBottomUp && independent(&basis, mat.Row(nil, i, S)) {
			fixed = append(fixed, i)
		} else {
			free = append(free, i)
		}
	}

	res := &Reconciled{Method: o.Method, Lambda: math.NaN()}
	// The shrunk covariance of the free series, if their residuals allow one.
	var shrunk *mat.SymDense
	var lambda float64
	if T >= 2 && len(free) > 0 {
		rs := make([][]float64, len(free))
		for k, i := range free {
			rs[k] = resid[i]
		}
		shrunk, lambda = shrinkCov(rs)
	}
	if o.Method == ReconcileMinT {
		switch {
		case T < o.MinResid:
			res.Fallback = fmt.Sprintf("%d periods of residuals, MinT needs %d", T, o.MinResid)
		case shrunk == nil && len(free) > 0:
			res.Fallback = "a series has residuals that are all zero"
		}
		if res.Fallback != "" {
			res.Method = ReconcileWLS
		} else {
			res.Lambda = lambda
		}
	}
	if res.Fallback != "" {
		res.Fallback += "; used " + res.Method.String()
	}

	G, err := reconcileG(S, res, shrunk, fixed, free)
	if err != nil {
		return nil, fmt.Errorf("reconcile: %w", err)
	}
	res.G = G

	// Correlation of the base errors for the intervals.
	corr := mat.NewSymDense(n, nil)
	for i := range n {
		corr.SetSym(i, i, 1)
	}
	if shrunk != nil {
		for a, i := range free {
			for b := a + 1; b < len(free); b++ {
				corr.SetSym(i, free[b], shrunk.At(a, b)/math.Sqrt(shrunk.At(a, a)*shrunk.At(b, b)))
			}
		}
	}
	isFixed := make([]bool, n)
	for _, i := range fixed {
		isFixed[i] = true
	}

	var SG mat.Dense
	SG.Mul(S, G)
	alloc := func() [][]float64 {
		out := make([][]float64, n)
		for i := range out {
			out[i] = make([]float64, h)
		}
		return out
	}
	res.Mean, res.Lo80, res.Hi80, res.Lo95, res.Hi95 = alloc(), alloc(), alloc(), alloc(), alloc()
	var within [][2]int // (i, j): series j sums a subset of series i's bottom series
	if o.NonNegative {
		within = nested(S)
	}
	yhat := mat.NewVecDense(n, nil)
	var b, y mat.VecDense
	sd80, sd95 := make([]float64, n), make([]float64, n)
	for k := range h {
		for i, f := range base {
			yhat.SetVec(i, f.Mean[k])
		}
		b.MulVec(G, yhat)
		if o.NonNegative {
			for j := range m {
				b.SetVec(j, math.Max(b.AtVec(j), 0))
			}
		}
		y.MulVec(S, &b)
		for i, f := range base {
			sd80[i] = bandSD(f.Mean[k], f.Lo80[k], f.Hi80[k], z80)
			sd95[i] = max(bandSD(f.Mean[k], f.Lo95[k], f.Hi95[k], z95), sd80[i])
		}
		v80 := reconciledSD(&SG, corr, sd80)
		v95 := reconciledSD(&SG, corr, sd95)
		for i := range n {
			mu := y.AtVec(i)
			lo80, hi80 := mu-z80*v80[i], mu+z80*v80[i]
			if o.NonNegative {
				mu = math.Max(mu, 0)
				lo80, hi80 = math.Min(math.Max(lo80, 0), mu), math.Max(hi80, mu)
			}
			lo95, hi95 := math.Min(mu-z95*v95[i], lo80), math.Max(mu+z95*v95[i], hi80)
			if o.NonNegative {
				lo95 = math.Max(lo95, 0)
			}
			if o.Counts != nil && o.Counts[i] {
				mu = math.Max(mu, 0)
				q80 := countQuantiles(mu, v80[i]*v80[i])
				q95 := countQuantiles(mu, v95[i]*v95[i])
				lo80, hi80 = math.Min(q80[1], mu), math.Max(q80[2], mu)
				lo95, hi95 = math.Min(q95[0], lo80), math.Max(q95[3], hi80)
			}
			if isFixed[i] { // kept as it is, not rebuilt from its sd
				f := base[i]
				mu, lo80, hi80, lo95, hi95 = f.Mean[k], f.Lo80[k], f.Hi80[k], f.Lo95[k], f.Hi95[k]
			}
			res.Mean[i][k], res.Lo80[i][k], res.Hi80[i][k], res.Lo95[i][k], res.Hi95[i][k] = mu, lo80, hi80, lo95, hi95
		}
		// A sum of figures that are never negative is at least each part
		// of it, so each of its quantiles is at least the part's: the
		// normal approximation above can put a total's lower bound under
		// a steady member's when another member's band is wide.
		for _, p := range within {
			i, j := p[0], p[1]
			if isFixed[i] {
				continue
			}
			for _, s := range [][][]float64{res.Lo80, res.Hi80, res.Lo95, res.Hi95} {
				s[i][k] = max(s[i][k], s[j][k])
			}
		}
	}
	return res, nil
}

// reconcileG returns the G of res.Method (res.Method, Lambda and Fallback
// are updated when MinT falls back to WLS) given that the rows fixed of S
// are to be reproduced exactly; shrunk is the covariance of the free
// rows' residuals. With no fixed rows it is the method's G. Otherwise, with
// C = S_F (the fixed rows), C⁺ its pseudo-inverse and N a basis of its null
// space (by SVD), the bottom series are b = C⁺ŷ_F + N·z, and z is the
// method's projection for the free rows' summing matrix S_R·N applied to
// ŷ_R − S_R·C⁺ŷ_F: G = N·G_R on the free columns and (I − N·G_R·S_R)·C⁺
// on the fixed ones. The fixed rows are linearly independent
// (independent).
func reconcileG(S *mat.Dense, res *Reconciled, shrunk *mat.SymDense, fixed, free []int) (*mat.Dense, error) {
	n, m := S.Dims()
	if len(fixed) == 0 {
		return methodG(S, nil, res, shrunk)
	}
	C := mat.NewDense(len(fixed), m, nil)
	for a, i := range fixed {
		C.SetRow(a, mat.Row(nil, i, S))
	}
	var svd mat.SVD
	if !svd.Factorize(C, mat.SVDFull) {
		return nil, fmt.Errorf("%w: the fixed series' rows cannot be factorised", ErrHierarchy)
	}
	sv := svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	rank := 0
	for _, v := range sv {
		if v > 1e-10*sv[0] {
			rank++
		}
	}
	Cpinv := mat.NewDense(m, len(fixed), nil) // V_r Σ_r⁻¹ U_r'
	for r := range rank {
		for i := range m {
			for j := range fixed {
				Cpinv.Set(i, j, Cpinv.At(i, j)+V.At(i, r)*U.At(j, r)/sv[r])
			}
		}
	}
	G := mat.NewDense(m, n, nil)
	if rank == m || len(free) == 0 { // the fixed rows decide every bottom series
		for a, i := range fixed {
			G.SetCol(i, mat.Col(nil, a, Cpinv))
		}
		return G, nil
	}
	N := V.Slice(0, m, rank, m)
	SR := mat.NewDense(len(free), m, nil)
	for a, i := range free {
		SR.SetRow(a, mat.Row(nil, i, S))
	}
	var SRN mat.Dense
	SRN.Mul(SR, N)
	// Free rows that no free bottom direction reaches (an aggregate of
	// fixed series only) are decided by the constraints; they are left out
	// of the projection, which they could only make singular.
	var keep []int // positions in free
	for a := range free {
		if mat.Norm(SRN.RowView(a), 2) > 1e-12 {
			keep = append(keep, a)
		}
	}
	Sred := mat.NewDense(len(keep), m-rank, nil)
	weights := make([]float64, len(keep)) // the structural weights of the original rows
	for k, a := range keep {
		Sred.SetRow(k, mat.Row(nil, a, &SRN))
		for j := range m {
			weights[k] += S.At(free[a], j)
		}
	}
	var cov *mat.SymDense
	if shrunk != nil {
		cov = mat.NewSymDense(len(keep), nil)
		for k, a := range keep {
			for l, b := range keep {
				cov.SetSym(k, l, shrunk.At(a, b))
			}
		}
	}
	GR, err := methodG(Sred, weights, res, cov) // (m−rank) × len(keep)
	if err != nil {
		return nil, err
	}
	var NG mat.Dense
	NG.Mul(N, GR) // m × len(keep)
	for k, a := range keep {
		G.SetCol(free[a], mat.Col(nil, k, &NG))
	}
	SRk := mat.NewDense(len(keep), m, nil)
	for k, a := range keep {
		SRk.SetRow(k, mat.Row(nil, free[a], S))
	}
	var P, Gf mat.Dense
	P.Mul(&NG, SRk) // m × m
	for i := range m {
		P.Set(i, i, P.At(i, i)-1)
	}
	Gf.Mul(&P, Cpinv)
	Gf.Scale(-1, &Gf) // (I − N·G_R·S_R)·C⁺
	for a, i := range fixed {
		G.SetCol(i, mat.Col(nil, a, &Gf))
	}
	return G, nil
}

// independent reports whether row is linearly independent of the
// orthonormal rows in *basis, and if so adds its normalised remainder to
// them (Gram–Schmidt). A fixed row that depends on others (a total whose
// members are all fixed) is implied by them and is reconciled as free.
func independent(basis *[][]float64, row []float64) bool {
	norm := math.Sqrt(floats.Dot(row, row))
	r := slices.Clone(row)
	for _, q := range *basis {
		floats.AddScaled(r, -floats.Dot(q, r), q)
	}
	rn := math.Sqrt(floats.Dot(r, r))
	if !(rn > 1e-9*norm) {
		return false
	}
	floats.Scale(1/rn, r)
	*basis = append(*basis, r)
	return true
}

// methodG returns the G of res.Method for the summing matrix S, whose
// structural weights are weights (nil: S's row sums); cov is MinT's
// covariance. MinT falls back to WLS, saying why in res, when cov is not
// positive definite.
func methodG(S *mat.Dense, weights []float64, res *Reconciled, cov *mat.SymDense) (*mat.Dense, error) {
	switch res.Method {
	case ReconcileBottomUp:
		return bottomUpG(S)
	case ReconcileMinT:
		G, err := projectionG(S, cov)
		if err != nil && !errors.Is(err, ErrHierarchy) {
			res.Method, res.Lambda = ReconcileWLS, math.NaN()
			res.Fallback = err.Error()
			return structuralG(S, weights)
		}
		return G, err
	case ReconcileWLS:
		return structuralG(S, weights)
	}
	return projectionG(S, nil)
}

// nested lists the pairs (i, j) of rows of the 0/1 summing matrix S where
// row j's bottom series are a proper subset of row i's.
func nested(S *mat.Dense) [][2]int {
	n, m := S.Dims()
	var out [][2]int
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			sub, proper := true, false
			for c := range m {
				a, b := S.At(i, c) != 0, S.At(j, c) != 0
				sub = sub && (a || !b)
				proper = proper || (a && !b)
			}
			if sub && proper {
				out = append(out, [2]int{i, j})
			}
		}
	}
	return out
}

// bandSD is the standard deviation of a base forecast that its band lo..hi
// about mean implies, as a normal band mean ± z·sd: the half-width over z.
// A band cut at zero (lo = 0: counts, amounts) says nothing of the spread
// below the mean, so its upper side is taken when that is the wider. The
// caller also keeps the 95% band's sd at least the 80% band's: a count's
// bands are whole-number quantiles, and with a mean of 0.2 both run from 0
// to 1 (Poisson: P(X <= 1) = 0.98), which read as half-widths over z would
// give the 95% band a smaller spread than the 80% one, and a reconciled 95%
// band that leaves out a 1 that comes one month in five.
func bandSD(mean, lo, hi, z float64) float64 {
	sd := (hi - lo) / (2 * z)
	if lo == 0 {
		sd = max(sd, (hi-mean)/z)
	}
	return sd
}

// reconciledSD returns the square roots of the diagonal of
// SG·D·C·D·(SG)', D = diag(sd).
func reconciledSD(SG *mat.Dense, corr *mat.SymDense, sd []float64) []float64 {
	n, _ := SG.Dims()
	var B mat.Dense
	B.Apply(func(_, j int, v float64) float64 { return v * sd[j] }, SG)
	var BC mat.Dense
	BC.Mul(&B, corr)
	out := make([]float64, n)
	for i := range n {
		out[i] = math.Sqrt(math.Max(mat.Dot(BC.RowView(i), B.RowView(i)), 0))
	}
	return out
}

// shrinkCov returns R hts's shrink.estim of the n series' residuals resid
// (n × T, T >= 2): λ·D + (1 − λ)·Ŝ with Ŝ = crossprod/T (uncentred) and D
// its diagonal, and λ. It returns nil if a series' residuals are all zero.
func shrinkCov(resid [][]float64) (*mat.SymDense, float64) {
	n, T := len(resid), len(resid[0])
	tf := float64(T)
	cov := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for t := range T {
				s += resid[i][t] * resid[j][t]
			}
			cov.SetSym(i, j, s/tf)
		}
		if !(cov.At(i, i) > 0) {
			return nil, 0
		}
	}
	xs := make([][]float64, n) // residuals scaled to unit mean square
	for i := range n {
		sd := math.Sqrt(cov.At(i, i))
		xs[i] = make([]float64, T)
		for t, v := range resid[i] {
			xs[i][t] = v / sd
		}
	}
	var sumV, sumD float64
	for i := range n {
		for j := i + 1; j < n; j++ {
			var s2, s11 float64
			for t := range T {
				p := xs[i][t] * xs[j][t]
				s11 += p
				s2 += p * p
			}
			sumV += 2 * (s2 - s11*s11/tf) / (tf * (tf - 1))
			r := s11 / tf
			sumD += 2 * r * r
		}
	}
	lambda := 1.0
	if sumD > 0 {
		lambda = math.Max(math.Min(sumV/sumD, 1), 0)
	}
	w := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := (1 - lambda) * cov.At(i, j)
			if i == j {
				v = cov.At(i, i)
			}
			w.SetSym(i, j, v)
		}
	}
	return w, lambda
}

// structuralG returns the G of ReconcileWLS, W = diag(weights), nil
// weights meaning S's row sums (diag(S·1)).
func structuralG(S *mat.Dense, weights []float64) (*mat.Dense, error) {
	n, m := S.Dims()
	w := mat.NewSymDense(n, nil)
	for i := range n {
		var s float64
		if weights != nil {
			s = weights[i]
		} else {
			for j := range m {
				s += S.At(i, j)
			}
		}
		if !(s > 0) {
			return nil, fmt.Errorf("%w: row %d sums to %v, structural weights need it positive", ErrHierarchy, i, s)
		}
		w.SetSym(i, i, s)
	}
	return projectionG(S, w)
}

// projectionG returns G = (S'W⁻¹S)⁻¹S'W⁻¹ (W nil: the identity) as the
// least-squares solution of L⁻¹S·G = L⁻¹, W = LL', by QR: no normal
// equations. An error wrapping ErrHierarchy means S has dependent columns
// (or structural weights were impossible); any other error that W is not
// positive definite.
func projectionG(S *mat.Dense, W *mat.SymDense) (*mat.Dense, error) {
	n, m := S.Dims()
	A := mat.DenseCopyOf(S)
	Linv := mat.NewTriDense(n, mat.Lower, nil)
	for i := range n {
		Linv.SetTri(i, i, 1)
	}
	if W != nil {
		var ch mat.Cholesky
		if !ch.Factorize(W) {
			return nil, errors.New("the shrunk covariance is not positive definite")
		}
		var L mat.TriDense
		ch.LTo(&L)
		if err := Linv.InverseTri(&L); err != nil {
			return nil, fmt.Errorf("the shrunk covariance is singular: %v", err)
		}
		A.Mul(Linv, S)
	}
	var qr mat.QR
	qr.Factorize(A)
	if c := qr.Cond(); !(c < 1e12) {
		return nil, fmt.Errorf("%w: columns of the summing matrix are dependent (condition %.3g)", ErrHierarchy, c)
	}
	G := mat.NewDense(m, n, nil)
	if err := qr.SolveTo(G, false, Linv); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrHierarchy, err)
	}
	return G, nil
}

// bottomUpG returns the m × n matrix that picks, for each bottom series j,
// the first row of S equal to the unit vector e_j.
func bottomUpG(S *mat.Dense) (*mat.Dense, error) {
	n, m := S.Dims()
	G := mat.NewDense(m, n, nil)
	for j := range m {
		found := false
		for i := 0; i < n && !found; i++ {
			unit := true
			for c := range m {
				want := 0.0
				if c == j {
					want = 1
				}
				if S.At(i, c) != want {
					unit = false
					break
				}
			}
			if unit {
				G.Set(j, i, 1)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: no row of the summing matrix is bottom series %d alone", ErrHierarchy, j)
		}
	}
	return G, nil
}
