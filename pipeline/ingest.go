package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"coo/ingest"
	"coo/internal/project"
	"coo/warehouse"
)

// MaxWorkbook is the largest file a batch reads (checked with stat before
// reading); a larger one is refused as too_large.
const MaxWorkbook = 256 << 20

// IngestOptions says what a batch loads.
type IngestOptions struct {
	// Paths are files, or folders searched for files; none loads every file
	// the sources' globs match and every Parquet dataset.
	Paths []string
	// Source loads Paths as this source's workbooks, wherever they are and
	// whether or not its glob matches them.
	Source string
	// Prepared is the batch as Prepare found it and began it, before the
	// warehouse was open; nil: Ingest finds it itself.
	Prepared *Prepared
}

// Prepared is a batch's files found, and its first workbook read and its
// reading begun (ingest.ReadEarly), before the warehouse is open: on two
// cores the reading and the opening go side by side, and the command
// loads 100,000 rows × 8 columns sooner by about the time the opening
// takes. Ingest takes it over; Stop ends one that Ingest will not get (the
// warehouse was busy).
type Prepared struct {
	files     []match
	unmatched []string
	err       error // findFiles's
	// the first file, read, and its early reading (nil if it could not be
	// read: loadFile reads it again and records why)
	first      match
	firstEarly *ingest.Early
}

// Prepare finds the files opt names in p and begins reading the first.
func Prepare(ctx context.Context, p *project.Project, opt IngestOptions) *Prepared {
	var res IngestResult
	pr := &Prepared{}
	pr.files, pr.err = findFiles(p, opt, &res)
	pr.unmatched = res.Unmatched
	if pr.err == nil && len(pr.files) > 0 {
		m := pr.files[0]
		if data, _, err := ingest.ReadFile(m.path, m.name, MaxWorkbook); err == nil {
			pr.first = m
			pr.firstEarly = ingest.ReadEarly(ctx, m.src, m.name, data, ingest.Limits{})
		}
	}
	return pr
}

// Stop ends the early reading of a batch that Ingest will not load. It may
// be called on nil, and after Ingest.
func (pr *Prepared) Stop() {
	if pr != nil {
		pr.firstEarly.Stop()
	}
}

// early returns the early reading of m, if Prepare began one, and forgets it.
func (pr *Prepared) early(m match) *ingest.Early {
	if pr.firstEarly == nil || m != pr.first {
		return nil
	}
	e := pr.firstEarly
	pr.firstEarly = nil
	return e
}

// FileStatus is what became of one file of a batch.
type FileStatus string

const (
	Loaded     FileStatus = "loaded"
	Unchanged  FileStatus = "unchanged"       // the same content was loaded before
	Refused    FileStatus = "refused"         // refused as a whole; nothing of it loaded
	RefusedYet FileStatus = "refused earlier" // unchanged since it was refused: still not loaded
	Conflict   FileStatus = "conflict"        // another file of the batch claims the same source and month
)

// FileResult is one file (or Parquet dataset) of a batch.
type FileResult struct {
	Name     string // relative to the project folder, slash-separated; absolute if outside it
	Source   string
	Sheets   []string
	Rows     int
	Values   int
	Rejects  int // cells set aside
	Status   FileStatus
	Reason   string // why it was refused or is in conflict
	Replaced int64  // earlier values it replaced
	// Dropped says which values of the months it replaced a loaded file
	// lacks (they are gone; also its reject "dropped"), or is empty.
	Dropped string
	Notes   []string
	id      int64
}

// IngestResult is what a batch did.
type IngestResult struct {
	RunID   int64
	Project string
	Files   []FileResult
	// Unmatched names each source whose glob matched no file, and each
	// workbook in a folder the globs look in that no glob matches (a
	// file named Sales-… where the glob says sales-…), which is not loaded.
	Unmatched                                             []string
	Loaded, Unchanged, Refused, RefusedEarlier, Conflicts int
	Values, Replaced                                      int64
	Rejects                                               int
}

