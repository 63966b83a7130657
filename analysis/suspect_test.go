package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"coo"
)

// TestSuspicions plants slips, one-offs and steps in wavy series (about
// 100 to 130 a month, 40 months): the months planted a thousand times too
// large are suspected (the planted months are the truth); a business's
// one-off three times the usual, a lasting step, even twenty times, and a
// second month at a new level are not.
func TestSuspicions(t *testing.T) {
	const n = 40
	start := coo.NewPeriod(2023, 1)
	p := start.Add(n - 1)
	times := func(k float64, at ...int) func([]float64) {
		return func(y []float64) {
			for _, i := range at {
				y[i] *= k
			}
		}
	}
	from := func(k float64, i0 int) func([]float64) {
		return func(y []float64) {
			for i := i0; i < len(y); i++ {
				y[i] *= k
			}
		}
	}
	for _, tc := range []struct {
		name  string
		plant func([]float64)
		want  []int // the indexes suspected
	}{
		{"clean", func([]float64) {}, nil},
		{"slip in the last month", times(1000, n-1), []int{n - 1}},
		{"slip four months back", times(1000, n-5), []int{n - 5}},
		{"two slips", times(1000, 20, n-5), []int{20, n - 5}},
		{"a slip back and one in the last month", times(1000, 20, n-1), []int{20, n - 1}},
		{"a one-off three times the usual", times(3, n-6), nil},
		{"a one-off eight times the usual", times(8, n-6), nil},
		{"step x20 from the middle", from(20, 20), nil},
		{"step x20 in the last two months", from(20, n-2), nil},
		{"a slip before a gap", func(y []float64) { y[5] *= 1000; y[8] = math.NaN() }, nil},
	} {
		y := wavy(n, 20)
		tc.plant(y)
		var got []int
		for _, sp := range suspicions(coo.Series{Start: start, Values: y}, p) {
			got = append(got, int(sp.Period-start))
			if sp.Value != y[int(sp.Period-start)] || sp.Ref > 200 || sp.Ref < 100 {
				t.Errorf("%s: %+v: want the month's value %v and a reference among the other months (100-200)", tc.name, sp, y[int(sp.Period-start)])
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: suspected %v, want %v", tc.name, got, tc.want)
		}
	}
	// The report's month without data: an earlier slip is still judged.
	y := wavy(n, 20)
	y[n-5] *= 1000
	y[n-1] = math.NaN()
	var got []coo.Period
	for _, sp := range suspicions(coo.Series{Start: start, Values: y}, p) {
		got = append(got, sp.Period)
	}
	if !slices.Equal(got, []coo.Period{start.Add(n - 5)}) {
		t.Errorf("no data in the report's month: suspected %v, want [%s]", got, start.Add(n-5))
	}
}

// suspectMetrics describe the metrics of TestMonthlySuspect: each its own
// source and measure but units, which shares revenue's source.
func suspectMetrics() []coo.Metric {
	return []coo.Metric{
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Kind: coo.Flow, Source: "sales", Measure: "revenue"},
		{Name: "sales.units", Label: "Units", Kind: coo.Flow, Source: "sales", Measure: "units"},
		{Name: "hr.headcount", Label: "Headcount", Kind: coo.Stock, Source: "hr", Measure: "headcount"},
		{Name: "ops.cost", Label: "Cost", Unit: "CNY", Kind: coo.Flow, Source: "ops", Measure: "cost"},
		{Name: "ops.cost_budget", Label: "Cost budget", Unit: "CNY", Kind: coo.Flow, Source: "plan", Measure: "cost"},
		{Name: "mkt.spend", Label: "Spend", Unit: "CNY", Kind: coo.Flow, Source: "mkt", Measure: "spend"},
	}
}

