package forecast

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// readReconcileRef reads testdata/ref/reconcile.csv (made by reconcile.R)
// into case → kind → matrix.
func readReconcileRef(t *testing.T) map[string]map[string][][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "ref", "reconcile.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][][]float64{}
	for _, r := range recs[1:] {
		i, _ := strconv.Atoi(r[2])
		j, _ := strconv.Atoi(r[3])
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Fatal(err)
		}
		c := out[r[0]]
		if c == nil {
			c = map[string][][]float64{}
			out[r[0]] = c
		}
		for len(c[r[1]]) <= i {
			c[r[1]] = append(c[r[1]], nil)
		}
		for len(c[r[1]][i]) <= j {
			c[r[1]][i] = append(c[r[1]][i], 0)
		}
		c[r[1]][i][j] = v
	}
	return out
}

func denseOf(rows [][]float64) *mat.Dense {
	d := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		d.SetRow(i, r)
	}
	return d
}

// baseOf builds base forecasts from row-per-series means and bounds.
func baseOf(mean, lo80, hi80, lo95, hi95 [][]float64) []*Forecast {
	out := make([]*Forecast, len(mean))
	for i := range mean {
		out[i] = &Forecast{Method: "base", Mean: mean[i], Lo80: lo80[i], Hi80: hi80[i], Lo95: lo95[i], Hi95: hi95[i]}
	}
	return out
}

// TestReconcileR checks Reconcile on a 3-level hierarchy (8 series, 5
// bottom, 3 steps, 30 periods of correlated residuals) against
// testdata/ref/reconcile.R: hts 6.0's shrink.estim and MinT projection in
// R ("mint"), and with 8 periods the fallback to WLS structural ("short").
// λ, G, the reconciled means and the reconciled standard deviations of
// the documented interval approach agree to 1e-10 relative.
func TestReconcileR(t *testing.T) {
	ref := readReconcileRef(t)
	all := ref["all"]
	S := denseOf(all["S"])
	base := baseOf(all["mean"], all["lo80"], all["hi80"], all["lo95"], all["hi95"])
	for _, c := range []struct {
		name   string
		T      int
		method ReconcileMethod
	}{{"mint", 30, ReconcileMinT}, {"short", 8, ReconcileWLS}} {
		want := ref[c.name]
		resid := make([][]float64, len(all["resid"]))
		for i, r := range all["resid"] {
			resid[i] = r[:c.T]
		}
		got, err := Reconcile(S, base, resid, nil)
		if err != nil {
			t.Fatalf("Reconcile(%s) error: %v", c.name, err)
		}
		if got.Method != c.method || (c.method == ReconcileWLS) != (got.Fallback != "") {
			t.Errorf("Reconcile(%s): method %s, fallback %q, want %s", c.name, got.Method, got.Fallback, c.method)
		}
		if c.method == ReconcileMinT && !scalar.EqualWithinAbsOrRel(got.Lambda, want["lambda"][0][0], 1e-12, 1e-12) {
			t.Errorf("Reconcile(%s): λ = %.15g, want %.15g (hts shrink.estim)", c.name, got.Lambda, want["lambda"][0][0])
		}
		for i, row := range want["G"] {
			for j, w := range row {
				if g := got.G.At(i, j); !scalar.EqualWithinAbsOrRel(g, w, 1e-10, 1e-10) {
					t.Errorf("Reconcile(%s): G[%d,%d] = %.15g, want %.15g (R)", c.name, i, j, g, w)
				}
			}
		}
		for i := range want["rmean"] {
			for k, w := range want["rmean"][i] {
				mu := got.Mean[i][k]
				if !scalar.EqualWithinAbsOrRel(mu, w, 1e-10, 1e-10) {
					t.Errorf("Reconcile(%s): mean[%d][%d] = %.15g, want %.15g (R)", c.name, i, k, mu, w)
				}
				for _, b := range []struct {
					what      string
					got, want float64
				}{
					{"hi80", got.Hi80[i][k], w + z80*want["rsd80"][i][k]}, {"lo80", got.Lo80[i][k], w - z80*want["rsd80"][i][k]},
					{"hi95", got.Hi95[i][k], w + z95*want["rsd95"][i][k]}, {"lo95", got.Lo95[i][k], w - z95*want["rsd95"][i][k]},
				} {
					if !scalar.EqualWithinAbsOrRel(b.got, b.want, 1e-10, 1e-10) {
						t.Errorf("Reconcile(%s): %s[%d][%d] = %.15g, want %.15g (R)", c.name, b.what, i, k, b.got, b.want)
					}
				}
			}
		}
		checkCoherent(t, c.name, S, got)
	}
}

