package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
)

// TestScore checks every measure against a hand calculation. Training
// 1, 2, 4 with m = 1: scale = (1 + 2)/2 = 1.5. Actual 10, 0; forecast 8, 1
// with 80% bounds [7, 9], [0.5, 1.5] and 95% bounds [6, 11], [−1, 3]:
//
//	MAE = (2 + 1)/2 = 1.5, RMSE = √((4 + 1)/2), MAPE = 100·2/10 = 20 (the
//	zero actual is skipped), sMAPE = (200·2/18 + 200·1/1)/2 = 111.11,
//	MASE = 1.5/1.5 = 1, cov80 = 0 (10 > 9, 0 < 0.5), cov95 = 1,
//	MSIS = ((11 − 6) + (3 + 1))/2/1.5 = 3.
func TestScore(t *testing.T) {
	f := newForecast("x", 2)
	copy(f.Mean, []float64{8, 1})
	copy(f.Lo80, []float64{7, 0.5})
	copy(f.Hi80, []float64{9, 1.5})
	copy(f.Lo95, []float64{6, -1})
	copy(f.Hi95, []float64{11, 3})
	a := Score(f, []float64{10, 0}, Scale([]float64{1, 2, 4}, 1))
	want := Accuracy{MAE: 1.5, RMSE: math.Sqrt(2.5), MAPE: 20, SMAPE: (400.0/18 + 200) / 2, MASE: 1, Cov80: 0, Cov95: 1, MSIS: 3}
	if g, w := a.fields(), want.fields(); !equalFields(g, w) {
		t.Errorf("Score = %+v, want %+v", a, want)
	}
	// An actual below the 95% bound adds (2/0.05)(L − y): y = 0 with
	// [1, 3] at one step, scale 1: MSIS = 2 + 40 = 42.
	g := newForecast("x", 1)
	g.Mean[0], g.Lo80[0], g.Hi80[0], g.Lo95[0], g.Hi95[0] = 2, 1.5, 2.5, 1, 3
	if got := Score(g, []float64{0}, 1).MSIS; got != 42 {
		t.Errorf("Score(below the interval).MSIS = %v, want 42", got)
	}
}

func equalFields(a, b [8]float64) bool {
	for k := range a {
		if !scalar.EqualWithinAbsOrRel(a[k], b[k], 1e-12, 1e-12) {
			return false
		}
	}
	return true
}

// TestMeanAccuracy: NaN values are skipped measure by measure.
func TestMeanAccuracy(t *testing.T) {
	got := MeanAccuracy([]Accuracy{{SMAPE: 10, MASE: math.NaN()}, {SMAPE: 20, MASE: 2}})
	if got.SMAPE != 15 || got.MASE != 2 {
		t.Errorf("MeanAccuracy = sMAPE %v MASE %v, want 15, 2", got.SMAPE, got.MASE)
	}
}

// seasonalSeries is a deterministic monthly series: trend, a multiplicative
// season and a pseudo-random wiggle.
func seasonalSeries(n int) []float64 {
	y := make([]float64, n)
	for t := range y {
		y[t] = (100 + 0.5*float64(t)) * (1 + 0.2*math.Sin(2*math.Pi*float64(t)/12)) * (1 + 0.03*math.Sin(float64(t*t)))
	}
	return y
}