func (r *IngestResult) String() string {
	s := fmt.Sprintf("%d files: %d loaded (%d values, %d earlier values replaced), %d unchanged, %d refused, %d in conflict; %d cells set aside",
		len(r.Files), r.Loaded, r.Values, r.Replaced, r.Unchanged, r.Refused, r.Conflicts, r.Rejects)
	if r.RefusedEarlier > 0 {
		s += fmt.Sprintf("; %d refused earlier and not replaced since", r.RefusedEarlier)
	}
	return s
}

// Err is a *RejectsError when anything was set aside or is still refused.
func (r *IngestResult) Err() error {
	if r.Refused == 0 && r.Rejects == 0 && r.Conflicts == 0 && r.RefusedEarlier == 0 {
		return nil
	}
	return &RejectsError{fmt.Sprintf("%s; see them with: coo rejects --project %s", r, r.Project)}
}

// Ingest loads a batch into the session's warehouse: every file in one
// transaction of its own, a file whole or not at all; then the batch is
// promoted (a new file for a source and month replaces the old one; two of
// the batch for the same source and month are a conflict and neither loads)
// and the project's metrics are recomputed. A file that cannot be read is
// recorded in the rejects table with its reason and the batch goes on. The
// error is for the warehouse failing, cancellation, or OptionError for paths
// that name nothing loadable; what was set aside is in the result (Err).
func Ingest(ctx context.Context, s *Session, opt IngestOptions) (*IngestResult, error) {
	p := s.Project
	res := &IngestResult{RunID: s.RunID, Project: p.Dir}
	prep := opt.Prepared
	if prep == nil {
		prep = Prepare(ctx, p, opt)
	}
	defer prep.Stop() // an early reading not loaded (the batch stopped)
	files, err := prep.files, prep.err
	res.Unmatched = prep.unmatched
	if err != nil {
		return res, err
	}
	if n, err := s.DB.DiscardStaged(ctx); err != nil {
		return res, err
	} else if n > 0 {
		s.Log().Warn("discarded files staged by an earlier run that did not finish", "files", n)
	}
	var datasets []*ingest.Source
	if len(opt.Paths) == 0 {
		for i := range p.Sources {
			if p.Sources[i].Parquet != "" {
				datasets = append(datasets, &p.Sources[i])
			}
		}
	}
	for _, u := range res.Unmatched {
		s.Log().Warn(u)
	}
	bar := s.cfg.stage("ingest", len(files)+len(datasets))
	defer bar.Done()
	for _, m := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		fr, err := loadFile(ctx, s, m, prep)
		if err != nil {
			return res, err
		}
		res.Files = append(res.Files, fr)
		bar.Add(1)
	}
	for _, src := range datasets {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r, err := ingest.LoadParquet(ctx, s.DB, src, p.Dir, s.RunID)
		if err != nil {
			return res, err
		}
		if err := s.DB.AddRunFile(ctx, s.RunID, warehouse.RunFile{Role: "input", Path: src.Parquet, SHA256: r.File.SHA256, Size: r.File.Size}); err != nil {
			return res, err
		}
		res.Files = append(res.Files, s.fileResult(ctx, src.Parquet, src.Name, r))
		bar.Add(1)
	}
	bar.Done()
	prom, err := s.DB.Promote(ctx, s.RunID)
	if err != nil {
		return res, fmt.Errorf("promote the batch: %w", err)
	}
	byID := map[int64]*FileResult{}
	for i := range res.Files {
		if f := &res.Files[i]; f.Status == Loaded {
			byID[f.id] = f
		}
	}
	for _, c := range prom.Conflicts {
		for _, id := range c.FileIDs {
			if f := byID[id]; f != nil {
				f.Status, f.Reason = Conflict, fmt.Sprintf("another file of this batch holds %s %s: %s", c.Source, c.Period, strings.Join(c.Files, ", "))
				if c.Reason != "" {
					f.Reason = c.Reason
				}
				f.Values, f.Rejects = 0, 0
			}
		}
		if c.Reason != "" {
			s.Log().Error("file in conflict: not loaded", "sources", c.Source, "reason", c.Reason)
			continue
		}
		s.Log().Error("files in conflict: none of them loaded", "source", c.Source, "period", c.Period.String(), "files", strings.Join(c.Files, ", "))
	}
	for i := range res.Files {
		f := &res.Files[i]
		switch f.Status {
		case Loaded:
			if m := prom.Dropped[f.id]; m != "" {
				f.Dropped = m
				f.Rejects++ // the reject "dropped"
				s.Log().Warn("the file lacks values of the months it replaces: they are gone", "file", f.Name, "detail", m)
			}
			res.Loaded++
			res.Values += int64(f.Values)
			res.Rejects += f.Rejects
			f.Replaced = prom.ByFile[f.id]
		case Unchanged:
			res.Unchanged++
		case Refused:
			res.Refused++
		case RefusedYet:
			res.RefusedEarlier++
		case Conflict:
			res.Conflicts++
		}
	}
	res.Replaced = prom.Rows
	if err := s.DB.SetMetrics(ctx, p.Metrics); err != nil {
		return res, fmt.Errorf("compute metrics: %w", err)
	}
	s.Log().Info("ingest done", "files", len(res.Files), "loaded", res.Loaded, "unchanged", res.Unchanged, "refused", res.Refused,
		"refused_earlier", res.RefusedEarlier, "conflicts", res.Conflicts, "values", res.Values, "rejects", res.Rejects)
	return res, nil
}

