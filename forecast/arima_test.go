package forecast

import (
	"encoding/binary"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

func parseFloats(tb testing.TB, s string) []float64 {
	tb.Helper()
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestARIMAAgainstR compares FitARIMA with base R's arima(method = "CSS")
// on fixed orders (testdata/ref/arima_css.R and its output). R's CSS does
// not keep the fit stationary and invertible, ours does, so fits where R's
// optimum has a root within arimaMinRoot are only required to be no worse
// are skipped (R's root within 1.05); elsewhere σ² may exceed R's by at
// most 1e-4 (relative), the point forecasts of ForecastExact (both from the
// Kalman filter on the CSS parameters) must agree to 1e-3 and the 95% bounds to 0.05 in
// units of the series' MASE scale (ours are ψ-weight intervals, which
// leave out the uncertainty of the filtered state: 0.023 at worst).
func TestARIMAAgainstR(t *testing.T) {
	rd := loadRef(t)
	f, err := os.Open("testdata/ref/arima_css.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	orders := map[string]ARIMAOrder{
		"110_011":  {P: 1, D: 1, SD: 1, SQ: 1},
		"011_011":  {D: 1, Q: 1, SD: 1, SQ: 1},
		"011_000c": {D: 1, Q: 1, Constant: true},
		"200_100c": {P: 2, SP: 1, Constant: true},
		"101_010c": {P: 1, Q: 1, SD: 1, Constant: true},
	}
	var worstS2, worstMean, worstHi float64
	checked, skipped := 0, 0
	for _, r := range rows[1:] {
		s := rd.byID[r[0]]
		o := orders[r[1]]
		coef := parseFloats(t, r[2])
		rs2, _ := strconv.ParseFloat(r[3], 64)
		mean, hi95 := parseFloats(t, r[5]), parseFloats(t, r[7])
		// R's coefficients: ar, ma, sar, sma, then the constant.
		phi := coef[:o.P]
		theta := coef[o.P : o.P+o.Q]
		sphi := coef[o.P+o.Q : o.P+o.Q+o.SP]
		sth := coef[o.P+o.Q+o.SP : o.P+o.Q+o.SP+o.SQ]
		if math.Min(minRootAR(phi, sphi, 12), minRootMA(theta, sth, 12)) < 1.05 {
			skipped++
			continue
		}
		a, err := FitARIMA(s.y, 12, o)
		if err != nil {
			t.Errorf("%s %s: %v", r[0], r[1], err)
			continue
		}
		checked++
		d := (a.Sigma2 - rs2) / rs2
		if d > 1e-4 {
			t.Errorf("%s %s: sigma2 %g, R %g", r[0], r[1], a.Sigma2, rs2)
		}
		worstS2 = math.Max(worstS2, math.Abs(d))
		fc := a.ForecastExact(18)
		sc := Scale(s.y, 12)
		if g := a.Forecast(18); !g.finite() || math.Abs(g.Mean[17]-mean[17]) > 0.5*sc {
			t.Errorf("%s %s: conditional forecast %v far from R's %v", r[0], r[1], g.Mean[17], mean[17])
		}
		var wm float64
		for i := range mean {
			wm = math.Max(wm, math.Abs(fc.Mean[i]-mean[i])/sc)
		}
		if testing.Verbose() && wm > 0.01 {
			t.Logf("%s %s: mean differs by %.3g; %v", r[0], r[1], wm, fc.Params)
		}
		for i := range mean {
			worstMean = math.Max(worstMean, math.Abs(fc.Mean[i]-mean[i])/sc)
			worstHi = math.Max(worstHi, math.Abs(fc.Hi95[i]-hi95[i])/sc)
		}
	}
	if worstMean > 1e-3 || worstHi > 0.05 {
		t.Errorf("forecasts differ from R's: mean by %.3g, hi95 by %.3g (MASE scale units; tolerance 1e-3, 0.05)", worstMean, worstHi)
	}
	t.Logf("checked %d fits (skipped %d near the unit circle); worst relative sigma2 %.2g, worst mean %.3g, hi95 %.3g (in MASE scale units)", checked, skipped, worstS2, worstMean, worstHi)
}

func TestARIMATiming(t *testing.T) {
	if !testing.Verbose() {
		t.Skip()
	}
	rd := loadRef(t)
	orders := map[string]int{}
	n := 0
	for _, s := range rd.series {
		if s.m != 12 {
			continue
		}
		a, err := AutoARIMA(s.y, 12)
		if err != nil {
			t.Errorf("%s: %v", s.id, err)
			continue
		}
		orders[a.Order.String()]++
		n += a.searched
	}
	t.Logf("%d models fitted; orders %v", n, orders)
}

// arimaCheck fails unless err wraps a sentinel or the forecasts from a
// are finite and ordered.
func arimaCheck(t *testing.T, what string, a *ARIMA, err error, h int) {
	t.Helper()
	if err != nil {
		for _, s := range []error{ErrTooShort, ErrNonPositive, ErrNaN, ErrNoModel} {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("%s: error %v wraps no sentinel", what, err)
	}
	fc := a.Forecast(h)
	for i := range fc.Mean {
		v := []float64{fc.Lo95[i], fc.Lo80[i], fc.Mean[i], fc.Hi80[i], fc.Hi95[i]}
		for k, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%s = %v: step %d not finite: %v", what, a.Order, i+1, v)
			}
			if k > 0 && x < v[k-1] {
				t.Fatalf("%s = %v: step %d bounds out of order: %v", what, a.Order, i+1, v)
			}
		}
	}
}

// TestARIMADegenerate: no series breaks AutoARIMA or a refit.
func TestARIMADegenerate(t *testing.T) {
	tests := append(degenerateSeries(),
		degenerate{"PureSeason", seq(48, func(i int) float64 { return 100 + 10*math.Sin(float64(i)*math.Pi/6) }), 12},
		degenerate{"Line", seq(30, func(i int) float64 { return 5 + 2*float64(i) }), 1},
		degenerate{"Quadratic", seq(30, func(i int) float64 { return float64(i * i) }), 1},
	)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := AutoARIMA(tc.y, tc.m)
			arimaCheck(t, "AutoARIMA", a, err, 24)
			if err != nil {
				return
			}
			md := &arimaModel{y: tc.y, m: tc.m, a: a}
			for _, o := range []int{len(tc.y) / 2, len(tc.y) - 1} {
				if f, err := md.refit(o, 6); err == nil && !f.finite() {
					t.Fatalf("refit(%d): not finite", o)
				}
			}
		})
	}
}

