package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"coo"
	"coo/internal/project"
)

// beforePublish runs just before a run's folder is renamed into the
// archive; the tests stop a child process there.
var beforePublish = func() {}

func cmdRun() *command {
	c := &command{
		name:    "run",
		args:    "monthly [--project DIR] [--archive DIR] [--force] [--allow-incomplete]",
		summary: "The unattended monthly job: ingest, forecast, and publish the latest complete month's report and scores.",
		help: `One command for cron or a systemd timer (coo schedule prints them):

  1. ingests every new file the sources' files globs match: the inbox
     (coo init's example puts it in inbox/SOURCE/*.xlsx; point the globs
     at the folders departments drop their workbooks into); files already
     loaded are skipped by their content
  2. finds the latest month for which every required source has data
     (report.required; default all sources)
  3. if that month is already published, stops: exit 0, saying so
  4. forecasts every metric, renders the monthly report (HTML, PDF,
     Markdown) and, with an assessment section, the score workbook
  5. publishes them at once: everything is written into a temporary
     folder, then renamed to ARCHIVE/YYYY-MM (default reports/YYYY-MM),
     with run.json: the run, its inputs and outputs with sha256

It takes the writer's lock: a second run at the same time exits 4 and
names the first. A run that is killed leaves nothing published; the next
run records it as failed and clears its temporary folder. A published
month is never overwritten without --force (for example after a late
correction: the run says when a published month has newer data). A month
whose figures touch rejected cells is not published (exit 4) unless
--allow-incomplete.

Exit status 3: published, but some of the new input was set aside
(coo rejects lists it).

Examples:
  coo run monthly --project /srv/coo/acme
  coo run monthly --project /srv/coo/acme --force`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 || args[0] != "monthly" {
			return usagef("run needs a kind of job: coo run monthly")
		}
		fs := e.flags(c, ".")
		archive := fs.String("archive", "", "the `DIR` of published months (default: reports in the project folder)")
		force := fs.Bool("force", false, "publish the month again even if it is already published")
		allow := fs.Bool("allow-incomplete", false, "publish even when rejected cells touch the month's figures; the report says so")
		if err := e.parse(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("run monthly takes no further arguments")
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		dir := *archive
		if dir == "" {
			dir = filepath.Join(p.Dir, "reports")
		}
		s, err := e.beginWrite(ctx, p)
		if err != nil {
			return err
		}
		msg, err := e.runMonthly(ctx, s, p, dir, *force, *allow)
		return s.end(err, msg)
	}
	return c
}

// runSummary is run.json, published with the month.
type runSummary struct {
	Run         int64         `json:"run"`
	Coo         string        `json:"coo"`
	Period      string        `json:"period"`
	GeneratedAt time.Time     `json:"generated_at"`
	Ingest      string        `json:"ingest"`
	Forecasts   int           `json:"forecasts"`
	Complete    bool          `json:"complete"`
	Notes       []string      `json:"notes,omitempty"`
	Inputs      []summaryFile `json:"inputs"`
	Outputs     []summaryFile `json:"outputs"`
}

type summaryFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// runMonthly is coo run monthly inside its write session; it returns the
// run's message.
func (e *env) runMonthly(ctx context.Context, s *writeSession, p *project.Project, archive string, force, allow bool) (string, error) {
	if err := os.MkdirAll(archive, 0o755); err != nil {
		return "", err
	}
	clearAbandoned(e, archive)
	sum, err := e.ingest(ctx, s, p, nil, false)
	if err != nil && !errors.As(err, new(*rejectsError)) {
		return "", err
	}
	ingestErr := sum.err()
	month, err := lastComplete(ctx, s.db, requiredSources(p))
	if err != nil {
		return "", err
	}
	final := filepath.Join(archive, month.String())
	if _, err := os.Stat(final); err == nil && !force {
		note := fmt.Sprintf("nothing new to publish: %s is already in %s", month, final)
		if newer, err := newerData(ctx, s, month, final); err == nil && newer != "" {
			note += fmt.Sprintf("; %s changed since (run with --force to publish it again)", newer)
		}
		fmt.Fprintln(e.stdout, note)
		e.log.Info("nothing new", "period", month.String(), "published", final)
		return note, ingestErr
	}
	n, err := e.forecast(ctx, s, nil, false, 12, false)
	if err != nil {
		return "", err
	}
	at, err := generatedAt(e.now)
	if err != nil {
		return "", err
	}
	tmp := filepath.Join(archive, fmt.Sprintf(".%s.tmp-%d", month, s.runID))
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // gone once renamed; removed if anything failed
	mr, err := e.buildMonthly(ctx, s, p, month.String(), []string{"html", "pdf", "md"}, allow, at)
	if err != nil {
		return "", err
	}
	if err := writeFiles(tmp, mr.files); err != nil {
		return "", err
	}
	var notes []string
	if p.Assessment != nil && len(p.Assessment.Units) > 0 {
		book := filepath.Join(tmp, "assessment-"+month.String()+".xlsx")
		if _, err := e.assess(ctx, s.db, p.Assessment, month.String(), book, at); err != nil {
			var re *refusedError
			if !errors.As(err, &re) {
				return "", err
			}
			notes = append(notes, "no assessment: "+err.Error())
		}
	}
	if !mr.report.Quality.Complete() {
		notes = append(notes, "published incomplete (--allow-incomplete): see the report's first page")
	}
	summary := runSummary{Run: s.runID, Coo: version(), Period: month.String(), GeneratedAt: at.UTC(), Ingest: sum.String(),
		Forecasts: n, Complete: mr.report.Quality.Complete(), Notes: notes}
	run, err := s.db.Run(ctx, s.runID)
	if err != nil {
		return "", err
	}
	for _, f := range run.Files {
		if f.Role == "input" {
			summary.Inputs = append(summary.Inputs, summaryFile{f.Path, f.SHA256, f.Size})
		}
	}
	if summary.Outputs, err = hashTree(tmp); err != nil {
		return "", err
	}
	js, err := json.MarshalIndent(summary, "", "  ")
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(filepath.Join(tmp, "run.json"), append(js, '\n')); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	beforePublish()
	if err := publish(tmp, final, s.runID); err != nil {
		return "", err
	}
	var paths []string
	for _, f := range summary.Outputs {
		paths = append(paths, filepath.Join(final, filepath.FromSlash(f.Path)))
	}
	paths = append(paths, filepath.Join(final, "run.json"))
	if err := recordOutputs(ctx, s, paths); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("published %s in %s: %d files", month, final, len(paths))
	fmt.Fprintln(e.stdout, msg)
	for _, nt := range notes {
		fmt.Fprintln(e.stdout, "  "+nt)
	}
	e.log.Info("published", "period", month.String(), "dir", final, "files", len(paths))
	return msg, ingestErr
}

// publish moves the finished folder tmp to final in one rename; an earlier
// final (--force) is moved aside first and removed after.
func publish(tmp, final string, run int64) error {
	old := ""
	if _, err := os.Stat(final); err == nil {
		old = filepath.Join(filepath.Dir(final), fmt.Sprintf(".%s.old-%d", filepath.Base(final), run))
		if err := os.Rename(final, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// clearAbandoned removes the temporary folders of runs that were killed
// (the caller holds the lock, so no other run is writing them).
func clearAbandoned(e *env, archive string) {
	entries, _ := os.ReadDir(archive)
	for _, d := range entries {
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && (strings.Contains(d.Name(), ".tmp-") || strings.Contains(d.Name(), ".old-")) {
			e.log.Warn("removing the folder of an abandoned run", "dir", filepath.Join(archive, d.Name()))
			os.RemoveAll(filepath.Join(archive, d.Name()))
		}
	}
}

// newerData names the sources whose files for month were loaded after the
// published folder was written.
func newerData(ctx context.Context, s *writeSession, month coo.Period, final string) (string, error) {
	fi, err := os.Stat(filepath.Join(final, "run.json"))
	if err != nil {
		return "", err
	}
	sms, err := s.db.SourceMonths(ctx, month)
	if err != nil {
		return "", err
	}
	var newer []string
	for _, sm := range sms {
		if sm.Facts > 0 && sm.LoadedAt.After(fi.ModTime()) {
			newer = append(newer, sm.Source)
		}
	}
	if len(newer) == 0 {
		return "", nil
	}
	return "the data of " + strings.Join(newer, ", "), nil
}

// hashTree lists the files under dir with their hashes, by slash-separated
// path relative to dir.
func hashTree(dir string) ([]summaryFile, error) {
	var out []summaryFile
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum := sha256.Sum256(data)
		out = append(out, summaryFile{filepath.ToSlash(rel), hex.EncodeToString(sum[:]), int64(len(data))})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, err
}
