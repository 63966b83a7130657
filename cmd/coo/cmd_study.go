package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"coo/analysis"
	"coo/forecast"
)

func cmdStudy() *command {
	c := &command{
		name:    "study",
		args:    "FILE.yaml [--project DIR] [--out DIR]",
		summary: "Fit a study (a regression of a metric on drivers with lags) and write its Markdown report: answer, coefficients, diagnostics, scenarios, sensitivity, backtest.",
		help: `FILE.yaml is a study spec:

  title: Marketing and sales
  question: What does another 10% of marketing spend buy us in sales?
  target: {metric: sales.units, log: true}
  drivers:
    - {metric: marketing.spend, lags: [0, 1], log: true}
  month_dummies: true
  trend: true
  h: 6
  scenarios:
    - {name: spend +10%, driver: marketing.spend, change: 10%, from: 2026-11}

target and each driver are a metric name or {metric, dims, log}; a driver's
lags (default [0]) put month t-k of the driver in the row of month t.
intercept defaults to true, base_month (the month without a dummy) to 1.
A scenario changes one driver from a month on: change (10% or 0.10) scales
it, values (one per month from "from") replace it; base (last, last_year
or forecast) says what the driver does after its data. Every study also
forecasts a baseline with the drivers held at their last value.

The warehouse is opened read-only. The report, study.md, goes to --out
(default: the current folder): the question, an answer in words, the
coefficients, fit statistics, diagnostics with their warnings, the
scenarios with 95% intervals, the sensitivity to +-5/10/20% of each driver,
a backtest against the auto (ETS-based) baseline over the last 6 months one
month ahead, given the drivers' actual values, and the months left out for
missing data. No charts yet.

Example:
  coo study cmd/coo/testdata/marketing-study.yaml --project demo --out studies`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		out := fs.String("out", ".", "the `folder` of the report")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("study takes one study file; run coo help study")
		}
		spec, err := readStudySpec(fs.Arg(0))
		if err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		st, err := analysis.FitStudy(ctx, db, &spec.Design)
		var ce *forecast.CollinearError
		if errors.As(err, &ce) {
			return usagef("%s: collinear columns %s: %s", fs.Arg(0), strings.Join(ce.Names, ", "), strings.Join(ce.Relations, "; "))
		}
		if err != nil {
			return err
		}
		var scs []*analysis.ScenarioForecast
		for _, sc := range append([]analysis.Scenario{{Name: "baseline (drivers held at their last value)"}}, spec.Scenarios...) {
			f, err := st.Scenario(sc, spec.H, 0.95)
			if err != nil {
				return err
			}
			scs = append(scs, f)
		}
		sens, err := st.Sensitivity(nil)
		if err != nil {
			return err
		}
		bt, btErr := st.Backtest(ctx, 6, 1)
		md := studyReport(spec, st, scs, sens, bt, btErr)
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		path := filepath.Join(*out, "study.md")
		if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, path)
		return nil
	}
	return c
}

