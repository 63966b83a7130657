package forecast

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func parseFields(t *testing.T, s string) []float64 {
	t.Helper()
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestCrostonR checks Croston against R forecast 8.20's croston(y, h = 4,
// alpha) on eight series (hand-made, one demand, leading and trailing
// zeros, no zeros, Poisson, lumpy, non-integer amounts) at alpha 0.1 and
// 0.3: testdata/ref/croston.csv, made by testdata/ref/croston.R. SBA is
// checked as R's Croston times 1 − alpha/2 (forecast has no SBA).
// Tolerance 1e-13 relative.
func TestCrostonR(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "ref", "croston.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 17 {
		t.Fatalf("croston.csv: %d rows, want 17", len(recs))
	}
	for _, r := range recs[1:] {
		name := r[0]
		alpha, _ := strconv.ParseFloat(r[1], 64)
		y, want := parseFields(t, r[2]), parseFields(t, r[3])
		s := &IntermittentSettings{Alpha: alpha}
		c, err := Croston(y, len(want), s)
		if err != nil {
			t.Errorf("Croston(%s, alpha %v) error: %v", name, alpha, err)
			continue
		}
		b, err := SBA(y, len(want), s)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			if !scalar.EqualWithinAbsOrRel(c.Mean[i], w, 1e-13, 1e-13) {
				t.Errorf("Croston(%s, alpha %v) h=%d = %.17g, want %.17g (R)", name, alpha, i+1, c.Mean[i], w)
			}
			if sba := (1 - alpha/2) * w; !scalar.EqualWithinAbsOrRel(b.Mean[i], sba, 1e-13, 1e-13) {
				t.Errorf("SBA(%s, alpha %v) h=%d = %.17g, want %.17g (R croston × (1 − α/2))", name, alpha, i+1, b.Mean[i], sba)
			}
			checkOrdered(t, "Croston("+name+")", c, i)
		}
	}
}

func checkOrdered(t *testing.T, what string, f *Forecast, i int) {
	t.Helper()
	if !(0 <= f.Lo95[i] && f.Lo95[i] <= f.Lo80[i] && f.Lo80[i] <= f.Mean[i] && f.Mean[i] <= f.Hi80[i] && f.Hi80[i] <= f.Hi95[i]) {
		t.Errorf("%s h=%d: bounds %v %v %v %v %v, want 0 <= lo95 <= lo80 <= mean <= hi80 <= hi95",
			what, i+1, f.Lo95[i], f.Lo80[i], f.Mean[i], f.Hi80[i], f.Hi95[i])
	}
}

