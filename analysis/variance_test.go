package analysis

import (
	"context"
	"math"
	"testing"

	"coo"
)

// TestDecompose: the price, volume and mix effects of hand-worked cases,
// and that they add up to the change of revenue.
func TestDecompose(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		members                    []string
		bu, br, u, r               []float64 // base units and revenue; units and revenue now
		volume, mix, price, change float64   // worked by hand
	}{
		// A: 100 units at 10 → 130 at 11; B: 50 at 20 → 45 at 19. U 150 →
		// 175, R 2000 → 2285, P₀ = 40/3. Volume 25 × 40/3 = 1000/3; mix A
		// (130 − 175·⅔)·10 = 400/3, B (45 − 175·⅓)·20 = −800/3; price
		// 1·130 − 1·45 = 85; 1000/3 − 400/3 + 85 = 285.
		{"two products", []string{"A", "B"}, []float64{100, 50}, []float64{1000, 1000}, []float64{130, 45}, []float64{1430, 855},
			1000.0 / 3, -400.0 / 3, 85, 285},
		// C is new: 10 units at 50, valued at its own price. U 150 → 185,
		// volume 35 × 40/3 = 1400/3; mix A (130 − 370/3)·10 = 200/3, B
		// (45 − 185/3)·20 = −1000/3, C 10·50 = 500: 700/3; price 85.
		{"a new product", []string{"A", "B", "C"}, []float64{100, 50, 0}, []float64{1000, 1000, 0}, []float64{130, 45, 10}, []float64{1430, 855, 500},
			1400.0 / 3, 700.0 / 3, 85, 785},
		// D is gone: 10 units at 5 a year ago. U 160 → 175, P₀ 2050/160 =
		// 12.8125: volume 15 × 12.8125 = 192.1875; mix A (130 − 109.375)·10
		// = 206.25, B (45 − 54.6875)·20 = −193.75, D −10.9375·5 =
		// −54.6875: −42.1875; price 85; total 2285 − 2050 = 235.
		{"a product gone", []string{"A", "B", "D"}, []float64{100, 50, 10}, []float64{1000, 1000, 50}, []float64{130, 45, 0}, []float64{1430, 855, 0},
			192.1875, -42.1875, 85, 235},
		// Same units, same prices, only the mix moves: 10 at 1 and 10 at 3
		// → 5 at 1 and 15 at 3. Volume 0, price 0, mix (5 − 10)·1 + (15 −
		// 10)·3 = 10.
		{"mix only", []string{"cheap", "dear"}, []float64{10, 10}, []float64{10, 30}, []float64{5, 15}, []float64{5, 45}, 0, 10, 0, 10},
		// Prices only: 4 units at 2.5 → 4 at 3; 6 at 1 → 6 at 0.5.
		{"price only", []string{"a", "b"}, []float64{4, 6}, []float64{10, 6}, []float64{4, 6}, []float64{12, 3}, 0, 0, -1, -1},
	} {
		pv, gap := Decompose(tc.members, tc.bu, tc.br, tc.u, tc.r)
		if gap != "" {
			t.Fatalf("%s: Decompose gap %q", tc.name, gap)
		}
		const tol = 1e-9
		for _, c := range []struct {
			what      string
			got, want float64
		}{{"volume", pv.Volume, tc.volume}, {"mix", pv.Mix, tc.mix}, {"price", pv.Price, tc.price},
			{"revenue change", pv.Revenue - pv.BaseRevenue, tc.change},
			{"volume+mix+price", pv.Volume + pv.Mix + pv.Price, tc.change}} {
			if math.Abs(c.got-c.want) > tol*math.Max(1, math.Abs(c.want)) {
				t.Errorf("%s: %s = %.12g, want %.12g (by hand)", tc.name, c.what, c.got, c.want)
			}
		}
		// The members' parts add up to the effects.
		var v, m, p float64
		for _, mb := range pv.Members {
			v, m, p = v+mb.Volume, m+mb.Mix, p+mb.PriceEffect
		}
		if math.Abs(v-pv.Volume) > 1e-9*math.Max(1, math.Abs(pv.Volume)) || math.Abs(m-pv.Mix) > 1e-9 || math.Abs(p-pv.Price) > 1e-9 {
			t.Errorf("%s: members' parts %g, %g, %g; effects %g, %g, %g", tc.name, v, m, p, pv.Volume, pv.Mix, pv.Price)
		}
	}
	if _, gap := Decompose([]string{"a"}, []float64{0}, []float64{0}, []float64{1}, []float64{2}); gap != GapNoBase {
		t.Errorf("no base units: gap %q, want %q", gap, GapNoBase)
	}
	if _, gap := Decompose([]string{"a", "b"}, []float64{1, 1}, []float64{2, 2}, []float64{1, 0}, []float64{2, 5}); gap != GapNoUnits {
		t.Errorf("revenue without units: gap %q, want %q", gap, GapNoUnits)
	}
	// Exact on large, uneven figures too (relative 1e-9).
	pv, _ := Decompose([]string{"x", "y", "z"}, []float64{1234, 5678, 91}, []float64{1.234e7 + 0.37, 3.1e6 - 0.11, 9.9e5},
		[]float64{1500, 5000, 300}, []float64{1.71e7 + 0.49, 2.8e6, 2.97e6 + 0.01})
	if d := pv.Revenue - pv.BaseRevenue; math.Abs(pv.Volume+pv.Mix+pv.Price-d) > 1e-9*math.Abs(d) {
		t.Errorf("uneven: %g + %g + %g = %g, want %g", pv.Volume, pv.Mix, pv.Price, pv.Volume+pv.Mix+pv.Price, d)
	}
}

