package analysis_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
)

// TestLevelsDemo checks the colours of the demo's October figures against
// levels this test computes from the generator's ground truth with the
// rule of analysis.changeLevel's documentation, written again here: NaN
// or |change| < 2% is neutral (0); a lower-is-better figure rising on
// last year no more than the largest up-is-good headline figure in its
// unit did (revenue, for a cost) is neutral; otherwise the figure's way
// is good (1) and the other bad (3). Operating cost (+13.2% on last year,
// +12.9% year to date, while revenue grew 24.6% and 19.9%) is then
// neutral on last year in the key-figures tables, as page one says, and
// page one neither ranks nor questions it on last year.
func TestLevelsDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo company")
	}
	proj, store := demoTruth(t)
	p := coo.NewPeriod(2026, 10)
	fyStart := proj.Calendar.YearStart(proj.Calendar.FiscalYear(p))
	n := int(p-fyStart) + 1
	meta := map[coo.MetricName]coo.Metric{}
	for _, m := range proj.Metrics {
		meta[m.Name] = m
	}
	val := func(m coo.MetricName, q coo.Period) float64 {
		if v, ok := store[coo.SeriesKey{Metric: m}][q]; ok {
			return v
		}
		return math.NaN()
	}
	ytd := func(m coo.MetricName, q coo.Period) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			s += val(m, q-coo.Period(i))
		}
		return s
	}
	yoy := func(m coo.MetricName) float64 { return val(m, p)/val(m, p-12) - 1 }
	ytdChange := func(m coo.MetricName) float64 {
		if meta[m].Kind == coo.Stock {
			return yoy(m)
		}
		return ytd(m, p)/ytd(m, p-12) - 1
	}
	spec := proj.Report.ReportSpec
	// The reference of each unit: its largest up-is-good headline figure.
	ref := map[string]coo.MetricName{}
	for _, k := range spec.KPIs {
		u := meta[k.Metric].Unit
		if u == "" || k.LowerIsBetter {
			continue
		}
		if r, ok := ref[u]; !ok || math.Abs(val(k.Metric, p)) > math.Abs(val(r, p)) {
			ref[u] = k.Metric
		}
	}
	level := func(d float64, k analysis.KPISpec, refChange float64) int {
		switch {
		case math.IsNaN(d) || math.Abs(d) < 0.02:
			return 0
		case k.LowerIsBetter && d > 0 && d <= refChange:
			return 0
		case (d > 0) != k.LowerIsBetter:
			return 1
		}
		return 3
	}
	r, err := analysis.Monthly(context.Background(), store, analysis.MonthlyInput{Period: p, Calendar: proj.Calendar,
		Metrics: proj.Metrics, Spec: spec, Lang: "en", Forecasts: flatForecasts(spec, p)})
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, k analysis.MonthlyKPI) {
		m := k.Spec.Metric
		refYoY, refYTD := math.NaN(), math.NaN()
		if rm, ok := ref[meta[m].Unit]; ok {
			refYoY, refYTD = yoy(rm), ytdChange(rm)
		}
		want := map[string]int{
			"MoM": level(val(m, p)/val(m, p-1)-1, k.Spec, math.NaN()),
			"YoY": level(yoy(m), k.Spec, refYoY),
			"YTD": level(ytdChange(m), k.Spec, refYTD),
		}
		if k.Spec.Budget != "" {
			want["Budget"] = level(val(m, p)/val(k.Spec.Budget, p)-1, k.Spec, math.NaN())
			if meta[m].Kind != coo.Stock {
				want["YTDBudget"] = level(ytd(m, p)/ytd(k.Spec.Budget, p)-1, k.Spec, math.NaN())
			}
		}
		got := map[string]int{"MoM": k.Levels.MoM, "YoY": k.Levels.YoY, "YTD": k.Levels.YTD, "Budget": k.Levels.Budget, "YTDBudget": k.Levels.YTDBudget}
		for basis, w := range want {
			if got[basis] != w {
				t.Errorf("%s %s: Levels.%s = %d, want %d (from the truth)", where, k.Label, basis, got[basis], w)
			}
		}
	}
	var cost *analysis.MonthlyKPI
	for i, k := range r.KPIs {
		check("headline", k)
		if k.Spec.Metric == "finance.cost" {
			cost = &r.KPIs[i]
		}
	}
	for _, d := range r.Depts {
		for _, k := range d.KPIs {
			check(d.Name, k)
		}
	}
	if cost == nil {
		t.Fatal("no operating cost among the headline figures")
	}
	// The case of the issue: operating cost grew slower than revenue.
	if cost.Levels.YoY != 0 || cost.Levels.YTD != 0 || cost.Levels.Budget != 3 {
		t.Errorf("operating cost: Levels = %+v, want YoY and YTD neutral (0), Budget bad (3)", cost.Levels)
	}
	for _, f := range r.Findings {
		if f.Metric == "finance.cost" && (f.Basis == "yoy" || f.Basis == "ytd") {
			t.Errorf("page one ranks operating cost on %s, which the tables call neutral: %s", f.Basis, f.Text)
		}
	}
	for _, q := range r.Questions {
		for _, item := range q.Items {
			if strings.HasPrefix(item, cost.Label) && strings.Contains(item, fmt.Sprintf("on %s", p-12)) {
				t.Errorf("page one questions operating cost on last year, which the tables call neutral: %s", item)
			}
		}
	}
}