// checkCoherent checks that every series equals S times the bottom rows
// (the last m rows of S must be the identity here) to 1e-9 relative, and
// that the bounds are ordered.
func checkCoherent(t *testing.T, name string, S *mat.Dense, r *Reconciled) {
	t.Helper()
	n, m := S.Dims()
	for k := range r.Mean[0] {
		for i := range n {
			var sum float64
			for j := range m {
				sum += S.At(i, j) * r.Mean[n-m+j][k]
			}
			if gap := math.Abs(sum-r.Mean[i][k]) / math.Max(math.Abs(r.Mean[i][k]), 1e-300); gap > 1e-9 && math.Abs(sum-r.Mean[i][k]) > 1e-12 {
				t.Errorf("%s: series %d step %d = %.15g, its bottom series sum to %.15g (gap %.3g)", name, i, k+1, r.Mean[i][k], sum, gap)
			}
			if !(r.Lo95[i][k] <= r.Lo80[i][k] && r.Lo80[i][k] <= r.Mean[i][k] && r.Mean[i][k] <= r.Hi80[i][k] && r.Hi80[i][k] <= r.Hi95[i][k]) {
				t.Errorf("%s: series %d step %d bounds %v %v %v %v %v out of order", name, i, k+1,
					r.Lo95[i][k], r.Lo80[i][k], r.Mean[i][k], r.Hi80[i][k], r.Hi95[i][k])
			}
		}
	}
}

// twoBottom is Total = A + B, rows Total, A, B.
var twoBottom = mat.NewDense(3, 2, []float64{1, 1, 1, 0, 0, 1})

func pointBase(means ...float64) []*Forecast {
	out := make([]*Forecast, len(means))
	for i, v := range means {
		out[i] = &Forecast{Mean: []float64{v}, Lo80: []float64{v - 1}, Hi80: []float64{v + 1}, Lo95: []float64{v - 2}, Hi95: []float64{v + 2}}
	}
	return out
}

// TestReconcileOLSHand: OLS on Total = A + B by hand. S'S = [2 1; 1 2], so
// G = (S'S)⁻¹S' = ⅓[1 2 −1; 1 −1 2]; for ŷ = (10, 4, 5) the bottom series
// are (10 + 8 − 5)/3 = 13/3 and (10 − 4 + 10)/3 = 16/3, the total 29/3.
func TestReconcileOLSHand(t *testing.T) {
	r, err := Reconcile(twoBottom, pointBase(10, 4, 5), nil, &ReconcileOptions{Method: ReconcileOLS})
	if err != nil {
		t.Fatal(err)
	}
	wantG := [][]float64{{1.0 / 3, 2.0 / 3, -1.0 / 3}, {1.0 / 3, -1.0 / 3, 2.0 / 3}}
	for i, row := range wantG {
		for j, w := range row {
			if g := r.G.At(i, j); !scalar.EqualWithinAbsOrRel(g, w, 1e-15, 1e-14) {
				t.Errorf("Reconcile(OLS): G[%d,%d] = %v, want %v", i, j, g, w)
			}
		}
	}
	for i, w := range []float64{29.0 / 3, 13.0 / 3, 16.0 / 3} {
		if !scalar.EqualWithinAbsOrRel(r.Mean[i][0], w, 1e-14, 1e-14) {
			t.Errorf("Reconcile(OLS): series %d = %v, want %v", i, r.Mean[i][0], w)
		}
	}
	// Bottom-up keeps A and B and sums them.
	r, err = Reconcile(twoBottom, pointBase(10, 4, 5), nil, &ReconcileOptions{Method: ReconcileBottomUp})
	if err != nil {
		t.Fatal(err)
	}
	if r.Mean[0][0] != 9 || r.Mean[1][0] != 4 || r.Mean[2][0] != 5 {
		t.Errorf("Reconcile(bottom-up) = %v %v %v, want 9 4 5", r.Mean[0][0], r.Mean[1][0], r.Mean[2][0])
	}
	// Without residuals the base errors are independent, and every base
	// 80% half-width is 1: the total's reconciled half-width is √2 times
	// a bottom series'.
	if w := (r.Hi80[0][0] - r.Mean[0][0]) / (r.Hi80[1][0] - r.Mean[1][0]); !scalar.EqualWithinAbsOrRel(w, math.Sqrt2, 1e-14, 1e-14) {
		t.Errorf("Reconcile(bottom-up): total's half-width / A's = %v, want √2", w)
	}
}

