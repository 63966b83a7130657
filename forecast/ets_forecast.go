package forecast

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// PointForecast writes the point forecasts for steps 1..h into dst (nil or
// of length h) and returns it: ŷ_{n+h} = l + φ_h·b (+ or ×) s, with
// φ_h = φ + φ² + … + φ^h (h without damping) and s the seasonal state of the
// same season in the last cycle (HKOS eq. 2.x, Table 2.1).
func (e *ETS) PointForecast(dst []float64, h int) []float64 {
	checkHorizon(h)
	if dst == nil {
		dst = make([]float64, h)
	} else if len(dst) != h {
		panic("forecast: PointForecast: len(dst) != h")
	}
	x := e.Final
	phi := e.Params.Phi
	var phiH float64 // φ + … + φ^h
	pw := 1.0
	for i := range h {
		lev := x.Level
		if e.Spec.Trend != None {
			if e.Spec.Damped {
				pw *= phi
				phiH += pw
			} else {
				phiH = float64(i + 1)
			}
			lev += phiH * x.Trend
		}
		switch e.Spec.Season {
		case None:
			dst[i] = lev
		case Additive:
			dst[i] = lev + x.Season[e.M-1-i%e.M]
		case Multiplicative:
			dst[i] = lev * x.Season[e.M-1-i%e.M]
		}
	}
	return dst
}

// Forecast returns the point forecasts for steps 1..h with analytic 80% and
// 95% prediction intervals (HKOS ch. 6; R forecast's class1, class2 and
// class3):
//
//   - class 1, additive error (ANN … AAdA): variance σ²(1 + Σ_{j<h} c_j²),
//     c_j = α + βφ_j + γ·[j mod m = 0];
//   - class 2, multiplicative error without multiplicative season (MNN …
//     MAdA): v_h = (1+σ²)θ_h − μ_h², θ_h = μ_h² + σ²Σ_{j<h} c_j²θ_{h−j};
//   - class 3, multiplicative error and season (MNM, MAM, MAdM): the
//     moment recursion of HKOS §6.4 (R's class3).
//
// Intervals are the forecast mean ± z·√v_h with the normal quantile z. A
// variance that overflows (a wildly unstable fit far ahead) is capped at the
// largest float64, so the bounds stay finite, if vast.
// For class 3 beyond one seasonal cycle the forecast mean (the expected
// value) exceeds the point forecast; Mean holds the point forecast and the
// intervals are centred on the expected value. Forecast 8.20 reports the
// expected value as its point forecast there, and for ETS(M,Ad,M) it damps
// one step late (F = [[1,1],[0,φ]] in class3); this package uses the
// textbook damped model, F = [[1,φ],[0,φ]], H = [1,φ].
func (e *ETS) Forecast(h int) *Forecast {
	checkHorizon(h)
	f := newForecast(e.Spec.String(), h)
	e.PointForecast(f.Mean, h)
	s2 := e.Stats.Sigma2
	switch {
	case e.Spec.Error == Additive:
		c := e.cj(h)
		v := s2
		for i := range h {
			if i > 0 {
				v += s2 * c[i-1] * c[i-1]
			}
			f.setNormal(i, f.Mean[i], safeSE(v))
		}
	case e.Spec.Season != Multiplicative:
		c := e.cj(h)
		mu := f.Mean
		theta := make([]float64, h)
		for i := range h {
			t := mu[i] * mu[i]
			for j := 1; j <= i; j++ {
				t += s2 * c[j-1] * c[j-1] * theta[i-j]
			}
			theta[i] = t
			v := (1+s2)*t - mu[i]*mu[i]
			f.setNormal(i, mu[i], safeSE(v))
		}
	default:
		mu, v := e.class3(h)
		for i := range h {
			f.setNormal(i, mu[i], safeSE(v[i]))
		}
	}
	f.Params = e.params()
	st := e.Stats
	f.Fit = &st
	return f
}

func (e *ETS) params() []Param {
	p := []Param{{Name: "alpha", Value: e.Params.Alpha}}
	if e.Spec.Trend != None {
		p = append(p, Param{Name: "beta", Value: e.Params.Beta})
	}
	if e.Spec.Season != None {
		p = append(p, Param{Name: "gamma", Value: e.Params.Gamma})
	}
	if e.Spec.Damped {
		p = append(p, Param{Name: "phi", Value: e.Params.Phi})
	}
	return p
}

// cj returns c_1..c_{h−1} of the class 1 and 2 variance formulas:
// c_j = α + β(φ + … + φ^j) + γ·[j mod m = 0].
func (e *ETS) cj(h int) []float64 {
	c := make([]float64, h)
	var phiJ float64
	pw := 1.0
	for j := 1; j < h; j++ {
		v := e.Params.Alpha
		if e.Spec.Trend != None {
			if e.Spec.Damped {
				pw *= e.Params.Phi
				phiJ += pw
			} else {
				phiJ = float64(j)
			}
			v += e.Params.Beta * phiJ
		}
		if e.Spec.Season != None && j%e.M == 0 {
			v += e.Params.Gamma
		}
		c[j-1] = v
	}
	return c
}