// loadFile reads and stages one workbook, and records it as the run's
// input. A file that cannot be read is refused and recorded.
func loadFile(ctx context.Context, s *Session, m match, prep *Prepared) (FileResult, error) {
	if early := prep.early(m); early != nil {
		r, err := ingest.LoadEarly(ctx, s.DB, early, s.RunID)
		if err != nil {
			return FileResult{}, err
		}
		return s.loaded(ctx, m, r)
	}
	data, fi, rerr := ingest.ReadFile(m.path, m.name, MaxWorkbook)
	if rerr != nil {
		f := warehouse.File{Source: m.src.Name, Name: m.name, Mapping: m.src.Fingerprint()}
		if fi != nil { // unread: the file is known by its size and time, so an unchanged one is not refused afresh
			f.Size = fi.Size()
			f.SHA256 = fmt.Sprintf("unread:%d:%d", fi.Size(), fi.ModTime().UnixNano())
		} else {
			f.SHA256 = "unread"
		}
		if reason, ok, err := s.DB.RefusedEarlier(ctx, f); err != nil {
			return FileResult{}, err
		} else if ok {
			return FileResult{Name: m.name, Source: m.src.Name, Status: RefusedYet, Reason: reason}, nil
		}
		msg := rerr.Error() + "; nothing of the file was loaded"
		r := warehouse.Reject{Reason: ingest.Code(rerr), Message: msg}
		if err := s.DB.RefuseFile(ctx, f, r, s.RunID); err != nil {
			return FileResult{}, fmt.Errorf("record refused file %s: %w", m.name, err)
		}
		s.Log().Error("cannot read file", "file", m.name, "err", rerr)
		return FileResult{Name: m.name, Source: m.src.Name, Status: Refused, Reason: msg}, nil
	}
	r, err := ingest.Load(ctx, s.DB, m.src, m.name, data, s.RunID, ingest.Limits{})
	if err != nil {
		return FileResult{}, err
	}
	return s.loaded(ctx, m, r)
}

// loaded records a file Load read as the run's input and returns its line.
func (s *Session) loaded(ctx context.Context, m match, r ingest.Result) (FileResult, error) {
	if err := s.DB.AddRunFile(ctx, s.RunID, warehouse.RunFile{Role: "input", Path: m.name, SHA256: r.File.SHA256, Size: r.File.Size}); err != nil {
		return FileResult{}, err
	}
	return s.fileResult(ctx, m.name, m.src.Name, r), nil
}

