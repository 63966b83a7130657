package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
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
		for _, table := range []string{"facts", "files", "rejects", "runs", "run_files", "metrics", "metric_values"} {
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

func load(t *testing.T, db *DB, f File, facts []Fact, rejects []Reject) []int64 {
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
	replaced, err := l.Commit(ctx)
	if err != nil {
		t.Fatalf("Commit(%s): %v", f.Name, err)
	}
	return replaced
}

func TestLoadAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	f := File{Source: "finance", Name: "a.xlsx", SHA256: "aa", Size: 10}
	l, err := db.BeginLoad(ctx, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5000; i++ {
		if err := l.Fact(Fact{Metric: "actual", Period: "2026-10", Value: 1, Sheet: "S", Cell: "A1"}); err != nil {
			t.Fatal(err)
		}
	}
	l.Reject(Reject{Sheet: "S", Cell: "B2", Reason: "not_a_number"})
	l.Rollback()
	for _, table := range []string{"fact_rows", "files", "rejects"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("after Rollback, %s has %d rows, want 0", table, n)
		}
	}
}

func TestLoadReplaceAndSkip(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	f1 := File{Source: "finance", Name: "finance-2026-10.xlsx", SHA256: "h1", Size: 10}
	load(t, db, f1, []Fact{{Metric: "actual", Period: "2026-10", Dims: "cost_line=Rent", Value: 100, Unit: "CNY", Sheet: "Ledger", Cell: "D2"}}, nil)
	if _, err := db.BeginLoad(ctx, f1, 0); !errors.Is(err, ErrLoaded) {
		t.Errorf("BeginLoad(same content) = %v, want ErrLoaded", err)
	}
	f2 := f1
	f2.SHA256 = "h2"
	replaced := load(t, db, f2, []Fact{{Metric: "actual", Period: "2026-10", Dims: "cost_line=Rent", Value: 120, Unit: "CNY", Sheet: "Ledger", Cell: "D2"}},
		[]Reject{{Sheet: "Ledger", Cell: "D3", Reason: "not_a_number", Raw: "n/a"}})
	if len(replaced) != 1 {
		t.Errorf("corrected file replaced %v, want one file", replaced)
	}
	var v float64
	var file, sha string
	if err := db.sql.QueryRow(`SELECT value, file, file_sha256 FROM facts`).Scan(&v, &file, &sha); err != nil {
		t.Fatal(err)
	}
	if v != 120 || file != f2.Name || sha != "h2" {
		t.Errorf("facts after replacement = %v %s %s, want 120 %s h2", v, file, sha, f2.Name)
	}
	if n := count(t, db, `SELECT count(*) FROM files WHERE replaced_by IS NOT NULL`); n != 1 {
		t.Errorf("%d files marked replaced, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM rejects WHERE cell = 'D3' AND file = ?`, f2.Name); n != 1 {
		t.Errorf("%d rejects for D3, want 1", n)
	}
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	fact := func(p, region, line string, v float64) Fact {
		return Fact{Metric: "revenue", Period: p, Dims: coo.FormatDims([]coo.Dim{{Key: "region", Value: region}, {Key: "line", Value: line}}), Value: v, Unit: "CNY", Sheet: "S", Cell: "A1"}
	}
	load(t, db, File{Source: "sales", Name: "s.xlsx", SHA256: "x"}, []Fact{
		fact("2026-08", "North", "Home", 1),
		fact("2026-08", "South;East", "Home", 2), // a value that needs escaping
		fact("2026-08", "North", "Office", 4),
		// 2026-09 is missing on purpose.
		fact("2026-10", "North", "Home", 8),
		fact("2026-10", "South;East", "Office", 16),
	}, nil)
	ms := []Metric{
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales", Measure: "revenue", By: []string{"region"}},
		{Name: "sales.north_max", Kind: coo.Flow, Source: "sales", Measure: "revenue", Aggregate: "max",
			Where: []Filter{{Dim: "region", Values: []string{"North"}}}},
		{Name: "sales.se", Kind: coo.Flow, Source: "sales", Measure: "revenue", Where: []Filter{{Dim: "region", Values: []string{"South;East"}}}},
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
		{"sales.revenue", "region=South%3BEast", []float64{2, nan, 16}},
		{"sales.north_max", "", []float64{4, nan, 8}},
		{"sales.se", "", []float64{2, nan, 16}},
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
