package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"coo/internal/project"
	"coo/warehouse"
)

// tidyProject writes a project with two sources, finance (books/*.xlsx)
// and hr (no workbooks yet), a metric of finance, and loads
// ingest/testdata/tidy.xlsx as finance's workbook.
func tidyProject(t *testing.T) *project.Project {
	t.Helper()
	dir := t.TempDir()
	cfg := `version: 1
sources:
  - name: finance
    files: books/*.xlsx
    sheet: Ledger
    period: {column: Month}
    dimensions: [{name: cost_line, column: Cost line}]
    measures:
      - {name: actual, column: Actual, unit: CNY}
  - name: hr
    files: hr/*.xlsx
    period: {column: Month}
    measures:
      - {name: heads, column: Heads, unit: people}
metrics:
  - {name: finance.cost, source: finance, measure: actual, kind: flow}
`
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), []byte(cfg), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "books"), 0o755))
	src, err := os.Open("../ingest/testdata/tidy.xlsx")
	must(t, err)
	defer src.Close()
	dst, err := os.Create(filepath.Join(dir, "books", "a.xlsx"))
	must(t, err)
	_, err = io.Copy(dst, src)
	must(t, err)
	must(t, dst.Close())
	p, err := project.Load(dir)
	must(t, err)
	ctx := context.Background()
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	res, err := Ingest(ctx, s, IngestOptions{})
	must(t, s.End(err, ""))
	if len(res.Files) != 1 || res.Files[0].Values == 0 {
		t.Fatalf("ingest of tidy.xlsx loaded nothing: %+v", res.Files)
	}
	return p
}

// doctor runs Doctor and returns its checks as "status: what" lines.
func doctor(t *testing.T, dir string) string {
	t.Helper()
	checks, err := Doctor(context.Background(), dir)
	must(t, err)
	var b strings.Builder
	for _, c := range checks {
		b.WriteString(c.Status.String() + ": " + c.What + "\n")
		if c.Status != CheckOK && c.Fix == "" && !strings.Contains(c.What, "schema") {
			t.Errorf("%s without a fix", c.What)
		}
	}
	return b.String()
}

// TestDoctor: a healthy project fails nothing; a metric added to coo.yaml
// whose source has no data yet fails, and so does an ingest that failed
// while computing metrics (the metrics and metric_values tables empty),
// both of which the warehouse's own check cannot see; a stale lock and a
// held one are told apart, each in a sentence.
func TestDoctor(t *testing.T) {
	if got := doctor(t, filepath.Join(t.TempDir(), "none")); !strings.HasPrefix(got, "FAIL: project file: ") {
		t.Errorf("Doctor of a folder without coo.yaml:\n%s", got)
	}
	p := tidyProject(t)
	got := doctor(t, p.Dir)
	for _, want := range []string{
		"ok: warehouse: every fact belongs to a recorded file\n",
		"warn: source hr: no file matches hr/*.xlsx\n",
		"ok: every metric in coo.yaml has values (1)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Doctor of a healthy project lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "FAIL") {
		t.Errorf("Doctor of a healthy project fails:\n%s", got)
	}

	// A metric added to coo.yaml since the last ingest, of a source without data.
	yaml := filepath.Join(p.Dir, "coo.yaml")
	cfg, err := os.ReadFile(yaml)
	must(t, err)
	must(t, os.WriteFile(yaml, append(cfg, "  - {name: hr.heads, source: hr, measure: heads, kind: stock}\n"...), 0o644))
	if got := doctor(t, p.Dir); !strings.Contains(got, "FAIL: metrics in coo.yaml without values in the warehouse: hr.heads (source hr has no data yet) (1 of 2)\n") {
		t.Errorf("Doctor with a new metric without data:\n%s", got)
	}
	must(t, os.WriteFile(yaml, cfg, 0o644))

	// What an ingest that died computing metrics (disk full) leaves.
	db, err := sql.Open("duckdb", p.Warehouse)
	must(t, err)
	_, err = db.Exec(`DELETE FROM metric_values; DELETE FROM metrics`)
	must(t, err)
	must(t, db.Close())
	got = doctor(t, p.Dir)
	if !strings.Contains(got, "FAIL: metrics in coo.yaml without values in the warehouse: finance.cost (1 of 1)\n") {
		t.Errorf("Doctor after metrics were lost does not fail naming finance.cost:\n%s", got)
	}

	// A lock left by a writer that was killed, and one held now.
	must(t, os.WriteFile(p.Warehouse+".lock", []byte(`{"pid":4242,"command":"coo ingest","started":"2026-10-05T06:30:00Z"}`+"\n"), 0o644))
	if got := doctor(t, p.Dir); !strings.Contains(got, "warn: stale lock: process 4242 (coo ingest, started 2026-10-05T06:30:00Z) ended without releasing") {
		t.Errorf("Doctor with a stale lock:\n%s", got)
	}
	lock, err := warehouse.Acquire(p.Warehouse, warehouse.Holder{PID: os.Getpid(), Command: "coo test", Started: time.Now()})
	must(t, err)
	defer lock.Release()
	if got := doctor(t, p.Dir); !strings.Contains(got, fmt.Sprintf("warn: process %d (coo test, started ", os.Getpid())) || !strings.Contains(got, ") is writing the warehouse\n") {
		t.Errorf("Doctor while a writer holds the lock:\n%s", got)
	}
}
