package analysis

import (
	"math"
	"sort"

	"coo"
)

// Variance that explains: besides each member's part in the change on last
// year (Contribution), a headline figure with a budget broken down as it
// is gets a bridge from the month's budget to its actual, one step per
// member (BudgetBridge); and a revenue with units sold by the same members
// gets a price, volume and mix bridge against last year's month, and
// against the budget where units have one (PriceVolume).
//
// Both read the same months as the figure's other comparisons: the month,
// last year's month and the month's budget, from the figure's metric, its
// budget and (PriceVolumeSpec) the units metric and its budget. A member
// that has a value on one side only counts zero on the other, as in the
// contributions.

// BridgeGap says why a bridge is not drawn; render words it in the
// report's language.
type BridgeGap string

const (
	// GapNoBreakdown: the budget (or, for price, volume and mix, the
	// revenue budget) is not broken down by the figure's members.
	GapNoBreakdown BridgeGap = "no-breakdown"
	// GapNoUnitsBudget: price, volume and mix against budget needs a
	// budget of units (PriceVolumeSpec.UnitsBudget), and there is none.
	GapNoUnitsBudget BridgeGap = "no-units-budget"
	// GapNoBase: no data for the month compared with, or no units in it.
	GapNoBase BridgeGap = "no-base"
	// GapNoUnits: a member has revenue but no units in one of the months,
	// so it has no price.
	GapNoUnits BridgeGap = "no-units"
	// GapMembers: the members' revenue or units do not add up to the
	// metric's total (a member's row is missing), so effects computed on
	// them would not explain the figure's change.
	GapMembers BridgeGap = "members"
)

// BudgetBridge goes from the month's budget to its actual, one step per
// member of the figure's breakdown.
type BudgetBridge struct {
	Budget, Actual float64 // the month's totals (MonthlyKPI.Budget, Value)
	// Members are ordered by the size of their variance, largest first.
	Members []MemberVariance
	// Other is the part of Actual - Budget no member explains: the
	// totals' difference less the members' variances (0 when the members
	// add up to both totals, as in the demo).
	Other float64
}

// MemberVariance is one member against its budget in the month.
type MemberVariance struct {
	Member         string
	Budget, Actual float64 // NaN when the member has none
	Variance       float64 // Actual - Budget, a missing side counting 0
	Attainment     float64 // Actual / Budget; NaN without both or unless the budget is positive
}

// PriceVolumeSpec asks for a price, volume and mix bridge of a revenue: the
// units sold (a metric broken down by By as the revenue is), and the units'
// budget for the bridge against budget.
type PriceVolumeSpec struct {
	Units       coo.MetricName
	By          string         // the members, such as product_line
	UnitsBudget coo.MetricName // "" none: no bridge against budget
}

// PriceVolume splits the change of a revenue between a base (last year's
// month, or the month's budget) and the month into three effects that add
// up to it exactly, Volume + Mix + Price = Revenue - BaseRevenue. With u
// units, r revenue, p = r/u each member's price, U = Σu and P = R/U:
//
//	Volume = (U - U₀) × P₀             all units at the base's average price
//	Mix    = Σ (u - U × u₀/U₀) × p₀    the shift between members, at their base prices
//	Price  = Σ (p - p₀) × u            each member's price change, on this month's units
//
// A member new in the month (no base units nor revenue) takes its own
// price as its base price: it adds to volume and mix, not price.
type PriceVolume struct {
	Base                 coo.Period // the month compared with; Budget says whether it is the budget
	Budget               bool
	BaseRevenue, Revenue float64 // Σ of the members
	BaseUnits, Units     float64
	Volume, Mix, Price   float64
	Members              []PriceMember // in the order of the member names
	UnitsUnit            string        // the units metric's unit, as coo names it
	// Gap, when not "", is why there is no bridge: the figures above are
	// then not set.
	Gap BridgeGap
	// Defects are the input defects that touch the months it reads
	// (completeness.go), the units' as well as the revenue's.
	Defects FigureDefects
}

// PriceMember is one member's part of a PriceVolume.
type PriceMember struct {
	Member                   string
	BaseUnits, Units         float64 // 0 when the member has none
	BaseRevenue, Revenue     float64
	BasePrice, Price         float64 // revenue / units; NaN without units
	Volume, Mix, PriceEffect float64 // its parts of the effects
}

