package forecast_test

import (
	"fmt"

	"coo/forecast"
)

// Seasonal naive repeats the last season; with m = 4 the forecast for the
// next six quarters is 5, 6, 7, 8, 5, 6.
func ExampleSeasonalNaive() {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	f, err := forecast.SeasonalNaive(y, 4, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Method, f.Mean)
	// Output: snaive [5 6 7 8 5 6]
}

// AutoETS selects a model by AICc; a model's Forecast carries the point
// forecasts, the 80% and 95% intervals, the parameters and the fit.
func ExampleAutoETS() {
	y := []float64{ // a short monthly series, three years
		112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
		115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
		145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
	}
	e, err := forecast.AutoETS(y, 12, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	f := e.Forecast(12)
	fmt.Println(len(f.Mean), len(f.Lo95), f.Fit.N)
	// Output: 12 12 36
}
