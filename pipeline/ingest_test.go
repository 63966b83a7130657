package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo/internal/project"
)

// ledger writes a one-row finance workbook (month 2026-10, Rent) to path.
func ledger(t *testing.T, path string, actual float64) {
	t.Helper()
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Ledger"))
	for i, row := range [][]any{{"Month", "Cost line", "Actual"}, {"2026-10", "Rent", actual}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(t, f.SetSheetRow("Ledger", cell, &row))
	}
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, f.SaveAs(path))
}

func ingestOnce(t *testing.T, p *project.Project, opt IngestOptions) (*IngestResult, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Begin(ctx, p, Config{Command: "coo ingest"})
	must(t, err)
	res, err := Ingest(ctx, s, opt)
	if err == nil {
		err = res.Err()
	}
	s.End(err, "")
	return res, err
}

func byName(res *IngestResult) map[string]FileResult {
	m := map[string]FileResult{}
	for _, f := range res.Files {
		m[f.Name] = f
	}
	return m
}

// TestIngestFaults: a FIFO, a folder named like a workbook and a file too
// large are refused from stat, never opened blocking, and recorded; the
// good file of the batch loads all the same; on the next run they are
// named again as refused earlier, exit 3, until they are replaced.
func TestIngestFaults(t *testing.T) {
	p := newProject(t)
	books := filepath.Join(p.Dir, "books")
	ledger(t, filepath.Join(books, "good.xlsx"), 5)
	must(t, syscall.Mkfifo(filepath.Join(books, "pipe.xlsx"), 0o644))
	must(t, os.Mkdir(filepath.Join(books, "folder.xlsx"), 0o755))
	big, err := os.Create(filepath.Join(books, "big.xlsx"))
	must(t, err)
	must(t, big.Truncate(MaxWorkbook+1)) // sparse: no disk, and never read
	big.Close()

	res, err := ingestOnce(t, p, IngestOptions{})
	if ExitCode(err) != ExitRejects {
		t.Fatalf("ingest = %v (exit %d), want exit %d", err, ExitCode(err), ExitRejects)
	}
	files := byName(res)
	if f := files["books/good.xlsx"]; f.Status != Loaded || f.Values != 1 {
		t.Errorf("good.xlsx: %+v, want loaded with 1 value", f)
	}
	for name, want := range map[string]string{"books/pipe.xlsx": "not a regular file", "books/folder.xlsx": "not a regular file", "books/big.xlsx": "more than the limit"} {
		if f := files[name]; f.Status != Refused || !strings.Contains(f.Reason, want) {
			t.Errorf("%s: %s %q, want refused saying %q", name, f.Status, f.Reason, want)
		}
	}
	db, err := OpenReadOnly(context.Background(), p)
	must(t, err)
	var codes string
	must(t, db.SQL().QueryRow(`SELECT string_agg(file || ':' || reason, ' ' ORDER BY file) FROM rejects`).Scan(&codes))
	db.Close()
	if want := "books/big.xlsx:too_large books/folder.xlsx:not_regular books/pipe.xlsx:not_regular"; codes != want {
		t.Errorf("rejects recorded: %q, want %q", codes, want)
	}

	res, err = ingestOnce(t, p, IngestOptions{})
	if ExitCode(err) != ExitRejects || res.RefusedEarlier != 3 || res.Unchanged != 1 {
		t.Errorf("second run: %v; %d refused earlier, %d unchanged; want exit 3, 3 and 1", err, res.RefusedEarlier, res.Unchanged)
	}
	// Replaced by good workbooks: everything loads, exit 0.
	for _, name := range []string{"pipe.xlsx", "big.xlsx"} {
		must(t, os.Remove(filepath.Join(books, name)))
	}
	must(t, os.Remove(filepath.Join(books, "folder.xlsx")))
	ledger(t, filepath.Join(books, "big.xlsx"), 7)
	if res, err = ingestOnce(t, p, IngestOptions{}); err != nil {
		t.Errorf("after the fixes: %v (%s)", err, res)
	}
}

