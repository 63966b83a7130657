package forecast

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// maxRootModulus returns the largest modulus of the roots of Σ c_k z^k,
// from the eigenvalues of its companion matrix (gonum's mat.Eigen), as an
// independent check of rootsInDisc.
func maxRootModulus(c []float64) float64 {
	d := len(c) - 1
	C := mat.NewDense(d, d, nil)
	for i := range d {
		C.Set(0, i, -c[d-1-i]/c[d])
		if i > 0 {
			C.Set(i, i-1, 1)
		}
	}
	var e mat.Eigen
	if !e.Factorize(C, mat.EigenNone) {
		panic("eigen failed")
	}
	var mx float64
	for _, v := range e.Values(nil) {
		mx = math.Max(mx, cmplx.Abs(v))
	}
	return mx
}

// TestAdmissibleSeasonal compares the Schur–Cohn admissibility test with R's
// rule written with eigenvalues: max |root| <= 1 + 1e-10 of
// φ(1−α−γ) + (α+β−αφ+γ−1)z + (α+β−αφ)(z²+…+z^{m−1}) + (α+β−φ)z^m + z^{m+1},
// on random parameters that pass R's simple tests. Points whose largest
// root is within 1e-7 of the bound are skipped (eigenvalues of clustered
// roots are not that accurate).
func TestAdmissibleSeasonal(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	tested, rejected := 0, 0
	for _, m := range []int{2, 4, 7, 12, 24} {
		for range 3000 {
			spec := ETSSpec{Error: Additive, Trend: Additive, Damped: rnd.IntN(2) == 0, Season: Additive}
			if rnd.IntN(3) == 0 {
				spec = ETSSpec{Error: Additive, Trend: None, Season: Additive}
			}
			p := ETSParams{Alpha: 2 * rnd.Float64(), Beta: rnd.Float64() - 0.2, Gamma: 1.2 * rnd.Float64(), Phi: 1}
			if spec.Damped {
				p.Phi = 0.5 + 0.5*rnd.Float64()
			}
			beta := p.Beta
			if spec.Trend == None {
				beta = 0
			}
			c := []float64{p.Phi * (1 - p.Alpha - p.Gamma), p.Alpha + beta - p.Alpha*p.Phi + p.Gamma - 1}
			for k := 2; k < m; k++ {
				c = append(c, p.Alpha+beta-p.Alpha*p.Phi)
			}
			c = append(c, p.Alpha+beta-p.Phi, 1)
			mx := maxRootModulus(c)
			if math.Abs(mx-1) < 1e-7 {
				continue
			}
			// R's simple tests first, as in admissible().
			phi, alpha, gamma, fm := p.Phi, p.Alpha, p.Gamma, float64(m)
			simple := !(gamma < math.Max(1-1/phi-alpha, 0) || gamma > 1+1/phi-alpha ||
				alpha < 1-1/phi-gamma*(1-fm+phi+phi*fm)/(2*phi*fm) || beta < -(1-phi)*(gamma/fm+alpha))
			want := simple && mx <= 1+1e-10
			if got := admissible(spec, m, p); got != want {
				t.Errorf("admissible(%v, m=%d, %+v) = %v, want %v (max |root| %.12g)", spec, m, p, got, want, mx)
			}
			tested++
			if !want {
				rejected++
			}
		}
	}
	t.Logf("%d parameter sets, %d not admissible", tested, rejected)
}
