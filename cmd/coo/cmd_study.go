package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"coo/internal/project"
	"coo/pipeline"
)

func cmdStudy() *command {
	c := &command{
		name:    "study",
		args:    "FILE.yaml [--project DIR] [--out DIR] [--format html,pdf,md]",
		summary: "Fit a study (a regression of a metric on drivers with lags) and write its report: answer, charts, coefficients, diagnostics, scenarios, sensitivity, backtest.",
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

target and each driver are a metric of the project file, by name or as
{metric, dims, log}; a driver's lags (default [0]) put month t-k of the
driver in the row of month t. intercept defaults to true, base_month (the
month without a dummy) to 1, h (months forecast) to 6. A scenario changes
one driver from a month on: change (10% or 0.10) scales it, values (one per
month from "from") replace it; base (last, last_year or forecast) says what
the driver does after its data. To change several drivers at once, give
paths: a list of {driver, change or values, from, base}. Every study also
forecasts a baseline with the drivers held at their last value. Every
mistake in the file is reported at once, with its line (exit 2).

The warehouse is opened read-only. The report goes to --out (default: the
current folder) as study.html (one self-contained page), study.pdf and
study.md with its charts in study-assets/, each through a temporary file
and a rename: the question, an answer in words, actual against fitted
values, the coefficients with 95% intervals, fit statistics, diagnostics
with their warnings and the residuals by month, the scenarios with a fan
chart and 95% intervals for the mean and for the month's value, the
sensitivity to +-5/10/20% of each driver with elasticities, a backtest
against the auto (ETS-based) baseline over the last 6 months one month
ahead, given the drivers' actual values, and the data behind it: the months
left out for missing data and the rejected cells in the sources' files.
The report prints its generation time; set SOURCE_DATE_EPOCH to pin it.

Example:
  coo study coo-demo/studies/marketing.yaml --project coo-demo --out studies`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		out := fs.String("out", ".", "the `folder` of the report")
		formats := fs.String("format", "html,pdf,md", "the `formats` to write: html, pdf, md, comma-separated")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("study takes one study file; run coo help study")
		}
		want, err := parseFormats(*formats)
		if err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		file := fs.Arg(0)
		spec, err := project.LoadStudy(file, p.Metrics)
		if err != nil {
			return err
		}
		at, err := generatedAt(e.now)
		if err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		files, err := pipeline.Study(ctx, db, p, spec, pipeline.StudyOptions{File: file, Out: *out, Stem: "study", Formats: want, GeneratedAt: at})
		if err != nil {
			return err
		}
		e.log.Info("study written", "study", file, "dir", *out, "files", len(files))
		for _, f := range files {
			if !strings.Contains(f.Name, "/") {
				fmt.Fprintln(e.stdout, filepath.Join(*out, f.Name))
			}
		}
		return nil
	}
	return c
}