// Decompose splits the change from base to now into the effects of
// PriceVolume. Each member is given once with its units and revenue in the
// base and now (0 for none). It returns GapNoBase when the base sold no
// units, and GapNoUnits when a member has revenue without units.
func Decompose(members []string, baseUnits, baseRevenue, units, revenue []float64) (PriceVolume, BridgeGap) {
	n := len(members)
	if len(baseUnits) != n || len(baseRevenue) != n || len(units) != n || len(revenue) != n {
		panic("analysis: Decompose: slice length mismatch")
	}
	var pv PriceVolume
	for i := range members {
		pv.BaseUnits += baseUnits[i]
		pv.BaseRevenue += baseRevenue[i]
		pv.Units += units[i]
		pv.Revenue += revenue[i]
	}
	if pv.BaseUnits == 0 {
		return pv, GapNoBase
	}
	avg := pv.BaseRevenue / pv.BaseUnits
	for i, name := range members {
		m := PriceMember{Member: name, BaseUnits: baseUnits[i], Units: units[i], BaseRevenue: baseRevenue[i], Revenue: revenue[i],
			BasePrice: math.NaN(), Price: math.NaN()}
		if (m.BaseUnits == 0 && m.BaseRevenue != 0) || (m.Units == 0 && m.Revenue != 0) {
			return pv, GapNoUnits
		}
		if m.Units != 0 {
			m.Price = m.Revenue / m.Units
		}
		if m.BaseUnits != 0 {
			m.BasePrice = m.BaseRevenue / m.BaseUnits
		}
		p0 := m.BasePrice
		if m.BaseUnits == 0 { // new: valued at its own price
			p0 = m.Price
			if m.Units == 0 {
				p0 = 0
			}
		}
		share := m.BaseUnits / pv.BaseUnits
		m.Volume = (pv.Units - pv.BaseUnits) * share * p0
		m.Mix = (m.Units - pv.Units*share) * p0
		if m.Units != 0 {
			m.PriceEffect = (m.Price - p0) * m.Units
		}
		pv.Members = append(pv.Members, m)
		pv.Mix += m.Mix
		pv.Price += m.PriceEffect
	}
	// Σ share × p₀ is the base's average price: the volume effect is
	// written with it, so that it does not carry the members' rounding.
	pv.Volume = (pv.Units - pv.BaseUnits) * avg
	return pv, ""
}

// memberSeries returns the series of metric for each member of dim, by
// member name (sorted); none when the metric is not broken down by dim.
func (m *monthly) memberSeries(metric coo.MetricName, dim string) ([]string, map[string]coo.Series, error) {
	all, err := m.store.Breakdowns(m.ctx, metric, dim)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	out := map[string]coo.Series{}
	for _, dims := range all {
		parsed, err := coo.ParseDims(dims)
		if err != nil || len(parsed) != 1 {
			continue // a breakdown by several dimensions: not a member of this one
		}
		s, err := m.get(coo.SeriesKey{Metric: metric, Dims: dims})
		if err != nil {
			return nil, nil, err
		}
		names = append(names, parsed[0].Value)
		out[parsed[0].Value] = s
	}
	sort.Strings(names)
	return names, out, nil
}

// orZero is v, or 0 when v is NaN: a member without a value in a month.
func orZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// budgetBridge fills k.BudgetBridge, or k.BudgetGap when the budget is
// not broken down by the figure's breakdown.
func (m *monthly) budgetBridge(k *MonthlyKPI) error {
	if k.Spec.Budget == "" || k.Spec.Breakdown == "" || math.IsNaN(k.Value) || math.IsNaN(k.Budget) {
		return nil
	}
	p := m.in.Period
	bNames, budgets, err := m.memberSeries(k.Spec.Budget, k.Spec.Breakdown)
	if err != nil {
		return err
	}
	if len(bNames) == 0 {
		k.BudgetGap = GapNoBreakdown
		return nil
	}
	aNames, actuals, err := m.memberSeries(k.Spec.Metric, k.Spec.Breakdown)
	if err != nil {
		return err
	}
	bb := &BudgetBridge{Budget: k.Budget, Actual: k.Value}
	seen := map[string]bool{}
	var explained float64
	for _, name := range append(bNames, aNames...) {
		if seen[name] {
			continue
		}
		seen[name] = true
		mv := MemberVariance{Member: name, Budget: math.NaN(), Actual: math.NaN()}
		if s, ok := budgets[name]; ok {
			mv.Budget = at(s, p)
		}
		if s, ok := actuals[name]; ok {
			mv.Actual = at(s, p)
		}
		if math.IsNaN(mv.Budget) && math.IsNaN(mv.Actual) {
			continue
		}
		mv.Variance = orZero(mv.Actual) - orZero(mv.Budget)
		mv.Attainment = attainment(mv.Actual, mv.Budget)
		explained += mv.Variance
		bb.Members = append(bb.Members, mv)
	}
	sort.SliceStable(bb.Members, func(i, j int) bool {
		return math.Abs(bb.Members[i].Variance) > math.Abs(bb.Members[j].Variance)
	})
	bb.Other = (k.Value - k.Budget) - explained
	if math.Abs(bb.Other) <= 1e-9*math.Max(math.Abs(k.Value), math.Abs(k.Budget)) {
		bb.Other = 0 // the members add up: float noise is not a step
	}
	k.BudgetBridge = bb
	return nil
}

