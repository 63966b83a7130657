package forecast

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ETSSettings tunes the ETS estimation. A nil *ETSSettings means the
// defaults, as does a zero field.
type ETSSettings struct {
	// MaxEval bounds the likelihood evaluations of the optimiser per model.
	// Zero means 2000, R's default maxit.
	MaxEval int

	// Screen makes AutoETS screen the seasonal candidates with a short fit
	// (ScreenEval evaluations) and fit fully only the Keep best of them by
	// AICc, instead of fitting every candidate fully as R's ets() does.
	// On the 110 seasonal R reference series (72 monthly, 38 quarterly) the
	// defaults pick R's model every time, in about 0.65 of the time.
	Screen bool
	// ScreenEval is the evaluation budget of a screening fit; zero means 800.
	ScreenEval int
	// Keep is how many screened seasonal candidates get a full fit; zero
	// means 2.
	Keep int

	// MSE makes FitETS minimise the mean squared one-step error instead of
	// maximising the likelihood (R's opt.crit = "mse", which ses() and
	// holt() use). The fit statistics are computed as usual.
	MSE bool
}

func (s *ETSSettings) mse() bool { return s != nil && s.MSE }

func (s *ETSSettings) screen() (evals, keep int, on bool) {
	evals, keep = 800, 2
	if s == nil {
		return evals, keep, false
	}
	if s.ScreenEval > 0 {
		evals = s.ScreenEval
	}
	if s.Keep > 0 {
		keep = s.Keep
	}
	return evals, keep, s.Screen
}

func (s *ETSSettings) maxEval() int {
	if s == nil || s.MaxEval <= 0 {
		return 2000
	}
	return s.MaxEval
}

// Parameter bounds of R's ets(): lower = c(1e-4, 1e-4, 1e-4, 0.8),
// upper = c(0.9999, 0.9999, 0.9999, 0.98), bounds = "both".
const (
	lowerABG = 1e-4
	upperABG = 0.9999
	lowerPhi = 0.8
	upperPhi = 0.98
)

// FitETS fits the ETS model spec to y (oldest first, no NaN) with season
// length m by maximum likelihood (R forecast's ets(y, model, damped) with
// opt.crit = "lik", bounds = "both"). m is ignored for a non-seasonal spec.
//
// The smoothing parameters satisfy R's usual bounds (1e-4 <= β <= α <=
// 0.9999, γ <= 1−α, 0.8 <= φ <= 0.98) and the model is admissible (forecastable,
// HKOS ch. 10). As in R, the parameters and the free initial states are
// estimated together by Nelder–Mead (a port of R's nmmin, at most
// s.MaxEval likelihood evaluations), from R's starting values (initparam,
// and initstate's decomposition heuristics). With the defaults the fit
// retraces R's: on the 143 reference series the log-likelihood equals
// forecast 8.20's to 1e-10 or exceeds it.
//
// Errors: ErrNaN; ErrNonPositive for a multiplicative model on data with a
// zero or negative value; ErrTooShort if the parameters and free initial
// states number n−1 or more (R's rule), or a seasonal model has n <= m.
// A constant series gets R's documented fallback, whatever spec asks for:
// ETS(A,N,N) with α = 0.99999 and l₀ = y₁, σ² = 0.
func FitETS(y []float64, m int, spec ETSSpec, s *ETSSettings) (*ETS, error) {
	if err := spec.valid(); err != nil {
		panic("forecast: FitETS: " + err.Error())
	}
	if spec.Season != None {
		checkPeriod(m)
	} else {
		m = 1
	}
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("%v: %w", spec, err)
	}
	if isConstant(y) {
		return constantETS(y)
	}
	if spec.multiplicative() && !positive(y) {
		return nil, fmt.Errorf("%v: %w", spec, ErrNonPositive)
	}
	f := newFitter(y, m, s)
	return f.fit(spec)
}

func isConstant(y []float64) bool {
	for _, v := range y {
		if v != y[0] {
			return false
		}
	}
	return true
}

// constantETS is R's fit for a constant series.
func constantETS(y []float64) (*ETS, error) {
	spec := ETSSpec{Error: Additive, Trend: None, Season: None}
	if len(y) < 4 {
		return nil, fmt.Errorf("%v: %w: %d observations", spec, ErrTooShort, len(y))
	}
	c := newCore(y, 1, spec)
	return c.finish(spec, ETSParams{Alpha: 0.99999}, ETSState{Level: y[0]})
}

// fitter holds what the fits of several models to one series share.
type fitter struct {
	y    []float64
	m    int
	s    *ETSSettings
	nm   nmWork
	init map[[2]Component][]float64 // initial states by (trend, season)
}