// TestMonthlySuspect is the case on a store by hand: 48 months of
// series around 100 (wavy), the headcount of the report's month typed a
// thousand times too large, the cost of four months back too (January,
// in the year to date), and marketing spend three times its usual in one
// month (a trade fair: news, not a slip). The truth is the planting: the
// cells are the planted months' (cellFake: B2 is the first month), the
// figures that read them are the headcount, the cost and the ratio of
// revenue per head, and nothing else.
func TestMonthlySuspect(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	scaled := func(k float64) []float64 {
		y := wavy(48, 10)
		for i := range y {
			y[i] = math.Round(y[i] * k)
		}
		return y
	}
	rev, units, head, cost, spend := scaled(1000), scaled(5), scaled(1), scaled(100), scaled(10)
	budget := slices.Clone(cost)
	head[47] *= 1000 // the report's month: B49
	cost[43] *= 1000 // 2026-01: B45
	spend[41] *= 3   // 2025-11: a trade fair
	s := func(y []float64) coo.Series { return coo.Series{Start: start, Values: y} }
	store := cellFake{fakeStore{
		key("sales.revenue", ""): s(rev), key("sales.units", ""): s(units), key("hr.headcount", ""): s(head),
		key("ops.cost", ""): s(cost), key("ops.cost_budget", ""): s(budget), key("mkt.spend", ""): s(spend),
	}, "books/data.xlsx"}
	spec := ReportSpec{
		KPIs: []KPISpec{{Metric: "sales.revenue"}, {Metric: "ops.cost", Budget: "ops.cost_budget", LowerIsBetter: true},
			{Metric: "hr.headcount"}, {Metric: "sales.units"}, {Metric: "mkt.spend", LowerIsBetter: true}},
		Departments: []DepartmentSpec{{Name: "Sales", KPIs: []KPISpec{{Metric: "sales.revenue"}},
			Ratios: []RatioSpec{{Name: "Revenue per head", Num: key("sales.revenue", ""), Den: key("hr.headcount", "")}}}},
	}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: suspectMetrics(), Lang: "en", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}

	// The defects: one a planted cell, in order of the figures.
	type want struct {
		source, measure, cell string
		month                 coo.Period
	}
	var got []want
	for _, d := range r.Quality.Defects {
		if d.Kind != coo.Suspect || d.File != "books/data.xlsx" || d.Sheet != "Data" || !strings.Contains(d.Detail, "suspected unit slip") {
			t.Errorf("defect %+v: want a suspect defect naming books/data.xlsx, sheet Data", d)
		}
		got = append(got, want{d.Source, d.Measure, d.Cell, d.Months[0]})
	}
	wantDefects := []want{{"ops", "cost", "B45", p - 4}, {"hr", "headcount", "B49", p}}
	if !slices.Equal(got, wantDefects) {
		t.Errorf("suspect defects %+v, want %+v", got, wantDefects)
	}
	if r.Quality.Complete() {
		t.Errorf("the report is complete; want it refused without --allow-incomplete")
	}

	// The figures that read them are marked, and only those.
	suspects := map[string]bool{"ops.cost": true, "hr.headcount": true, "Revenue per head": true}
	for _, k := range r.KPIs {
		if k.Suspect != suspects[string(k.Spec.Metric)] || (len(k.Defects) > 0) != suspects[string(k.Spec.Metric)] {
			t.Errorf("%s: Suspect %v, defects %v; want suspect %v", k.Spec.Metric, k.Suspect, k.Defects, suspects[string(k.Spec.Metric)])
		}
		if k.Suspect && k.Levels != (KPILevels{}) {
			t.Errorf("%s: levels %+v; a suspect figure is not graded", k.Spec.Metric, k.Levels)
		}
	}
	cost0 := r.KPIs[1]
	if len(cost0.Defects) != 1 || r.Quality.Defects[cost0.Defects[0]].Months[0] != p-4 || math.Abs(cost0.YTD-sumOf(cost[43:48])) > 1e-6 {
		t.Errorf("cost: defects %v, YTD %v; want the January slip marking the year to date %v", cost0.Defects, cost0.YTD, sumOf(cost[43:48]))
	}
	q := r.Depts[0].Ratios[0]
	if !q.Suspect || len(q.Defects) != 1 || q.Levels != (RatioLevels{}) {
		t.Errorf("revenue per head: Suspect %v, defects %v, levels %+v; want suspect, the headcount's defect, not graded", q.Suspect, q.Defects, q.Levels)
	}

	// Page one leaves them out, but for the questions to check the data.
	labels := []string{"cost", "headcount", "revenue per head"}
	for _, f := range r.Findings {
		if suspects[string(f.Metric)] || suspects[f.Ratio] {
			t.Errorf("finding %+v: a figure that reads a suspected value is no news", f.Text)
		}
	}
	for _, l := range labels {
		if strings.Contains(strings.ToLower(r.Headline.Text), l) {
			t.Errorf("headline %q names %s", r.Headline.Text, l)
		}
	}
	var asked []string
	for _, dq := range r.Questions {
		for _, it := range dq.Items {
			for _, l := range labels {
				if strings.Contains(strings.ToLower(it), l) && !strings.Contains(it, "unit slip") {
					t.Errorf("question %q asks about %s", it, l)
				}
			}
			if strings.Contains(it, "unit slip") {
				asked = append(asked, it)
			}
		}
	}
	if !slices.ContainsFunc(asked, func(s string) bool { return strings.Contains(s, "Data!B49") }) {
		t.Errorf("questions %q: none asks to check Data!B49", asked)
	}
	for _, s := range r.Risks {
		l := strings.ToLower(s.Text)
		if strings.HasPrefix(l, "cost") && !strings.Contains(l, "suspected error in the data") {
			t.Errorf("risk %q: the cost's only risk is to check its data", s.Text)
		}
	}
}

func sumOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// TestScoreSuspect: a unit's revenue of the month a thousand times its
// history is not scored (missing, reweighted), and the cell is named: the
// unit's final is its other KPI's 100 points (units at target), where it
// was 0.5 × 120 (capped) + 0.5 × 100 = 110 on the slip. A target of last
// year's value whose month was a slip is missing too.
func TestScoreSuspect(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	rev := wavy(48, 10)
	budget := slices.Clone(rev)
	rev[47] *= 1000
	units := make([]float64, 48)
	for i := range units {
		units[i] = 50
	}
	lastYear := wavy(48, 10)
	lastYear[35] *= 1000 // p-12
	s := func(y []float64) coo.Series { return coo.Series{Start: start, Values: y} }
	store := cellFake{fakeStore{key("sales.revenue", ""): s(rev), key("sales.revenue_budget", ""): s(budget),
		key("sales.units", ""): s(units), key("sales.other", ""): s(lastYear)}, "books/rev.xlsx"}
	lin := Scoring{Kind: Linear, Floor: 0.8, Ceiling: 1, Cap: 120}
	r := &Rules{Missing: MissingReweight, Units: []Unit{
		{Name: "Sales", KPIs: []KPI{
			{Name: "Revenue", Metric: "sales.revenue", Weight: 0.25, Target: Target{Kind: MetricTarget, Metric: "sales.revenue_budget"}, Scoring: lin},
			{Name: "Units", Metric: "sales.units", Weight: 0.5, Target: Target{Kind: FixedTarget, Value: 50}, Scoring: Scoring{Kind: Ratio, Cap: 120}},
			{Name: "Revenue growth", Metric: "sales.revenue", Weight: 0.25, Target: Target{Kind: LastYearTarget}, Scoring: Scoring{Kind: Ratio, Cap: 120}},
		}},
		{Name: "Other", KPIs: []KPI{
			{Name: "Growth", Metric: "sales.other", Weight: 0.5, Target: Target{Kind: LastYearTarget}, Scoring: Scoring{Kind: Ratio, Cap: 120}},
			{Name: "Units", Metric: "sales.units", Weight: 0.5, Target: Target{Kind: FixedTarget, Value: 50}, Scoring: Scoring{Kind: Ratio, Cap: 120}},
		}},
	}}
	sc, err := Score(context.Background(), store, r, p)
	if err != nil {
		t.Fatal(err)
	}
	u := sc.Units[0]
	k := u.KPIs[0]
	if !k.Suspect || k.Sent != rev[47] || !math.IsNaN(k.Actual) || !math.IsNaN(k.Attainment) || k.Missing != MissingReweight ||
		k.EffectiveWeight != 0 || !strings.Contains(k.Note, "suspected unit slip") {
		t.Errorf("revenue KPI %+v; want suspect, sent %v, no actual, left out under reweight, the note saying why", k, rev[47])
	}
	if !u.Scored || !same(u.Final, 100) {
		t.Errorf("Sales final %v, want 100 (units alone)", u.Final)
	}
	o := sc.Units[1].KPIs[0]
	if o.Suspect || o.Missing != MissingReweight || !strings.Contains(o.Note, "target's base") || !strings.Contains(o.Note, "suspected unit slip") {
		t.Errorf("growth KPI %+v; want missing: its target's base is a suspected slip", o)
	}
	metrics := []coo.Metric{{Name: "sales.revenue", Source: "sales", Measure: "revenue"}}
	if err := NameSuspects(context.Background(), store, metrics, []*Scorecard{sc}); err != nil {
		t.Fatal(err)
	}
	if want := "books/rev.xlsx, Data!B49 (suspected slip of sales.revenue for Sales)"; !slices.Contains(sc.Incomplete, want) ||
		!strings.Contains(sc.Units[0].KPIs[0].Note, "Data!B49") {
		t.Errorf("incomplete %q, note %q; want %q named", sc.Incomplete, sc.Units[0].KPIs[0].Note, want)
	}
	// A budget typed 1,000 times too large is no target: the KPI is
	// missing, not scored 0 (found from outside: grade D on the slip).
	budget[47] *= 1000
	rev[47] /= 1000
	sc2, err := Score(context.Background(), store, r, p)
	if err != nil {
		t.Fatal(err)
	}
	if b := sc2.Units[0].KPIs[0]; b.Missing != MissingReweight || !strings.Contains(b.Note, "the target") || !strings.Contains(b.Note, "suspected unit slip") {
		t.Errorf("revenue against a slipped budget: %+v; want missing, the note naming the target's slip", b)
	}
	budget[47] /= 1000
	rev[47] *= 1000

	// Two KPIs of Sales read the slipped cell: it is named once (it was
	// twice, found from outside).
	if n := strings.Count(strings.Join(sc.Incomplete, "\n"), "Data!B49"); n != 1 {
		t.Errorf("incomplete %q names Data!B49 %d times, want once", sc.Incomplete, n)
	}
}