// priceVolume fills k.PriceVolume against last year's month and
// k.PriceVolumeBudget against the month's budget (or its Gap).
func (m *monthly) priceVolume(k *MonthlyKPI) error {
	spec := k.Spec.PriceVolume
	if spec.Units == "" {
		return nil
	}
	p := m.in.Period
	unitsUnit := ""
	if md := m.meta[spec.Units]; md != nil {
		unitsUnit = md.Unit
	}
	revNames, revenue, err := m.memberSeries(k.Spec.Metric, spec.By)
	if err != nil {
		return err
	}
	unitNames, units, err := m.memberSeries(spec.Units, spec.By)
	if err != nil {
		return err
	}
	totalUnits, err := m.get(coo.SeriesKey{Metric: spec.Units})
	if err != nil {
		return err
	}
	names := unionSorted(revNames, unitNames)
	// build decomposes from the base (revenue and units by member, and
	// their totals) at base to the month.
	build := func(baseRev, baseUnits map[string]coo.Series, baseTotalRev, baseTotalUnits float64, base coo.Period, isBudget bool) *PriceVolume {
		n := len(names)
		bu, br, u, r := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i, name := range names {
			bu[i], br[i] = orZero(at(baseUnits[name], base)), orZero(at(baseRev[name], base))
			u[i], r[i] = orZero(at(units[name], p)), orZero(at(revenue[name], p))
		}
		pv, gap := Decompose(names, bu, br, u, r)
		if gap == "" && (math.IsNaN(baseTotalRev) || math.IsNaN(baseTotalUnits) || math.IsNaN(k.Value)) {
			gap = GapNoBase
		}
		if gap == "" && !(near(pv.Revenue, k.Value) && near(pv.BaseRevenue, baseTotalRev) &&
			near(pv.Units, at(totalUnits, p)) && near(pv.BaseUnits, baseTotalUnits)) {
			gap = GapMembers
		}
		if gap != "" {
			pv = PriceVolume{Gap: gap}
		}
		pv.Base, pv.Budget, pv.UnitsUnit = base, isBudget, unitsUnit
		return &pv
	}
	k.PriceVolume = build(revenue, units, k.LastYear, at(totalUnits, p-12), p-12, false)

	// Against budget: the revenue budget and a units budget, both by member.
	switch {
	case k.Spec.Budget == "":
		return nil
	case spec.UnitsBudget == "":
		k.PriceVolumeBudget = &PriceVolume{Base: p, Budget: true, Gap: GapNoUnitsBudget, UnitsUnit: unitsUnit}
		return nil
	}
	_, revBudget, err := m.memberSeries(k.Spec.Budget, spec.By)
	if err != nil {
		return err
	}
	_, unitsBudget, err := m.memberSeries(spec.UnitsBudget, spec.By)
	if err != nil {
		return err
	}
	if len(revBudget) == 0 || len(unitsBudget) == 0 {
		k.PriceVolumeBudget = &PriceVolume{Base: p, Budget: true, Gap: GapNoBreakdown, UnitsUnit: unitsUnit}
		return nil
	}
	totalUnitsBudget, err := m.get(coo.SeriesKey{Metric: spec.UnitsBudget})
	if err != nil {
		return err
	}
	names = unionSorted(names, unionSorted(keys(revBudget), keys(unitsBudget)))
	k.PriceVolumeBudget = build(revBudget, unitsBudget, k.Budget, at(totalUnitsBudget, p), p, true)
	return nil
}

// priceVolumeUses are the months the price, volume and mix bridges of k
// read, beyond the figure's own (kpiUses): the units and their budget in
// the month and the month compared with.
func (m *monthly) priceVolumeUses(k *MonthlyKPI) []use {
	spec := k.Spec.PriceVolume
	p := m.in.Period
	out := []use{{k.Spec.Metric, p - 12, p}, {spec.Units, p - 12, p}}
	if k.PriceVolumeBudget != nil && k.PriceVolumeBudget.Gap == "" {
		out = append(out, use{k.Spec.Budget, p, p}, use{spec.UnitsBudget, p, p})
	}
	return out
}

// near says whether a and b agree to 1e-6 of the larger: sums of the
// same rows, added in another order.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b))
}

func keys(m map[string]coo.Series) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// unionSorted merges two sorted lists of names, once each.
func unionSorted(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
