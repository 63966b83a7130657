package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/forecast"
	"coo/internal/demo"
	"coo/warehouse"
)

// coo runs the command line in-process and returns its exit code and output.
func runCoo(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return cooCtx(t, context.Background(), args...)
}

func cooCtx(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestMain lets the test binary double as a child process that holds the
// warehouse, for the tests of a second writer and of a reader during a write.
func TestMain(m *testing.M) {
	switch os.Getenv("COO_TEST_CHILD") {
	case "lock":
		l, err := warehouse.Acquire(os.Getenv("COO_TEST_PATH"), warehouse.Holder{PID: os.Getpid(), Command: "coo ingest", Started: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)})
		holdUntilStdinCloses(err)
		l.Release()
		os.Exit(0)
	case "open":
		db, err := warehouse.Open(context.Background(), os.Getenv("COO_TEST_PATH"), warehouse.Options{})
		holdUntilStdinCloses(err)
		db.Close()
		os.Exit(0)
	case "run-publish":
		// coo run monthly stopped just before it publishes, holding the
		// lock, until killed or let go.
		beforePublish = func() { holdUntilStdinCloses(nil) }
		os.Exit(run(context.Background(), []string{"run", "monthly", "--project", os.Getenv("COO_TEST_PATH"), "--quiet"}, io.Discard, io.Discard))
	case "mid-file", "staged":
		// A writer killed in the middle of loading a file, or after staging
		// it but before promoting the batch.
		ctx := context.Background()
		path := os.Getenv("COO_TEST_PATH")
		l, err := warehouse.Acquire(path, warehouse.Holder{PID: os.Getpid(), Command: "coo ingest"})
		if err != nil {
			holdUntilStdinCloses(err)
		}
		db, err := warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			holdUntilStdinCloses(err)
		}
		load, err := db.BeginLoad(ctx, warehouse.File{Source: "finance", Name: "books/big.xlsx", SHA256: "big"}, 0)
		if err != nil {
			holdUntilStdinCloses(err)
		}
		for i := 0; i < 200000 && err == nil; i++ {
			err = load.Fact(warehouse.Fact{Metric: "actual", Unit: "CNY", Period: coo.NewPeriod(2026, 10), Dims: fmt.Sprintf("cost_line=L%d", i), Value: 1, Sheet: "Ledger", Row: i + 2, Col: 4})
		}
		if err == nil && os.Getenv("COO_TEST_CHILD") == "staged" {
			err = load.Commit(ctx)
		}
		holdUntilStdinCloses(err)
		_ = l
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func holdUntilStdinCloses(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("holding")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// child starts this test binary as a process that holds path as mode says,
// and returns it once it holds; closing its stdin lets it go.
func child(t *testing.T, mode, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COO_TEST_CHILD="+mode, "COO_TEST_PATH="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "holding\n" {
		t.Fatalf("child %s: %q", mode, line)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	return cmd
}

func TestDemoEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errs := runCoo(t, "demo", "--project", dir)
	if code != exitOK { // the three bad cells it plants are set aside and the workbook with a bad total refused, as expected
		t.Fatalf("coo demo = %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// Every value the generator wrote is loaded, once, from its cell, and
	// nothing else is. The cells it planted as problems were set aside
	// first (the rejects keep them), and then loaded from the corrected
	// workbooks the departments sent again, with the model's values; the
	// workbook refused for its planted total loaded whole once corrected
	// (the total itself is not a value).
	co, err := demo.Generate(demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ source, metric, period, dims, file, sheet, cell string }
	want := map[key]float64{}
	for _, f := range co.Truth.Facts {
		want[key{f.Source, f.Measure, f.Period.String(), coo.FormatDims(f.Dims), f.File, f.Sheet, f.Cell}] = f.Value
	}
	for _, p := range co.Truth.Problems {
		if p.RefusesFile() {
			// The first report's refusal names the workbook and the total's cell.
			if !strings.Contains(out, p.File+": file refused ("+p.Reason+"): sheet "+strconv.Quote(p.Sheet)+" cell "+p.Cell) {
				t.Errorf("the demo's output does not name the refused %s and its cell %s!%s:\n%s", p.File, p.Sheet, p.Cell, out)
			}
			continue
		}
		want[key{p.Source, p.Measure, p.Period.String(), coo.FormatDims(p.Dims), p.File, p.Sheet, p.Cell}] = p.Value
	}
	if !strings.Contains(out, "The first report was refused") {
		t.Errorf("the demo does not show the refused first report:\n%s", out)
	}
	db := openRO(t, dir)
	rows, err := db.Query(`SELECT source, metric, period, dims, file, sheet, cell, value FROM facts`)
	if err != nil {
		t.Fatal(err)
	}
	var got, correct, wrong, spurious int
	for rows.Next() {
		var k key
		var v float64
		if err := rows.Scan(&k.source, &k.metric, &k.period, &k.dims, &k.file, &k.sheet, &k.cell, &v); err != nil {
			t.Fatal(err)
		}
		got++
		w, ok := want[k]
		switch {
		case !ok:
			spurious++
			if spurious <= 10 {
				t.Errorf("loaded %+v = %v, which the generator did not write", k, v)
			}
		case v != w && math.Abs(v-w) > 1e-12*math.Abs(w):
			wrong++
			if wrong <= 10 {
				t.Errorf("loaded %+v = %v, generator wrote %v", k, v, w)
			}
		default:
			correct++
		}
		delete(want, k)
	}
	rows.Close()
	lost := 0
	for k := range want {
		if lost++; lost <= 10 {
			t.Errorf("the generator wrote %+v, but it was not loaded", k)
		}
	}
	t.Logf("demo truth: %d correct, %d wrong, %d lost, %d spurious", correct, wrong, lost, spurious)
	var rejected int
	db.QueryRow(`SELECT count(*) FROM rejects`).Scan(&rejected)
	if rejected != len(co.Truth.Problems) { // a refused workbook has one, naming the cell
		t.Errorf("%d rejects, the generator planted %d problems", rejected, len(co.Truth.Problems))
	}
	for _, p := range co.Truth.Problems {
		var n int
		db.QueryRow(`SELECT count(*) FROM rejects WHERE file = ? AND sheet = ? AND cell = ?`, p.File, p.Sheet, p.Cell).Scan(&n)
		if n != 1 {
			t.Errorf("planted problem %s %s!%s (%s) has %d rejects, want 1", p.File, p.Sheet, p.Cell, p.Reason, n)
		}
	}

	// Metrics are computed from the facts: total headcount is the sum of units.
	var total, units float64
	if err := db.QueryRow(`SELECT value FROM metric_values WHERE metric = 'hr.headcount' AND dims = '' AND period = '2026-10'`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT sum(value) FROM facts WHERE source = 'hr' AND metric = 'headcount' AND period = '2026-10'`).Scan(&units); err != nil {
		t.Fatal(err)
	}
	if total != units || total == 0 {
		t.Errorf("hr.headcount 2026-10 = %v, sum of units' headcount = %v", total, units)
	} // The demo forecasts every series, and says how each was chosen.
	var series, steps, missing int
	db.QueryRow(`SELECT count(*) FROM forecast_models WHERE error = '' AND summary <> '' AND method <> ''`).Scan(&series)
	db.QueryRow(`SELECT count(*) FROM latest_forecasts`).Scan(&steps)
	db.QueryRow(`SELECT count(*) FROM (SELECT DISTINCT metric, dims FROM metric_values) ANTI JOIN forecast_models USING (metric, dims)`).Scan(&missing)
	if series == 0 || steps != 12*series || missing != 0 {
		t.Errorf("demo forecasts: %d series with a model, %d steps (want 12 each), %d series without a forecast", series, steps, missing)
	}

	db.Close()

	// The README's check, through the command line.
	code, out, _ = runCoo(t, "sql", "--project", dir, "--format", "csv", "select count(*) as n from facts")
	if n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(out, "n\n"))); code != exitOK || n != got || n == 0 {
		t.Errorf("coo sql count = %d, %q; want %d", code, out, got)
	}
	// Again: nothing new, and the second run is in the history.
	code, out, errs = runCoo(t, "demo", "--project", dir)
	if code != exitOK || !strings.Contains(out, " 0 loaded") {
		t.Errorf("second coo demo = %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCoo(t, "forecast", "--project", dir, "--metrics", "hr.headcount,sales.revenue", "--totals", "--h", "6")
	if code != exitOK || !strings.Contains(out, "2 series forecast 6 months ahead") || !strings.Contains(out, "hr.headcount") {
		t.Errorf("coo forecast = %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := runCoo(t, "forecast", "--project", dir, "--metrics", "no.such"); code != exitUsage || !strings.Contains(errs, "no.such") {
		t.Errorf("coo forecast --metrics no.such = %d, %q", code, errs)
	}
	code, out, _ = runCoo(t, "runs", "--project", dir)
	if code != exitOK || strings.Count(out, "coo demo") != 2 || strings.Count(out, " ok ") != 3 {
		t.Errorf("coo runs = %d\n%s", code, out)
	}
	code, out, _ = runCoo(t, "runs", "--project", dir, "show", "1")
	if code != exitOK || !strings.Contains(out, "workbooks/finance/finance-2026-10.xlsx") || !strings.Contains(out, "output") {
		t.Errorf("coo runs show 1 = %d\n%s", code, out)
	}
}

func openRO(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := warehouse.Open(context.Background(), filepath.Join(dir, "coo.duckdb"), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.SQL()
}

// newProject writes a project with the finance source of the example and
// the tidy fixture of the ingest tests.
func newProject(t *testing.T) string {
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
      - {name: budget, column: Budget, unit: CNY}
      - {name: actual, column: Actual, unit: CNY}
metrics:
  - {name: finance.cost, source: finance, measure: actual, kind: flow}
`
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), []byte(cfg), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "books"), 0o755))
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, b, 0o644))
}