// TestMonthlySuspectBudget: a budget typed a thousand times too large in
// the report's month is a suspect defect of the budget's source, naming
// its cell, and the KPI compared with it is not graded (found from
// outside: "✕ 0.5% of budget", headline "97.3% under budget", complete).
func TestMonthlySuspectBudget(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	cost := wavy(48, 10)
	budget := slices.Clone(cost)
	budget[47] *= 1000 // B49
	s := func(y []float64) coo.Series { return coo.Series{Start: start, Values: y} }
	store := cellFake{fakeStore{key("ops.cost", ""): s(cost), key("ops.cost_budget", ""): s(budget)}, "books/plan.xlsx"}
	spec := ReportSpec{KPIs: []KPISpec{{Metric: "ops.cost", Budget: "ops.cost_budget", LowerIsBetter: true}}}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: suspectMetrics(), Lang: "en", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Quality.Defects) != 1 || r.Quality.Defects[0].Kind != coo.Suspect || r.Quality.Defects[0].Source != "plan" || r.Quality.Defects[0].Cell != "B49" {
		t.Fatalf("defects %+v, want one suspect defect of source plan naming B49", r.Quality.Defects)
	}
	if k := r.KPIs[0]; !k.Suspect || k.Levels != (KPILevels{}) {
		t.Errorf("cost: suspect %v, levels %+v; want suspect and not graded", k.Suspect, k.Levels)
	}
	if len(r.Findings) > 0 {
		t.Errorf("findings %+v; a figure read against a suspect budget is no news", r.Findings)
	}
}

// TestSuspicionsSmall: a count typed a thousand times too small (146
// people as 0.146) is a suspected slip of its latest month; a fall to 0
// or to a small whole number is news, and a figure that is not a count
// (fractions in its history) is not judged this way (found from outside:
// "headcount down 34.5%" in the headline, the report complete).
func TestSuspicionsSmall(t *testing.T) {
	start := coo.NewPeriod(2023, 1)
	counts := func(last float64) []float64 {
		y := make([]float64, 24)
		for i := range y {
			y[i] = float64(140 + i%7)
		}
		return append(y, last)
	}
	money := func(last float64) []float64 {
		y := wavy(24, 20)
		return append(y, last)
	}
	for _, tc := range []struct {
		name string
		y    []float64
		want bool
	}{
		{"headcount 146 as 0.146", counts(0.146), true},
		{"headcount down to 0", counts(0), false},
		{"headcount down to 3", counts(3), false},
		{"headcount 140.5 (a part-timer)", counts(140.5), false},
		{"revenue near zero", money(0.5), false},
	} {
		p := start.Add(len(tc.y) - 1)
		sps := suspicions(coo.Series{Start: start, Values: tc.y}, p)
		got := len(sps) == 1 && sps[0].Period == p && sps[0].Small && sps[0].Ref == 140
		if tc.name == "revenue near zero" {
			got = len(sps) > 0
		}
		if got != tc.want {
			t.Errorf("%s: suspicions %+v, want a small slip of the last month: %v", tc.name, sps, tc.want)
		}
		if tc.want {
			if why, ok := suspectIn(sps, p, p); !ok || !strings.Contains(why, "a fraction under a tenth") {
				t.Errorf("%s: why %q", tc.name, why)
			}
		}
	}
}

// TestMonthlySuspectSmall: the report names a count typed a thousand times
// too small as a suspected slip, in its own words.
func TestMonthlySuspectSmall(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	head := make([]float64, 48)
	for i := range head {
		head[i] = float64(140 + i%7)
	}
	head[47] = 0.146 // B49
	store := cellFake{fakeStore{key("hr.headcount", ""): {Start: start, Values: head}}, "books/hr.xlsx"}
	spec := ReportSpec{KPIs: []KPISpec{{Metric: "hr.headcount"}}}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: suspectMetrics(), Lang: "en", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Quality.Defects) != 1 || r.Quality.Defects[0].Cell != "B49" || !strings.Contains(r.Quality.Defects[0].Detail, "a fraction under 1/10 of every other month") {
		t.Fatalf("defects %+v, want one naming B49 as a fraction under a tenth", r.Quality.Defects)
	}
	if k := r.KPIs[0]; !k.Suspect || len(r.Findings) > 0 {
		t.Errorf("headcount: suspect %v, findings %+v; want suspect and no findings", k.Suspect, r.Findings)
	}
}

