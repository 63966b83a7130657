package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"coo/forecast"
)

func cmdRegress() *command {
	c := &command{
		name:    "regress",
		args:    "FILE.csv --y COL --x COL,COL... [--no-intercept] [--format table|csv]",
		summary: "Fit a linear regression by least squares to columns of any CSV and print the coefficients, fit statistics and diagnostics.",
		help: `FILE.csv is any CSV with a header row; --y and --x name its columns (exactly,
after trimming spaces). Every row is an observation. A cell of a used column
that is empty or not a finite number stops the command with its line and
column (exit 2): rows are never dropped silently, so what is fitted is the
whole file; delete or fix the row and run again.

The fit is ordinary least squares through a QR factorisation carried in
double-double arithmetic (package forecast, Regress), with an intercept
unless --no-intercept (then R² and F are uncentred, as R's lm(y ~ 0 + x)).
Columns that are linear combinations of others are not dropped: the command
names them and exits 2.

--format table (the default) prints the coefficients with 95% confidence
intervals, the fit statistics (R², adjusted R², F and its p value, residual
standard error and degrees of freedom, log-likelihood, AIC, BIC, condition
number of the design with unit-norm columns) and the diagnostics
(Durbin–Watson, Ljung–Box, Jarque–Bera, Breusch–Pagan (Koenker), VIF, high
leverage and influential observations), each failed check with a warning
in words. Observations are numbered from 1, the first data row (CSV line 2).

--format csv prints only the coefficient table, header
term,estimate,std_error,t,p, the intercept named (Intercept) and the others
by their column names, numbers with 17 significant digits: what R's
summary(lm(...))$coefficients gives, for checking from outside.

No project file or warehouse is needed.

Example:
  coo regress sales.csv --y sales --x price,spend --format csv`,
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
		if strings.TrimSpace(*yCol) == "" {
			return usagef("--y is required: the response column")
		}
		var xs []string
		for _, n := range strings.Split(*xCols, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if n == strings.TrimSpace(*yCol) {
				return usagef("--x %s: it is the response (--y)", n)
			}
			if contains(xs, n) {
				return usagef("--x: %s appears twice", n)
			}
			xs = append(xs, n)
		}
		if len(xs) == 0 {
			return usagef("--x is required: one or more predictor columns, comma-separated")
		}
		path := fs.Arg(0)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		d, err := readRegressCSV(f, path, strings.TrimSpace(*yCol), xs)
		f.Close()
		if err != nil {
			return err
		}
		reg, err := forecast.Regress(d.x, d.y, nil, &forecast.RegressSettings{Intercept: !*noIcpt, Names: xs})
		var ce *forecast.CollinearError
		switch {
		case errors.As(err, &ce):
			return usagef("%s: collinear columns %s: %s; leave %s out of --x",
				path, strings.Join(ce.Names, ", "), strings.Join(ce.Relations, "; "), orList(ce.Names))
		case err != nil:
			return fmt.Errorf("%s: %w", path, err)
		}
		if *format == "csv" {
			return writeRegressCSV(e.stdout, reg)
		}
		return writeRegressTable(e.stdout, path, reg, forecast.Diagnose(reg))
	}
	return c
}

func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return "one of " + strings.Join(names, ", ")
}

// regressData is the response and the predictors read from a CSV.
type regressData struct {
	y []float64
	x *mat.Dense
}

// readRegressCSV reads the columns yCol and xCols (by header name) of a CSV.
// A used cell that is empty or not a finite number is a usage error naming
// its line and column.
func readRegressCSV(r io.Reader, name, yCol string, xCols []string) (*regressData, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err == io.EOF {
		return nil, usagef("%s: empty file, want a header row", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	idx := map[string]int{}
	dup := map[string]bool{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		}
		if _, ok := idx[h]; ok {
			dup[h] = true
		}
		idx[h] = i
	}
	used := append([]string{yCol}, xCols...)
	cols := make([]int, len(used))
	for k, c := range used {
		i, ok := idx[c]
		if !ok {
			return nil, usagef("%s: no column %q in the header (columns: %s)", name, c, strings.Join(head, ", "))
		}
		if dup[c] {
			return nil, usagef("%s: column %q appears more than once in the header", name, c)
		}
		cols[k] = i
	}
	var vals [][]float64 // by column of used
	vals = make([][]float64, len(used))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k, i := range cols {
			cell := strings.TrimSpace(rec[i])
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				line, _ := cr.FieldPos(i)
				what := fmt.Sprintf("%q is not a finite number", cell)
				if cell == "" {
					what = "empty cell"
				}
				return nil, usagef("%s: line %d, column %q: %s (fix or delete the row)", name, line, used[k], what)
			}
			vals[k] = append(vals[k], v)
		}
	}
	n := len(vals[0])
	if n == 0 {
		return nil, usagef("%s: no data rows", name)
	}
	d := &regressData{y: vals[0], x: mat.NewDense(n, len(xCols), nil)}
	for j := range xCols {
		d.x.SetCol(j, vals[j+1])
	}
	return d, nil
}

func fmtG17(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }

// writeRegressCSV writes the coefficient table only.
func writeRegressCSV(w io.Writer, reg *forecast.Regression) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"term", "estimate", "std_error", "t", "p"})
	for _, t := range reg.Terms {
		cw.Write([]string{defuse(t.Name), fmtG17(t.Estimate), fmtG17(t.StdError), fmtG17(t.T), fmtG17(t.P)})
	}
	cw.Flush()
	return cw.Error()
}

// writeRegressTable writes the coefficients, fit statistics and diagnostics.
func writeRegressTable(w io.Writer, path string, reg *forecast.Regression, d *forecast.Diagnostics) error {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	ew := &errWriter{w: w}
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
	return ew.err
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
