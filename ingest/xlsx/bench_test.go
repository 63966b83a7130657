package xlsx

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var huge = flag.Bool("huge", false, "run BenchmarkRowsHuge (1,048,576 rows x 8 columns); or set COO_HUGE=1")

var (
	benchMu    sync.Mutex
	benchBooks = map[int][]byte{}
)

// benchBook writes, deterministically, a workbook of rows x 8 columns with
// excelize's StreamWriter: region and product text, a month date column,
// and five numbers, as a department's ledger would hold.
func benchBook(tb testing.TB, rows int) []byte {
	tb.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if b, ok := benchBooks[rows]; ok {
		return b
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	regions := []string{"North", "South", "East", "West", "华东", "华南"}
	products := make([]string, 50)
	for i := range products {
		products[i] = fmt.Sprintf("Product line %02d", i)
	}
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, 8)
	for r := 1; r <= rows; r++ {
		row[0] = regions[rng.IntN(len(regions))]
		row[1] = products[rng.IntN(len(products))]
		row[2] = excelize.Cell{StyleID: date, Value: t0.AddDate(0, rng.IntN(72), 0)}
		row[3] = rng.IntN(100000)
		row[4] = float64(rng.IntN(10000000)) / 100
		row[5] = rng.NormFloat64() * 1000
		row[6] = rng.IntN(500)
		row[7] = rng.Float64()
		cell, _ := excelize.CoordinatesToCellName(1, r)
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
	benchBooks[rows] = buf.Bytes()
	return buf.Bytes()
}

// readCoo reads every cell with this package, touching each value.
func readCoo(tb testing.TB, data []byte) int {
	w, err := Open(data, Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	if err := w.Rows("Sheet1", func(row int, cells []Cell) error {
		for i := range cells {
			n += len(cells[i].Raw) & 1
			n++
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return n
}

// readExcelize reads every cell with excelize's streaming Rows, raw values.
func readExcelize(tb testing.TB, data []byte) int {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range cols {
			n += len(c) & 1
			n++
		}
	}
	if err := rows.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}

func benchRead(b *testing.B, data []byte, cells int, read func(testing.TB, []byte) int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		read(b, data)
	}
	b.ReportMetric(float64(cells)*float64(b.N)/b.Elapsed().Seconds(), "cells/s")
}

// BenchmarkRows: open and read 100,000 rows x 8 columns, this reader
// against excelize's Rows on the same bytes in the same run.
func BenchmarkRows(b *testing.B) {
	data := benchBook(b, 100000)
	b.Run("coo", func(b *testing.B) { benchRead(b, data, 800000, readCoo) })
	b.Run("excelize", func(b *testing.B) { benchRead(b, data, 800000, readExcelize) })
}

// BenchmarkRowsHuge reads a full-height sheet (1,048,576 x 8) once with
// each reader and reports the process's peak RSS during each read (VmHWM,
// reset before each read through /proc/self/clear_refs).
//
//	COO_HUGE=1 go test ./ingest/xlsx/ -run XXX -bench BenchmarkRowsHuge -benchtime 1x
func BenchmarkRowsHuge(b *testing.B) {
	if !*huge && os.Getenv("COO_HUGE") != "1" {
		b.Skip("set -huge or COO_HUGE=1")
	}
	data := benchBook(b, 1<<20)
	b.Logf("workbook: %d MiB", len(data)>>20)
	for _, r := range []struct {
		name string
		read func(testing.TB, []byte) int
	}{{"coo", readCoo}, {"excelize", readExcelize}} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				resetPeak(b)
				base := peakRSS(b)
				start := time.Now()
				r.read(b, data)
				el := time.Since(start)
				b.ReportMetric(float64(8<<20)/el.Seconds(), "cells/s")
				b.ReportMetric(float64(peakRSS(b))/(1<<20), "peak-MiB")
				b.ReportMetric(float64(base)/(1<<20), "base-MiB")
			}
		})
	}
}

func resetPeak(tb testing.TB) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		tb.Logf("cannot reset peak RSS: %v", err)
	}
}

func peakRSS(tb testing.TB) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
