package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refRun is the ETS recursion as one loop over the equations of
// etsCore.run, branching on the form at every step (the code before the
// kernels of ets_kernels.go): the kernels must give the same bits.
func refRun(y []float64, m int, spec ETSSpec, p ETSParams, x *ETSState) (sumE2, sse, sumLg float64, ok bool) {
	l, b := x.Level, x.Trend
	phi := 1.0
	if spec.Damped {
		phi = p.Phi
	}
	if spec.Trend == None {
		b, phi = 0, 0
	}
	var ring []float64
	if spec.Season != None {
		ring = make([]float64, m)
		for k := range m {
			ring[k] = x.Season[m-1-k]
		}
	}
	prod, prodExp := 1.0, 0
	for t, yt := range y {
		phib := phi * b
		q := l + phib
		var st float64
		yhat := q
		switch spec.Season {
		case Additive:
			st = ring[t%m]
			yhat = q + st
		case Multiplicative:
			st = ring[t%m]
			yhat = q * st
		}
		res := yt - yhat
		e := res
		if spec.Error == Multiplicative {
			if !(math.Abs(yhat) > 1e-10) {
				return 0, 0, 0, false
			}
			e = res / yhat
			prod *= math.Abs(yhat)
			if prod > 1e200 || prod < 1e-200 {
				fr, ex := math.Frexp(prod)
				prod = fr
				prodExp += ex
			}
		}
		sumE2 += e * e
		sse += res * res
		switch spec.Season {
		case Multiplicative:
			if st == 0 || q == 0 {
				return 0, 0, 0, false
			}
			l = q + p.Alpha*res/st
			b = phib + p.Beta*res/st
			ring[t%m] = st + p.Gamma*res/q
		case Additive:
			l = q + p.Alpha*res
			b = phib + p.Beta*res
			ring[t%m] = st + p.Gamma*res
		default:
			l = q + p.Alpha*res
			b = phib + p.Beta*res
		}
	}
	if math.IsNaN(sumE2) || math.IsInf(sumE2, 0) || math.IsNaN(l) || math.IsInf(l, 0) {
		return 0, 0, 0, false
	}
	if spec.Error == Multiplicative {
		sumLg = math.Log(prod) + float64(prodExp)*math.Ln2
	}
	if spec.Trend == None {
		b = 0
	}
	x.Level, x.Trend = l, b
	if spec.Season != None {
		pos := len(y) % m
		for k := range m {
			x.Season[k] = ring[(pos-1-k+2*m)%m]
		}
	}
	return sumE2, sse, sumLg, true
}

// TestETSKernels checks every form's kernel, bit for bit, against the
// reference recursion, and the admissibility test taken inside the
// seasonal kernels against admissible, on random series, parameters and
// states.
func TestETSKernels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 5))
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for _, spec := range ETSModels() {
		for _, m := range []int{4, 7, 12} {
			for trial := range 200 {
				n := m + 1 + rnd.IntN(5*m)
				y := make([]float64, n)
				for i := range y {
					y[i] = 100 + 20*rnd.NormFloat64() + 10*math.Sin(float64(i))
				}
				p := ETSParams{Alpha: rnd.Float64(), Beta: 0.3 * rnd.Float64(), Gamma: 0.5 * rnd.Float64(), Phi: 0.8 + 0.2*rnd.Float64()}
				if !spec.Damped {
					p.Phi = 1
				}
				x0 := ETSState{Level: 100 + 5*rnd.NormFloat64(), Trend: rnd.NormFloat64()}
				if spec.Season != None {
					x0.Season = make([]float64, m)
					for k := range x0.Season {
						if spec.Season == Multiplicative {
							x0.Season[k] = 0.8 + 0.4*rnd.Float64()
						} else {
							x0.Season[k] = 10 * rnd.NormFloat64()
						}
					}
				}
				if spec.Trend == None {
					x0.Trend = 0
				}
				mm := m
				if spec.Season == None {
					mm = 1
				}
				want := x0.clone()
				e2, sse, lg, ok := refRun(y, mm, spec, p, &want)
				c := newCore(y, mm, spec)
				got := x0.clone()
				r := c.run(p, &got, &schurCohn{})
				if r.ok != ok || ok && (!same(r.sumE2, e2) || !same(r.sse, sse) || !same(r.sumLg, lg) ||
					!same(got.Level, want.Level) || !same(got.Trend, want.Trend)) {
					t.Fatalf("%v m=%d trial %d: run = %+v, %+v; want %v %v %v %v, %+v", spec, m, trial, r, got, e2, sse, lg, ok, want)
				}
				for k := range got.Season {
					if !same(got.Season[k], want.Season[k]) {
						t.Fatalf("%v m=%d trial %d: season[%d] = %v, want %v", spec, m, trial, k, got.Season[k], want.Season[k])
					}
				}
				// The admissibility test inside the kernel (with the
				// recursion's own verdict) against admissible.
				var sc schurCohn
				_, done := admissibleStart(spec, mm, p, &sc)
				if done {
					sc.d, sc.ok = 0, true
				}
				x1 := x0.clone()
				r1 := c.run(p, &x1, &sc)
				if done {
					continue
				}
				fin := sc.finish()
				if r1.ok && fin != admissible(spec, mm, p) || !r1.ok && ok && admissible(spec, mm, p) {
					t.Fatalf("%v m=%d trial %d: admissibility in the kernel %v (ok %v), admissible %v", spec, m, trial, fin, r1.ok, admissible(spec, mm, p))
				}
			}
		}
	}
}