// varianceStore: revenue and units by product, a year ago and now, with a
// revenue budget and a units budget by product, as in TestDecompose's "two
// products".
func varianceStore(p coo.Period) fakeStore {
	two := func(a, b float64) coo.Series { return sparse(p-12, p, map[coo.Period]float64{p - 12: a, p: b}) }
	now := func(v float64) coo.Series { return sparse(p, p, map[coo.Period]float64{p: v}) }
	return fakeStore{
		key("sales.revenue", ""):                   two(2000, 2285),
		key("sales.revenue", "product=A"):          two(1000, 1430),
		key("sales.revenue", "product=B"):          two(1000, 855),
		key("sales.units", ""):                     two(150, 175),
		key("sales.units", "product=A"):            two(100, 130),
		key("sales.units", "product=B"):            two(50, 45),
		key("sales.revenue_budget", ""):            now(2300),
		key("sales.revenue_budget", "product=A"):   now(1300),
		key("sales.revenue_budget", "product=B"):   now(1000),
		key("sales.units_budget", ""):              now(170),
		key("sales.units_budget", "product=A"):     now(120),
		key("sales.units_budget", "product=B"):     now(50),
		key("sales.revenue", "product=A;region=N"): two(1, 2), // two dimensions: not a member
	}
}

func varianceMetrics() []coo.Metric {
	return []coo.Metric{
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales"},
		{Name: "sales.revenue_budget", Unit: "CNY", Kind: coo.Flow, Source: "plan"},
		{Name: "sales.units", Unit: "units", Kind: coo.Flow, Source: "warehouse"},
		{Name: "sales.units_budget", Unit: "units", Kind: coo.Flow, Source: "plan"},
	}
}

func varianceReport(t *testing.T, store fakeStore, spec KPISpec, defects []coo.Defect) MonthlyKPI {
	t.Helper()
	p := coo.NewPeriod(2025, 6)
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: varianceMetrics(),
		Spec: ReportSpec{KPIs: []KPISpec{spec}}, Forecasts: []coo.StoredForecast{storedFC(spec.Metric, p, 12, 1, 1, 1, "stored")},
		Defects: defects})
	if err != nil {
		t.Fatal(err)
	}
	return r.KPIs[0]
}

