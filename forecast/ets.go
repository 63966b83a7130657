package forecast

import (
	"fmt"
	"math"
	"strings"
)

// Component is the form of one ETS component: none, additive or multiplicative.
type Component byte

// The forms of an ETS component.
const (
	None           Component = 'N'
	Additive       Component = 'A'
	Multiplicative Component = 'M'
)

// ETSSpec names an ETS model: error, trend (with damping) and season, as in
// HKOS Table 2.1. The zero value is not valid.
type ETSSpec struct {
	Error  Component // Additive or Multiplicative
	Trend  Component // None or Additive (no multiplicative trend)
	Damped bool      // damped trend; needs Trend == Additive
	Season Component // None, Additive or Multiplicative
}

// ETSModels lists the 15 admissible models of R's ets() with restrict = TRUE
// and no multiplicative trend, in R's search order: ANN AAN AAdN MNN MAN
// MAdN ANA AAA AAdA MNA MAA MAdA MNM MAM MAdM.
func ETSModels() []ETSSpec {
	var out []ETSSpec
	for _, s := range []Component{None, Additive, Multiplicative} {
		for _, e := range []Component{Additive, Multiplicative} {
			if e == Additive && s == Multiplicative {
				continue
			}
			out = append(out,
				ETSSpec{Error: e, Trend: None, Season: s},
				ETSSpec{Error: e, Trend: Additive, Season: s},
				ETSSpec{Error: e, Trend: Additive, Damped: true, Season: s})
		}
	}
	return out
}

// ParseETSSpec parses a model name in the short form "MAdM" or R's form
// "ETS(M,Ad,M)".
func ParseETSSpec(name string) (ETSSpec, error) {
	s := name
	if strings.HasPrefix(s, "ETS(") && strings.HasSuffix(s, ")") {
		s = strings.ReplaceAll(s[4:len(s)-1], ",", "")
	}
	var sp ETSSpec
	if len(s) == 4 && s[1:3] == "Ad" {
		sp = ETSSpec{Error: Component(s[0]), Trend: Additive, Damped: true, Season: Component(s[3])}
	} else if len(s) == 3 {
		sp = ETSSpec{Error: Component(s[0]), Trend: Component(s[1]), Season: Component(s[2])}
	} else {
		return ETSSpec{}, fmt.Errorf("forecast: bad ETS model name %q", name)
	}
	if err := sp.valid(); err != nil {
		return ETSSpec{}, fmt.Errorf("forecast: ETS model %q: %v", name, err)
	}
	return sp, nil
}

func (s ETSSpec) valid() error {
	switch {
	case s.Error != Additive && s.Error != Multiplicative:
		return fmt.Errorf("error must be A or M, not %q", s.Error)
	case s.Trend != None && s.Trend != Additive:
		return fmt.Errorf("trend must be N or A, not %q", s.Trend)
	case s.Damped && s.Trend != Additive:
		return fmt.Errorf("damping needs an additive trend")
	case s.Season != None && s.Season != Additive && s.Season != Multiplicative:
		return fmt.Errorf("season must be N, A or M, not %q", s.Season)
	case s.Error == Additive && s.Season == Multiplicative:
		return fmt.Errorf("additive error with multiplicative season is not admissible (R restrict = TRUE)")
	}
	return nil
}

// String returns R's name of the model, e.g. "ETS(M,Ad,M)".
func (s ETSSpec) String() string {
	t := string(s.Trend)
	if s.Damped {
		t += "d"
	}
	return fmt.Sprintf("ETS(%c,%s,%c)", s.Error, t, s.Season)
}

// multiplicative reports whether the model has a multiplicative part, which
// needs positive data.
func (s ETSSpec) multiplicative() bool {
	return s.Error == Multiplicative || s.Season == Multiplicative
}

// ETSParams are the smoothing parameters of an ETS model in state-space form
// (HKOS Table 2.2): Beta is β in b_t = φb_{t−1} + βε_t (not Holt-Winters'
// β* = β/α). Beta is ignored without a trend, Gamma without a season, and Phi
// unless the trend is damped.
type ETSParams struct {
	Alpha, Beta, Gamma, Phi float64
}

// ETSState is the state vector of an ETS model at one time. Season[0] is
// the seasonal state of the latest period and Season[m−1] that of m−1
// periods earlier, which the next observation uses (R forecast's s1..sm).
// Additive seasonal states sum to 0, multiplicative ones to m, at the start.
type ETSState struct {
	Level  float64
	Trend  float64   // 0 without a trend
	Season []float64 // nil without a season
}

func (s ETSState) clone() ETSState {
	s.Season = append([]float64(nil), s.Season...)
	return s
}

// ETS is a fitted ETS model.
type ETS struct {
	Spec   ETSSpec
	M      int // season length; 1 for a non-seasonal model
	Params ETSParams
	Init   ETSState // states before the first observation (x₀)
	Final  ETSState // states after the last observation (x_n)
	Stats  FitStats
}

