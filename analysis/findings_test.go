package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"coo"
)

// TestYearView checks the year to date against its budget and last year,
// and the fiscal-year outlook against a budget that covers 5 of its 12
// months and against last year, on figures small enough to add by hand.
//
// FY2026 starts in April. Revenue is 100 a month in FY2025 (2024-04 ..
// 2025-03: 1,200), then 110, 120, 130 in April to June 2025. The budget
// covers April to August 2025: 100, 100, 100, 150, 150. The forecast made
// at June is 140, 141, ... for July 2025 .. March 2026, each ±10 (95%).
func TestYearView(t *testing.T) {
	p := jun25
	rev := ser(coo.NewPeriod(2024, 4), 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 110, 120, 130)
	budget := ser(coo.NewPeriod(2025, 4), 100, 100, 100, 150, 150)
	store := fakeStore{key("sales.revenue", ""): rev, key("sales.revenue_budget", ""): budget}
	revenue := func() MonthlyKPI {
		t.Helper()
		r, err := Monthly(context.Background(), store, MonthlyInput{
			Period: p, Calendar: april, Metrics: testMetrics(),
			Spec:      ReportSpec{KPIs: []KPISpec{{Metric: "sales.revenue", Budget: "sales.revenue_budget"}}},
			Forecasts: []coo.StoredForecast{storedFC("sales.revenue", p, 12, 140, 10, 10, "stored")},
		})
		if err != nil {
			t.Fatal(err)
		}
		return r.KPIs[0]
	}
	k := revenue()
	// By hand: YTD 110+120+130 = 360; last year's 300; budget 300.
	checkNum(t, "YTD", k.YTD, 360)
	checkNum(t, "YTDLastYear", k.YTDLastYear, 300)
	checkNum(t, "YTDChange", k.YTDChange, 0.2)
	checkNum(t, "YTDBudget", k.YTDBudget, 300)
	checkNum(t, "YTDAttainment", k.YTDAttainment, 1.2)
	// The outlook: 360 + (140 + ... + 148) = 360 + 1,296 = 1,656; its
	// range ±90. Last year: 1,200.
	checkNum(t, "Outlook", k.Outlook, 1656)
	checkNum(t, "FYLastYear", k.FYLastYear, 1200)
	checkNum(t, "OutlookVsLastYear", k.OutlookVsLastYear, 1656.0/1200-1)
	checkNum(t, "OutlookVsLastYearLo", k.OutlookVsLastYearLo, 1566.0/1200-1)
	checkNum(t, "OutlookVsLastYearHi", k.OutlookVsLastYearHi, 1746.0/1200-1)
	// The budget covers 5 months: the outlook over them is 110 + 120 +
	// 130 + 140 + 141 = 641 against 600.
	if k.FYBudgetMonths != 5 || k.FYMonths != 12 {
		t.Errorf("budget covers %d of %d months, want 5 of 12", k.FYBudgetMonths, k.FYMonths)
	}
	if !math.IsNaN(k.FYBudget) || !math.IsNaN(k.OutlookVsBudget) {
		t.Errorf("FYBudget %v, OutlookVsBudget %v with 5 months budgeted, want NaN", k.FYBudget, k.OutlookVsBudget)
	}
	checkNum(t, "OutlookCovered", k.OutlookCovered, 641)
	checkNum(t, "FYBudgetCovered", k.FYBudgetCovered, 600)
	checkNum(t, "OutlookVsCovered", k.OutlookVsCovered, 641.0/600)

	// A budget of every month: the covered figures are the year's.
	full := ser(coo.NewPeriod(2025, 4), 100, 100, 100, 150, 150, 150, 150, 150, 150, 150, 150, 150)
	store[key("sales.revenue_budget", "")] = full
	k = revenue()
	checkNum(t, "full budget: FYBudget", k.FYBudget, 1650)
	checkNum(t, "full budget: OutlookVsBudget", k.OutlookVsBudget, 1656.0/1650)
	checkNum(t, "full budget: OutlookVsCovered", k.OutlookVsCovered, 1656.0/1650)

	// May's actual and budget missing (its workbook was not sent): the
	// budget then covers April and June to August, and the outlook over
	// them read as the year's, 110 + 130 + 140 + 141 against 500 (found
	// from outside: "102.9%, 6 of 12 months" with a month missing). No
	// comparison is made.
	gap := ser(coo.NewPeriod(2024, 4), 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 110, math.NaN(), 130)
	store[key("sales.revenue", "")] = gap
	store[key("sales.revenue_budget", "")] = ser(coo.NewPeriod(2025, 4), 100, math.NaN(), 100, 150, 150)
	if k = revenue(); !math.IsNaN(k.OutlookVsCovered) || !math.IsNaN(k.OutlookCovered) {
		t.Errorf("a month of the year so far missing: OutlookVsCovered %v over %v, want NaN", k.OutlookVsCovered, k.OutlookCovered)
	}
}

