package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coo/warehouse"
)

// benchBook writes a tidy workbook of rows × 8 columns (a date, three
// labels, four numbers) with excelize's StreamWriter, once per process.
func benchBook(tb testing.TB, rows int) []byte {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("coo-bench-%d.xlsx", rows))
	if data, err := os.ReadFile(path); err == nil {
		return data
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.SetRow("A1", []any{"Month", "Region", "Product", "Store", "Units", "Revenue", "Cost", "Discount"})
	regions := []string{"North", "East", "South", "West"}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for r := 0; r < rows; r++ {
		month := start.AddDate(0, r%72, 0)
		row := []any{
			excelize.Cell{StyleID: date, Value: month},
			regions[r%4], fmt.Sprintf("Product %03d", (r/4)%120), fmt.Sprintf("Store %04d", (r/480)%400),
			r%1000 + 1, float64(r%9973) * 12.5, float64(r%7919) * 7.25, float64(r%30) / 100,
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
	return buf.Bytes()
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
