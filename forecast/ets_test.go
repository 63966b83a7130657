package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// refETS builds our model from an R fit row: R's parameters and initial
// states plugged into NewETS.
func refETS(t *testing.T, d *refData, f refFit) (*ETS, refSeries) {
	t.Helper()
	spec, err := ParseETSSpec(f.model)
	if err != nil {
		t.Fatalf("ParseETSSpec(%q): %v", f.model, err)
	}
	s := d.byID[f.series]
	p := ETSParams{Alpha: f.alpha, Beta: zeroNaN(f.beta), Gamma: zeroNaN(f.gamma), Phi: zeroNaN(f.phi)}
	init := ETSState{Level: f.l0, Trend: zeroNaN(f.b0), Season: f.s}
	e, err := NewETS(s.y, f.m, spec, p, init)
	if err != nil {
		t.Fatalf("NewETS(%s, %s, R's parameters): %v", f.series, f.model, err)
	}
	return e, s
}

func zeroNaN(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// TestETSStatsR re-runs every R ETS fit (fixed models, auto, ses, holt,
// damped holt) from R's parameters and initial states, and compares the fit
// statistics with R's; check_fits.py in the R reference does the same to
// 1e-9 relative.
func TestETSStatsR(t *testing.T) {
	d := loadRef(t)
	const tol = 1e-9
	var worst float64
	for _, f := range d.fits {
		e, _ := refETS(t, d, f)
		call := fmt.Sprintf("NewETS(%s, %s, R's parameters)", f.series, f.model)
		st := e.Stats
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"LogLik", st.LogLik, f.loglik},
			{"AIC", st.AIC, f.aic},
			{"AICc", st.AICc, f.aicc},
			{"BIC", st.BIC, f.bic},
			{"Sigma2", st.Sigma2, f.sigma2},
			{"MSE", st.MSE, f.mse},
			{"NPar", float64(st.NPar), float64(f.npar)},
		} {
			worst = math.Max(worst, math.Abs(c.got-c.want)/math.Abs(c.want))
			if !scalar.EqualWithinAbsOrRel(c.got, c.want, 0, tol) {
				t.Errorf("%s: %s = %.12g, want %.12g (R)", call, c.name, c.got, c.want)
			}
		}
	}
	t.Logf("%d fits; worst relative difference from R: %.2g", len(d.fits), worst)
}

// TestETSForecastR compares point forecasts and 80/95%% intervals with R's
// forecast(ets(...)) from R's own parameters and initial states, to 1e-6
// relative. Where forecast 8.20 departs from the textbook model (see
// (*ETS).Forecast), the test checks
//   - ETS(M,N,M), ETS(M,A,M): Mean for h > m against the textbook point
//     forecast (l_n + h·b_n)·s_{n+h−m⌈h/m⌉}, written out below; intervals
//     against R's (both centre them on the forecast distribution's mean);
//   - ETS(M,Ad,M): R's own damping, (l + (1+φ+…+φ^(h−1))b)·s, against R's
//     means for h <= m (this checks our final states), then Mean against the
//     textbook (l + (φ+…+φ^h)b)·s. Its intervals are checked in
//     TestETSClass3Simulation.
func TestETSForecastR(t *testing.T) {
	d := loadRef(t)
	const tol = 1e-6
	worst := map[string]float64{}
	for _, f := range d.fits {
		e, _ := refETS(t, d, f)
		want := d.forecasts[[2]string{f.series, f.method}]
		if want == nil {
			t.Fatalf("no R forecasts for %s %s", f.series, f.method)
		}
		h := len(want.mean)
		got := e.Forecast(h)
		call := fmt.Sprintf("NewETS(%s, %s, R's parameters).Forecast(%d)", f.series, f.model, h)
		key := e.Spec.String()
		m := e.M
		x := e.Final
		textbook := func(i int, phiSum float64) float64 {
			return (x.Level + phiSum*x.Trend) * x.Season[m-1-i%m]
		}
		switch e.Spec {
		case ETSSpec{Error: Multiplicative, Trend: None, Season: Multiplicative},
			ETSSpec{Error: Multiplicative, Trend: Additive, Season: Multiplicative}:
			trunc := *want
			trunc.mean = want.mean[:min(h, m)]
			w := compareForecast(t, call, got, &trunc, h, tol)
			worst[key] = math.Max(worst[key], w)
			for i := m; i < h; i++ {
				b := float64(i+1) * x.Trend
				if e.Spec.Trend == None {
					b = 0
				}
				tb := (x.Level + b) * x.Season[m-1-i%m]
				if !scalar.EqualWithinAbsOrRel(got.Mean[i], tb, 1e-12, 1e-12) {
					t.Errorf("%s: mean[h=%d] = %.12g, want %.12g (textbook point forecast)", call, i+1, got.Mean[i], tb)
				}
			}
		case ETSSpec{Error: Multiplicative, Trend: Additive, Damped: true, Season: Multiplicative}:
			phi := e.Params.Phi
			var rSum, tSum float64
			pw := 1.0
			for i := range h {
				rSum += pw // forecast 8.20: 1 + φ + … + φ^(h−1)
				pw *= phi
				tSum += pw // textbook: φ + … + φ^h
				if i < m {
					r := textbook(i, rSum)
					if !scalar.EqualWithinAbsOrRel(r, want.mean[i], tol, tol) {
						t.Errorf("%s: final states give R's damping %.12g at h=%d, want %.12g (R)", call, r, i+1, want.mean[i])
					}
					worst[key] = math.Max(worst[key], math.Abs(r-want.mean[i])/math.Abs(want.mean[i]))
				}
				if tb := textbook(i, tSum); !scalar.EqualWithinAbsOrRel(got.Mean[i], tb, 1e-12, 1e-12) {
					t.Errorf("%s: mean[h=%d] = %.12g, want %.12g (textbook point forecast)", call, i+1, got.Mean[i], tb)
				}
			}
		case ETSSpec{Error: Additive, Trend: None, Season: Additive},
			ETSSpec{Error: Multiplicative, Trend: None, Season: Additive}:
			// forecast 8.20's class1 puts γ in the second seasonal state
			// when there is no trend (G[3, 1] <- gamma), so its c_j has γ
			// at j ≡ m−1 (mod m) instead of j ≡ 0: its intervals agree
			// with the textbook for h < m only.
			trunc := refForecast{mean: want.mean, lo80: want.lo80[:m-1], hi80: want.hi80[:m-1], lo95: want.lo95[:m-1], hi95: want.hi95[:m-1]}
			w := compareForecast(t, call, got, &trunc, h, tol)
			worst[key] = math.Max(worst[key], w)
			multE := e.Spec.Error == Multiplicative
			quirk := noTrendSeasonVar(e.Params.Alpha, e.Params.Gamma, e.Stats.Sigma2, m, m-1, want.mean, multE)
			text := noTrendSeasonVar(e.Params.Alpha, e.Params.Gamma, e.Stats.Sigma2, m, 0, got.Mean, multE)
			for i := range h {
				if r := want.mean[i] + z95*math.Sqrt(quirk[i]); !scalar.EqualWithinAbsOrRel(r, want.hi95[i], tol, tol) {
					t.Errorf("%s: R's quirk gives hi95[h=%d] = %.12g, want %.12g (R)", call, i+1, r, want.hi95[i])
				}
				tb := got.Mean[i] - z80*math.Sqrt(text[i])
				if !scalar.EqualWithinAbsOrRel(got.Lo80[i], tb, 1e-12, 1e-12) {
					t.Errorf("%s: lo80[h=%d] = %.12g, want %.12g (textbook c_j = α + γ[j mod m = 0])", call, i+1, got.Lo80[i], tb)
				}
			}
		default:
			w := compareForecast(t, call, got, want, h, tol)
			worst[key] = math.Max(worst[key], w)
		}
	}
	for k, v := range worst {
		t.Logf("%s: worst relative difference from R: %.2g", k, v)
	}
}

