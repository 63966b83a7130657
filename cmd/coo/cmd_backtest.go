package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"coo/forecast"
)

func cmdBacktest() *command {
	c := &command{
		name:    "backtest",
		args:    "FILE.csv [--h 18] [--m 12] [--methods a,b] [--out FILE.csv]",
		summary: "Forecast the test part of each series from its training part and print the accuracy per method.",
		help: `FILE.csv is a long table with the columns series_id, period_index, value and
is_test (found by name; other columns are ignored), one row per observation:
the format of the M3 data in shared/data/m3. For every series the rows with
is_test = 0 (or false) are the training part and the first --h rows with
is_test = 1 the test part. Each method is fitted on the training part and
forecasts --h steps; the table gives, per method, the mean over series of
sMAPE (%), MASE, the coverage of the 80% and 95% intervals, MSIS (95%) and
the CPU seconds the method took (process CPU time, user + system, measured
around each method's batch; the series run in parallel on GOMAXPROCS
goroutines). The measures are defined in the M4 competition guide.

Methods (--methods, comma-separated; default all): ` + strings.Join(forecast.Methods(), ", ") + `.
A series a method cannot forecast is counted in the "failed" column and left
out of that method's means.

--out writes every forecast: series_id,method,step,mean,lo80,hi80,lo95,hi95,
one row per series, method and step, full precision, so that the accuracy
can be recomputed without coo (shared/tools/m3-accuracy.py does).

No project file or warehouse is needed.

Example:
  coo backtest ../shared/data/m3/m3_monthly.csv --h 18 --m 12 --methods auto,ets,theta --out /tmp/m.csv`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		h := fs.Int("h", 18, "forecast `horizon`: steps after the training part")
		m := fs.Int("m", 12, "season `length` (12 monthly, 4 quarterly, 1 none)")
		methods := fs.String("methods", "", "comma-separated `methods` (default all)")
		out := fs.String("out", "", "write every forecast to this CSV `file`")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("backtest takes one CSV file; run coo help backtest")
		}
		if *h < 1 {
			return usagef("--h %d: want at least 1", *h)
		}
		if *m < 1 {
			return usagef("--m %d: want at least 1", *m)
		}
		names := forecast.Methods()
		if *methods != "" {
			names = nil
			known := forecast.Methods()
			for _, n := range strings.Split(*methods, ",") {
				n = strings.TrimSpace(n)
				if !contains(known, n) {
					return usagef("--methods: unknown method %q (want %s)", n, strings.Join(known, ", "))
				}
				if !contains(names, n) {
					names = append(names, n)
				}
			}
		}
		path := fs.Arg(0)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		series, err := readBacktestCSV(f, path)
		f.Close()
		if err != nil {
			return err
		}
		if len(series) == 0 {
			return fmt.Errorf("%s: no series", path)
		}
		return runBacktest(ctx, e, series, names, *h, *m, *out)
	}
	return c
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// btSeries is one series of the backtest file.
type btSeries struct {
	id          string
	train, test []float64
}

// readBacktestCSV reads the long CSV format of shared/data/m3. Rows may come
// in any order; each series is sorted by period_index.
func readBacktestCSV(r io.Reader, name string) ([]btSeries, error) {
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
	out := make([]btSeries, 0, len(order))
	for _, id := range order {
		o := by[id]
		sort.SliceStable(o, func(a, b int) bool { return o[a].t < o[b].t })
		s := btSeries{id: id}
		for i, x := range o {
			if i > 0 && x.t == o[i-1].t {
				return nil, fmt.Errorf("%s: series %s: period_index %d appears twice", name, id, x.t)
			}
			if x.test {
				s.test = append(s.test, x.v)
			} else {
				if len(s.test) > 0 {
					return nil, fmt.Errorf("%s: series %s: training value at period_index %d after a test value", name, id, x.t)
				}
				s.train = append(s.train, x.v)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// btRow is one line of the accuracy table.
type btRow struct {
	method       string
	acc          forecast.Accuracy
	scored, fail int
	cpu          float64
}

func runBacktest(ctx context.Context, e *env, series []btSeries, methods []string, h, m int, outPath string) error {
	input := make([]forecast.Series, len(series))
	for i, s := range series {
		input[i] = forecast.Series{ID: s.id, Y: s.train, M: m}
	}
	var cw *csv.Writer
	var tmp *os.File
	if outPath != "" {
		var err error
		tmp, err = os.CreateTemp(filepath.Dir(outPath), ".coo-backtest-*.csv")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		cw = csv.NewWriter(tmp)
		cw.Write([]string{"series_id", "method", "step", "mean", "lo80", "hi80", "lo95", "hi95"})
	}
	var rows []btRow
	var firstErr error
	noTest := 0
	for _, s := range series {
		if len(s.test) == 0 {
			noTest++
		}
	}
	for _, name := range methods {
		cpu0, wall0 := cpuSeconds(), time.Now()
		res, err := forecast.Batch(ctx, name, input, h, nil)
		cpu := cpuSeconds() - cpu0
		if err != nil {
			return err
		}
		row := btRow{method: name, cpu: cpu}
		var accs []forecast.Accuracy
		for i, r := range res {
			if r.Err != nil {
				row.fail++
				if firstErr == nil {
					firstErr = fmt.Errorf("%s %s: %w", name, r.ID, r.Err)
				}
				e.log.Debug("forecast failed", "method", name, "series", r.ID, "err", r.Err)
				continue
			}
			if cw != nil {
				writeForecast(cw, r.ID, name, r.Forecast)
			}
			test := series[i].test
			if len(test) == 0 {
				continue
			}
			if len(test) > h {
				test = test[:h]
			}
			accs = append(accs, forecast.Score(r.Forecast, test, forecast.Scale(series[i].train, m)))
		}
		row.scored = len(accs)
		row.acc = forecast.MeanAccuracy(accs)
		rows = append(rows, row)
		e.log.Info("method done", "method", name, "series", len(series), "failed", row.fail,
			"cpu_s", fmt.Sprintf("%.2f", cpu), "wall_s", fmt.Sprintf("%.2f", time.Since(wall0).Seconds()))
	}
	if err := printBacktestTable(e.stdout, rows, len(series), h, m); err != nil {
		return err
	}
	if noTest > 0 {
		fmt.Fprintf(e.stdout, "%d series have no test part: forecast, not scored\n", noTest)
	}
	if firstErr != nil {
		fmt.Fprintf(e.stdout, "first failure: %v\n", firstErr)
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write %s: %w", outPath, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %w", outPath, err)
		}
		if err := os.Rename(tmp.Name(), outPath); err != nil {
			return err
		}
	}
	return nil
}

func writeForecast(cw *csv.Writer, id, method string, f *forecast.Forecast) {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i := range f.Mean {
		cw.Write([]string{id, method, strconv.Itoa(i + 1), g(f.Mean[i]), g(f.Lo80[i]), g(f.Hi80[i]), g(f.Lo95[i]), g(f.Hi95[i])})
	}
}

func printBacktestTable(w io.Writer, rows []btRow, n, h, m int) error {
	fmt.Fprintf(w, "%d series, h = %d, m = %d\n", n, h, m)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tsMAPE\tMASE\tcov80\tcov95\tMSIS\tCPU s\tscored\tfailed\t")
	f := func(v float64, prec int) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", r.method, f(r.acc.SMAPE, 2), f(r.acc.MASE, 3),
			f(r.acc.Cov80, 3), f(r.acc.Cov95, 3), f(r.acc.MSIS, 2), f(r.cpu, 1), r.scored, r.fail)
	}
	return tw.Flush()
}
