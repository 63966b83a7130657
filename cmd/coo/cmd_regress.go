package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"coo/forecast"
	"coo/pipeline"
)

func cmdRegress() *command {
	c := &command{
		name:    "regress",
		args:    "FILE.csv --y COL --x COL,COL... [--no-intercept] [--format table|csv]",
		summary: "Fit a linear regression by least squares to columns of any CSV and print the coefficients, fit statistics and diagnostics.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		yCol := fs.String("y", "", "the response `column`")
		xCols := fs.String("x", "", "comma-separated predictor `columns`")
		noIcpt := fs.Bool("no-intercept", false, "fit without an intercept")
		format := fs.String("format", "table", "output `format`: table or csv")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("regress takes one CSV file; run coo help regress")
		}
		if err := checkFormat(*format, "table", "csv"); err != nil {
			return err
		}
		opt := pipeline.RegressOptions{Y: *yCol, NoIntercept: *noIcpt}
		for _, n := range strings.Split(*xCols, ",") {
			if n = strings.TrimSpace(n); n != "" {
				opt.X = append(opt.X, n)
			}
		}
		res, err := pipeline.Regress(fs.Arg(0), opt)
		if err != nil {
			return err
		}
		if *format == "csv" {
			return writeRegressCSV(e.stdout, res.Regression)
		}
		return writeRegressTable(e.stdout, fs.Arg(0), res.Regression, res.Diagnostics)
	}
	return c
}

func fmtG17(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }

// writeRegressCSV writes the coefficient table only.
func writeRegressCSV(w io.Writer, reg *forecast.Regression) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"term", "estimate", "std_error", "t", "p"})
	for _, t := range reg.Terms {
		cw.Write([]string{pipeline.Defuse(t.Name), fmtG17(t.Estimate), fmtG17(t.StdError), fmtG17(t.T), fmtG17(t.P)})
	}
	cw.Flush()
	return cw.Error()
}

// writeRegressTable writes the coefficients, fit statistics and diagnostics.
func writeRegressTable(w io.Writer, path string, reg *forecast.Regression, d *forecast.Diagnostics) error {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	ew := new(strings.Builder)
	fmt.Fprintf(ew, "%s: %d observations, %d coefficients, %d residual degrees of freedom\n\n", path, reg.N, len(reg.Terms), reg.DF)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "term\testimate\tstd error\tt\tp\t%g%% lower\tupper\t\n", reg.Level*100)
	for _, t := range reg.Terms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", t.Name, g(t.Estimate), g(t.StdError), g(t.T), g(t.P), g(t.Lower), g(t.Upper))
	}
	tw.Flush()
	fmt.Fprintf(ew, "\nR²                   %s\n", g(reg.RSquared))
	fmt.Fprintf(ew, "adjusted R²          %s\n", g(reg.AdjRSquared))
	fmt.Fprintf(ew, "F                    %s on %d and %d df, p = %s\n", g(reg.F), reg.FDF1, reg.FDF2, g(reg.FP))
	fmt.Fprintf(ew, "residual std error   %s on %d df\n", g(reg.Sigma), reg.DF)
	fmt.Fprintf(ew, "log-likelihood       %s\n", g(reg.LogLik))
	fmt.Fprintf(ew, "AIC                  %s\n", g(reg.AIC))
	fmt.Fprintf(ew, "BIC                  %s\n", g(reg.BIC))
	fmt.Fprintf(ew, "condition number     %s\n", g(reg.Cond))
	if !reg.Intercept {
		fmt.Fprintln(ew, "(no intercept: R² and F are uncentred)")
	}

	fmt.Fprintf(ew, "\ndiagnostics\n")
	fmt.Fprintf(ew, "Durbin–Watson        %s\n", g(d.DurbinWatson))
	fmt.Fprintf(ew, "Ljung–Box (lag %d)    %s, p = %s\n", d.LjungBoxLag, g(d.LjungBox.Statistic), g(d.LjungBox.P))
	fmt.Fprintf(ew, "Jarque–Bera          %s, p = %s\n", g(d.JarqueBera.Statistic), g(d.JarqueBera.P))
	fmt.Fprintf(ew, "Breusch–Pagan        %s on %g df, p = %s\n", g(d.BreuschPagan.Statistic), d.BreuschPagan.DF, g(d.BreuschPagan.P))
	off := 0
	if reg.Intercept {
		off = 1
	}
	for j, v := range d.VIF {
		fmt.Fprintf(ew, "VIF %-16s %s\n", reg.Terms[j+off].Name, g(v))
	}
	lines := func(idx []int) string {
		var s []string
		for _, i := range idx {
			s = append(s, strconv.Itoa(i+2))
		}
		return strings.Join(s, ", ")
	}
	if len(d.HighLeverage) > 0 {
		fmt.Fprintf(ew, "high leverage        CSV line %s\n", lines(d.HighLeverage))
	}
	if len(d.Influential) > 0 {
		fmt.Fprintf(ew, "influential          CSV line %s\n", lines(d.Influential))
	}
	if len(d.Warnings) == 0 {
		fmt.Fprintln(ew, "\nno warnings")
	} else {
		fmt.Fprintln(ew, "\nwarnings")
		for _, s := range d.Warnings {
			fmt.Fprintf(ew, "- %s\n", s)
		}
	}
	_, err := io.WriteString(w, ew.String())
	return err
}