func newFitter(y []float64, m int, s *ETSSettings) *fitter {
	return &fitter{y: y, m: m, s: s, init: make(map[[2]Component][]float64)}
}

// fit estimates one model. y is known finite, non-constant, and positive if
// spec is multiplicative.
func (f *fitter) fit(spec ETSSpec) (*ETS, error) {
	return f.fitN(spec, f.s.maxEval())
}

// fitN is fit with a budget of maxEval likelihood evaluations.
func (f *fitter) fitN(spec ETSSpec, maxEval int) (*ETS, error) {
	return f.fitFrom(spec, maxEval, nil, nil)
}

// fitFrom is fitN; if save is not nil it records where the optimiser
// stopped, and if from holds such a record of the same spec, the optimiser
// goes on from there (the fit is then the one a single run with the larger
// budget gives).
func (f *fitter) fitFrom(spec ETSSpec, maxEval int, from, save *nmState) (*ETS, error) {
	return f.fitStart(spec, maxEval, from, save, nil)
}

// fitStart is fitFrom starting, when start is not nil, from start's
// parameters and initial states instead of R's starting values.
func (f *fitter) fitStart(spec ETSSpec, maxEval int, from, save *nmState, start *ETS) (*ETS, error) {
	y := f.y
	n := len(y)
	m := f.m
	if spec.Season == None {
		m = 1
	} else if n <= m || n < 4 {
		return nil, fmt.Errorf("%v: %w: %d observations with season length %d", spec, ErrTooShort, n, m)
	}
	np, ns := nParams(spec, m)
	if np+ns >= n-1 {
		return nil, fmt.Errorf("%v: %w: %d observations for %d parameters and initial states", spec, ErrTooShort, n, np+ns)
	}
	c := newCore(y, m, spec)
	x0 := f.initState(spec, m)
	par := initParams(spec, m)
	theta := append(par, x0...)
	if start != nil {
		theta = append(theta[:0], start.Params.Alpha)
		if spec.Trend != None {
			theta = append(theta, start.Params.Beta)
		}
		if spec.Season != None {
			theta = append(theta, start.Params.Gamma)
		}
		if spec.Damped {
			theta = append(theta, start.Params.Phi)
		}
		theta = append(theta, start.Init.Level)
		if spec.Trend != None {
			theta = append(theta, start.Init.Trend)
		}
		if spec.Season != None {
			theta = append(theta, start.Init.Season[:m-1]...)
		}
	}
	mse := f.s.mse()
	fn := float64(n)
	// obj is the objective for nelderMead: the recursion runs first, and
	// the admissibility test only for a value below bound (see
	// nelderMead). The recursion does not stop early once Σ(y − ŷ)²
	// shows that the value is at least bound: on the benchmark's and M3's
	// series that saved 0.1% of the steps, less than testing for it cost.
	var sc schurCohn
	obj := func(th []float64, bound float64) float64 {
		p, ok := unpackBounds(spec, th)
		if !ok {
			return math.Inf(1)
		}
		// Admissibility first: its closed-form tests here, and its
		// Schur–Cohn test a step per observation inside the recursion,
		// which stops once the test fails. An inadmissible point is worth
		// +Inf, as when it was tested after the recursion and only for a
		// value below bound (nelderMead takes +Inf for any value >= bound).
		if adm, done := admissibleStart(spec, m, p, &sc); done {
			if !adm {
				return math.Inf(1)
			}
			sc.d, sc.ok = 0, true
		}
		l0, b0, ok := c.load(th[np:])
		if !ok {
			return math.Inf(1)
		}
		r, _, _ := c.runRing(p, l0, b0, &sc)
		if !r.ok || !sc.finish() {
			return math.Inf(1)
		}
		if mse {
			return r.sse / fn
		}
		return c.lik(r)
	}
	best, _ := nelderMeadFrom(obj, theta, 1.4901161193847656e-08, maxEval, &f.nm, from, save)
	if math.IsInf(best, 0) {
		return nil, fmt.Errorf("%v: no admissible starting point", spec)
	}
	p, _ := unpackParams(spec, m, theta)
	var x ETSState
	unpackState(spec, m, theta[np:], &x)
	return c.finish(spec, p, x)
}

