package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"coo"
	"coo/internal/project"
)

// TestReportStaleForecast: a workbook sent with a region's revenue 30% too
// high, forecast, then sent again corrected before any report: the report
// forecasts the revenue from the history as it stands, not from the stored
// forecast of the wrong month (found from outside: the outlook of a payroll
// 30% too high stayed in the report, complete and unmarked).
func TestReportStaleForecast(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	var c *struct{ file, sheet, cell string }
	for _, f := range res.Company.Truth.Facts {
		if f.Source == "sales" && f.Measure == "revenue" && f.Period == last &&
			slices.Equal(f.Dims, []coo.Dim{{Key: "region", Value: "North"}, {Key: "product_line", Value: "Office"}}) {
			c = &struct{ file, sheet, cell string }{f.File, f.Sheet, f.Cell}
		}
	}
	if c == nil {
		t.Fatal("no revenue fact of North Office in the demo's truth")
	}
	path := filepath.Join(dir, filepath.FromSlash(c.file))
	good, err := os.ReadFile(path)
	must(t, err)
	slip(t, path, c.sheet, c.cell, 1.3)

	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	var rep *ReportResult
	var stored *coo.StoredForecast
	var want string // the fingerprint of the revenue's history as corrected
	err = func() error {
		if _, err := Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		fr, err := Forecast(ctx, s, ForecastOptions{H: 12, TotalsOnly: true, Metrics: []coo.MetricName{"sales.revenue"}})
		if err != nil {
			return err
		}
		for i := range fr.Series {
			if fr.Series[i].Key == (coo.SeriesKey{Metric: "sales.revenue"}) {
				f := fr.Series[i].Stored()
				stored = &f
			}
		}
		if err := os.WriteFile(path, good, 0o644); err != nil {
			return err
		}
		if _, err := Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		hist, err := s.DB.Series(ctx, "sales.revenue", "")
		if err != nil {
			return err
		}
		want = coo.Fingerprint(hist.Slice(hist.Start, last).Values)
		rep, err = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports"), Formats: []string{"md"}, AllowIncomplete: true}) // the demo published October: a restatement
		return err
	}()
	must(t, s.End(err, ""))
	must(t, err)
	if stored == nil || len(stored.Mean) == 0 {
		t.Fatal("coo forecast stored no revenue forecast")
	}
	for _, k := range rep.Report.KPIs {
		if k.Spec.Metric != "sales.revenue" {
			continue
		}
		if k.Forecast == nil || k.Forecast.Data != want || k.Forecast.Mean[0] == stored.Mean[0] {
			t.Errorf("the report's revenue forecast read %v (step 1 %v); want the history as corrected (%s), not the forecast of the wrong month (step 1 %v)",
				k.Forecast.Data, k.Forecast.Mean[0], want, stored.Mean[0])
		}
		return
	}
	t.Fatal("no revenue KPI in the report")
}
