package warehouse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coo"
)

// parquetFacts loads two sources over two years, with dims that need
// escaping, Chinese text and a workbook's cells.
func parquetFacts(t *testing.T, db *DB) {
	t.Helper()
	dims := func(kv ...string) string {
		var ds []coo.Dim
		for i := 0; i < len(kv); i += 2 {
			ds = append(ds, coo.Dim{Key: kv[i], Value: kv[i+1]})
		}
		return coo.FormatDims(ds)
	}
	var facts []Fact
	for i, p := range []coo.Period{coo.NewPeriod(2025, 11), coo.NewPeriod(2025, 12), coo.NewPeriod(2026, 1), oct} {
		v := float64(i + 1)
		facts = append(facts,
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("store", "上海 南京路", "line", "Home"), Value: 1000.25 * v, Sheet: "销售", Row: 2 + i, Col: 3},
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("store", `a;b=c\d`, "line", "Office"), Value: -0.1 * v, Sheet: "销售", Row: 2 + i, Col: 4},
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("store", `a;b=c\d`, "line", "Office"), Value: 7, Sheet: "销售", Row: 30 + i, Col: 28},
			Fact{Metric: "units", Unit: "", Period: p, Dims: "", Value: 1e-9 * v, Sheet: "Sheet 1", Row: 9, Col: 702},
		)
	}
	load(t, db, File{Source: "stores", Name: "workbooks/店铺 2026.xlsx", SHA256: "s1", Size: 10}, facts, nil)
	load(t, db, File{Source: "hr", Name: "hr's.xlsx", SHA256: "h1", Size: 10}, []Fact{
		{Metric: "headcount", Unit: "people", Period: sep, Dims: dims("team", "平台"), Value: 12, Sheet: "HR", Row: 5, Col: 2},
	}, nil)
	promote(t, db)
}

// TestExportParquet: read back with DuckDB's hive partitioning, the export
// has exactly the rows of facts (the partition column year aside).
func TestExportParquet(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	if n, err := db.ExportParquet(ctx, filepath.Join(t.TempDir(), "empty")); n != 0 || err != nil {
		t.Errorf("ExportParquet of no facts = %d, %v; want 0, nil", n, err)
	}
	parquetFacts(t, db)
	dir := filepath.Join(t.TempDir(), "it's here") // a quote in the path
	n, err := db.ExportParquet(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := count(t, db, `SELECT count(*) FROM facts`)
	if n != want || n != 17 {
		t.Errorf("ExportParquet wrote %d rows; facts has %d, want 17", n, want)
	}
	for _, part := range []string{"source=stores/year=2025", "source=stores/year=2026", "source=hr/year=2026"} {
		if m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(part), "*.parquet")); len(m) == 0 {
			t.Errorf("no Parquet file under %s", part)
		}
	}
	const back = `(SELECT source, metric, period, dims, value, unit, file, sheet, cell
		FROM read_parquet(?, hive_partitioning = true))`
	const facts = `(SELECT source, metric, period, dims, value, unit, file, sheet, cell FROM facts)`
	glob := filepath.Join(dir, "**", "*.parquet")
	if n := count(t, db, `SELECT count(*) FROM `+back, glob); n != want {
		t.Errorf("read back %d rows, want %d", n, want)
	}
	if n := count(t, db, `SELECT count(*) FROM (`+back+` EXCEPT ALL `+facts+`)`, glob); n != 0 {
		t.Errorf("%d rows read back are not in facts", n)
	}
	if n := count(t, db, `SELECT count(*) FROM (`+facts+` EXCEPT ALL `+back+`)`, glob); n != 0 {
		t.Errorf("%d rows of facts are missing from the export", n)
	}
	if n := count(t, db, `SELECT count(*) FROM read_parquet(?, hive_partitioning = true)
		WHERE year <> CAST(substr(period, 1, 4) AS INTEGER)`, glob); n != 0 {
		t.Errorf("%d rows in the wrong year partition", n)
	}
	if _, err := db.ExportParquet(ctx, dir); err == nil {
		t.Error("a second export into the same non-empty folder succeeded")
	}
}