// TestMonthlyVariance: the budget bridge by member and the price, volume
// and mix bridges against last year and budget, worked by hand.
func TestMonthlyVariance(t *testing.T) {
	p := coo.NewPeriod(2025, 6)
	spec := KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "product",
		PriceVolume: PriceVolumeSpec{Units: "sales.units", By: "product", UnitsBudget: "sales.units_budget"}}
	k := varianceReport(t, varianceStore(p), spec, nil)

	// Budget to actual: A 1430 − 1300 = +130 (110%), B 855 − 1000 = −145
	// (85.5%); 2285 − 2300 = −15, nothing left over.
	bb := k.BudgetBridge
	if bb == nil || len(bb.Members) != 2 {
		t.Fatalf("BudgetBridge = %+v, want two members", bb)
	}
	checkNum(t, "budget bridge start", bb.Budget, 2300)
	checkNum(t, "budget bridge end", bb.Actual, 2285)
	checkNum(t, "budget bridge other", bb.Other, 0)
	b, a := bb.Members[0], bb.Members[1] // by size of variance: B first
	if b.Member != "B" || a.Member != "A" {
		t.Fatalf("members %q, %q; want B (−145) before A (+130)", b.Member, a.Member)
	}
	checkNum(t, "B variance", b.Variance, -145)
	checkNum(t, "B attainment", b.Attainment, 0.855)
	checkNum(t, "A variance", a.Variance, 130)
	checkNum(t, "A budget", a.Budget, 1300)
	checkNum(t, "A actual", a.Actual, 1430)
	checkNum(t, "A attainment", a.Attainment, 1.1)

	// On last year: TestDecompose's "two products".
	pv := k.PriceVolume
	if pv == nil || pv.Gap != "" || pv.Budget || pv.Base != p-12 || pv.UnitsUnit != "units" {
		t.Fatalf("PriceVolume = %+v", pv)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.12g, want %.12g (by hand)", what, got, want)
		}
	}
	near("volume on last year", pv.Volume, 1000.0/3)
	near("mix on last year", pv.Mix, -400.0/3)
	near("price on last year", pv.Price, 85)

	// On budget: prices A 1300/120, B 20; U 170 → 175, P₀ 2300/170.
	// Volume 5 × 2300/170 = 67.6470588235; mix A (130 − 123.529411765) ×
	// 10.8333333333 = 70.0980392157, B (45 − 51.4705882353) × 20 =
	// −129.411764706: −59.3137254902; price (11 − 10.8333333333) × 130 −
	// 1 × 45 = −23.3333333333; together −15 = 2285 − 2300.
	pb := k.PriceVolumeBudget
	if pb == nil || pb.Gap != "" || !pb.Budget || pb.Base != p {
		t.Fatalf("PriceVolumeBudget = %+v", pb)
	}
	near("volume on budget", pb.Volume, 67.6470588235294)
	near("mix on budget", pb.Mix, -59.3137254901961)
	near("price on budget", pb.Price, -23.3333333333333)
	near("change on budget", pb.Volume+pb.Mix+pb.Price, -15)

	// No units budget: no bridge against budget, and why.
	noUB := spec
	noUB.PriceVolume.UnitsBudget = ""
	if k := varianceReport(t, varianceStore(p), noUB, nil); k.PriceVolumeBudget == nil || k.PriceVolumeBudget.Gap != GapNoUnitsBudget || k.PriceVolume.Gap != "" {
		t.Errorf("without a units budget: %+v", k.PriceVolumeBudget)
	}
	// A budget not broken down by product: no budget bridge, and why.
	flat := varianceStore(p)
	delete(flat, key("sales.revenue_budget", "product=A"))
	delete(flat, key("sales.revenue_budget", "product=B"))
	if k := varianceReport(t, flat, spec, nil); k.BudgetBridge != nil || k.BudgetGap != GapNoBreakdown || k.PriceVolumeBudget.Gap != GapNoBreakdown {
		t.Errorf("budget without the breakdown: bridge %+v, gap %q, price-volume gap %q", k.BudgetBridge, k.BudgetGap, k.PriceVolumeBudget.Gap)
	}
	// A member's budget missing: its actual counts whole, and the bridge
	// still ends at the actual through Other (the total budget has it).
	short := varianceStore(p)
	delete(short, key("sales.revenue_budget", "product=B"))
	k = varianceReport(t, short, spec, nil)
	if bb := k.BudgetBridge; bb == nil {
		t.Fatal("no budget bridge with one member's budget missing")
	} else {
		var steps float64
		for _, m := range bb.Members {
			steps += m.Variance
		}
		checkNum(t, "B's variance without its budget", bb.Members[0].Variance, 855)
		checkNum(t, "other with B's budget missing", bb.Other, -1000)
		checkNum(t, "budget + steps + other", bb.Budget+steps+bb.Other, bb.Actual)
	}
	// Members that do not add up to the total: no bridge.
	off := varianceStore(p)
	off[key("sales.revenue", "")] = sparse(p-12, p, map[coo.Period]float64{p - 12: 2000, p: 2400})
	if k := varianceReport(t, off, spec, nil); k.PriceVolume.Gap != GapMembers {
		t.Errorf("members short of the total: gap %q, want %q", k.PriceVolume.Gap, GapMembers)
	}
	// A product with revenue but no units now.
	noUnits := varianceStore(p)
	noUnits[key("sales.units", "product=B")] = sparse(p-12, p, map[coo.Period]float64{p - 12: 50})
	noUnits[key("sales.units", "")] = sparse(p-12, p, map[coo.Period]float64{p - 12: 150, p: 130})
	if k := varianceReport(t, noUnits, spec, nil); k.PriceVolume.Gap != GapNoUnits {
		t.Errorf("revenue without units: gap %q, want %q", k.PriceVolume.Gap, GapNoUnits)
	}
}