// memberCells is a CellStore over members by hand: member i's value in
// month j (start + j; NaN: none) is cell Data!(column 2+j)(row 2+i) of
// file, and its Typical is computed as the warehouse does: the median of
// the member's values in the six months either side. Series are the
// members' sums (fakeStore), for the metrics in members.
type memberCells struct {
	fakeStore
	file    string
	start   coo.Period
	members map[coo.MetricName][]member
}

type member struct {
	dims string
	y    []float64
}

func (f memberCells) FactCells(_ context.Context, m *coo.Metric, dims string, p coo.Period) ([]coo.FactCell, error) {
	var out []coo.FactCell
	j := int(p - f.start)
	for i, mb := range f.members[m.Name] {
		if j < 0 || j >= len(mb.y) || math.IsNaN(mb.y[j]) || dims != "" && !strings.Contains(mb.dims, dims) {
			continue
		}
		var near []float64
		for o := max(0, j-6); o <= min(len(mb.y)-1, j+6); o++ {
			if o != j && !math.IsNaN(mb.y[o]) {
				near = append(near, mb.y[o])
			}
		}
		typical := nan
		if len(near) > 0 {
			slices.Sort(near)
			typical = (near[(len(near)-1)/2] + near[len(near)/2]) / 2
		}
		out = append(out, coo.FactCell{File: f.file, Cell: coo.CellRef{Sheet: "Data", Col: 2 + j, Row: 2 + i},
			Dims: mb.dims, Value: mb.y[j], Typical: typical})
	}
	return out, nil
}

// steadyMember is a member whose months run 0.9, 1.0, 1.1 times base over
// and over (month 0 at 0.9): any six or twelve months either side of a
// month hold each of the three equally often, so its Typical is base.
func steadyMember(dims string, base float64, n int) member {
	y := make([]float64, n)
	for j := range y {
		y[j] = base * (0.9 + 0.1*float64(j%3))
	}
	return member{dims, y}
}

// revenueMembers are twelve regions of 1.0 to 3.2 M a month (0.2 M
// apart; 25.2 M in all, as steadyMember), 13 months.
func revenueMembers() []member {
	var ms []member
	for i := range 12 {
		ms = append(ms, steadyMember(fmt.Sprintf("region=R%02d", i), 1e6+2e5*float64(i), 13))
	}
	return ms
}

func sumMembers(start coo.Period, ms []member) coo.Series {
	s := coo.Series{Start: start, Values: make([]float64, len(ms[0].y))}
	for j := range s.Values {
		s.Values[j] = nan
		for _, m := range ms {
			if v := m.y[j]; !math.IsNaN(v) {
				s.Values[j] = nanToZero(s.Values[j]) + v
			}
		}
	}
	return s
}

func nanToZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// TestCellSlips plants slips in single members of a sum of twelve steady
// regions (Typical of each is its base, by construction: steadyMember) and
// cases that must not be suspected. The months are 2025-05 (0) to 2026-05
// (12), the report's; the year to date starts in 2026-01 (8). The truth is
// the planting, the usual values by hand: region R03 (1.6 M) in 2026-05
// (0.9 × 1.6 M = 1.44 M) typed 1,440; a new tiny member of 2,000 a month
// typed 1,800,000 in 2026-05 (0.9 × 2,000 × 1,000: the total goes from
// 25.2 M to 27.0 M, +7%, no excursion); R05 (2.0 M) in 2026-02 (month 9:
// 0.9 × 2.0 M = 1.8 M) typed 1,800.
func TestCellSlips(t *testing.T) {
	start := coo.NewPeriod(2025, 5)
	p := start.Add(12)
	md := &coo.Metric{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Source: "sales", Measure: "revenue"}
	type want struct {
		dims         string
		month        int
		scale, usual float64
	}
	for _, tc := range []struct {
		name  string
		extra []member // added to revenueMembers
		plant func(ms []member)
		want  []want
	}{
		{"clean", nil, func([]member) {}, nil},
		{"one member ÷1000 among many", nil, func(ms []member) { ms[3].y[12] /= 1000 },
			[]want{{"region=R03", 12, 0.001, 1.44e6}}},
		{"a tiny member ×1000 hides in the total", []member{steadyMember("region=Tiny", 2000, 13)},
			func(ms []member) { ms[12].y[12] *= 1000 }, []want{{"region=Tiny", 12, 1000, 1800}}},
		{"a slip in an earlier month of the year", nil, func(ms []member) { ms[5].y[9] /= 1000 },
			[]want{{"region=R05", 9, 0.001, 1.8e6}}},
		{"a slip a million times too large", nil, func(ms []member) { ms[0].y[12] *= 1e6 },
			[]want{{"region=R00", 12, 1e6, 0.9e6}}},
		{"a slip in its month of peak (2.5 times usual), ÷1000", nil, func(ms []member) { ms[7].y[12] = 2.5 * 2.4e6 / 1000 },
			[]want{{"region=R07", 12, 0.001, 6e6}}},
		{"a slip before the year is not read", nil, func(ms []member) { ms[5].y[7] /= 1000 }, nil},
		// Found from outside: a cell ×100 or ÷100, and a line typed
		// negative, were published as news.
		{"a member falls a hundredfold (÷100)", nil, func(ms []member) { ms[3].y[12] /= 100 },
			[]want{{"region=R03", 12, 0.01, 1.44e6}}},
		{"a member ×100", nil, func(ms []member) { ms[2].y[12] *= 100 },
			[]want{{"region=R02", 12, 100, 1.26e6}}},
		{"a member ×10,000 (between powers of a thousand)", nil, func(ms []member) { ms[2].y[12] *= 1e4 },
			[]want{{"region=R02", 12, 1e4, 1.26e6}}},
		{"a member typed negative", nil, func(ms []member) { ms[3].y[12] = -ms[3].y[12] },
			[]want{{"region=R03", 12, -1, 1.44e6}}},
		// Not suspected.
		{"a member falls 60%", nil, func(ms []member) { ms[3].y[12] *= 0.4 }, nil},
		{"a member falls to 0", nil, func(ms []member) { ms[3].y[12] = 0 }, nil},
		{"a member grows twentyfold", nil, func(ms []member) { ms[3].y[12] *= 20 }, nil},
		{"a member falls twentyfold", nil, func(ms []member) { ms[3].y[12] /= 20 }, nil},
		{"a member turns into a loss ten times its usual size", nil, func(ms []member) { ms[3].y[12] *= -10 }, nil},
		{"a new member, no history", []member{{"region=New", append(nanSlice(12), 2000)}}, func([]member) {}, nil},
		{"a new member, two months of history", []member{{"region=New", append(nanSlice(10), 2, 2, 2000)}}, func([]member) {}, nil},
		{"a member whose typical is 0", []member{{"region=Zero", append(make([]float64, 12), 5000)}}, func([]member) {}, nil},
		{"a member that is mostly 0", []member{{"region=Odd", []float64{0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 0, 5, 5000}}}, func([]member) {}, nil},
		// 1,000 and 60,000 in turn: its Typical is (1,000 + 60,000) / 2.
		{"a volatile member ×1000", []member{{"region=Lumpy", []float64{1e3, 6e4, 1e3, 6e4, 1e3, 6e4, 1e3, 6e4, 1e3, 6e4, 1e3, 6e4, 30.5e6}}},
			func([]member) {}, nil},
		{"a member changes sign", []member{steadyMember("region=Credit", -5e4, 13)}, func(ms []member) { ms[12].y[12] = 5e7 }, nil},
		// 2,000 a month ÷1000 takes 1,798.2 off 25.2 M: under a tenth of a percent.
		{"a tiny member ÷1000", []member{steadyMember("region=Tiny", 2000, 13)}, func(ms []member) { ms[12].y[12] /= 1000 }, nil},
	} {
		ms := append(revenueMembers(), tc.extra...)
		tc.plant(ms)
		store := memberCells{file: "books/sales.xlsx", start: start, members: map[coo.MetricName][]member{md.Name: ms}}
		cc := &cellCache{ctx: context.Background(), cs: store}
		got, err := cc.slips(md, "", nil, start.Add(8), p)
		if err != nil {
			t.Fatal(err)
		}
		var gotW []want
		for _, c := range got {
			gotW = append(gotW, want{c.Dims, int(c.Period - start), c.Scale, math.Round(c.Usual*1000) / 1000})
			if c.Cell.Col != 2+int(c.Period-start) {
				t.Errorf("%s: %+v: the cell is not the month's", tc.name, c)
			}
		}
		if !slices.Equal(gotW, tc.want) {
			t.Errorf("%s: cell slips %+v, want %+v", tc.name, gotW, tc.want)
		}
	}
}