func g4(v float64) string {
	if a := math.Abs(v); a >= 1e4 && a < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// effect is the change of the target, in its own units, when one driver
// column's driver is 10% higher.
func effect(st *analysis.Study, dr analysis.Driver, b, x, y float64) float64 {
	switch {
	case dr.Log && st.Design.Target.Log:
		return (math.Pow(1.1, b) - 1) * y
	case st.Design.Target.Log:
		return (math.Exp(b*0.1*x) - 1) * y
	case dr.Log:
		return b * math.Log(1.1)
	}
	return b * 0.1 * x
}

// answer is the paragraph in words built from the numbers.
func answer(st *analysis.Study, bt *analysis.StudyBacktest) string {
	var parts []string
	y := st.Matrix.Y[len(st.Matrix.Y)-1]
	if st.Design.Target.Log {
		y = math.Exp(y)
	}
	last := st.Matrix.Periods[len(st.Matrix.Periods)-1]
	tl := st.Design.Target.Label()
	for _, dr := range st.Design.Drivers {
		best := -1
		var bestP float64
		lags := dr.Lags
		if len(lags) == 0 {
			lags = []int{0}
		}
		for _, t := range st.Fit.Terms {
			for _, k := range lags {
				if t.Name == columnLabel(dr, k) && (best < 0 || t.P < bestP) {
					best, bestP = k, t.P
				}
			}
		}
		if best < 0 {
			continue
		}
		var term forecast.Term
		for _, t := range st.Fit.Terms {
			if t.Name == columnLabel(dr, best) {
				term = t
			}
		}
		x := driverAt(st, columnLabel(dr, best))
		when := "in the same month"
		if best == 1 {
			when = "a month later"
		} else if best > 1 {
			when = fmt.Sprintf("%d months later", best)
		}
		s := fmt.Sprintf("Each 10%% more %s is followed %s by about %s more %s (95%% CI %s to %s, p = %s), at the level of %s.",
			dr.Label(), when, g4(effect(st, dr, term.Estimate, x, y)), tl,
			g4(effect(st, dr, term.Lower, x, y)), g4(effect(st, dr, term.Upper, x, y)), g4(term.P), last)
		if term.P >= 0.05 {
			s += " This is not distinguishable from no effect at the 5% level."
		}
		parts = append(parts, s)
	}
	if bt != nil {
		parts = append(parts, bt.Verdict)
	}
	return strings.Join(parts, " ")
}

func columnLabel(dr analysis.Driver, k int) string {
	s := dr.Label()
	if k > 0 {
		s += fmt.Sprintf("[t-%d]", k)
	}
	if dr.Log {
		s = "log(" + s + ")"
	}
	return s
}

// driverAt is the value of a design column in the design's last row.
func driverAt(st *analysis.Study, name string) float64 {
	r, _ := st.Matrix.X.Dims()
	for j, n := range st.Matrix.Names {
		if n == name {
			return st.Matrix.X.At(r-1, j)
		}
	}
	return math.NaN()
}

// studyReport writes the Markdown report.
func studyReport(spec *studySpec, st *analysis.Study, scs []*analysis.ScenarioForecast, sens []analysis.Sensitivity, bt *analysis.StudyBacktest, btErr error) string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	title := spec.Title
	if title == "" {
		title = "Study of " + st.Design.Target.Label()
	}
	unlog := func(v float64) float64 {
		if st.Design.Target.Log {
			return math.Exp(v)
		}
		return v
	}
	p("# %s\n\n## Question\n\n%s\n\n## Answer\n\n%s\n\n", title, spec.Question, answer(st, bt))
	r := st.Fit
	p("## Coefficients\n\n%d months, %s to %s.\n\n| term | estimate | std error | t | p | 95%% lower | upper |\n|---|---:|---:|---:|---:|---:|---:|\n", r.N, st.Matrix.Periods[0], st.Matrix.Periods[len(st.Matrix.Periods)-1])
	for _, t := range r.Terms {
		p("| %s | %s | %s | %s | %s | %s | %s |\n", t.Name, g4(t.Estimate), g4(t.StdError), g4(t.T), g4(t.P), g4(t.Lower), g4(t.Upper))
	}
	p("\n## Fit\n\n| statistic | value |\n|---|---:|\n| R² | %s |\n| adjusted R² | %s |\n| F | %s on %d and %d df, p = %s |\n| residual std error | %s on %d df |\n| AIC | %s |\n| BIC | %s |\n| condition number | %s |\n",
		g4(r.RSquared), g4(r.AdjRSquared), g4(r.F), r.FDF1, r.FDF2, g4(r.FP), g4(r.Sigma), r.DF, g4(r.AIC), g4(r.BIC), g4(r.Cond))
	d := st.Diagnostics
	p("\n## Diagnostics\n\n| check | value |\n|---|---:|\n| Durbin–Watson | %s |\n| Ljung–Box (lag %d) | %s, p = %s |\n| Jarque–Bera | %s, p = %s |\n| Breusch–Pagan | %s, p = %s |\n",
		g4(d.DurbinWatson), d.LjungBoxLag, g4(d.LjungBox.Statistic), g4(d.LjungBox.P), g4(d.JarqueBera.Statistic), g4(d.JarqueBera.P), g4(d.BreuschPagan.Statistic), g4(d.BreuschPagan.P))
	if len(st.Warnings) == 0 {
		p("\nNo warnings.\n")
	} else {
		p("\nWarnings:\n\n")
		for _, w := range st.Warnings {
			p("- %s\n", w)
		}
	}
	p("\n## Scenarios\n\n%s, with 95%% intervals for the mean and for the month's value.\n\n| scenario | month | forecast | mean lower | mean upper | value lower | value upper |\n|---|---|---:|---:|---:|---:|---:|\n", st.Design.Target.Label())
	for _, f := range scs {
		for i, q := range f.Periods {
			x := f.Predictions[i]
			p("| %s | %s | %s | %s | %s | %s | %s |\n", f.Name, q, g4(unlog(x.Fit)), g4(unlog(x.MeanLower)), g4(unlog(x.MeanUpper)), g4(unlog(x.ObsLower)), g4(unlog(x.ObsUpper)))
		}
	}
	if st.Design.Target.Log {
		p("\nThe target is fitted in logs: forecasts are exp of the fit (medians).\n")
	}
	p("\n## Sensitivity\n\nChange of the fitted %s in %s when a driver is changed in every month", st.Design.Target.Label(), sens[0].At)
	if st.Design.Target.Log {
		p(", in percent")
	}
	p(".\n\n| driver |")
	for _, c := range sens[0].Changes {
		p(" %+g%% |", c*100)
	}
	p(" elasticity |\n|---|")
	for range sens[0].Changes {
		p("---:|")
	}
	p("---:|\n")
	for _, s := range sens {
		p("| %s |", s.Driver)
		for _, v := range s.Response {
			if st.Design.Target.Log {
				v = (math.Exp(v) - 1) * 100
			}
			p(" %s |", g4(v))
		}
		p(" %s |\n", g4(s.Elasticity))
	}
	p("\n## Backtest\n\n")
	if btErr != nil {
		p("No backtest: %v\n", btErr)
	} else {
		p("%s\n\n| month | actual | regression | baseline | baseline method |\n|---|---:|---:|---:|---|\n", bt.Verdict)
		for i, q := range bt.Periods {
			p("| %s | %s | %s | %s | %s |\n", q, g4(bt.Actual[i]), g4(bt.Regression[i]), g4(bt.Baseline[i]), bt.BaselineMethod[i])
		}
	}
	p("\n## Data notes\n\nThe design spans %s to %s.", st.Matrix.From, st.Matrix.To)
	if st.Matrix.Note != "" {
		p(" %s.", st.Matrix.Note)
	} else {
		p(" No month was left out for missing data.")
	}
	p("\n\nNo charts in this report yet (actual vs fitted, residuals and the scenario fan are to come).\n")
	return b.String()
}
