package warehouse

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write schema.sql from the migrations, and empty.duckdb.gz from it")

// dumpSchema prints a database's schema as DDL that recreates it, in an
// order that does: sequences, tables, macros and views, each in the order
// they were made.
func dumpSchema(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT 'CREATE SEQUENCE ' || sequence_name || ' START ' || start_value || ' INCREMENT BY ' || increment_by || ';'
			FROM duckdb_sequences() WHERE NOT temporary ORDER BY sequence_oid`,
		`SELECT sql FROM duckdb_tables() WHERE NOT temporary ORDER BY table_oid`,
		`SELECT 'CREATE MACRO ' || function_name || '(' || array_to_string(parameters, ', ') || ') AS ' || macro_definition || ';'
			FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal ORDER BY function_oid`,
		`SELECT sql FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY view_oid`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + "\n")
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestSchemaSQL: a new warehouse (created from schema.sql) and one that
// went through every migration from version 1 have the same schema, and
// schema.sql is what the migrations make (-update writes it).
func TestSchemaSQL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	chain := openRaw(t, filepath.Join(dir, "chain.duckdb"))
	defer chain.Close()
	for _, v := range []int{1, SchemaVersion} { // from 1, not 0: the migrations one by one
		if err := migrate(ctx, chain, v, t0, "test"); err != nil {
			t.Fatal(err)
		}
	}
	want := dumpSchema(t, chain)
	if *update {
		if err := os.WriteFile("schema.sql", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		schemaSQL = want
	}
	if schemaSQL != want {
		t.Fatalf("schema.sql is not what the migrations make; run go test ./warehouse -run TestSchemaSQL -update\nmigrations:\n%s\nschema.sql:\n%s", want, schemaSQL)
	}
	if *update {
		writeEmpty(t, filepath.Join(dir, "empty.duckdb"))
	}
	// A new warehouse is a copy of emptyWarehouse: its schema, versions
	// and the time and coo that made it.
	db := mustOpen(t, filepath.Join(dir, "new.duckdb"))
	defer db.Close()
	// (in any order: a warehouse read from its file numbers its objects
	// afresh)
	sorted := func(s string) []string { l := strings.Split(s, "\n"); slices.Sort(l); return l }
	if got := dumpSchema(t, db.sql); !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("a new warehouse's schema:\n%s\nwant the migrations'; run go test ./warehouse -run TestSchemaSQL -update:\n%s", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM coo_schema WHERE applied_at = ? AND coo = 'test'`, t0); n != int64(SchemaVersion) {
		t.Errorf("a new warehouse's coo_schema has %d rows made now by this coo, want %d", n, SchemaVersion)
	}
	for _, q := range []string{`SELECT nextval('files_id')`, `SELECT count(*) + 1 FROM files`} {
		if n := count(t, db, q); n != 1 {
			t.Errorf("%s in a new warehouse = %d, want 1", q, n)
		}
	}
	if v, err := db.Version(ctx); err != nil || v != SchemaVersion {
		t.Errorf("a new warehouse is at version %d, %v; want %d", v, err, SchemaVersion)
	}
	if n := count(t, db, `SELECT count(*) FROM coo_schema`); n != int64(SchemaVersion) {
		t.Errorf("a new warehouse's coo_schema has %d rows, want %d", n, SchemaVersion)
	}
}

// writeEmpty writes empty.duckdb.gz: a warehouse made by schema.sql at path,
// checkpointed, gzipped.
func writeEmpty(t *testing.T, path string) {
	raw := openRaw(t, path)
	if err := migrate(context.Background(), raw, SchemaVersion, t0, "template"); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("empty.duckdb.gz", b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyWarehouse = b.Bytes()
}