// TestIngestPaths: --source loads a file from outside the project; a file
// given that matches no glob names the globs; an absolute glob works; a
// glob that matches nothing is named.
func TestIngestPaths(t *testing.T) {
	p := newProject(t)
	outside := filepath.Join(t.TempDir(), "ledger-oct.xlsx")
	ledger(t, outside, 3)

	_, err := ingestOnce(t, p, IngestOptions{Paths: []string{outside}})
	if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "finance: books/*.xlsx") || !strings.Contains(err.Error(), "--source") {
		t.Errorf("a file outside every glob: %v; want exit 2 naming the globs and --source", err)
	}
	res, err := ingestOnce(t, p, IngestOptions{Paths: []string{outside}, Source: "finance"})
	if err != nil || res.Loaded != 1 || res.Files[0].Name != filepath.ToSlash(outside) {
		t.Errorf("--source finance %s: %v, %+v", outside, err, res)
	}
	if _, err := ingestOnce(t, p, IngestOptions{Paths: []string{outside}, Source: "sales"}); ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "sources: finance") {
		t.Errorf("--source sales: %v; want exit 2 listing the sources", err)
	}

	res, err = ingestOnce(t, p, IngestOptions{})
	if err != nil || len(res.Unmatched) != 1 || !strings.Contains(res.Unmatched[0], "source finance: no file matches books/*.xlsx") {
		t.Errorf("empty inbox: %v, unmatched %q", err, res.Unmatched)
	}
	// Workbooks in the glob's folder that it does not match are named
	// (found from outside: they were left out without a word); Excel's
	// lock files, other files and subfolders are not.
	books := filepath.Join(p.Dir, "books")
	for _, f := range []string{"ledger-nov.XLSX", "ledger-dec.xlsm", "~$ledger.xlsx", "notes.txt", "old/ledger-sep.xlsx"} {
		must(t, os.MkdirAll(filepath.Dir(filepath.Join(books, f)), 0o755))
		must(t, os.WriteFile(filepath.Join(books, f), []byte("x"), 0o644))
	}
	res, err = ingestOnce(t, p, IngestOptions{})
	if err != nil || len(res.Unmatched) != 3 || !strings.Contains(res.Unmatched[1], "books/ledger-dec.xlsm matches no source's files glob (finance: books/*.xlsx)") ||
		!strings.Contains(res.Unmatched[2], "books/ledger-nov.XLSX matches no source's files glob") || !strings.Contains(res.Unmatched[2], "--source") {
		t.Errorf("workbooks the glob leaves out: %v, unmatched %q", err, res.Unmatched)
	}

	// An absolute glob.
	inbox := t.TempDir()
	ledger(t, filepath.Join(inbox, "f-2026-10.xlsx"), 9)
	cfg := strings.Replace(readFile(t, filepath.Join(p.Dir, "coo.yaml")), "files: books/*.xlsx", "files: "+filepath.ToSlash(inbox)+"/*.xlsx", 1)
	must(t, os.WriteFile(filepath.Join(p.Dir, "coo.yaml"), []byte(cfg), 0o644))
	p2, err := project.Load(p.Dir)
	must(t, err)
	res, err = ingestOnce(t, p2, IngestOptions{})
	if err != nil || res.Loaded != 1 || !strings.HasPrefix(res.Files[0].Name, "/") {
		t.Errorf("absolute glob: %v, %+v", err, res)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}