// TestFindingsPolarity: a cost growing faster than usual but slower than
// revenue is no news and no risk; complaints up 64% in the year to date
// are bad news, a finding and a question for their department; revenue
// growing faster than usual is good news.
func TestFindingsPolarity(t *testing.T) {
	p := jun25
	start := coo.NewPeriod(2022, 4)
	n := int(p-start) + 1
	var rev, cost, complaints coo.Series
	rev.Start, cost.Start, complaints.Start = start, start, start
	for i := range n {
		g := math.Pow(1.1, float64(i)/12) // +10% a year, every month
		rev.Values = append(rev.Values, 1e6*g*(1+0.01*math.Sin(float64(i))))
		cost.Values = append(cost.Values, 3e5*g*(1+0.01*math.Cos(float64(i))))
		complaints.Values = append(complaints.Values, float64(10+i%3))
	}
	rev.Values[n-1] *= 1.14 // about +25% on last year
	cost.Values[n-1] *= 1.03
	complaints.Values[n-3], complaints.Values[n-2], complaints.Values[n-1] = 18, 17, 19 // 54 against 33
	metrics := append(testMetrics(), coo.Metric{Name: "sales.complaints", Label: "Complaints", Unit: "count", Kind: coo.Flow, Source: "sales"})
	store := fakeStore{key("sales.revenue", ""): rev, key("ops.cost", ""): cost, key("sales.complaints", ""): complaints}
	spec := ReportSpec{
		KPIs: []KPISpec{{Metric: "sales.revenue"}, {Metric: "ops.cost", LowerIsBetter: true}},
		Departments: []DepartmentSpec{
			{Name: "Sales", KPIs: []KPISpec{{Metric: "sales.revenue"}, {Metric: "sales.complaints", LowerIsBetter: true}}},
			{Name: "Operations", KPIs: []KPISpec{{Metric: "ops.cost", LowerIsBetter: true}}},
		},
	}
	var fcs []coo.StoredForecast
	for _, m := range []coo.MetricName{"sales.revenue", "ops.cost", "sales.complaints"} {
		fcs = append(fcs, storedFC(m, p, 12, 1, 1, 1, "stored"))
	}
	for _, lang := range []string{"en", "zh"} {
		r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: metrics, Lang: lang, Spec: spec, Forecasts: fcs})
		if err != nil {
			t.Fatal(err)
		}
		byLabel := map[string]Finding{}
		for _, f := range r.Findings {
			byLabel[f.Label] = f
			if strings.Contains(f.Text+f.Why, "%!") || strings.Contains(f.Text+f.Why, "NaN") {
				t.Errorf("%s: bad finding text %q %q", lang, f.Text, f.Why)
			}
		}
		k := r.KPIs[1]
		if k.YoY < 0.1 || k.YoY > r.KPIs[0].YoY {
			t.Fatalf("fixture: cost %+.3f on last year, revenue %+.3f; want cost above its usual 10%% and below revenue", k.YoY, r.KPIs[0].YoY)
		}
		if f, ok := byLabel["Cost"]; ok {
			t.Errorf("%s: cost growing slower than revenue is a finding: %+v", lang, f)
		}
		for _, s := range r.Risks {
			// (An actual above the range forecast is a thing to check.)
			if strings.Contains(s.Text, "Cost") && (strings.Contains(s.Text, "rose") || strings.Contains(s.Text, "同比增长")) {
				t.Errorf("%s: cost growing slower than revenue is a risk: %q", lang, s.Text)
			}
		}
		c, ok := byLabel["Complaints"]
		if !ok || c.Good {
			t.Errorf("%s: complaints +64%% this year: finding %+v (found %v), want bad news", lang, c, ok)
		}
		if ok && c.Basis != "ytd" && c.Basis != "yoy" {
			t.Errorf("%s: complaints finding on %s", lang, c.Basis)
		}
		if f, ok := byLabel["Revenue"]; !ok || !f.Good || f.Basis != "yoy" {
			t.Errorf("%s: revenue +25%% on last year (usually +10%%): finding %+v (found %v), want good news on yoy", lang, f, ok)
		}
		asked := false
		for _, q := range r.Questions {
			for _, item := range q.Items {
				if strings.Contains(item, "Complaints") {
					asked = asked || q.Dept == "Sales"
				}
				if strings.Contains(item, "Cost") && (strings.Contains(item, "2024-06") || strings.Contains(item, "this year") || strings.Contains(item, "本年")) {
					t.Errorf("%s: question about a cost growing slower than revenue: %q", lang, item)
				}
			}
		}
		if !asked {
			t.Errorf("%s: no question about complaints for Sales: %+v", lang, r.Questions)
		}
		if r.Headline.Level != levelBad && r.Headline.Level != levelWarning || !strings.Contains(r.Headline.Text, "Complaints") && !strings.Contains(r.Headline.Text, "complaints") {
			t.Errorf("%s: headline %q (level %d), want the complaints in it", lang, r.Headline.Text, r.Headline.Level)
		}
		t.Logf("%s: %s", lang, r.Headline.Text)
	}

	// A cell of the sales source set aside two months back: revenue and
	// complaints read it, so their findings, the headline's phrases and
	// the department's question carry the note's mark (they read as
	// complete, found from outside); cost, another source, does not.
	rejected := coo.Defect{Kind: coo.Rejected, Source: "sales", File: "sales-2025-04.xlsx", Sheet: "S", Cell: "C7", Reason: "not_a_number", Months: []coo.Period{p - 2}}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: april, Metrics: metrics, Lang: "en", Spec: spec, Forecasts: fcs,
		Defects: []coo.Defect{rejected}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range r.Findings {
		marked := strings.HasPrefix(f.Text, f.Label+" [1]")
		if want := f.Label != "Cost"; marked != want {
			t.Errorf("finding %q: marked %v, want %v", f.Text, marked, want)
		}
	}
	if !strings.Contains(r.Headline.Text, "complaints [1]") {
		t.Errorf("headline %q: want complaints marked [1]", r.Headline.Text)
	}
	asked, anomaly := false, false
	for _, q := range r.Questions {
		for _, item := range q.Items {
			asked = asked || strings.Contains(item, "Complaints [1]")
			anomaly = anomaly || strings.Contains(item, "Revenue [1]") && strings.Contains(item, "forecast a month earlier")
		}
	}
	if !asked || !anomaly {
		t.Errorf("questions %+v: want the complaints one and revenue's range question marked [1]", r.Questions)
	}
}

