package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"coo"
	"coo/analysis"
	"coo/internal/project"
	"coo/render"
	"coo/warehouse"
)

// historyMonths is how many months the workbook's history covers, the
// assessed month included.
const historyMonths = 12

func cmdAssess() *command {
	c := &command{
		name:    "assess",
		args:    "[--project DIR] --period YYYY-MM|last --out FILE.xlsx",
		summary: "Score the units for a month and write the assessment workbook and its HTML summary.",
		help: `Scores every unit of the project file's assessment section for the month
(--period 2026-10, or last: the latest month in which any KPI's metric has
data) and writes:

  FILE.xlsx  Summary (units, totals, bonus, deductions, final, grade, rank,
             change, a chart), one sheet per unit with live formulas
             (weighted score = weight x score, total = SUM, final = total
             + bonus - deductions) that Excel and LibreOffice recompute to
             the same figures, the history of finals over 12 months, and
             every rule in words
  FILE.html  the same summary as one self-contained page, beside FILE.xlsx

Both are written through a temporary file and a rename. The warehouse is only
read. A month in which none of the rules' metrics has data exits 4.

Examples:
  coo assess --project acme --period last --out reports/assessment.xlsx
  coo assess --project acme --period 2026-10 --out assessment-2026-10.xlsx`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		period := fs.String("period", "", "the `month` to assess: YYYY-MM, or last")
		out := fs.String("out", "", "the workbook to write (`FILE.xlsx`); the HTML summary goes beside it")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("assess takes no arguments; use --period and --out")
		}
		if *period == "" {
			return usagef("assess needs --period YYYY-MM or --period last")
		}
		if *out == "" {
			return usagef("assess needs --out FILE.xlsx")
		}
		if !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			return usagef("--out %q: want a file name ending in .xlsx", *out)
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		if p.Assessment == nil || len(p.Assessment.Units) == 0 {
			return usagef("%s has no assessment: add an assessment: section with its units: (see coo init's example, or README.md)", filepath.Join(e.projectDir, project.FileName))
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		sc, err := e.assess(ctx, db, p.Assessment, *period, *out, e.now())
		if err != nil {
			return err
		}
		printAssessment(e, sc, *out)
		return nil
	}
	return c
}

// assess scores the month asked for ("YYYY-MM" or "last") and the months of
// history before it, and writes the workbook to out and the HTML summary
// beside it.
// at is the generation time printed and stored in both (zero: none, for
// reproducible output).
func (e *env) assess(ctx context.Context, db *warehouse.DB, rules *analysis.Rules, period, out string, at time.Time) (*analysis.Scorecard, error) {
	latest, err := latestAssessed(ctx, db, rules)
	if err != nil {
		return nil, err
	}
	var p coo.Period
	if period == "last" {
		if latest == nil {
			return nil, &refusedError{"data are incomplete for what was asked: no KPI metric of the assessment has any data (run coo ingest)"}
		}
		p = *latest
	} else {
		p, err = coo.ParsePeriod(period)
		if err != nil {
			return nil, usagef("--period %q: want YYYY-MM or last", period)
		}
		ok, err := hasAssessData(ctx, db, rules, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			hint := "no KPI metric has any data"
			if latest != nil {
				hint = "the latest month with data is " + latest.String()
			}
			return nil, &refusedError{fmt.Sprintf("data are incomplete for what was asked: none of the assessment's metrics has data for %s (%s)", p, hint)}
		}
	}
	sc, err := analysis.Score(ctx, db, rules, p)
	if err != nil {
		return nil, err
	}
	var history []*analysis.Scorecard
	for q := p - historyMonths + 1; q < p; q++ {
		h, err := analysis.Score(ctx, db, rules, q)
		if err != nil {
			return nil, fmt.Errorf("history %s: %w", q, err)
		}
		history = append(history, h)
	}
	opt := render.Options{GeneratedAt: at}
	var xlsx, html bytes.Buffer
	if err := render.AssessmentWorkbook(&xlsx, sc, history, opt); err != nil {
		return nil, err
	}
	if err := render.AssessmentHTML(&html, sc, opt); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(out, xlsx.Bytes()); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(htmlBeside(out), html.Bytes()); err != nil {
		return nil, err
	}
	e.log.Info("assessment written", "period", p.String(), "units", len(sc.Units), "xlsx", out, "html", htmlBeside(out))
	return sc, nil
}