func nanSlice(n int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = nan
	}
	return y
}

// TestScaleOff: the bands around each power of ten from 100 up (and
// down), and around the value of the other sign, a factor of
// cellSlipTolerance (3) either way.
func TestScaleOff(t *testing.T) {
	for _, tc := range []struct {
		v, t, scale float64 // scale 0: not a slip; -1: the sign
	}{
		{1000, 1, 1000}, {2900, 1, 1000}, {334, 1, 1000}, {3100, 1, 0}, {3400, 1, 1e4}, {330, 1, 0}, {310, 1, 0},
		{100, 1, 100}, {34, 1, 100}, {290, 1, 100}, {33, 1, 0}, {31, 1, 0}, {10, 1, 0}, {20, 1, 0},
		{0.001, 1, 0.001}, {0.0029, 1, 0.001}, {0.01, 1, 0.01}, {0.029, 1, 0.01}, {0.031, 1, 0}, {0.1, 1, 0},
		{1e6, 1, 1e6}, {1e-6, 1, 1e-6}, {1e9, 1, 1e9},
		{-1000, -1, 1000}, {-1, 1, -1}, {-2.9, 1, -1}, {1, -1, -1}, {-3.1, 1, 0}, {-0.34, 1, -1}, {-0.3, 1, 0}, {-1000, 1, 0},
		{0, 1, 0}, {1000, 0, 0}, {1, 1, 0}, {nan, 1, 0}, {1000, nan, 0},
	} {
		scale, ok := scaleOff(tc.v, tc.t)
		if ok != (tc.scale != 0) || ok && math.Abs(scale-tc.scale) > 1e-9*math.Abs(tc.scale) {
			t.Errorf("scaleOff(%v, %v) = %v, %v; want %v", tc.v, tc.t, scale, ok, tc.scale)
		}
	}
}

// TestMonthlySuspectCells is the outside testers' case on a store by
// hand: revenue is the sum of twelve steady regions (revenueMembers), and
// one region typed in thousands in the report's month (R03, 1.44 M as
// 1,440: the total 23.76 M instead of 25.2 M) and another in February, in
// the year to date (R05, 1.8 M as 1,800). Neither total is more than ten
// times, nor a tenth of, any other month. The truth is the planting: two
// Suspect defects naming the two cells (Data!N5 and Data!K7: column B
// for 2025-05, row 2 + region) in their months; the revenue is marked, not
// graded and no news; the cost, read from the same store, is not.
func TestMonthlySuspectCells(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-12)
	rev := revenueMembers()
	rev[3].y[12] /= 1000
	rev[5].y[9] /= 1000
	cost := []member{steadyMember("line=Rent", 3e5, 13), steadyMember("line=Staff", 9e5, 13)}
	store := memberCells{fakeStore{
		key("sales.revenue", ""): sumMembers(start, rev), key("ops.cost", ""): sumMembers(start, cost),
	}, "books/data.xlsx", start, map[coo.MetricName][]member{"sales.revenue": rev, "ops.cost": cost}}
	spec := ReportSpec{KPIs: []KPISpec{{Metric: "sales.revenue"}, {Metric: "ops.cost", LowerIsBetter: true}}}
	r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: suspectMetrics(), Lang: "en", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		where string
		month coo.Period
	}
	var got []want
	for _, d := range r.Quality.Defects {
		if d.Kind != coo.Suspect || d.Source != "sales" || d.Measure != "revenue" ||
			!strings.Contains(d.Detail, "suspected unit slip") || !strings.Contains(d.Detail, "about 1/1,000 of its usual") {
			t.Errorf("defect %+v: want a suspect defect of sales revenue, about 1/1,000 of its usual value", d)
		}
		got = append(got, want{d.Where(), d.Months[0]})
	}
	wantDefects := []want{{"books/data.xlsx, Data!K7", p - 3}, {"books/data.xlsx, Data!N5", p}}
	if !slices.Equal(got, wantDefects) {
		t.Errorf("suspect defects %+v, want %+v", got, wantDefects)
	}
	if d := r.Quality.Defects; len(d) == 2 && (!strings.Contains(d[1].Detail, "Revenue [region=R03] for 2026-05 is 1,440 CNY") ||
		!strings.Contains(d[1].Detail, "at the usual scale it would be 1.44 M CNY")) {
		t.Errorf("detail %q: want the member, its value and the value at the usual scale", d[1].Detail)
	}
	if r.Quality.Complete() {
		t.Errorf("the report is complete; want it refused without --allow-incomplete")
	}
	for _, k := range r.KPIs {
		slipped := k.Spec.Metric == "sales.revenue"
		if k.Suspect != slipped || (len(k.Defects) == 2) != slipped || slipped && k.Levels != (KPILevels{}) {
			t.Errorf("%s: suspect %v, defects %v, levels %+v; want suspect %v (both defects, not graded)", k.Spec.Metric, k.Suspect, k.Defects, k.Levels, slipped)
		}
	}
	for _, f := range r.Findings {
		if f.Metric == "sales.revenue" {
			t.Errorf("finding %q: a figure that reads a suspected value is no news", f.Text)
		}
	}
	if strings.Contains(strings.ToLower(r.Headline.Text), "revenue") {
		t.Errorf("headline %q names the revenue", r.Headline.Text)
	}
}

