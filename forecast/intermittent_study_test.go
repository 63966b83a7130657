package forecast

import (
	"flag"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

var studyDemand = flag.Bool("study.demand", false, "run the demand-series study (TestDemandStudy)")

// TestDemandStudy compares Auto with and without the demand path on
// simulated monthly demand series (48 training, 12 test observations):
// each period has demand with probability p (0.1 to 0.6, a third of the
// series losing it over time, as an item going obsolete), of size
// 1 + negative binomial (mean 0.5 to 6, size 1.5). It prints the mean
// test MSE relative to the old path, MAE, 80%/95% coverage and the share
// of negative forecasts. Run with go test -run TestDemandStudy -study.demand -v.
func TestDemandStudy(t *testing.T) {
	if !*studyDemand {
		t.Skip("run with -study.demand")
	}
	rng := rand.New(rand.NewPCG(2026, 17))
	const nser, ntrain, ntest = 200, 48, 12
	type acc struct{ mse, mae, c80, c95, neg, cnt float64 }
	var oldA, newA acc
	var relMSE []float64
	picks := map[string]int{}
	nb := func(mu, size float64) float64 { // gamma–Poisson mixture
		lam := mu * gammaRand(rng, size) / size
		k, p := 0.0, math.Exp(-lam)
		for u, c := rng.Float64(), p; u > c && k < 1000; c += p {
			k++
			p *= lam / k
		}
		return k
	}
	for range nser {
		p0 := 0.1 + 0.5*rng.Float64()
		decay := rng.Float64() < 1.0/3
		mu := 0.5 + 5.5*rng.Float64()
		y := make([]float64, ntrain+ntest)
		for i := range y {
			p := p0
			if decay {
				p = p0 * (1 - 0.8*float64(i)/float64(len(y)))
			}
			if rng.Float64() < p {
				y[i] = 1 + nb(mu, 1.5)
			}
		}
		train, test := y[:ntrain], y[ntrain:]
		if !ProfileDemand(train).Sparse() {
			continue
		}
		fo, err1 := autoWith(defaultAuto, train, 12, ntest, nil)
		fn, err2 := Auto(train, 12, ntest, nil)
		if err1 != nil || err2 != nil {
			t.Logf("errors: %v %v", err1, err2)
			continue
		}
		key := fn.Method
		if strings.HasPrefix(key, "comb(") {
			key = "auto's combination"
		}
		picks[key]++
		var so, sn float64
		for _, r := range []struct {
			f *Forecast
			a *acc
			s *float64
		}{{fo, &oldA, &so}, {fn, &newA, &sn}} {
			for i, v := range test {
				e := v - r.f.Mean[i]
				*r.s += e * e
				r.a.mae += math.Abs(e)
				if r.f.Lo80[i] <= v && v <= r.f.Hi80[i] {
					r.a.c80++
				}
				if r.f.Lo95[i] <= v && v <= r.f.Hi95[i] {
					r.a.c95++
				}
				if r.f.Mean[i] < 0 {
					r.a.neg++
				}
				r.a.cnt++
			}
			r.a.mse += *r.s
		}
		if so > 0 {
			relMSE = append(relMSE, sn/so)
		}
	}
	var gm float64
	for _, r := range relMSE {
		gm += math.Log(math.Max(r, 1e-12))
	}
	gm = math.Exp(gm / float64(len(relMSE)))
	for _, r := range []struct {
		name string
		a    acc
	}{{"combination only", oldA}, {"with demand path", newA}} {
		a := r.a
		t.Logf("%-17s MSE %.3f MAE %.3f cov80 %.3f cov95 %.3f negative forecasts %.3f (%d series)", r.name,
			a.mse/a.cnt, a.mae/a.cnt, a.c80/a.cnt, a.c95/a.cnt, a.neg/a.cnt, len(relMSE))
	}
	t.Logf("geometric mean of per-series test MSE, new/old: %.3f; methods chosen: %v", gm, picks)
}

// gammaRand draws from Gamma(shape, 1) (Marsaglia–Tsang; shape >= 1).
func gammaRand(rng *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}