// FuzzAutoARIMA: as FuzzAutoETS, for AutoARIMA.
func FuzzAutoARIMA(f *testing.F) {
	f.Add([]byte{3, 12, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0})
	f.Add([]byte{0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{9, 1, 255, 127, 0, 128, 255, 127, 0, 128, 1, 0, 2, 0, 3, 0})
	seed := make([]byte, 2+2*40)
	seed[0], seed[1] = 5, 12
	for i := range 40 {
		binary.LittleEndian.PutUint16(seed[2+2*i:], uint16(100+10*(i%12)+i))
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 2+2*80 {
			return
		}
		scale := math.Pow(10, float64(int(data[0])%16-6))
		m := []int{1, 4, 12}[int(data[1])%3]
		var y []float64
		for i := 2; i+1 < len(data); i += 2 {
			y = append(y, float64(int16(binary.LittleEndian.Uint16(data[i:])))*scale)
		}
		a, err := AutoARIMA(y, m)
		arimaCheck(t, "AutoARIMA", a, err, 24)
	})
}

// TestARIMAHand: an AR(1) with mean and a random walk with drift, checked
// by hand: the forecasts follow the recursion and the ψ weights.
func TestARIMAHand(t *testing.T) {
	y := []float64{10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17}
	a, err := FitARIMA(y, 1, ARIMAOrder{D: 1, Constant: true})
	if err != nil {
		t.Fatal(err)
	}
	// w = diff(y) alternates 2, −1: mean 7/11, the drift.
	mu := 7.0 / 11
	if math.Abs(a.Mu-mu) > 1e-6 {
		t.Fatalf("drift %v, want %v", a.Mu, mu)
	}
	var ss float64
	for t := 1; t < len(y); t++ {
		ss += (y[t] - y[t-1] - mu) * (y[t] - y[t-1] - mu)
	}
	if s2 := ss / 11; math.Abs(a.Sigma2-s2) > 1e-6*s2 {
		t.Fatalf("sigma2 %v, want %v", a.Sigma2, s2)
	}
	fc := a.Forecast(3)
	for i := range 3 {
		want := 17 + mu*float64(i+1)
		se := math.Sqrt(a.Sigma2 * float64(i+1))
		if math.Abs(fc.Mean[i]-want) > 1e-6 || math.Abs(fc.Hi95[i]-want-z95*se) > 1e-6 {
			t.Fatalf("step %d: %v / %v, want %v / %v", i+1, fc.Mean[i], fc.Hi95[i], want, want+z95*se)
		}
	}
	// AR(1) with mean: ψ_j = φ^j, forecasts μ + φ^h (y_n − μ).
	y = []float64{5, 7, 6, 4, 5, 6, 8, 7, 5, 4, 5, 6, 7, 6, 5, 6}
	a, err = FitARIMA(y, 1, ARIMAOrder{P: 1, Constant: true})
	if err != nil {
		t.Fatal(err)
	}
	phi, m := a.Phi[0], a.Mu
	fc = a.Forecast(4)
	var v float64
	for i := range 4 {
		v += math.Pow(phi, 2*float64(i))
		want := m + math.Pow(phi, float64(i+1))*(y[len(y)-1]-m)
		if math.Abs(fc.Mean[i]-want) > 1e-9 || math.Abs(fc.Hi80[i]-want-z80*math.Sqrt(a.Sigma2*v)) > 1e-9 {
			t.Fatalf("AR(1) step %d: %v, want %v", i+1, fc.Mean[i], want)
		}
	}
}

