package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"coo"
	"coo/analysis"
	"coo/internal/project"
	"coo/render"
	"coo/render/font"
	"coo/warehouse"
)

func cmdReport() *command {
	c := &command{
		name:    "report",
		args:    "monthly [--project DIR] --period YYYY-MM|last --out DIR [--format html,pdf,md] [--allow-incomplete]",
		summary: "Write the monthly business situation analysis and outlook report.",
		help: `Writes the monthly report for a month: headline KPIs (value, on last month,
on last year, year to date, budget attainment, rolling 12 months), the
fiscal-year outlook with its 95% range, anomalies, what drove the change,
each department's review with its efficiency ratios, the data behind it,
and short sentences in the project's language that say what matters.

--period is YYYY-MM, or last: the latest month for which every required
source (the project file's report.required; default all) has data. Files
are named by the month: monthly-2026-10.html (one self-contained page),
monthly-2026-10.pdf, monthly-2026-10.md with its charts in
monthly-2026-10-assets/. Each is written through a temporary file and a
rename. The report prints its generation time; set SOURCE_DATE_EPOCH
(seconds since 1970) to pin it and make the same files again byte for byte.

Forecasts come from the latest coo forecast made at the month; the missing
ones are computed (and not stored). The report refuses to publish (exit 4)
when a required source has no data for the month, or when rejected cells
touch a reported figure: fix and ingest again, or pass --allow-incomplete,
and the first page then says what is missing.

Chinese (language: zh) needs a font with Chinese glyphs: LXGW WenKai
(Debian: fonts-lxgw-wenkai) is found by default; report.font names another
TrueType file.

Examples:
  coo report monthly --project acme --period last --out reports
  coo report monthly --project acme --period 2026-10 --out reports --format html,md`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 || args[0] != "monthly" {
			return usagef("report needs a kind of report: coo report monthly --period YYYY-MM|last --out DIR")
		}
		fs := e.flags(c, ".")
		period := fs.String("period", "", "the `month` to report: YYYY-MM, or last")
		out := fs.String("out", "", "the `DIR`ectory to write the report into")
		formats := fs.String("format", "html,pdf,md", "the `formats` to write: html, pdf, md, comma-separated")
		allow := fs.Bool("allow-incomplete", false, "publish even when data are missing or rejected; the first page says what")
		if err := e.parse(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("report monthly takes no further arguments; use --period and --out")
		}
		if *period == "" || *out == "" {
			return usagef("report monthly needs --period YYYY-MM|last and --out DIR")
		}
		want, err := parseFormats(*formats)
		if err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		s, err := e.beginWrite(ctx, p)
		if err != nil {
			return err
		}
		at, err := generatedAt(e.now)
		if err != nil {
			return s.end(err, "")
		}
		files, err := e.reportMonthly(ctx, s, p, *period, *out, want, *allow, at)
		msg := ""
		if err == nil {
			msg = fmt.Sprintf("%d files written", len(files))
			for _, f := range files {
				fmt.Fprintln(e.stdout, f)
			}
		}
		return s.end(err, msg)
	}
	return c
}

// reportMonthly computes and writes the monthly report into out, records
// its inputs and outputs in the run, and returns the files written (the
// assets aside).
func (e *env) reportMonthly(ctx context.Context, s *writeSession, p *project.Project, period, out string, formats []string, allow bool, at time.Time) ([]string, error) {
	mr, err := e.buildMonthly(ctx, s, p, period, formats, allow, at)
	if err != nil {
		return nil, err
	}
	if err := writeFiles(out, mr.files); err != nil {
		return nil, err
	}
	var paths []string
	for _, name := range sortedNames(mr.files) {
		paths = append(paths, filepath.Join(out, filepath.FromSlash(name)))
	}
	if err := recordOutputs(ctx, s, paths); err != nil {
		return nil, err
	}
	e.log.Info("monthly report written", "period", mr.month.String(), "dir", out, "files", len(mr.files), "complete", mr.report.Quality.Complete())
	var written []string
	for _, name := range sortedNames(mr.files) {
		if !strings.Contains(name, "/") {
			written = append(written, filepath.Join(out, name))
		}
	}
	return written, nil
}

// monthlyResult is a rendered monthly report, not yet written.
type monthlyResult struct {
	month  coo.Period
	report *analysis.MonthlyReport
	files  map[string][]byte // by name relative to the output folder: monthly-2026-10.html, monthly-2026-10-assets/...
}

