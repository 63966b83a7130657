package coo

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strconv"
)

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
	// Data is the Fingerprint of the history from First to Origin as the
	// forecast read it; "" if not known (stored before schema 8). A
	// forecast whose series no longer has that history (a workbook
	// corrected, a metric redefined) is not the series' forecast.
	Data string
}

// Fingerprint identifies a history's values: equal values give equal
// fingerprints, and a changed value a different one but with a chance of
// 2⁻⁶⁴ (FNV-1a over the values' bits, -0 as 0; NaN as one value).
func Fingerprint(y []float64) string {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range y {
		switch {
		case v == 0:
			v = 0
		case math.IsNaN(v):
			v = math.NaN()
		}
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return strconv.FormatUint(h.Sum64(), 16)
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