// TestIngestOverlappingGlobs: finance reads books/*.xlsx and a budget
// source books/budget-*.xlsx, both the same columns. A budget workbook
// sent later matched both, loaded as finance too and replaced the month's
// actuals without a word (found from outside). It is now a conflict for
// both sources, the reject names a cell both read, and the actuals stay.
func TestIngestOverlappingGlobs(t *testing.T) {
	p := newProject(t)
	cfg := readFile(t, filepath.Join(p.Dir, "coo.yaml")) + `  - {name: finance.budget, source: budget, measure: actual, kind: flow}
`
	cfg = strings.Replace(cfg, "metrics:", `  - name: budget
    files: books/budget-*.xlsx
    sheet: Ledger
    period: {column: Month}
    dimensions: [{name: cost_line, column: Cost line}]
    measures:
      - {name: actual, column: Actual, unit: CNY}
metrics:`, 1)
	must(t, os.WriteFile(filepath.Join(p.Dir, "coo.yaml"), []byte(cfg), 0o644))
	p, err := project.Load(p.Dir)
	must(t, err)
	ledger(t, filepath.Join(p.Dir, "books", "ledger-2026-10.xlsx"), 100)
	if _, err := ingestOnce(t, p, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	ledger(t, filepath.Join(p.Dir, "books", "budget-2026-10.xlsx"), 999)
	res, err := ingestOnce(t, p, IngestOptions{})
	if ExitCode(err) != ExitRejects || res.Conflicts != 2 || res.Loaded != 0 {
		t.Fatalf("the budget workbook both sources read: %v, %d conflicts, %d loaded; want both conflicts, exit 3", err, res.Conflicts, res.Loaded)
	}
	for _, f := range res.Files {
		if f.Status == Conflict && !strings.Contains(f.Reason, "books/budget-2026-10.xlsx: sources budget and finance both read its cell Ledger!C2") {
			t.Errorf("%s (%s): reason %q, want the cell both sources read", f.Name, f.Source, f.Reason)
		}
	}
	db, err := OpenReadOnly(context.Background(), p)
	must(t, err)
	var v float64
	must(t, db.SQL().QueryRow(`SELECT sum(value) FROM facts WHERE source = 'finance'`).Scan(&v))
	db.Close()
	if v != 100 {
		t.Errorf("finance's actuals = %v, want the 100 of ledger-2026-10.xlsx", v)
	}

	// The same budget workbook in one batch with that month's actuals:
	// the same-month conflict took its finance load out first and left
	// its budget load to load (found from outside). Neither loads; the
	// actuals do.
	p2 := newProject(t)
	must(t, os.WriteFile(filepath.Join(p2.Dir, "coo.yaml"), []byte(cfg), 0o644))
	p2, err = project.Load(p2.Dir)
	must(t, err)
	ledger(t, filepath.Join(p2.Dir, "books", "ledger-2026-10.xlsx"), 100)
	ledger(t, filepath.Join(p2.Dir, "books", "budget-2026-10.xlsx"), 999)
	res, err = ingestOnce(t, p2, IngestOptions{})
	got := map[string]string{}
	for _, f := range res.Files {
		got[f.Source+" "+f.Name] = string(f.Status)
	}
	want := map[string]string{"finance books/ledger-2026-10.xlsx": string(Loaded), "finance books/budget-2026-10.xlsx": string(Conflict), "budget books/budget-2026-10.xlsx": string(Conflict)}
	if ExitCode(err) != ExitRejects || !reflect.DeepEqual(got, want) {
		t.Errorf("one batch: %v, %v; want %v, exit 3", err, got, want)
	}
}

// TestIngestDropped: a file for a month that lacks some of the values it
// replaces still loads (the department's latest file is the month), but
// says which values are gone: a reject "dropped" on the file, exit 3, and
// the ingest line. A file with every key of the month (new values, or a
// key more) drops nothing. Found from outside: a correction sent for one
// cost line took the month's others out with only "1 earlier values
// replaced" said.
func TestIngestDropped(t *testing.T) {
	p := newProject(t)
	book := func(name string, rows ...[]any) {
		f := excelize.NewFile()
		must(t, f.SetSheetName("Sheet1", "Ledger"))
		rows = append([][]any{{"Month", "Cost line", "Actual"}}, rows...)
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			must(t, f.SetSheetRow("Ledger", cell, &row))
		}
		must(t, f.SaveAs(filepath.Join(p.Dir, "books", name)))
	}
	sum := func() float64 {
		db, err := OpenReadOnly(context.Background(), p)
		must(t, err)
		defer db.Close()
		var v float64
		must(t, db.SQL().QueryRow(`SELECT sum(value) FROM facts WHERE source = 'finance'`).Scan(&v))
		return v
	}
	book("ledger-2026-10.xlsx", []any{"2026-10", "Rent", 100}, []any{"2026-10", "Power", 50}, []any{"2026-10", "Travel", 7})
	if _, err := ingestOnce(t, p, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	book("ledger-2026-10-fix.xlsx", []any{"2026-10", "Rent", 120})
	res, err := ingestOnce(t, p, IngestOptions{})
	f := byName(res)["books/ledger-2026-10-fix.xlsx"]
	if ExitCode(err) != ExitRejects || f.Status != Loaded || f.Rejects != 1 || res.Rejects != 1 {
		t.Fatalf("the part: %v, status %s, %d rejects (batch %d); want loaded, 1 reject, exit 3", err, f.Status, f.Rejects, res.Rejects)
	}
	for _, want := range []string{"2026-10 of books/ledger-2026-10.xlsx", "lacks 2 of the values", "actual 2026-10 cost_line=Power", "actual 2026-10 cost_line=Travel"} {
		if !strings.Contains(f.Dropped, want) {
			t.Errorf("Dropped = %q, want it to say %q", f.Dropped, want)
		}
	}
	if v := sum(); v != 120 {
		t.Errorf("finance after the part = %v, want 120 (the month is the part)", v)
	}
	db, err := OpenReadOnly(context.Background(), p)
	must(t, err)
	var n int
	var msg string
	must(t, db.SQL().QueryRow(`SELECT count(*), any_value(message) FROM rejects WHERE reason = 'dropped' AND file = 'books/ledger-2026-10-fix.xlsx'`).Scan(&n, &msg))
	db.Close()
	if n != 1 || !strings.Contains(msg, "Power") {
		t.Errorf("rejects 'dropped' of the part: %d, %q; want one naming Power", n, msg)
	}

	book("ledger-2026-10-fix2.xlsx", []any{"2026-10", "Rent", 130}, []any{"2026-10", "Power", 55})
	res, err = ingestOnce(t, p, IngestOptions{})
	if f := byName(res)["books/ledger-2026-10-fix2.xlsx"]; err != nil || f.Dropped != "" || f.Status != Loaded {
		t.Errorf("a file with every key and one more: %v, status %s, dropped %q; want loaded, nothing dropped", err, f.Status, f.Dropped)
	}
	if v := sum(); v != 185 {
		t.Errorf("finance = %v, want 185", v)
	}
}

// TestIngestPrepared: a batch prepared before the warehouse opens (its
// first workbook's reading begun early, as coo ingest does) loads what
// Ingest alone loads, including a big sheet with merged cells (read again
// once its merges are found); an unchanged file's early reading is
// dropped; and a preparation stopped unused ends.
func TestIngestPrepared(t *testing.T) {
	p := newProject(t)
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Ledger"))
	must(t, f.SetSheetRow("Ledger", "A1", &[]any{"Month", "Cost line", "Actual"}))
	const n = 6000 // past the cells a sheet is held for before its merges are known
	want := 0.0
	for i := 2; i <= n+1; i++ {
		must(t, f.SetSheetRow("Ledger", "A"+strconv.Itoa(i), &[]any{"2026-10", "Line " + strconv.Itoa(i), i}))
		want += float64(i)
	}
	must(t, f.MergeCell("Ledger", "E1", "F1")) // merged cells at the sheet's end
	must(t, f.SaveAs(filepath.Join(p.Dir, "books", "ledger-2026-10.xlsx")))

	run := func() (*IngestResult, error) {
		ctx := context.Background()
		opt := IngestOptions{}
		opt.Prepared = Prepare(ctx, p, opt)
		defer opt.Prepared.Stop()
		s, err := Begin(ctx, p, Config{Command: "coo ingest"})
		must(t, err)
		res, err := Ingest(ctx, s, opt)
		if err == nil {
			err = res.Err()
		}
		return res, s.End(err, "")
	}
	res, err := run()
	if err != nil || res.Loaded != 1 || res.Values != n {
		t.Fatalf("prepared batch: %v, %d loaded, %d values; want 1 file, %d values", err, res.Loaded, res.Values, n)
	}
	db, err := OpenReadOnly(context.Background(), p)
	must(t, err)
	var got float64
	must(t, db.SQL().QueryRow(`SELECT sum(value) FROM facts`).Scan(&got))
	db.Close()
	if got != want {
		t.Errorf("sum of the facts = %v, want %v", got, want)
	}
	if res, err = run(); err != nil || res.Unchanged != 1 || res.Loaded != 0 {
		t.Errorf("the same file again: %v, %d unchanged, %d loaded; want unchanged", err, res.Unchanged, res.Loaded)
	}
	pr := Prepare(context.Background(), p, IngestOptions{}) // the warehouse was busy: never loaded
	done := make(chan struct{})
	go func() { pr.Stop(); pr.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Stop of an unused preparation did not return")
	}
}