func TestIngestRejectsAndBadFiles(t *testing.T) {
	dir := newProject(t)
	copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "a.xlsx"))
	copyFile(t, "../../ingest/testdata/dupheader.xlsx", filepath.Join(dir, "books", "b.xlsx"))
	must(t, os.WriteFile(filepath.Join(dir, "books", "c.xlsx"), []byte("not a workbook"), 0o644))
	code, out, errs := runCoo(t, "ingest", "--project", dir)
	if code != exitRejects {
		t.Fatalf("coo ingest = %d, want %d\n%s\n%s", code, exitRejects, out, errs)
	}
	for _, want := range []string{"books/b.xlsx", "F1", "books/c.xlsx", "coo rejects"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not mention %s:\n%s", want, errs)
		}
	}
	db := openRO(t, dir)
	var facts, cellRejects, fileRejects int
	db.QueryRow(`SELECT count(*) FROM facts`).Scan(&facts)
	db.QueryRow(`SELECT count(*) FROM rejects WHERE file = 'books/a.xlsx'`).Scan(&cellRejects)
	db.QueryRow(`SELECT count(*) FROM rejects r JOIN files f ON f.id = r.file_id WHERE f.status = 'refused'`).Scan(&fileRejects)
	var status string
	var exit int
	db.QueryRow(`SELECT status, exit_code FROM runs WHERE id = 1`).Scan(&status, &exit)
	if facts != 7 || cellRejects != 5 || fileRejects != 2 || status != "rejects" || exit != exitRejects {
		t.Errorf("after ingest: %d facts, %d cell rejects, %d file rejects, run %s/%d; want 7, 5, 2, rejects/3", facts, cellRejects, fileRejects, status, exit)
	}
	db.Close()
	// The refused files are not read again, but they are named on every run,
	// with exit 3, until they are replaced.
	if code, out, errs := runCoo(t, "ingest", "--project", dir); code != exitRejects || !strings.Contains(out, "1 unchanged") ||
		!strings.Contains(out, "2 refused earlier") || !strings.Contains(out, "books/c.xlsx (refused earlier): books/c.xlsx: not an .xlsx workbook") {
		t.Errorf("second coo ingest = %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCoo(t, "rejects", "--project", dir)
	if code != exitOK || !strings.Contains(out, "books/a.xlsx") || !strings.Contains(out, "E6") || !strings.Contains(out, "duplicate_header") || !strings.Contains(out, "7 rejects") {
		t.Errorf("coo rejects = %d\n%s", code, out)
	}
	// The same rejects as CSV and JSON; --quiet prints the total only.
	code, out, _ = runCoo(t, "rejects", "--project", dir, "--format", "csv")
	recs := parseCSV(t, out)
	if code != exitOK || len(recs) != 8 || strings.Join(recs[0], ",") != "file,sheet,cell,reason,message,raw,run" || recs[1][6] != "1" {
		t.Errorf("coo rejects --format csv = %d\n%s", code, out)
	}
	var objs []map[string]any
	code, out, _ = runCoo(t, "rejects", "--project", dir, "--format", "json")
	if err := json.Unmarshal([]byte(out), &objs); code != exitOK || err != nil || len(objs) != 7 || objs[0]["run"] != 1.0 || objs[0]["file"] != recs[1][0] {
		t.Errorf("coo rejects --format json = %d, %v\n%s", code, err, out)
	}
	if code, out, _ = runCoo(t, "rejects", "--project", dir, "--quiet"); code != exitOK || out != "7 rejects\n" {
		t.Errorf("coo rejects --quiet = %d, %q; want \"7 rejects\\n\"", code, out)
	}
}

func TestSecondWriterRefused(t *testing.T) {
	dir := newProject(t)
	holder := child(t, "lock", filepath.Join(dir, "coo.duckdb"))
	code, _, errs := runCoo(t, "ingest", "--project", dir)
	if code != exitRefused {
		t.Fatalf("coo ingest while another holds the lock = %d, want %d\n%s", code, exitRefused, errs)
	}
	for _, want := range []string{"busy", strconv.Itoa(holder.Process.Pid), "coo ingest", "2026-11-01T08:00:00Z"} {
		if !strings.Contains(errs, want) {
			t.Errorf("message %q does not name the holder (%s)", errs, want)
		}
	}
}

func TestReaderDuringWrite(t *testing.T) {
	dir := newProject(t)
	code, _, errs := runCoo(t, "ingest", "--project", dir) // creates the warehouse
	if code != exitOK {
		t.Fatalf("coo ingest = %d\n%s", code, errs)
	}
	holder := child(t, "open", filepath.Join(dir, "coo.duckdb"))
	for _, args := range [][]string{{"sql", "select 1"}, {"runs"}, {"ingest"}} {
		code, _, errs := runCoo(t, append(args, "--project", dir)...)
		if code != exitRefused || !strings.Contains(errs, "busy") || !strings.Contains(errs, strconv.Itoa(holder.Process.Pid)) {
			t.Errorf("coo %s while another process writes = %d, %q; want %d, busy, naming pid %d", args[0], code, errs, exitRefused, holder.Process.Pid)
		}
	}
}

// TestKilledMidFile: a writer killed with SIGKILL in the middle of a file,
// or between staging it and promoting the batch, leaves none of it visible,
// no stale lock, and a warehouse the next ingest uses normally.
func TestKilledMidFile(t *testing.T) {
	for _, mode := range []string{"mid-file", "staged"} {
		t.Run(mode, func(t *testing.T) {
			dir := newProject(t)
			copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "a.xlsx"))
			if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitRejects {
				t.Fatalf("first ingest = %d: %s", code, errs)
			}
			cmd := child(t, mode, filepath.Join(dir, "coo.duckdb"))
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			db := openRO(t, dir)
			var facts, staged int
			db.QueryRow(`SELECT count(*) FROM facts`).Scan(&facts)
			db.QueryRow(`SELECT count(*) FROM files WHERE status = 'staged'`).Scan(&staged)
			db.Close()
			if facts != 7 {
				t.Errorf("after the kill, %d facts are visible; want the 7 of a.xlsx and none of the killed load", facts)
			}
			if mode == "mid-file" && staged != 0 {
				t.Errorf("a load killed mid-file left %d staged files", staged)
			}
			code, out, errs := runCoo(t, "ingest", "--project", dir)
			if code != exitOK || !strings.Contains(out, "1 unchanged") {
				t.Errorf("ingest after the kill = %d\n%s\n%s", code, out, errs)
			}
			db = openRO(t, dir)
			db.QueryRow(`SELECT count(*) FROM fact_cells`).Scan(&facts)
			db.QueryRow(`SELECT count(*) FROM files WHERE status = 'staged'`).Scan(&staged)
			if facts != 7 || staged != 0 {
				t.Errorf("after the next ingest: %d fact rows, %d staged files; want 7, 0", facts, staged)
			}
		})
	}
}

