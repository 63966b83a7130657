package pipeline

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"coo/forecast"
	"coo/internal/safefile"
)

// BacktestSeries is one series of a backtest, oldest first: the training
// part the methods are fitted on, then the test part they are scored on.
type BacktestSeries struct {
	ID          string
	Train, Test []float64
}

// ReadBacktestCSV reads the long CSV format of shared/data/m3: the columns
// series_id, period_index, value and is_test, found by name (other columns
// are ignored), one row per observation, in any order. Each series is
// sorted by period_index; rows with is_test 0 (or false) are its training
// part, rows with 1 (or true) its test part, and no training row may come
// after a test row; its period_index values must run without a gap (a
// missing month would shift the season). name is used in messages, which
// give the line.
func ReadBacktestCSV(r io.Reader, name string) ([]BacktestSeries, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	var idx [4]int
	for k, c := range []string{"series_id", "period_index", "value", "is_test"} {
		i, ok := col[c]
		if !ok {
			return nil, fmt.Errorf("%s: no column %q in the header", name, c)
		}
		idx[k] = i
	}
	type obs struct {
		t    int
		v    float64
		test bool
	}
	by := map[string][]obs{}
	var order []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		id := strings.TrimSpace(rec[idx[0]])
		t, err := strconv.Atoi(strings.TrimSpace(rec[idx[1]]))
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: period_index %q is not an integer", name, line, rec[idx[1]])
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[idx[2]]), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: line %d: value %q is not a finite number", name, line, rec[idx[2]])
		}
		var test bool
		switch strings.ToLower(strings.TrimSpace(rec[idx[3]])) {
		case "1", "true":
			test = true
		case "0", "false":
		default:
			return nil, fmt.Errorf("%s: line %d: is_test %q: want 0, 1, true or false", name, line, rec[idx[3]])
		}
		if _, ok := by[id]; !ok {
			order = append(order, id)
		}
		by[id] = append(by[id], obs{t, v, test})
	}
	out := make([]BacktestSeries, 0, len(order))
	for _, id := range order {
		o := by[id]
		sort.SliceStable(o, func(a, b int) bool { return o[a].t < o[b].t })
		s := BacktestSeries{ID: id}
		for i, x := range o {
			if i > 0 && x.t == o[i-1].t {
				return nil, fmt.Errorf("%s: series %s: period_index %d appears twice", name, id, x.t)
			}
			if i > 0 && x.t != o[i-1].t+1 {
				return nil, fmt.Errorf("%s: series %s: period_index jumps from %d to %d; a series has one value per period, with no gaps (fill them, or start the series after the last one)", name, id, o[i-1].t, x.t)
			}
			if x.test {
				s.Test = append(s.Test, x.v)
			} else {
				if len(s.Test) > 0 {
					return nil, fmt.Errorf("%s: series %s: training value at period_index %d after a test value", name, id, x.t)
				}
				s.Train = append(s.Train, x.v)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// BacktestOptions says what a backtest runs. The zero value is not valid:
// H and M must be at least 1.
type BacktestOptions struct {
	H       int      // forecast horizon: steps after the training part
	M       int      // season length: 12 monthly, 4 quarterly, 1 none
	Methods []string // forecast.Methods names, in the order wanted; nil is all
	Log     *slog.Logger
}

// Validate returns an *OptionError for a horizon or season below 1 or an
// unknown method.
func (o *BacktestOptions) Validate() error {
	if o.H < 1 {
		return Optionf("--h %d: want at least 1", o.H)
	}
	if o.M < 1 {
		return Optionf("--m %d: want at least 1", o.M)
	}
	return checkMethods("--methods", o.Methods...)
}

// checkMethods returns an *OptionError naming flag for a name that is not
// one of forecast.Methods.
func checkMethods(flag string, names ...string) error {
	known := forecast.Methods()
	for _, n := range names {
		if !slices.Contains(known, n) {
			return Optionf("%s: unknown method %q (want %s)", flag, n, strings.Join(known, ", "))
		}
	}
	return nil
}

// BacktestMethod is one method's line of a backtest: the mean accuracy
// over the series it scored (those with a test part that it could
// forecast), how many it scored and how many it failed, and the process
// CPU time (user + system) its batch took, in seconds (NaN where the
// platform does not say).
type BacktestMethod struct {
	Method         string
	Accuracy       forecast.Accuracy
	Scored, Failed int
	CPU            float64
	Wall           time.Duration
}

// BacktestResult is a backtest's accuracy table, one line per method in
// the order asked.
type BacktestResult struct {
	Series   int // how many series were forecast
	NoTest   int // how many of them have no test part: forecast, not scored
	Methods  []BacktestMethod
	FirstErr error // the first failed forecast, naming method and series; nil if none failed
}

// ForecastHeader is the header of the forecasts CSV that Backtest and
// Bench write: one row per series, method and step (from 1), numbers in
// the shortest form that reads back to the same double.
var ForecastHeader = []string{"series_id", "method", "step", "mean", "lo80", "hi80", "lo95", "hi95"}

// Backtest fits each method to every series' training part, forecasts H
// steps and scores the forecast against the first H values of the test
// part (sMAPE, MASE with the in-sample seasonal naive scale of season M,
// interval coverage and MSIS, as the M4 guide defines them). The series
// run in parallel (forecast.Batch); results are in the series' order.
// If w is not nil, every forecast is written to it as CSV (ForecastHeader).
// A series a method cannot forecast counts as failed; only cancellation or
// a write error stops the backtest.
func Backtest(ctx context.Context, series []BacktestSeries, opt BacktestOptions, w io.Writer) (*BacktestResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	methods := opt.Methods
	if methods == nil {
		methods = forecast.Methods()
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	input := make([]forecast.Series, len(series))
	res := &BacktestResult{Series: len(series)}
	for i, s := range series {
		input[i] = forecast.Series{ID: s.ID, Y: s.Train, M: opt.M}
		if len(s.Test) == 0 {
			res.NoTest++
		}
	}
	var cw *csv.Writer
	if w != nil {
		cw = csv.NewWriter(w)
		cw.Write(ForecastHeader)
	}
	for _, name := range methods {
		cpu0, wall0 := cpuSeconds(), time.Now()
		out, err := forecast.Batch(ctx, name, input, opt.H, nil)
		line := BacktestMethod{Method: name, CPU: cpuSeconds() - cpu0, Wall: time.Since(wall0)}
		if err != nil {
			return nil, err
		}
		var accs []forecast.Accuracy
		for i, r := range out {
			if r.Err != nil {
				line.Failed++
				if res.FirstErr == nil {
					res.FirstErr = fmt.Errorf("%s %s: %w", name, r.ID, r.Err)
				}
				log.Debug("forecast failed", "method", name, "series", r.ID, "err", r.Err)
				continue
			}
			if cw != nil {
				writeForecast(cw, r.ID, name, r.Forecast)
			}
			test := series[i].Test
			if len(test) == 0 {
				continue
			}
			accs = append(accs, forecast.Score(r.Forecast, test[:min(len(test), opt.H)], forecast.Scale(series[i].Train, opt.M)))
		}
		line.Scored = len(accs)
		line.Accuracy = forecast.MeanAccuracy(accs)
		res.Methods = append(res.Methods, line)
		log.Info("method done", "method", name, "series", len(series), "failed", line.Failed,
			"cpu_s", fmt.Sprintf("%.2f", line.CPU), "wall_s", fmt.Sprintf("%.2f", line.Wall.Seconds()))
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return nil, fmt.Errorf("write forecasts: %w", err)
		}
	}
	return res, nil
}

// BacktestFile runs Backtest on the series of the CSV file in
// (ReadBacktestCSV). If out is not empty, the forecasts are written to that
// file atomically: it appears whole once the backtest has finished, or not
// at all. A file without series is an error.
func BacktestFile(ctx context.Context, in, out string, opt BacktestOptions) (*BacktestResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	f, err := os.Open(in)
	if err != nil {
		return nil, err
	}
	series, err := ReadBacktestCSV(bufio.NewReader(f), in)
	f.Close()
	if err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("%s: no series", in)
	}
	var res *BacktestResult
	err = writeTo(out, false, func(w io.Writer) error {
		res, err = Backtest(ctx, series, opt, w)
		return err
	})
	return res, err
}

// writeTo calls write with a writer to path, which appears whole (through
// a temporary file, synced and renamed) if write and the writing succeed,
// and is left as it was otherwise. With path "", write gets a nil writer.
// With mkdir, the folder holding path is created if need be.
func writeTo(path string, mkdir bool, write func(io.Writer) error) error {
	if path == "" {
		return write(nil)
	}
	if mkdir {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
	}
	f, err := safefile.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		f.Abort()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// writeForecast writes one forecast's rows of the forecasts CSV.
func writeForecast(cw *csv.Writer, id, method string, f *forecast.Forecast) {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i := range f.Mean {
		cw.Write([]string{id, method, strconv.Itoa(i + 1), g(f.Mean[i]), g(f.Lo80[i]), g(f.Hi80[i]), g(f.Lo95[i]), g(f.Hi95[i])})
	}
}