// TestComparisonsHand checks one comparison's usual variation by hand:
// a budget attainment that alternates 0.98, 1.02 has median 1.00, so the
// usual is 0 (a budget) and the spread 1.4826 × 0.02; a month at 1.10 is
// 0.10 / 0.029652 = 3.3725 spreads away.
func TestComparisonsHand(t *testing.T) {
	p := jun25
	start := p - 30
	x, b := coo.Series{Start: start}, coo.Series{Start: start}
	for i := range 31 {
		a := 0.98
		if i%2 == 1 {
			a = 1.02
		}
		x.Values, b.Values = append(x.Values, 100*a), append(b.Values, 100)
	}
	x.Values[30] = 110
	cs := comparisons(figure{label: "X", x: x, b: b, hasBudget: true}, p, 1)
	if len(cs) == 0 || cs[0].Basis != "budget" {
		t.Fatalf("comparisons = %+v", cs)
	}
	c := cs[0]
	checkNum(t, "change", c.Change, 0.1)
	checkNum(t, "usual", c.Usual, 0)
	if math.Abs(c.Spread-1.4826*0.02) > 1e-12 || math.Abs(c.Z-0.1/(1.4826*0.02)) > 1e-9 {
		t.Errorf("spread %v, z %v; want %v, %v", c.Spread, c.Z, 1.4826*0.02, 0.1/(1.4826*0.02))
	}
	if !c.Good {
		t.Error("10% above budget of an up-is-good figure: not good")
	}
}

// TestChangeLevel: the one rule of colours, ticks and page one's news, on
// cases worked out by hand.
func TestChangeLevel(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name          string
		change        float64
		lowerIsBetter bool
		ref           float64
		want          int
	}{
		{"revenue up", 0.10, false, nan, levelGood},
		{"revenue down", -0.10, false, nan, levelBad},
		{"within the band", 0.019, false, nan, levelNeutral},
		{"no base", nan, true, 0.2, levelNeutral},
		{"cost up, no reference", 0.13, true, nan, levelBad},
		{"cost up slower than revenue", 0.132, true, 0.246, levelNeutral},
		{"cost up as fast as revenue", 0.2, true, 0.2, levelNeutral},
		{"cost up faster than revenue", 0.3, true, 0.246, levelBad},
		{"cost down while revenue grew", -0.05, true, 0.246, levelGood},
		{"cost down slower than revenue fell", -0.05, true, -0.10, levelGood},
	} {
		if got := changeLevel(tc.change, tc.lowerIsBetter, tc.ref); got != tc.want {
			t.Errorf("%s: changeLevel(%v, %v, %v) = %d, want %d", tc.name, tc.change, tc.lowerIsBetter, tc.ref, got, tc.want)
		}
	}
}
