package forecast

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestOTMThetaOne: with θ = 1 the theta line is the series itself and the
// optimised Theta method is SES (intervals too when nothing is seasonally
// adjusted; otm, like thetaf, does not scale them by the seasonal index).
func TestOTMThetaOne(t *testing.T) {
	y := seasonalSeries(60)
	for _, m := range []int{1, 12} {
		o, err := fitOTM(y, m, seasonRule{}, []float64{1})
		if err != nil {
			t.Fatal(err)
		}
		got := o.forecast(18)
		want, err := SES(y, m, 18)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 18 {
			pairs := [][2]float64{{got.Mean[i], want.Mean[i]}}
			if m == 1 {
				pairs = append(pairs, [2]float64{got.Lo95[i], want.Lo95[i]}, [2]float64{got.Hi80[i], want.Hi80[i]})
			}
			for _, p := range pairs {
				if !scalar.EqualWithinAbsOrRel(p[0], p[1], 1e-9, 1e-9) {
					t.Fatalf("otm θ=1, m=%d, step %d: %v, want SES's %v", m, i+1, p[0], p[1])
				}
			}
		}
	}
}

// TestOTMChoosesTheta: on a noisy linear trend the in-sample MSE prefers
// a theta line above 1 (SES alone lags the trend), and the forecast
// continues the trend.
func TestOTMChoosesTheta(t *testing.T) {
	y := make([]float64, 60)
	for i := range y {
		y[i] = 100 + 3*float64(i) + 2*math.Sin(float64(i)*1.7)
	}
	o, err := fitOTM(y, 1, seasonRule{}, otmGrid3)
	if err != nil {
		t.Fatal(err)
	}
	if o.theta <= 1 {
		t.Errorf("otm on a trend: θ = %v, want > 1", o.theta)
	}
	f := o.forecast(6)
	if !(f.Mean[5] > f.Mean[0] && f.Mean[0] > y[59]-10) {
		t.Errorf("otm on a trend: forecast %v does not continue the trend from %v", f.Mean, y[59])
	}
}