func TestNoProject(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"ingest", "sql", "runs"} {
		args := []string{cmd, "--project", dir}
		if cmd == "sql" {
			args = append(args, "select 1")
		}
		code, _, errs := runCoo(t, args...)
		if code != exitUsage || !strings.Contains(errs, "coo init") {
			t.Errorf("coo %s without a project = %d, %q; want %d and advice to run coo init", cmd, code, errs, exitUsage)
		}
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	if code, _, errs := runCoo(t, "init", "--project", dir); code != exitOK {
		t.Fatalf("coo init = %d\n%s", code, errs)
	}
	if code, _, errs := runCoo(t, "init", "--project", dir); code != exitRefused || !strings.Contains(errs, "--force") {
		t.Errorf("second coo init = %d, %q; want %d, naming --force", code, errs, exitRefused)
	}
	// The example is valid: ingest runs (there are no workbooks yet).
	if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitOK || !strings.Contains(errs, "no file matches inbox/sales/*.xlsx") {
		t.Errorf("coo ingest on the example = %d, %q", code, errs)
	}
}

func TestBadProjectFile(t *testing.T) {
	dir := newProject(t)
	b, _ := os.ReadFile(filepath.Join(dir, "coo.yaml"))
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), bytes.Replace(b, []byte("kind: flow"), []byte("kind: level"), 1), 0o644))
	code, _, errs := runCoo(t, "ingest", "--project", dir)
	if code != exitUsage || !strings.Contains(errs, "coo.yaml:12: metrics[0].kind") {
		t.Errorf("coo ingest with a bad project file = %d, %q; want %d naming line 12 and metrics[0].kind", code, errs, exitUsage)
	}
	// A project file that is not a regular file, or is too large: exit 2
	// naming it, at once (a FIFO or /dev/zero is never read).
	for _, tc := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"folder", func(p string) error { return os.Mkdir(p, 0o755) }, "it is a folder"},
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "named pipe"},
		{"device", func(p string) error { return os.Symlink("/dev/zero", p) }, "character device"},
		{"too large", func(p string) error { return os.WriteFile(p, bytes.Repeat([]byte("# \n"), 1<<19+1), 0o644) }, "larger than 1048576"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "coo.yaml")
		must(t, tc.make(path))
		start := time.Now()
		code, _, errs := runCoo(t, "ingest", "--project", dir)
		if code != exitUsage || !strings.Contains(errs, path) || !strings.Contains(errs, tc.want) || time.Since(start) > 10*time.Second {
			t.Errorf("coo.yaml a %s: coo ingest = %d, %q; want %d naming %s and %q, promptly", tc.name, code, errs, exitUsage, path, tc.want)
		}
	}
}

