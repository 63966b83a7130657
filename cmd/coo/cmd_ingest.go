package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"coo/ingest"
	"coo/internal/project"
	"coo/warehouse"
)

func cmdIngest() *command {
	c := &command{
		name:    "ingest",
		args:    "[--project DIR] [FILE...]",
		summary: "Load the project's workbooks into the warehouse.",
		help: `Reads every file that a source's files glob matches (or only the FILEs
given), one transaction per file: a file loads whole or not at all. A file
whose content is already loaded is skipped; a changed file with the same name
replaces the old one, and the replacement is recorded. Cells that cannot be
read go to the rejects table with their cell and reason; a file that cannot
be read at all is recorded there too, and the rest of the batch goes on.
After loading, the project's metrics are recomputed.

This version reads tidy tables (a header row, then one row per month and
combination of dimensions).

Exit status 3 means the load finished but some input was set aside:
  coo sql "select file, sheet, cell, reason, message from rejects where run_id = N"

Examples:
  coo ingest --project acme
  coo ingest --project acme workbooks/finance/finance-2026-10.xlsx`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		if err := e.parse(fs, args); err != nil {
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
		sum, err := e.ingest(ctx, s, p, fs.Args())
		if err == nil {
			err = sum.err()
		}
		return s.end(err, sum.String())
	}
	return c
}

// ingestSummary counts what a batch did.
type ingestSummary struct {
	runID                          int64
	project                        string
	files, loaded, skipped, failed int
	replaced                       int
	facts                          int64
	rejects                        int
}

func (s *ingestSummary) String() string {
	return fmt.Sprintf("%d files: %d loaded (%d facts, %d replacing earlier versions), %d already loaded, %d refused; %d cells set aside",
		s.files, s.loaded, s.facts, s.replaced, s.skipped, s.failed, s.rejects)
}

// err is a *rejectsError if anything was set aside.
func (s *ingestSummary) err() error {
	if s.failed == 0 && s.rejects == 0 {
		return nil
	}
	return &rejectsError{fmt.Sprintf("%s; see them with: coo sql --project %s \"select file, sheet, cell, reason, message from rejects where run_id = %d\"",
		s, s.project, s.runID)}
}

// match is a file and the source it belongs to.
type match struct {
	rel string // slash-separated, relative to the project folder
	src *ingest.Source
}

// findFiles lists the files of every source, or checks that the named ones
// belong to a source.
func findFiles(p *project.Project, only []string) ([]match, error) {
	var out []match
	if len(only) > 0 {
		for _, f := range only {
			abs, err := filepath.Abs(f)
			if err != nil {
				return nil, err
			}
			dir, _ := filepath.Abs(p.Dir)
			rel, err := filepath.Rel(dir, abs)
			if err != nil || strings.HasPrefix(rel, "..") {
				return nil, usagef("%s is outside the project folder %s", f, p.Dir)
			}
			rel = filepath.ToSlash(rel)
			n := len(out)
			for i := range p.Sources {
				if p.Sources[i].Match(rel) {
					out = append(out, match{rel, &p.Sources[i]})
				}
			}
			if len(out) == n {
				return nil, usagef("%s matches no source's files glob in %s", rel, filepath.Join(p.Dir, project.FileName))
			}
		}
		return out, nil
	}
	for i := range p.Sources {
		src := &p.Sources[i]
		paths, err := filepath.Glob(filepath.Join(p.Dir, filepath.FromSlash(src.Files)))
		if err != nil {
			return nil, fmt.Errorf("source %s: files %q: %w", src.Name, src.Files, err)
		}
		sort.Strings(paths)
		for _, path := range paths {
			if fi, err := os.Stat(path); err != nil || fi.IsDir() || strings.HasPrefix(filepath.Base(path), "~$") {
				continue // folders, and Excel's lock files of open workbooks
			}
			rel, _ := filepath.Rel(p.Dir, path)
			out = append(out, match{filepath.ToSlash(rel), src})
		}
	}
	return out, nil
}

// ingest loads files into the warehouse of session s and recomputes metrics.
func (e *env) ingest(ctx context.Context, s *writeSession, p *project.Project, only []string) (*ingestSummary, error) {
	sum := &ingestSummary{runID: s.runID, project: p.Dir}
	files, err := findFiles(p, only)
	if err != nil {
		return sum, err
	}
	sum.files = len(files)
	if len(files) == 0 {
		e.log.Warn("no files match any source", "project", p.Dir)
	}
	bar := e.progress("ingest", len(files))
	defer bar.done()
	var lim ingest.Limits // the defaults
	for _, m := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		data, err := readLimited(filepath.Join(p.Dir, filepath.FromSlash(m.rel)), 256<<20)
		if err != nil {
			sum.failed++
			e.log.Error("cannot read file", "file", m.rel, "err", err)
			bar.inc()
			continue
		}
		res, err := ingest.Load(ctx, s.db, m.src, m.rel, data, s.runID, lim)
		if err != nil {
			return sum, err
		}
		if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "input", Path: m.rel, SHA256: res.File.SHA256, Size: res.File.Size}); err != nil {
			return sum, err
		}
		switch {
		case res.Skipped:
			sum.skipped++
			e.log.Debug("already loaded", "file", m.rel)
		case res.Err != nil:
			sum.failed++
			e.log.Error("file refused", "file", m.rel, "err", res.Err)
		default:
			sum.loaded++
			sum.facts += res.Facts
			sum.rejects += res.Rejects
			if len(res.Replaced) > 0 {
				sum.replaced++
			}
			if res.Rejects > 0 {
				e.log.Warn("loaded with rejects", "file", m.rel, "source", m.src.Name, "facts", res.Facts, "rejects", res.Rejects)
			} else {
				e.log.Debug("loaded", "file", m.rel, "source", m.src.Name, "facts", res.Facts, "replaced", len(res.Replaced))
			}
		}
		bar.inc()
	}
	bar.done()
	if err := s.db.SetMetrics(ctx, p.Metrics); err != nil {
		return sum, fmt.Errorf("compute metrics: %w", err)
	}
	e.log.Info("ingest done", "files", sum.files, "loaded", sum.loaded, "skipped", sum.skipped, "refused", sum.failed, "facts", sum.facts, "rejects", sum.rejects)
	fmt.Fprintln(e.stdout, sum.String())
	return sum, nil
}

// readLimited reads a whole file, refusing one larger than limit.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: larger than %d bytes", path, ingest.ErrTooLarge, limit)
	}
	return data, nil
}

// bar is a progress bar on a terminal, and nothing otherwise.
type bar struct {
	p   *mpb.Progress
	b   *mpb.Bar
	e   *env
	end func()
}

func (e *env) progress(name string, total int) *bar {
	if !e.terminal || total == 0 {
		return &bar{}
	}
	p := mpb.New(mpb.WithOutput(e.stderr), mpb.WithWidth(40))
	b := p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name(name+" "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(decor.Percentage(), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)))
	e.logw.set(p) // log lines print above the bar
	return &bar{p: p, b: b, e: e}
}

func (b *bar) inc() {
	if b.b != nil {
		b.b.Increment()
	}
}

func (b *bar) done() {
	if b.p == nil {
		return
	}
	if !b.b.Completed() {
		b.b.Abort(false)
	}
	b.p.Wait()
	b.e.logw.set(b.e.stderr)
	b.p = nil
}
