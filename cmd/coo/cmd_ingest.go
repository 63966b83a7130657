package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"coo/ingest"
	"coo/internal/project"
	"coo/warehouse"
)

func cmdIngest() *command {
	c := &command{
		name:    "ingest",
		args:    "[--project DIR] [PATH...]",
		summary: "Load the project's workbooks into the warehouse.",
		help: `Reads every file that a source's files glob matches (or only the files and
folders given), one transaction per file: a file loads whole or not at all.
A file whose content is already loaded is skipped. A new file for a source
and month that are already loaded replaces those rows, and the replacement
is recorded; two new files for the same source and month in one batch are a
conflict: neither loads, and both are named. Cells that cannot be read go to
the rejects table with their cell and reason; a file that cannot be read at
all is recorded there too, and the rest of the batch goes on. Then the
project's metrics are recomputed.

A source with parquet: instead of files is a Parquet dataset that another
engine (Spark, Trino, DuckDB) prepared, with the columns that coo export
parquet writes. Each snapshot of it (its files' names, sizes and times) loads
as one file: all its rows for the source, replacing the months it holds, or
nothing, when a column is missing or a value is wrong (the reason names the
column; it goes to the rejects table). An unchanged dataset is skipped.
Datasets load when no PATH is given.

Prints one line per file (sheets, data rows, values, rejects, status, rows
replaced) and a total.

Exit status 3 means the load finished but some input was set aside:
  coo rejects --project DIR

Examples:
  coo ingest --project acme
  coo ingest --project acme acme/workbooks/finance/finance-2026-10.xlsx acme/workbooks/hr`,
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
		sum, err := e.ingest(ctx, s, p, fs.Args(), true)
		if err == nil {
			err = sum.err()
		}
		return s.end(err, sum.String())
	}
	return c
}

// ingestSummary counts what a batch did.
type ingestSummary struct {
	runID                                    int64
	project                                  string
	files, loaded, known, refused, conflicts int
	facts                                    int64
	rejects                                  int
	replacedRows                             int64
}

func (s *ingestSummary) String() string {
	return fmt.Sprintf("%d files: %d loaded (%d values, %d earlier values replaced), %d unchanged, %d refused, %d in conflict; %d cells set aside",
		s.files, s.loaded, s.facts, s.replacedRows, s.known, s.refused, s.conflicts, s.rejects)
}

// err is a *rejectsError if anything was set aside.
func (s *ingestSummary) err() error {
	if s.refused == 0 && s.rejects == 0 && s.conflicts == 0 {
		return nil
	}
	return &rejectsError{fmt.Sprintf("%s; see them with: coo rejects --project %s", s, s.project)}
}

// match is a file and the source it belongs to.
type match struct {
	rel string // slash-separated, relative to the project folder
	src *ingest.Source
}

// findFiles lists the files of every source, or of the paths given (files,
// or folders searched for files that a source's glob matches).
func findFiles(p *project.Project, paths []string) ([]match, error) {
	var out []match
	dir, err := filepath.Abs(p.Dir)
	if err != nil {
		return nil, err
	}
	add := func(abs string, explicit bool) error {
		rel, err := filepath.Rel(dir, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return usagef("%s is outside the project folder %s", abs, p.Dir)
		}
		rel = filepath.ToSlash(rel)
		n := len(out)
		for i := range p.Sources {
			if p.Sources[i].Match(rel) {
				out = append(out, match{rel, &p.Sources[i]})
			}
		}
		if len(out) == n && explicit {
			return usagef("%s matches no source's files glob in %s", rel, filepath.Join(p.Dir, project.FileName))
		}
		return nil
	}
	if len(paths) == 0 {
		for i := range p.Sources {
			src := &p.Sources[i]
			if src.Parquet != "" {
				continue // loaded by e.ingest as a whole
			}
			found, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(src.Files)))
			if err != nil {
				return nil, fmt.Errorf("source %s: files %q: %w", src.Name, src.Files, err)
			}
			sort.Strings(found)
			for _, path := range found {
				if fi, err := os.Stat(path); err != nil || fi.IsDir() || strings.HasPrefix(filepath.Base(path), "~$") {
					continue // folders, and Excel's lock files of open workbooks
				}
				rel, _ := filepath.Rel(dir, path)
				out = append(out, match{filepath.ToSlash(rel), src})
			}
		}
		return out, nil
	}
	for _, arg := range paths {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if !fi.IsDir() {
			if err := add(abs, true); err != nil {
				return nil, err
			}
			continue
		}
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "~$") {
				return err
			}
			return add(path, false)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fileLine is one line of the per-file table.
type fileLine struct {
	file, sheets       string
	rows, values, rejs int
	status             string
	replaced           int64
	id                 int64
}