func TestSQLFormats(t *testing.T) {
	dir := newProject(t)
	if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitOK {
		t.Fatal(errs)
	}
	q := `select 'a,b' as t, '=HYPERLINK("x")' as f, -1.5 as n, NULL as z, '多' as c`
	code, out, errs := runCoo(t, "sql", "--project", dir, "--format", "csv", q)
	if code != exitOK {
		t.Fatalf("coo sql --format csv = %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	want := [][]string{{"t", "f", "n", "z", "c"}, {"a,b", `'=HYPERLINK("x")`, "-1.5", "", "多"}}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("csv = %q, want %q", recs, want)
	}
	code, out, _ = runCoo(t, "sql", "--project", dir, "--format", "json", q)
	var objs []map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &objs) != nil || len(objs) != 1 || objs[0]["n"] != -1.5 || objs[0]["z"] != nil || objs[0]["f"] != `=HYPERLINK("x")` {
		t.Errorf("json = %d %s", code, out)
	}
	code, out, _ = runCoo(t, "sql", "--project", dir, "select 42 as answer")
	if code != exitOK || !strings.Contains(out, "answer") || !strings.Contains(out, "42") || !strings.Contains(out, "(1 row)") {
		t.Errorf("table = %d %q", code, out)
	}
	// Read-only: a write is refused by DuckDB.
	if code, _, errs := runCoo(t, "sql", "--project", dir, "delete from files"); code != exitUsage || !strings.Contains(errs, "read-only") {
		t.Errorf("coo sql delete = %d, %q; want %d, read-only", code, errs, exitUsage)
	}
	if code, _, _ := runCoo(t, "sql", "--project", dir, "--format", "xml", "select 1"); code != exitUsage {
		t.Errorf("coo sql --format xml = %d, want %d", code, exitUsage)
	}
}