// TestAuto checks what Auto promises: the combination of its members'
// point forecasts (for m = 12 the mean of ets, theta, otm, ses and arima, by
// definition), intervals widened by the reported factors and never
// narrowed (floor 1.1), and a Selection with the backtest figures.
func TestAuto(t *testing.T) {
	y := seasonalSeries(96)
	f, err := Auto(y, 12, 18, nil)
	if err != nil {
		t.Fatal(err)
	}
	var members []*Forecast
	comb := newForecast("comb", 18) // the members' mean, bound by bound
	for _, name := range []string{"ets", "theta", "otm", "ses", "arima"} {
		// y passes R's seasonality test, so the members' rule agrees with
		// the methods'.
		md, err := fitMember(name, y, 12, nil, seasonRule{})
		if err != nil {
			t.Fatal(err)
		}
		g := md.forecast(18)
		members = append(members, g)
		for i := range 18 {
			comb.Mean[i] += g.Mean[i] / 5
			comb.Hi95[i] += g.Hi95[i] / 5
		}
	}
	s := f.Selection
	if s == nil || len(s.Origins) != 3 || s.Widen95 < 1.15 {
		t.Fatalf("Auto: Selection = %+v, want 3 origins and a 95%% factor >= 1.15", s)
	}
	// Round 9: the 80% factor is the 95% one times qnorm(0.975)/qnorm(0.9)
	// (R) over 1.75.
	if want := s.Widen95 * rNormalRatio / 1.75; !scalar.EqualWithinAbsOrRel(s.Widen80, want, 1e-9, 1e-9) {
		t.Errorf("Auto: Widen80 = %v, want Widen95·%.6f/1.75 = %v", s.Widen80, rNormalRatio, want)
	}
	for i := range 18 {
		want := (members[0].Mean[i] + members[1].Mean[i] + members[2].Mean[i] + members[3].Mean[i] + members[4].Mean[i]) / 5
		if !scalar.EqualWithinAbsOrRel(f.Mean[i], want, 1e-12, 1e-12) {
			t.Errorf("Auto: Mean[%d] = %v, want the members' mean %v", i, f.Mean[i], want)
		}
		w95 := comb.Hi95[i] - comb.Mean[i]
		if got := f.Hi95[i] - f.Mean[i]; !scalar.EqualWithinAbsOrRel(got, s.Widen95*w95, 1e-9, 1e-9) {
			t.Errorf("Auto: upper 95%% half-width[%d] = %v, want %v × %v", i, got, s.Widen95, w95)
		}
		if !(f.Lo95[i] <= f.Lo80[i] && f.Lo80[i] <= f.Mean[i] && f.Mean[i] <= f.Hi80[i] && f.Hi80[i] <= f.Hi95[i]) {
			t.Errorf("Auto: bounds at step %d not ordered", i+1)
		}
	}
	if !strings.HasPrefix(s.Method, "comb(ETS(") || !strings.Contains(s.Method, ", theta, otm, ses, ARIMA(") || math.IsNaN(s.Backtest.SMAPE) || math.IsNaN(s.Benchmark.SMAPE) {
		t.Errorf("Auto: Selection = %+v, want comb(ETS(…), theta, otm, ses, ARIMA(…)) with backtest and benchmark figures", s)
	}
	if !strings.Contains(s.Rule, "ets, theta, otm, ses, arima") {
		t.Errorf("Auto: Selection.Rule = %q, want it to name the members", s.Rule)
	}
	if len(s.Candidates) != 6 || s.Candidates[3].Method != "otm" || s.Candidates[4].Method != "ses" || s.Candidates[5].Method != "arima" {
		t.Errorf("Auto: candidates %+v, want 6 (comb, ets, theta, otm, ses, arima)", s.Candidates)
	}
}

// TestAutoMembers: the members are ETS, Theta, Theta with local seasonal
// indices and ETS over the damped-trend models for quarterly data
// (1 < m < 12), ETS, Theta and the
// damped trend for yearly data (m = 1), and ETS, Theta, the optimised
// Theta method, SES and ARIMA for m >= 12.
func TestAutoMembers(t *testing.T) {
	y := seasonalSeries(48)
	tests := []struct {
		name string
		m, h int
		want []string
	}{
		{"Monthly", 12, 18, []string{"comb", "ets", "theta", "otm", "ses", "arima"}},
		{"Quarterly", 4, 8, []string{"comb", "ets", "theta", "thetal", "etsd"}},
		{"Yearly", 1, 6, []string{"comb", "ets", "theta", "damped"}},
	}
	for _, tc := range tests {
		f, err := Auto(y, tc.m, tc.h, nil)
		if err != nil {
			t.Fatalf("Auto(%s): %v", tc.name, err)
		}
		var got []string
		for _, c := range f.Selection.Candidates {
			got = append(got, c.Method)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Auto(y, %d, %d) candidates = %v, want %v", tc.m, tc.h, got, tc.want)
		}
	}
}