// buildMonthly computes and renders the monthly report for period
// ("YYYY-MM" or "last"), and records the workbooks it read as the run's
// inputs. It refuses an incomplete month unless allow.
func (e *env) buildMonthly(ctx context.Context, s *writeSession, p *project.Project, period string, formats []string, allow bool, at time.Time) (*monthlyResult, error) {
	db := s.db
	required := requiredSources(p)
	var month coo.Period
	if period == "last" {
		m, err := lastComplete(ctx, db, required)
		if err != nil {
			return nil, err
		}
		month = m
	} else {
		m, err := coo.ParsePeriod(period)
		if err != nil {
			return nil, usagef("--period %q: want YYYY-MM or last", period)
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
	spec := p.Report.ReportSpec
	spec.Required = required
	rep, err := analysis.Monthly(ctx, db, analysis.MonthlyInput{Period: month, Calendar: p.Calendar, Metrics: p.Metrics,
		Spec: spec, Lang: p.Language, Forecasts: stored, Sources: sources})
	if err != nil {
		return nil, err
	}
	if !rep.Quality.Complete() && !allow {
		var why []string
		if len(rep.Quality.Missing) > 0 {
			why = append(why, "no data for "+month.String()+" from "+strings.Join(rep.Quality.Missing, ", "))
		}
		if len(rep.Quality.Rejected) > 0 {
			why = append(why, "rejected cells in the files of "+strings.Join(rep.Quality.Rejected, ", ")+" (coo rejects lists them)")
		}
		return nil, &refusedError{fmt.Sprintf("the %s report is not published: %s; fix and ingest again, or pass --allow-incomplete", month, strings.Join(why, "; "))}
	}
	face, err := font.Load(p.Report.Font)
	if err != nil {
		return nil, fmt.Errorf("report.font: %w", err)
	}
	for _, src := range sources {
		for _, f := range src.Files {
			if err := addInput(ctx, s, p.Dir, f); err != nil {
				return nil, err
			}
		}
	}
	bar := e.progress("report", len(formats)+1)
	res, err := render.Monthly(rep, render.MonthlyOptions{Options: render.Options{GeneratedAt: at, Title: p.Report.Title},
		Company: p.Company, Lang: p.Language, Face: face, Formats: formats, Step: bar.inc})
	bar.done()
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for name, data := range res {
		files["monthly-"+month.String()+name] = data
	}
	return &monthlyResult{month: month, report: rep, files: files}, nil
}

// requiredSources are the sources a month needs: report.required, or all.
func requiredSources(p *project.Project) []string {
	if len(p.Report.Required) > 0 {
		return p.Report.Required
	}
	var all []string
	for _, src := range p.Sources {
		all = append(all, src.Name)
	}
	return all
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// writeFiles writes files (names slash-separated, relative to dir) into
// dir, each through a temporary file and a rename.
func writeFiles(dir string, files map[string][]byte) error {
	for _, name := range sortedNames(files) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := writeFileAtomic(path, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// recordOutputs records files as outputs of the run, with their hashes.
func recordOutputs(ctx context.Context, s *writeSession, paths []string) error {
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "output", Path: path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}); err != nil {
			return err
		}
	}
	return nil
}

// parseFormats reads --format: html, pdf and md, comma-separated.
func parseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f != "html" && f != "pdf" && f != "md" {
			return nil, usagef("--format %q: want html, pdf or md, comma-separated", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// generatedAt is the time a report prints and stores: SOURCE_DATE_EPOCH
// (seconds since 1970, the reproducible-builds convention) when set, so
// that a report can be made again byte for byte; else now.
func generatedAt(now func() time.Time) (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return now(), nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 || sec > 253402300799 {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// addInput records a workbook the report read, with its hash.
func addInput(ctx context.Context, s *writeSession, dir, name string) error {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "input", Path: name})
	}
	sum := sha256.Sum256(data)
	return s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "input", Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))})
}

// lastComplete is the latest month for which every required source has
// data.
func lastComplete(ctx context.Context, db *warehouse.DB, required []string) (coo.Period, error) {
	probe, err := db.SourceMonths(ctx, 0)
	if err != nil {
		return 0, err
	}
	last := map[string]coo.Period{}
	for _, sm := range probe {
		last[sm.Source] = sm.Last
	}
	var m coo.Period
	for i, src := range required {
		l := last[src]
		if l == 0 {
			return 0, &refusedError{fmt.Sprintf("data are incomplete for what was asked: source %s has no data (run coo ingest)", src)}
		}
		if i == 0 || l < m {
			m = l
		}
	}
	for tries := 0; tries < 36; tries, m = tries+1, m-1 {
		sms, err := db.SourceMonths(ctx, m)
		if err != nil {
			return 0, err
		}
		have := map[string]bool{}
		for _, sm := range sms {
			have[sm.Source] = sm.Facts > 0
		}
		ok := true
		for _, src := range required {
			ok = ok && have[src]
		}
		if ok {
			return m, nil
		}
	}
	return 0, &refusedError{"data are incomplete for what was asked: no month in the last three years has data from every required source"}
}
