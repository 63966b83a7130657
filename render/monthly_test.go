package render

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
	"coo/internal/l10n"
	"coo/render/doc"
	"coo/render/font"
)

// TestPolarityAgrees: a cost growing on last year slower than revenue is
// neutral, faster bad, falling good, in every table that shows the change: the key
// figures (the month's YoY, the fiscal year's YTD vs LY) and the front
// page's year to date and outlook, so that one figure never wears two
// colours.
func TestPolarityAgrees(t *testing.T) {
	rev := analysis.MonthlyKPI{Label: "Revenue", Unit: "CNY", Spec: analysis.KPISpec{Metric: "sales.revenue", Budget: "budget.revenue"}, Value: 120, YoY: 0.20, YTD: 1000, YTDChange: 0.20,
		Budget: 100, Attainment: 1.2, YTDBudget: 900, YTDAttainment: 1.1, OutlookVsLastYear: 0.2}
	for _, tc := range []struct {
		name   string
		growth float64
		want   doc.Level
	}{
		{"slower than revenue", 0.13, doc.Neutral},
		{"faster than revenue", 0.25, doc.Bad},
		{"falling", -0.30, doc.Good}, // customer complaints down 57% are good news, whatever revenue did
	} {
		cost := analysis.MonthlyKPI{Label: "Operating cost", Unit: "CNY", Spec: analysis.KPISpec{Metric: "ops.cost", Budget: "budget.cost", LowerIsBetter: true},
			Value: 50, YoY: tc.growth, YTD: 400, YTDChange: tc.growth, Budget: 48, Attainment: 50.0 / 48, YTDBudget: 390, YTDAttainment: 400.0 / 390,
			OutlookVsLastYear: tc.growth}
		r := &analysis.MonthlyReport{KPIs: []analysis.MonthlyKPI{rev, cost}}
		r.SetLevels() // as analysis.Monthly does: the one rule render reads
		b := &monthlyBuilder{r: r, opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en")}
		levels := map[string]doc.Level{}
		for _, bl := range b.kpiTables(r.KPIs) {
			tb, ok := bl.(doc.Table)
			if !ok {
				continue
			}
			for j, h := range tb.Head {
				if h == "YoY" || h == "YTD vs LY" {
					levels[tb.Caption+"/"+h] = tb.Rows[1][j].Level
				}
			}
		}
		b.yearToDate()
		for _, bl := range b.d.Blocks {
			if tb, ok := bl.(doc.Table); ok {
				for j, h := range tb.Head {
					if h == "vs last year" {
						levels["ytd/"+h] = tb.Rows[len(tb.Rows)-1][j].Level
					}
				}
			}
		}
		if len(levels) < 3 {
			t.Fatalf("%s: found %d change columns (%v), want the month's, the year's and the year to date's", tc.name, len(levels), levels)
		}
		for where, got := range levels {
			if got != tc.want {
				t.Errorf("cost growing %s: %s is %v, want %v", tc.name, where, got, tc.want)
			}
		}
	}
}

// TestChineseNotApplicable: in a Chinese document a figure that does not
// apply reads as a dash in tables and cards, not "n/a"; an English one is
// left as it is.
func TestChineseNotApplicable(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		d := &doc.Document{Lang: lang, Blocks: []doc.Block{
			doc.Table{Head: []string{"指标", "预算"}, Rows: [][]doc.Cell{{{Text: "销量"}, {Text: "n/a"}}, {{Text: "收入"}, {Text: "1.2 亿"}}}},
			&doc.Cards{Items: []doc.Card{{Label: "销量", Value: "n/a"}}},
		}}
		d2 := memDest{}
		if err := writeFormats(context.Background(), d2, d, font.Go(), []string{"md"}, "t", nil); err != nil {
			t.Fatal(err)
		}
		md := string(d2["t.md"])
		if got := strings.Contains(md, "n/a"); got != (lang == "en") {
			t.Errorf("%s: \"n/a\" shown = %v:\n%s", lang, got, md)
		}
		if lang == "zh" && (!strings.Contains(md, "| — |") || !strings.Contains(md, "1.2 亿")) {
			t.Errorf("zh: want a dash for n/a and the figures kept:\n%s", md)
		}
	}
}