// fileResult turns what ingest did with one file into its line.
func (s *Session) fileResult(ctx context.Context, name, source string, r ingest.Result) FileResult {
	f := FileResult{Name: name, Source: source, Sheets: r.Stats.Sheets, Rows: r.Stats.Rows, Values: r.Stats.Facts, Rejects: r.Stats.Rejects, Notes: r.Stats.Notes}
	switch {
	case r.Known:
		f.Status = Unchanged
		if reason, ok, err := s.DB.RefusedEarlier(ctx, r.File); err == nil && ok {
			f.Status, f.Reason = RefusedYet, reason
		}
	case r.Err != nil:
		f.Status, f.Reason = Refused, r.Err.Error()
		s.Log().Error("file refused", "file", name, "err", r.Err)
	default:
		f.Status, f.id = Loaded, r.FileID
		for _, n := range r.Stats.Notes {
			s.Log().Info(n, "file", name)
		}
		for _, w := range r.Stats.Warnings {
			s.Log().Warn(w, "file", name)
		}
	}
	return f
}

// match is a file and the source it belongs to.
type match struct {
	path string // as the file system knows it
	name string // as the warehouse records it: relative to the project folder, or absolute outside it
	src  *ingest.Source
}

// findFiles lists the files of the batch: every file the sources' globs
// match, or the paths given (files, or folders searched), matched to a
// source by its glob or given opt.Source.
func findFiles(p *project.Project, opt IngestOptions, res *IngestResult) ([]match, error) {
	dir, err := filepath.Abs(p.Dir)
	if err != nil {
		return nil, err
	}
	var forced *ingest.Source
	if opt.Source != "" {
		var names []string
		for i := range p.Sources {
			names = append(names, p.Sources[i].Name)
			if p.Sources[i].Name == opt.Source && p.Sources[i].Parquet == "" {
				forced = &p.Sources[i]
			}
		}
		if forced == nil {
			return nil, Optionf("--source %s: no workbook source of that name in %s (sources: %s)", opt.Source, filepath.Join(p.Dir, project.FileName), strings.Join(names, ", "))
		}
		if len(opt.Paths) == 0 {
			return nil, Optionf("--source %s needs the files to load", opt.Source)
		}
	}
	name := func(abs string) string {
		if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
		return filepath.ToSlash(abs)
	}
	var out []match
	if len(opt.Paths) == 0 {
		for i := range p.Sources {
			src := &p.Sources[i]
			if src.Parquet != "" {
				continue // a dataset: loaded as a whole
			}
			found, err := filepath.Glob(globPath(dir, src.Files))
			if err != nil {
				return nil, Optionf("source %s: files %q: %v", src.Name, src.Files, err)
			}
			sort.Strings(found)
			n := len(out)
			for _, f := range found {
				if skipName(f) || (isDir(f) && !looksLikeWorkbook(f)) {
					continue // a folder named x.xlsx is refused and recorded, others are no business of ours
				}
				out = append(out, match{path: f, name: name(f), src: src})
			}
			if len(out) == n {
				res.Unmatched = append(res.Unmatched, fmt.Sprintf("source %s: no file matches %s", src.Name, src.Files))
			}
		}
		res.Unmatched = append(res.Unmatched, strays(p, dir, name)...)
		return out, nil
	}
	add := func(abs string, explicit bool) error {
		if forced != nil {
			out = append(out, match{path: abs, name: name(abs), src: forced})
			return nil
		}
		n := len(out)
		for i := range p.Sources {
			if matchesGlob(&p.Sources[i], dir, abs) {
				out = append(out, match{path: abs, name: name(abs), src: &p.Sources[i]})
			}
		}
		if len(out) == n && explicit {
			var globs []string
			for i := range p.Sources {
				if p.Sources[i].Parquet == "" {
					globs = append(globs, p.Sources[i].Name+": "+p.Sources[i].Files)
				}
			}
			return Optionf("%s matches no source's files glob (%s); load it with --source NAME, or widen the glob in %s",
				abs, strings.Join(globs, "; "), filepath.Join(p.Dir, project.FileName))
		}
		return nil
	}
	for _, arg := range opt.Paths {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, Optionf("%v", err)
		}
		if !fi.IsDir() {
			if err := add(abs, true); err != nil {
				return nil, err
			}
			continue
		}
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || skipName(path) {
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

// globPath is a source's files glob as a file-system pattern: absolute as
// written, or inside the project folder dir.
func globPath(dir, glob string) string {
	if filepath.IsAbs(glob) {
		return filepath.Clean(glob)
	}
	return filepath.Join(dir, filepath.FromSlash(glob))
}

// matchesGlob reports whether the file abs is one of src's workbooks.
func matchesGlob(src *ingest.Source, dir, abs string) bool {
	if src.Parquet != "" {
		return false
	}
	ok, _ := path.Match(filepath.ToSlash(globPath(dir, src.Files)), filepath.ToSlash(abs))
	return ok
}

// strays lists the workbooks in the folders the sources' globs look in
// (each glob's folder part, itself a glob) that no glob matches: a file
// the department named Sales-2026-12.xlsx or saved as .XLSX where the glob
// says sales-*.xlsx would otherwise be left out without a word.
func strays(p *project.Project, dir string, name func(string) string) []string {
	var globs []string
	folders := map[string]bool{}
	for i := range p.Sources {
		src := &p.Sources[i]
		if src.Parquet != "" {
			continue
		}
		globs = append(globs, src.Name+": "+src.Files)
		found, _ := filepath.Glob(filepath.Dir(globPath(dir, src.Files)))
		for _, f := range found {
			folders[f] = true
		}
	}
	var files []string
	for f := range folders {
		entries, _ := os.ReadDir(f)
		for _, e := range entries {
			abs := filepath.Join(f, e.Name())
			if e.IsDir() || skipName(abs) || !looksLikeWorkbook(abs) {
				continue
			}
			matched := false
			for i := range p.Sources {
				matched = matched || matchesGlob(&p.Sources[i], dir, abs)
			}
			if !matched {
				files = append(files, abs)
			}
		}
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		out = append(out, fmt.Sprintf("%s matches no source's files glob (%s) and was not loaded: load it with --source NAME, or widen the glob in %s",
			name(f), strings.Join(globs, "; "), project.FileName))
	}
	return out
}

// skipName reports Excel's lock files of open workbooks (~$name.xlsx).
func skipName(p string) bool { return strings.HasPrefix(filepath.Base(p), "~$") }

// looksLikeWorkbook reports a name with a workbook's extension.
func looksLikeWorkbook(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".xlsx", ".xlsm", ".xls":
		return true
	}
	return false
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// hashFile returns a file's sha256 and size.
func hashFile(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Inspect reads the workbook at file as coo ingest would, without loading
// anything: as the source named source, or else as the project's source
// whose files glob matches it (an *OptionError naming the globs when none
// or several do). A file ReadFile refuses is an *OptionError too.
func Inspect(ctx context.Context, p *project.Project, file, source string) (*ingest.Inspection, error) {
	src, name, err := ingest.FindSource(p.Sources, p.Dir, file)
	if source != "" {
		if src = p.Source(source); src == nil || src.Parquet != "" {
			return nil, Optionf("--source %s: no workbook source of that name in the project", source)
		}
	} else if err != nil {
		return nil, Optionf("%v", err)
	}
	data, _, err := ingest.ReadFile(file, name, MaxWorkbook)
	if err != nil {
		return nil, Optionf("would be refused: %s", OneLine(err.Error()))
	}
	return ingest.Inspect(ctx, src, name, data, ingest.Limits{})
}
