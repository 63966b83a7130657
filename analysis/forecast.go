package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"coo"
	"coo/forecast"
)

// SeriesForecast is the forecast of one metric series, with what was done
// to get it.
type SeriesForecast struct {
	Key      coo.SeriesKey
	First    coo.Period // the first month used
	Last     coo.Period // the last month of data: step 1 is Last+1
	Months   int        // months used
	Note     string     // gaps and other decisions, for the report ("" if none)
	Forecast *forecast.Forecast
	Err      error // why there is no forecast

	// Adjusted lists the months the forecast was fitted without: values
	// far outside the rest of the series, replaced by their expected
	// values for the fit (setAside); nil if none.
	Adjusted []coo.Adjustment
	Data     string // the Fingerprint of the months used, as they stood
}

// Summary is one line for people: the method, how it was chosen and how it
// did in backtest, or why there is no forecast.
func (f *SeriesForecast) Summary() string {
	if f.Err != nil {
		return "no forecast: " + f.Err.Error()
	}
	s := f.Forecast.Method
	if f.Forecast.Selection != nil {
		s = f.Forecast.Selection.String()
	}
	if f.Note != "" {
		s += "; " + f.Note
	}
	return s
}

// Forecasts forecasts h months of each series with forecast's auto method,
// in parallel. A series with gaps is forecast from the months after its last
// gap, and Note says so: no month is invented. A value far outside the rest
// of the series (a unit slip, a one-off) is replaced by its expected value
// for the fit, not in the data; Adjusted lists them and Note says so. A
// latest month far above every month before it is not forecast from
// (lastSlip): the series' Err says to check it. One series' failure is its
// Err; only cancellation stops the rest.
func Forecasts(ctx context.Context, store Store, keys []coo.SeriesKey, h int) ([]SeriesForecast, error) {
	return ForecastsAt(ctx, store, keys, h, 0)
}

// ForecastsAt is Forecasts from the data up to and including origin, as a
// forecast made then would have been; origin 0 uses all the data.
func ForecastsAt(ctx context.Context, store Store, keys []coo.SeriesKey, h int, origin coo.Period) ([]SeriesForecast, error) {
	out := make([]SeriesForecast, len(keys))
	var batch []forecast.Series
	var index []int
	for i, k := range keys {
		out[i].Key = k
		s, err := store.Series(ctx, k.Metric, k.Dims)
		if err != nil {
			return nil, err
		}
		if origin != 0 && len(s.Values) > 0 && s.End() > origin {
			s = s.Slice(s.Start, origin)
		}
		if len(s.Values) == 0 {
			out[i].Err = fmt.Errorf("no data")
			continue
		}
		y := history(s, s.End())
		start := len(s.Values) - len(y)
		out[i].First, out[i].Last, out[i].Months, out[i].Data = s.Start.Add(start), s.End(), len(y), coo.Fingerprint(y)
		if start > 0 {
			out[i].Note = fmt.Sprintf("no data for %s: only the %d months from %s are used", s.Start.Add(start-1), len(y), out[i].First)
		}
		if len(y) == 0 {
			out[i].Err = fmt.Errorf("the last month, %s, has no data", s.End())
			continue
		}
		fit, set := setAside(y, 12)
		for _, o := range set {
			out[i].Adjusted = append(out[i].Adjusted, coo.Adjustment{Period: out[i].First.Add(o.Index), Value: o.Value, Expected: o.Expected})
		}
		if len(set) > 0 {
			if out[i].Note != "" {
				out[i].Note += "; "
			}
			out[i].Note += fmt.Sprintf("fitted on the history with %d value(s) adjusted (%s)", len(set), adjustedList(out[i].Adjusted))
		}
		if ref, slip := lastSlip(fit); slip {
			out[i].Err = fmt.Errorf("the latest month, %s, is %.6g, more than %g times any month before it (at most %.6g): check the data; it is forecast again once corrected or when the next month confirms the level",
				s.End(), fit[len(fit)-1], slipFactor, ref)
			continue
		}
		batch = append(batch, forecast.Series{ID: fmt.Sprint(i), Y: fit, M: 12})
		index = append(index, i)
	}
	res, err := forecast.Batch(ctx, "auto", batch, h, nil)
	if err != nil {
		return nil, err
	}
	for j, r := range res {
		i := index[j]
		out[i].Forecast, out[i].Err = r.Forecast, r.Err
		if errors.Is(r.Err, forecast.ErrTooShort) {
			// one line for the report, not every member's reason (found
			// from outside: "auto: comb: auto ETS: forecast: series too
			// short: 3 observations theta: ETS(A,N,N): …")
			out[i].Err = tooFew(len(batch[j].Y), out[i].First, strings.HasPrefix(out[i].Note, "no data for "))
		}
		if r.Err == nil && nonNegative(batch[j].Y) {
			floorAtZero(r.Forecast)
		}
	}
	return out, nil
}

