package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"coo"
	"coo/internal/safefile"
)

// PublishOptions says where and how to publish the month.
type PublishOptions struct {
	Archive         string // the folder of published months; "" is reports in the project folder
	Force           bool   // publish a month again that is already published
	AllowIncomplete bool   // publish a month with missing or rejected data; the report says so
	GeneratedAt     time.Time
	// BeforeRename, if set, runs just before the finished folder is renamed
	// into place (tests stop the process there).
	BeforeRename func()
}

// PublishResult is what Publish did.
type PublishResult struct {
	Ingest    *IngestResult
	Month     coo.Period
	Dir       string // the month's folder
	Published bool   // false: the month was already published (Note says so)
	Note      string
	Notes     []string // published, but without the scores, or incomplete
	Files     []string // every file published, as paths
}

func (r *PublishResult) String() string {
	if !r.Published {
		return r.Note
	}
	return fmt.Sprintf("published %s in %s: %d files", r.Month, r.Dir, len(r.Files))
}

// RunSummary is run.json, published with the month.
type RunSummary struct {
	Run         int64         `json:"run"`
	Coo         string        `json:"coo"`
	Period      string        `json:"period"`
	GeneratedAt time.Time     `json:"generated_at"`
	Ingest      string        `json:"ingest"`
	Forecasts   int           `json:"forecasts"`
	Complete    bool          `json:"complete"`
	Notes       []string      `json:"notes,omitempty"`
	Inputs      []SummaryFile `json:"inputs"`
	Outputs     []SummaryFile `json:"outputs"`
}

// SummaryFile is one file in run.json.
type SummaryFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Publish is the unattended monthly job: it ingests what is new, finds the
// latest complete month and, unless that month is published already,
// forecasts every series and writes the monthly report, the score workbook
// (when the project has an assessment) and run.json into a temporary
// folder, which it renames to Archive/YYYY-MM: all of it or nothing. The
// error is a RejectsError when the batch set input aside (the month is
// published all the same).
func Publish(ctx context.Context, s *Session, opt PublishOptions) (*PublishResult, error) {
	p := s.Project
	archive := opt.Archive
	if archive == "" {
		archive = filepath.Join(p.Dir, "reports")
	}
	if err := os.MkdirAll(archive, 0o755); err != nil {
		return nil, err
	}
	clearAbandoned(s, archive)
	ing, err := Ingest(ctx, s, IngestOptions{})
	if err != nil {
		return nil, err
	}
	res := &PublishResult{Ingest: ing}
	ingestErr := ing.Err()
	month, err := LatestComplete(ctx, s.DB, RequiredSources(p))
	if err != nil {
		return nil, err
	}
	res.Month, res.Dir = month, filepath.Join(archive, month.String())
	if _, err := os.Stat(res.Dir); err == nil && !opt.Force {
		res.Note = fmt.Sprintf("nothing new to publish: %s is already in %s", month, res.Dir)
		if newer, err := newerData(ctx, s, month, res.Dir); err == nil && newer != "" {
			res.Note += fmt.Sprintf("; %s changed since (run with --force to publish it again)", newer)
		}
		s.Log().Info("nothing new", "period", month.String(), "published", res.Dir)
		return res, ingestErr
	}
	fc, err := Forecast(ctx, s, ForecastOptions{H: 12})
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(archive, fmt.Sprintf(".%s.tmp-%d", month, s.RunID))
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone once renamed; removed if anything failed
	dst := safefile.NewDir(tmp)
	rep, err := monthly(ctx, s, ReportOptions{Period: month, AllowIncomplete: opt.AllowIncomplete, GeneratedAt: opt.GeneratedAt}, dst)
	if err != nil {
		return nil, err
	}
	if p.Assessment != nil && len(p.Assessment.Units) > 0 {
		_, err := assess(ctx, s.DB, p.Assessment, AssessOptions{Period: month, GeneratedAt: opt.GeneratedAt, Metrics: p.Metrics}, dst)
		var re *RefusedError
		switch {
		case errors.As(err, &re):
			res.Notes = append(res.Notes, "no assessment: "+err.Error())
		case err != nil:
			return nil, err
		}
	}
	complete := rep.Report.Quality.Complete()
	if !complete {
		res.Notes = append(res.Notes, "published incomplete (--allow-incomplete): see the report's first page")
	}
	summary := RunSummary{Run: s.RunID, Coo: Version(), Period: month.String(), GeneratedAt: opt.GeneratedAt.UTC(), Ingest: ing.String(),
		Forecasts: fc.Forecasted(), Complete: complete, Notes: res.Notes}
	run, err := s.DB.Run(ctx, s.RunID)
	if err != nil {
		return nil, err
	}
	for _, f := range run.Files {
		if f.Role == "input" {
			summary.Inputs = append(summary.Inputs, SummaryFile{f.Path, f.SHA256, f.Size})
		}
	}
	for _, f := range dst.Files() {
		summary.Outputs = append(summary.Outputs, SummaryFile{f.Name, f.SHA256, f.Size})
	}
	js, err := json.MarshalIndent(summary, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := dst.WriteFile("run.json", append(js, '\n')); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opt.BeforeRename != nil {
		opt.BeforeRename()
	}
	old := filepath.Join(archive, fmt.Sprintf(".%s.old-%d", month, s.RunID))
	if err := safefile.ReplaceDir(tmp, res.Dir, old); err != nil {
		return nil, err
	}
	for _, f := range dst.Files() {
		res.Files = append(res.Files, joinSlash(res.Dir, f.Name))
	}
	if err := s.recordOutputs(ctx, res.Dir, dst.Files()); err != nil {
		return nil, err
	}
	res.Published = true
	s.Log().Info("published", "period", month.String(), "dir", res.Dir, "files", len(res.Files))
	return res, ingestErr
}

// clearAbandoned removes the temporary folders of runs that were killed
// (the caller holds the lock, so no other run is writing them).
func clearAbandoned(s *Session, archive string) {
	entries, _ := os.ReadDir(archive)
	for _, d := range entries {
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && (strings.Contains(d.Name(), ".tmp-") || strings.Contains(d.Name(), ".old-")) {
			s.Log().Warn("removing the folder of an abandoned run", "dir", filepath.Join(archive, d.Name()))
			os.RemoveAll(filepath.Join(archive, d.Name()))
		}
	}
}

// newerData names the sources whose files for month were loaded after the
// published folder was written.
func newerData(ctx context.Context, s *Session, month coo.Period, final string) (string, error) {
	fi, err := os.Stat(filepath.Join(final, "run.json"))
	if err != nil {
		return "", err
	}
	sms, err := s.DB.SourceMonths(ctx, month)
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
