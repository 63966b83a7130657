package analysis

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"coo"
)

func TestAmount(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		v          float64
		unit, lang string
		want       string
	}{
		{0, "", "en", "0"},
		{7, "CNY", "en", "7 CNY"},
		{12.5, "", "en", "12.50"},
		{-12.345, "", "en", "-12.35"},
		{1234, "CNY", "en", "1,234 CNY"},
		{1234.56, "", "en", "1,234.6"},
		{99999, "", "en", "99,999"},
		{-99999, "", "en", "-99,999"},
		{123456, "", "en", "123.5 K"},
		{-123456, "CNY", "en", "-123.5 K CNY"},
		{12_400_000, "CNY", "en", "12.40 M CNY"},
		{-12_400_000, "", "en", "-12.40 M"},
		{3_200_000_000, "", "en", "3.20 B"},
		{1_234_567_000_000, "", "en", "1,234.57 B"},
		// Rounding up to the next scale moves to it.
		{999_999, "", "en", "1.00 M"},
		{999_949, "", "en", "999.9 K"},
		{-999_999_999, "", "en", "-1.00 B"},
		{99_999.96, "", "en", "100.0 K"},
		// Rounding to zero drops the sign.
		{-0.001, "", "en", "0.00"},
		{math.Copysign(0, -1), "", "en", "0"},
		{math.NaN(), "CNY", "en", "n/a"},
		{inf, "", "en", "n/a"},
		{-inf, "", "zh", "n/a"},

		{12345, "CNY", "zh", "12,345 元"},
		{12345, "人", "zh", "12,345 人"},
		{12345, "", "zh", "12,345"},
		{123456, "CNY", "zh", "12.3 万元"},
		{12_405_000, "CNY", "zh", "1,240.5 万元"},
		{12_405_000, "RMB", "zh", "1,240.5 万元"},
		{12_405_000, "USD", "zh", "1,240.5 万美元"},
		{-250_000, "CNY", "zh", "-25.0 万元"},
		{320_000_000, "CNY", "zh", "3.20 亿元"},
		{-1_234_500_000_000, "", "zh", "-12,345.00 亿"},
		{99_999_999, "", "zh", "1.00 亿"},
		{99_994_999, "", "zh", "9,999.5 万"},
		{99_999.96, "CNY", "zh", "10.0 万元"},
		{-0.004, "CNY", "zh", "0.00 元"},
	} {
		if got := Amount(tc.v, tc.unit, tc.lang); got != tc.want {
			t.Errorf("Amount(%v, %q, %s) = %q, want %q", tc.v, tc.unit, tc.lang, got, tc.want)
		}
	}
}