// TestLoadParquet: a dataset written by DuckDB gives the same facts and
// metrics as the same facts loaded from workbooks, and a new snapshot
// replaces the months it holds.
func TestLoadParquet(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	wb := mustOpen(t, filepath.Join(tmp, "workbooks.duckdb"))
	parquetFacts(t, wb)
	metrics := []coo.Metric{
		{Name: "stores.revenue", Kind: coo.Flow, Source: "stores", Measure: "revenue", By: []string{"store", "line"}},
		{Name: "stores.home", Kind: coo.Flow, Source: "stores", Measure: "revenue", Aggregate: "avg",
			Where: []coo.Filter{{Dim: "store", Values: []string{"上海 南京路", `a;b=c\d`}}}},
		{Name: "stores.units", Kind: coo.Stock, Source: "stores", Measure: "units"},
		{Name: "hr.headcount", Kind: coo.Stock, Source: "hr", Measure: "headcount", By: []string{"team"}},
	}
	if err := wb.SetMetrics(ctx, metrics); err != nil {
		t.Fatal(err)
	}
	lake := filepath.Join(tmp, "lake")
	if _, err := wb.ExportParquet(ctx, lake); err != nil {
		t.Fatal(err)
	}
	paths, err := wb.Glob(ctx, filepath.Join(lake, "**", "*.parquet"))
	if err != nil || len(paths) != 3 {
		t.Fatalf("Glob = %v, %v; want 3 files", paths, err)
	}

	pq := mustOpen(t, filepath.Join(tmp, "parquet.duckdb"))
	for _, src := range []string{"stores", "hr"} {
		ds := Dataset{File: File{Source: src, Name: "lake/**/*.parquet", SHA256: "snap1", Mapping: "m"}, Paths: paths}
		if _, n, err := pq.LoadParquet(ctx, ds, 0); err != nil || n == 0 {
			t.Fatalf("LoadParquet(%s) = %d, %v", src, n, err)
		}
	}
	if n := count(t, pq, `SELECT count(*) FROM facts`); n != 0 {
		t.Errorf("a staged dataset shows %d facts before Promote", n)
	}
	promote(t, pq)
	if err := pq.SetMetrics(ctx, metrics); err != nil {
		t.Fatal(err)
	}
	same := func(q string) {
		t.Helper()
		if _, err := pq.sql.ExecContext(ctx, `ATTACH '`+filepath.Join(tmp, "workbooks.duckdb")+`' AS wb (READ_ONLY)`); err != nil && !strings.Contains(err.Error(), "already") {
			t.Fatal(err)
		}
		a := strings.ReplaceAll(q, "$T", "main")
		b := strings.ReplaceAll(q, "$T", "wb.main")
		for _, pair := range [][2]string{{a, b}, {b, a}} {
			if n := count(t, pq, `SELECT count(*) FROM (`+pair[0]+` EXCEPT ALL `+pair[1]+`)`); n != 0 {
				t.Errorf("%d rows of %s are not in the other warehouse", n, pair[0])
			}
		}
	}
	wb.Close() // let pq attach it
	same(`SELECT metric, period, dims, value, "rows" FROM $T.metric_values`)
	same(`SELECT source, metric, period, dims, value, unit, sheet, cell FROM $T.facts`)
	if n := count(t, pq, `SELECT count(*) FROM metric_values`); n < 20 {
		t.Errorf("only %d metric values", n)
	}
	if n := count(t, pq, `SELECT count(*) FROM facts WHERE file <> 'lake/**/*.parquet'`); n != 0 {
		t.Errorf("%d facts do not name the dataset as their file", n)
	}

	// A new snapshot with only 2026-10, changed: it replaces that month of
	// stores, and the other months stay.
	snap2 := filepath.Join(tmp, "snap2.parquet")
	if _, err := pq.sql.ExecContext(ctx, `COPY (SELECT source, metric, period, dims, value * 2 AS value, unit
		FROM facts WHERE source = 'stores' AND period = '2026-10') TO ? (FORMAT parquet)`, snap2); err != nil {
		t.Fatal(err)
	}
	before := count(t, pq, `SELECT count(*) FROM facts WHERE source = 'stores'`)
	ds := Dataset{File: File{Source: "stores", Name: "lake/**/*.parquet", SHA256: "snap2", Mapping: "m"}, Paths: []string{snap2}}
	if _, _, err := pq.LoadParquet(ctx, ds, 0); err != nil {
		t.Fatal(err)
	}
	if p := promote(t, pq); p.Rows != 4 {
		t.Errorf("the new snapshot replaced %d rows, want 4", p.Rows)
	}
	if n := count(t, pq, `SELECT count(*) FROM facts WHERE source = 'stores'`); n != before {
		t.Errorf("after the new snapshot stores has %d facts, want %d", n, before)
	}
	if n := count(t, pq, `SELECT count(*) FROM facts WHERE source = 'stores' AND period = '2026-10' AND cell = '' AND sheet = ''`); n != 4 {
		t.Errorf("2026-10 has %d facts from the new snapshot (no sheet, no cell), want 4", n)
	}
}

