package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"coo/analysis"
	"coo/internal/project"
	"coo/pipeline"
)

func cmdAssess() *command {
	c := &command{
		name:    "assess",
		args:    "[--project DIR] --period YYYY-MM|last --out FILE.xlsx",
		summary: "Score the units for a month and write the assessment workbook and its HTML summary.",
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
		month, err := parsePeriod(*period)
		if err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		if err := pipeline.CheckOutputs(p, *out, htmlBeside(*out)); err != nil {
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
		stem := strings.TrimSuffix(filepath.Base(*out), filepath.Ext(*out))
		res, err := pipeline.Assess(ctx, db, p.Assessment, pipeline.AssessOptions{Period: month, Out: filepath.Dir(*out), Stem: stem, GeneratedAt: e.now(), Metrics: p.Metrics})
		if err != nil {
			return err
		}
		e.log.Info("assessment written", "period", res.Scorecard.Period.String(), "units", len(res.Scorecard.Units), "xlsx", *out)
		printAssessment(e, res.Scorecard, *out)
		return nil
	}
	return c
}

// htmlBeside returns the HTML summary's path for workbook path out.
func htmlBeside(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".html"
}

// printAssessment prints the scores in short, one line a unit, as the
// workbook's Summary orders them: by group (in the rules' order), then rank,
// unscored units last; then the summary line, alone with --quiet.
func printAssessment(e *env, sc *analysis.Scorecard, out string) {
	scored := 0
	for _, u := range sc.Units {
		if u.Scored {
			scored++
		}
	}
	if !e.quiet {
		printUnits(e, sc)
	}
	fmt.Fprintf(e.stdout, "assessment %s: %d of %d units scored; wrote %s and %s\n", sc.Period, scored, len(sc.Units), out, htmlBeside(out))
}

// printUnits prints the table of units.
func printUnits(e *env, sc *analysis.Scorecard) {
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
	for _, u := range units {
		if !u.Scored {
			fmt.Fprintf(tw, "%s\t\t%s\tnot scored\t\t\n", pipeline.TableCell(u.Group), pipeline.TableCell(u.Name))
			continue
		}
		change := ""
		if u.HasPrevious {
			change = fmt.Sprintf("%+.2f", u.Change)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\t%s\t%s\n", pipeline.TableCell(u.Group), u.Rank, pipeline.TableCell(u.Name), u.Final, u.Grade, change)
	}
	tw.Flush()
}
