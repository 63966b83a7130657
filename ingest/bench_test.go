package ingest

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"coo/internal/benchbook"
	"coo/warehouse"
)

func benchBook(tb testing.TB, rows int) []byte {
	tb.Helper()
	data, err := benchbook.Ledger(rows)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

var benchSource = Source{
	Name:   "sales",
	Files:  "*.xlsx",
	Period: Period{Column: &Column{Header: "Month"}},
	Dimensions: []Column{
		{Name: "region", Header: "Region"}, {Name: "product", Header: "Product"}, {Name: "store", Header: "Store"},
	},
	Measures: []Measure{
		{Column: Column{Name: "units", Header: "Units"}},
		{Column: Column{Name: "revenue", Header: "Revenue"}, Unit: "CNY"},
		{Column: Column{Name: "cost", Header: "Cost"}, Unit: "CNY"},
		{Column: Column{Name: "discount", Header: "Discount"}, Unit: "ratio"},
	},
}

// BenchmarkLoad measures the whole path for one file: open, parse, append,
// commit and promote, into a new warehouse each time. The bar is
// 1,000,000 cells/s for 100,000 rows × 8 columns on 2 cores.
func BenchmarkLoad(b *testing.B) {
	const rows = 100000
	data := benchBook(b, rows)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		db, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		t0 := time.Now()
		res, err := Load(ctx, db, &benchSource, "bench.xlsx", data, 0, Limits{})
		if err != nil || res.Err != nil {
			b.Fatal(err, res.Err)
		}
		if _, err := db.Promote(ctx, 0); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(t0)
		b.StopTimer()
		if res.Stats.Facts != rows*4 {
			b.Fatalf("%d facts, want %d", res.Stats.Facts, rows*4)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows*8*b.N)/elapsed.Seconds(), "cells/s")
	b.ReportMetric(float64(len(data)), "file-bytes")
}

// BenchmarkRead is the reading and parsing alone, into a sink that keeps
// nothing.
func BenchmarkRead(b *testing.B) {
	const rows = 100000
	data := benchBook(b, rows)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Read(ctx, &benchSource, "bench.xlsx", data, discard{}, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*8*b.N)/time.Since(t0).Seconds(), "cells/s")
}

type discard struct{}

func (discard) Fact(warehouse.Fact) error { return nil }
func (discard) Reject(warehouse.Reject)   {}