// etsCore holds what the recursion needs; it is reused across evaluations.
type etsCore struct {
	y      []float64
	m      int
	trend  bool
	damped bool
	season Component
	multE  bool
	ring   []float64 // seasonal states, oldest first from ringStart
	kind   int       // etsKernelIndex
}

//go:generate go run ets_kernels_gen.go

// etsKern is what a recursion kernel (ets_kernels.go) reads and leaves:
// the states, the parameters (φ = 1 without damping, 0 without a trend)
// and the sums; prod·2^prodExp is Π|ŷ_t|
// (multiplicative error only).
type etsKern struct {
	l, b                    float64
	alpha, beta, gamma, phi float64
	sumE2, sse, prod        float64
	prodExp                 int
}

// etsKernelIndex is spec's index for etsKernel. A kernel reports false
// when the recursion breaks down: a forecast too close to zero with
// multiplicative error, or a zero divisor with a multiplicative season.
func etsKernelIndex(spec ETSSpec) int {
	i := 0
	if spec.Error == Multiplicative {
		i = 9
	}
	switch {
	case spec.Damped:
		i += 6
	case spec.Trend != None:
		i += 3
	}
	switch spec.Season {
	case Additive:
		i++
	case Multiplicative:
		i += 2
	}
	return i
}

// etsRun is the result of one pass of the recursion over y.
type etsRun struct {
	sumE2 float64 // Σ ε_t² (ε relative for multiplicative error)
	sumLg float64 // Σ log|ŷ_t|
	sse   float64 // Σ (y_t − ŷ_t)²
	ok    bool
}

// run applies the ETS recursions of HKOS Table 2.2 (R forecast's etscalc)
// from the initial states, leaving the final states in x. season holds the
// initial seasonal states in ETSState order and may be nil for no season.
// The update uses the raw residual r = y − ŷ, the same for additive and
// multiplicative error:
//
//	no or additive season:  l = q + αr,    b = φb + βr,    s = s_{t−m} + γr
//	multiplicative season:  l = q + αr/s,  b = φb + βr/s,  s = s_{t−m} + γr/q
//
// with q = l + φb. It reports ok = false if a forecast is not finite or, with
// multiplicative error, too close to zero. A seasonal model also takes, one
// per observation, the steps of the admissibility test sc (if sc.d > 0),
// and reports ok = false as soon as that fails.
func (c *etsCore) run(p ETSParams, x *ETSState, sc *schurCohn) etsRun {
	m := c.m
	ring := c.ring
	hasS := c.season != None
	if hasS {
		for k := range m { // oldest first
			ring[k] = x.Season[m-1-k]
		}
	}
	r, l, b := c.runRing(p, x.Level, x.Trend, sc)
	if !r.ok {
		return r
	}
	if !c.trend {
		b = 0
	}
	x.Level, x.Trend = l, b
	if hasS {
		// ring[pos−1] is the newest state, then backwards around the ring.
		pos := len(c.y) % m
		if pos == 0 {
			pos = m
		}
		i := 0
		for j := pos - 1; j >= 0; j-- { // newest first
			x.Season[i] = ring[j]
			i++
		}
		for j := m - 1; j >= pos; j-- {
			x.Season[i] = ring[j]
			i++
		}
	}
	return r
}

// runRing is run from the initial level l and trend b, and the seasonal
// states already in the ring (oldest first); it returns the final level
// and trend and leaves the final seasonal states in the ring.
func (c *etsCore) runRing(p ETSParams, l, b float64, sc *schurCohn) (etsRun, float64, float64) {
	phi := 1.0
	if c.damped {
		phi = p.Phi
	}
	if !c.trend {
		b, phi = 0, 0
	}
	// The recursion of c's form (ets_kernels.go): one loop per form, the
	// seasonal ones a cycle at a time, so that no step branches on the
	// model or wraps an index, with the state in registers; the arithmetic
	// is that of a single loop over the equations above.
	k := etsKern{l: l, b: b, alpha: p.Alpha, beta: p.Beta, gamma: p.Gamma, phi: phi, prod: 1}
	if !etsKernel(c.kind, &k, c.y, c.ring, c.m, sc) {
		return etsRun{}, 0, 0
	}
	if math.IsNaN(k.sumE2) || math.IsInf(k.sumE2, 0) || math.IsNaN(k.l) || math.IsInf(k.l, 0) {
		return etsRun{}, 0, 0
	}
	r := etsRun{sumE2: k.sumE2, sse: k.sse, ok: true}
	if c.multE {
		r.sumLg = math.Log(k.prod) + float64(k.prodExp)*math.Ln2
	}
	return r, k.l, k.b
}