// initParams returns R's starting values (initparam, bounds = "both").
func initParams(spec ETSSpec, m int) []float64 {
	alpha := lowerABG + 0.2*(upperABG-lowerABG)/float64(m)
	par := []float64{alpha}
	if spec.Trend != None {
		par = append(par, lowerABG+0.1*(math.Min(upperABG, alpha)-lowerABG))
	}
	if spec.Season != None {
		par = append(par, lowerABG+0.05*(math.Min(upperABG, 1-alpha)-lowerABG))
	}
	if spec.Damped {
		par = append(par, lowerPhi+0.99*(upperPhi-lowerPhi))
	}
	return par
}

// unpackParams reads the smoothing parameters from th and checks R's usual
// bounds and admissibility.
func unpackParams(spec ETSSpec, m int, th []float64) (ETSParams, bool) {
	p, ok := unpackBounds(spec, th)
	if !ok {
		return p, false
	}
	return p, admissible(spec, m, p)
}

// unpackBounds reads the smoothing parameters from th and checks R's usual
// bounds only.
func unpackBounds(spec ETSSpec, th []float64) (ETSParams, bool) {
	p := ETSParams{Alpha: th[0], Phi: 1}
	k := 1
	if spec.Trend != None {
		p.Beta = th[k]
		k++
	}
	if spec.Season != None {
		p.Gamma = th[k]
		k++
	}
	if spec.Damped {
		p.Phi = th[k]
	}
	if p.Alpha < lowerABG || p.Alpha > upperABG {
		return p, false
	}
	if spec.Trend != None && (p.Beta < lowerABG || p.Beta > p.Alpha || p.Beta > upperABG) {
		return p, false
	}
	if spec.Damped && (p.Phi < lowerPhi || p.Phi > upperPhi) {
		return p, false
	}
	if spec.Season != None && (p.Gamma < lowerABG || p.Gamma > 1-p.Alpha || p.Gamma > upperABG) {
		return p, false
	}
	return p, true
}

// unpackState reads the initial states (l₀, b₀, s₀ … s_{m−2}) from th into x,
// completing the last seasonal state so that they sum to 0 (additive) or m
// (multiplicative). Multiplicative seasonal states must not be negative.
func unpackState(spec ETSSpec, m int, th []float64, x *ETSState) bool {
	x.Level = th[0]
	k := 1
	x.Trend = 0
	if spec.Trend != None {
		x.Trend = th[1]
		k++
	}
	if spec.Season == None {
		x.Season = x.Season[:0]
		return true
	}
	x.Season = append(x.Season[:0], th[k:k+m-1]...)
	var sum float64
	for _, v := range x.Season {
		sum += v
	}
	if spec.Season == Multiplicative {
		x.Season = append(x.Season, float64(m)-sum)
		for _, v := range x.Season {
			if v < 0 {
				return false
			}
		}
	} else {
		x.Season = append(x.Season, -sum)
	}
	return true
}

// admissible is R forecast's admissible(): the model is forecastable (HKOS
// ch. 10). For seasonal models the roots of its characteristic polynomial
// must lie in the unit disc (|z| <= 1 + 1e-10); R finds them with polyroot,
// this uses the Schur–Cohn test.
func admissible(spec ETSSpec, m int, p ETSParams) bool {
	var sc schurCohn
	if ok, done := admissibleStart(spec, m, p, &sc); done {
		return ok
	}
	return sc.finish()
}

// admissibleStart is admissible up to the Schur–Cohn test: done reports
// that the verdict ok is known; otherwise sc holds the test, for
// sc.finish() or the steps of an ETS kernel.
func admissibleStart(spec ETSSpec, m int, p ETSParams, sc *schurCohn) (ok, done bool) {
	phi := p.Phi
	if phi < 0 || phi > 1+1e-8 {
		return false, true
	}
	alpha, beta, gamma := p.Alpha, p.Beta, p.Gamma
	if spec.Season == None {
		if alpha < 1-1/phi || alpha > 1+1/phi {
			return false, true
		}
		if spec.Trend != None && (beta < alpha*(phi-1) || beta > (1+phi)*(2-alpha)) {
			return false, true
		}
		return true, true
	}
	if m <= 1 {
		return true, true
	}
	if spec.Trend == None {
		beta = 0
	}
	if gamma < math.Max(1-1/phi-alpha, 0) || gamma > 1+1/phi-alpha {
		return false, true
	}
	fm := float64(m)
	if alpha < 1-1/phi-gamma*(1-fm+phi+phi*fm)/(2*phi*fm) {
		return false, true
	}
	if beta < -(1-phi)*(gamma/fm+alpha) {
		return false, true
	}
	// P(z) = φ(1−α−γ) + (α+β−αφ+γ−1)z + Σ_{k=2}^{m−1}(α+β−αφ)z^k + (α+β−φ)z^m + z^{m+1}
	var coef []float64
	if m+2 <= len(sc.a) {
		coef = sc.a[:m+2]
	} else {
		coef = make([]float64, m+2)
	}
	coef[0] = phi * (1 - alpha - gamma)
	coef[1] = alpha + beta - alpha*phi + gamma - 1
	mid := alpha + beta - alpha*phi
	for k := 2; k < m; k++ {
		coef[k] = mid
	}
	coef[m] = alpha + beta - phi
	coef[m+1] = 1
	// Without damping z = 1 is a root whenever β = 0 (no trend): R's
	// polyroot finds it within rounding and accepts it. Divide it out
	// exactly, as the Schur–Cohn recursion cannot resolve a root within
	// 1e-10 of the circle.
	var p1, scale float64
	for _, v := range coef {
		p1 += v
		scale += math.Abs(v)
	}
	if math.Abs(p1) <= 1e-12*scale {
		d := len(coef) - 1
		q := coef[1:]
		q[d-1] = coef[d]
		for k := d - 1; k >= 1; k-- {
			q[k-1] = coef[k] + q[k]
		}
		coef = q
	}
	sc.start(coef, discRadius)
	return false, false
}

