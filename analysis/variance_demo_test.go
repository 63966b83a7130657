package analysis_test

import (
	"context"
	"math"
	"sort"
	"testing"

	"coo"
	"coo/analysis"
	"coo/internal/demo"
)

// TestVarianceDemo checks the demo's budget bridge and its price, volume
// and mix bridge of revenue for 2026-10 against the generator's ground
// truth, summed here from its facts (every value written, the planted
// problem cells at their corrected values) without the project's metrics:
// the budget bridge starts at the month's budget, each region's step is its
// actual less its budget, and it ends at the actual; the price, volume and
// mix effects, recomputed from each product line's units and revenue with
// the formulas of analysis.PriceVolume written again here, match, and add
// up to the change of revenue on 2025-10.
func TestVarianceDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo company")
	}
	proj, store := demoTruth(t)
	p := coo.NewPeriod(2026, 10)
	co, err := demo.Generate(demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// truth sums the facts of source/measure in month q whose dims
	// include dim=value (dim "" for all).
	facts := co.Truth.Facts
	for _, pr := range co.Truth.Problems {
		facts = append(facts, demo.Fact{Source: pr.Source, Measure: pr.Measure, Period: pr.Period, Dims: pr.Dims, Value: pr.Value})
	}
	members := map[string]bool{}
	truth := func(source, measure, dim, value string, q coo.Period) float64 {
		var s float64
		for _, f := range facts {
			if f.Source != source || f.Measure != measure || f.Period != q {
				continue
			}
			ok := dim == ""
			for _, d := range f.Dims {
				if d.Key == dim {
					members[dim+"="+d.Value] = true
					ok = ok || d.Value == value
				}
			}
			if ok {
				s += f.Value
			}
		}
		return s
	}
	names := func(dim string) []string {
		var out []string
		for m := range members {
			if len(m) > len(dim) && m[:len(dim)+1] == dim+"=" {
				out = append(out, m[len(dim)+1:])
			}
		}
		sort.Strings(out)
		return out
	}
	truth("sales", "revenue", "region", "", p)
	truth("sales", "revenue", "product_line", "", p)

	spec := proj.Report.ReportSpec
	r, err := analysis.Monthly(context.Background(), store, analysis.MonthlyInput{Period: p, Calendar: proj.Calendar,
		Metrics: proj.Metrics, Spec: spec, Lang: "en", Forecasts: flatForecasts(spec, p)})
	if err != nil {
		t.Fatal(err)
	}
	var k *analysis.MonthlyKPI
	for i := range r.KPIs {
		if r.KPIs[i].Spec.Metric == "sales.revenue" {
			k = &r.KPIs[i]
		}
	}
	if k == nil {
		t.Fatal("no revenue among the headline figures")
	}
	const tol = 1e-9
	check := func(what string, got, want float64) {
		t.Helper()
		if math.IsNaN(got) || math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.2f, truth %.2f", what, got, want)
		}
	}

	// The budget bridge by region.
	actual, budget := truth("sales", "revenue", "", "", p), truth("sales_budget", "revenue_budget", "", "", p)
	bb := k.BudgetBridge
	if bb == nil {
		t.Fatalf("revenue has no budget bridge (gap %q)", k.BudgetGap)
	}
	check("budget bridge start", bb.Budget, budget)
	check("budget bridge end", bb.Actual, actual)
	regions := names("region")
	if len(bb.Members) != len(regions) || len(regions) < 2 {
		t.Fatalf("budget bridge has %d members, truth %d regions (%v)", len(bb.Members), len(regions), regions)
	}
	steps := bb.Other
	for _, m := range bb.Members {
		check("budget of "+m.Member, m.Budget, truth("sales_budget", "revenue_budget", "region", m.Member, p))
		check("revenue of "+m.Member, m.Actual, truth("sales", "revenue", "region", m.Member, p))
		check("variance of "+m.Member, m.Variance, truth("sales", "revenue", "region", m.Member, p)-truth("sales_budget", "revenue_budget", "region", m.Member, p))
		steps += m.Variance
	}
	check("budget bridge steps", steps, actual-budget)
	check("budget bridge other", bb.Other, 0)

	// Price, volume and mix on last year's month, by product line.
	pv := k.PriceVolume
	if pv == nil || pv.Gap != "" {
		t.Fatalf("revenue's price-volume bridge: %+v", pv)
	}
	var u0, u1, r0, r1 float64
	type line struct{ u0, u1, r0, r1 float64 }
	var lines []line
	for _, pl := range names("product_line") {
		l := line{truth("sales", "units", "product_line", pl, p-12), truth("sales", "units", "product_line", pl, p),
			truth("sales", "revenue", "product_line", pl, p-12), truth("sales", "revenue", "product_line", pl, p)}
		lines = append(lines, l)
		u0, u1, r0, r1 = u0+l.u0, u1+l.u1, r0+l.r0, r1+l.r1
	}
	// Every product line sold in both months in the demo.
	var volume, mix, price float64
	volume = (u1 - u0) * r0 / u0
	for _, l := range lines {
		p0, p1 := l.r0/l.u0, l.r1/l.u1
		mix += (l.u1 - u1*l.u0/u0) * p0
		price += (p1 - p0) * l.u1
	}
	check("revenue a year ago", pv.BaseRevenue, truth("sales", "revenue", "", "", p-12))
	check("revenue now", pv.Revenue, actual)
	check("volume", pv.Volume, volume)
	check("mix", pv.Mix, mix)
	check("price", pv.Price, price)
	check("volume + mix + price", pv.Volume+pv.Mix+pv.Price, actual-truth("sales", "revenue", "", "", p-12))
	if pb := k.PriceVolumeBudget; pb == nil || pb.Gap != analysis.GapNoUnitsBudget {
		t.Errorf("against budget: %+v, want the gap %q (the demo has no units budget)", pb, analysis.GapNoUnitsBudget)
	}
	t.Logf("budget %.2f → actual %.2f; on %s: volume %.2f, mix %.2f, price %.2f", budget, actual, p-12, pv.Volume, pv.Mix, pv.Price)
	for _, m := range bb.Members {
		t.Logf("  %s: budget %.2f, actual %.2f, variance %+.2f", m.Member, m.Budget, m.Actual, m.Variance)
	}
}
