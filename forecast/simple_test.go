package forecast

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// compareForecast reports every step where got differs from R's want by more
// than tol (absolute or relative).
func compareForecast(t *testing.T, call string, got *Forecast, want *refForecast, steps int, tol float64) (worst float64) {
	t.Helper()
	cols := []struct {
		name      string
		got, want []float64
	}{
		{"mean", got.Mean, want.mean},
		{"lo80", got.Lo80, want.lo80},
		{"hi80", got.Hi80, want.hi80},
		{"lo95", got.Lo95, want.lo95},
		{"hi95", got.Hi95, want.hi95},
	}
	for _, c := range cols {
		for i := 0; i < steps && i < len(c.want); i++ {
			g, w := c.got[i], c.want[i]
			if d := math.Abs(g-w) / math.Max(math.Abs(w), 1); d > worst {
				worst = d
			}
			if !scalar.EqualWithinAbsOrRel(g, w, tol, tol) || math.IsNaN(g) {
				t.Errorf("%s: %s[h=%d] = %.12g, want %.12g (R)", call, c.name, i+1, g, w)
			}
		}
	}
	return worst
}

// TestSimpleMethodsR compares naive, snaive and drift with R forecast 8.20
// (naive(x, h), snaive(x, h), rwf(x, h, drift = TRUE)) on 143 M3 series.
func TestSimpleMethodsR(t *testing.T) {
	d := loadRef(t)
	const tol = 1e-8
	methods := []struct {
		name string
		run  func(y []float64, m, h int) (*Forecast, error)
	}{
		{"naive", func(y []float64, _, h int) (*Forecast, error) { return Naive(y, h) }},
		{"snaive", SeasonalNaive},
		{"rwf_drift", func(y []float64, _, h int) (*Forecast, error) { return Drift(y, h) }},
	}
	for _, me := range methods {
		t.Run(me.name, func(t *testing.T) {
			var worst float64
			for _, s := range d.series {
				want := d.forecasts[[2]string{s.id, me.name}]
				if want == nil {
					t.Fatalf("no R forecast for %s %s", s.id, me.name)
				}
				h := len(want.mean)
				got, err := me.run(s.y, s.m, h)
				if err != nil {
					t.Errorf("%s(%s, m=%d, h=%d): %v", me.name, s.id, s.m, h, err)
					continue
				}
				w := compareForecast(t, fmt.Sprintf("%s(%s, m=%d, h=%d)", me.name, s.id, s.m, h), got, want, h, tol)
				worst = math.Max(worst, w)
			}
			t.Logf("%s: worst relative difference from R over %d series: %.2g", me.name, len(d.series), worst)
		})
	}
}

// TestMean checks meanf against a hand calculation: y = 1..5, mean 3,
// s = √2.5, se = s√(1+1/5) = √3; t quantiles with 4 degrees of freedom from
// R: qt(0.9, 4) = 1.533206, qt(0.975, 4) = 2.776445105.
func TestMean(t *testing.T) {
	got, err := Mean([]float64{1, 2, 3, 4, 5}, 2)
	if err != nil {
		t.Fatal(err)
	}
	se := math.Sqrt(3)
	want := []struct {
		name      string
		got, want float64
	}{
		{"mean", got.Mean[1], 3},
		{"lo80", got.Lo80[1], 3 - 1.5332062740589*se},
		{"hi80", got.Hi80[0], 3 + 1.5332062740589*se},
		{"lo95", got.Lo95[0], 3 - 2.7764451051977*se},
		{"hi95", got.Hi95[1], 3 + 2.7764451051977*se},
	}
	for _, w := range want {
		if !scalar.EqualWithinAbsOrRel(w.got, w.want, 1e-9, 1e-9) {
			t.Errorf("Mean(1..5, 2).%s = %.12g, want %.12g (hand, qt from R)", w.name, w.got, w.want)
		}
	}
}

func TestSimpleErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() (*Forecast, error)
		want error
	}{
		{"NaiveOne", func() (*Forecast, error) { return Naive([]float64{1}, 3) }, ErrTooShort},
		{"NaiveNaN", func() (*Forecast, error) { return Naive([]float64{1, math.NaN(), 2}, 3) }, ErrNaN},
		{"SNaiveShort", func() (*Forecast, error) { return SeasonalNaive(make([]float64, 12), 12, 3) }, ErrTooShort},
		{"DriftTwo", func() (*Forecast, error) { return Drift([]float64{1, 2}, 3) }, ErrTooShort},
		{"MeanInf", func() (*Forecast, error) { return Mean([]float64{1, math.Inf(1)}, 3) }, ErrNaN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.run()
			if !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSimpleConstant: a constant series gives zero-width intervals, no NaN.
func TestSimpleConstant(t *testing.T) {
	y := []float64{5, 5, 5, 5, 5, 5}
	for name, f := range map[string]func() (*Forecast, error){
		"naive":  func() (*Forecast, error) { return Naive(y, 4) },
		"snaive": func() (*Forecast, error) { return SeasonalNaive(y, 4, 4) },
		"drift":  func() (*Forecast, error) { return Drift(y, 4) },
		"mean":   func() (*Forecast, error) { return Mean(y, 4) },
	} {
		got, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range got.Mean {
			if got.Mean[i] != 5 || got.Lo95[i] != 5 || got.Hi95[i] != 5 {
				t.Errorf("%s(constant 5)[h=%d] = %v [%v, %v], want 5 [5, 5]", name, i+1, got.Mean[i], got.Lo95[i], got.Hi95[i])
			}
		}
	}
}