// TestVarianceCompleteness: a rejected cell of the units' source, last
// year's month, touches the price, volume and mix bridge (and so makes the
// report incomplete) but not the revenue's own figures.
func TestVarianceCompleteness(t *testing.T) {
	p := coo.NewPeriod(2025, 6)
	spec := KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "product",
		PriceVolume: PriceVolumeSpec{Units: "sales.units", By: "product"}}
	units := coo.Defect{Kind: coo.Rejected, Source: "warehouse", File: "units-2024-06.xlsx", Sheet: "S", Cell: "C7", Months: []coo.Period{p - 12}}
	older := coo.Defect{Kind: coo.Rejected, Source: "warehouse", File: "units-2024-05.xlsx", Sheet: "S", Cell: "C7", Months: []coo.Period{p - 13}}
	r, err := Monthly(context.Background(), varianceStore(p), MonthlyInput{Period: p, Calendar: january, Metrics: varianceMetrics(),
		Spec: ReportSpec{KPIs: []KPISpec{spec}}, Forecasts: []coo.StoredForecast{storedFC(spec.Metric, p, 12, 1, 1, 1, "stored")},
		Defects: []coo.Defect{older, units}})
	if err != nil {
		t.Fatal(err)
	}
	k := r.KPIs[0]
	if len(r.Quality.Defects) != 1 || r.Quality.Defects[0].File != units.File || r.Quality.Complete() {
		t.Errorf("Quality.Defects = %+v, want only %s (2024-05 is not read)", r.Quality.Defects, units.File)
	}
	if len(k.PriceVolume.Defects) != 1 || k.PriceVolume.Defects[0] != 0 {
		t.Errorf("PriceVolume.Defects = %v, want [0]", k.PriceVolume.Defects)
	}
	if len(k.Defects) != 0 {
		t.Errorf("revenue's Defects = %v, want none: its figures do not read units", k.Defects)
	}
}
