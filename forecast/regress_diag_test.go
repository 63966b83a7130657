package forecast

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rRef holds testdata/ref/regress_ref.csv: R 4.2.2's lm, summary.lm,
// confint, logLik, hatvalues, cooks.distance, predict, Box.test and
// lmtest 0.9-40's bptest, with Durbin–Watson, Jarque–Bera and VIF from
// their formulas, written by testdata/ref/regress_ref.R.
// ref[dataset][stat][key] = value.
type rRef map[string]map[string]map[string]float64

func readRRef(t testing.TB) rRef {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "ref", "regress_ref.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ref := rRef{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatalf("regress_ref.csv: %v", err)
		}
		if ref[r[0]] == nil {
			ref[r[0]] = map[string]map[string]float64{}
		}
		if ref[r[0]][r[1]] == nil {
			ref[r[0]][r[1]] = map[string]float64{}
		}
		ref[r[0]][r[1]][r[2]] = v
	}
	return ref
}

// readRefCSV reads a made-up dataset of testdata/ref by column name.
func readRefCSV(t testing.TB, name string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "ref", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string][]float64{}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			cols[h] = append(cols[h], v)
		}
	}
	return cols
}

func columns(cols ...[]float64) *mat.Dense {
	x := mat.NewDense(len(cols[0]), len(cols), nil)
	for j, c := range cols {
		for i, v := range c {
			x.Set(i, j, v)
		}
	}
	return x
}

// refCase is one dataset of regress_ref.R with its fit and the new rows
// passed to predict (intercept's 1 included).
type refCase struct {
	name    string
	x       *mat.Dense
	y, w    []float64
	set     RegressSettings
	newRows [][]float64
}

func refCases(t testing.TB) []refCase {
	lg := readNIST(t, "Longley")
	wd := readRefCSV(t, "weighted.csv")
	ni := readRefCSV(t, "noint.csv")
	return []refCase{
		{name: "longley", x: lg.design(), y: lg.y,
			set: RegressSettings{Intercept: true, Names: []string{"x1", "x2", "x3", "x4", "x5", "x6"}},
			newRows: [][]float64{
				{1, 100, 400000, 3000, 2500, 115000, 1955},
				{1, 110, 500000, 2500, 3000, 125000, 1963},
			}},
		{name: "weighted", x: columns(wd["price"], wd["spend"], wd["t"]), y: wd["sales"], w: wd["w"],
			set:     RegressSettings{Intercept: true, Names: []string{"price", "spend", "t"}},
			newRows: [][]float64{{1, 11, 6, 25}, {1, 14.5, 3, 26}}},
		{name: "noint", x: columns(ni["a"], ni["b"]), y: ni["y"],
			set:     RegressSettings{Names: []string{"a", "b"}},
			newRows: [][]float64{{3, 2.5}, {9, 4.5}}},
	}
}

// relErr is |got − want| / |want| (absolute when want is 0).
func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	d := math.Abs(got - want)
	if want != 0 {
		d /= math.Abs(want)
	}
	if math.IsNaN(d) {
		return math.Inf(1)
	}
	return d
}

