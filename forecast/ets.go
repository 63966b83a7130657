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
}

// etsRun is the result of one pass of the recursion over y.
type etsRun struct {
	sumE2 float64 // Σ ε_t² (ε relative for multiplicative error)
	sumLg float64 // Σ log|ŷ_t|
	sse   float64 // Σ (y_t − ŷ_t)²
	ok    bool
	over  bool // stopped early: sse passed the limit
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
// multiplicative error, too close to zero, and stops early with ok = false
// and over = true once Σ(y − ŷ)² exceeds limit (+Inf: never).
func (c *etsCore) run(p ETSParams, x *ETSState, limit float64) etsRun {
	l, b := x.Level, x.Trend
	phi := 1.0
	if c.damped {
		phi = p.Phi
	}
	if !c.trend {
		b, phi = 0, 0
	}
	m := c.m
	ring := c.ring
	hasS := c.season != None
	if hasS {
		for k := range m { // oldest first
			ring[k] = x.Season[m-1-k]
		}
	}
	// One loop per kind of season, the seasonal ones a cycle at a time,
	// so that no step branches on the model or wraps an index; the three
	// share the scoring of a step (res to the limit test), and the
	// arithmetic is that of a single loop.
	var sumE2, sse float64
	prod, prodExp := 1.0, 0
	multE := c.multE
	alpha, beta, gamma := p.Alpha, p.Beta, p.Gamma
	y := c.y
	switch c.season {
	case None:
		for _, yt := range y {
			phib := phi * b
			q := l + phib
			yhat := q
			res := yt - yhat
			e := res
			if multE {
				// NaN fails here too; an infinite ŷ makes Σε² NaN below.
				if !(math.Abs(yhat) > 1e-10) {
					return etsRun{}
				}
				e = res / yhat
				// Σ log|ŷ| as the log of a product, renormalised when it
				// drifts far from 1: one log per pass instead of one per
				// step.
				prod *= math.Abs(yhat)
				if prod > 1e200 || prod < 1e-200 {
					fr, ex := math.Frexp(prod)
					prod = fr
					prodExp += ex
				}
			}
			sumE2 += e * e
			sse += res * res
			if sse > limit {
				return etsRun{over: true}
			}
			l = q + alpha*res
			b = phib + beta*res
		}
	case Additive:
		for t := 0; t < len(y); t += m {
			ys := y[t:min(t+m, len(y))]
			rs := ring[:len(ys)] // no bounds checks below
			for k, yt := range ys {
				phib := phi * b
				q := l + phib
				st := rs[k]
				yhat := q + st
				res := yt - yhat
				e := res
				if multE {
					// NaN fails here too; an infinite ŷ makes Σε² NaN below.
					if !(math.Abs(yhat) > 1e-10) {
						return etsRun{}
					}
					e = res / yhat
					// Σ log|ŷ| as the log of a product, renormalised when it
					// drifts far from 1: one log per pass instead of one per
					// step.
					prod *= math.Abs(yhat)
					if prod > 1e200 || prod < 1e-200 {
						fr, ex := math.Frexp(prod)
						prod = fr
						prodExp += ex
					}
				}
				sumE2 += e * e
				sse += res * res
				if sse > limit {
					return etsRun{over: true}
				}
				l = q + alpha*res
				b = phib + beta*res
				rs[k] = st + gamma*res
			}
		}
	case Multiplicative:
		for t := 0; t < len(y); t += m {
			ys := y[t:min(t+m, len(y))]
			rs := ring[:len(ys)] // no bounds checks below
			for k, yt := range ys {
				phib := phi * b
				q := l + phib
				st := rs[k]
				yhat := q * st
				res := yt - yhat
				e := res
				if multE {
					// NaN fails here too; an infinite ŷ makes Σε² NaN below.
					if !(math.Abs(yhat) > 1e-10) {
						return etsRun{}
					}
					e = res / yhat
					// Σ log|ŷ| as the log of a product, renormalised when it
					// drifts far from 1: one log per pass instead of one per
					// step.
					prod *= math.Abs(yhat)
					if prod > 1e200 || prod < 1e-200 {
						fr, ex := math.Frexp(prod)
						prod = fr
						prodExp += ex
					}
				}
				sumE2 += e * e
				sse += res * res
				if sse > limit {
					return etsRun{over: true}
				}
				if st == 0 || q == 0 {
					return etsRun{}
				}
				l = q + alpha*res/st
				b = phib + beta*res/st
				rs[k] = st + gamma*res/q
			}
		}
	}
	if math.IsNaN(sumE2) || math.IsInf(sumE2, 0) || math.IsNaN(l) || math.IsInf(l, 0) {
		return etsRun{}
	}
	r := etsRun{sumE2: sumE2, sse: sse, ok: true}
	if multE {
		r.sumLg = math.Log(prod) + float64(prodExp)*math.Ln2
	}
	if !c.trend {
		b = 0
	}
	x.Level, x.Trend = l, b
	if hasS {
		pos := len(y) % m
		for k := range m { // newest first
			x.Season[k] = ring[(pos-1-k+2*m)%m]
		}
	}
	return r
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
		season: spec.Season, multE: spec.Error == Multiplicative}
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
	r := c.run(p, &x, math.Inf(1))
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