func TestInterrupted(t *testing.T) {
	dir := newProject(t)
	copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "a.xlsx"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, errs := cooCtx(t, ctx, "ingest", "--project", dir)
	if code != exitInterrupted || !strings.Contains(errs, "interrupted") {
		t.Fatalf("coo ingest, cancelled = %d, %q; want %d", code, errs, exitInterrupted)
	}
}

func TestHelpAndUsage(t *testing.T) {
	code, out, _ := runCoo(t, "help")
	if code != exitOK {
		t.Fatalf("coo help = %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name+" ") {
			t.Errorf("coo help does not list %s", c.name)
		}
		if code, hout, _ := runCoo(t, "help", c.name); code != exitOK || !strings.Contains(hout, "usage: coo "+c.name) {
			t.Errorf("coo help %s = %d %q", c.name, code, hout)
		}
	}
	for _, want := range []string{"130", "busy", "rejected"} {
		if !strings.Contains(out, want) {
			t.Errorf("coo help does not document %q", want)
		}
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"sql", "--bogus"}, {"sql", "a", "b"}, {"runs", "show", "x"}, {"ingest", "--log", "xml"}} {
		if code, _, _ := runCoo(t, args...); code != exitUsage {
			t.Errorf("coo %q = %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCoo(t, "version"); code != exitOK || !strings.Contains(out, "DuckDB v") {
		t.Errorf("coo version = %d %q", code, out)
	}
}

// TestExportFacts: the export has the facts' columns and rows, and text
// that a spreadsheet would run as a formula is defused.
func TestExportFacts(t *testing.T) {
	dir := t.TempDir()
	cfg := `version: 1
sources:
  - name: finance
    files: books/*.xlsx
    period: {column: Month}
    dimensions: [{name: cost_line, column: Cost line}]
    measures: [{name: actual, column: Actual, unit: CNY}]
`
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), []byte(cfg), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "books"), 0o755))
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "@Ledger"))
	for i, row := range [][]any{{"Month", "Cost line", "Actual"}, {"2026-10", "=HYPERLINK(\"http://x\")", -1.5}, {"2026-10", "Rent;Office=1", 0.1}} {
		must(t, f.SetSheetRow("@Ledger", fmt.Sprintf("A%d", i+1), &row))
	}
	must(t, f.SaveAs(filepath.Join(dir, "books", "a.xlsx")))
	if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitOK {
		t.Fatalf("ingest = %d: %s", code, errs)
	}
	out := filepath.Join(dir, "facts.csv")
	if code, _, errs := runCoo(t, "export", "--project", dir, "facts", "--out", out); code != exitOK {
		t.Fatalf("export = %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	must(t, err)
	want := [][]string{
		{"source", "metric", "period", "dims", "value", "unit", "file", "sheet", "cell"},
		{"finance", "actual", "2026-10", `cost_line=Rent\;Office\=1`, "0.1", "CNY", "books/a.xlsx", "'@Ledger", "C3"},
		{"finance", "actual", "2026-10", `cost_line=\=HYPERLINK("http://x")`, "-1.5", "CNY", "books/a.xlsx", "'@Ledger", "C2"},
	}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("export =\n%q\nwant\n%q", recs, want)
	}
	// To standard output, the same bytes.
	if code, stdout, _ := runCoo(t, "export", "--project", dir, "facts"); code != exitOK || stdout != string(b) {
		t.Errorf("export to stdout = %d, differs from --out", code)
	}
}

