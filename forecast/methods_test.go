package forecast

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestMethodsR compares the OLS trend, SES, Holt, damped trend and Theta
// methods with R forecast 8.20 on the 143 M3 reference series:
//
//	lintrend(y, m)     forecast(tslm(y ~ trend + season), h)  (monthly, quarterly)
//	lintrend(y, 1)     forecast(tslm(y ~ trend), h)           (all series)
//	SES(y, 1)          ses(x, h)
//	Holt(y, 1)         holt(x, h)
//	Damped(y, 1)       holt(x, h, damped = TRUE)
//	Theta(y, m)        thetaf(x, h)
//
// With m = 1 the smoothing methods skip the seasonal adjustment, which R's
// ses() and holt() do not make. The OLS methods are closed-form and must
// agree to 1e-8; the smoothing methods run Nelder–Mead from R's starting
// point, so agreement to 1e-6 means the same optimum.
func TestMethodsR(t *testing.T) {
	d := loadRef(t)
	methods := []struct {
		ref      string
		tol      float64
		seasonal bool // R method exists only for m > 1
		run      func(y []float64, m, h int) (*Forecast, error)
	}{
		{"tslm_trend_season", 1e-8, true, LinearTrend},
		{"tslm_trend", 1e-8, false, func(y []float64, _, h int) (*Forecast, error) { return LinearTrend(y, 1, h) }},
		{"ses", 1e-6, false, func(y []float64, _, h int) (*Forecast, error) { return SES(y, 1, h) }},
		{"holt", 1e-6, false, func(y []float64, _, h int) (*Forecast, error) { return Holt(y, 1, h) }},
		{"holt_damped", 1e-6, false, func(y []float64, _, h int) (*Forecast, error) { return Damped(y, 1, h) }},
		{"thetaf", 1e-6, false, Theta},
	}
	for _, me := range methods {
		t.Run(me.ref, func(t *testing.T) {
			var worst float64
			count := 0
			for _, s := range d.series {
				if me.seasonal && s.m == 1 {
					continue
				}
				want := d.forecasts[[2]string{s.id, me.ref}]
				if want == nil {
					t.Fatalf("no R forecast for %s %s", s.id, me.ref)
				}
				h := len(want.mean)
				got, err := me.run(s.y, s.m, h)
				if err != nil {
					t.Errorf("%s(%s, m=%d, h=%d): %v", me.ref, s.id, s.m, h, err)
					continue
				}
				w := compareForecast(t, fmt.Sprintf("%s(%s, m=%d, h=%d)", me.ref, s.id, s.m, h), got, want, h, me.tol)
				worst = math.Max(worst, w)
				count++
			}
			t.Logf("%s: worst relative difference from R over %d series: %.2g", me.ref, count, worst)
		})
	}
}

// TestFitOLS checks coefficients, standard errors, σ² and a prediction
// interval against a hand calculation: y = 1, 3, 2, 5 on x = 1, 2, 3, 4
// with an intercept. x̄ = 2.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, so b = 1.1 and
// a = 2.75 − 2.75 = 0; residuals −0.1, 0.8, −1.3, 0.6, RSS = 2.7,
// σ² = 2.7/2 = 1.35; se(b) = √(1.35/5), se(a) = √(1.35(1/4 + 6.25/5)).
// At x = 5: ŷ = 5.5, se = √(1.35(1 + 1/4 + 6.25/5)) = √3.375; with
// qt(0.975, 2) = 4.302652729696 (R) the 95% bounds are 5.5 ± 4.3027·1.8371.
func TestFitOLS(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 1, 1, 2, 1, 3, 1, 4})
	o, err := FitOLS(x, []float64{1, 3, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	tq := 4.302652729696
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"a", o.Coef[0], 0},
		{"b", o.Coef[1], 1.1},
		{"se(a)", o.SE[0], math.Sqrt(1.35 * 1.5)},
		{"se(b)", o.SE[1], math.Sqrt(1.35 / 5)},
		{"Sigma2", o.Sigma2, 1.35},
		{"RSS", o.RSS, 2.7},
		{"resid[2]", o.Resid[2], -1.3},
	} {
		if !scalar.EqualWithinAbsOrRel(c.got, c.want, 1e-12, 1e-12) {
			t.Errorf("FitOLS: %s = %.15g, want %.15g", c.name, c.got, c.want)
		}
	}
	mean, lo, hi := o.PredictInterval([]float64{1, 5}, 0.95)
	se := math.Sqrt(3.375)
	if !scalar.EqualWithinAbsOrRel(mean, 5.5, 1e-12, 1e-12) ||
		!scalar.EqualWithinAbsOrRel(lo, 5.5-tq*se, 1e-9, 1e-9) ||
		!scalar.EqualWithinAbsOrRel(hi, 5.5+tq*se, 1e-9, 1e-9) {
		t.Errorf("PredictInterval(x=5, 0.95) = %v [%v, %v], want 5.5 [%v, %v]", mean, lo, hi, 5.5-tq*se, 5.5+tq*se)
	}
}

// TestFitOLSErrors: a rank-deficient design and NaN come back as errors.
func TestFitOLSErrors(t *testing.T) {
	tests := []struct {
		name string
		x    *mat.Dense
		y    []float64
		want error
	}{
		{"Collinear", mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2}), []float64{1, 2, 3}, ErrSingular},
		{"NaN", mat.NewDense(3, 1, []float64{1, 1, 1}), []float64{1, math.NaN(), 3}, ErrNaN},
		{"Short", mat.NewDense(1, 2, []float64{1, 2}), []float64{1}, ErrTooShort},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitOLS(tc.x, tc.y)
			if !errors.Is(err, tc.want) {
				t.Errorf("FitOLS(%s) error = %v, want %v", tc.name, err, tc.want)
			}
		})
	}
}

// TestIsSeasonal checks the seasonality test on cases decided by hand: a
// pure 4-periodic series has r_4 = 0.9 against a bound below 0.5; a
// constant or too short series, or m = 1, is never seasonal.
func TestIsSeasonal(t *testing.T) {
	per := make([]float64, 40)
	for i := range per {
		per[i] = []float64{1, 5, 3, 8}[i%4]
	}
	tests := []struct {
		name string
		y    []float64
		m    int
		want bool
	}{
		{"Periodic", per, 4, true},
		{"Constant", make([]float64, 40), 4, false},
		{"Short", per[:8], 4, false},
		{"NonSeasonal", per, 1, false},
	}
	for _, tc := range tests {
		if got := IsSeasonal(tc.y, tc.m); got != tc.want {
			t.Errorf("IsSeasonal(%s, %d) = %v, want %v", tc.name, tc.m, got, tc.want)
		}
	}
}