// TestAutoWeights checks the combination's members and weights by
// definition: for 1 < m < 12 Auto's point forecast is (2·ETS + Theta +
// thetal + etsd)/5 of its members fitted alone (issue 17: "Quarterly
// weights" in forecast/README.md, round 11 for etsd, ETS over the
// damped-trend models, and round 12 for thetal, Theta with local seasonal
// indices), for m = 1 the equal-weight mean of ETS, Theta and the damped
// trend, and the rule says so. On these series ETS itself selects an
// undamped model, so etsd is a member of its own, and on the quarterly
// one, whose seasonal pattern drifts, thetal differs from Theta.
func TestAutoWeights(t *testing.T) {
	tests := []struct {
		name    string
		y       []float64
		m, h    int
		members []string
		w       []float64
		rule    string
	}{
		{"Quarterly", driftingQuarterly(40), 4, 8, []string{"ets", "theta", "thetal", "etsd"}, []float64{2, 1, 1, 1}, "mean of ets, theta, thetal, etsd weighted 2:1:1:1 "},
		{"Yearly", seasonalSeries(48), 1, 6, []string{"ets", "theta", "damped"}, []float64{1, 1, 1}, "mean of ets, theta, damped (the members"},
	}
	for _, tc := range tests {
		y := tc.y
		f, err := Auto(y, tc.m, tc.h, nil)
		if err != nil {
			t.Fatalf("Auto(%s): %v", tc.name, err)
		}
		want := make([]float64, tc.h)
		var th, tl float64 // Theta's and thetal's first step
		for k, name := range tc.members {
			// For m < 12 Auto's members use R's seasonality rule, the
			// zero seasonRule.
			md, err := fitMember(name, y, tc.m, nil, seasonRule{})
			if err != nil {
				t.Fatal(err)
			}
			if e, ok := md.(*etsModel); ok && name == "ets" && e.e.Spec.Damped {
				t.Fatalf("Auto(%s): ETS selected %v, a damped model: the test needs an undamped one", tc.name, e.e.Spec)
			}
			fc := md.forecast(tc.h)
			for i, v := range fc.Mean {
				want[i] += tc.w[k] * v / floats.Sum(tc.w)
			}
			switch name {
			case "theta":
				th = fc.Mean[0]
			case "thetal":
				tl = fc.Mean[0]
			}
		}
		if slices.Contains(tc.members, "thetal") && math.Abs(th-tl) < 1e-3*math.Abs(th) {
			t.Fatalf("Auto(%s): thetal %v and theta %v agree: the test needs a series where they differ", tc.name, tl, th)
		}
		for i := range want {
			if !scalar.EqualWithinAbsOrRel(f.Mean[i], want[i], 1e-12, 1e-12) {
				t.Errorf("Auto(%s): Mean[%d] = %v, want %v (weights %v)", tc.name, i, f.Mean[i], want[i], tc.w)
			}
		}
		if !strings.Contains(f.Selection.Rule, tc.rule) {
			t.Errorf("Auto(%s): Selection.Rule = %q, want it to contain %q", tc.name, f.Selection.Rule, tc.rule)
		}
	}
}

// TestCombineWeighted checks the weighted mean against a hand calculation:
// weights 2 and 1 (renormalised to 2/3 and 1/3) of two forecasts.
func TestCombineWeighted(t *testing.T) {
	a, b := newForecast("a", 2), newForecast("b", 2)
	copy(a.Mean, []float64{3, 6})
	copy(a.Hi95, []float64{9, 12})
	copy(b.Mean, []float64{6, 0})
	copy(b.Hi95, []float64{12, 3})
	f := combineWeighted([]*Forecast{a, b}, []float64{2, 1}, 2)
	for i, want := range []float64{4, 4} { // 2/3·3 + 1/3·6, 2/3·6 + 1/3·0
		if !scalar.EqualWithinAbsOrRel(f.Mean[i], want, 1e-12, 1e-12) {
			t.Errorf("combineWeighted: Mean[%d] = %v, want %v", i, f.Mean[i], want)
		}
	}
	for i, want := range []float64{10, 9} { // 2/3·9 + 1/3·12, 2/3·12 + 1/3·3
		if !scalar.EqualWithinAbsOrRel(f.Hi95[i], want, 1e-12, 1e-12) {
			t.Errorf("combineWeighted: Hi95[%d] = %v, want %v", i, f.Hi95[i], want)
		}
	}
	if f.Params[0].Name != "a weight" || !scalar.EqualWithinAbsOrRel(f.Params[0].Value, 2.0/3, 1e-15, 1e-15) {
		t.Errorf("combineWeighted: Params = %+v, want a weight 2/3 first", f.Params)
	}
}

