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
	BacktestCov95    float64
	Warning, Note    string
	Error            string // why there is no forecast; the steps are then empty
	Summary          string
	Mean, Lo80, Hi80 []float64
	Lo95, Hi95       []float64
}

// LostBacktest reports whether the forecast did worse than its benchmark
// (seasonal naive) in backtest; false when it was not backtested.
func (f *StoredForecast) LostBacktest() bool {
	return f.BacktestMASE == f.BacktestMASE && f.BenchmarkMASE == f.BenchmarkMASE && f.BacktestMASE > f.BenchmarkMASE
}
