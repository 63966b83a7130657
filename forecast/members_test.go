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
