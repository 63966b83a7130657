package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLSandbox tries every attack on coo sql found from outside (issue
// 13): each is refused with one line and exit status 2, and the warehouse
// and the project file are byte-identical afterwards.
func TestSQLSandbox(t *testing.T) {
	dir := newProject(t)
	copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "a.xlsx"))
	if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitOK && code != exitRejects {
		t.Fatalf("coo ingest = %d: %s", code, errs)
	}
	must(t, os.WriteFile(filepath.Join(dir, "books", "targets.csv"), []byte("month,target\n2026-10,5\n"), 0o644))
	outside := filepath.Join(t.TempDir(), "outside.csv")
	must(t, os.WriteFile(outside, []byte("k,v\nx,7\n"), 0o644))
	hash := func() map[string][32]byte {
		h := map[string][32]byte{}
		for _, name := range []string{"coo.duckdb", "coo.yaml"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			must(t, err)
			h[name] = sha256.Sum256(b)
		}
		return h
	}
	before := hash()
	P := func(s string) string { return strings.ReplaceAll(s, "P/", dir+"/") }

	for _, tc := range []struct {
		name  string
		args  []string
		query string
		want  string
	}{
		{"copy over the warehouse", nil, P("copy (select 1 as x) to 'P/coo.duckdb'"), "COPY writes files"},
		{"copy over the project file", nil, P("copy (select 1 as x) to 'P/coo.yaml'"), "COPY writes files"},
		{"export", nil, P("export database 'P/exp'"), "EXPORT DATABASE writes files"},
		{"install", nil, "install httpfs", "INSTALL adds extensions"},
		{"load", nil, "load httpfs", "LOAD loads extensions"},
		{"set", nil, "set autoinstall_known_extensions=true", "SET changes settings"},
		{"attach", nil, P("attach 'P/other.duckdb' as o"), "ATTACH opens other databases"},
		{"two statements", nil, "select 1; select 2", "2 statements in one call"},
		{"a query, then a copy", nil, P("select 1; copy (select 1) to 'P/coo.yaml'"), "several statements in one call"},
		{"explain analyze copy", nil, P("explain analyze copy (select 1) to 'P/coo.yaml'"), "EXPLAIN COPY: COPY writes files"},
		{"logging into the project", nil, P("select * from enable_logging(storage='file', storage_path='P/logs')"), "enable_logging() is not allowed"},
		{"outside the project", nil, "select * from read_csv('/etc/passwd')", `reading "/etc/passwd" is not allowed`},
		{"outside, another file given", []string{"--read", outside}, "select * from read_csv('/etc/passwd')", "is not allowed"},
		{"delete", nil, "delete from files", "read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"sql", "--project", dir}, tc.args...), tc.query)
			code, out, errs := runCoo(t, args...)
			if code != exitUsage || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 || out != "" {
				t.Errorf("coo sql %q = %d, stdout %q, stderr %q; want %d and one line with %q", tc.query, code, out, errs, exitUsage, tc.want)
			}
		})
	}
	after := hash()
	for name, h := range before {
		if after[name] != h {
			t.Errorf("%s changed", name)
		}
	}
	for _, name := range []string{"exp", "logs", "other.duckdb"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was created", name)
		}
	}

	for _, tc := range []struct {
		name  string
		args  []string
		query string
		want  string
	}{
		{"facts", nil, "select count(*) as n from facts", "n\n"},
		{"csv in the project", nil, P("select target from read_csv('P/books/targets.csv')"), "5"},
		{"csv given with --read", []string{"--read", outside}, "select v from read_csv('" + outside + "')", "7"},
		{"folder given with --read", []string{"--read", filepath.Dir(outside)}, "select v from read_csv('" + outside + "')", "7"},
		{"describe", nil, "describe facts", "period"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"sql", "--project", dir, "--format", "csv"}, tc.args...), tc.query)
			code, out, errs := runCoo(t, args...)
			if code != exitOK || !strings.Contains(out, tc.want) {
				t.Errorf("coo sql %q = %d, %q, %q; want %d and %q", tc.query, code, out, errs, exitOK, tc.want)
			}
		})
	}
	if code, _, errs := runCoo(t, "sql", "--project", dir, "--read", filepath.Join(dir, "nope"), "select 1"); code != exitUsage || !strings.Contains(errs, "nope") {
		t.Errorf("coo sql --read of a missing file = %d, %q; want %d naming it", code, errs, exitUsage)
	}
}
