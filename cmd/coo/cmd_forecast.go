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
