package analysis

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"coo"
	"coo/forecast"
)

// Every expected figure in these tests is worked out by hand from the
// series below, never read back from Monthly.

// line is a + b·i for the n months from start.
func line(start coo.Period, n int, a, b float64) coo.Series {
	s := coo.Series{Start: start}
	for i := range n {
		s.Values = append(s.Values, a+b*float64(i))
	}
	return s
}

// sparse is a series over from..to with the given months, NaN elsewhere.
func sparse(from, to coo.Period, vs map[coo.Period]float64) coo.Series {
	s := coo.Series{Start: from}
	for p := from; p <= to; p++ {
		v, ok := vs[p]
		if !ok {
			v = nan
		}
		s.Values = append(s.Values, v)
	}
	return s
}

// storedFC is a stored forecast at origin with Mean[i] = mean0+i, Lo95 =
// Mean-lo and Hi95 = Mean+hi for n steps.
func storedFC(metric coo.MetricName, origin coo.Period, n int, mean0, lo, hi float64, method string) coo.StoredForecast {
	f := coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: metric}, Origin: origin, Method: method,
		BacktestMASE: 0.5, BenchmarkMASE: 0.75, BacktestSMAPE: nan, BenchmarkSMAPE: nan, BacktestCov95: nan}
	for i := range n {
		m := mean0 + float64(i)
		f.Mean = append(f.Mean, m)
		f.Lo80, f.Hi80 = append(f.Lo80, m-lo/2), append(f.Hi80, m+hi/2)
		f.Lo95, f.Hi95 = append(f.Lo95, m-lo), append(f.Hi95, m+hi)
	}
	return f
}

