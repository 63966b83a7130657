package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"coo"
	"coo/analysis"
	"coo/internal/project"
	"coo/internal/safefile"
	"coo/render"
	"coo/render/font"
	"coo/warehouse"
)

// ReportOptions says which monthly report to write, and where.
type ReportOptions struct {
	Period  coo.Period // 0: the latest month every required source has reported
	Out     string     // the folder to write into
	Formats []string   // html, pdf, md; nil is all three
	// AllowIncomplete publishes a month with missing sources or rejected
	// cells; the report's first page says what is missing.
	AllowIncomplete bool
	GeneratedAt     time.Time // printed in the report; zero prints none
}

// ReportResult is a monthly report written.
type ReportResult struct {
	Month  coo.Period
	Report *analysis.MonthlyReport
	Dir    string
	Files  []safefile.Written // every file written into Dir, charts included
}

// Main lists the report's own files (not its charts), as paths.
func (r *ReportResult) Main() []string {
	var out []string
	for _, f := range r.Files {
		if !strings.Contains(f.Name, "/") {
			out = append(out, joinSlash(r.Dir, f.Name))
		}
	}
	return out
}

// Report computes the monthly report, refuses an incomplete month (a
// RefusedError naming what is missing) unless AllowIncomplete, writes it
// into opt.Out atomically, file by file, and records the workbooks it read
// and the files it wrote in the run.
func Report(ctx context.Context, s *Session, opt ReportOptions) (*ReportResult, error) {
	dst := safefile.NewDir(opt.Out)
	r, err := monthly(ctx, s, opt, dst)
	if err != nil {
		return nil, err
	}
	if err := s.recordOutputs(ctx, opt.Out, r.Files); err != nil {
		return nil, err
	}
	s.Log().Info("monthly report written", "period", r.Month.String(), "dir", opt.Out, "files", len(r.Files), "complete", r.Report.Quality.Complete())
	return r, nil
}

// monthly computes and renders the monthly report into dst.
func monthly(ctx context.Context, s *Session, opt ReportOptions, dst *safefile.Dir) (*ReportResult, error) {
	p, db := s.Project, s.DB
	required := RequiredSources(p)
	month := opt.Period
	if month == 0 {
		m, err := LatestComplete(ctx, db, required)
		if err != nil {
			return nil, err
		}
		month = m
	}
	sources, err := db.SourceMonths(ctx, month)
	if err != nil {
		return nil, err
	}
	stored, err := db.StoredForecasts(ctx, month)
	if err != nil {
		return nil, err
	}
	if stored, err = analysis.Current(ctx, db, stored); err != nil {
		return nil, err
	}
	defects, err := db.Defects(ctx, required, month)
	if err != nil {
		return nil, err
	}
	spec := p.Report.ReportSpec
	spec.Required = required
	rep, err := analysis.Monthly(ctx, db, analysis.MonthlyInput{Period: month, Calendar: p.Calendar, Metrics: p.Metrics,
		Spec: spec, Lang: p.Language, Forecasts: stored, Sources: sources, Defects: defects})
	if err != nil {
		return nil, err
	}
	if !rep.Quality.Complete() && !opt.AllowIncomplete {
		return nil, &IncompleteError{Month: month, Quality: &rep.Quality}
	}
	face, err := font.Load(p.Report.Font)
	if err != nil {
		return nil, fmt.Errorf("report.font: %w", err)
	}
	for _, src := range sources {
		for _, f := range src.Files {
			if err := s.addInput(ctx, f); err != nil {
				return nil, err
			}
		}
	}
	bar := s.cfg.stage("report", len(orAll(opt.Formats))+1)
	defer bar.Done()
	err = render.Monthly(ctx, dst, rep, render.MonthlyOptions{Options: render.Options{GeneratedAt: opt.GeneratedAt, Title: p.Report.Title},
		Company: p.Company, Lang: p.Language, Face: face, Formats: opt.Formats, Step: func() { bar.Add(1) }})
	if err != nil {
		return nil, err
	}
	return &ReportResult{Month: month, Report: rep, Dir: dst.Path(), Files: dst.Files()}, nil
}

func orAll(formats []string) []string {
	if formats == nil {
		return []string{"html", "pdf", "md"}
	}
	return formats
}

// RequiredSources are the sources a month needs: report.required, or all.
func RequiredSources(p *project.Project) []string {
	if len(p.Report.Required) > 0 {
		return p.Report.Required
	}
	var all []string
	for _, src := range p.Sources {
		all = append(all, src.Name)
	}
	return all
}

// LatestComplete is the latest month for which every required source has
// data; a RefusedError when there is none.
func LatestComplete(ctx context.Context, db *warehouse.DB, required []string) (coo.Period, error) {
	month, missing, err := db.LastCompleteMonth(ctx, required)
	switch {
	case err != nil:
		return 0, err
	case len(missing) > 0:
		verb := "sources %s have"
		if len(missing) == 1 {
			verb = "source %s has"
		}
		return 0, refusedf("data are incomplete for what was asked: "+verb+" no data (run coo ingest)", strings.Join(missing, ", "))
	case month == 0:
		return 0, refusedf("data are incomplete for what was asked: no month has data from every required source (%s)", strings.Join(required, ", "))
	}
	return month, nil
}

// addInput records a workbook the report read, with its hash; one that
// cannot be read fails the run, since the report could not say what it
// was made from.
func (s *Session) addInput(ctx context.Context, name string) error {
	path := name
	if !filepath.IsAbs(path) {
		path = joinSlash(s.Project.Dir, name)
	}
	sum, size, err := hashFile(path)
	if err != nil {
		return fmt.Errorf("record the report's input %s: %w", name, err)
	}
	return s.DB.AddRunFile(ctx, s.RunID, warehouse.RunFile{Role: "input", Path: name, SHA256: sum, Size: size})
}