// discRadius is the radius within which admissible wants the roots, and
// discPow[k] its k-th power as start computes it (by repeated
// multiplication).
const discRadius = 1 + 1e-10

var discPow = func() (t [32]float64) {
	pw := 1.0
	for k := range t {
		t[k] = pw
		pw *= discRadius
	}
	return t
}()

// rootsInDisc reports whether every root of Σ c_k z^k (c modified) has
// modulus below r, by the Schur–Cohn test (schurCohn).
func rootsInDisc(c []float64, r float64) bool {
	var sc schurCohn
	sc.start(c, r)
	return sc.finish()
}

// schurCohn is the Schur–Cohn recursion on c_k r^k, a step at a time: a
// polynomial of degree d has all roots in the open unit disc iff |c₀| <
// |c_d| and so does (c_d p(z) − c₀ p*(z))/z, p* the reversed polynomial.
// Each step is rescaled by its leading coefficient to avoid overflow; the
// recursion alternates between two buffers instead of copying. src holds
// the polynomial of degree d still to test, and once d = 0 ok is the
// verdict. The seasonal ETS kernels (ets_kernels.go) take one step per
// observation, the same arithmetic as step, so that the latency of the
// two recursions overlaps.
type schurCohn struct {
	src, dst []float64
	d        int
	ok       bool
	a, b     [32]float64 // buffers for degrees up to 31
}

// start sets up the test of whether every root of Σ c_k z^k has modulus
// below r: c (modified) becomes src, and dst is b or allocated.
func (s *schurCohn) start(c []float64, r float64) {
	if r == discRadius && len(c) <= len(discPow) {
		for k, pw := range discPow[:len(c)] {
			c[k] *= pw
		}
	} else {
		pw := 1.0
		for k := range c {
			c[k] *= pw
			pw *= r
		}
	}
	s.src = c
	if len(c) <= len(s.b) {
		s.dst = s.b[:len(c)]
	} else {
		s.dst = make([]float64, len(c))
	}
	s.d = len(c) - 1
	s.ok = true
}

// step takes one step of the recursion (s.d > 0).
func (s *schurCohn) step() {
	src, dst, d := s.src, s.dst, s.d
	a0, ad := src[0], src[d]
	if !(math.Abs(a0) < math.Abs(ad)) {
		s.ok, s.d = false, 0
		return
	}
	// The new leading coefficient first, to rescale the others as they
	// are computed (one pass instead of two; the same products).
	lead := ad*src[d] - a0*src[0]
	sa := math.Abs(lead)
	if sa == 0 {
		s.ok, s.d = false, 0
		return
	}
	inv := 1 / sa
	dst[d-1] = lead * inv
	// dst[k] = (ad·src[k+1] − a0·src[d−k−1])·inv for k < d−1, through the
	// subslice src[1:d] so that the loop needs fewer bounds checks.
	mid := src[1:d]
	out := dst[:len(mid)]
	for k, v := range mid {
		out[k] = (ad*v - a0*mid[len(mid)-1-k]) * inv
	}
	s.src, s.dst, s.d = dst, src, d-1
}

// finish takes the remaining steps and returns the verdict.
func (s *schurCohn) finish() bool {
	for s.d > 0 {
		s.step()
	}
	return s.ok
}