// TestAutoWarns: on the 143 reference series (training parts), Auto
// warns exactly when its backtest MASE is worse than seasonal naive's, and
// the warning names the benchmark.
func TestAutoWarns(t *testing.T) {
	d := loadRef(t)
	warned := 0
	for _, s := range d.series {
		h := map[int]int{12: 18, 4: 8, 1: 6}[s.m]
		f, err := Auto(s.y, s.m, h, nil)
		if err != nil {
			t.Errorf("Auto(%s): %v", s.id, err)
			continue
		}
		sel := f.Selection
		worse := sel.Backtest.MASE > sel.Benchmark.MASE
		if worse != (sel.Warning != "") {
			t.Errorf("Auto(%s): backtest MASE %v vs benchmark %v, warning %q", s.id, sel.Backtest.MASE, sel.Benchmark.MASE, sel.Warning)
		}
		if worse {
			warned++
			if !strings.Contains(sel.Warning, "naive") {
				t.Errorf("Auto(%s): warning %q does not name the benchmark", s.id, sel.Warning)
			}
		}
	}
	t.Logf("Auto warned on %d of %d reference series", warned, len(d.series))
}

// TestAutoDegenerate: no series breaks Auto; it forecasts finite values
// or returns an error wrapping a sentinel.
func TestAutoDegenerate(t *testing.T) {
	tests := []struct {
		name string
		y    []float64
		m    int
	}{
		{"Constant", []float64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 12},
		{"AllZero", make([]float64, 40), 4},
		{"Negative", []float64{-5, -3, -4, -2, -6, -1, -3, -2, -5, -4, -3, -1, -2, -3, -5, -4}, 4},
		{"Four", []float64{1, 2, 3, 4}, 1},
		{"Short", []float64{1, 2}, 1},
		{"LevelShift", append(seasonalSeries(36), seasonalSeries(36)[0:24:24]...), 12},
	}
	for i := range 24 {
		tests[len(tests)-1].y[36+i] += 1000
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Auto(tc.y, tc.m, 6, nil)
			if err != nil {
				if !errors.Is(err, ErrTooShort) && !errors.Is(err, ErrNoModel) && !errors.Is(err, ErrNonPositive) {
					t.Errorf("Auto(%s): error %v wraps no sentinel", tc.name, err)
				}
				return
			}
			if !f.finite() {
				t.Errorf("Auto(%s) = %+v, want finite", tc.name, f)
			}
		})
	}
}

