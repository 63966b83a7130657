package warehouse

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot returns every file and folder under dir with a hash of its
// content, so that a test can tell that nothing was written.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[p] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sandboxProject writes a project folder with a warehouse of one fact, a
// project file and a CSV file, and a CSV file in another folder.
func sandboxProject(t *testing.T) (dir, outside string) {
	t.Helper()
	ctx := context.Background()
	dir, out := t.TempDir(), t.TempDir()
	db := mustOpen(t, filepath.Join(dir, "coo.duckdb"))
	l, err := db.BeginLoad(ctx, File{Source: "finance", Name: "books/a.xlsx", SHA256: "a"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Fact(fact("actual", oct, "cost_line=Rent", 1200, 2, 4)); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Promote(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		filepath.Join(dir, "coo.yaml"):      "version: 1\n",
		filepath.Join(dir, "data", "x.csv"): "a,b\n1,2\n",
		filepath.Join(out, "o.csv"):         "q,r\n3,4\n",
		filepath.Join(out, "p.csv"):         "s\n5\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, out
}

func TestSandbox(t *testing.T) {
	ctx := context.Background()
	dir, out := sandboxProject(t)
	sb, err := OpenSandbox(ctx, filepath.Join(dir, "coo.duckdb"), SandboxOptions{Read: []string{dir, filepath.Join(out, "o.csv")}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	before := snapshot(t, dir)
	P := func(s string) string { return strings.ReplaceAll(s, "P/", dir+"/") }

	for _, tc := range []struct{ name, query, want string }{
		{"facts", "select sum(value) from facts", "1200"},
		{"from first", "from facts select metric", "actual"},
		{"csv in the project", P("select sum(b) from read_csv('P/data/x.csv')"), "2"},
		{"replacement scan in the project", P("select a from 'P/data/x.csv'"), "1"},
		{"file given with --read", "select r from read_csv('" + filepath.Join(out, "o.csv") + "')", "4"},
		{"describe", "describe facts", "value"},
		{"show", "show tables", "files"},
		{"summarize", "summarize facts", "value"},
		{"explain", "explain select * from facts", "physical_plan"},
		{"explain analyze", "explain analyze select count(*) from facts", "analyzed_plan"},
		{"pragma function", "select name from pragma_table_info('facts') where name = 'dims'", "dims"},
		{"macro", "select dim_text(dims, 'cost_line') from facts", "Rent"},
		{"pivot", "pivot facts on metric in ('actual') using sum(value)", "1200"},
		{"values", "values (7)", "7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := sb.Query(ctx, tc.query)
			if err != nil {
				t.Fatalf("Query(%q): %v", tc.query, err)
			}
			defer rows.Close()
			var got []string
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprint(vals...))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if all := strings.Join(got, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("Query(%q) = %q, want it to contain %q", tc.query, all, tc.want)
			}
		})
	}

	for _, tc := range []struct{ name, query, want string }{
		{"copy over the warehouse", P("copy (select 1 as x) to 'P/coo.duckdb'"), "COPY writes files"},
		{"copy over the project file", P("copy (select 1 as x) to 'P/coo.yaml'"), "COPY writes files"},
		{"copy with a comment first", P("/* hi */ -- there\n COPY (select 1 as x) TO 'P/new.csv'"), "COPY writes files"},
		{"export", P("export database 'P/exp'"), "EXPORT DATABASE writes files"},
		{"install", "install httpfs", "INSTALL adds extensions"},
		{"force install", "force install httpfs", "adds extensions"},
		{"load", "load httpfs", "LOAD loads extensions"},
		{"set", "set autoinstall_known_extensions=true", "SET changes settings"},
		{"reset", "reset lock_configuration", "RESET changes settings"},
		{"attach", P("attach 'P/new.duckdb' as n"), "ATTACH opens other databases"},
		{"attach memory", "attach ':memory:' as m", "ATTACH"},
		{"two statements", "select 1; select 2", "2 statements in one call"},
		{"a query and a copy", P("select 1; copy (select 1) to 'P/m.csv'"), "several statements in one call"},
		{"delete", "delete from files", "DELETE changes the warehouse"},
		{"pivot without its columns", "pivot facts on metric using sum(value)", "must list its columns"},
		{"create temp", "create temp table t as select 1", "CREATE changes the warehouse"},
		{"pragma", "pragma enable_profiling", "PRAGMA can change settings"},
		{"call", P("call enable_logging(storage='file', storage_path='P/logs')"), "CALL runs procedures"},
		{"prepare", P("prepare p as copy (select 1) to 'P/pp.csv'"), "PREPARE"},
		{"explain analyze copy", P("explain analyze copy (select 1) to 'P/ea.csv'"), "EXPLAIN COPY: COPY writes files"},
		{"explain with odd options", P("explain (format 'json') copy (select 1) to 'P/ea.csv'"), "EXPLAIN takes one query"},
		{"logging to a file", P("select * from enable_logging(storage='file', storage_path='P/logs')"), "enable_logging() is not allowed"},
		{"logging in a subquery", P("select (select 1 from main.enable_logging(storage='file', storage_path='P/logs'))"), "enable_logging() is not allowed"},
		{"logging in a describe", P("describe select * from enable_logging(storage='file', storage_path='P/logs')"), "enable_logging() is not allowed"},
		{"query()", P("select * from query('copy (select 1) to ''P/q.csv''')"), "query() is not allowed"},
		{"checkpoint", "select * from checkpoint()", "checkpoint() is not allowed"},
		{"write_log", "select write_log('x')", "write_log() is not allowed"},
		{"outside the project", "select * from read_csv('/etc/passwd')", `reading "/etc/passwd" is not allowed`},
		{"outside through ..", P("select * from read_csv('P/../../../../etc/passwd')"), "is not allowed"},
		{"outside, beside an allowed file", "select * from read_csv('" + filepath.Join(out, "p.csv") + "')", "is not allowed"},
		{"glob outside", "select * from glob('/etc/*')", "is not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := sb.Query(ctx, tc.query)
			if err == nil {
				rows.Close()
				t.Fatalf("Query(%q) ran, want it refused with %q", tc.query, tc.want)
			}
			if !errors.Is(err, ErrQueryRefused) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Query(%q) = %v, want one line of ErrQueryRefused with %q", tc.query, err, tc.want)
			}
		})
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dir)
	for p, h := range after {
		if before[p] != h {
			t.Errorf("%s changed or appeared", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s disappeared", p)
		}
	}
}

func TestSandboxSyntaxError(t *testing.T) {
	dir, _ := sandboxProject(t)
	sb, err := OpenSandbox(context.Background(), filepath.Join(dir, "coo.duckdb"), SandboxOptions{Read: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	_, err = sb.Query(context.Background(), "selec 1")
	if err == nil || errors.Is(err, ErrQueryRefused) || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf(`Query("selec 1") = %v, want DuckDB's syntax error`, err)
	}
	if _, err := OpenSandbox(context.Background(), filepath.Join(dir, "coo.duckdb"), SandboxOptions{Read: []string{filepath.Join(dir, "nope")}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("OpenSandbox with a missing --read path = %v, want an error naming it", err)
	}
}
