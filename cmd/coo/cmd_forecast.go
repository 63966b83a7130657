package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"coo"
	"coo/analysis"
)

func cmdForecast() *command {
	c := &command{
		name:    "forecast",
		args:    "[--project DIR] [--h N] [--metrics a,b] [--totals]",
		summary: "Forecast every metric in the warehouse and store the forecasts.",
		help: `Forecasts each series of the metric layer (every metric's total and each
of its breakdowns; --totals keeps the totals only) N months ahead (default
12) with coo's auto method: the mean of ETS, Theta and damped trend, with
80% and 95% intervals calibrated on rolling-origin backtests. Every forecast
is stored with its method, how it was chosen, its backtest accuracy against
seasonal naive, and the run that made it:

  forecasts        run_id, metric, dims, origin (last month of data), step,
                   period, method, mean, lo80, hi80, lo95, hi95
  forecast_models  the model behind each: method, rule, backtest sMAPE and
                   MASE, seasonal naive's, coverage, warning, note, error
  latest_forecasts the newest forecast of each series

A series with a gap is forecast from the months after its last gap, and the
note says so. A forecast that did worse than seasonal naive in backtest
carries a warning.

Examples:
  coo forecast --project acme
  coo forecast --project acme --metrics sales.revenue,hr.headcount --h 6
  coo sql --project acme "select period, mean, lo95, hi95 from latest_forecasts where metric = 'sales.revenue' and dims = ''"`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		h := fs.Int("h", 12, "forecast `N` months ahead")
		only := fs.String("metrics", "", "forecast only these `metrics` (comma-separated)")
		totals := fs.Bool("totals", false, "forecast the metrics' totals only, not their breakdowns")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("forecast takes no arguments")
		}
		if *h < 1 || *h > 60 {
			return usagef("--h %d: want 1 to 60 months", *h)
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		want := map[coo.MetricName]bool{}
		for _, m := range strings.Split(*only, ",") {
			if m = strings.TrimSpace(m); m != "" {
				want[coo.MetricName(m)] = true
			}
		}
		s, err := e.beginWrite(ctx, p)
		if err != nil {
			return err
		}
		n, err := e.forecast(ctx, s, want, *totals, *h, true)
		return s.end(err, fmt.Sprintf("%d series forecast", n))
	}
	return c
}

// forecast forecasts the chosen series and stores them; with table, it
// prints one line per series, and always a total line.
func (e *env) forecast(ctx context.Context, s *writeSession, want map[coo.MetricName]bool, totals bool, h int, table bool) (int, error) {
	all, err := s.db.SeriesKeys(ctx)
	if err != nil {
		return 0, err
	}
	var keys []coo.SeriesKey
	found := map[coo.MetricName]bool{}
	for _, k := range all {
		found[k.Metric] = true
		if (len(want) == 0 || want[k.Metric]) && (!totals || k.Dims == "") {
			keys = append(keys, k)
		}
	}
	for m := range want {
		if !found[m] {
			return 0, usagef("--metrics: %s has no data in the warehouse (run coo ingest, or check the name in coo.yaml)", m)
		}
	}
	// In chunks, for the progress bar: each chunk runs on every core.
	const chunk = 64
	bar := e.progress("forecast", len(keys))
	var res []analysis.SeriesForecast
	for i := 0; i < len(keys); i += chunk {
		part, err := analysis.Forecasts(ctx, s.db, keys[i:min(i+chunk, len(keys))], h)
		if err != nil {
			bar.done()
			return 0, err
		}
		res = append(res, part...)
		bar.add(len(part))
	}
	bar.done()
	stored := make([]coo.StoredForecast, len(res))
	failed, warned := 0, 0
	var out io.Writer = io.Discard
	if table {
		out = e.stdout
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tDIMS\tLAST\tNEXT\tFORECAST\t95% RANGE\tMETHOD AND BACKTEST")
	for i := range res {
		r := &res[i]
		stored[i] = r.Stored()
		if r.Err != nil {
			failed++
			fmt.Fprintf(tw, "%s\t%s\t%s\t\t\t\t%s\n", r.Key.Metric, tableCell(r.Key.Dims), r.Last, oneLine(r.Summary()))
			continue
		}
		if stored[i].Warning != "" {
			warned++
		}
		f := r.Forecast
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s – %s\t%s\n", r.Key.Metric, tableCell(r.Key.Dims), r.Last, r.Last.Add(1),
			number(f.Mean[0]), number(f.Lo95[0]), number(f.Hi95[0]), oneLine(r.Summary()))
	}
	tw.Flush()
	if err := s.db.SaveForecasts(ctx, s.runID, stored); err != nil {
		return 0, err
	}
	fmt.Fprintf(e.stdout, "%d series forecast %d months ahead (run %d); %d without a forecast, %d did worse than seasonal naive in backtest\n",
		len(res)-failed, h, s.runID, failed, warned)
	e.log.Info("forecast done", "series", len(res), "failed", failed, "warnings", warned)
	return len(res) - failed, nil
}

// number prints a forecast figure with four significant digits, grouped.
func number(v float64) string {
	s := fmt.Sprintf("%.4g", v)
	if strings.ContainsAny(s, "e") {
		return fmt.Sprintf("%.0f", v)
	}
	return s
}