// TestBatch: results come back in input order, a failed series records its
// error and the others go on, and cancellation stops the batch.
func TestBatch(t *testing.T) {
	series := []Series{
		{ID: "a", Y: []float64{1, 2, 3, 4, 5}, M: 1},
		{ID: "short", Y: []float64{1}, M: 1},
		{ID: "badm", Y: []float64{1, 2, 3}, M: 0},
		{ID: "b", Y: []float64{5, 4, 3, 2, 1}, M: 1},
	}
	res, err := Batch(context.Background(), "naive", series, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		id   string
		mean float64
		fail bool
	}{{"a", 5, false}, {"short", 0, true}, {"badm", 0, true}, {"b", 1, false}} {
		r := res[i]
		if r.ID != want.id || (r.Err != nil) != want.fail || (!want.fail && r.Forecast.Mean[0] != want.mean) {
			t.Errorf("Batch result %d = %+v, want id %s, failed %v, mean %v", i, r, want.id, want.fail, want.mean)
		}
	}
	if !errors.Is(res[1].Err, ErrTooShort) {
		t.Errorf("Batch: short series error = %v, want ErrTooShort", res[1].Err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = Batch(ctx, "naive", series, 2, nil)
	if !errors.Is(err, context.Canceled) || len(res) != len(series) {
		t.Errorf("Batch(cancelled) = %d results, %v; want %d results and context.Canceled", len(res), err, len(series))
	}
	for _, r := range res {
		if r.Forecast == nil && r.Err == nil {
			t.Errorf("Batch(cancelled): %s has neither forecast nor error", r.ID)
		}
	}
}

// TestRunUnknown: an unknown method name is an error wrapping
// ErrUnknownMethod.
func TestRunUnknown(t *testing.T) {
	if _, err := Run("arima", []float64{1, 2, 3}, 1, 1, nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("Run(arima) error = %v, want ErrUnknownMethod", err)
	}
}

// TestAutoTrendSeason: a noiseless trend with a season,
// y_t = 1000 + 5t + 80·sin(2πt/12), t = 0..47, fails R's seasonality test
// (the trend inflates every autocorrelation, so r_12 is not significant
// against Bartlett's bound), and R's thetaf and ses forecast it without a
// season. ETS selects a seasonal model, and Auto's Theta and SES members
// then take the season too (autoConfig.fineSeason). Truth: the formula.
// Auto's error is the trend lag of Theta and SES (smooth in the step),
// plus the mismatch of a multiplicative adjustment of an additive season:
// the forecast's amplitude is 80 scaled by the level ratio (at most about
// 1320/1117 at step 18), ≈ 15 on two members of three, so ≈ 10 on the
// mean. The error less its least-squares line must stay within 12; without
// the season it is 64.
func TestAutoTrendSeason(t *testing.T) {
	const n, m, h = 48, 12, 18
	truth := func(t int) float64 { return 1000 + 5*float64(t) + 80*math.Sin(2*math.Pi*float64(t)/12) }
	y := make([]float64, n)
	for i := range y {
		y[i] = truth(i)
	}
	if IsSeasonal(y, m) {
		t.Fatalf("IsSeasonal(trend+season, 12) = true, want false (the case this test is about)")
	}
	adjusted := func(f *Forecast) bool {
		return slices.ContainsFunc(f.Params, func(p Param) bool { return p.Name == "seasonally adjusted" })
	}
	// R's methods keep R's rule.
	for _, name := range []string{"theta", "ses"} {
		f, err := Run(name, y, m, h, nil)
		if err != nil {
			t.Fatal(err)
		}
		if adjusted(f) {
			t.Errorf("Run(%q) seasonally adjusted; R's %s does not", name, name)
		}
	}
	// Auto's members take the season.
	cfg := defaultAuto
	cm, err := fitCombOf(cfg.members(m), y, m, nil, cfg.season(m))
	if err != nil {
		t.Fatal(err)
	}
	for i, md := range cm.members {
		f := md.forecast(h)
		if cm.names[i] == "arima" {
			// ARIMA models the season itself: a seasonal order.
			if !strings.Contains(f.Method, ")(") {
				t.Errorf("Auto's member arima: %s, want a seasonal model", f.Method)
			}
			continue
		}
		if cm.names[i] != "ets" && !adjusted(f) {
			t.Errorf("Auto's member %s: not seasonally adjusted, want adjusted", cm.names[i])
		}
	}
	f, err := Auto(y, m, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := make([]float64, h)
	for j := range e {
		e[j] = f.Mean[j] - truth(n+j)
	}
	b, mid := slope(e), float64(h-1)/2
	var mean float64
	for _, v := range e {
		mean += v / h
	}
	for j, v := range e {
		if r := v - mean - b*(float64(j)-mid); math.Abs(r) > 12 {
			t.Errorf("Auto(trend+season) step %d: error %.2f, %.2f off its straight line, want within 12", j+1, v, r)
		}
	}
}

// TestAutoStepFactors checks the yearly interval factors that grow with
// the step against a hand computation: two backtest origins (8 and 6 of
// n = 10, h = 3), mean 0 and half-widths 1 (80%) and 2 (95%), so the
// ratios are |y|/1 and |y|/2 at steps 1, 2 | 1, 2, 3; s̄ = 9/5.
func TestAutoStepFactors(t *testing.T) {
	y := []float64{0, 0, 0, 0, 0, 0, 0.5, 3, 1, -2}
	mk := func(h int) *Forecast {
		f := newForecast("x", h)
		for i := range h {
			f.Lo80[i], f.Hi80[i], f.Lo95[i], f.Hi95[i] = -1, 1, -2, 2
		}
		return f
	}
	b80, b95, k80, k95 := stepFactors([]*Forecast{mk(2), mk(3)}, y, []int{8, 6}, 3, defaultAuto.floor1)
	// 95%: ratios 0.5, 1 | 0.25, 1.5, 0.5 over g = √(s/1.8): sorted
	// 0.335410, 0.387298, 0.670820, 0.948683, 1.423025; type-7 quantile
	// at 0.95: 0.948683 + 0.8·0.474342 = 1.328157; shrunk toward 1 with
	// weight 2 over 2 origins: (2·1.328157 + 2)/4 = 1.164078.
	// 80%: ratios 1, 2 | 0.5, 3, 1: sorted 0.670820, 0.774597, 1.341641,
	// 1.897367, 2.846050; at 0.8: 1.897367 + 0.2·0.948683 = 2.087103;
	// shrunk 1.543552. Step i gets b·√(i/1.8), within [1, 3].
	g := []float64{math.Sqrt(1 / 1.8), math.Sqrt(2 / 1.8), math.Sqrt(3 / 1.8)}
	w95, w80 := 1.164078, 1.543552
	if math.Abs(b95-w95) > 1e-6 || math.Abs(b80-w80) > 1e-6 {
		t.Fatalf("stepFactors base = %v, %v, want %v, %v", b80, b95, w80, w95)
	}
	for i := range 3 {
		want95 := math.Min(math.Max(w95*g[i], 1), 3)
		want80 := math.Min(math.Max(w80*g[i], 1), 3)
		if math.Abs(k95[i]-want95) > 1e-6 || math.Abs(k80[i]-want80) > 1e-6 {
			t.Errorf("step %d: factors %v, %v, want %v, %v", i+1, k80[i], k95[i], want80, want95)
		}
	}
	if k95[0] != 1 { // 1.164078·0.745356 = 0.868 < 1
		t.Errorf("step 1: 95%% factor %v, want the lower bound 1", k95[0])
	}
	// Auto on a yearly series publishes those per-step factors.
	yy := make([]float64, 30)
	for i := range yy {
		yy[i] = 100 + 3*float64(i) + 5*math.Sin(float64(i))
	}
	f, err := Auto(yy, 1, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Selection
	if len(s.Widen95Steps) != 6 || len(s.Widen80Steps) != 6 {
		t.Fatalf("Auto yearly: Selection = %+v, want 6 step factors", s)
	}
	for i := 1; i < 6; i++ {
		if s.Widen95Steps[i] < s.Widen95Steps[i-1] {
			t.Errorf("Auto yearly: 95%% factors %v not growing", s.Widen95Steps)
		}
	}
}

// rNormalRatio is the ratio of the normal 95% and 80% interval half-widths,
// qnorm(0.975)/qnorm(0.9) in R 4.x: 1.959963985 / 1.281551566.
const rNormalRatio = 1.959963985 / 1.281551566

// TestBandRule checks the bounds on the ratio of Auto's 95% to 80%
// half-width against hand calculations: a factor pair (k80, k95) of
// normal intervals has the ratio rNormalRatio·k95/k80.
func TestBandRule(t *testing.T) {
	z := rNormalRatio
	tests := []struct {
		name           string
		b              bandRule
		k80, k95       float64
		want80, want95 float64
	}{
		{"inside", bandRule{lo: 1.3, hi: 1.9}, 1.2, 1.25, 1.2, 1.25},
		// ratio z·1.15/1.5 = 1.174 < 1.3: the 80% factor becomes 1.15·z/1.3.
		{"low, narrow 80", bandRule{lo: 1.3, hi: 1.9}, 1.5, 1.15, 1.15 * z / 1.3, 1.15},
		// the 95% factor becomes 1.5·1.3/z instead.
		{"low, widen 95", bandRule{lo: 1.3, hi: 1.9, widen95: true}, 1.5, 1.15, 1.5, 1.5 * 1.3 / z},
		// 3·1.6/z = 3.13 > autoCap: the 95% factor stops at 3, the 80% one
		// becomes 3·z/1.6.
		{"low, widen 95 capped", bandRule{lo: 1.6, hi: 1.9, widen95: true}, 3, 1.2, 3 * z / 1.6, 3},
		// ratio z·3/1.15 = 3.99 > 1.9: the 80% factor becomes 3·z/1.9.
		{"high", bandRule{lo: 1.3, hi: 1.9}, 1.15, 3, 3 * z / 1.9, 3},
		{"high, widen 95 rule", bandRule{lo: 1.3, hi: 1.9, widen95: true}, 1.15, 3, 3 * z / 1.9, 3},
		{"no bound", bandRule{}, 1.5, 1.15, 1.5, 1.15},
		// a fixed ratio 1.75: the 80% factor becomes 1.25·z/1.75 = 1.0940,
		// from below and from above, and bounds lo, hi are not used.
		{"fixed, 80 narrowed", bandRule{ratio: 1.75}, 1.2, 1.25, 1.25 * z / 1.75, 1.25},
		{"fixed, 80 widened", bandRule{ratio: 1.75, lo: 1.3, hi: 1.9}, 0.5, 1.25, 1.25 * z / 1.75, 1.25},
	}
	for _, tc := range tests {
		k80, k95 := []float64{tc.k80}, []float64{tc.k95}
		tc.b.apply(k80, k95)
		if !scalar.EqualWithinAbsOrRel(k80[0], tc.want80, 1e-9, 1e-9) || !scalar.EqualWithinAbsOrRel(k95[0], tc.want95, 1e-9, 1e-9) {
			t.Errorf("%s: %+v.apply(%v, %v) = %v, %v, want %v, %v", tc.name, tc.b, tc.k80, tc.k95, k80[0], k95[0], tc.want80, tc.want95)
		}
	}
}

// widthRatios returns (hi95 − lo95)/(hi80 − lo80) at each step of f.
func widthRatios(f *Forecast) []float64 {
	out := make([]float64, f.H())
	for i := range out {
		out[i] = (f.Hi95[i] - f.Lo95[i]) / (f.Hi80[i] - f.Lo80[i])
	}
	return out
}

// TestAutoBandRatio checks that the 95% band of Auto is between 1.3 and
// 1.9 times as wide as its 80% band (a normal error: rNormalRatio, 1.53)
// on M3 series of each sheet (testdata/series.csv) and on series of
// normal noise. On the noise, whose members have normal intervals, the
// ratio is the fixed 1.75 of round 9 at every step for m > 1, and for
// m = 1 the median ratio over seeds is the normal one. (A single yearly
// noise series can stray from it: the two factors are quantiles of some
// 20 backtest errors; over 40 seeds at m = 12, before round 9, the ratio
// of the last step ran from 1.33 to 1.69, median 1.529.)
func TestAutoBandRatio(t *testing.T) {
	inBand := func(name string, f *Forecast) {
		t.Helper()
		for i, r := range widthRatios(f) {
			if r < 1.3-1e-9 || r > 1.9+1e-9 {
				t.Errorf("Auto(%s) step %d: 95%%/80%% width ratio %.4f, want within [1.3, 1.9] (normal: %.4f)", name, i+1, r, rNormalRatio)
			}
		}
	}
	d := loadRef(t)
	count := map[string]int{}
	for _, s := range d.series {
		if count[s.sheet] == 4 {
			continue
		}
		count[s.sheet]++
		h := map[int]int{12: 18, 4: 8, 1: 6}[s.m]
		f, err := Auto(s.y, s.m, h, nil)
		if err != nil {
			t.Fatalf("Auto(%s): %v", s.id, err)
		}
		inBand(s.id, f)
	}
	for _, m := range []int{12, 4, 1} {
		var last []float64
		for seed := uint64(1); seed <= 9; seed++ {
			rnd := rand.New(rand.NewPCG(seed, 7))
			y := make([]float64, 120)
			for i := range y {
				y[i] = 50 + 4*rnd.NormFloat64()
			}
			f, err := Auto(y, m, 8, nil)
			if err != nil {
				t.Fatalf("Auto(noise %d, m = %d): %v", seed, m, err)
			}
			inBand(fmt.Sprintf("noise %d, m = %d", seed, m), f)
			last = append(last, widthRatios(f)[7])
			if m == 1 {
				continue
			}
			for i, r := range widthRatios(f) {
				if !scalar.EqualWithinAbsOrRel(r, 1.75, 1e-9, 1e-9) {
					t.Errorf("Auto(noise %d, m = %d) step %d: 95%%/80%% width ratio %.6f, want 1.75", seed, m, i+1, r)
				}
			}
		}
		if m > 1 {
			continue
		}
		slices.Sort(last)
		if med := last[len(last)/2]; math.Abs(med/rNormalRatio-1) > 0.02 {
			t.Errorf("Auto(noise, m = %d): median 95%%/80%% width ratio at step 8 %.4f, want %.4f (normal) within 2%%", m, med, rNormalRatio)
		}
	}
}