// TestRegressAgainstR compares Regress, Diagnose and PredictInterval with
// R (regress_ref.csv) on Longley, a weighted and a no-intercept dataset,
// to 1e-8 relative for every value, p values included. Measured: at most
// 3e-11 (Longley's predict se.fit, where R's float64 QR is the less
// accurate side), 1e-13 elsewhere, p values 6e-14. It logs the worst
// relative difference per statistic (go test -v).
func TestRegressAgainstR(t *testing.T) {
	ref := readRRef(t)
	for _, tc := range refCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			want := ref[tc.name]
			if want == nil {
				t.Fatalf("no %s in regress_ref.csv", tc.name)
			}
			r, err := Regress(tc.x, tc.y, tc.w, &tc.set)
			if err != nil {
				t.Fatalf("Regress: %v", err)
			}
			d := Diagnose(r)
			got := map[string]map[string]float64{}
			put := func(stat, key string, v float64) {
				if got[stat] == nil {
					got[stat] = map[string]float64{}
				}
				got[stat][key] = v
			}
			for _, tm := range r.Terms {
				put("estimate", tm.Name, tm.Estimate)
				put("std_error", tm.Name, tm.StdError)
				put("t", tm.Name, tm.T)
				put("p", tm.Name, tm.P)
				put("lower", tm.Name, tm.Lower)
				put("upper", tm.Name, tm.Upper)
			}
			for k, v := range map[string]float64{
				"r_squared": r.RSquared, "adj_r_squared": r.AdjRSquared, "f": r.F, "f_p": r.FP,
				"sigma": r.Sigma, "loglik": r.LogLik, "aic": r.AIC, "bic": r.BIC,
				"durbin_watson": d.DurbinWatson, "ljung_box_lag": float64(d.LjungBoxLag),
				"ljung_box": d.LjungBox.Statistic, "ljung_box_p": d.LjungBox.P,
				"jarque_bera": d.JarqueBera.Statistic, "jarque_bera_p": d.JarqueBera.P,
				"breusch_pagan": d.BreuschPagan.Statistic, "breusch_pagan_df": d.BreuschPagan.DF,
				"breusch_pagan_p": d.BreuschPagan.P,
			} {
				put(k, "", v)
			}
			for i := range r.Leverage {
				put("hat", strconv.Itoa(i+1), d.Leverage[i])
				put("cook", strconv.Itoa(i+1), d.CooksDistance[i])
			}
			off := 0
			if r.Intercept {
				off = 1
			}
			for j, v := range d.VIF {
				put("vif", r.Terms[j+off].Name, v)
			}
			for i, row := range tc.newRows {
				p := r.PredictInterval(row, 0.95)
				k := strconv.Itoa(i + 1)
				put("pred_fit", k, p.Fit)
				put("pred_se", k, p.SEMean)
				put("pred_conf_lower", k, p.MeanLower)
				put("pred_conf_upper", k, p.MeanUpper)
				put("pred_obs_lower", k, p.ObsLower)
				put("pred_obs_upper", k, p.ObsUpper)
			}

			stats := make([]string, 0, len(want))
			for s := range want {
				stats = append(stats, s)
			}
			slices.Sort(stats)
			var worst []string
			for _, s := range stats {
				const tol = 1e-8
				var w float64
				for k, wv := range want[s] {
					gv, ok := got[s][k]
					if !ok {
						t.Errorf("%s %s[%s]: not computed", tc.name, s, k)
						continue
					}
					e := relErr(gv, wv)
					w = math.Max(w, e)
					if e > tol {
						t.Errorf("%s %s[%s] = %.17g, want %.17g (R), relative difference %.2g > %g", tc.name, s, k, gv, wv, e, tol)
					}
				}
				worst = append(worst, s+" "+strconv.FormatFloat(w, 'e', 1, 64))
			}
			t.Logf("%s: worst relative difference from R: %s", tc.name, strings.Join(worst, ", "))
			for _, w := range d.Warnings {
				t.Logf("%s: warning: %s", tc.name, w)
			}
		})
	}
}

// TestDiagnoseWarnings checks that each check words its failure:
// autocorrelated, heteroscedastic residuals with an outlier, and a
// near-collinear pair of predictors.
func TestDiagnoseWarnings(t *testing.T) {
	n := 40
	x1, x2, y := make([]float64, n), make([]float64, n), make([]float64, n)
	e := 0.0
	for i := range n {
		x1[i] = float64(i)
		x2[i] = float64(i) + 0.01*math.Sin(float64(i)) // VIF in the thousands
		e = 0.95*e + math.Sin(float64(i*i))*float64(i)/10
		y[i] = 1 + 2*x1[i] + e
	}
	y[n-1] += 60 // an influential outlier at the end, where leverage is high
	r, err := Regress(columns(x1, x2), y, nil, &RegressSettings{Intercept: true, Names: []string{"spend", "spend2"}})
	if err != nil {
		t.Fatal(err)
	}
	d := Diagnose(r)
	all := strings.Join(d.Warnings, "\n")
	for _, want := range []string{"autocorrelated (Durbin–Watson", "not normal (Jarque–Bera", "nearly collinear (VIF spend", "influential observation", "observation 40"} {
		if !strings.Contains(all, want) {
			t.Errorf("Diagnose warnings lack %q; got:\n%s", want, all)
		}
	}
	if !slices.Contains(d.Influential, n-1) {
		t.Errorf("Influential = %v, want it to hold %d", d.Influential, n-1)
	}
}