// TestETSAvgWeights: the Akaike weights sum to 1, the AICc-best model is
// kept, and the average lies within the models' range.
func TestETSAvgWeights(t *testing.T) {
	y := seasonalSeries(72)
	a, err := fitETSAvg(y, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	best, err := AutoETS(y, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	found := false
	for i, e := range a.fits {
		sum += a.w[i]
		if a.w[i] < etsAvgMin*0.999 {
			t.Errorf("weight %v of %v below the minimum", a.w[i], e.Spec)
		}
		found = found || e.Spec == best.Spec
	}
	if !found || math.Abs(sum-1) > 1e-12 || a.best.Spec != best.Spec {
		t.Errorf("ETS average: models %d, weights sum %v, best kept %v (best %v)", len(a.fits), sum, found, best.Spec)
	}
	f := a.forecast(12)
	for i := range 12 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, e := range a.fits {
			g := e.Forecast(12)
			lo, hi = math.Min(lo, g.Mean[i]), math.Max(hi, g.Mean[i])
		}
		if f.Mean[i] < lo-1e-9 || f.Mean[i] > hi+1e-9 {
			t.Errorf("ETS average step %d: %v outside the models' range [%v, %v]", i+1, f.Mean[i], lo, hi)
		}
	}
}

// TestMembersDegenerate: the members that are not methods of Run forecast
// finite values, from the whole series and from backtest origins, or
// return an error wrapping a sentinel.
func TestMembersDegenerate(t *testing.T) {
	tests := append(degenerateSeries(), // and the seasons the shared cases do not try
		degenerate{"AllZero/4", seq(40, func(int) float64 { return 0 }), 4},
		degenerate{"Negative/12", seq(40, func(i int) float64 { return -100 + float64(i) + 5*math.Sin(float64(i)) }), 12},
		degenerate{"Spike/12", seq(48, func(i int) float64 { return 10 + float64(i%4) + 1e9*float64(max(0, 1-abs(i-20))) }), 12},
	)
	for _, tc := range tests {
		for _, name := range []string{"otm", "otm5", "etsavg"} {
			md, err := fitMember(name, tc.y, tc.m, nil, seasonRule{test: testACF, ets: true})
			if err != nil {
				if !errors.Is(err, ErrTooShort) && !errors.Is(err, ErrNoModel) && !errors.Is(err, ErrNaN) && !errors.Is(err, ErrNonPositive) {
					t.Errorf("%s(%s): error %v wraps no sentinel", name, tc.name, err)
				}
				continue
			}
			if f := md.forecast(18); !f.finite() {
				t.Errorf("%s(%s) = %v, want finite", name, tc.name, f.Mean)
			}
			for _, o := range origins(len(tc.y), tc.m, 18, &Options{Origins: 3}) {
				for _, at := range []func(int, int) (*Forecast, error){md.at, md.refit} {
					if f, err := at(o, 6); err == nil && !f.finite() {
						t.Errorf("%s(%s) from origin %d = %v, want finite", name, tc.name, o, f.Mean)
					}
				}
			}
		}
	}
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// TestETSDamped checks the etsd member by definition on the quarterly and
// yearly reference series: its model is, of the damped-trend ETS models
// the data admit, each fitted alone by FitETS, the one with the smallest
// AICc (the first on a tie, in ETSModels' order); and in a combination
// after ets, where it takes ETS's fits instead of fitting them again, it
// is the same model to the bit, with the same forecast.
func TestETSDamped(t *testing.T) {
	d := loadRef(t)
	checked, sameAsETS := 0, 0
	for _, s := range d.series {
		if s.m >= 12 {
			continue
		}
		var want *ETS
		bestIC := math.Inf(1)
		for _, spec := range ETSModels() {
			if !spec.Damped || spec.Season != None && len(s.y) <= s.m || spec.multiplicative() && !positive(s.y) {
				continue
			}
			e, err := FitETS(s.y, s.m, spec, nil)
			if err == nil && e.Stats.AICc < bestIC {
				want, bestIC = e, e.Stats.AICc
			}
		}
		alone, err := fitMember("etsd", s.y, s.m, nil, seasonRule{})
		if want == nil {
			if err == nil {
				t.Errorf("%s: etsd fitted %v, want an error (no damped model fits)", s.id, alone.(*etsModel).e.Spec)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: etsd: %v, want %v", s.id, err, want.Spec)
			continue
		}
		got := alone.(*etsModel).e
		if got.Spec != want.Spec || got.Params != want.Params || got.Stats.LogLik != want.Stats.LogLik {
			t.Errorf("%s: etsd = %v %+v (loglik %v), want %v %+v (loglik %v)", s.id, got.Spec, got.Params, got.Stats.LogLik, want.Spec, want.Params, want.Stats.LogLik)
		}
		comb, err := fitCombOf([]string{"ets", "etsd"}, s.y, s.m, nil, seasonRule{})
		if err != nil || len(comb.members) != 2 {
			t.Fatalf("%s: comb of ets, etsd: %v", s.id, err)
		}
		shared := comb.members[1].(*etsModel).e
		if shared.Spec != got.Spec || shared.Params != got.Params || shared.Stats != got.Stats {
			t.Errorf("%s: etsd after ets = %v %+v, alone %v %+v", s.id, shared.Spec, shared.Params, got.Spec, got.Params)
		}
		fs, fa := comb.members[1].forecast(8), alone.forecast(8)
		for i := range fs.Mean {
			if fs.Mean[i] != fa.Mean[i] || fs.Lo95[i] != fa.Lo95[i] || fs.Hi80[i] != fa.Hi80[i] {
				t.Errorf("%s: etsd after ets forecasts %v at step %d, alone %v", s.id, fs.Mean[i], i+1, fa.Mean[i])
				break
			}
		}
		if comb.members[0].(*etsModel).e.Spec == got.Spec {
			sameAsETS++
		}
		checked++
	}
	if checked < 30 {
		t.Fatalf("checked %d reference series, want the quarterly and yearly ones", checked)
	}
	t.Logf("etsd checked on %d series; ETS itself chose that model on %d", checked, sameAsETS)
}

// driftingQuarterly is a quarterly series whose seasonal pattern drifts:
// the first quarter's peak fades into the third's over the years.
func driftingQuarterly(n int) []float64 {
	y := make([]float64, n)
	for t := range y {
		a := float64(t) / float64(n)
		s := [4]float64{1.3 - 0.5*a, 0.9, 0.8 + 0.5*a, 1.0}[t%4]
		y[t] = (200 + 1.5*float64(t)) * s * (1 + 0.02*math.Sin(float64(t*t)))
	}
	return y
}

// TestLocalAdjust checks localAdjust by hand: the index of each quarter
// is its latest ratio to the centred 2×4 moving average, the four divided
// by their mean; the series is divided by them; and a series R's test
// finds not seasonal, or too short to give every quarter a ratio, is
// left as it is.
func TestLocalAdjust(t *testing.T) {
	y := driftingQuarterly(40)
	if !IsSeasonal(y, 4) {
		t.Fatal("driftingQuarterly: not seasonal by R's test; the test needs a seasonal series")
	}
	ya, adj := localAdjust(y, 4, seasonRule{})
	n := len(y)
	raw := make([]float64, 4)
	for s := n - 6; s <= n-3; s++ { // the last four s with s ± 2 inside y
		ma := (0.5*y[s-2] + y[s-1] + y[s] + y[s+1] + 0.5*y[s+2]) / 4
		raw[s%4] = y[s] / ma
	}
	mean := (raw[0] + raw[1] + raw[2] + raw[3]) / 4
	for j := range 4 {
		want := raw[j] / mean
		if !scalar.EqualWithinAbsOrRel(adj.idx[j], want, 1e-12, 1e-12) {
			t.Errorf("localAdjust: idx[%d] = %v, want %v", j, adj.idx[j], want)
		}
	}
	for s, v := range y {
		if !scalar.EqualWithinAbsOrRel(ya[s], v/adj.idx[s%4], 1e-12, 1e-12) {
			t.Fatalf("localAdjust: ya[%d] = %v, want %v", s, ya[s], v/adj.idx[s%4])
		}
	}
	// Classical decomposition averages the ratios of every year: on this
	// series the first quarter's index is higher than its latest ratio.
	if _, cl := seasonalAdjust(y, 4); !(cl.idx[0] > adj.idx[0]+0.05) {
		t.Errorf("localAdjust: idx[0] = %v, classical %v: want the local index well below", adj.idx[0], cl.idx[0])
	}
	flat := make([]float64, 40)
	for s := range flat {
		flat[s] = 100 + 5*math.Sin(float64(s*s))
	}
	if IsSeasonal(flat, 4) {
		t.Fatal("noise seasonal by R's test")
	}
	if ya, adj := localAdjust(flat, 4, seasonRule{}); adj.idx != nil || &ya[0] != &flat[0] {
		t.Errorf("localAdjust: a non-seasonal series was adjusted (idx %v)", adj.idx)
	}
	if _, adj := localAdjust(y, 4, seasonRule{test: testNone}); adj.idx != nil {
		t.Errorf("localAdjust: adjusted although the rule says not seasonal")
	}
}

// TestThetaLocal checks the thetal member by definition: its forecast is
// Theta's (thetaForecast) from the SES fit of the series adjusted by
// localAdjust, and a refit at origin o is the member fitted to y[:o].
func TestThetaLocal(t *testing.T) {
	y := driftingQuarterly(40)
	md, err := fitMember("thetal", y, 4, nil, seasonRule{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []int{40, 34} {
		ya, adj := localAdjust(y[:o], 4, seasonRule{})
		e, err := FitETS(ya, 1, specANN, mseSettings)
		if err != nil {
			t.Fatal(err)
		}
		want := thetaForecast(e, ya, adj, 8)
		got := md.forecast(8)
		if o < len(y) {
			if got, err = md.refit(o, 8); err != nil {
				t.Fatal(err)
			}
		}
		if got.Method != "thetal" {
			t.Errorf("thetal: Method = %q", got.Method)
		}
		for i := range 8 {
			if got.Mean[i] != want.Mean[i] || got.Lo95[i] != want.Lo95[i] || got.Hi80[i] != want.Hi80[i] {
				t.Errorf("thetal (o = %d): step %d = %v [%v, %v], want %v [%v, %v]", o, i,
					got.Mean[i], got.Lo95[i], got.Hi80[i], want.Mean[i], want.Lo95[i], want.Hi80[i])
			}
		}
	}
	th, err := fitMember("theta", y, 4, nil, seasonRule{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := md.forecast(8).Mean[0], th.forecast(8).Mean[0]; math.Abs(a-b) < 1e-3*math.Abs(b) {
		t.Errorf("thetal and theta agree on a series with drifting seasons (%v, %v)", a, b)
	}
}
