package coo

// StoredForecast is one series' forecast as the warehouse keeps it.
type StoredForecast struct {
	SeriesKey
	Origin, First    Period // the last and first months of data used
	Months           int
	Method, Rule     string
	BacktestSMAPE    float64 // NaN if not backtested
	BacktestMASE     float64
	BenchmarkSMAPE   float64
	BenchmarkMASE    float64
	BacktestCov95    float64 // the share of actuals inside the 95% range at each origin, averaged over the origins
	BacktestPoints   int     // how many actual values the backtest scored (0: none)
	BacktestMonths   int     // the months they span, up to Origin
	Warning, Note    string
	Error            string // why there is no forecast; the steps are then empty
	Summary          string
	Mean, Lo80, Hi80 []float64
	Lo95, Hi95       []float64
	// Adjusted lists the months of the history the forecast was fitted
	// without (each replaced by its expected value), oldest first; nil if
	// it was fitted on the history as it stands.
	Adjusted []Adjustment
}

// LostBacktest reports whether the forecast did worse than its benchmark
// (seasonal naive) in backtest; false when it was not backtested.
func (f *StoredForecast) LostBacktest() bool {
	return f.BacktestMASE == f.BacktestMASE && f.BenchmarkMASE == f.BenchmarkMASE && f.BacktestMASE > f.BenchmarkMASE
}

// Adjustment is one month of a series' history that a forecast was not
// fitted on as it stands: a value far outside the rest of the series (a
// unit slip, a one-off), replaced by Expected for fitting. The data are
// unchanged; only the fit saw Expected.
type Adjustment struct {
	Period          Period
	Value, Expected float64 // as observed; what the fit used instead
}
