package pipeline

import (
	"context"
	"encoding/csv"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"coo/internal/benchbook"
	"coo/internal/project"
)

// TestBenchSeries: the generated series are the same on every call and
// have the promised shapes.
func TestBenchSeries(t *testing.T) {
	var zero, intermittent, short int
	lo, hi := 1e18, 0.0
	for i := range 2000 {
		s := BenchSeries(i)
		if again := BenchSeries(i); again.ID != s.ID || !slices.Equal(again.Y, s.Y) {
			t.Fatalf("series %d differs between calls", i)
		}
		if len(s.Y) < 6 || len(s.Y) > 60 || s.M != 12 {
			t.Fatalf("series %d: %d months, m %d", i, len(s.Y), s.M)
		}
		if len(s.Y) < 24 {
			short++
		}
		zeros, sum := 0, 0.0
		for _, v := range s.Y {
			if v < 0 {
				t.Fatalf("series %d has a negative value %v", i, v)
			}
			if v == 0 {
				zeros++
			}
			sum += v
		}
		switch mean := sum / float64(len(s.Y)); {
		case zeros == len(s.Y):
			zero++
		case zeros*2 >= len(s.Y):
			intermittent++
		default:
			lo, hi = min(lo, mean), max(hi, mean)
		}
	}
	if zero < 5 || intermittent < 100 || short < 100 || lo > 10 || hi < 10000 {
		t.Errorf("%d all zero, %d intermittent, %d short, means %.3g to %.3g", zero, intermittent, short, lo, hi)
	}
}

// TestBench runs the benchmark in uneven chunks: every series is counted
// once, the tallies add up, and every forecast is in the file, in order,
// with the method chosen.
func TestBench(t *testing.T) {
	out := filepath.Join(t.TempDir(), "new", "f.csv") // the folder is created
	res, err := Bench(context.Background(), BenchOptions{Series: 30, H: 6, Method: "auto", Chunk: 7, Out: out})
	must(t, err)
	chosen := 0
	for _, c := range Ranked(res.Methods) {
		chosen += c.N
	}
	if res.OK+res.Failed != 30 || chosen != res.OK || res.Wall <= 0 {
		t.Errorf("Bench = %d ok, %d failed, %d chosen, wall %v; want 30 in all, each ok one chosen", res.OK, res.Failed, chosen, res.Wall)
	}
	f, err := os.Open(out)
	must(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	must(t, err)
	if len(recs) != 1+res.OK*6 || recs[1][0] != "sku00000@store000" || recs[len(recs)-1][0] != "sku00000@store029" || recs[1][1] == "auto" {
		t.Errorf("forecasts CSV: %d records, first %v, last %v; want %d, series 0 to 29, the method chosen", len(recs), recs[1], recs[len(recs)-1], 1+res.OK*6)
	}
	if _, err := Bench(context.Background(), BenchOptions{Series: 0, H: 6, Method: "auto", Chunk: 1}); err == nil {
		t.Error("Bench with 0 series: no error")
	}
}

func TestRankedAndFamily(t *testing.T) {
	got := Ranked(map[string]int{"b": 2, "a": 2, "c": 5})
	if want := []Count{{"c", 5}, {"a", 2}, {"b", 2}}; !slices.Equal(got, want) {
		t.Errorf("Ranked = %v, want %v (largest first, ties by name)", got, want)
	}
	for in, want := range map[string]string{"ETS(M,Ad,M)": "ETS(M,Ad,M)", "comb(ets+theta+arima)": "comb", "theta[0.5]": "theta", "naive": "naive"} {
		if got := MethodFamily(in); got != want {
			t.Errorf("MethodFamily(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkIngest is `coo ingest` end to end on the shape, 100,000
// rows × 8 columns in one workbook, into a new project each time: the
// writer's lock, opening and migrating the warehouse, hashing, reading,
// staging, promoting, computing the metrics and recording the run. pandas
// reads the same shape at 0.054 M cells/s (issue 14); the bar is 1 M.
func BenchmarkIngest(b *testing.B) {
	const rows = 100000
	data, err := benchbook.Ledger(rows)
	if err != nil {
		b.Fatal(err)
	}
	cfg := "version: 1\nsources:\n" + benchbook.Mapping + `metrics:
  - {name: sales.revenue, source: sales, measure: revenue, kind: flow}
  - {name: sales.units, source: sales, measure: units, kind: flow, by: [region]}
`
	ctx := context.Background()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "inbox"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "coo.yaml"), []byte(cfg), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "inbox", "ledger.xlsx"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		t0 := time.Now()
		p, err := project.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		opt := IngestOptions{}
		opt.Prepared = Prepare(ctx, p, opt) // as coo ingest does: read while the warehouse opens
		s, err := Begin(ctx, p, Config{Command: "coo ingest", Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Ingest(ctx, s, opt)
		if err == nil {
			err = res.Err()
		}
		if err := s.End(err, ""); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(t0)
		if res.Values != rows*4 {
			b.Fatalf("%d values, want %d", res.Values, rows*4)
		}
	}
	b.ReportMetric(float64(rows*8*b.N)/elapsed.Seconds(), "cells/s")
}