// load reads the initial states (l₀, b₀, s₀ … s_{m−2}) from th as
// unpackState does, the seasonal ones straight into the ring (oldest
// first, as run puts them), for runRing; ok is false where unpackState
// would refuse them.
func (c *etsCore) load(th []float64) (l, b float64, ok bool) {
	l = th[0]
	k := 1
	if c.trend {
		b = th[1]
		k++
	}
	if c.season == None {
		return l, b, true
	}
	m := c.m
	s := th[k : k+m-1]
	var sum float64
	for _, v := range s {
		sum += v
	}
	ring := c.ring[:m]
	if c.season == Multiplicative {
		last := float64(m) - sum
		if last < 0 {
			return 0, 0, false
		}
		for _, v := range s {
			if v < 0 {
				return 0, 0, false
			}
		}
		ring[0] = last
	} else {
		ring[0] = -sum
	}
	for i, v := range s {
		ring[m-1-i] = v
	}
	return l, b, true
}

// lik is R forecast's objective for opt.crit = "lik": n·log Σε² (+ 2Σlog|ŷ|
// for multiplicative error), floored at −1e10 to avoid perfect fits.
func (c *etsCore) lik(r etsRun) float64 {
	v := float64(len(c.y)) * math.Log(r.sumE2)
	if c.multE {
		v += 2 * r.sumLg
	}
	if v < -1e10 || math.IsInf(v, -1) {
		v = -1e10
	}
	return v
}

func newCore(y []float64, m int, spec ETSSpec) *etsCore {
	c := &etsCore{y: y, m: m, trend: spec.Trend != None, damped: spec.Damped,
		season: spec.Season, multE: spec.Error == Multiplicative,
		kind: etsKernelIndex(spec)}
	if spec.Season == None {
		c.m = 1
	} else {
		c.ring = make([]float64, m)
	}
	return c
}

// nParams returns the number of smoothing parameters and of free initial
// states of spec with season length m.
func nParams(spec ETSSpec, m int) (params, states int) {
	params, states = 1, 1
	if spec.Trend != None {
		params++
		states++
	}
	if spec.Damped {
		params++
	}
	if spec.Season != None {
		params++
		states += m - 1
	}
	return params, states
}

// NewETS evaluates the ETS model spec with the given parameters and initial
// states on y, without estimating anything: it returns the model with its
// final states and fit statistics, counted as if every parameter and free
// initial state had been estimated (as R does). m is ignored for a
// non-seasonal spec; init.Season must have length m otherwise.
// It returns an error if the recursion breaks down (a non-finite or zero
// forecast), if a multiplicative model meets non-positive data, or if y has
// no more observations than parameters.
func NewETS(y []float64, m int, spec ETSSpec, p ETSParams, init ETSState) (*ETS, error) {
	if err := spec.valid(); err != nil {
		panic("forecast: NewETS: " + err.Error())
	}
	if spec.Season != None {
		checkPeriod(m)
		if len(init.Season) != m {
			panic(fmt.Sprintf("forecast: NewETS: %d initial seasonal states, want m = %d", len(init.Season), m))
		}
	} else {
		m = 1
	}
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("%v: %w", spec, err)
	}
	if spec.multiplicative() && !positive(y) {
		return nil, fmt.Errorf("%v: %w", spec, ErrNonPositive)
	}
	c := newCore(y, m, spec)
	return c.finish(spec, p, init)
}

// finish runs the recursion once more from init and fills an ETS.
func (c *etsCore) finish(spec ETSSpec, p ETSParams, init ETSState) (*ETS, error) {
	if spec.Trend == None {
		p.Beta, init.Trend = 0, 0
	}
	if !spec.Damped {
		p.Phi = 1
	}
	if spec.Season == None {
		p.Gamma, init.Season = 0, nil
	}
	init = init.clone()
	x := init.clone()
	r := c.run(p, &x, &schurCohn{})
	if !r.ok {
		return nil, fmt.Errorf("%v: recursion breaks down (a forecast is zero or not finite)", spec)
	}
	np, ns := nParams(spec, c.m)
	n := len(c.y)
	k := np + ns + 1
	if n-k+1 <= 0 {
		return nil, fmt.Errorf("%v: %w: %d observations for %d parameters", spec, ErrTooShort, n, k)
	}
	ll := -0.5 * c.lik(r)
	st := FitStats{N: n, NPar: k, LogLik: ll,
		AIC:    -2*ll + 2*float64(k),
		BIC:    -2*ll + math.Log(float64(n))*float64(k),
		Sigma2: r.sumE2 / float64(n-k+1),
		MSE:    r.sse / float64(n),
	}
	if n-k-1 > 0 {
		st.AICc = st.AIC + 2*float64(k*(k+1))/float64(n-k-1)
	} else {
		st.AICc = math.Inf(1)
	}
	return &ETS{Spec: spec, M: c.m, Params: p, Init: init, Final: x, Stats: st}, nil
}

func positive(y []float64) bool {
	for _, v := range y {
		if !(v > 0) {
			return false
		}
	}
	return true
}