// TestIngestPathsAndConflict: ingest takes folders; two new files for the
// same source and month are refused together and named; a later corrected
// file replaces the month's rows.
func TestIngestPathsAndConflict(t *testing.T) {
	dir := newProject(t)
	book := func(name string, actual float64) {
		f := excelize.NewFile()
		must(t, f.SetSheetName("Sheet1", "Ledger"))
		for i, row := range [][]any{{"Month", "Cost line", "Budget", "Actual"}, {"2026-10", "Rent", 100, actual}} {
			must(t, f.SetSheetRow("Ledger", fmt.Sprintf("A%d", i+1), &row))
		}
		must(t, f.SaveAs(filepath.Join(dir, "books", name)))
	}
	book("a.xlsx", 1)
	book("b.xlsx", 2)
	code, out, errs := runCoo(t, "ingest", "--project", dir, filepath.Join(dir, "books"))
	if code != exitRejects || strings.Count(out, "(conflict): another file of this batch holds finance 2026-10") != 2 || !strings.Contains(errs, "books/a.xlsx, books/b.xlsx") {
		t.Fatalf("ingest of two files for one month = %d\n%s\n%s", code, out, errs)
	}
	must(t, os.Remove(filepath.Join(dir, "books", "b.xlsx")))
	if code, out, errs := runCoo(t, "ingest", "--project", dir); code != exitOK || !strings.Contains(out, "1 loaded") {
		t.Fatalf("ingest after removing one = %d\n%s\n%s", code, out, errs)
	}
	book("a-corrected.xlsx", 3)
	code, out, errs = runCoo(t, "ingest", "--project", dir)
	if code != exitOK || !strings.Contains(out, "1 loaded") || !strings.Contains(out, "2 earlier values replaced") {
		t.Fatalf("ingest of a correction = %d\n%s\n%s", code, out, errs)
	}
	db := openRO(t, dir)
	var v float64
	var file string
	db.QueryRow(`SELECT value, file FROM facts WHERE metric = 'actual'`).Scan(&v, &file)
	if v != 3 || file != "books/a-corrected.xlsx" {
		t.Errorf("after the correction, actual = %v from %s; want 3 from books/a-corrected.xlsx", v, file)
	}
	db.Close()
	// A changed mapping reads the files again (the superseded one removed
	// first: read again, the two would conflict, as they should).
	must(t, os.Remove(filepath.Join(dir, "books", "a.xlsx")))
	cfg, _ := os.ReadFile(filepath.Join(dir, "coo.yaml"))
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), bytes.Replace(cfg, []byte("{name: actual, column: Actual, unit: CNY}"), []byte("{name: actual, column: Actual, unit: CNY, scale: 1000}"), 1), 0o644))
	if code, out, errs := runCoo(t, "ingest", "--project", dir); code != exitOK || !strings.Contains(out, "1 loaded") {
		t.Fatalf("ingest after a mapping change = %d\n%s\n%s", code, out, errs)
	}
	db = openRO(t, dir)
	db.QueryRow(`SELECT value FROM facts WHERE metric = 'actual'`).Scan(&v)
	if v != 3000 {
		t.Errorf("after scale: 1000, actual = %v, want 3000", v)
	}
}

// TestHelpFiles: every command has its help/NAME.txt and every help file
// a command; backtest's help lists every forecasting method there is.
func TestHelpFiles(t *testing.T) {
	names := map[string]bool{}
	for _, c := range commands() {
		names[c.name] = true
		if c.name != "version" && strings.TrimSpace(c.help()) == "" {
			t.Errorf("coo %s has no help/%s.txt", c.name, c.name)
		}
	}
	files, err := helpFiles.ReadDir("help")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(f.Name(), ".txt"); !names[name] {
			t.Errorf("help/%s is no command's", f.Name())
		}
	}
	var bt *command
	for _, c := range commands() {
		if c.name == "backtest" {
			bt = c
		}
	}
	text := strings.Join(strings.Fields(bt.help()), " ")
	if !strings.Contains(text, strings.Join(forecast.Methods(), ", ")+".") {
		t.Errorf("coo help backtest does not list the methods %v", forecast.Methods())
	}
}
