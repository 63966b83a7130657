package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"coo"

	"github.com/duckdb/duckdb-go/v2"
)

var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func mustOpen(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path, Options{Now: func() time.Time { return t0 }, Version: "test"})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func count(tb testing.TB, db *DB, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.sql.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// openRaw opens a DuckDB file without migrating it.
func openRaw(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	c, err := duckdb.NewConnector(path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return sql.OpenDB(c)
}

func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	for from := 0; from <= SchemaVersion; from++ {
		path := filepath.Join(t.TempDir(), "w.duckdb")
		if from > 0 { // a file that an older coo left at version `from`
			raw := openRaw(t, path)
			if err := migrate(ctx, raw, from, t0, "old"); err != nil {
				t.Fatalf("migrate to %d: %v", from, err)
			}
			raw.Close()
		}
		db := mustOpen(t, path)
		v, err := db.Version(ctx)
		if err != nil || v != SchemaVersion {
			t.Errorf("from version %d: Version() = %d, %v; want %d", from, v, err, SchemaVersion)
		}
		if n := count(t, db, `SELECT count(*) FROM coo_schema`); n != int64(SchemaVersion) {
			t.Errorf("from version %d: coo_schema has %d rows, want %d", from, n, SchemaVersion)
		}
		for _, table := range []string{"facts", "files", "rejects", "runs", "run_files", "metrics", "metric_values", "forecast_adjustments"} {
			count(t, db, `SELECT count(*) FROM `+table)
		}
		db.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := mustOpen(t, path)
	if _, err := db.sql.Exec(`INSERT INTO coo_schema VALUES (?, ?, 'future')`, SchemaVersion+1, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, ro := range []bool{false, true} {
		_, err := Open(ctx, path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrSchemaNewer) {
			t.Errorf("Open(newer schema, ReadOnly=%v) = %v, want ErrSchemaNewer", ro, err)
		}
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Open(ctx, filepath.Join(dir, "none.duckdb"), Options{ReadOnly: true}); !errors.Is(err, ErrNoWarehouse) {
		t.Errorf("Open(missing, ReadOnly) = %v, want ErrNoWarehouse", err)
	}
	path := filepath.Join(dir, "w.duckdb")
	mustOpen(t, path).Close()
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.sql.Exec(`DELETE FROM files`); err == nil {
		t.Error("DELETE on a read-only warehouse succeeded")
	}
}

func TestLockNamesHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	h := Holder{PID: os.Getpid(), Command: "coo ingest", Started: t0}
	l, err := Acquire(path, h)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(path, Holder{PID: 1, Command: "coo demo"})
	var be *BusyError
	if !errors.As(err, &be) || !errors.Is(err, ErrBusy) {
		t.Fatalf("second Acquire = %v, want *BusyError", err)
	}
	if be.Holder == nil || be.Holder.PID != h.PID || be.Holder.Command != "coo ingest" || !be.Holder.Started.Equal(t0) {
		t.Errorf("second Acquire names holder %+v, want %+v", be.Holder, h)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(path, h)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}

func load(t *testing.T, db *DB, f File, facts []Fact, rejects []Reject) {
	t.Helper()
	ctx := context.Background()
	l, err := db.BeginLoad(ctx, f, 0)
	if err != nil {
		t.Fatalf("BeginLoad(%s): %v", f.Name, err)
	}
	for _, x := range facts {
		if err := l.Fact(x); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rejects {
		l.Reject(r)
	}
	if err := l.Commit(ctx); err != nil {
		t.Fatalf("Commit(%s): %v", f.Name, err)
	}
}

func promote(t *testing.T, db *DB) Promotion {
	t.Helper()
	p, err := db.Promote(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var oct, sep = coo.NewPeriod(2026, 10), coo.NewPeriod(2026, 9)

func fact(metric string, p coo.Period, dims string, v float64, row, col int) Fact {
	return Fact{Metric: metric, Unit: "CNY", Period: p, Dims: dims, Value: v, Sheet: "Ledger", Row: row, Col: col}
}

func TestLoadAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	f := File{Source: "finance", Name: "a.xlsx", SHA256: "aa", Size: 10}
	l, err := db.BeginLoad(ctx, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2*flushEvery+5000; i++ { // past two of the Appender's flushes
		if err := l.Fact(fact("actual", oct, "cost_line=Rent", 1, i+2, 4)); err != nil {
			t.Fatal(err)
		}
	}
	l.Reject(Reject{Sheet: "S", Cell: "B2", Reason: "not_a_number"})
	l.Rollback()
	for _, table := range []string{"fact_cells", "files", "rejects", "fact_dims", "fact_metrics"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("after Rollback, %s has %d rows, want 0", table, n)
		}
	}
}

func TestStagedUntilPromoted(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	load(t, db, File{Source: "finance", Name: "a.xlsx", SHA256: "a"}, []Fact{fact("actual", oct, "", 1, 2, 4)}, nil)
	if n := count(t, db, `SELECT count(*) FROM facts`); n != 0 {
		t.Errorf("a staged file shows %d facts before Promote", n)
	}
	// A run that died before promoting leaves nothing visible, and is cleaned.
	if n, err := db.DiscardStaged(context.Background()); err != nil || n != 1 {
		t.Errorf("DiscardStaged = %d, %v; want 1", n, err)
	}
	if n := count(t, db, `SELECT count(*) FROM fact_cells`); n != 0 {
		t.Errorf("%d rows left after DiscardStaged", n)
	}
	load(t, db, File{Source: "finance", Name: "a.xlsx", SHA256: "a"}, []Fact{fact("actual", oct, "", 1, 2, 4)}, nil)
	if p := promote(t, db); p.Loaded != 1 {
		t.Errorf("Promote = %+v", p)
	}
	var period, cell string
	if err := db.sql.QueryRow(`SELECT period, cell FROM facts`).Scan(&period, &cell); err != nil || period != "2026-10" || cell != "D2" {
		t.Errorf("facts row = %s %s %v; want 2026-10 D2", period, cell, err)
	}
}

// TestReplaceByPeriod: a later file for the same source and period replaces
// the earlier rows, whatever its name; other periods stay.
func TestReplaceByPeriod(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	f1 := File{Source: "finance", Name: "q3.xlsx", SHA256: "h1", Size: 10}
	load(t, db, f1, []Fact{fact("actual", sep, "cost_line=Rent", 90, 2, 4), fact("actual", oct, "cost_line=Rent", 100, 3, 4)}, nil)
	promote(t, db)
	if known, err := db.Known(ctx, f1); err != nil || !known {
		t.Errorf("Known(loaded content) = %v, %v", known, err)
	}
	f2 := File{Source: "finance", Name: "oct-corrected.xlsx", SHA256: "h2", Size: 10}
	if known, _ := db.Known(ctx, f2); known {
		t.Error("Known(new content) = true")
	}
	load(t, db, f2, []Fact{fact("actual", oct, "cost_line=Rent", 120, 2, 4)}, []Reject{{Sheet: "Ledger", Cell: "D3", Reason: "not_a_number", Raw: "n/a"}})
	p := promote(t, db)
	if p.Loaded != 1 || p.Rows != 1 || p.Replaced != 0 {
		t.Errorf("Promote = %+v; want 1 loaded, 1 row replaced, no file wholly replaced", p)
	}
	got := map[string]float64{}
	rows, _ := db.sql.Query(`SELECT period, value FROM facts`)
	for rows.Next() {
		var per string
		var v float64
		rows.Scan(&per, &v)
		got[per] = v
	}
	rows.Close()
	if len(got) != 2 || got["2026-09"] != 90 || got["2026-10"] != 120 {
		t.Errorf("facts after replacement = %v; want 2026-09 90 (kept), 2026-10 120 (replaced)", got)
	}
	if n := count(t, db, `SELECT count(*) FROM replacements WHERE old_file_id = 1 AND period = '2026-10' AND "rows" = 1`); n != 1 {
		t.Errorf("replacement not recorded")
	}
	// A third file covering September takes the rest of q3.xlsx: it is replaced.
	load(t, db, File{Source: "finance", Name: "sep.xlsx", SHA256: "h3"}, []Fact{fact("actual", sep, "cost_line=Rent", 91, 2, 4)}, nil)
	if p := promote(t, db); p.Replaced != 1 {
		t.Errorf("Promote = %+v; want q3.xlsx wholly replaced", p)
	}
	var status string
	db.sql.QueryRow(`SELECT status FROM files WHERE name = 'q3.xlsx'`).Scan(&status)
	if status != FileReplaced {
		t.Errorf("q3.xlsx status = %s, want replaced", status)
	}
	// The replaced version at the same path is known: it does not flip back.
	if known, _ := db.Known(ctx, f1); !known {
		t.Error("Known(replaced content at the same path) = false")
	}
}

// TestConflict: two new files of one batch for the same source and period
// are refused together, whichever came first.
func TestConflict(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	load(t, db, File{Source: "finance", Name: "old.xlsx", SHA256: "h0"}, []Fact{fact("actual", oct, "", 1, 2, 4)}, nil)
	promote(t, db)
	load(t, db, File{Source: "finance", Name: "a.xlsx", SHA256: "ha"}, []Fact{fact("actual", oct, "", 2, 2, 4)}, nil)
	load(t, db, File{Source: "finance", Name: "b.xlsx", SHA256: "hb"}, []Fact{fact("actual", oct, "", 3, 2, 4), fact("actual", sep, "", 3, 3, 4)}, nil)
	load(t, db, File{Source: "hr", Name: "c.xlsx", SHA256: "hc"}, []Fact{fact("headcount", oct, "", 4, 2, 4)}, nil)
	p := promote(t, db)
	if len(p.Conflicts) != 1 || len(p.Conflicts[0].Files) != 2 || p.Loaded != 1 {
		t.Fatalf("Promote = %+v; want one conflict of a.xlsx and b.xlsx, c.xlsx loaded", p)
	}
	var v float64
	db.sql.QueryRow(`SELECT value FROM facts WHERE source = 'finance'`).Scan(&v)
	if v != 1 || count(t, db, `SELECT count(*) FROM facts`) != 2 {
		t.Errorf("after the conflict, finance = %v (want the old 1) and %d facts (want 2)", v, count(t, db, `SELECT count(*) FROM facts`))
	}
	for _, name := range []string{"a.xlsx", "b.xlsx"} {
		var msg string
		db.sql.QueryRow(`SELECT message FROM rejects WHERE reason = 'conflict' AND file = ?`, name).Scan(&msg)
		if !strings.Contains(msg, "a.xlsx") || !strings.Contains(msg, "b.xlsx") || !strings.Contains(msg, "2026-10") {
			t.Errorf("conflict message for %s = %q; want both files and the period named", name, msg)
		}
	}
}

func TestMigrationConvertsVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	raw := openRaw(t, path)
	if err := migrate(ctx, raw, 1, t0, "old"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO files (id, source, name, sha256, size, loaded_at, facts, rejects) VALUES (1, 'sales', 's.xlsx', 'x', 1, now(), 2, 0)`,
		`INSERT INTO fact_rows VALUES (1, 'sales', 'revenue', '2026-10', 'region=South%3BEast;line=A%25B\C', 2.5, 'CNY', 'Sales', 'AB12')`,
		`INSERT INTO fact_rows VALUES (1, 'sales', 'revenue', '2026-09', 'region=North;line=Home', 1.5, 'CNY', 'Sales', 'D7')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db := mustOpen(t, path)
	rows, err := db.sql.Query(`SELECT period, dims, value, cell, dim_text(dims, 'region') FROM facts ORDER BY period`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var p, d, c, r string
		var v float64
		rows.Scan(&p, &d, &v, &c, &r)
		got = append(got, fmt.Sprintf("%s|%s|%v|%s|%s", p, d, v, c, r))
	}
	rows.Close()
	want := []string{"2026-09|region=North;line=Home|1.5|D7|North", `2026-10|region=South\;East;line=A%B\\C|2.5|AB12|South;East`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("facts after migrating version 1 =\n%q\nwant\n%q", got, want)
	}
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	fact := func(p, region, line string, v float64) Fact {
		per, _ := coo.ParsePeriod(p)
		return Fact{Metric: "revenue", Period: per, Dims: coo.FormatDims([]coo.Dim{{Key: "region", Value: region}, {Key: "line", Value: line}}), Value: v, Unit: "CNY", Sheet: "S", Row: 1, Col: 1}
	}
	load(t, db, File{Source: "sales", Name: "s.xlsx", SHA256: "x"}, []Fact{
		fact("2026-08", "North", "Home", 1),
		fact("2026-08", "South;East", "Home", 2), // a value that needs escaping
		fact("2026-08", "North", "Office", 4),
		// 2026-09 is missing on purpose.
		fact("2026-10", "North", "Home", 8),
		fact("2026-10", "South;East", "Office", 16),
	}, nil)
	promote(t, db)
	ms := []coo.Metric{
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales", Measure: "revenue", By: []string{"region"}},
		{Name: "sales.north_max", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "max",
			Where: []coo.Filter{{Dim: "region", Values: []string{"North"}}}},
		{Name: "sales.se", Kind: coo.Flow, Source: "sales", Measure: "revenue", Where: []coo.Filter{{Dim: "region", Values: []string{"South;East"}}}},
		{Name: "sales.avg", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "avg", By: []string{"line"}},
		{Name: "sales.north_min", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "min", By: []string{"line"},
			Where: []coo.Filter{{Dim: "region", Values: []string{"North"}}}},
		// Totals without filters or breakdowns (summed by month alone).
		{Name: "sales.sum_all", Kind: coo.Flow, Source: "sales", Measure: "revenue"},
		{Name: "sales.avg_all", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "avg"},
		{Name: "sales.min_all", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "min"},
		{Name: "sales.max_all", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "max"},
	}
	if err := db.SetMetrics(ctx, ms); err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name coo.MetricName
		dims string
		want []float64
	}{
		{"sales.revenue", "", []float64{7, nan, 24}}, // by hand: 1+2+4, gap, 8+16
		{"sales.revenue", "region=North", []float64{5, nan, 8}},
		{"sales.revenue", `region=South\;East`, []float64{2, nan, 16}},
		{"sales.north_max", "", []float64{4, nan, 8}},
		{"sales.se", "", []float64{2, nan, 16}},
		{"sales.avg", "", []float64{7.0 / 3, nan, 12}}, // (1+2+4)/3, (8+16)/2
		{"sales.avg", "line=Home", []float64{1.5, nan, 8}},
		{"sales.avg", "line=Office", []float64{4, nan, 16}},
		{"sales.north_min", "", []float64{1, nan, 8}},
		{"sales.north_min", "line=Office", []float64{4}}, // North has no Office in 2026-10
		{"sales.sum_all", "", []float64{7, nan, 24}},
		{"sales.avg_all", "", []float64{7.0 / 3, nan, 12}},
		{"sales.min_all", "", []float64{1, nan, 8}},
		{"sales.max_all", "", []float64{4, nan, 16}},
	} {
		s, err := db.Series(ctx, tc.name, tc.dims)
		if err != nil {
			t.Fatalf("Series(%s, %q): %v", tc.name, tc.dims, err)
		}
		if s.Start != coo.NewPeriod(2026, 8) || len(s.Values) != len(tc.want) {
			t.Errorf("Series(%s, %q) = %v, want 2026-08 with %d months", tc.name, tc.dims, s, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if g := s.Values[i]; !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
				t.Errorf("Series(%s, %q)[%d] = %v, want %v", tc.name, tc.dims, i, g, w)
			}
		}
	}
	if _, err := db.Series(ctx, "sales.nothing", ""); !errors.Is(err, ErrNoMetric) {
		t.Errorf("Series(unknown) = %v, want ErrNoMetric", err)
	}
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	id, err := db.StartRun(ctx, "ingest", []string{"--project", "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddRunFile(ctx, id, RunFile{Role: "input", Path: "a.xlsx", SHA256: "ab", Size: 3}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(id, RunRejects, 3, "1 row rejected"); err != nil {
		t.Fatal(err)
	}
	r, err := db.Run(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Command != "ingest" || len(r.Args) != 2 || r.Status != RunRejects || r.ExitCode == nil || *r.ExitCode != 3 || len(r.Files) != 1 || r.Ended == nil {
		t.Errorf("Run(%d) = %+v", id, r)
	}
	if _, err := db.Run(ctx, id+1); !errors.Is(err, ErrNoRun) {
		t.Errorf("Run(unknown) = %v, want ErrNoRun", err)
	}
}

// TestTextIDMatchesSQL: Go's textID and the SQL macro text_id (used by the
// migration from version 1) give the same ids, so a load reuses migrated
// dictionary entries instead of adding twins.
func TestTextIDMatchesSQL(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	for _, s := range []string{"", "region=North", `note=a\;b`, "团队=Platform", "sales\x1frevenue\x1fCNY", "2026年10月"} {
		var id int64
		if err := db.sql.QueryRow(`SELECT text_id(?)`, s).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if got := textID(s); got != id {
			t.Errorf("textID(%q) = %d, SQL text_id = %d", s, got, id)
		}
	}
}

// TestDictionaries: a text loaded by two files is stored once; a text whose
// id is already taken by a different text (a hash collision, planted here)
// refuses the load, and the load leaves nothing.
func TestDictionaries(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	load(t, db, File{Source: "sales", Name: "a.xlsx", SHA256: "a"}, []Fact{
		fact("actual", oct, "region=North", 1, 2, 4), fact("actual", oct, "region=South", 2, 3, 4)}, nil)
	load(t, db, File{Source: "sales", Name: "b.xlsx", SHA256: "b"}, []Fact{
		fact("actual", sep, "region=South", 3, 2, 4), fact("actual", sep, "region=East", 4, 3, 4)}, nil)
	if n := count(t, db, `SELECT count(*) FROM fact_dims`); n != 3 {
		t.Errorf("fact_dims has %d rows after two files sharing region=South, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM fact_dims WHERE id = ? AND dims = 'region=South'`, textID("region=South")); n != 1 {
		t.Errorf("region=South stored %d times under its id, want 1", n)
	}
	if _, err := db.sql.Exec(`INSERT INTO fact_dims VALUES (?, 'region=Elsewhere')`, textID("region=West")); err != nil {
		t.Fatal(err)
	}
	l, err := db.BeginLoad(ctx, File{Source: "sales", Name: "c.xlsx", SHA256: "c"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Fact(fact("actual", oct, "region=West", 5, 2, 4)); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(ctx); err == nil || !strings.Contains(err.Error(), "share a hash id") {
		t.Errorf("Commit with a colliding id = %v, want the collision refused", err)
	}
	if n := count(t, db, `SELECT count(*) FROM files WHERE name = 'c.xlsx'`); n != 0 {
		t.Errorf("the refused load left %d files rows", n)
	}
}

// TestDictionaryBatches: more label combinations than a load holds before
// it adds them (dictBatch) are all stored, once, when the load commits, and
// none of them when it rolls back; a second file that shares them adds
// only its new ones.
func TestDictionaryBatches(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	n := dictBatch + 10
	run := func(name string, extra int, commit bool) {
		l, err := db.BeginLoad(ctx, File{Source: "sales", Name: name, SHA256: name}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n+extra; i++ {
			if err := l.Fact(fact("actual", oct, fmt.Sprintf("store=S%06d", i), 1, i+2, 4)); err != nil {
				t.Fatal(err)
			}
		}
		if !commit {
			l.Rollback()
			return
		}
		if err := l.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	run("rolled.xlsx", 0, false)
	if c := count(t, db, `SELECT count(*) FROM fact_dims`); c != 0 {
		t.Errorf("after a rolled-back load, fact_dims has %d rows, want 0", c)
	}
	run("a.xlsx", 0, true)
	run("b.xlsx", 3, true)
	if c := count(t, db, `SELECT count(*) FROM fact_dims`); c != int64(n+3) {
		t.Errorf("fact_dims has %d rows, want %d", c, n+3)
	}
	if c := count(t, db, `SELECT count(*) FROM (SELECT id FROM fact_dims GROUP BY id HAVING count(*) > 1)`); c != 0 {
		t.Errorf("%d ids stored twice", c)
	}
}
