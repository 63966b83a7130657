package warehouse

import (
	"context"
	"coo"
	"path/filepath"
	"testing"
)

// TestForecastAgainInOneRun: a run that forecasts a series twice from the
// same origin (the demo does, after the corrected workbooks load) keeps the
// second forecast only; another series of the run is left alone.
func TestForecastAgainInOneRun(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	run, err := db.StartRun(ctx, "coo demo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveForecasts(ctx, run, []coo.StoredForecast{fc("sales.revenue", "", oct, 10, 3), fc("hr.headcount", "", oct, 5, 3)}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveForecasts(ctx, run, []coo.StoredForecast{fc("sales.revenue", "", oct, 20, 3)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.StoredForecasts(ctx, oct)
	if err != nil {
		t.Fatal(err)
	}
	means := map[string][]float64{}
	for _, f := range got {
		means[string(f.Metric)] = f.Mean
	}
	if m := means["sales.revenue"]; len(m) != 3 || m[0] != 20 {
		t.Errorf("sales.revenue steps %v, want the second forecast's 3 steps from 20", m)
	}
	if m := means["hr.headcount"]; len(m) != 3 || m[0] != 5 {
		t.Errorf("hr.headcount steps %v, want its 3 steps from 5, untouched", m)
	}
	if n := count(t, db, `SELECT count(*) FROM forecasts WHERE metric = 'sales.revenue'`); n != 3 {
		t.Errorf("%d stored steps of sales.revenue, want 3", n)
	}
}
