package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"coo"
	"coo/internal/project"
	"coo/render/font"
	"coo/warehouse"
)

// CheckStatus is how one of Doctor's checks came out.
type CheckStatus int

const (
	CheckOK   CheckStatus = iota
	CheckWarn             // worth knowing; nothing is wrong yet
	CheckFail             // something must be fixed
)

func (s CheckStatus) String() string {
	switch s {
	case CheckOK:
		return "ok"
	case CheckWarn:
		return "warn"
	}
	return "FAIL"
}

// Check is one finding of Doctor: what was checked and found, and for a
// warning or failure, what to do about it.
type Check struct {
	Status CheckStatus
	What   string
	Fix    string
}

// Doctor checks the project in folder dir, read-only, and says what to do
// about each problem: the project file reads without errors; each source's
// files glob matches files; the report font has Chinese glyphs when the
// project's language needs them; no writer holds the warehouse, nor left
// its lock stale (killed while writing); its schema
// is this coo's; every fact belongs to a recorded file and known
// dictionary entries; no load is half done and no run left running; and
// every metric coo.yaml defines has values in the warehouse. Checks that cannot run after a failure (no project
// file, no warehouse) are left out. The error is non-nil only if ctx ends.
func Doctor(ctx context.Context, dir string) ([]Check, error) {
	var out []Check
	add := func(s CheckStatus, fix, format string, args ...any) {
		out = append(out, Check{Status: s, What: fmt.Sprintf(format, args...), Fix: fix})
	}
	p, err := project.Load(dir)
	if err != nil {
		add(CheckFail, "correct the lines named above", "project file: %v", err)
		return out, ctx.Err()
	}
	add(CheckOK, "", "project file %s: %d sources, %d metrics", filepath.Join(p.Dir, project.FileName), len(p.Sources), len(p.Metrics))
	for _, src := range p.Sources {
		if src.Files == "" {
			continue // a Parquet dataset
		}
		if found, _ := filepath.Glob(filepath.Join(p.Dir, filepath.FromSlash(src.Files))); len(found) == 0 {
			add(CheckWarn, "put the department's workbooks there, or correct files: in coo.yaml", "source %s: no file matches %s", src.Name, src.Files)
		}
	}
	face, err := font.Load(p.Report.Font)
	switch {
	case err != nil:
		add(CheckFail, "set report.font to a TrueType (.ttf) file with Chinese glyphs", "report font: %v", err)
	case !face.CJK && p.Language == "zh":
		add(CheckFail, "apt-get install fonts-droid-fallback, or set report.font", "report font: no face with Chinese glyphs, and the project's language is zh")
	case !face.CJK:
		add(CheckWarn, "apt-get install fonts-droid-fallback", "report font: no face with Chinese glyphs; Latin text is set in the Go fonts, and Chinese text in charts and PDFs would fail")
	default:
		add(CheckOK, "", "report font: %s (%s)", face.Name, face.Path)
	}
	switch st, err := warehouse.ReadLock(p.Warehouse); {
	case err != nil:
		add(CheckWarn, "check the lock file's permissions", "writer's lock: %v", err)
	case st.State == warehouse.LockHeld:
		add(CheckWarn, "wait for it to finish before reading", "%s", st)
	case st.State == warehouse.LockStale:
		add(CheckWarn, "nothing to do; coo ingest or coo run monthly clears it", "stale lock: %s", st)
	}
	db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true, Version: Version()})
	switch {
	case errors.Is(err, warehouse.ErrNoWarehouse):
		add(CheckWarn, "run coo ingest", "no warehouse yet at %s", p.Warehouse)
		return out, ctx.Err()
	case errors.Is(err, warehouse.ErrSchemaOlder):
		add(CheckWarn, "", "%v", err)
		return out, ctx.Err()
	case err != nil:
		add(CheckFail, "", "warehouse: %v", err)
		return out, ctx.Err()
	}
	defer db.Close()
	v, err := db.Version(ctx)
	if err != nil {
		add(CheckFail, "", "warehouse %s: schema version: %v", p.Warehouse, err)
		return out, ctx.Err()
	}
	var size int64
	if fi, err := os.Stat(p.Warehouse); err == nil {
		size = fi.Size()
	}
	add(CheckOK, "", "warehouse %s: schema version %d, %.1f MB", p.Warehouse, v, float64(size)/1e6)
	findings, err := db.Check(ctx)
	if err != nil {
		add(CheckFail, "", "warehouse: %v", err)
		return out, ctx.Err()
	}
	for _, f := range findings {
		s := CheckOK
		if !f.OK {
			s = CheckFail
		}
		add(s, f.Fix, "warehouse: %s", f.What)
	}
	out = append(out, metricsHaveValues(ctx, db, p.Metrics))
	return out, ctx.Err()
}

// metricsHaveValues checks that every metric coo.yaml defines has values
// in the warehouse. It compares the project's metrics with what
// metric_values holds, not with the warehouse's own list of metrics, which
// an ingest that failed while computing metrics leaves empty along with
// their values, and which does not know a metric added to coo.yaml since.
func metricsHaveValues(ctx context.Context, db *warehouse.DB, metrics []coo.Metric) Check {
	keys, err := db.SeriesKeys(ctx)
	if err != nil {
		return Check{Status: CheckFail, What: fmt.Sprintf("metric values: %v", err)}
	}
	sources, err := db.SourceMonths(ctx, 0)
	if err != nil {
		return Check{Status: CheckFail, What: fmt.Sprintf("metric values: %v", err)}
	}
	has := map[coo.MetricName]bool{}
	for _, k := range keys {
		has[k.Metric] = true
	}
	loaded := map[string]bool{}
	for _, s := range sources {
		loaded[s.Source] = s.Last != 0
	}
	var missing []string
	fix := "put the sources' workbooks in place and run coo ingest"
	for _, m := range metrics {
		switch {
		case has[m.Name]:
		case loaded[m.Source]:
			missing = append(missing, string(m.Name))
			fix = "run coo ingest to compute the metrics again; if they stay empty, check each one's source, measure and where: in coo.yaml"
		default:
			missing = append(missing, fmt.Sprintf("%s (source %s has no data yet)", m.Name, m.Source))
		}
	}
	if len(missing) > 0 {
		return Check{Status: CheckFail, Fix: fix,
			What: fmt.Sprintf("metrics in coo.yaml without values in the warehouse: %s (%d of %d)", strings.Join(missing, ", "), len(missing), len(metrics))}
	}
	return Check{Status: CheckOK, What: fmt.Sprintf("every metric in coo.yaml has values (%d)", len(metrics))}
}