func TestPercentSignedGrouped(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		signed bool
		want   string
	}{
		{0.041, false, "4.1%"},
		{0.041, true, "+4.1%"},
		{-0.041, true, "-4.1%"},
		{-0.041, false, "-4.1%"},
		{0, true, "0.0%"},
		{-0.0004, true, "0.0%"},
		{-0.0004, false, "0.0%"},
		{0.0004, true, "0.0%"},
		{0.0006, true, "+0.1%"},
		{-0.0006, true, "-0.1%"},
		{math.Copysign(0, -1), false, "0.0%"},
		{1.5, false, "150.0%"},
		{-1, true, "-100.0%"},
		{math.NaN(), true, "n/a"},
		{math.Inf(-1), false, "n/a"},
	} {
		if got := Percent(tc.f, tc.signed); got != tc.want {
			t.Errorf("Percent(%v, %v) = %q, want %q", tc.f, tc.signed, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v          float64
		unit, lang string
		want       string
	}{
		{1_200_000, "", "en", "+1.20 M"},
		{1_200_000, "CNY", "zh", "+120.0 万元"},
		{-5, "", "en", "-5"},
		{0, "", "en", "0"},
		{math.NaN(), "", "en", "n/a"},
	} {
		if got := Signed(tc.v, tc.unit, tc.lang); got != tc.want {
			t.Errorf("Signed(%v, %q, %s) = %q, want %q", tc.v, tc.unit, tc.lang, got, tc.want)
		}
	}
}

// narrativeReport triggers every kind of sentence: missing and rejected
// sources, a forecast warning, an anomaly, revenue below budget and its FY
// outlook below the year's budget even at the top of its range, a fall on
// last year and the driver of it; a cost over budget, its outlook above the
// year's budget even at the bottom, a rise and its driver on the month; a
// figure without a forecast; a figure without data.
func narrativeReport(zh bool) *MonthlyReport {
	p := jun25
	label := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	rev := MonthlyKPI{
		Spec:  KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "region"},
		Label: label("Revenue", "收入"), Unit: "CNY", Kind: coo.Flow,
		Value: 1_260_000, MoM: 0.008, YoY: -0.1, Attainment: 0.9,
		Outlook: 14_400_000, OutlookLo95: 13_900_000, OutlookHi95: 15_500_000, FYBudget: 16_000_000, OutlookVsBudget: 0.9,
		Forecast: &coo.StoredForecast{Method: "ETS(A,N,A)", BacktestMASE: 0.8123, BenchmarkMASE: 0.75, Warning: "did worse than seasonal naive in backtest: MASE 0.812 vs 0.750"},
		Anomaly:  true, Expected: 1_400_000, ExpectedLo: 1_300_000, ExpectedHi: 1_500_000,
		Contributions:    []Contribution{{Member: "East", Value: 550_000, Base: 600_000, Delta: -50_000, Share: 0.5}},
		ContributionBase: "yoy",
	}
	cost := MonthlyKPI{
		Spec:  KPISpec{Metric: "ops.cost", Budget: "ops.cost_budget", LowerIsBetter: true, Breakdown: "line"},
		Label: label("Cost", "成本"), Unit: "CNY", Kind: coo.Flow,
		Value: 250_000, MoM: math.NaN(), YoY: 0.2, Attainment: 1.1,
		Outlook: 3_000_000, OutlookLo95: 2_800_000, OutlookHi95: 3_300_000, FYBudget: 2_500_000, OutlookVsBudget: 1.2,
		Forecast: &coo.StoredForecast{Method: "naive", BacktestMASE: math.NaN(), BenchmarkMASE: math.NaN()},
		Expected: math.NaN(), ExpectedLo: math.NaN(), ExpectedHi: math.NaN(),
		Contributions:    []Contribution{{Member: "Rent", Value: 130_000, Base: 100_000, Delta: 30_000, Share: 0.75}},
		ContributionBase: "mom",
	}
	hc := MonthlyKPI{
		Spec: KPISpec{Metric: "hr.headcount"}, Label: label("Headcount", "人数"), Kind: coo.Stock,
		Value: 76, MoM: math.NaN(), YoY: math.NaN(), Attainment: math.NaN(), FYBudget: math.NaN(),
		Outlook: math.NaN(), OutlookLo95: math.NaN(), OutlookHi95: math.NaN(), OutlookVsBudget: math.NaN(),
		Forecast: &coo.StoredForecast{Error: "no data"},
	}
	none := MonthlyKPI{Spec: KPISpec{Metric: "sales.units"}, Label: "Units", Value: math.NaN(), YoY: -0.5, Anomaly: true}
	return &MonthlyReport{Period: p, FiscalYear: 2026, YearStart: coo.NewPeriod(2025, 4), YearEnd: coo.NewPeriod(2026, 3),
		KPIs:    []MonthlyKPI{rev, cost, hc, none},
		Quality: Quality{Missing: []string{"hr", "payroll"}, Rejected: []string{"sales"}}}
}

func texts(ss []Sentence) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Text)
	}
	return out
}