// class3 returns the forecast means and variances of a multiplicative error,
// multiplicative season model (HKOS §6.4, R forecast's class3 with the
// textbook damping). The non-seasonal states x = (l[, b]) and the seasonal
// states s evolve as x_t = F1 x + G1 x ε, s_t = F2 s + G2 s ε; M_h = E[x s']
// and V_h = Var(vec(x s')).
func (e *ETS) class3(h int) (mu, v []float64) {
	m := e.M
	s2 := e.Stats.Sigma2
	p := e.Params
	k := 1
	if e.Spec.Trend != None {
		k = 2
	}
	phi := 1.0
	if e.Spec.Damped {
		phi = p.Phi
	}
	var F1, G1, H1 *mat.Dense
	if k == 1 {
		F1 = mat.NewDense(1, 1, []float64{1})
		G1 = mat.NewDense(1, 1, []float64{p.Alpha})
		H1 = mat.NewDense(1, 1, []float64{1})
	} else {
		F1 = mat.NewDense(2, 2, []float64{1, phi, 0, phi})
		G1 = mat.NewDense(2, 2, []float64{p.Alpha, p.Alpha * phi, p.Beta, p.Beta * phi})
		H1 = mat.NewDense(1, 2, []float64{1, phi})
	}
	F2 := mat.NewDense(m, m, nil)
	F2.Set(0, m-1, 1)
	for i := 1; i < m; i++ {
		F2.Set(i, i-1, 1)
	}
	G2 := mat.NewDense(m, m, nil)
	G2.Set(0, m-1, p.Gamma)
	H2 := mat.NewDense(1, m, nil)
	H2.Set(0, m-1, 1)

	xv := []float64{e.Final.Level}
	if k == 2 {
		xv = append(xv, e.Final.Trend)
	}
	Mh := mat.NewDense(k, m, nil)
	for i := range k {
		for j := range m {
			Mh.Set(i, j, xv[i]*e.Final.Season[j])
		}
	}
	km := k * m
	var H21, F21, G21, K mat.Dense
	H21.Kronecker(H2, H1)
	F21.Kronecker(F2, F1)
	G21.Kronecker(G2, G1)
	var a, b mat.Dense
	a.Kronecker(G2, F1)
	b.Kronecker(F2, G1)
	K.Add(&a, &b)
	Vh := mat.NewDense(km, km, nil)
	vec := mat.NewVecDense(km, nil)
	outer := mat.NewDense(km, km, nil)
	mu = make([]float64, h)
	v = make([]float64, h)
	// mul returns a·b·c' in dst, through the scratch t; the matrices are
	// reused from step to step (the same products as with new ones, but
	// without allocating them at every step).
	mul := func(dst, t *mat.Dense, a, b, c mat.Matrix) *mat.Dense {
		t.Mul(a, b)
		dst.Mul(t, c.T())
		return dst
	}
	var t1m, t1km, r11, tkm, tkk, r1, r2, r3, r4, inner, sum, o2 mat.Dense
	var nextBuf [2]mat.Dense
	var mhBuf [2]mat.Dense
	var g, f mat.Dense
	for i := range h {
		mu[i] = mul(&r11, &t1m, H1, Mh, H2).At(0, 0)
		v[i] = (1+s2)*mul(&r11, &t1km, &H21, Vh, &H21).At(0, 0) + s2*mu[i]*mu[i]
		if i == h-1 {
			break
		}
		for c := range m { // vec(Mh), column-major
			for r := range k {
				vec.SetVec(c*k+r, Mh.At(r, c))
			}
		}
		outer.Outer(1, vec, vec)
		// Vh' = F21 Vh F21' + σ²(F21 Vh G21' + G21 Vh F21'
		//       + K (Vh + vv') K' + σ² G21 (3Vh + 2vv') G21')
		inner.Add(mul(&r1, &tkm, &F21, Vh, &G21), mul(&r2, &tkm, &G21, Vh, &F21))
		sum.Add(Vh, outer)
		inner.Add(&inner, mul(&r3, &tkm, &K, &sum, &K))
		sum.Scale(3, Vh)
		o2.Scale(2, outer)
		sum.Add(&sum, &o2)
		o2.Scale(s2, mul(&r4, &tkm, &G21, &sum, &G21))
		inner.Add(&inner, &o2)
		inner.Scale(s2, &inner)
		next := mul(&nextBuf[i%2], &tkm, &F21, Vh, &F21)
		next.Add(next, &inner)
		Vh = next
		// Mh' = F1 Mh F2' + σ² G1 Mh G2'
		nm := &mhBuf[i%2]
		nm.Scale(s2, mul(&g, &tkk, G1, Mh, G2))
		nm.Add(nm, mul(&f, &tkk, F1, Mh, F2))
		Mh = nm
	}
	return mu, v
}

// safeSE returns √v, with v capped to [0, MaxFloat64] and NaN (from ∞−∞)
// read as overflow.
func safeSE(v float64) float64 {
	if math.IsNaN(v) || v > math.MaxFloat64 {
		return math.Sqrt(math.MaxFloat64)
	}
	return math.Sqrt(math.Max(v, 0))
}