// initState returns R's starting values of the initial states (initstate):
// (l₀[, b₀][, s₀ … s_{m−2}]).
func (f *fitter) initState(spec ETSSpec, m int) []float64 {
	key := [2]Component{spec.Trend, spec.Season}
	if v, ok := f.init[key]; ok {
		return append([]float64(nil), v...)
	}
	y := f.y
	n := len(y)
	ysa := y
	var seas []float64
	if spec.Season != None {
		var sfac []float64 // seasonal component of each observation
		if n < 3*m {
			sfac = fourierSeasonal(y, m, spec.Season == Multiplicative)
		} else {
			sfac = decomposeSeasonal(y, m, spec.Season == Multiplicative)
		}
		seas = make([]float64, m-1)
		for k := range m - 1 { // rev(seasonal[2:m])
			seas[k] = sfac[m-1-k]
		}
		ysa = make([]float64, n)
		if spec.Season == Additive {
			for t := range n {
				ysa[t] = y[t] - sfac[t]
			}
		} else {
			var sum float64
			for k := range seas {
				seas[k] = math.Max(seas[k], 1e-2)
				sum += seas[k]
			}
			if sum > float64(m) {
				d := sum + 1e-2*float64(len(seas))
				for k := range seas {
					seas[k] /= d
				}
			}
			for t := range n {
				ysa[t] = y[t] / math.Max(sfac[t], 1e-2)
			}
		}
	} else {
		m = 1
	}
	maxn := min(max(10, 2*m), n)
	var out []float64
	if spec.Trend == None {
		var s float64
		for _, v := range ysa[:maxn] {
			s += v
		}
		out = []float64{s / float64(maxn)}
	} else {
		// lsfit(1:maxn, ysa[1:maxn])
		var st, sy float64
		for t := range maxn {
			st += float64(t + 1)
			sy += ysa[t]
		}
		mt, my := st/float64(maxn), sy/float64(maxn)
		var sxy, sxx float64
		for t := range maxn {
			dt := float64(t+1) - mt
			sxy += dt * (ysa[t] - my)
			sxx += dt * dt
		}
		b0 := sxy / sxx
		l0 := my - b0*mt
		if math.Abs(l0+b0) < 1e-8 {
			l0 *= 1 + 1e-3
			b0 *= 1 - 1e-3
		}
		out = []float64{l0, b0}
	}
	out = append(out, seas...)
	f.init[key] = out
	return append([]float64(nil), out...)
}

// decomposeSeasonal is the seasonal figure of R's decompose(): a centred
// moving average of order m (2×m for even m) as trend, the detrended series
// averaged by position in the cycle, normalised to mean 0 (additive) or 1
// (multiplicative), repeated over the n observations. Needs n >= 2m.
func decomposeSeasonal(y []float64, m int, mult bool) []float64 {
	n := len(y)
	half := m / 2
	sum := make([]float64, m)
	cnt := make([]float64, m)
	for t := half; t < n-half; t++ {
		tr := centredMean(y, m, t)
		d := y[t] - tr
		if mult {
			d = y[t] / tr
		}
		sum[t%m] += d
		cnt[t%m]++
	}
	var mean float64
	for i := range sum {
		sum[i] /= cnt[i]
		mean += sum[i]
	}
	mean /= float64(m)
	out := make([]float64, n)
	for t := range out {
		if mult {
			out[t] = sum[t%m] / mean
		} else {
			out[t] = sum[t%m] - mean
		}
	}
	return out
}

// fourierSeasonal is R initstate's start for short series (n < 3m): the
// series less (additive) or over (multiplicative) the trend line of a
// regression on trend and one Fourier pair.
func fourierSeasonal(y []float64, m int, mult bool) []float64 {
	n := len(y)
	cols := 4
	if m == 2 { // sin(πt) vanishes
		cols = 3
	}
	X := mat.NewDense(n, cols, nil)
	for t := range n {
		tt := float64(t + 1)
		X.Set(t, 0, 1)
		X.Set(t, 1, tt)
		X.Set(t, 2, math.Cos(2*math.Pi*tt/float64(m)))
		if cols == 4 {
			X.Set(t, 3, math.Sin(2*math.Pi*tt/float64(m)))
		}
	}
	var qr mat.QR
	qr.Factorize(X)
	var beta mat.Dense
	out := make([]float64, n)
	if err := qr.SolveTo(&beta, false, mat.NewDense(n, 1, append([]float64(nil), y...))); err != nil {
		if mult {
			for i := range out {
				out[i] = 1
			}
		}
		return out
	}
	a, b := beta.At(0, 0), beta.At(1, 0)
	for t := range n {
		tr := a + b*float64(t+1)
		if mult {
			out[t] = y[t] / tr
		} else {
			out[t] = y[t] - tr
		}
	}
	return out
}
