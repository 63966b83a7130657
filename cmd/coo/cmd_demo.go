package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"coo/pipeline"
)

func cmdDemo() *command {
	c := &command{
		name:    "demo",
		args:    "[--project DIR] [--seed N]",
		summary: "Build a demo company's workbooks, load them, and write everything coo produces.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, "coo-demo")
		seed := fs.Int64("seed", 1, "the generator's random `seed`")
		force := fs.Bool("force", false, "write into DIR even if its coo.yaml is not this demo's")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("demo takes no arguments; use --project DIR")
		}
		dir := e.projectDir
		res, err := pipeline.Demo(ctx, dir, *seed, *force, e.config())
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, res.Ingest)
		cells, totals := 0, 0
		for _, p := range res.Company.Truth.Problems {
			if p.RefusesFile() {
				totals++
			} else {
				cells++
			}
		}
		planted := fmt.Sprintf("The generator planted %d bad cells; ingest set them aside, as it should.", cells)
		if totals > 0 {
			what := "a total that does not add up; ingest set the cells aside\nand refused its workbook"
			if totals > 1 {
				what = fmt.Sprintf("%d totals that do not add up; ingest set the cells aside\nand refused their workbooks", totals)
			}
			planted = fmt.Sprintf("The generator planted %d bad cells and %s, as it should.", cells, what)
		}
		if res.Refused != nil {
			fmt.Fprintf(e.stdout, "\nThe first report was refused, as it should be:\n%s\n\nThe departments sent those workbooks again, corrected:\n%s\n", res.Refused, res.Corrected)
			planted += "\nThe report was refused until the departments sent them again corrected; it is now complete\n(coo rejects --all lists what was set aside)."
		}
		reports := "  reports/          (no assessment: the project file has no assessment section)\n"
		if res.Assessed != "" {
			reports = fmt.Sprintf("  reports/          %s and %s: the latest month's assessment scores\n", filepath.Base(res.Assessed), filepath.Base(htmlBeside(res.Assessed)))
		}
		var names []string
		for _, m := range res.Report.Main() {
			names = append(names, filepath.Base(m))
		}
		reports += fmt.Sprintf("                    %s: the monthly business report\n", strings.Join(names, ", "))
		names = names[:0]
		for _, f := range res.Study {
			if !strings.Contains(f.Name, "/") {
				names = append(names, f.Name)
			}
		}
		reports += fmt.Sprintf("                    %s: the study of %s\n", strings.Join(names, ", "), res.Company.Study.Path)
		fmt.Fprintf(e.stdout, `
The demo company is in %s (%s).
  workbooks/        what the departments sent (Finance and HR tidy; Sales, Marketing, R&D messy)
  coo.yaml          the project file that maps them (see README.md, "The project file")
  coo.duckdb        the warehouse, with the forecasts
%s  studies/          marketing.yaml: does marketing spend drive sales, and with which lag? (coo study)
  truth/facts.csv   the generator's ground truth: every value with its cell
%s
Try:
  coo rejects --project %s --all
  coo sql --project %s "select source, metric, count(*) as facts, min(period), max(period) from facts group by all order by all"
  coo sql --project %s "select period, value from metric_values where metric = 'sales.revenue' and dims = '' order by period"
  coo export --project %s facts --out facts.csv
  coo sql --project %s "select period, mean, lo95, hi95 from latest_forecasts where metric = 'sales.revenue' and dims = ''"
`, dir, res.Took.Round(time.Millisecond), reports, planted, dir, dir, dir, dir, dir)
		return nil
	}
	return c
}
