package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"coo/internal/demo"
	"coo/internal/project"
	"coo/internal/safefile"
	"coo/warehouse"
)

// DemoResult is what Demo wrote.
type DemoResult struct {
	Company *demo.Company
	Ingest  *IngestResult
	// Refused is the first report's refusal, naming the planted problems;
	// Corrected the ingest of the corrected workbooks that followed. Both
	// nil when the workbooks were corrected by an earlier run.
	Refused   *IncompleteError
	Corrected *IngestResult
	Report    *ReportResult
	Study     []safefile.Written // in Dir/reports
	Assessed  string             // the score workbook's path; "" without an assessment
	Took      time.Duration
}

// Demo writes the demo company into dir (workbooks, coo.yaml, the ground
// truth and the study file), loads it, forecasts every series, and writes
// the latest month's report, the study and the score workbook into
// dir/reports, without a generation time so the same seed gives the same
// bytes. The first report is refused, naming the cells the generator
// planted; the departments then send those workbooks again corrected
// (demo.Corrections), and the month is published complete. A dir whose coo.yaml is not a demo's is refused unless force.
// Cells set aside other than those the generator planted are a
// RejectsError.
func Demo(ctx context.Context, dir string, seed int64, force bool, cfg Config) (*DemoResult, error) {
	start := cfg.now()
	co, err := demo.Generate(demo.Options{Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("generate the demo company: %w", err)
	}
	cfgFile := filepath.Join(dir, project.FileName)
	if old, err := os.ReadFile(cfgFile); err == nil && !bytes.Equal(old, co.ProjectFile) && !force && !bytes.Contains(old, []byte(`"coo demo"`)) {
		return nil, refusedf("%s exists and is not a coo demo project; choose another --project, or pass --force", cfgFile)
	}
	fixes, err := demo.Corrections(demo.Options{Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("generate the demo's corrected workbooks: %w", err)
	}
	corrected := map[string][]byte{}
	for _, f := range fixes {
		corrected[f.Path] = f.Data
	}
	outputs := []demo.File{{Path: project.FileName, Data: co.ProjectFile}, {Path: "truth/facts.csv", Data: co.Truth.FactsCSV()}, co.Study}
	for _, f := range co.Files {
		// A workbook its department already sent again corrected (an
		// earlier demo run) stays corrected.
		if fix, ok := corrected[f.Path]; ok {
			if old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil && bytes.Equal(old, fix) {
				continue
			}
		}
		outputs = append(outputs, f)
	}
	files := safefile.NewDir(dir)
	for _, f := range outputs {
		if err := files.WriteFile(f.Path, f.Data); err != nil {
			return nil, err
		}
	}
	cfg.log().Info("demo company written", "dir", dir, "files", len(outputs), "seed", seed)
	p, err := project.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("the demo's own project file: %w", err)
	}
	spec, err := project.ParseStudy(co.Study.Data, co.Study.Path, p.Metrics)
	if err != nil {
		return nil, fmt.Errorf("the demo's own study: %w", err)
	}
	s, err := Begin(ctx, p, cfg)
	if err != nil {
		return nil, err
	}
	res := &DemoResult{Company: co}
	err = func() error {
		var own []safefile.Written
		for _, w := range files.Files() {
			if w.Name == project.FileName || w.Name == "truth/facts.csv" {
				own = append(own, w)
			}
		}
		if err := s.recordOutputs(ctx, dir, own); err != nil {
			return err
		}
		if res.Ingest, err = Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		if err := checkPlanted(ctx, s.DB, co, res.Ingest); err != nil {
			return err
		}
		out := filepath.Join(dir, "reports")
		month, err := LatestComplete(ctx, s.DB, RequiredSources(p))
		if err != nil {
			return err
		}
		defects, err := s.DB.Defects(ctx, RequiredSources(p), month)
		if err != nil {
			return err
		}
		if len(defects) > 0 {
			// The correction flow: the report names the planted cells and
			// is not published (refused before the forecasts are stored,
			// so that the demo forecasts once); the departments send their
			// workbooks again, corrected, and the month is published
			// complete.
			_, err := Report(ctx, s, ReportOptions{Period: month, Out: out})
			if !errors.As(err, &res.Refused) {
				return fmt.Errorf("the demo's first report was not refused for its planted problems: %v", err)
			}
			cfg.log().Info("the report is refused until the planted problems are corrected; the departments send their workbooks again", "files", len(fixes))
			fixed := safefile.NewDir(dir)
			for _, f := range fixes {
				if err := fixed.WriteFile(f.Path, f.Data); err != nil {
					return err
				}
			}
			if res.Corrected, err = Ingest(ctx, s, IngestOptions{}); err != nil {
				return err
			}
		}
		if _, err := Forecast(ctx, s, ForecastOptions{H: 12}); err != nil {
			return err
		}
		if res.Report, err = Report(ctx, s, ReportOptions{Out: out}); err != nil {
			return err
		}
		// the demo's study: does marketing spend drive sales, and with which lag?
		if res.Study, err = Study(ctx, s.DB, p, spec, StudyOptions{File: co.Study.Path, Out: out, Stem: "study-marketing"}); err != nil {
			return err
		}
		if err := s.recordOutputs(ctx, out, res.Study); err != nil {
			return err
		}
		if p.Assessment == nil || len(p.Assessment.Units) == 0 {
			return nil
		}
		a, err := Assess(ctx, s.DB, p.Assessment, AssessOptions{Out: out, Metrics: p.Metrics})
		if err != nil {
			return fmt.Errorf("assessment: %w", err)
		}
		res.Assessed = filepath.Join(out, "assessment-"+a.Scorecard.Period.String()+".xlsx")
		return s.recordOutputs(ctx, out, a.Files)
	}()
	msg := ""
	if res.Ingest != nil {
		msg = res.Ingest.String()
	}
	if err := s.End(err, msg); err != nil {
		return res, err
	}
	res.Took = cfg.now().Sub(start)
	return res, nil
}

// checkPlanted compares what the demo's load set aside with the problems
// the generator planted: the same cells are fine (the demo shows off its
// rejects), and so is a workbook refused whole for the planted total that
// does not add up, named by its cell; anything else is a real problem.
func checkPlanted(ctx context.Context, db *warehouse.DB, co *demo.Company, ing *IngestResult) error {
	if ing.Conflicts > 0 {
		return ing.Err()
	}
	// The current version of every file: a loaded file's rejected cells,
	// a refused file's one reason with the cell it names.
	got, err := db.Rejects(ctx, false)
	if err != nil {
		return err
	}
	planted := map[[3]string]demo.Problem{}
	for _, p := range co.Truth.Problems {
		planted[[3]string{p.File, p.Sheet, p.Cell}] = p
	}
	seen := map[[3]string]bool{}
	for _, r := range got {
		k := [3]string{r.File, r.Sheet, r.Cell}
		p, ok := planted[k]
		if !ok || p.RefusesFile() && r.Reason != p.Reason {
			return ing.Err()
		}
		seen[k] = true
	}
	if len(seen) != len(planted) {
		return ing.Err()
	}
	return nil
}
