package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"coo/pipeline"

	"coo"
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
		opt := pipeline.ForecastOptions{H: *h, TotalsOnly: *totals}
		for _, m := range strings.Split(*only, ",") {
			if m = strings.TrimSpace(m); m != "" {
				opt.Metrics = append(opt.Metrics, coo.MetricName(m))
			}
		}
		s, err := e.begin(ctx, p)
		if err != nil {
			return err
		}
		res, err := pipeline.Forecast(ctx, s, opt)
		msg := ""
		if err == nil {
			if !e.quiet {
				printForecasts(e.stdout, res)
			}
			fmt.Fprintln(e.stdout, res)
			msg = fmt.Sprintf("%d series forecast", res.Forecasted())
		}
		return s.End(err, msg)
	}
	return c
}

// printForecasts prints one line per series.
func printForecasts(w io.Writer, res *pipeline.ForecastResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tDIMS\tLAST\tNEXT\tFORECAST\t95% RANGE\tMETHOD AND BACKTEST")
	for i := range res.Series {
		r := &res.Series[i]
		if r.Err != nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\t\t\t%s\n", r.Key.Metric, pipeline.TableCell(r.Key.Dims), r.Last, pipeline.OneLine(r.Summary()))
			continue
		}
		f := r.Forecast
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s – %s\t%s\n", r.Key.Metric, pipeline.TableCell(r.Key.Dims), r.Last, r.Last.Add(1),
			number(f.Mean[0]), number(f.Lo95[0]), number(f.Hi95[0]), pipeline.OneLine(r.Summary()))
	}
	tw.Flush()
}

// number prints a forecast figure with four significant digits, grouped.
func number(v float64) string {
	s := fmt.Sprintf("%.4g", v)
	if strings.ContainsAny(s, "e") {
		return fmt.Sprintf("%.0f", v)
	}
	return s
}
