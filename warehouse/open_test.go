package warehouse

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkOpen opens and closes a warehouse that needs no migration: the
// fixed start-up every command pays.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "w.duckdb")
	db := mustOpen(b, path)
	l, err := db.BeginLoad(ctx, File{Source: "s", Name: "a.xlsx", SHA256: "a"}, 0)
	if err != nil {
		b.Fatal(err)
	}
	if err := l.Fact(fact("m", oct, "", 1, 2, 2)); err != nil {
		b.Fatal(err)
	}
	if err := l.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Promote(ctx, 0); err != nil {
		b.Fatal(err)
	}
	db.Close()
	for _, ro := range []bool{false, true} {
		name := "write"
		if ro {
			name = "read-only"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				db, err := Open(ctx, path, Options{ReadOnly: ro})
				if err != nil {
					b.Fatal(err)
				}
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreate creates a new warehouse (the schema, from schema.sql) and
// closes it: what the first command in a new project pays.
func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		db, err := Open(ctx, filepath.Join(dir, strconv.Itoa(n)+".duckdb"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
