package analysis

import (
	"math"
	"slices"
	"testing"

	"coo/forecast"
)

// TestBacktestCounted: a 48-month series forecast 12 months ahead is
// backtested from three origins ⌈12/3⌉ = 4 months apart (44, 40 and 36
// months in), which score 4 + 8 + 12 = 24 actual values over the last 12
// months: what the report's coverage sentence says it counted.
func TestBacktestCounted(t *testing.T) {
	y := make([]float64, 48)
	for i := range y {
		y[i] = 100 + 10*math.Sin(2*math.Pi*float64(i)/12) + float64(i%5)
	}
	fc, err := forecast.Auto(y, 12, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fc.Selection.Origins; !slices.Equal(got, []int{44, 40, 36}) {
		t.Fatalf("origins %v, want [44 40 36]", got)
	}
	s := (&SeriesForecast{Months: len(y), Forecast: fc}).Stored()
	if s.BacktestPoints != 24 || s.BacktestMonths != 12 {
		t.Errorf("counted %d values over %d months, want 24 over 12", s.BacktestPoints, s.BacktestMonths)
	}
}