func TestNarrate(t *testing.T) {
	for _, tc := range []struct {
		lang              string
		highlights, risks []string
	}{
		{"en", []string{
			"Revenue 1.26 M CNY in 2025-06, +0.8% on 2025-05, -10.0% on 2024-06, 90.0% of budget. FY2026 outlook 14.40 M CNY (13.90 M–15.50 M); 90.0% of the year's budget.",
			"Revenue: East contributed most to the change on 2024-06 (-50,000 CNY).",
			"Cost 250.0 K CNY in 2025-06, +20.0% on 2024-06, 110.0% of budget. FY2026 outlook 3.00 M CNY (2.80 M–3.30 M); 120.0% of the year's budget.",
			"Cost: Rent contributed most to the change on 2025-05 (+30,000 CNY).",
			"Headcount 76 in 2025-06.",
		}, []string{
			"No data for 2025-06 from: hr, payroll.",
			"Rejected cells in the files for 2025-06 from: sales.",
			"Revenue: this forecast did worse than seasonal naive in backtest: read it with care.",
			"Revenue 1.26 M CNY in 2025-06 is outside the 95% range forecast a month earlier (1.30 M–1.50 M).",
			"Revenue is at 90.0% of budget for the month.",
			"Revenue: the FY2026 outlook is 90.0% of the year's budget; even the top of its 95% range (15.50 M CNY) is below it.",
			"Revenue fell 10.0% on 2024-06.",
			"Cost is at 110.0% of budget for the month.",
			"Cost: the FY2026 outlook is 120.0% of the year's budget; even the bottom of its 95% range (2.80 M CNY) is above it.",
			"Cost rose 20.0% on 2024-06.",
			"Headcount: no forecast (no data).",
		}},
		{"zh", []string{
			"收入 2025-06 为 126.0 万元，环比 +0.8%，同比 -10.0%，完成预算 90.0%。FY2026 全年预测 1,440.0 万元（1,390.0 万–1,550.0 万）；为全年预算的 90.0%。",
			"收入：East 对2024-06变化的贡献最大（-50,000 元）。",
			"成本 2025-06 为 25.0 万元，同比 +20.0%，完成预算 110.0%。FY2026 全年预测 300.0 万元（280.0 万–330.0 万）；为全年预算的 120.0%。",
			"成本：Rent 对2025-05变化的贡献最大（+30,000 元）。",
			"人数 2025-06 为 76。",
		}, []string{
			"2025-06 缺少以下来源的数据：hr, payroll。",
			"2025-06 以下来源的文件中有被拒绝的单元格：sales。",
			"收入：该预测在回测中不如季节性朴素法，请谨慎参考。",
			"收入 2025-06 为 126.0 万元，超出上月预测的 95% 区间（130.0 万–150.0 万）。",
			"收入 本月仅完成预算的 90.0%。",
			"收入：FY2026 全年预测为预算的 90.0%，95% 区间上限（1,550.0 万元）仍低于预算。",
			"收入 同比下降 10.0%（对比 2024-06）。",
			"成本 本月为预算的 110.0%。",
			"成本：FY2026 全年预测为预算的 120.0%，95% 区间下限（280.0 万元）仍高于预算。",
			"成本 同比增长 20.0%（对比 2024-06）。",
			"人数：无预测（no data）。",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h, r := narrate(narrativeReport(tc.lang == "zh"), tc.lang)
			got := append(texts(h), texts(r)...)
			for _, s := range got {
				if strings.Contains(s, "%!") || strings.Contains(s, "-0.0%") || strings.Contains(s, "NaN") {
					t.Errorf("bad sentence: %q", s)
				}
			}
			if !reflect.DeepEqual(texts(h), tc.highlights) {
				t.Errorf("highlights:\n%s\nwant:\n%s", strings.Join(texts(h), "\n"), strings.Join(tc.highlights, "\n"))
			}
			if !reflect.DeepEqual(texts(r), tc.risks) {
				t.Errorf("risks:\n%s\nwant:\n%s", strings.Join(texts(r), "\n"), strings.Join(tc.risks, "\n"))
			}
			if len(h) != 5 || len(r) != 11 {
				return
			}
			// Levels: revenue below budget is bad, the cost over it too.
			wantH := []int{levelBad, levelNeutral, levelBad, levelNeutral, levelNeutral}
			wantR := []int{levelBad, levelBad, levelWarning, levelWarning, levelBad, levelBad, levelWarning, levelBad, levelBad, levelWarning, levelWarning}
			for i, s := range h {
				if s.Level != wantH[i] {
					t.Errorf("highlight %d level %d, want %d", i, s.Level, wantH[i])
				}
			}
			for i, s := range r {
				if s.Level != wantR[i] {
					t.Errorf("risk %d level %d, want %d", i, s.Level, wantR[i])
				}
			}
			wantRefs := []FigureRef{{"sales.revenue", jun25}, {"sales.revenue", jun25 - 1}, {"sales.revenue", jun25 - 12}, {"sales.revenue_budget", jun25}}
			if !reflect.DeepEqual(h[0].Refs, wantRefs) {
				t.Errorf("revenue refs %v, want %v", h[0].Refs, wantRefs)
			}
			if !reflect.DeepEqual(r[4].Refs, wantRefs[:1]) {
				t.Errorf("below-budget refs %v, want %v", r[4].Refs, wantRefs[:1])
			}
		})
	}
	// An unknown language is English.
	h, _ := narrate(narrativeReport(false), "fr")
	if len(h) == 0 || !strings.HasPrefix(h[0].Text, "Revenue 1.26 M CNY in 2025-06") {
		t.Errorf("lang fr: %v", texts(h))
	}
}

// TestNarrateGood: figures on or better than plan raise no risk, and a
// cost that fell is good.
func TestNarrateGood(t *testing.T) {
	r := &MonthlyReport{Period: jun25, FiscalYear: 2026, KPIs: []MonthlyKPI{
		{Spec: KPISpec{Metric: "a"}, Label: "A", Value: 100, MoM: math.NaN(), YoY: 0.1, Attainment: math.NaN(), FYBudget: math.NaN(), Outlook: math.NaN()},
		{Spec: KPISpec{Metric: "b", LowerIsBetter: true}, Label: "B", Value: 100, MoM: math.NaN(), YoY: -0.1, Attainment: 0.9, FYBudget: 1000, Outlook: 900, OutlookLo95: 800, OutlookHi95: 1100, OutlookVsBudget: 0.9},
		{Spec: KPISpec{Metric: "c"}, Label: "C", Value: 100, MoM: math.NaN(), YoY: 0.01, Attainment: 1.01, FYBudget: 1000, Outlook: 1100, OutlookLo95: 1000, OutlookHi95: 1200, OutlookVsBudget: 1.1},
		{Spec: KPISpec{Metric: "d"}, Label: "D", Value: 100, MoM: math.NaN(), YoY: -0.03, Attainment: math.NaN(), FYBudget: math.NaN(), Outlook: math.NaN()},
	}}
	h, risks := narrate(r, "en")
	if len(risks) != 0 {
		t.Errorf("risks: %v", texts(risks))
	}
	want := []int{levelGood, levelGood, levelNeutral, levelWarning}
	for i, s := range h {
		if s.Level != want[i] {
			t.Errorf("%q: level %d, want %d", s.Text, s.Level, want[i])
		}
	}
	if h[2].Text != "C 100 in 2025-06, +1.0% on 2024-06, 101.0% of budget. FY2026 outlook 1,100 (1,000–1,200); 110.0% of the year's budget." {
		t.Errorf("C: %q", h[2].Text)
	}
}
