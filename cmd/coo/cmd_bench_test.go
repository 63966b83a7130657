package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBenchForecast runs the benchmark on a few series: it prints its
// figures and streams every forecast to the CSV file.
func TestBenchForecast(t *testing.T) {
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, command: "coo bench", now: time.Now}
	csvPath := filepath.Join(t.TempDir(), "f.csv")
	err := cmdBench().run(context.Background(), e, []string{"forecast", "--series", "30", "--h", "6", "--chunk", "7", "--out", csvPath, "--quiet"})
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errb.String())
	}
	for _, want := range []string{"series      30 (30 forecast, 0 failed), h 6, method auto, chunk 7", "series/s", "ms per series", "peak RSS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	f, err := os.Open(csvPath)
	must(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	must(t, err)
	if len(recs) != 1+30*6 || recs[0][0] != "series_id" || recs[1][0] != "sku00000@store000" {
		t.Errorf("CSV has %d records, starting %q", len(recs), recs[:2])
	}
	if cmdBench().run(context.Background(), e, []string{"forecast", "--series", "0"}) == nil {
		t.Error("--series 0 was accepted")
	}
}

// TestBenchSeries: the generated series are the same on every call and
// have the promised shapes.
func TestBenchSeries(t *testing.T) {
	var zero, intermittent, short int
	lo, hi := 1e18, 0.0
	for i := range 2000 {
		s := benchSeries(i)
		if again := benchSeries(i); again.ID != s.ID || !slices.Equal(again.Y, s.Y) {
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