// TestReconcileCounts: Total = A + B, counts with means 0.4, 0.2 and 0.2
// and their bands as Poisson quantiles (2.5%, 10%, 90%, 97.5%): A and B
// 0, 0, 1, 1 (P(X = 0) = e^-0.2 = 0.819, P(X <= 1) = 0.982), the total 0,
// 0, 1, 2 (P(X <= 1) = 1.4·e^-0.4 = 0.938, P(X <= 2) = 0.992). The means
// are coherent, so OLS keeps them. A month with 1 comes to A with
// probability 0.18: its reconciled 95% band must hold 1. By hand (bandSD:
// cut at zero, so the upper side; the 95% sd at least the 80% one): A's
// sd80 = sd95 = 0.8/z80, the total's sd80 = 0.6/z80, sd95 = 1.6/z95; with
// SG = ⅓[2 1 1; 1 2 −1; 1 −1 2] and independent errors A's reconciled
// variance is (sdT² + 4·sdA² + sdB²)/9 at each level.
func TestReconcileCounts(t *testing.T) {
	band := func(mu, hi80, hi95 float64) *Forecast {
		return &Forecast{Mean: []float64{mu}, Lo80: []float64{0}, Hi80: []float64{hi80}, Lo95: []float64{0}, Hi95: []float64{hi95}}
	}
	base := []*Forecast{band(0.4, 1, 2), band(0.2, 1, 1), band(0.2, 1, 1)}
	r, err := Reconcile(twoBottom, base, nil, &ReconcileOptions{Method: ReconcileOLS, NonNegative: true})
	if err != nil {
		t.Fatal(err)
	}
	sdA := 0.8 / z80
	v80 := math.Sqrt((math.Pow(0.6/z80, 2) + 5*sdA*sdA) / 9)
	v95 := math.Sqrt((math.Pow(1.6/z95, 2) + 5*sdA*sdA) / 9)
	for i := 1; i <= 2; i++ {
		got := []float64{r.Mean[i][0], r.Lo80[i][0], r.Hi80[i][0], r.Lo95[i][0], r.Hi95[i][0]}
		want := []float64{0.2, 0, 0.2 + z80*v80, 0, 0.2 + z95*v95}
		for j := range got {
			if !scalar.EqualWithinAbsOrRel(got[j], want[j], 1e-12, 1e-12) {
				t.Errorf("Reconcile(counts): series %d mean, lo80, hi80, lo95, hi95 = %v, want %v (by hand)", i, got, want)
				break
			}
		}
		if r.Hi95[i][0] < 1 {
			t.Errorf("Reconcile(counts): series %d 95%% band 0 to %.3f leaves out 1, which comes with probability 0.18", i, r.Hi95[i][0])
		}
	}
}