// noTrendSeasonVar is the forecast variance of ETS(A,N,A) (class 1) or
// ETS(M,N,A) (class 2, HKOS §6.3) written out from the textbook, with
// c_j = α + γ·[j mod m = at]: at = 0 is the textbook model, at = m−1
// reproduces forecast 8.20.
func noTrendSeasonVar(alpha, gamma, s2 float64, m, at int, mu []float64, mult bool) []float64 {
	h := len(mu)
	c := make([]float64, h)
	for j := 1; j < h; j++ {
		c[j] = alpha
		if j%m == at {
			c[j] += gamma
		}
	}
	v := make([]float64, h)
	theta := make([]float64, h)
	for i := range h {
		if !mult {
			v[i] = s2
			for j := 1; j <= i; j++ {
				v[i] += s2 * c[j] * c[j]
			}
			continue
		}
		theta[i] = mu[i] * mu[i]
		for j := 1; j <= i; j++ {
			theta[i] += s2 * c[j] * c[j] * theta[i-j]
		}
		v[i] = (1+s2)*theta[i] - mu[i]*mu[i]
	}
	return v
}

// TestETSClass3Simulation checks the class 3 forecast means and variances
// (used for the intervals of ETS(M,N,M), ETS(M,A,M) and ETS(M,Ad,M),
// including the textbook damping) against Monte Carlo moments of 100,000
// paths simulated with a fixed seed from a model with a strong damped trend
// (l = 100, b = 5, φ = 0.85, σ = 5%, m = 4): means within 5 standard
// errors, variances within 3% relative.
func TestETSClass3Simulation(t *testing.T) {
	const paths, h = 100000, 10
	for _, model := range []string{"MNM", "MAM", "MAdM"} {
		t.Run(model, func(t *testing.T) {
			spec, _ := ParseETSSpec(model)
			e := &ETS{Spec: spec, M: 4,
				Params: ETSParams{Alpha: 0.3, Beta: 0.1, Gamma: 0.2, Phi: 0.85},
				Final:  ETSState{Level: 100, Trend: 5, Season: []float64{1.2, 0.7, 1.3, 0.8}},
				Stats:  FitStats{Sigma2: 0.0025}}
			if !spec.Damped {
				e.Params.Phi = 1
			}
			mu, v := e.class3(h)
			rnd := rand.New(rand.NewPCG(1, 2))
			var sum, sum2 [h]float64
			path := make([]float64, h)
			for range paths {
				e.Simulate(path, rnd)
				for i, y := range path {
					sum[i] += y
					sum2[i] += y * y
				}
			}
			for i := range h {
				mean := sum[i] / paths
				vr := (sum2[i] - paths*mean*mean) / (paths - 1)
				if se := math.Sqrt(vr / paths); math.Abs(mean-mu[i]) > 5*se {
					t.Errorf("class3(%s): mean[h=%d] = %.6g, want %.6g ± %.2g (simulation)", model, i+1, mu[i], mean, se)
				}
				if !scalar.EqualWithinRel(v[i], vr, 0.03) {
					t.Errorf("class3(%s): var[h=%d] = %.6g, want %.6g (simulation)", model, i+1, v[i], vr)
				}
			}
		})
	}
}
