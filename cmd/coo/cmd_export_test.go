package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportParquetAndParquetSource: coo export parquet writes the facts as
// a Hive-partitioned dataset with the same rows; a second project whose
// source is that dataset computes the same metrics; a bad dataset is refused
// with the column named and nothing loaded.
func TestExportParquetAndParquetSource(t *testing.T) {
	ctx := context.Background()
	a := t.TempDir()
	cfg := `version: 1
sources:
  - name: finance
    files: books/*.xlsx
    period: {column: Month}
    dimensions: [{name: cost_line, column: Cost line}, {name: team, column: Team}]
    measures: [{name: actual, column: Actual, unit: CNY}]
metrics:
  - {name: finance.cost, source: finance, measure: actual, kind: flow, by: [cost_line, team]}
  - {name: finance.rent, source: finance, measure: actual, kind: flow, where: {cost_line: ["租金;Rent=1"]}}
`
	must(t, os.WriteFile(filepath.Join(a, "coo.yaml"), []byte(cfg), 0o644))
	must(t, os.MkdirAll(filepath.Join(a, "books"), 0o755))
	for y, months := range map[int][]string{2025: {"2025-11", "2025-12"}, 2026: {"2026-01", "2026-10"}} {
		f := excelize.NewFile()
		rows := [][]any{{"Month", "Cost line", "Team", "Actual"}}
		for i, m := range months {
			rows = append(rows,
				[]any{m, "租金;Rent=1", "平台", 1000.5 + float64(i)},
				[]any{m, `IT\back`, "平台", -2.25},
				[]any{m, "IT", "=team", 0.1 * float64(i+1)})
		}
		for i, row := range rows {
			must(t, f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row))
		}
		must(t, f.SaveAs(filepath.Join(a, "books", fmt.Sprintf("成本 %d.xlsx", y))))
	}
	if code, out, errs := runCoo(t, "ingest", "--project", a); code != exitOK {
		t.Fatalf("ingest = %d: %s %s", code, out, errs)
	}

	// Project b reads a's export as its finance source.
	b := t.TempDir()
	lake := filepath.Join(b, "lake", "facts")
	code, out, errs := runCoo(t, "export", "--project", a, "parquet", "--dir", lake)
	if code != exitOK || !strings.Contains(out, "12 facts in ") {
		t.Fatalf("export parquet = %d: %s %s", code, out, errs)
	}
	if code, _, errs := runCoo(t, "export", "--project", a, "parquet", "--dir", lake); code != exitRefused || !strings.Contains(errs, "--force") {
		t.Errorf("export into a non-empty folder = %d: %s", code, errs)
	}
	if code, _, errs := runCoo(t, "export", "--project", a, "parquet", "--dir", lake, "--force"); code != exitOK {
		t.Errorf("export --force = %d: %s", code, errs)
	}
	if left, _ := filepath.Glob(filepath.Join(b, "lake", ".*")); len(left) != 0 {
		t.Errorf("temporary folders left beside the export: %v", left)
	}
	adb := openRO(t, a)
	glob := filepath.Join(lake, "**", "*.parquet")
	const back = `(SELECT source, metric, period, dims, value, unit, file, sheet, cell FROM read_parquet(?, hive_partitioning = true))`
	const facts = `(SELECT source, metric, period, dims, value, unit, file, sheet, cell FROM facts)`
	for _, q := range []string{back + ` EXCEPT ALL ` + facts, facts + ` EXCEPT ALL ` + back, back} {
		var n int
		if err := adb.QueryRow(`SELECT count(*) FROM (`+q+`)`, glob).Scan(&n); err != nil || n != 0 && q != back || n != 12 && q == back {
			t.Errorf("%s: %d rows, %v", q, n, err)
		}
	}

	bcfg := `version: 1
sources:
  - name: finance
    parquet: lake/facts/**/*.parquet
metrics:
  - {name: finance.cost, source: finance, measure: actual, kind: flow, by: [cost_line, team]}
  - {name: finance.rent, source: finance, measure: actual, kind: flow, where: {cost_line: ["租金;Rent=1"]}}
`
	must(t, os.WriteFile(filepath.Join(b, "coo.yaml"), []byte(bcfg), 0o644))
	code, out, errs = runCoo(t, "ingest", "--project", b)
	if code != exitOK || !strings.Contains(out, "lake/facts/**/*.parquet") || !strings.Contains(out, "2 Parquet files") || !strings.Contains(out, "1 loaded (12 values") {
		t.Fatalf("ingest of a Parquet source = %d:\n%s\n%s", code, out, errs)
	}
	if code, out, _ := runCoo(t, "ingest", "--project", b); code != exitOK || !strings.Contains(out, "1 unchanged") {
		t.Errorf("second ingest = %d: %s", code, out)
	}
	values := func(db *sql.DB) string {
		rows, err := db.QueryContext(ctx, `SELECT metric, period, dims, value, "rows" FROM metric_values ORDER BY ALL`)
		must(t, err)
		defer rows.Close()
		var s strings.Builder
		for rows.Next() {
			var m, p, d string
			var v float64
			var n int
			must(t, rows.Scan(&m, &p, &d, &v, &n))
			fmt.Fprintf(&s, "%s %s %s %v %d\n", m, p, d, v, n)
		}
		must(t, rows.Err())
		return s.String()
	}
	bdb := openRO(t, b)
	want, got := values(adb), values(bdb)
	if got != want || strings.Count(want, "\n") < 20 {
		t.Errorf("metric values from the dataset:\n%s\nfrom the workbooks:\n%s", got, want)
	}
	bdb.Close()

	// A bad dataset: refused whole, exit 3, the column named.
	must(t, os.RemoveAll(lake))
	must(t, os.MkdirAll(lake, 0o755))
	if _, err := adb.Exec(`COPY (SELECT source, metric, CAST(period || '-01' AS DATE) AS period, dims, value, unit FROM facts)
		TO ? (FORMAT parquet)`, filepath.Join(lake, "part-0.parquet")); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCoo(t, "ingest", "--project", b)
	if code != exitRejects || !strings.Contains(errs, "column period") || !strings.Contains(errs, "YYYY-MM") {
		t.Errorf("ingest of a bad dataset = %d:\n%s\n%s", code, out, errs)
	}
	bdb = openRO(t, b)
	var n int
	bdb.QueryRow(`SELECT count(*) FROM rejects WHERE reason = 'bad_dataset' AND message LIKE '%column period%'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d bad_dataset rejects, want 1", n)
	}
	if got := values(bdb); got != want {
		t.Errorf("a refused dataset changed the metrics")
	}
	var files int
	bdb.QueryRow(`SELECT count(*) FROM files WHERE status = 'loaded'`).Scan(&files)
	if files != 1 {
		t.Errorf("%d loaded files, want the first snapshot only", files)
	}
}

// TestOutputsNotOverProject: no command's --out or --dir replaces the
// project's own files (found from outside: coo export facts --out
// coo.duckdb replaced the warehouse with CSV, exit 0; --out coo.yaml the
// project file; coo assess --out a department's workbook), nor a folder
// that holds them; each refusal leaves the file as it was.
func TestOutputsNotOverProject(t *testing.T) {
	dir := newProject(t)
	book := filepath.Join(dir, "books", "a.xlsx")
	copyFile(t, "../../ingest/testdata/tidy.xlsx", book)
	if code, out, errs := runCoo(t, "ingest", "--project", dir); code != exitOK && code != exitRejects { // tidy.xlsx has cells to set aside
		t.Fatalf("ingest = %d: %s %s", code, out, errs)
	}
	wh := filepath.Join(dir, "coo.duckdb")
	before := map[string][]byte{}
	for _, f := range []string{wh, filepath.Join(dir, "coo.yaml"), book} {
		b, err := os.ReadFile(f)
		must(t, err)
		before[f] = b
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--project", dir, "facts", "--out", wh}, "the warehouse"},
		{[]string{"export", "--project", dir, "facts", "--out", filepath.Join(dir, "coo.yaml")}, "the project file"},
		{[]string{"export", "--project", dir, "facts", "--out", book}, "a workbook of source finance"},
		{[]string{"backup", "--project", dir, "--out", book}, "a workbook of source finance"},
		{[]string{"assess", "--project", dir, "--period", "last", "--out", book}, "a workbook of source finance"},
		{[]string{"backtest", "--project", dir, "../../../shared/data/m3/m3_monthly.csv", "--out", wh}, "the warehouse"},
		{[]string{"export", "--project", dir, "parquet", "--dir", filepath.Join(dir, "books"), "--force"}, "a workbook of source finance"},
		{[]string{"export", "--project", dir, "parquet", "--dir", dir, "--force"}, "holds the project folder"},
		{[]string{"export", "--project", dir, "parquet", "--dir", filepath.Dir(dir), "--force"}, "holds the project folder"},
	} {
		code, _, errs := runCoo(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%s = %d %q; want exit %d naming %s", strings.Join(tc.args[3:], " "), code, errs, exitUsage, tc.want)
		}
	}
	for f, b := range before {
		if now, err := os.ReadFile(f); err != nil || string(now) != string(b) {
			t.Errorf("%s changed (%v)", f, err)
		}
	}
	if code, _, errs := runCoo(t, "export", "--project", dir, "facts", "--out", filepath.Join(dir, "facts.csv")); code != exitOK {
		t.Errorf("export facts to a new file = %d %s", code, errs)
	}
}