// TestDiagnoseQuiet checks that the tests stay quiet on data that meet
// the assumptions: y = 1 + 2x + N(0, 1) noise from a fixed PCG seed.
func TestDiagnoseQuiet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 60
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = float64(i % 12)
		y[i] = 1 + 2*x[i] + rng.NormFloat64()
	}
	r, err := Regress(columns(x), y, nil, &RegressSettings{Intercept: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range Diagnose(r).Warnings {
		for _, bad := range []string{"Durbin", "Ljung", "Jarque", "Breusch", "VIF"} {
			if strings.Contains(w, bad) {
				t.Errorf("Diagnose warns %q on well-behaved data", w)
			}
		}
	}
}

// TestDiagnoseLjungBox checks the Ljung–Box warning on residuals with a
// slow cycle that the model misses: y = x + 3·sin(i/3).
func TestDiagnoseLjungBox(t *testing.T) {
	n := 40
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = float64(i)
		y[i] = x[i] + 3*math.Sin(float64(i)/3)
	}
	r, err := Regress(columns(x), y, nil, &RegressSettings{Intercept: true})
	if err != nil {
		t.Fatal(err)
	}
	d := Diagnose(r)
	if d.LjungBoxLag != 8 {
		t.Errorf("LjungBoxLag = %d, want min(10, 40/5) = 8", d.LjungBoxLag)
	}
	if all := strings.Join(d.Warnings, "\n"); !strings.Contains(all, "correlated over the first 8 lags (Ljung–Box p = ") {
		t.Errorf("Diagnose warnings lack the Ljung–Box one; got:\n%s", all)
	}
}

// TestPredictIntervalClosedForm checks PredictInterval on y = a + bx with
// x = 1..5, y = 2, 4, 5, 4, 5 by hand: b = 0.6, a = 2.2, RSS = 2.4, σ² = 0.8,
// and at x₀ = 3 (the mean) SE(mean) = √(σ²/5) = 0.4, SE(obs) = √(0.8·1.2).
func TestPredictIntervalClosedForm(t *testing.T) {
	x := columns([]float64{1, 2, 3, 4, 5})
	r, err := Regress(x, []float64{2, 4, 5, 4, 5}, nil, &RegressSettings{Intercept: true})
	if err != nil {
		t.Fatal(err)
	}
	p := r.PredictInterval([]float64{1, 3}, 0.95)
	tq := 3.182446305284263 // qt(0.975, 3)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Fit", p.Fit, 4},
		{"SEMean", p.SEMean, 0.4},
		{"SEObs", p.SEObs, math.Sqrt(0.96)},
		{"MeanLower", p.MeanLower, 4 - tq*0.4},
		{"ObsUpper", p.ObsUpper, 4 + tq*math.Sqrt(0.96)},
	} {
		if relErr(c.got, c.want) > 1e-12 {
			t.Errorf("PredictInterval([1 3], 0.95).%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
	cov := r.Covariance(nil) // σ²(X'X)⁻¹: var(b) = 0.8/10, cov(a, b) = −0.8·3/10
	if relErr(cov.At(1, 1), 0.08) > 1e-12 || relErr(cov.At(0, 1), -0.24) > 1e-12 {
		t.Errorf("Covariance = %v, want var(b) 0.08, cov(a, b) -0.24", mat.Formatted(cov))
	}
}