// TestLoadParquetRefusesBadDatasets: each mistake names the dataset and the
// column, and nothing is loaded.
func TestLoadParquetRefusesBadDatasets(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	db := mustOpen(t, filepath.Join(tmp, "w.duckdb"))
	good := `SELECT 'stores' AS source, 'revenue' AS metric, '2026-10' AS period, 'store=A' AS dims, 1.5 AS value, 'CNY' AS unit`
	for _, tc := range []struct {
		name, sel, column, says string
	}{
		{"missing", `SELECT 'stores' AS source, 'revenue' AS metric, '2026-10' AS period, 1.5 AS value, 'CNY' AS unit`, "dims", "missing"},
		{"value text", `SELECT 'stores' AS source, 'revenue' AS metric, '2026-10' AS period, '' AS dims, '1.5' AS value, 'CNY' AS unit`, "value", "want a number"},
		{"period date", `SELECT 'stores' AS source, 'revenue' AS metric, DATE '2026-10-01' AS period, '' AS dims, 1.5 AS value, 'CNY' AS unit`, "period", "YYYY-MM"},
		{"period text", good + ` UNION ALL SELECT 'stores', 'revenue', '2026-13', '', 2, 'CNY'`, "period", `"2026-13"`},
		{"period null", good + ` UNION ALL SELECT 'stores', 'revenue', NULL, '', 2, 'CNY'`, "period", "YYYY-MM"},
		{"metric", good + ` UNION ALL SELECT 'stores', 'Revenue', '2026-10', '', 2, 'CNY'`, "metric", `"Revenue"`},
		{"value nan", good + ` UNION ALL SELECT 'stores', 'revenue', '2026-10', '', 'NaN'::DOUBLE, 'CNY'`, "value", "finite"},
		{"dims", good + ` UNION ALL SELECT 'stores', 'revenue', '2026-10', 'store=a;b', 2, 'CNY'`, "dims", "key=value"},
		{"cell", `SELECT *, 'row 5' AS cell FROM (` + good + `)`, "cell", "cell reference"},
		{"other source", `SELECT 'sales' AS source, 'revenue' AS metric, '2026-10' AS period, '' AS dims, 1.5 AS value, 'CNY' AS unit`, "source", "it has sales"},
	} {
		path := filepath.Join(tmp, strings.ReplaceAll(tc.name, " ", "_")+".parquet")
		if _, err := db.sql.ExecContext(ctx, `COPY (`+tc.sel+`) TO ? (FORMAT parquet)`, path); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		ds := Dataset{File: File{Source: "stores", Name: "lake/" + tc.name, SHA256: tc.name}, Paths: []string{path}}
		_, _, err := db.LoadParquet(ctx, ds, 0)
		var de *DatasetError
		if !errors.As(err, &de) || de.Column != tc.column || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "dataset lake/"+tc.name) {
			t.Errorf("%s: LoadParquet = %v; want a DatasetError on column %s saying %s", tc.name, err, tc.column, tc.says)
		}
		for _, table := range []string{"fact_cells", "files", "fact_dims", "fact_metrics"} {
			if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
				t.Errorf("%s: %s has %d rows after a refused dataset", tc.name, table, n)
			}
		}
	}
	if _, _, err := db.LoadParquet(ctx, Dataset{File: File{Source: "stores", Name: "lake/none"}}, 0); err == nil {
		t.Error("a dataset without files loaded")
	}
	if err := os.WriteFile(filepath.Join(tmp, "junk.parquet"), []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.LoadParquet(ctx, Dataset{File: File{Source: "stores", Name: "lake/junk"}, Paths: []string{filepath.Join(tmp, "junk.parquet")}}, 0)
	var de *DatasetError
	if !errors.As(err, &de) {
		t.Errorf("a file that is not Parquet: %v, want a DatasetError", err)
	}
}