// TestLevelsIncomplete: a comparison that reads a month an input defect
// touches is not graded (the figure is marked incomplete; a tick would
// judge what is not there); the others are. Revenue is up 10% on every
// basis, so each comparison would be good (1).
func TestLevelsIncomplete(t *testing.T) {
	p := coo.NewPeriod(2026, 10)
	ys := coo.NewPeriod(2026, 1)
	k := analysis.MonthlyKPI{Label: "Revenue", Unit: "CNY", Value: 110, MoM: 0.1, YoY: 0.1, Attainment: 1.1, YTDChange: 0.1,
		YTDAttainment: 1.1, OutlookVsBudget: 1.1, OutlookVsLastYear: 0.1, Defects: analysis.FigureDefects{0},
		Spec: analysis.KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget"}}
	all := analysis.KPILevels{MoM: 1, YoY: 1, Budget: 1, YTD: 1, YTDBudget: 1, FYBudget: 1, OutlookVsLastYear: 1, Card: 1}
	for _, tc := range []struct {
		name   string
		months []coo.Period // the defect's; nil: every month (a refused workbook)
		want   analysis.KPILevels
	}{
		{"the month", []coo.Period{p}, analysis.KPILevels{}},
		{"last month", []coo.Period{p - 1}, analysis.KPILevels{YoY: 1, Budget: 1, Card: 1}},
		{"a month of the year to date", []coo.Period{p - 3}, analysis.KPILevels{MoM: 1, YoY: 1, Budget: 1, Card: 1}},
		{"the same month last year", []coo.Period{p - 12}, analysis.KPILevels{MoM: 1, Budget: 1, YTDBudget: 1, Card: 1}},
		{"an older month (the forecast's history)", []coo.Period{p - 30}, analysis.KPILevels{MoM: 1, YoY: 1, Budget: 1, YTD: 1, YTDBudget: 1, Card: 1}},
		{"every month", nil, analysis.KPILevels{}},
	} {
		r := &analysis.MonthlyReport{Period: p, YearStart: ys, YearEnd: ys + 11, KPIs: []analysis.MonthlyKPI{k}}
		r.Quality.Defects = []coo.Defect{{Kind: coo.Rejected, Source: "sales", File: "s.xlsx", Sheet: "S", Cell: "C7", Months: tc.months}}
		r.SetLevels()
		if got := r.KPIs[0].Levels; got != tc.want {
			t.Errorf("a rejected cell of %s: levels %+v, want %+v", tc.name, got, tc.want)
		}
	}
	r := &analysis.MonthlyReport{Period: p, YearStart: ys, YearEnd: ys + 11, KPIs: []analysis.MonthlyKPI{k}}
	r.KPIs[0].Defects = nil
	r.SetLevels()
	if got := r.KPIs[0].Levels; got != all {
		t.Errorf("complete: levels %+v, want %+v", got, all)
	}
}