// TestReconcileNestedBounds: Total = A + B, never negative, with A near
// zero and a wide band (a store winding down) and B steady at 100 ± 10. The
// reconciled total is at least B, so its bands must be at least B's (found
// from outside: the total's 95% band was 0-372 with B's 91.6-110.5).
func TestReconcileNestedBounds(t *testing.T) {
	band := func(mu, lo80, hi80, lo95, hi95 float64) *Forecast {
		return &Forecast{Mean: []float64{mu}, Lo80: []float64{lo80}, Hi80: []float64{hi80}, Lo95: []float64{lo95}, Hi95: []float64{hi95}}
	}
	base := []*Forecast{band(100.3, 0, 400, 0, 900), band(0.3, 0, 300, 0, 800), band(100, 93, 107, 90, 110)}
	r, err := Reconcile(twoBottom, base, nil, &ReconcileOptions{Method: ReconcileBottomUp, NonNegative: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name          string
		total, member float64
	}{{"lo80", r.Lo80[0][0], r.Lo80[2][0]}, {"lo95", r.Lo95[0][0], r.Lo95[2][0]}, {"hi80", r.Hi80[0][0], r.Hi80[1][0]}, {"hi95", r.Hi95[0][0], r.Hi95[1][0]}} {
		if c.total < c.member {
			t.Errorf("%s: total %.4g below a member's %.4g", c.name, c.total, c.member)
		}
	}
	if !(r.Lo95[0][0] <= r.Lo80[0][0] && r.Lo80[0][0] <= r.Mean[0][0] && r.Mean[0][0] <= r.Hi80[0][0] && r.Hi80[0][0] <= r.Hi95[0][0]) {
		t.Errorf("total's bands out of order: %v %v %v %v %v", r.Lo95[0][0], r.Lo80[0][0], r.Mean[0][0], r.Hi80[0][0], r.Hi95[0][0])
	}
}

// TestReconcileMinTDiagonal: residuals that are orthogonal (a constant,
// an alternating and a period-4 pattern over 12 periods) have a diagonal
// sample covariance, so λ = 1 and MinT is WLS with weights a², b², c²:
// minimise (ŷT − b₁ − b₂)²/a² + (ŷA − b₁)²/b² + (ŷB − b₂)²/c², whose normal
// equations are [1/a²+1/b², 1/a²; 1/a², 1/a²+1/c²]·b = [ŷT/a² + ŷA/b²;
// ŷT/a² + ŷB/c²], solved here by Cramer's rule.
func TestReconcileMinTDiagonal(t *testing.T) {
	const a, b, c = 3.0, 1.0, 2.0
	resid := make([][]float64, 3)
	for i := range resid {
		resid[i] = make([]float64, 12)
	}
	for tt := range 12 {
		resid[0][tt] = a
		resid[1][tt] = b * float64(1-2*(tt%2))
		resid[2][tt] = c * float64(1-2*((tt/2)%2))
	}
	yT, yA, yB := 10.0, 4.0, 5.0
	r, err := Reconcile(twoBottom, pointBase(yT, yA, yB), resid, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != ReconcileMinT || r.Lambda != 1 {
		t.Errorf("Reconcile(orthogonal residuals): %s, λ = %v, want MinT, 1", r.Method, r.Lambda)
	}
	a2, b2, c2 := a*a, b*b, c*c
	m11, m12, m22 := 1/a2+1/b2, 1/a2, 1/a2+1/c2
	r1, r2 := yT/a2+yA/b2, yT/a2+yB/c2
	det := m11*m22 - m12*m12
	b1, bb2 := (r1*m22-m12*r2)/det, (m11*r2-m12*r1)/det
	for i, w := range []float64{b1 + bb2, b1, bb2} {
		if !scalar.EqualWithinAbsOrRel(r.Mean[i][0], w, 1e-13, 1e-13) {
			t.Errorf("Reconcile(MinT, diagonal): series %d = %.15g, want %.15g (WLS by hand)", i, r.Mean[i][0], w)
		}
	}
}

// TestReconcileOptions covers the fallbacks, NonNegative and the errors.
func TestReconcileOptions(t *testing.T) {
	// No residuals: MinT falls back to WLS structural, W = diag(2, 1, 1).
	r, err := Reconcile(twoBottom, pointBase(10, 4, 5), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != ReconcileWLS || r.Fallback == "" || !math.IsNaN(r.Lambda) {
		t.Errorf("Reconcile(no residuals): %s, fallback %q, λ %v, want WLS with a reason", r.Method, r.Fallback, r.Lambda)
	}
	// WLS with W = diag(2, 1, 1): b = (S'W⁻¹S)⁻¹S'W⁻¹ŷ; S'W⁻¹S = [1.5 .5;
	// .5 1.5], S'W⁻¹ŷ = (5 + 4, 5 + 5) = (9, 10), the inverse ½[1.5 −.5;
	// −.5 1.5]: b = (½(13.5 − 5), ½(15 − 4.5)) = (4.25, 5.25), total 9.5.
	for i, w := range []float64{9.5, 4.25, 5.25} {
		if !scalar.EqualWithinAbsOrRel(r.Mean[i][0], w, 1e-14, 1e-14) {
			t.Errorf("Reconcile(WLS): series %d = %v, want %v", i, r.Mean[i][0], w)
		}
	}

	// NonNegative: OLS would make B negative here.
	r, err = Reconcile(twoBottom, pointBase(1, 6, 0), nil, &ReconcileOptions{Method: ReconcileOLS, NonNegative: true})
	if err != nil {
		t.Fatal(err)
	}
	checkCoherent(t, "Reconcile(NonNegative)", twoBottom, r)
	for i := range 3 {
		if r.Mean[i][0] < 0 || r.Lo95[i][0] < 0 {
			t.Errorf("Reconcile(NonNegative): series %d mean %v lo95 %v, want >= 0", i, r.Mean[i][0], r.Lo95[i][0])
		}
	}

	// Dependent columns, and bottom-up without a unit row.
	dup := mat.NewDense(3, 2, []float64{1, 1, 1, 1, 1, 1})
	if _, err := Reconcile(dup, pointBase(1, 2, 3), nil, &ReconcileOptions{Method: ReconcileOLS}); !errors.Is(err, ErrHierarchy) {
		t.Errorf("Reconcile(dependent columns) error = %v, want ErrHierarchy", err)
	}
	if _, err := Reconcile(dup, pointBase(1, 2, 3), nil, &ReconcileOptions{Method: ReconcileBottomUp}); !errors.Is(err, ErrHierarchy) {
		t.Errorf("Reconcile(bottom-up, no unit rows) error = %v, want ErrHierarchy", err)
	}
	bad := pointBase(1, math.NaN(), 3)
	if _, err := Reconcile(twoBottom, bad, nil, nil); !errors.Is(err, ErrNaN) {
		t.Errorf("Reconcile(NaN) error = %v, want ErrNaN", err)
	}
}

// BenchmarkReconcile reconciles a total, 6 regions and 42 bottom series (49
// series) over 18 steps with 36 periods of residuals, by MinT.
func BenchmarkReconcile(b *testing.B) {
	const regions, per, T, h = 6, 7, 36, 18
	m := regions * per
	n := 1 + regions + m
	S := mat.NewDense(n, m, nil)
	for j := range m {
		S.Set(0, j, 1)
		S.Set(1+j/per, j, 1)
		S.Set(1+regions+j, j, 1)
	}
	base := make([]*Forecast, n)
	resid := make([][]float64, n)
	for i := range n {
		f := newForecast("base", h)
		for k := range h {
			v := 100 + float64(i+k)
			f.Mean[k] = v
			f.setNormal(k, v, 5+float64(k))
		}
		base[i] = f
		resid[i] = make([]float64, T)
		for t := range T {
			resid[i][t] = math.Sin(float64(7*i+3*t)) + 0.3*math.Cos(float64(t))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Reconcile(S, base, resid, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// threeBottom is Total = A + B + C, rows Total, A, B, C.
var threeBottom = mat.NewDense(4, 3, []float64{1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1})

// TestReconcileFixedHand: Total = A + B + C where C never moved (a member
// at 0, or at exactly 5, every month: its errors are zero). C keeps its
// forecast and its zero-width band, and Total − C = A + B is reconciled as
// TestReconcileOLSHand's hierarchy: with ŷ = (100, 60, 30, c), A and B are
// ((100 − c) + 120 − 30)/3 and ((100 − c) − 60 + 60)/3. With independent
// errors of sd 10, 6 and 3 (and 0 for C), A's variance is (10² + 4·6² +
// 3²)/9, B's (10² + 6² + 4·3²)/9 and the total's (4·10² + 6² + 3²)/9 (its
// reconciled value is (2(ŷT − c) + ŷA + ŷB)/3 + c). Before Fixed, OLS moved
// the member of zeros to a mean of 3.33 (found from outside: a store that
// never sold forecast 454.6 with a 95% bound of 4,437).
func TestReconcileFixedHand(t *testing.T) {
	sdBase := func(mu, sd float64) *Forecast {
		return &Forecast{Mean: []float64{mu}, Lo80: []float64{mu - z80*sd}, Hi80: []float64{mu + z80*sd}, Lo95: []float64{mu - z95*sd}, Hi95: []float64{mu + z95*sd}}
	}
	for _, c := range []float64{0, 5} {
		base := []*Forecast{sdBase(100, 10), sdBase(60, 6), sdBase(30, 3), sdBase(c, 0)}
		r, err := Reconcile(threeBottom, base, nil, &ReconcileOptions{Method: ReconcileOLS, Fixed: []bool{false, false, false, true}})
		if err != nil {
			t.Fatal(err)
		}
		wantMean := []float64{(2*(100-c)+60+30)/3 + c, (100 - c + 120 - 30) / 3, (100 - c - 60 + 60) / 3, c}
		wantSD := []float64{math.Sqrt(4*100+36+9) / 3, math.Sqrt(100+4*36+9) / 3, math.Sqrt(100+36+4*9) / 3, 0}
		for i := range 4 {
			got := []float64{r.Mean[i][0], r.Lo80[i][0], r.Hi80[i][0], r.Lo95[i][0], r.Hi95[i][0]}
			mu, sd := wantMean[i], wantSD[i]
			want := []float64{mu, mu - z80*sd, mu + z80*sd, mu - z95*sd, mu + z95*sd}
			for j := range got {
				if !scalar.EqualWithinAbsOrRel(got[j], want[j], 1e-12, 1e-12) {
					t.Errorf("Reconcile(OLS, C fixed at %v): series %d mean, lo80, hi80, lo95, hi95 = %v, want %v (by hand)", c, i, got, want)
					break
				}
			}
		}
		if r.Mean[3][0] != c || r.Hi95[3][0] != c || r.Lo95[3][0] != c {
			t.Errorf("Reconcile(OLS, C fixed at %v): C = %v (%v–%v), want exactly %v", c, r.Mean[3][0], r.Lo95[3][0], r.Hi95[3][0], c)
		}
	}
}

// TestReconcileFixedMinT: as TestReconcileMinTDiagonal with a fourth
// member C whose residuals are all zero (it never moved). MinT no longer
// falls back to WLS for the zero residuals: C is kept and the other three
// are MinT's WLS with weights a², b², c² on Total − C = A + B, solved by
// hand in the same way with ŷT − ŷC.
func TestReconcileFixedMinT(t *testing.T) {
	const a, b, c = 3.0, 1.0, 2.0
	resid := make([][]float64, 4)
	for i := range resid {
		resid[i] = make([]float64, 12)
	}
	for tt := range 12 {
		resid[0][tt] = a
		resid[1][tt] = b * float64(1-2*(tt%2))
		resid[2][tt] = c * float64(1-2*((tt/2)%2))
	}
	yT, yA, yB, yC := 30.0, 4.0, 5.0, 20.0
	base := pointBase(yT, yA, yB, yC)
	base[3].Lo80[0], base[3].Hi80[0], base[3].Lo95[0], base[3].Hi95[0] = yC, yC, yC, yC
	r, err := Reconcile(threeBottom, base, resid, &ReconcileOptions{Fixed: []bool{false, false, false, true}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != ReconcileMinT || r.Lambda != 1 || r.Fallback != "" {
		t.Errorf("Reconcile(C fixed): %s, λ = %v, fallback %q, want MinT, 1", r.Method, r.Lambda, r.Fallback)
	}
	a2, b2, c2 := a*a, b*b, c*c
	m11, m12, m22 := 1/a2+1/b2, 1/a2, 1/a2+1/c2
	r1, r2 := (yT-yC)/a2+yA/b2, (yT-yC)/a2+yB/c2
	det := m11*m22 - m12*m12
	b1, bb2 := (r1*m22-m12*r2)/det, (m11*r2-m12*r1)/det
	for i, w := range []float64{b1 + bb2 + yC, b1, bb2, yC} {
		if !scalar.EqualWithinAbsOrRel(r.Mean[i][0], w, 1e-13, 1e-13) {
			t.Errorf("Reconcile(MinT, C fixed): series %d = %.15g, want %.15g (WLS by hand)", i, r.Mean[i][0], w)
		}
	}
	if r.Lo95[3][0] != yC || r.Hi95[3][0] != yC {
		t.Errorf("Reconcile(MinT, C fixed): C's 95%% band %v–%v, want %v–%v", r.Lo95[3][0], r.Hi95[3][0], yC, yC)
	}
}

// TestReconcileCountBands: Total = A + B, visits to two stores that come
// one month in twelve (means 0.08, 0.08 and 0.16), their base bands count
// quantiles as demandIntervals makes them: A and B 0–0.08 at 80% (the 90%
// quantile is 0, the band kept about the mean) and 0–1 at 95%, the total
// 0–0.16 and 0–1. OLS keeps the coherent means. By hand: bandSD gives sd80
// = 0.04/z80 and sd95 = 0.92/z95 for A and B, 0.08/z80 and 0.84/z95 for the
// total; with SG = ⅓[2 1 1; 1 2 −1; 1 −1 2] B's reconciled variances are
// (sdT² + sdA² + 4sdB²)/9 = 0.000974 (80%) and 0.1428 (95%), the total's
// (4sdT² + sdA² + sdB²)/9 = 0.001948 and 0.1306. B at 80%: a Poisson of
// mean 0.08 (variance under the mean), P(0) = e^−0.08 = 0.923 >= 0.9: the
// 10% and 90% quantiles are 0, the band 0–0.08. B at 95%: a negative
// binomial of mean 0.08 and variance 0.1428, r = 0.08²/0.0628 = 0.1019, p
// = r/(r + 0.08) = 0.5603, P(0) = p^r = 0.9427 < 0.975, P(1) = P(0)·r·(1 −
// p) = 0.0422, P(X <= 1) = 0.985: 0–1. The total at 80%: Poisson(0.16),
// P(0) = 0.852 < 0.9, P(X <= 1) = 0.988: 0–1; at 95% (variance under the
// mean) the same 0–1. Before Counts the normal bands were B 0.04–0.12 at
// 80%, holding no count and leaving out 0 (found from outside).
func TestReconcileCountBands(t *testing.T) {
	band := func(mu, hi80 float64) *Forecast {
		return &Forecast{Mean: []float64{mu}, Lo80: []float64{0}, Hi80: []float64{hi80}, Lo95: []float64{0}, Hi95: []float64{1}}
	}
	base := []*Forecast{band(0.16, 0.16), band(0.08, 0.08), band(0.08, 0.08)}
	r, err := Reconcile(twoBottom, base, nil, &ReconcileOptions{Method: ReconcileOLS, NonNegative: true, Counts: []bool{true, true, true}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]float64{{0.16, 0, 1, 0, 1}, {0.08, 0, 0.08, 0, 1}, {0.08, 0, 0.08, 0, 1}} {
		got := []float64{r.Mean[i][0], r.Lo80[i][0], r.Hi80[i][0], r.Lo95[i][0], r.Hi95[i][0]}
		for j := range got {
			if !scalar.EqualWithinAbsOrRel(got[j], want[j], 1e-12, 1e-12) {
				t.Errorf("Reconcile(counts): series %d mean, lo80, hi80, lo95, hi95 = %v, want %v (by hand)", i, got, want)
				break
			}
		}
	}
}