// htmlBeside returns the HTML summary's path for workbook path out.
func htmlBeside(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".html"
}

// kpiMetrics returns the metrics the rules' KPIs measure (not their targets
// or adjustments: a budget line runs ahead of the actuals).
func kpiMetrics(r *analysis.Rules) []coo.MetricName {
	seen := map[coo.MetricName]bool{}
	var out []coo.MetricName
	for _, u := range r.Units {
		for _, k := range u.KPIs {
			if !seen[k.Metric] {
				seen[k.Metric] = true
				out = append(out, k.Metric)
			}
		}
	}
	return out
}

// latestAssessed returns the latest month in which any KPI metric has a
// value, or nil if none has any.
func latestAssessed(ctx context.Context, db *warehouse.DB, r *analysis.Rules) (*coo.Period, error) {
	var latest *coo.Period
	for _, m := range kpiMetrics(r) {
		s, err := db.Series(ctx, m, "")
		if err != nil {
			return nil, err
		}
		for i := len(s.Values) - 1; i >= 0; i-- {
			if p := s.Start.Add(i); !isNaN(s.Values[i]) {
				if latest == nil || p > *latest {
					latest = &p
				}
				break
			}
		}
	}
	return latest, nil
}

// hasAssessData reports whether any KPI metric has a value in p.
func hasAssessData(ctx context.Context, db *warehouse.DB, r *analysis.Rules, p coo.Period) (bool, error) {
	for _, m := range kpiMetrics(r) {
		s, err := db.Series(ctx, m, "")
		if err != nil {
			return false, err
		}
		if _, ok := s.At(p); ok {
			return true, nil
		}
	}
	return false, nil
}

func isNaN(x float64) bool { return x != x }

// printAssessment prints the scores in short, one line a unit, as the
// workbook's Summary orders them: by group (in the rules' order), then rank,
// unscored units last.
func printAssessment(e *env, sc *analysis.Scorecard, out string) {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GROUP\tRANK\tUNIT\tFINAL\tGRADE\tCHANGE")
	groupOrder := map[string]int{}
	for _, u := range sc.Units {
		if _, ok := groupOrder[u.Group]; !ok {
			groupOrder[u.Group] = len(groupOrder)
		}
	}
	units := append([]analysis.UnitScore(nil), sc.Units...)
	sort.SliceStable(units, func(i, j int) bool {
		a, b := units[i], units[j]
		if groupOrder[a.Group] != groupOrder[b.Group] {
			return groupOrder[a.Group] < groupOrder[b.Group]
		}
		if a.Scored != b.Scored {
			return a.Scored
		}
		return a.Rank < b.Rank
	})
	scored := 0
	for _, u := range units {
		if !u.Scored {
			fmt.Fprintf(tw, "%s\t\t%s\tnot scored\t\t\n", tableCell(u.Group), tableCell(u.Name))
			continue
		}
		scored++
		change := ""
		if u.HasPrevious {
			change = fmt.Sprintf("%+.2f", u.Change)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\t%s\t%s\n", tableCell(u.Group), u.Rank, tableCell(u.Name), u.Final, u.Grade, change)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "assessment %s: %d of %d units scored; wrote %s and %s\n", sc.Period, scored, len(sc.Units), out, htmlBeside(out))
}

// assessLatest writes the assessment workbook and HTML summary of the latest
// month with data into dir/reports/assessment-YYYY-MM.xlsx (and .html), for
// coo demo. It returns the workbook's path, or "" when the project has no
// assessment or no data for it.
func (e *env) assessLatest(ctx context.Context, p *project.Project, dir string) (string, error) {
	if p.Assessment == nil || len(p.Assessment.Units) == 0 {
		return "", nil
	}
	db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true, Version: version()})
	if err != nil {
		return "", err
	}
	defer db.Close()
	latest, err := latestAssessed(ctx, db, p.Assessment)
	if err != nil || latest == nil {
		return "", err
	}
	out := filepath.Join(dir, "reports", "assessment-"+latest.String()+".xlsx")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return "", err
	}
	// no generation time: the demo's outputs are the same bytes every run
	if _, err := e.assess(ctx, db, p.Assessment, latest.String(), out, time.Time{}); err != nil {
		return "", fmt.Errorf("assessment %s: %w", latest, err)
	}
	return out, nil
}
