package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"coo/pipeline"
)

func cmdBacktest() *command {
	c := &command{
		name:    "backtest",
		args:    "FILE.csv [--h 18] [--m 12] [--methods a,b] [--out FILE.csv]",
		summary: "Forecast the test part of each series from its training part and print the accuracy per method.",
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
		opt := pipeline.BacktestOptions{H: *h, M: *m, Log: e.log}
		for _, n := range strings.Split(*methods, ",") {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(opt.Methods, n) {
				opt.Methods = append(opt.Methods, n)
			}
		}
		if err := e.guardOutputs(*out); err != nil {
			return err
		}
		res, err := pipeline.BacktestFile(ctx, fs.Arg(0), *out, opt)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d series, h = %d, m = %d\n", res.Series, *h, *m)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "method\tsMAPE\tMASE\tcov80\tcov95\tMSIS\tCPU s\tscored\tfailed\t")
		f := func(v float64, prec int) string {
			if math.IsNaN(v) {
				return "–"
			}
			return strconv.FormatFloat(v, 'f', prec, 64)
		}
		for _, r := range res.Methods {
			a := r.Accuracy
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", r.Method, f(a.SMAPE, 2), f(a.MASE, 3),
				f(a.Cov80, 3), f(a.Cov95, 3), f(a.MSIS, 2), f(r.CPU, 1), r.Scored, r.Failed)
		}
		tw.Flush()
		if res.NoTest > 0 {
			fmt.Fprintf(e.stdout, "%d series have no test part: forecast, not scored\n", res.NoTest)
		}
		if res.FirstErr != nil {
			fmt.Fprintf(e.stdout, "first failure: %v\n", res.FirstErr)
		}
		return nil
	}
	return c
}
