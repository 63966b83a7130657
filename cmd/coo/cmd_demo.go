package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"coo/internal/demo"
	"coo/internal/project"
	"coo/warehouse"
)

func cmdDemo() *command {
	c := &command{
		name:    "demo",
		args:    "[--project DIR] [--seed N]",
		summary: "Build a demo company's workbooks, load them, and write everything coo produces.",
		help: `Writes a realistic demo company into DIR (default ./coo-demo): three and a
half fiscal years of monthly workbooks from Sales, Marketing, Technical/R&D,
Finance and HR, in the shapes departments really send (title rows, merged
headers, totals, numbers as text, Chinese headers, the 1904 date system,
formulas without cached values, hidden sheets, months across columns); the
project file that maps them (coo.yaml); and the generator's ground truth
(truth/facts.csv: every value written, with its cell). Then it loads the
workbooks into DIR/coo.duckdb as coo ingest would, and forecasts every
metric 12 months ahead as coo forecast would. Last it writes the monthly
report and runs the demo's study, studies/marketing.yaml (does marketing
spend drive sales, and with which lag?), into DIR/reports.

The output is deterministic: the same seed gives the same bytes. Running the
demo again changes nothing; another --seed replaces the workbooks, and the
warehouse records the replacements.

This version maps the tidy Finance and HR exports; the other departments'
workbooks are written but mapped once coo reads messy layouts.

Examples:
  coo demo
  coo sql --project coo-demo "select source, count(*) from facts group by all"`,
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
		start := e.now()
		co, err := demo.Generate(demo.Options{Seed: *seed})
		if err != nil {
			return fmt.Errorf("generate the demo company: %w", err)
		}
		dir := e.projectDir
		cfg := filepath.Join(dir, project.FileName)
		if old, err := os.ReadFile(cfg); err == nil && !bytes.Equal(old, co.ProjectFile) && !*force && !isDemoProject(old) {
			return &refusedError{fmt.Sprintf("%s exists and is not a coo demo project; choose another --project, or pass --force", cfg)}
		}
		outputs := append([]demo.File{{Path: project.FileName, Data: co.ProjectFile}, {Path: "truth/facts.csv", Data: co.Truth.FactsCSV()}}, co.Files...)
		outputs = append(outputs, co.Study)
		var written int64
		for _, f := range outputs {
			path := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := writeFileAtomic(path, f.Data); err != nil {
				return err
			}
			written += int64(len(f.Data))
		}
		e.log.Info("demo company written", "dir", dir, "files", len(outputs), "bytes", written, "seed", *seed)
		p, err := e.loadProject()
		if err != nil {
			return fmt.Errorf("the demo's own project file: %w", err)
		}
		s, err := e.beginWrite(ctx, p)
		if err != nil {
			return err
		}
		for _, f := range outputs[:2] {
			sum := sha256.Sum256(f.Data)
			if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "output", Path: f.Path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.Data))}); err != nil {
				return s.end(err, "")
			}
		}
		sum, err := e.ingest(ctx, s, p, nil, false) // 234 lines of files would drown the rest: coo rejects and coo runs show them
		if err == nil {
			err = checkPlanted(ctx, s.db, co, sum)
		}
		if err == nil {
			_, err = e.forecast(ctx, s, nil, false, 12, false)
		}
		var monthly []string
		if err == nil { // no generation time: the demo's reports are the same bytes every run
			monthly, err = e.reportMonthly(ctx, s, p, "last", filepath.Join(dir, "reports"), []string{"html", "pdf", "md"}, false, time.Time{})
		}
		var study []studyFile
		if err == nil { // the demo's study: does marketing spend drive sales, and with which lag?
			study, err = e.demoStudy(ctx, s, p, co.Study, filepath.Join(dir, "reports"))
		}
		if err := s.end(err, sum.String()); err != nil {
			return err
		}
		report, err := e.assessLatest(ctx, p, dir)
		if err != nil {
			return err
		}
		reports := "  reports/          (no assessment: the project file has no assessment section)\n"
		if report != "" {
			reports = fmt.Sprintf("  reports/          %s and %s: the latest month's assessment scores\n", filepath.Base(report), filepath.Base(htmlBeside(report)))
		}
		var names []string
		for _, m := range monthly {
			names = append(names, filepath.Base(m))
		}
		reports += fmt.Sprintf("                    %s: the monthly business report\n", strings.Join(names, ", "))
		names = names[:0]
		for _, f := range study {
			if !f.asset {
				names = append(names, filepath.Base(f.path))
			}
		}
		reports += fmt.Sprintf("                    %s: the study of %s\n", strings.Join(names, ", "), co.Study.Path)
		fmt.Fprintf(e.stdout, `
The demo company is in %s (%s).
  workbooks/        what the departments sent (Finance and HR tidy; Sales, Marketing, R&D messy)
  coo.yaml          the project file that maps them (see README.md, "The project file")
  coo.duckdb        the warehouse, with the forecasts
%s  studies/          marketing.yaml: does marketing spend drive sales, and with which lag? (coo study)
  truth/facts.csv   the generator's ground truth: every value with its cell
The generator planted %d bad cells; ingest set them aside, as it should.
Try:
  coo rejects --project %s
  coo sql --project %s "select source, metric, count(*) as facts, min(period), max(period) from facts group by all order by all"
  coo sql --project %s "select period, value from metric_values where metric = 'sales.revenue' and dims = '' order by period"
  coo export --project %s facts --out facts.csv
  coo sql --project %s "select period, mean, lo95, hi95 from latest_forecasts where metric = 'sales.revenue' and dims = ''"
`, dir, e.now().Sub(start).Round(time.Millisecond), reports, len(co.Truth.Problems), dir, dir, dir, dir, dir)
		return nil
	}
	return c
}

