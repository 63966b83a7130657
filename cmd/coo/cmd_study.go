package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"coo/analysis"
	"coo/forecast"
	"coo/internal/project"
	"coo/render"
	"coo/render/font"
	"coo/warehouse"
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
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		spec, err := project.ParseStudy(data, file, p.Metrics)
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
		files, err := e.writeStudy(ctx, db, p, spec, file, *out, "study", want, at)
		if err != nil {
			return err
		}
		for _, f := range files {
			if !f.asset {
				fmt.Fprintln(e.stdout, f.path)
			}
		}
		return nil
	}
	return c
}

// studyFile is one file of a study report as written.
type studyFile struct {
	path  string
	data  []byte
	asset bool // a chart beside the Markdown
}

// writeStudy runs the study spec (read from file, for messages) on db and
// writes its report into out as stem.html, stem.pdf and stem.md with
// stem-assets/, in formats, each through a temporary file and a rename. It
// returns the files written, sorted by path.
func (e *env) writeStudy(ctx context.Context, db *warehouse.DB, p *project.Project, spec *analysis.StudySpec, file, out, stem string, formats []string, at time.Time) ([]studyFile, error) {
	rep, err := analysis.RunStudy(ctx, db, analysis.StudyInput{Spec: *spec, Metrics: p.Metrics, Lang: p.Language})
	var ce *forecast.CollinearError
	if errors.As(err, &ce) {
		return nil, usagef("%s: collinear columns %s: %s", file, strings.Join(ce.Names, ", "), strings.Join(ce.Relations, "; "))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	face, err := font.Load(p.Report.Font)
	if err != nil {
		return nil, fmt.Errorf("report.font: %w", err)
	}
	res, err := render.Study(rep, render.StudyOptions{Options: render.Options{GeneratedAt: at},
		Company: p.Company, Lang: p.Language, Face: face, Formats: formats, Stem: stem})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(res))
	for name := range res {
		names = append(names, name)
	}
	sort.Strings(names)
	var written []studyFile
	for _, name := range names {
		path := filepath.Join(out, stem+filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := writeFileAtomic(path, res[name]); err != nil {
			return nil, err
		}
		written = append(written, studyFile{path: path, data: res[name], asset: strings.Contains(name, "/")})
	}
	e.log.Info("study written", "study", file, "dir", out, "files", len(written))
	return written, nil
}
