package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
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