// tooFew says that n months from first are too few for a forecast; gap:
// the month before first has no data, and the series is longer (found from
// outside: "1 months of history are too few" of a series of 42 months).
func tooFew(n int, first coo.Period, gap bool) error {
	months, are := fmt.Sprintf("%d months", n), "are"
	if n == 1 {
		months, are = "1 month", "is"
	}
	if gap {
		return fmt.Errorf("no data for %s: the %s since %s too few for a forecast", first-1, months, are)
	}
	return fmt.Errorf("%s of history %s too few for a forecast", months, are)
}

// Current returns the stored forecasts fs that read the history their
// series has now, up to their origin. It leaves out one whose month a
// workbook has since corrected, or whose metric was redefined (found from
// outside: the outlook of a payroll sent 30% too high stayed in the report
// after the correction, unmarked), and one that does not say what it read
// (stored before schema 8): Monthly forecasts those again.
func Current(ctx context.Context, store Store, fs []coo.StoredForecast) ([]coo.StoredForecast, error) {
	var out []coo.StoredForecast
	for _, f := range fs {
		if f.Data == "" {
			continue
		}
		s, err := store.Series(ctx, f.Metric, f.Dims)
		if err != nil {
			return nil, err
		}
		if len(s.Values) == 0 || s.End() < f.Origin || s.Start > f.Origin {
			continue
		}
		y := history(s, f.Origin)
		if f.Origin.Add(1-len(y)) == f.First && coo.Fingerprint(y) == f.Data {
			out = append(out, f)
		}
	}
	return out, nil
}

// Stored converts a forecast for the warehouse.
func (f *SeriesForecast) Stored() coo.StoredForecast {
	s := coo.StoredForecast{SeriesKey: f.Key, Origin: f.Last, First: f.First, Months: f.Months, Note: f.Note, Summary: f.Summary(), Adjusted: f.Adjusted, Data: f.Data,
		BacktestSMAPE: math.NaN(), BacktestMASE: math.NaN(), BenchmarkSMAPE: math.NaN(), BenchmarkMASE: math.NaN(), BacktestCov95: math.NaN()}
	if f.Err != nil {
		s.Error = f.Err.Error()
		return s
	}
	fc := f.Forecast
	s.Method, s.Rule = fc.Method, "the only method asked for"
	s.Mean, s.Lo80, s.Hi80, s.Lo95, s.Hi95 = fc.Mean, fc.Lo80, fc.Hi80, fc.Lo95, fc.Hi95
	if sel := fc.Selection; sel != nil {
		s.Rule, s.Warning = sel.Rule, sel.Warning
		if len(sel.Origins) > 0 {
			s.BacktestSMAPE, s.BacktestMASE, s.BacktestCov95 = sel.Backtest.SMAPE, sel.Backtest.MASE, sel.Backtest.Cov95
			s.BenchmarkSMAPE, s.BenchmarkMASE = sel.Benchmark.SMAPE, sel.Benchmark.MASE
			// Each origin o forecast min(h, n−o) months that the history
			// holds (forecast's backtests score exactly those).
			n, h := f.Months, len(fc.Mean)
			for _, o := range sel.Origins {
				s.BacktestPoints += min(h, n-o)
				s.BacktestMonths = max(s.BacktestMonths, n-o)
			}
		}
	}
	return s
}

func nonNegative(y []float64) bool {
	for _, v := range y {
		if v < 0 {
			return false
		}
	}
	return true
}

// floorAtZero cuts a forecast of a figure that has never been negative
// (counts, amounts, headcount) at zero: its mean and lower bounds.
func floorAtZero(f *forecast.Forecast) {
	for _, s := range [][]float64{f.Mean, f.Lo80, f.Lo95, f.Hi80, f.Hi95} {
		for i := range s {
			s[i] = max(s[i], 0)
		}
	}
}