// checkPlanted compares what the demo's load set aside with the problems the
// generator planted: the same cells are fine (the demo shows off its
// rejects), anything else is a real problem and exits 3.
func checkPlanted(ctx context.Context, db *warehouse.DB, co *demo.Company, sum *ingestSummary) error {
	if sum.refused > 0 || sum.conflicts > 0 {
		return sum.err()
	}
	rows, err := db.Query(ctx, `SELECT r.file, r.sheet, r.cell FROM rejects r JOIN files f ON f.id = r.file_id WHERE f.status = 'loaded'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[[3]string]bool{}
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			return err
		}
		got[k] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	planted := map[[3]string]bool{}
	for _, p := range co.Truth.Problems {
		planted[[3]string{p.File, p.Sheet, p.Cell}] = true
	}
	if len(got) != len(planted) {
		return sum.err()
	}
	for k := range got {
		if !planted[k] {
			return sum.err()
		}
	}
	return nil
}

// isDemoProject reports whether a project file was written by coo demo
// (perhaps by another version or seed): its comments say so.
func isDemoProject(data []byte) bool {
	return bytes.Contains(data, []byte(`"coo demo"`))
}

// demoStudy runs the demo's study file on the demo's warehouse and writes
// its report into out as study-marketing.*, without a generation time so
// that the bytes are the same every run, and records the files in the run.
func (e *env) demoStudy(ctx context.Context, s *writeSession, p *project.Project, f demo.File, out string) ([]studyFile, error) {
	spec, err := project.ParseStudy(f.Data, f.Path, p.Metrics)
	if err != nil {
		return nil, fmt.Errorf("the demo's own study: %w", err)
	}
	files, err := e.writeStudy(ctx, s.db, p, spec, f.Path, out, "study-marketing", []string{"html", "pdf", "md"}, time.Time{})
	if err != nil {
		return nil, err
	}
	for _, w := range files {
		sum := sha256.Sum256(w.data)
		if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "output", Path: w.path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(w.data))}); err != nil {
			return nil, err
		}
	}
	return files, nil
}