// TestARIMAKPSS: ndiffs leaves white noise alone, differences a random
// walk once and an integrated random walk twice.
func TestARIMAKPSS(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	e := make([]float64, 200)
	for i := range e {
		e[i] = r.NormFloat64()
	}
	rw := make([]float64, len(e))
	rw2 := make([]float64, len(e))
	for i := range e {
		if i > 0 {
			rw[i] = rw[i-1]
			rw2[i] = rw2[i-1]
		}
		rw[i] += e[i]
		rw2[i] += rw[i]
	}
	if d := ndiffs(e); d != 0 {
		t.Errorf("white noise: d = %d", d)
	}
	if d := ndiffs(rw); d != 1 {
		t.Errorf("random walk: d = %d", d)
	}
	if d := ndiffs(rw2); d != 2 {
		t.Errorf("integrated random walk: d = %d", d)
	}
}

// Three observations leave no model with a mean that AICc can score, so
// AutoARIMA refuses them rather than pick zero-mean white noise, whose
// forecast is 0 whatever the level; Auto then has no member left for
// monthly data and says the series is too short (found from outside: a
// metric of three months around 100 was forecast as 0, not flagged).
func TestAutoARIMAThreeObservations(t *testing.T) {
	y := []float64{100.5, 109.1, 110.0}
	if _, err := AutoARIMA(y, 12); !errors.Is(err, ErrTooShort) {
		t.Errorf("AutoARIMA(3 observations) error = %v, want ErrTooShort", err)
	}
	for _, m := range []int{1, 4, 12} {
		if f, err := Auto(y, m, 6, nil); !errors.Is(err, ErrTooShort) {
			t.Errorf("Auto(3 observations, m %d) = %v, %v; want ErrTooShort", m, f, err)
		}
	}
	f, err := AutoARIMA(append(y, 104), 12)
	if err != nil {
		t.Fatal(err)
	}
	if fc := f.Forecast(1); math.Abs(fc.Mean[0]-105.9) > 0.01 {
		t.Errorf("four observations: forecast %v, want their mean 105.9", fc.Mean[0])
	}
}
