package forecast

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// degenerate is a series that no method may break on: each gives a finite
// forecast or an error wrapping one of the package's sentinels.
type degenerate struct {
	name string
	y    []float64
	m    int
}

func seq(n int, f func(i int) float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = f(i)
	}
	return y
}

// degenerateSeries are the cases every method's degenerate test runs:
// short, constant, all zero, with zeros or negatives, a level shift, a
// spike, tiny noise, huge values, a NaN.
func degenerateSeries() []degenerate {
	return []degenerate{
		{"Constant", seq(40, func(int) float64 { return 7 }), 12},
		{"AllZero", seq(40, func(int) float64 { return 0 }), 12},
		{"ZerosInside", seq(40, func(i int) float64 { return float64(i % 3) }), 12},
		{"Negative", seq(40, func(i int) float64 { return -100 + float64(i) + 5*math.Sin(float64(i)) }), 4},
		{"One", []float64{3}, 1},
		{"Two", []float64{3, 4}, 1},
		{"Three", []float64{3, 4, 6}, 12},
		{"Five", []float64{3, 4, 6, 5, 7}, 4},
		{"ShortSeasonal", seq(14, func(i int) float64 { return 10 + float64(i%12) }), 12},
		{"FourierInit", seq(30, func(i int) float64 { return 100 + 10*math.Sin(float64(i)*math.Pi/6) + float64(i) }), 12},
		{"LevelShift", seq(60, func(i int) float64 {
			if i < 30 {
				return 100 + math.Cos(float64(i))
			}
			return 1000 + math.Cos(float64(i))
		}), 12},
		{"Spike", seq(48, func(i int) float64 {
			if i == 20 {
				return 1e9
			}
			return 10 + float64(i%4)
		}), 4},
		{"TinyNoise", seq(48, func(i int) float64 { return 1 + 1e-13*float64(i%2) }), 12},
		{"Huge", seq(48, func(i int) float64 { return 1e150 * (1 + 0.1*float64(i%5)) }), 12},
		{"NaN", []float64{1, 2, math.NaN(), 4, 5, 6, 7, 8}, 1},
	}
}

// TestETSDegenerate: no series breaks the ETS engine. Every fit either
// returns an error wrapping one of the package's sentinels or a model whose
// forecasts and intervals are finite and ordered.
func TestETSDegenerate(t *testing.T) {
	tests := degenerateSeries()
	sentinels := []error{ErrTooShort, ErrNonPositive, ErrNaN, ErrNoModel}
	check := func(t *testing.T, call string, e *ETS, err error) {
		t.Helper()
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Errorf("%s: error %v wraps no sentinel", call, err)
			return
		}
		f := e.Forecast(24)
		for i := range f.Mean {
			vals := []float64{f.Mean[i], f.Lo80[i], f.Hi80[i], f.Lo95[i], f.Hi95[i]}
			for _, v := range vals {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s = %v: Forecast(24)[h=%d] = %v, want finite", call, e.Spec, i+1, vals)
				}
			}
			if !(f.Lo95[i] <= f.Lo80[i] && f.Lo80[i] <= f.Hi80[i] && f.Hi80[i] <= f.Hi95[i]) {
				t.Errorf("%s = %v: intervals at h=%d not ordered: %v", call, e.Spec, i+1, vals)
			}
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := AutoETS(tc.y, tc.m, nil)
			check(t, fmt.Sprintf("AutoETS(%s, %d)", tc.name, tc.m), e, err)
			for _, spec := range ETSModels() {
				e, err := FitETS(tc.y, tc.m, spec, nil)
				check(t, fmt.Sprintf("FitETS(%s, %d, %v)", tc.name, tc.m, spec), e, err)
			}
		})
	}
}

// TestETSConstant: a constant series gets R's fallback ETS(A,N,N) with
// α = 0.99999 and forecasts equal to the constant with zero-width intervals.
func TestETSConstant(t *testing.T) {
	y := []float64{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}
	e, err := AutoETS(y, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.Spec.String() != "ETS(A,N,N)" || e.Params.Alpha != 0.99999 {
		t.Errorf("AutoETS(constant) = %v alpha %v, want ETS(A,N,N) alpha 0.99999 (R)", e.Spec, e.Params.Alpha)
	}
	f := e.Forecast(3)
	for i := range 3 {
		if f.Mean[i] != 4 || f.Lo95[i] != 4 || f.Hi95[i] != 4 {
			t.Errorf("AutoETS(constant).Forecast(3)[h=%d] = %v [%v, %v], want 4 [4, 4]", i+1, f.Mean[i], f.Lo95[i], f.Hi95[i])
		}
	}
}

// TestETSErrors checks the sentinel errors of FitETS and AutoETS.
func TestETSErrors(t *testing.T) {
	mam := ETSSpec{Error: Multiplicative, Trend: Additive, Season: Multiplicative}
	ann := ETSSpec{Error: Additive, Trend: None, Season: None}
	pos := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"MultiplicativeZero", func() error {
			_, err := FitETS(append([]float64{0}, pos...), 4, mam, nil)
			return err
		}, ErrNonPositive},
		{"SeasonalTooShort", func() error { _, err := FitETS(pos[:12], 12, mam, nil); return err }, ErrTooShort},
		{"ANNThree", func() error { _, err := FitETS(pos[:3], 1, ann, nil); return err }, ErrTooShort},
		{"AutoTwo", func() error { _, err := AutoETS(pos[:2], 1, nil); return err }, ErrTooShort},
		{"AutoNaN", func() error { _, err := AutoETS([]float64{1, math.NaN()}, 1, nil); return err }, ErrNaN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}
}
