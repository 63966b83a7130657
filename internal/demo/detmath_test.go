package demo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The deterministic functions agree with the standard library's to within a
// few units in the last place over the ranges the model uses.
func TestDetMath(t *testing.T) {
	close := func(got, want float64) bool { return math.Abs(got-want) <= 1e-15*math.Abs(want) }
	for x := -30.0; x <= 5; x += 0.0137 {
		if got, want := dexp(x), math.Exp(x); !close(got, want) {
			t.Errorf("dexp(%v) = %v, want %v", x, got, want)
		}
	}
	for x := 1e-6; x <= 1e7; x *= 1.0371 {
		if got, want := dlog(x), math.Log(x); math.Abs(got-want) > 4e-16*math.Max(1, math.Abs(want)) {
			t.Errorf("dlog(%v) = %v, want %v", x, got, want)
		}
	}
	for _, c := range []struct{ x, y float64 }{{1.05, 2}, {1.05, 0}, {1.12, 3.25}, {0.92, 1.0 / 12}, {1.4, 0.25}, {2, -3}} {
		if got, want := dpow(c.x, c.y), math.Pow(c.x, c.y); !close(got, want) {
			t.Errorf("dpow(%v, %v) = %v, want %v", c.x, c.y, got, want)
		}
	}
	if dpow(1.05, 2) != 1.05*1.05 {
		t.Errorf("dpow(1.05, 2) = %v, want 1.05*1.05 exactly", dpow(1.05, 2))
	}
	// normal: mean 0, variance 1, 1.96 quantile; 200,000 draws give the
	// mean within 0.01 and the rest within 0.02 (several standard errors).
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	var sum, sq float64
	var over int
	for range n {
		z := normal(r)
		sum += z
		sq += z * z
		if math.Abs(z) > 1.96 {
			over++
		}
	}
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.02 || math.Abs(float64(over)/n-0.05) > 0.005 {
		t.Errorf("normal: mean %.4f, variance %.4f, P(|z|>1.96) %.4f; want 0, 1, 0.05", mean, variance, float64(over)/n)
	}
	// poisson: mean and variance lambda.
	for _, lambda := range []float64{0.3, 3, 12} {
		var s, s2 float64
		for range n {
			k := poisson(r, lambda)
			s += k
			s2 += k * k
		}
		m, v := s/n, s2/n-(s/n)*(s/n)
		if math.Abs(m-lambda) > 0.03*math.Max(1, lambda) || math.Abs(v-lambda) > 0.06*math.Max(1, lambda) {
			t.Errorf("poisson(%v): mean %.3f variance %.3f", lambda, m, v)
		}
	}
}