func checkNum(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !same(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

var (
	april   = coo.Calendar{FirstMonth: 4}
	january = coo.Calendar{FirstMonth: 1}
	may25   = coo.NewPeriod(2025, 5)
	jun25   = coo.NewPeriod(2025, 6)
	apr23   = coo.NewPeriod(2023, 4)
)

// testMetrics: revenue and its budget (flow), headcount and its budget
// (stock), units and a cost.
func testMetrics() []coo.Metric {
	return []coo.Metric{
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales"},
		{Name: "sales.revenue_budget", Label: "Revenue budget", Unit: "CNY", Kind: coo.Flow, Source: "plan"},
		{Name: "sales.units", Label: "Units", Kind: coo.Flow, Source: "sales"},
		{Name: "hr.headcount", Label: "Headcount", Kind: coo.Stock, Source: "hr"},
		{Name: "hr.headcount_budget", Label: "Headcount plan", Kind: coo.Stock, Source: "plan"},
		{Name: "ops.cost", Label: "Cost", Unit: "CNY", Kind: coo.Flow, Source: "ops"},
	}
}

// monthlyStore: from 2023-04 (i = 0), revenue is 1000+10i and headcount
// 50+i, through 2025-07 (i = 27, a month after the report's 2025-06, which
// the report must not read). The budgets cover FY2026 (2025-04..2026-03).
func monthlyStore() fakeStore {
	revBudget := coo.Series{Start: coo.NewPeriod(2025, 4), Values: []float64{1200, 1200, 1200}}
	for range 9 {
		revBudget.Values = append(revBudget.Values, 1300)
	}
	rev := line(apr23, 28, 1000, 10)
	rev.Values[27] = 99999 // 2025-07: after the report's month
	dim := func(v string) string { return coo.FormatDims([]coo.Dim{{Key: "region", Value: v}}) }
	yago := jun25 - 12
	return fakeStore{
		key("sales.revenue", ""):        rev,
		key("sales.revenue_budget", ""): revBudget,
		key("sales.units", ""):          line(apr23, 27, 500, 3),
		key("hr.headcount", ""):         line(apr23, 28, 50, 1),
		key("hr.headcount_budget", ""):  line(coo.NewPeriod(2025, 4), 12, 70, 1),
		key("ops.cost", ""):             line(coo.NewPeriod(2024, 4), 13, 300, 1), // ends 2025-04
		// The members of the revenue by region: their sums are the total's
		// 1140 a year ago and 1260 now.
		key("sales.revenue", dim("East")):  sparse(yago, jun25, map[coo.Period]float64{yago: 600, jun25: 700}),
		key("sales.revenue", dim("West")):  sparse(yago, jun25, map[coo.Period]float64{yago: 400, jun25: 350}),
		key("sales.revenue", dim("North")): sparse(yago, jun25, map[coo.Period]float64{jun25: 210}), // new
		key("sales.revenue", dim("South")): sparse(yago, jun25, map[coo.Period]float64{yago: 140}),  // gone
		key("sales.revenue", dim("Old")):   sparse(coo.NewPeriod(2024, 1), coo.NewPeriod(2024, 1), map[coo.Period]float64{coo.NewPeriod(2024, 1): 5}),
		// A breakdown by two dimensions is not a member of the region's.
		key("sales.revenue", "region=East;product=A"): sparse(yago, jun25, map[coo.Period]float64{yago: 1, jun25: 9999}),
	}
}

func TestMonthlyFlowAndStockAprilYear(t *testing.T) {
	ctx := context.Background()
	store := monthlyStore()
	revSpec := KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "region"}
	hcSpec := KPISpec{Metric: "hr.headcount", Budget: "hr.headcount_budget"}
	in := MonthlyInput{
		Period: jun25, Calendar: april, Metrics: testMetrics(), Lang: "en",
		Spec: ReportSpec{
			KPIs: []KPISpec{revSpec, hcSpec, {Metric: "sales.units"}, {Metric: "ops.cost", LowerIsBetter: true}},
			Departments: []DepartmentSpec{{Name: "Sales", KPIs: []KPISpec{{Metric: "sales.revenue"}}, Ratios: []RatioSpec{
				{Name: "Revenue per head", Num: key("sales.revenue", ""), Den: key("hr.headcount", "")},
				{Name: "East share", Num: key("sales.revenue", "region=East"), Den: key("sales.revenue", ""), Percent: true},
			}}},
		},
		Forecasts: []coo.StoredForecast{
			storedFC("sales.revenue", jun25-1, 12, 1, 0, 0, "stale"), // another origin: not used
			storedFC("sales.revenue", jun25, 12, 1300, 100, 150, "stored"),
			storedFC("hr.headcount", jun25, 12, 77, 3, 4, "stored"),
			storedFC("sales.units", jun25-1, 12, 1, 0, 0, "stale"),
		},
	}
	r, err := Monthly(ctx, store, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.FiscalYear != 2026 || r.YearStart != coo.NewPeriod(2025, 4) || r.YearEnd != coo.NewPeriod(2026, 3) || r.Period != jun25 {
		t.Fatalf("year: FY%d %s..%s, want FY2026 2025-04..2026-03", r.FiscalYear, r.YearStart, r.YearEnd)
	}
	if len(r.KPIs) != 4 || len(r.Depts) != 1 || len(r.Depts[0].KPIs) != 1 || len(r.Depts[0].Ratios) != 2 {
		t.Fatalf("report shape: %d KPIs, %d departments", len(r.KPIs), len(r.Depts))
	}

	// Revenue, a flow: 2025-06 is i = 26.
	k := r.KPIs[0]
	if k.Label != "Revenue" || k.Unit != "CNY" || k.Kind != coo.Flow {
		t.Errorf("revenue meta: %q %q %q", k.Label, k.Unit, k.Kind)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"Value", k.Value, 1260}, {"Prev", k.Prev, 1250}, {"LastYear", k.LastYear, 1140},
		{"MoM", k.MoM, 1260.0/1250 - 1}, {"YoY", k.YoY, 1260.0/1140 - 1},
		{"YTD", k.YTD, 1240 + 1250 + 1260}, {"YTDLastYear", k.YTDLastYear, 1120 + 1130 + 1140}, {"YTDChange", k.YTDChange, 3750.0/3390 - 1},
		{"R12", k.R12, 12*1000 + 10*(15+16+17+18+19+20+21+22+23+24+25+26)},
		{"R12Prior", k.R12Prior, 12*1000 + 10*(3+4+5+6+7+8+9+10+11+12+13+14)},
		{"R12Change", k.R12Change, 14460.0/13020 - 1},
		{"Budget", k.Budget, 1200}, {"Attainment", k.Attainment, 1.05}, {"Variance", k.Variance, 60},
		{"YTDBudget", k.YTDBudget, 3600}, {"YTDAttainment", k.YTDAttainment, 3750.0 / 3600},
		{"FYBudget", k.FYBudget, 3600 + 9*1300},
		// 9 months left: 3750 + Σ(1300..1308) and the bounds' sums.
		{"Outlook", k.Outlook, 3750 + 9*1300 + 36}, {"OutlookLo95", k.OutlookLo95, 3750 + 9*1300 + 36 - 900},
		{"OutlookHi95", k.OutlookHi95, 3750 + 9*1300 + 36 + 1350}, {"OutlookVsBudget", k.OutlookVsBudget, 15486.0 / 15300},
	} {
		checkNum(t, "revenue "+c.what, c.got, c.want)
	}
	if k.Forecast == nil || k.Forecast.Method != "stored" || k.Forecast.Origin != jun25 {
		t.Errorf("revenue forecast = %+v, want the stored one made at 2025-06", k.Forecast)
	}
	if k.History.Start != apr23 || k.History.End() != jun25 || k.History.Values[26] != 1260 {
		t.Errorf("revenue history %s, want 2023-04..2025-06", k.History)
	}
	if k.BudgetHistory.Start != apr23 || k.BudgetHistory.End() != coo.NewPeriod(2026, 3) || k.BudgetHistory.Values[35] != 1300 {
		t.Errorf("revenue budget history %s, want 2023-04..2026-03", k.BudgetHistory)
	}
	if len(k.YTDMissing) != 0 || len(k.Notes) != 0 {
		t.Errorf("revenue: YTDMissing %v, notes %v; want none", k.YTDMissing, k.Notes)
	}

	// Contributions to the change on a year ago (1140 -> 1260, +120).
	if k.ContributionBase != "yoy" {
		t.Errorf("contribution base %q, want yoy", k.ContributionBase)
	}
	want := []Contribution{
		{Member: "North", Value: 210, Base: nan, Delta: 210, Share: 1.75},
		{Member: "South", Value: nan, Base: 140, Delta: -140, Share: -140.0 / 120},
		{Member: "East", Value: 700, Base: 600, Delta: 100, Share: 100.0 / 120},
		{Member: "West", Value: 350, Base: 400, Delta: -50, Share: -50.0 / 120},
	}
	if len(k.Contributions) != len(want) {
		t.Fatalf("contributions = %+v, want %+v", k.Contributions, want)
	}
	for i, w := range want {
		c := k.Contributions[i]
		if c.Member != w.Member || !same(c.Value, w.Value) || !same(c.Base, w.Base) || !same(c.Delta, w.Delta) || !same(c.Share, w.Share) {
			t.Errorf("contribution %d = %+v, want %+v", i, c, w)
		}
	}

	// Headcount, a stock.
	h := r.KPIs[1]
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"Value", h.Value, 76}, {"Prev", h.Prev, 75}, {"LastYear", h.LastYear, 64},
		{"YTD", h.YTD, 76}, {"YTDLastYear", h.YTDLastYear, 64},
		{"R12", h.R12, 50 + 20.5}, {"R12Prior", h.R12Prior, 50 + 8.5},
		{"Budget", h.Budget, 72}, {"Attainment", h.Attainment, 76.0 / 72}, {"YTDBudget", h.YTDBudget, 72},
		{"FYBudget", h.FYBudget, 81},
		// The forecast of 2026-03, step 9.
		{"Outlook", h.Outlook, 85}, {"OutlookLo95", h.OutlookLo95, 82}, {"OutlookHi95", h.OutlookHi95, 89},
		{"OutlookVsBudget", h.OutlookVsBudget, 85.0 / 81},
	} {
		checkNum(t, "headcount "+c.what, c.got, c.want)
	}

	// Units: the stored forecast was made at another month, so one is
	// computed at 2025-06 for max(12, 9 months left) steps.
	u := r.KPIs[2]
	if u.Forecast == nil || u.Forecast.Method == "stale" || u.Forecast.Error != "" || u.Forecast.Origin != jun25 || len(u.Forecast.Mean) != 12 {
		t.Errorf("units forecast = %+v, want one computed at 2025-06 for 12 months", u.Forecast)
	}
	if u.Forecast == nil || len(u.Forecast.Mean) < 9 {
		t.FailNow()
	}
	checkNum(t, "units outlook", u.Outlook, (500+3*24)+(500+3*25)+(500+3*26)+sum(u.Forecast.Mean[:9]))
	checkNum(t, "units budget", u.Budget, nan)
	checkNum(t, "units FY budget", u.FYBudget, nan)

	// The cost ends in 2025-04: no month, no year to date, no forecast.
	c := r.KPIs[3]
	checkNum(t, "cost Value", c.Value, nan)
	checkNum(t, "cost Prev", c.Prev, nan)
	checkNum(t, "cost value two months back", at(c.History, jun25-2), 312)
	checkNum(t, "cost MoM", c.MoM, nan)
	checkNum(t, "cost YTD", c.YTD, nan)
	checkNum(t, "cost YTDLastYear", c.YTDLastYear, 300+301+302)
	checkNum(t, "cost Outlook", c.Outlook, nan)
	if !reflect.DeepEqual(c.YTDMissing, []coo.Period{may25, jun25}) {
		t.Errorf("cost YTDMissing = %v, want [2025-05 2025-06]", c.YTDMissing)
	}
	if c.Forecast == nil || !strings.Contains(c.Forecast.Error, "no data for 2025-06") {
		t.Errorf("cost forecast = %+v, want an error: no data for 2025-06", c.Forecast)
	}
	notes := strings.Join(c.Notes, "\n")
	if !strings.Contains(notes, "2025-05, 2025-06") || !strings.Contains(notes, "no forecast: no data for 2025-06") {
		t.Errorf("cost notes = %q", notes)
	}
	if c.Anomaly || !math.IsNaN(c.Expected) {
		t.Errorf("cost: anomaly %v, expected %v for a month without data", c.Anomaly, c.Expected)
	}

	// The department repeats revenue without a budget or breakdown.
	dk := r.Depts[0].KPIs[0]
	checkNum(t, "dept revenue YTD", dk.YTD, 3750)
	checkNum(t, "dept revenue Attainment", dk.Attainment, nan)
	if dk.Contributions != nil || dk.ContributionBase != "" {
		t.Errorf("dept revenue has contributions %+v without a breakdown", dk.Contributions)
	}

	// Ratios.
	rph := r.Depts[0].Ratios[0]
	checkNum(t, "revenue per head", rph.Value, 1260.0/76)
	checkNum(t, "revenue per head Prev", rph.Prev, 1250.0/75)
	checkNum(t, "revenue per head LastYear", rph.LastYear, 1140.0/64)
	checkNum(t, "revenue per head R12 (sum over average)", rph.R12, 14460/70.5)
	if rph.History.Start != apr23 || rph.History.End() != jun25 || !same(rph.History.Values[0], 1000.0/50) {
		t.Errorf("revenue per head history %s, first %v", rph.History, rph.History.Values)
	}
	es := r.Depts[0].Ratios[1]
	checkNum(t, "East share", es.Value, 700.0/1260)
	checkNum(t, "East share LastYear", es.LastYear, 600.0/1140)
	checkNum(t, "East share Prev (no East for 2025-05)", es.Prev, nan)
	checkNum(t, "East share R12 (East has gaps)", es.R12, nan)
	if !es.Spec.Percent || es.Spec.Name != "East share" {
		t.Errorf("East share spec = %+v", es.Spec)
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// TestMonthlyJanuaryYear: with fiscal and calendar years the same, May 2025
// is month 5 of FY2025 with 7 months left.
func TestMonthlyJanuaryYear(t *testing.T) {
	store := monthlyStore()
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: may25, Calendar: january, Metrics: testMetrics(),
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.revenue", Budget: "sales.revenue_budget"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.revenue", may25, 12, 1300, 10, 20, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.FiscalYear != 2025 || r.YearStart != coo.NewPeriod(2025, 1) || r.YearEnd != coo.NewPeriod(2025, 12) {
		t.Fatalf("year: FY%d %s..%s, want FY2025 2025-01..2025-12", r.FiscalYear, r.YearStart, r.YearEnd)
	}
	k := r.KPIs[0]
	// 2025-01..05 are i = 21..25; a year earlier i = 9..13.
	checkNum(t, "YTD", k.YTD, 5000+10*(21+22+23+24+25))
	checkNum(t, "YTDLastYear", k.YTDLastYear, 5000+10*(9+10+11+12+13))
	checkNum(t, "Outlook", k.Outlook, 6150+7*1300+21)
	checkNum(t, "OutlookLo95", k.OutlookLo95, 6150+7*1300+21-70)
	checkNum(t, "OutlookHi95", k.OutlookHi95, 6150+7*1300+21+140)
	// The budget starts in 2025-04: no budget for January..March.
	checkNum(t, "YTDBudget", k.YTDBudget, nan)
	checkNum(t, "FYBudget", k.FYBudget, nan)
	checkNum(t, "Budget", k.Budget, 1200)
	checkNum(t, "OutlookVsBudget", k.OutlookVsBudget, nan)
	if len(k.YTDMissing) != 0 {
		t.Errorf("YTDMissing = %v", k.YTDMissing)
	}
}

// TestMonthlyYearEnd: in the fiscal year's last month the outlook is the
// year's actual (flow) or the month's level (stock), even without forecast
// steps.
func TestMonthlyYearEnd(t *testing.T) {
	mar26 := coo.NewPeriod(2026, 3)
	store := fakeStore{
		key("sales.revenue", ""): line(apr23, 36, 1000, 10), // through 2026-03
		key("hr.headcount", ""):  line(apr23, 36, 50, 1),
	}
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: mar26, Calendar: april, Metrics: testMetrics(),
		Spec: ReportSpec{Horizon: 3, KPIs: []KPISpec{{Metric: "sales.revenue"}, {Metric: "hr.headcount"}}},
		Forecasts: []coo.StoredForecast{
			storedFC("sales.revenue", mar26, 3, 1, 1, 1, "stored"),
			storedFC("hr.headcount", mar26, 3, 1, 1, 1, "stored"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, s := r.KPIs[0], r.KPIs[1]
	ytd := 12*1000.0 + 10*(24+25+26+27+28+29+30+31+32+33+34+35)
	checkNum(t, "flow YTD", f.YTD, ytd)
	checkNum(t, "flow Outlook", f.Outlook, ytd)
	checkNum(t, "flow OutlookLo95", f.OutlookLo95, ytd)
	checkNum(t, "flow OutlookHi95", f.OutlookHi95, ytd)
	checkNum(t, "stock Outlook", s.Outlook, 85)
	checkNum(t, "stock OutlookHi95", s.OutlookHi95, 85)
	if f.Forecast == nil || f.Forecast.Method != "stored" {
		t.Errorf("flow forecast = %+v, want the stored one (3 steps cover a horizon of 3)", f.Forecast)
	}
}

// TestMonthlyShortForecast: a stored forecast too short for the months
// left is replaced by one computed for them.
func TestMonthlyShortForecast(t *testing.T) {
	store := monthlyStore()
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: jun25, Calendar: april, Metrics: testMetrics(),
		Spec:      ReportSpec{Horizon: 3, KPIs: []KPISpec{{Metric: "sales.units"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.units", jun25, 6, 1, 1, 1, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	k := r.KPIs[0]
	if k.Forecast == nil || k.Forecast.Method == "stored" || len(k.Forecast.Mean) != 9 || k.Forecast.Origin != jun25 {
		t.Fatalf("forecast = %+v, want one computed at 2025-06 for the 9 months left", k.Forecast)
	}
	if math.IsNaN(k.Outlook) || k.OutlookLo95 > k.Outlook || k.Outlook > k.OutlookHi95 {
		t.Errorf("outlook %v (%v..%v)", k.Outlook, k.OutlookLo95, k.OutlookHi95)
	}
}

// TestMonthlyAnomaly: the month is flagged when it lies outside the 95%
// interval of a one-step forecast from the months before it, and only with
// 24 months of them.
func TestMonthlyAnomaly(t *testing.T) {
	start := coo.NewPeriod(2022, 6)
	p := start.Add(30) // 30 months before it
	hist := make([]float64, 30)
	for i := range hist {
		// A seasonal series with deterministic noise.
		hist[i] = 1000 + 4*float64(i) + 60*math.Sin(2*math.Pi*float64(i)/12) + float64((i*37)%11) - 5
	}
	f, err := forecast.Auto(hist, 12, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	mean, lo, hi := f.Mean[0], f.Lo95[0], f.Hi95[0]
	width := hi - lo
	if !(width > 0) {
		t.Fatalf("forecast interval %v..%v", lo, hi)
	}
	for _, tc := range []struct {
		name    string
		value   float64
		months  int // of history before p
		anomaly bool
	}{
		{"expected value", mean, 30, false},
		{"just inside", hi - width/100, 30, false},
		{"above", hi + width/10, 30, true},
		{"below", lo - width/10, 30, true},
		{"24 months", hi + 10*width, 24, true},
		{"23 months", hi + 10*width, 23, false},
		// A cell of the month set aside: the figure is marked for it, and
		// short of the value it lost, not news outside the range.
		{"below, a cell of the month set aside", lo - width/10, 30, false},
		{"below, a cell of last month set aside", lo - width/10, 30, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := append(append([]float64(nil), hist[30-tc.months:]...), tc.value)
			store := fakeStore{key("sales.units", ""): {Start: p.Add(-tc.months), Values: y}}
			var defects []coo.Defect
			if at, ok := strings.CutPrefix(tc.name, "below, a cell of "); ok {
				q := p
				if strings.HasPrefix(at, "last month") {
					q = p - 1
				}
				defects = []coo.Defect{{Kind: coo.Rejected, Source: "sales", File: "sales.xlsx", Sheet: "S", Cell: "B7", Reason: "not_a_number", Months: []coo.Period{q}}}
			}
			r, err := Monthly(context.Background(), store, MonthlyInput{
				Period: p, Calendar: april, Metrics: testMetrics(),
				Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.units"}}},
				Forecasts: []coo.StoredForecast{storedFC("sales.units", p, 12, 1, 1, 1, "stored")},
				Defects:   defects,
			})
			if err != nil {
				t.Fatal(err)
			}
			k := r.KPIs[0]
			if k.Anomaly != tc.anomaly {
				t.Errorf("Anomaly = %v, want %v (value %v, expected %v..%v)", k.Anomaly, tc.anomaly, tc.value, k.ExpectedLo, k.ExpectedHi)
			}
			if tc.months < 24 {
				if !math.IsNaN(k.Expected) {
					t.Errorf("Expected = %v from %d months, want NaN", k.Expected, tc.months)
				}
				return
			}
			if tc.months == 30 && (!same(k.Expected, mean) || !same(k.ExpectedLo, lo) || !same(k.ExpectedHi, hi)) {
				t.Errorf("Expected %v (%v..%v), want forecast.Auto's %v (%v..%v)", k.Expected, k.ExpectedLo, k.ExpectedHi, mean, lo, hi)
			}
			risky := false
			for _, s := range r.Risks {
				risky = risky || strings.Contains(s.Text, "outside the 95% range")
			}
			if len(defects) > 0 && len(k.Defects) != 1 {
				t.Errorf("defects %v, want the cell set aside", k.Defects)
			}
			// Units above the range are good news, not a risk.
			if want := tc.anomaly && tc.value < lo; risky != want {
				t.Errorf("anomaly risk sentence present = %v, want %v: %+v", risky, want, r.Risks)
			}
		})
	}
	// A gap before the month: only the months after it count, 20 here.
	y := append(append([]float64(nil), hist...), hist[29]*5)
	y[9] = nan
	store := fakeStore{key("sales.units", ""): {Start: start, Values: y}}
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: april, Metrics: testMetrics(),
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.units"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.units", p, 12, 1, 1, 1, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if k := r.KPIs[0]; k.Anomaly || !math.IsNaN(k.Expected) {
		t.Errorf("after a gap leaving 20 months: anomaly %v, expected %v; want none", k.Anomaly, k.Expected)
	}
}

// TestMonthlyContributionsMoM: without the total a year earlier the
// contributions explain the change on the month before.
func TestMonthlyContributionsMoM(t *testing.T) {
	p := coo.NewPeriod(2025, 2)
	store := fakeStore{
		key("sales.units", ""):         ser(p-1, 100, 90),
		key("sales.units", "region=A"): ser(p-1, 60, 40),
		key("sales.units", "region=B"): ser(p-1, 40, 50),
	}
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: january, Metrics: testMetrics(),
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.units", Breakdown: "region"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.units", p, 12, 1, 1, 1, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	k := r.KPIs[0]
	if k.ContributionBase != "mom" || len(k.Contributions) != 2 {
		t.Fatalf("base %q, contributions %+v", k.ContributionBase, k.Contributions)
	}
	a, b := k.Contributions[0], k.Contributions[1]
	if a.Member != "A" || a.Delta != -20 || !same(a.Share, 2) || b.Member != "B" || b.Delta != 10 || !same(b.Share, -1) {
		t.Errorf("contributions %+v", k.Contributions)
	}
	// The total did not change: shares are NaN.
	store[key("sales.units", "")] = ser(p-1, 100, 100)
	r, err = Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: january, Metrics: testMetrics(),
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.units", Breakdown: "region"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.units", p, 12, 1, 1, 1, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.KPIs[0].Contributions {
		if !math.IsNaN(c.Share) {
			t.Errorf("%s: share %v of no change, want NaN", c.Member, c.Share)
		}
	}
	for _, s := range r.Highlights {
		if strings.Contains(s.Text, "contributed most") {
			t.Errorf("driver sentence without a change: %q", s.Text)
		}
	}
}

// TestMonthlyZeroBase: changes on a zero are NaN, not ±Inf.
func TestMonthlyZeroBase(t *testing.T) {
	p := coo.NewPeriod(2025, 2)
	// 2024-01 is 1, 2024-02 is 0, then 1 to 2024-12, 0 in 2025-01, 5 in 2025-02.
	store := fakeStore{key("sales.units", ""): ser(coo.NewPeriod(2024, 1), 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 5)}
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: january, Metrics: testMetrics(),
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.units"}}},
		Forecasts: []coo.StoredForecast{storedFC("sales.units", p, 12, 1, 1, 1, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	k := r.KPIs[0]
	checkNum(t, "MoM on 0", k.MoM, nan)
	checkNum(t, "YoY on 0", k.YoY, nan)
	checkNum(t, "YTD", k.YTD, 5)
	checkNum(t, "YTDLastYear", k.YTDLastYear, 1)
	checkNum(t, "YTDChange", k.YTDChange, 4)
	checkNum(t, "R12", k.R12, 1*10+0+5)
	checkNum(t, "R12Prior", k.R12Prior, nan)
}

func TestMonthlyQuality(t *testing.T) {
	p := jun25
	store := fakeStore{
		key("sales.revenue", ""):        line(apr23, 27, 1000, 10),
		key("sales.revenue_budget", ""): line(apr23, 36, 1000, 10),
		key("hr.headcount", ""):         line(apr23, 27, 50, 1),
		key("ops.cost", ""):             line(apr23, 27, 300, 1),
	}
	fcs := []coo.StoredForecast{storedFC("sales.revenue", p, 12, 1, 1, 1, "stored")}
	sources := []coo.SourceMonth{
		{Source: "finance", Facts: 0},               // feeds nothing reported
		{Source: "hr", Facts: 12, Rejects: 2},       // feeds a ratio only
		{Source: "marketing", Facts: 3, Rejects: 4}, // feeds nothing reported
		{Source: "ops", Facts: 0},
		{Source: "plan", Facts: 12, Rejects: 1}, // feeds revenue's budget
		{Source: "sales", Facts: 40},
	}
	spec := ReportSpec{
		KPIs:        []KPISpec{{Metric: "sales.revenue", Budget: "sales.revenue_budget"}},
		Departments: []DepartmentSpec{{Name: "HR", Ratios: []RatioSpec{{Name: "Revenue per head", Num: key("sales.revenue", ""), Den: key("hr.headcount", "")}}}},
		Required:    []string{"sales", "ops", "payroll"},
	}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: testMetrics(), Spec: spec, Forecasts: fcs, Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	q := r.Quality
	if !reflect.DeepEqual(q.Missing, []string{"ops", "payroll"}) {
		t.Errorf("Missing = %v, want [ops payroll] (finance is not required)", q.Missing)
	}
	if !reflect.DeepEqual(q.Rejected, []string{"hr", "plan"}) {
		t.Errorf("Rejected = %v, want [hr plan]: hr feeds a reported ratio, plan a budget; marketing feeds nothing reported", q.Rejected)
	}
	if q.Complete() {
		t.Error("Complete() with missing sources")
	}
	if len(q.Sources) != 7 || q.Sources[6].Source != "payroll" || !q.Sources[6].Required || q.Sources[0].Required || !q.Sources[5].Required {
		t.Errorf("Sources = %+v", q.Sources)
	}
	if got := q.Sources[5].Metrics; !reflect.DeepEqual(got, []coo.MetricName{"sales.revenue"}) {
		t.Errorf("sales feeds %v, want [sales.revenue]", got)
	}
	if got := q.Sources[4].Metrics; !reflect.DeepEqual(got, []coo.MetricName{"sales.revenue_budget"}) {
		t.Errorf("plan feeds %v, want [sales.revenue_budget]", got)
	}

	// Without a required list every source is required.
	spec.Required = nil
	r, err = Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: testMetrics(), Spec: spec, Forecasts: fcs, Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Quality.Missing, []string{"finance", "ops"}) {
		t.Errorf("every source required: Missing = %v, want [finance ops]", r.Quality.Missing)
	}

	// Everything in: complete.
	clean := []coo.SourceMonth{{Source: "sales", Facts: 1}, {Source: "marketing", Facts: 1, Rejects: 9}}
	spec.Required = []string{"sales"}
	r, err = Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: testMetrics(), Spec: spec, Forecasts: fcs, Sources: clean})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Quality.Complete() || len(r.Quality.Missing)+len(r.Quality.Rejected) != 0 {
		t.Errorf("clean month: %+v", r.Quality)
	}
}

// TestMonthlyLate: with data due by the 10th of the next month, a source
// whose files for the month were loaded after the end of that day is late.
func TestMonthlyLate(t *testing.T) {
	p := jun25
	store := fakeStore{key("sales.revenue", ""): line(apr23, 27, 1000, 10)}
	due := time.Date(2025, 7, 11, 0, 0, 0, 0, time.UTC)
	sources := []coo.SourceMonth{
		{Source: "hr", Facts: 1, LoadedAt: due.Add(-time.Hour)}, // 10 July, 23:00
		{Source: "ops", Facts: 0, LoadedAt: due.Add(time.Hour)}, // no data for the month: missing, not late
		{Source: "sales", Facts: 1, LoadedAt: due.Add(time.Second)},
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "Data for 2025-06 were due by 2025-07-10 and arrived later from: sales."},
		{"zh", "2025-06 的数据应于 2025-07-10 前提交，以下来源迟交：sales。"},
	} {
		r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: testMetrics(), Lang: tc.lang, Sources: sources,
			Spec:      ReportSpec{DueDay: 10, Required: []string{"sales", "hr"}, KPIs: []KPISpec{{Metric: "sales.revenue"}}},
			Forecasts: []coo.StoredForecast{storedFC("sales.revenue", p, 12, 1, 1, 1, "stored")}})
		if err != nil {
			t.Fatal(err)
		}
		q := r.Quality
		if !reflect.DeepEqual(q.Late, []string{"sales"}) || !q.Due.Equal(due) || q.Sources[0].Late || q.Sources[1].Late || !q.Sources[2].Late {
			t.Errorf("Late = %v, due %v, sources %+v", q.Late, q.Due, q.Sources)
		}
		found := false
		for _, s := range r.Risks {
			found = found || s.Text == tc.want
			if strings.Contains(s.Text, "%!") {
				t.Errorf("bad sentence %q", s.Text)
			}
		}
		if !found {
			t.Errorf("%s: no sentence %q in %v", tc.lang, tc.want, texts(r.Risks))
		}
	}
}

func TestMonthlyBadCalendar(t *testing.T) {
	if _, err := Monthly(context.Background(), fakeStore{}, MonthlyInput{Period: jun25, Calendar: coo.Calendar{FirstMonth: 13}}); err == nil {
		t.Error("Monthly with fiscal month 13: no error")
	}
}

// TestMonthlyNegativeBase: a change on a negative base has the sign of the
// change, and so its grade (found from outside: credit notes of -32,399
// narrowing to -31,589 read "-2.5%" and were graded worse; a year to date
// of losses that grew read "+3.5%", better). A negative budget has no
// attainment, and its comparison is graded by the change. The figures are
// a loss narrowing by 10 a month from -200 in 2025-01; by hand: 2026-02 is
// -70, 2026-01 -80, 2025-02 -190; the year to date -150 against -390; the
// budget -100 a month, -200 to date.
func TestMonthlyNegativeBase(t *testing.T) {
	p := coo.NewPeriod(2026, 2)
	metrics := []coo.Metric{
		{Name: "fin.result", Label: "Result", Unit: "CNY", Kind: coo.Flow, Source: "fin"},
		{Name: "fin.result_budget", Label: "Result budget", Unit: "CNY", Kind: coo.Flow, Source: "plan"},
	}
	store := fakeStore{
		key("fin.result", ""):        line(coo.NewPeriod(2025, 1), 14, -200, 10),
		key("fin.result_budget", ""): line(coo.NewPeriod(2026, 1), 12, -100, 0),
	}
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: january, Metrics: metrics,
		Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "fin.result", Budget: "fin.result_budget"}}},
		Forecasts: []coo.StoredForecast{storedFC("fin.result", p, 12, -60, 20, 20, "stored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	k := r.KPIs[0]
	checkNum(t, "Value", k.Value, -70)
	checkNum(t, "MoM", k.MoM, 10.0/80)
	checkNum(t, "YoY", k.YoY, 120.0/190)
	checkNum(t, "YTD", k.YTD, -150)
	checkNum(t, "YTDLastYear", k.YTDLastYear, -390)
	checkNum(t, "YTDChange", k.YTDChange, 240.0/390)
	checkNum(t, "Attainment", k.Attainment, nan)
	checkNum(t, "YTDAttainment", k.YTDAttainment, nan)
	checkNum(t, "Variance", k.Variance, 30)
	// every comparison is an improvement: good (1)
	if l := k.Levels; l.MoM != levelGood || l.YoY != levelGood || l.YTD != levelGood || l.Budget != levelGood || l.YTDBudget != levelGood {
		t.Errorf("levels %+v, want MoM, YoY, YTD, Budget and YTDBudget good", l)
	}
	// the outlook's range against last year keeps its order
	if !(k.OutlookVsLastYearLo <= k.OutlookVsLastYear && k.OutlookVsLastYear <= k.OutlookVsLastYearHi) {
		t.Errorf("outlook vs last year %v in (%v, %v): out of order", k.OutlookVsLastYear, k.OutlookVsLastYearLo, k.OutlookVsLastYearHi)
	}
}

// TestMonthlyNoData: a month no source has sent says so in its headline,
// not that every figure is within its usual range (found from outside).
func TestMonthlyNoData(t *testing.T) {
	p := coo.NewPeriod(2026, 11)
	store := fakeStore{key("sales.units", ""): line(coo.NewPeriod(2024, 1), 34, 100, 1)} // to 2026-10
	r, err := Monthly(context.Background(), store, MonthlyInput{
		Period: p, Calendar: january, Metrics: testMetrics(),
		Spec: ReportSpec{KPIs: []KPISpec{{Metric: "sales.units"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Headline.Text; !strings.Contains(h, "no figures yet") || strings.Contains(h, "usual range") {
		t.Errorf("headline %q, want it to say there are no figures yet", h)
	}
	r, err = Monthly(context.Background(), store, MonthlyInput{
		Period: p - 1, Calendar: january, Metrics: testMetrics(),
		Spec: ReportSpec{KPIs: []KPISpec{{Metric: "sales.units"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Headline.Text; strings.Contains(h, "no figures yet") {
		t.Errorf("October's headline %q says there are no figures", h)
	}
}

// TestFindingsMemberSlip: a total moved by a member whose month is more
// than ten times every month before it (its forecast refused as "check
// the data") is no news, as the total's own slip is not (found from
// outside: +579% ranked first under "going well"). Revenue is East 60 and
// West 40 a month from 2024-01; West's 2026-10 is 800, twenty times.
func TestFindingsMemberSlip(t *testing.T) {
	p := coo.NewPeriod(2026, 10)
	start := coo.NewPeriod(2024, 1)
	n := int(p-start) + 1
	east, west, total := line(start, n, 60, 0), line(start, n, 40, 0), line(start, n, 100, 0)
	west.Values[n-1], total.Values[n-1] = 800, 860
	dim := func(v string) string { return coo.FormatDims([]coo.Dim{{Key: "region", Value: v}}) }
	store := fakeStore{key("sales.revenue", ""): total, key("sales.revenue", dim("East")): east, key("sales.revenue", dim("West")): west}
	fc := func(dims string, v float64) coo.StoredForecast {
		f := storedFC("sales.revenue", p, 12, v, 1, 1, "stored")
		f.Dims = dims
		return f
	}
	for _, slip := range []bool{false, true} {
		fs := []coo.StoredForecast{fc("", 100)}
		if slip {
			fs = append(fs, fc(dim("East"), 60), coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: "sales.revenue", Dims: dim("West")}, Origin: p, Error: "check the data"})
		}
		r, err := Monthly(context.Background(), store, MonthlyInput{
			Period: p, Calendar: january, Metrics: testMetrics(),
			Spec: ReportSpec{KPIs: []KPISpec{{Metric: "sales.revenue"}}}, Forecasts: fs,
		})
		if err != nil {
			t.Fatal(err)
		}
		ranked := false
		for _, f := range r.Findings {
			ranked = ranked || f.Metric == "sales.revenue"
		}
		if ranked == slip {
			t.Errorf("member forecasts stored %v: revenue ranked %v, want %v (findings %+v)", slip, ranked, !slip, r.Findings)
		}
	}
}