// varianceReport is a month with a revenue (up is good) and a cost (down is
// good), each over its budget in one member and under it in another, and
// the revenue's price, volume and mix on last year; the cost's figures are
// marked by the input's defect [1].
func varianceReport() *analysis.MonthlyReport {
	p := coo.NewPeriod(2026, 10)
	hist := coo.Series{Start: p - 12, Values: make([]float64, 13)}
	rev := analysis.MonthlyKPI{Label: "Revenue", Unit: "CNY", History: hist, Value: 2285, Budget: 2300, Attainment: 2285.0 / 2300,
		Spec: analysis.KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "product"},
		BudgetBridge: &analysis.BudgetBridge{Budget: 2300, Actual: 2285, Members: []analysis.MemberVariance{
			{Member: "B", Budget: 1000, Actual: 855, Variance: -145, Attainment: 0.855},
			{Member: "A", Budget: 1300, Actual: 1430, Variance: 130, Attainment: 1.1}}},
		PriceVolume: &analysis.PriceVolume{Base: p - 12, BaseRevenue: 2000, Revenue: 2285, BaseUnits: 150, Units: 175,
			Volume: 1000.0 / 3, Mix: -400.0 / 3, Price: 85, UnitsUnit: "units", Members: []analysis.PriceMember{
				{Member: "A", BaseUnits: 100, Units: 130, BaseRevenue: 1000, Revenue: 1430, BasePrice: 10, Price: 11, Mix: 400.0 / 3, PriceEffect: 130},
				{Member: "B", BaseUnits: 50, Units: 45, BaseRevenue: 1000, Revenue: 855, BasePrice: 20, Price: 19, Mix: -800.0 / 3, PriceEffect: -45}}},
		PriceVolumeBudget: &analysis.PriceVolume{Base: p, Budget: true, Gap: analysis.GapNoUnitsBudget},
	}
	cost := analysis.MonthlyKPI{Label: "Operating cost", Unit: "CNY", History: hist, Value: 110, Budget: 100, Attainment: 1.1,
		Spec:    analysis.KPISpec{Metric: "ops.cost", Budget: "ops.cost_budget", Breakdown: "line", LowerIsBetter: true},
		Defects: analysis.FigureDefects{0},
		BudgetBridge: &analysis.BudgetBridge{Budget: 100, Actual: 110, Other: 5, Members: []analysis.MemberVariance{
			{Member: "Rent", Budget: 60, Actual: 70, Variance: 10, Attainment: 70.0 / 60},
			{Member: "Travel", Budget: 40, Actual: 35, Variance: -5, Attainment: 35.0 / 40}}},
	}
	heads := analysis.MonthlyKPI{Label: "Headcount", Unit: "people", History: hist, Value: 50, Budget: 50,
		Spec: analysis.KPISpec{Metric: "hr.headcount", Budget: "hr.headcount_budget", Breakdown: "unit"}, BudgetGap: analysis.GapNoBreakdown}
	r := &analysis.MonthlyReport{Period: p, FiscalYear: 2026, YearStart: coo.NewPeriod(2026, 4), YearEnd: coo.NewPeriod(2027, 3),
		KPIs: []analysis.MonthlyKPI{rev, cost, heads}}
	// a cell of an earlier month: the month's budget bridge is graded
	r.Quality.Defects = []coo.Defect{{Kind: coo.Rejected, Source: "ops", File: "ops.xlsx", Sheet: "S", Cell: "C7", Months: []coo.Period{p - 3}}}
	r.SetLevels()
	return r
}