// TestTSBHand checks TSB on y = 0 3 0 0 2 with alpha = beta = 0.5, by hand.
// The first demand is at position 2: z = 3, p = 1/2, forecast 1.5. Then
// y = 0: p = 0.25 (forecast 0.75); y = 0: p = 0.125 (0.375); y = 2:
// p = 0.125 + 0.5·0.875 = 0.5625, z = 3 + 0.5·(2 − 3) = 2.5, forecast
// p·z = 1.40625. The one-step errors after the first demand are −1.5,
// −0.75, 2 − 0.375 = 1.625: MSE = 5.453125/3. A series of whole numbers,
// so the intervals are a negative binomial with mean 1.40625 and that
// variance: R qnbinom(c(.025, .1, .9, .975), size = μ²/(v − μ), mu = μ)
// = 0 0 3 5.
func TestTSBHand(t *testing.T) {
	f, err := TSB([]float64{0, 3, 0, 0, 2}, 2, &IntermittentSettings{Alpha: 0.5, Beta: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if f.Mean[i] != 1.40625 {
			t.Errorf("TSB(0 3 0 0 2) h=%d = %v, want 1.40625", i+1, f.Mean[i])
		}
		if got := [4]float64{f.Lo95[i], f.Lo80[i], f.Hi80[i], f.Hi95[i]}; got != [4]float64{0, 0, 3, 5} {
			t.Errorf("TSB(0 3 0 0 2) h=%d bounds = %v, want [0 0 3 5] (R qnbinom)", i+1, got)
		}
	}
	if _, mse := demandRecursion("tsb", []float64{0, 3, 0, 0, 2}, 0.5, 0.5); !scalar.EqualWithinAbsOrRel(mse, 5.453125/3, 1e-15, 1e-15) {
		t.Errorf("TSB(0 3 0 0 2) in-sample MSE = %v, want %v", mse, 5.453125/3)
	}
	// A run of zeros makes TSB decay, not Croston: after 0 3 0 0 2 0 0 0
	// p = 0.5625/8, so the forecast is 2.5·0.5625/8.
	f, _ = TSB([]float64{0, 3, 0, 0, 2, 0, 0, 0}, 1, &IntermittentSettings{Alpha: 0.5, Beta: 0.5})
	if want := 2.5 * 0.5625 / 8; f.Mean[0] != want {
		t.Errorf("TSB(0 3 0 0 2 0 0 0) = %v, want %v", f.Mean[0], want)
	}
}

// TestCountQuantiles checks the count intervals against R's qpois and
// qnbinom at c(.025, .1, .9, .975).
func TestCountQuantiles(t *testing.T) {
	for _, c := range []struct {
		name  string
		mu, v float64
		want  [4]float64
	}{
		{"qpois(p, 2)", 2, 2, [4]float64{0, 0, 4, 5}},
		{"qpois(p, 2), underdispersed", 2, 1, [4]float64{0, 0, 4, 5}},
		{"qpois(p, 0.05)", 0.05, 0.05, [4]float64{0, 0, 0, 1}},
		{"qnbinom(p, size = 1.5, mu = 3)", 3, 9, [4]float64{0, 0, 7, 11}},
		{"zero mean", 0, 4, [4]float64{}},
	} {
		if got := countQuantiles(c.mu, c.v); got != c.want {
			t.Errorf("countQuantiles(%v, %v) = %v, want %v (R %s)", c.mu, c.v, got, c.want, c.name)
		}
	}
	// Far from zero the normal approximation, still ordered.
	q := countQuantiles(5000, 6000)
	if !(q[0] < q[1] && q[1] < 5000 && 5000 < q[2] && q[2] < q[3]) {
		t.Errorf("countQuantiles(5000, 6000) = %v, want increasing about 5000", q)
	}
}

// TestProfileDemand checks the Syntetos–Boylan classes and the rule Auto uses.
func TestProfileDemand(t *testing.T) {
	for _, c := range []struct {
		name   string
		y      []float64
		class  DemandClass
		sparse bool
	}{
		// 4 demands in 12: ADI 3; sizes 2 2 2 2: CV² 0.
		{"intermittent", []float64{0, 2, 0, 0, 2, 0, 0, 2, 0, 0, 0, 2}, Intermittent, true},
		// ADI 3; sizes 1 9 1 9: mean 5, variance 16, CV² 0.64.
		{"lumpy", []float64{0, 1, 0, 0, 9, 0, 0, 1, 0, 0, 0, 9}, Lumpy, true},
		{"small counts", []float64{3, 5, 2, 4, 6, 1, 2, 3}, Smooth, true},
		{"large counts", []float64{30, 50, 20, 40, 60, 10, 20, 30}, Smooth, false}, // CV² 0.23
		{"amounts", []float64{103.2, 99.1, 101.7, 98.4}, Smooth, false},
		{"negative", []float64{0, -1, 0, 0, 2, 0}, Intermittent, false},
		{"all zeros", []float64{0, 0, 0}, Intermittent, false},
	} {
		p := ProfileDemand(c.y)
		if p.Class != c.class || p.Sparse() != c.sparse {
			t.Errorf("ProfileDemand(%s) = %s, Sparse %v (ADI %.3g, CV² %.3g), want %s, %v", c.name, p.Class, p.Sparse(), p.ADI, p.CV2, c.class, c.sparse)
		}
	}
	if p := ProfileDemand([]float64{0, 1, 0, 0, 9, 0, 0, 1, 0, 0, 0, 9}); p.ADI != 3 || !scalar.EqualWithinAbsOrRel(p.CV2, 0.64, 1e-15, 1e-15) || p.ZeroShare != 8.0/12 {
		t.Errorf("ProfileDemand(lumpy): ADI %v, CV² %v, zeros %v, want 3, 0.64, 2/3", p.ADI, p.CV2, p.ZeroShare)
	}
}

// TestAutoDemand: a sparse series goes to the demand candidates, the
// forecast is non-negative with ordered bounds, and every backtest origin
// lies inside the series given; other series are left to the combination.
func TestAutoDemand(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	y := make([]float64, 60)
	for i := range y {
		if rng.Float64() < 0.3 {
			y[i] = float64(1 + rng.IntN(5))
		}
	}
	f, err := Auto(y, 12, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	sel := f.Selection
	if sel == nil || len(sel.Candidates) != 4 || !strings.Contains(sel.Rule, "mean squared error") {
		t.Fatalf("Auto(intermittent) selection = %+v, want the four demand candidates", sel)
	}
	t.Logf("Auto(intermittent): %s; candidates %v", sel, sel.Candidates)
	for i := range f.Mean {
		checkOrdered(t, "Auto(intermittent) "+f.Method, f, i)
	}
	for _, o := range sel.Origins {
		if o >= len(y) || o < len(y)/2 {
			t.Errorf("Auto(intermittent): origin %d outside [n/2, n) for n = %d", o, len(y))
		}
	}

	// Not sparse: the demand path declines.
	smooth := make([]float64, 48)
	for i := range smooth {
		smooth[i] = 100 + 10*math.Sin(float64(i)) + float64(i)
	}
	if _, ok, _ := autoDemand(smooth, 12, 6, nil); ok {
		t.Errorf("autoDemand(smooth) took the series, want it left to the combination")
	}

	// Too short for an origin: SBA, with a warning.
	f, err = Auto([]float64{0, 1, 0, 0, 2, 0}, 1, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Method != "sba" || f.Selection.Warning == "" {
		t.Errorf("Auto(6 observations) = %s, warning %q, want sba with a warning", f.Method, f.Selection.Warning)
	}
}

// TestDemandErrors: negative data and too-short series are errors.
func TestDemandErrors(t *testing.T) {
	if _, err := Croston([]float64{1, -1, 2}, 2, nil); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("Croston(negative) error = %v, want ErrNegative", err)
	}
	if _, err := TSB([]float64{1}, 2, nil); err == nil {
		t.Errorf("TSB(1 observation) error = nil, want ErrTooShort")
	}
	f, err := SBA([]float64{0, 0, 0}, 2, nil)
	if err != nil || f.Mean[0] != 0 || f.Hi95[0] != 0 {
		t.Errorf("SBA(zeros) = %v, %v, want 0 with zero-width bounds", f, err)
	}
}