// ingest loads files into the warehouse of session s, promotes them, prints
// the per-file table (with table) and the total line, and recomputes the
// metrics.
func (e *env) ingest(ctx context.Context, s *writeSession, p *project.Project, paths []string, table bool) (*ingestSummary, error) {
	sum := &ingestSummary{runID: s.runID, project: p.Dir}
	files, err := findFiles(p, paths)
	if err != nil {
		return sum, err
	}
	if n, err := s.db.DiscardStaged(ctx); err != nil {
		return sum, err
	} else if n > 0 {
		e.log.Warn("discarded files staged by an earlier run that did not finish", "files", n)
	}
	var datasets []*ingest.Source
	if len(paths) == 0 {
		for i := range p.Sources {
			if p.Sources[i].Parquet != "" {
				datasets = append(datasets, &p.Sources[i])
			}
		}
	}
	sum.files = len(files) + len(datasets)
	if sum.files == 0 {
		e.log.Warn("no files match any source", "project", p.Dir)
	}
	bar := e.progress("ingest", sum.files)
	defer bar.done()
	var lines []fileLine
	byID := map[int64]int{}
	for _, m := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		line := fileLine{file: m.rel}
		data, err := readLimited(filepath.Join(p.Dir, filepath.FromSlash(m.rel)), 256<<20)
		if err != nil {
			sum.refused++
			line.status = "refused: " + err.Error()
			e.log.Error("cannot read file", "file", m.rel, "err", err)
			lines = append(lines, line)
			bar.inc()
			continue
		}
		res, err := ingest.Load(ctx, s.db, m.src, m.rel, data, s.runID, ingest.Limits{})
		if err != nil {
			return sum, err
		}
		if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "input", Path: m.rel, SHA256: res.File.SHA256, Size: res.File.Size}); err != nil {
			return sum, err
		}
		lines = append(lines, e.countLoad(sum, m.rel, res, byID, len(lines)))
		bar.inc()
	}
	for _, src := range datasets {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		res, err := ingest.LoadParquet(ctx, s.db, src, p.Dir, s.runID)
		if err != nil {
			return sum, err
		}
		if err := s.db.AddRunFile(ctx, s.runID, warehouse.RunFile{Role: "input", Path: src.Parquet, SHA256: res.File.SHA256, Size: res.File.Size}); err != nil {
			return sum, err
		}
		lines = append(lines, e.countLoad(sum, src.Parquet, res, byID, len(lines)))
		bar.inc()
	}
	bar.done()
	prom, err := s.db.Promote(ctx, s.runID)
	if err != nil {
		return sum, fmt.Errorf("promote the batch: %w", err)
	}
	for _, c := range prom.Conflicts {
		for _, id := range c.FileIDs {
			if i, ok := byID[id]; ok {
				l := &lines[i]
				sum.rejects -= l.rejs
				l.status = fmt.Sprintf("conflict: another file of this batch holds %s %s", c.Source, c.Period)
				l.values, l.rejs = 0, 0
				sum.conflicts++
			}
		}
		e.log.Error("files in conflict: none of them loaded", "source", c.Source, "period", c.Period.String(), "files", strings.Join(c.Files, ", "))
	}
	for id, i := range byID {
		if l := &lines[i]; strings.HasPrefix(l.status, "loaded") {
			sum.loaded++
			sum.facts += int64(l.values)
			l.replaced = prom.ByFile[id]
		}
	}
	sum.replacedRows = prom.Rows
	if err := s.db.SetMetrics(ctx, p.Metrics); err != nil {
		return sum, fmt.Errorf("compute metrics: %w", err)
	}
	if table {
		e.printFiles(lines)
	}
	fmt.Fprintln(e.stdout, sum.String())
	e.log.Info("ingest done", "files", sum.files, "loaded", sum.loaded, "unchanged", sum.known, "refused", sum.refused,
		"conflicts", sum.conflicts, "values", sum.facts, "rejects", sum.rejects)
	return sum, nil
}

// countLoad counts what loading one file (or dataset) did and returns its
// line of the table, which will be line i.
func (e *env) countLoad(sum *ingestSummary, name string, res ingest.Result, byID map[int64]int, i int) fileLine {
	line := fileLine{file: name, sheets: strings.Join(res.Stats.Sheets, ", ")}
	line.rows, line.values, line.rejs = res.Stats.Rows, res.Stats.Facts, res.Stats.Rejects
	switch {
	case res.Known:
		sum.known++
		line.status = "unchanged"
	case res.Err != nil:
		sum.refused++
		line.status = "refused: " + res.Err.Error()
		e.log.Error("file refused", "file", name, "err", res.Err)
	default:
		line.status, line.id = "loaded", res.FileID
		byID[res.FileID] = i
		sum.rejects += res.Stats.Rejects
		for _, n := range res.Stats.Notes {
			e.log.Info(n, "file", name)
		}
	}
	return line
}

// printFiles prints the per-file table.
func (e *env) printFiles(lines []fileLine) {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tSHEETS\tROWS\tVALUES\tREJECTS\tSTATUS\tREPLACED")
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%d\n", l.file, tableCell(l.sheets), l.rows, l.values, l.rejs, tableCell(l.status), l.replaced)
	}
	tw.Flush()
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

func (b *bar) add(n int) {
	if b.b != nil {
		b.b.IncrBy(n)
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