// TestVarianceBlocks: the budget bridge and the price, volume and mix
// bridge draw one step per member (and the part no member explains) or
// per effect, their tables grade each variance by the figure's polarity
// (a cost over budget is bad, a revenue over it good), a missing
// breakdown or units budget is one line, and a marked figure's bridges
// carry its marks.
func TestVarianceBlocks(t *testing.T) {
	b := &monthlyBuilder{r: varianceReport(), opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en")}
	var err error
	if b.cr, err = setup(&b.opt.Lang, &b.opt.Face); err != nil {
		t.Fatal(err)
	}
	if err := b.drivers(); err != nil {
		t.Fatal(err)
	}
	var headings, paragraphs, figures []string
	tables := map[string]doc.Table{} // by the heading above
	last := ""
	for _, bl := range b.d.Blocks {
		switch x := bl.(type) {
		case doc.Heading:
			headings, last = append(headings, x.Text), x.Text
		case doc.Paragraph:
			paragraphs = append(paragraphs, x.Text)
		case doc.Figure:
			figures = append(figures, x.Name)
		case doc.Table:
			tables[last] = x
		}
	}
	wantHeadings := []string{"What drove the change", "Revenue: budget to actual, 2026-10", "Revenue: price, volume and mix against 2025-10",
		"Operating cost [1]: budget to actual, 2026-10"}
	if !reflect.DeepEqual(headings, wantHeadings) {
		t.Errorf("headings %q\nwant %q", headings, wantHeadings)
	}
	wantFigures := []string{"01-sales-revenue-budget-bridge", "02-sales-revenue-pvm", "03-ops-cost-budget-bridge"}
	if !reflect.DeepEqual(figures, wantFigures) {
		t.Errorf("figures %q, want %q", figures, wantFigures)
	}
	wantLines := []string{
		"Revenue against budget: there is no units budget (price_volume.units_budget), so no price, volume and mix bridge.",
		"Headcount: the budget is not broken down by unit, so there is no bridge from budget to actual by member.",
	}
	if !reflect.DeepEqual(paragraphs, wantLines) {
		t.Errorf("lines %q\nwant %q", paragraphs, wantLines)
	}
	type row struct {
		cells  []string
		levels []doc.Level
	}
	rows := func(heading string) map[string]row {
		out := map[string]row{}
		for _, r := range tables[heading].Rows {
			var x row
			for _, c := range r {
				x.cells, x.levels = append(x.cells, c.Text), append(x.levels, c.Level)
			}
			out[r[0].Text] = x
		}
		return out
	}
	rev := rows(wantHeadings[1])
	if got := rev["B"]; !reflect.DeepEqual(got.cells, []string{"B", "1,000", "855", "-145", "85.5%"}) || got.levels[3] != doc.Bad || got.levels[4] != doc.Bad {
		t.Errorf("revenue, B under budget: %+v, want bad", got)
	}
	if got := rev["A"]; got.levels[3] != doc.Good || got.levels[4] != doc.Good {
		t.Errorf("revenue, A over budget: %+v, want good", got)
	}
	if got := rev["Total"]; !reflect.DeepEqual(got.cells[1:4], []string{"2,300", "2,285", "-15"}) {
		t.Errorf("revenue's total row %q", got.cells)
	}
	cost := rows(wantHeadings[3])
	if got := cost["Rent"]; got.levels[3] != doc.Bad || got.levels[4] != doc.Bad {
		t.Errorf("cost, Rent over budget: %+v, want bad", got)
	}
	if got := cost["Travel"]; got.levels[3] != doc.Good {
		t.Errorf("cost, Travel under budget: %+v, want good", got)
	}
	if got := cost["Not by member"]; len(got.cells) != 5 || got.cells[3] != "+5" || got.levels[3] != doc.Bad {
		t.Errorf("cost's part not by member: %+v", got)
	}
	// A member renamed (Rent's actual now under "Rent & rates"): neither
	// row is graded, and the table's note names both.
	cb := b.r.KPIs[1].BudgetBridge
	saved := cb.Members
	cb.Members = []analysis.MemberVariance{
		{Member: "Rent", Budget: 60, Actual: math.NaN(), Variance: -60, Attainment: math.NaN()},
		{Member: "Rent & rates", Budget: math.NaN(), Actual: 70, Variance: 70, Attainment: math.NaN()},
		{Member: "Travel", Budget: 40, Actual: 35, Variance: -5, Attainment: 35.0 / 40}}
	b.d.Blocks = nil
	if err := b.drivers(); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, bl := range b.d.Blocks {
		tb, ok := bl.(doc.Table)
		if !ok || len(tb.Rows) == 0 || tb.Rows[0][0].Text != "Rent" {
			continue
		}
		found = true
		for _, row := range tb.Rows[:2] {
			if row[3].Level != doc.Neutral || row[4].Level != doc.Neutral {
				t.Errorf("renamed member %q graded: %+v", row[0].Text, row)
			}
		}
		if tb.Rows[2][3].Level != doc.Good {
			t.Errorf("Travel under budget: %+v, want good", tb.Rows[2])
		}
		if !slices.ContainsFunc(tb.Notes, func(n string) bool {
			return strings.Contains(n, "Rent has a budget but no actual") && strings.Contains(n, "Rent & rates an actual but no budget")
		}) {
			t.Errorf("the table's notes %q do not name the unmatched members", tb.Notes)
		}
	}
	if !found {
		t.Error("no cost budget bridge table")
	}
	cb.Members = saved
	// A rejected cell in the month itself: the bridge's figures are
	// incomplete, and not graded.
	b.r.Quality.Defects[0].Months = []coo.Period{b.r.Period}
	b.d.Blocks = nil
	if err := b.drivers(); err != nil {
		t.Fatal(err)
	}
	for _, bl := range b.d.Blocks {
		if tb, ok := bl.(doc.Table); ok && len(tb.Rows) > 0 && tb.Rows[0][0].Text == "Rent" {
			for _, row := range tb.Rows {
				for _, c := range row {
					if c.Level != doc.Neutral {
						t.Errorf("cost's bridge with a rejected cell of %s: %q graded %v", b.r.Period, row[0].Text, c.Level)
					}
				}
			}
		}
	}
	pvm := rows(wantHeadings[2])
	if got := pvm["A"]; !reflect.DeepEqual(got.cells, []string{"A", "100 → 130", "10 → 11", "+133.3", "+130"}) || got.levels[3] != doc.Good {
		t.Errorf("price-volume row A: %+v", got)
	}
	if got := pvm["Total"]; !reflect.DeepEqual(got.cells[1:], []string{"150 → 175", "13.33 → 13.06", "-133.3", "+85"}) {
		t.Errorf("price-volume total %q", got.cells)
	}
}

// TestMoreCaption: a sentence added to a caption follows a full stop, in
// the caption's language ("…and budget Shaded months…" read as one; found
// from outside).
func TestMoreCaption(t *testing.T) {
	for _, c := range []struct{ caption, more, want string }{
		{"Revenue: history and forecast (80% and 95% ranges)", " Shaded months: note 1.", "Revenue: history and forecast (80% and 95% ranges). Shaded months: note 1."},
		{"Revenue by month.", " Not to scale.", "Revenue by month. Not to scale."},
		{"收入：历史与预测（80% 与 95% 区间）", "阴影月份：数据不完整（注 1）。", "收入：历史与预测（80% 与 95% 区间）。阴影月份：数据不完整（注 1）。"},
		{"", " x", " x"},
	} {
		if got := moreCaption(c.caption, c.more); got != c.want {
			t.Errorf("moreCaption(%q, %q) = %q, want %q", c.caption, c.more, got, c.want)
		}
	}
}

// TestLastYearBridgeUnmatched: a member with a value in one of the two
// months only (renamed, or not sent) is not graded, and the table's note
// names it; "Payroll ✓ -6.26 M" was shown for Payroll renamed (found from
// outside).
func TestLastYearBridgeUnmatched(t *testing.T) {
	b := &monthlyBuilder{r: varianceReport(), opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en")}
	var err error
	if b.cr, err = setup(&b.opt.Lang, &b.opt.Face); err != nil {
		t.Fatal(err)
	}
	k := b.r.KPIs[1]
	k.Defects = nil
	k.ContributionBase = "yoy"
	k.Contributions = []analysis.Contribution{
		{Member: "Payroll costs", Base: math.NaN(), Value: 70, Delta: 70, Share: 7},
		{Member: "Payroll", Base: 60, Value: math.NaN(), Delta: -60, Share: -6},
		{Member: "Travel", Base: 40, Value: 30, Delta: -10, Share: -1}}
	if err := b.lastYearBridge(k); err != nil {
		t.Fatal(err)
	}
	for _, bl := range b.d.Blocks {
		tb, ok := bl.(doc.Table)
		if !ok {
			continue
		}
		for _, row := range tb.Rows[:2] {
			if row[3].Level != doc.Neutral {
				t.Errorf("%q in one month only graded %v", row[0].Text, row[3].Level)
			}
		}
		if tb.Rows[2][3].Level != doc.Good {
			t.Errorf("Travel down, a cost: %v, want good", tb.Rows[2][3].Level)
		}
		if !slices.ContainsFunc(tb.Notes, func(n string) bool {
			return strings.Contains(n, "Payroll had a value in 2025-10 and has none now; Payroll costs has a value now and had none in 2025-10")
		}) {
			t.Errorf("notes %q do not name the members in one month only", tb.Notes)
		}
		return
	}
	t.Error("no table")
}

// TestRateYearToDatePoints: a rate's year to date against last year is a
// change in points, as its month's changes are, not a percent of a
// percent (found from outside: "+2.6%" beside "pp" columns). By hand: a
// discount of 9.55% to date against 9.31% a year ago is +0.2 pp.
func TestRateYearToDatePoints(t *testing.T) {
	k := analysis.MonthlyKPI{Label: "Discount", Unit: "ratio", Spec: analysis.KPISpec{Metric: "sales.discount", Budget: "budget.discount"}, Value: 0.095, Prev: 0.09, LastYear: 0.093,
		MoM: 0.095/0.09 - 1, YoY: 0.095/0.093 - 1, YTD: 0.0955, YTDLastYear: 0.0931, YTDChange: 0.0955/0.0931 - 1,
		Budget: 0.1, Attainment: 0.95, YTDBudget: 0.1, YTDAttainment: 0.955}
	r := &analysis.MonthlyReport{KPIs: []analysis.MonthlyKPI{k}}
	r.SetLevels()
	b := &monthlyBuilder{r: r, opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en")}
	seen := 0
	check := func(where string, tb doc.Table, head string) {
		for j, h := range tb.Head {
			if h == head {
				seen++
				if got := tb.Rows[len(tb.Rows)-1][j].Text; got != "+0.2 pp" {
					t.Errorf("%s %q: %q, want +0.2 pp", where, head, got)
				}
			}
		}
	}
	for _, bl := range b.kpiTables(r.KPIs) {
		if tb, ok := bl.(doc.Table); ok {
			check("table", tb, "YTD vs LY")
		}
	}
	b.yearToDate()
	for _, bl := range b.d.Blocks {
		if tb, ok := bl.(doc.Table); ok {
			check("year to date", tb, "vs last year")
		}
	}
	if seen < 2 {
		t.Errorf("found %d year-to-date change columns, want 2", seen)
	}
}

// TestOutlookWarningTitle: a forecast that was not backtested (too short a
// history) is not headed "did worse than seasonal naive in backtest" (found
// from outside on a warehouse of 13 months); one that lost is.
func TestOutlookWarningTitle(t *testing.T) {
	hist := coo.Series{Start: coo.NewPeriod(2025, 10), Values: make([]float64, 13)}
	for i := range hist.Values {
		hist.Values[i] = 100 + float64(i)
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name           string
		model, naive   float64 // backtest MASE
		warning, title string
	}{
		{"not backtested", nan, nan, "no backtest: 13 observations leave no room for an origin", "Read this forecast with care:"},
		{"lost", 1.2, 1, "worse than seasonal naive in backtest", "This forecast did worse than seasonal naive in backtest: read it with care."},
	} {
		f := &coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: "sales.units"}, Origin: hist.End(), Method: "comb", Warning: tc.warning,
			BacktestMASE: tc.model, BenchmarkMASE: tc.naive, BacktestSMAPE: nan, BenchmarkSMAPE: nan, BacktestCov95: nan,
			Mean: []float64{113}, Lo80: []float64{110}, Hi80: []float64{116}, Lo95: []float64{108}, Hi95: []float64{118}}
		k := analysis.MonthlyKPI{Label: "Units", Spec: analysis.KPISpec{Metric: "sales.units"}, Value: 112, History: hist, Forecast: f,
			Outlook: nan, YTD: nan}
		r := &analysis.MonthlyReport{Period: hist.End(), KPIs: []analysis.MonthlyKPI{k}}
		lang, face := "en", font.Face{}
		cr, err := setup(&lang, &face)
		if err != nil {
			t.Fatal(err)
		}
		b := &monthlyBuilder{r: r, opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en"), cr: cr}
		if err := b.outlook(k); err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, bl := range b.d.Blocks {
			if n, ok := bl.(doc.Notice); ok {
				titles = append(titles, n.Title)
			}
		}
		if len(titles) != 1 || titles[0] != tc.title {
			t.Errorf("%s: notices %q, want %q", tc.name, titles, tc.title)
		}
	}
}