// TestExact: a count that is not whole keeps its digits in a slip's note
// (it printed "0 people" for 0.14); other figures are Amount's.
func TestExact(t *testing.T) {
	for _, tc := range []struct {
		v          float64
		unit, want string
	}{
		{0.14, "people", "0.14 people"}, {1.46, "count", "1.46"}, {146, "people", Amount(146, "people", "en")},
		{1958.5, "CNY", Amount(1958.5, "CNY", "en")},
	} {
		if got := exact(tc.v, tc.unit, "en"); got != tc.want {
			t.Errorf("exact(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

// TestCopied: a month whose every cell equals the month before's, with
// figures a business does not repeat, is a suspected copy.
func TestCopied(t *testing.T) {
	cells := func(vs ...float64) []coo.FactCell {
		var out []coo.FactCell
		for i, v := range vs {
			out = append(out, coo.FactCell{Dims: fmt.Sprintf("line=L%d", i), Value: v})
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		cur, prev []coo.FactCell
		want      bool
	}{
		{"money with cents, all equal", cells(7233419.81, 1244172.57, 475236.26), cells(7233419.81, 1244172.57, 475236.26), true},
		{"round money, all equal", cells(60000, 25000, 110000), cells(60000, 25000, 110000), true},
		{"one differs", cells(7233419.81, 1244172.57, 475236.26), cells(7233419.81, 1244172.57, 475236.27), false},
		{"headcounts repeat", cells(40, 17, 23), cells(40, 17, 23), false},
		{"two cells", cells(7233419.81, 1244172.57), cells(7233419.81, 1244172.57), false},
		{"all zero", cells(0, 0, 0), cells(0, 0, 0), false},
		{"no month before", cells(1.5, 2.5, 3.5), nil, false},
		{"a member new this month", cells(1.5, 2.5, 3.5), cells(1.5, 2.5), false},
	} {
		if _, got := copied(tc.cur, tc.prev); got != tc.want {
			t.Errorf("%s: copied = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCellSignSlips: a cell of the other sign is a suspected sign slip
// only when its member has not had that sign in the three years before.
// Found from outside: a store's profit, a loss in 7 of 43 months, refused
// the report as a suspected sign slip for its loss of the report's month
// (no other loss in the six months either side). Profit of 4,000 a month
// (steadyMember) from 2023-04 (0) to 2026-10 (42), twelve steady regions
// beside it; the truth is the planting.
func TestCellSignSlips(t *testing.T) {
	start := coo.NewPeriod(2023, 4)
	p := start.Add(42)
	md := &coo.Metric{Name: "lab.profit", Label: "Profit", Unit: "CNY", Source: "lab", Measure: "profit"}
	for _, tc := range []struct {
		name    string
		losses  []int // months of the store's profit made a loss of its size
		suspect bool
	}{
		{"never a loss before", nil, true},
		{"a loss 8 months before", []int{34}, false},
		{"a loss 30 months before", []int{12}, false},
		{"a loss 40 months before only", []int{2}, true},
	} {
		ms := []member{steadyMember("store=A", 4000, 43)}
		for i := range 12 {
			ms = append(ms, steadyMember(fmt.Sprintf("store=R%02d", i), 1000, 43))
		}
		for _, j := range append(tc.losses, 42) {
			ms[0].y[j] = -ms[0].y[j]
		}
		store := memberCells{file: "books/lab.xlsx", start: start, members: map[coo.MetricName][]member{md.Name: ms}}
		cc := &cellCache{ctx: context.Background(), cs: store}
		got, err := cc.slips(md, "", nil, p, p)
		if err != nil {
			t.Fatal(err)
		}
		if found := len(got) == 1 && got[0].Dims == "store=A" && got[0].Scale == -1; found != tc.suspect || len(got) > 1 {
			t.Errorf("%s: cell slips %+v, want a sign slip of store=A: %v", tc.name, got, tc.suspect)
		}
	}
}
