package render

import (
	"context"
	"math"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
)

// seriesStore serves series from memory, with no breakdowns.
type seriesStore map[coo.MetricName]coo.Series

func (s seriesStore) Series(_ context.Context, m coo.MetricName, _ string) (coo.Series, error) {
	return s[m], nil
}

func (s seriesStore) Breakdowns(context.Context, coo.MetricName, string) ([]string, error) {
	return nil, nil
}

// TestMonthlyHugeValues: a figure of about 100 a month with one value of
// 1e12 five months back, or a huge value (1e12 up to 1e300) in the report's
// month itself, still renders in every format; the former is listed among
// the values set aside, the latter marked out of range.
func TestMonthlyHugeValues(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	for _, tc := range []struct {
		name       string
		at         coo.Period
		v          float64
		setAside   bool
		outOfRange bool
	}{
		{"1e12 five months back", p - 5, 1e12, true, false},
		{"1e12 this month", p, 1e12, false, true},
		{"1e16 this month", p, 1e16, false, true},
		{"1e300 this month", p, 1e300, false, true},
		{"-1e300 this month", p, -1e300, false, true},
	} {
		y := make([]float64, 48)
		for i := range y {
			y[i] = 100 + 0.5*float64(i) + 10*math.Sin(2*math.Pi*float64(i)/12) + 3*math.Sin(float64(i)*1.7)
		}
		y[int(tc.at-start)] = tc.v
		store := seriesStore{"sales.revenue": {Metric: "sales.revenue", Start: start, Values: y}}
		rep, err := analysis.Monthly(context.Background(), store, analysis.MonthlyInput{Period: p, Calendar: coo.Calendar{FirstMonth: 1}, Lang: "en",
			Metrics: []coo.Metric{{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales"}},
			Spec:    analysis.ReportSpec{KPIs: []analysis.KPISpec{{Metric: "sales.revenue"}}}})
		if err != nil {
			t.Fatalf("%s: Monthly: %v", tc.name, err)
		}
		k := rep.KPIs[0]
		if k.Forecast != nil && k.Forecast.Error != "" {
			// No forecast, so no outlook: nothing is printed as a fact.
			t.Logf("%s: no forecast: %s", tc.name, k.Forecast.Error)
			tc.outOfRange = false
		}
		if k.OutOfRange != tc.outOfRange {
			t.Errorf("%s: OutOfRange = %v, want %v", tc.name, k.OutOfRange, tc.outOfRange)
		}
		d := memDest{}
		if err := Monthly(context.Background(), d, rep, MonthlyOptions{Company: "Test", Lang: "en"}); err != nil {
			t.Fatalf("%s: render: %v", tc.name, err)
		}
		md := string(d["monthly-2026-05.md"])
		if len(d["monthly-2026-05.pdf"]) == 0 || len(d["monthly-2026-05.html"]) == 0 || md == "" {
			t.Fatalf("%s: rendered %d files, want html, pdf and md", tc.name, len(d))
		}
		if got := strings.Contains(md, "Values set aside for forecasting"); got != tc.setAside {
			t.Errorf("%s: set-aside table shown = %v, want %v", tc.name, got, tc.setAside)
		}
		if got := strings.Contains(md, "outside the history's range"); got != tc.outOfRange {
			t.Errorf("%s: out-of-range mark shown = %v, want %v", tc.name, got, tc.outOfRange)
		}
	}
}
