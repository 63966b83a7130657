package analysis

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
)

// Breakdowns makes the forecast tests' fakeStore an AssessStore.
func (f fakeStore) Breakdowns(_ context.Context, m coo.MetricName, dim string) ([]string, error) {
	var out []string
	for k := range f {
		if k.Metric == m && strings.HasPrefix(k.Dims, dim+"=") {
			out = append(out, k.Dims)
		}
	}
	sort.Strings(out)
	return out, nil
}

var nan = math.NaN()

func ser(start coo.Period, vs ...float64) coo.Series { return coo.Series{Start: start, Values: vs} }

func key(m coo.MetricName, dims string) coo.SeriesKey {
	return coo.SeriesKey{Metric: m, Dims: dims}
}

// same compares within 1e-9, and NaN equals NaN.
func same(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-9)
}

// TestScoringPoints checks every scoring function against points worked out
// by hand from its definition (rules.go), at and around each edge.
func TestScoringPoints(t *testing.T) {
	linear := Scoring{Kind: Linear, Floor: 0.8, Ceiling: 1.0, Cap: 120}
	linear100 := Scoring{Kind: Linear, Floor: 0.8, Ceiling: 1.0}
	lower := Scoring{Kind: LowerIsBetter, Best: 0, Worst: 20}
	lower110 := Scoring{Kind: LowerIsBetter, Best: 10, Worst: 20, Cap: 110}
	bands := Scoring{Kind: BandTable, Bands: []Band{{0.9, 60}, {1.0, 80}, {1.1, 100}}}
	atLeast := Scoring{Kind: PassFail, Threshold: 1}
	atMost := Scoring{Kind: PassFail, Threshold: 0, AtMost: true}
	ratio := Scoring{Kind: Ratio, Cap: 120}
	ratio100 := Scoring{Kind: Ratio}
	for _, tc := range []struct {
		name string
		s    Scoring
		x    float64
		want float64 // by hand
	}{
		// linear: 100·(x − 0.8)/0.2, clamped to [0, 120]
		{"linear below floor", linear, 0.7, 0},
		{"linear at floor", linear, 0.8, 0},
		{"linear midway", linear, 0.9, 50},
		{"linear at ceiling", linear, 1.0, 100},
		{"linear above ceiling", linear, 1.02, 110},
		{"linear at cap", linear, 1.04, 120},
		{"linear beyond cap", linear, 1.1, 120},
		{"linear no cap given is 100", linear100, 1.1, 100},
		{"linear negative x", linear, -3, 0},
		// lower is better: 100·(20 − x)/20, clamped to [0, 100]
		{"lower at best", lower, 0, 100},
		{"lower quarter", lower, 5, 75},
		{"lower at worst", lower, 20, 0},
		{"lower beyond worst", lower, 25, 0},
		{"lower better than best, cap 100", lower, -1, 100},
		// lower, best 10, worst 20, cap 110: 100·(20 − x)/10
		{"lower110 one better than best", lower110, 9, 110},
		{"lower110 far better", lower110, 5, 110},
		{"lower110 midway", lower110, 15, 50},
		// bands: value ≥ min takes the band's points; 0 below the first
		{"band below first", bands, 0.8999, 0},
		{"band at first min", bands, 0.9, 60},
		{"band just below second", bands, 0.9999, 60},
		{"band at second min", bands, 1.0, 80},
		{"band at top min", bands, 1.1, 100},
		{"band far above", bands, 5, 100},
		// pass/fail
		{"at least: at threshold", atLeast, 1, 100},
		{"at least: just below", atLeast, 0.999, 0},
		{"at most: at threshold", atMost, 0, 100},
		{"at most: above", atMost, 1, 0},
		// ratio: 100·x clamped to [0, cap]
		{"ratio half", ratio, 0.5, 50},
		{"ratio met", ratio, 1.0, 100},
		{"ratio at cap", ratio, 1.2, 120},
		{"ratio beyond cap", ratio, 1.25, 120},
		{"ratio negative", ratio, -0.2, 0},
		{"ratio no cap given is 100", ratio100, 1.25, 100},
		{"NaN stays NaN", linear, nan, nan},
	} {
		if err := tc.s.Validate(); err != nil {
			t.Fatalf("%s: Validate: %v", tc.name, err)
		}
		if got := tc.s.Points(tc.x); !same(got, tc.want) {
			t.Errorf("%s: %s.Points(%v) = %v, want %v", tc.name, tc.s.Kind, tc.x, got, tc.want)
		}
	}
}

func TestScoringValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Scoring
		msg  string
	}{
		{"no kind", Scoring{}, "scoring missing"},
		{"unknown kind", Scoring{Kind: "sigmoid"}, "want linear"},
		{"floor above ceiling", Scoring{Kind: Linear, Floor: 1, Ceiling: 0.8}, "linear.ceiling: "},
		{"floor equals ceiling", Scoring{Kind: Linear, Floor: 1, Ceiling: 1}, "linear.ceiling: "},
		{"cap below 100", Scoring{Kind: Linear, Floor: 0.8, Ceiling: 1, Cap: 90}, "at least 100"},
		{"best above worst", Scoring{Kind: LowerIsBetter, Best: 20, Worst: 0}, "lower_is_better.worst: 0 must be above best, 20"},
		{"no bands", Scoring{Kind: BandTable}, "at least one band"},
		{"bands not increasing", Scoring{Kind: BandTable, Bands: []Band{{1, 80}, {1, 90}}}, "bands[1]"},
		{"threshold NaN", Scoring{Kind: PassFail, Threshold: nan}, "finite"},
		{"ratio cap", Scoring{Kind: Ratio, Cap: 50}, "at least 100"},
	} {
		if err := tc.s.Validate(); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", tc.name, err, tc.msg)
		}
	}
}

func TestExpr(t *testing.T) {
	vals := map[coo.MetricName]float64{"a.x": 10, "a.y": 4, "b.z_2": 0}
	look := func(m coo.MetricName) (float64, bool) { v, ok := vals[m]; return v, ok }
	for _, tc := range []struct {
		src  string
		want float64 // by hand
		err  string
	}{
		{"a.x * 1.1", 11, ""},
		{"a.x + a.y * 2", 18, ""}, // × before +
		{"(a.x + a.y) * 2", 28, ""},
		{"a.x - a.y - 1", 5, ""}, // left to right
		{"a.x / a.y / 2", 1.25, ""},
		{"-a.y + 1", -3, ""},
		{"a.x × 2 ÷ 4 − 1", 4, ""},
		{"1e3 / a.x", 100, ""},
		{"a.x / b.z_2", 0, "division by zero"},
		{"a.x + c.missing", 0, "c.missing has no value"},
	} {
		e, err := ParseExpr(tc.src)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", tc.src, err)
		}
		got, err := e.Eval(look)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Eval(%q) = %v, %v; want error %q", tc.src, got, err, tc.err)
			}
			continue
		}
		if err != nil || !same(got, tc.want) {
			t.Errorf("Eval(%q) = %v, %v; want %v", tc.src, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "a.x +", "a.x * (a.y", "a.x a.y", "A.X", "a.x; DROP TABLE facts", "sum(a.x)", "a.x ** 2", "'a'", "1..2", strings.Repeat("(", 40) + "1" + strings.Repeat(")", 40)} {
		if e, err := ParseExpr(bad); !errors.Is(err, ErrExpr) {
			t.Errorf("ParseExpr(%q) = %v, %v; want ErrExpr", bad, e, err)
		}
	}
	e, _ := ParseExpr("a.y * (a.x + a.y) - b.z_2")
	if got := e.Metrics(); len(got) != 3 || got[0] != "a.x" || got[1] != "a.y" || got[2] != "b.z_2" {
		t.Errorf("Metrics() = %v, want [a.x a.y b.z_2]", got)
	}
}

// kpi is a KPI with one metric, weight 1 and ratio scoring (points = 100 ×
// attainment, up to 200), so that the score shows the target directly.
func kpi(target Target) KPI {
	return KPI{Name: "k", Metric: "m.actual", Weight: 1, Target: target, Scoring: Scoring{Kind: Ratio, Cap: 200}}
}

func scoreOne(t *testing.T, store fakeStore, r *Rules, p coo.Period) *Scorecard {
	t.Helper()
	sc, err := Score(context.Background(), store, r, p)
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	return sc
}

func TestTargets(t *testing.T) {
	jan25, jan26 := coo.NewPeriod(2025, 1), coo.NewPeriod(2026, 1)
	// m.actual: 2024-12 .. 2026-01 (14 months): 2025-01 is 80, 2025-12 is 90, 2026-01 is 99.
	actual := make([]float64, 14)
	for i := range actual {
		actual[i] = 85
	}
	actual[1], actual[12], actual[13] = 80, 90, 99
	store := fakeStore{
		key("m.actual", ""): ser(jan25-1, actual...),
		key("m.budget", ""): ser(jan26, 110),
		key("m.base", ""):   ser(jan26, 40),
		key("m.extra", ""):  ser(jan26, 5),
		key("m.zero", ""):   ser(jan26, 0),
	}
	expr := func(s string) *Expr {
		e, err := ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	for _, tc := range []struct {
		name       string
		target     Target
		wantTarget float64 // by hand
		wantAtt    float64 // 99 / target
	}{
		{"fixed", Target{Kind: FixedTarget, Value: 100}, 100, 0.99},
		{"budget line", Target{Kind: MetricTarget, Metric: "m.budget"}, 110, 0.9},
		// 2026-01 against 2025-01 across the year boundary: 80 × 1.1 = 88.
		{"last year +10%", Target{Kind: LastYearTarget, Growth: 0.1}, 88, 99.0 / 88},
		{"last year −10%", Target{Kind: LastYearTarget, Growth: -0.1}, 72, 99.0 / 72},
		// 2025-12: 90 × 1.0 = 90.
		{"last month", Target{Kind: LastMonthTarget}, 90, 1.1},
		{"last month +5%", Target{Kind: LastMonthTarget, Growth: 0.05}, 94.5, 99 / 94.5},
		// (40 + 5) × 2 = 90.
		{"expression", Target{Kind: ExprTarget, Expr: expr("(m.base + m.extra) * 2")}, 90, 1.1},
	} {
		r := &Rules{Units: []Unit{{Name: "U", KPIs: []KPI{kpi(tc.target)}}}}
		k := scoreOne(t, store, r, jan26).Units[0].KPIs[0]
		if !same(k.Target, tc.wantTarget) || !same(k.Attainment, tc.wantAtt) || !same(k.Score, 100*tc.wantAtt) || k.Actual != 99 || k.Missing != "" {
			t.Errorf("%s: KPI = %+v; want target %v, attainment %v, score %v", tc.name, k, tc.wantTarget, tc.wantAtt, 100*tc.wantAtt)
		}
	}

	// The same month last year is 12 months back whatever the fiscal year:
	// with an April start, 2026-04 opens FY2027 and 2025-04 opened FY2026;
	// both are month 1 of their fiscal year, and that month is the target.
	cal := coo.Calendar{FirstMonth: 4}
	apr25, apr26 := coo.NewPeriod(2025, 4), coo.NewPeriod(2026, 4)
	if cal.FiscalYear(apr26) != 2027 || cal.MonthOfYear(apr25) != cal.MonthOfYear(apr26) {
		t.Fatalf("calendar: %d %d %d", cal.FiscalYear(apr26), cal.MonthOfYear(apr25), cal.MonthOfYear(apr26))
	}
	fy := fakeStore{key("m.actual", ""): ser(apr25, append([]float64{200}, append(make([]float64, 11), 230)...)...)}
	r := &Rules{Units: []Unit{{Name: "U", KPIs: []KPI{kpi(Target{Kind: LastYearTarget, Growth: 0.15})}}}}
	if k := scoreOne(t, fy, r, apr26).Units[0].KPIs[0]; !same(k.Target, 230) || !same(k.Score, 100) { // 200 × 1.15 = 230
		t.Errorf("fiscal year boundary: KPI = %+v, want target 230, score 100", k)
	}

	// Targets that cannot be used count as missing data (zero by default).
	for _, tc := range []struct {
		name   string
		target Target
		p      coo.Period
		note   string
	}{
		{"budget has no value", Target{Kind: MetricTarget, Metric: "m.extra"}, jan26 - 1, "target m.extra has no value in 2025-12"},
		{"no last year", Target{Kind: LastYearTarget}, jan26 - 2, "no actual in 2024-11 for the target"},
		{"no last month", Target{Kind: LastMonthTarget}, jan25 - 1, "no actual in 2024-11 for the target"},
		{"target zero", Target{Kind: MetricTarget, Metric: "m.zero"}, jan26, "target 0: no attainment"},
		{"expression divides by zero", Target{Kind: ExprTarget, Expr: expr("m.base / m.zero")}, jan26, "division by zero"},
		{"expression metric has no value", Target{Kind: ExprTarget, Expr: expr("m.base + 1")}, jan26 - 1, "m.base has no value"},
	} {
		r := &Rules{Units: []Unit{{Name: "U", KPIs: []KPI{kpi(tc.target)}}}}
		k := scoreOne(t, store, r, tc.p).Units[0].KPIs[0]
		if k.Missing != MissingZero || k.Score != 0 || !strings.Contains(k.Note, tc.note) {
			t.Errorf("%s: KPI = %+v; want missing (zero), note containing %q", tc.name, k, tc.note)
		}
	}
}

func TestWeights(t *testing.T) {
	sc := Scoring{Kind: PassFail}
	unit := func(ws ...float64) Unit {
		u := Unit{Name: "U"}
		for i, w := range ws {
			u.KPIs = append(u.KPIs, KPI{Name: string(rune('a' + i)), Metric: "m.x", Weight: w, Scoring: sc})
		}
		return u
	}
	for _, tc := range []struct {
		name string
		ws   []float64
		ok   bool
	}{
		{"sum 1", []float64{0.4, 0.3, 0.3}, true},
		{"sum 1 with float error", []float64{0.1, 0.2, 0.7}, true}, // 0.1+0.2+0.7 = 0.9999999999999999
		{"one KPI", []float64{1}, true},
		{"sum 0.9", []float64{0.5, 0.4}, false},
		{"sum 1.1", []float64{0.6, 0.5}, false},
		{"percent not fraction", []float64{60, 40}, false},
		{"zero weight", []float64{1, 0}, false},
		{"negative weight", []float64{1.2, -0.2}, false},
	} {
		u := unit(tc.ws...)
		err := (&Rules{Units: []Unit{u}}).Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Validate(weights %v) = %v, want ok %v", tc.name, tc.ws, err, tc.ok)
		}
		if tc.name == "sum 0.9" && !errors.Is(err, ErrWeights) {
			t.Errorf("%s: error %v does not match ErrWeights", tc.name, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "units[0] U: ") {
			t.Errorf("%s: error %q does not name the unit", tc.name, err)
		}
	}
}

func TestRulesValidate(t *testing.T) {
	good := func() Rules {
		return Rules{Units: []Unit{{Name: "U", KPIs: []KPI{{Name: "k", Metric: "m.x", Weight: 1, Scoring: Scoring{Kind: PassFail}}}}}}
	}
	for _, tc := range []struct {
		name string
		edit func(*Rules)
		msg  string
	}{
		{"policy", func(r *Rules) { r.Missing = "ignore" }, "want zero, reweight or carry"},
		{"KPI policy", func(r *Rules) { r.Units[0].KPIs[0].Missing = "skip" }, "kpis[0] k: missing: missing-data policy"},
		{"grades not descending", func(r *Rules) { r.Grades = []Grade{{"A", 80}, {"B", 90}} }, "grades[1].min: 90 must be below"},
		{"grade twice", func(r *Rules) { r.Grades = []Grade{{"A", 80}, {"A", 70}} }, "twice"},
		{"unit twice", func(r *Rules) { r.Units = append(r.Units, r.Units[0]) }, "appears twice"},
		{"KPI twice", func(r *Rules) { r.Units[0].KPIs = append(r.Units[0].KPIs, r.Units[0].KPIs[0]) }, `KPI "k" appears twice`},
		{"no KPIs", func(r *Rules) { r.Units[0].KPIs = nil }, "at least one KPI"},
		{"bad metric", func(r *Rules) { r.Units[0].KPIs[0].Metric = "Sales Revenue" }, "metric name"},
		{"ratio without target", func(r *Rules) { r.Units[0].KPIs[0].Scoring = Scoring{Kind: Ratio} }, "kpis[0] k: scoring: ratio scores the attainment"},
		{"attainment without target", func(r *Rules) { r.Units[0].KPIs[0].On = OnAttainment }, "needs a target"},
		{"growth −100%", func(r *Rules) { r.Units[0].KPIs[0].Target = Target{Kind: LastYearTarget, Growth: -1} }, "above −1"},
		{"each and dims", func(r *Rules) { r.Units[0].Each, r.Units[0].Dims = "rep", "rep=A" }, "not both"},
		{"bad dims", func(r *Rules) { r.Units[0].Dims = "rep" }, "dims"},
		{"deduction points negative", func(r *Rules) {
			r.Units[0].Deductions = []Adjustment{{Name: "Incident", Metric: "m.i", Points: -3}}
		}, "deductions[0] Incident: points"},
		{"bonus cap negative", func(r *Rules) { r.Units[0].Bonuses = []Adjustment{{Name: "Award", Metric: "m.a", Points: 2, Cap: -1}} }, "bonuses[0] Award: cap"},
	} {
		r := good()
		tc.edit(&r)
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", tc.name, err, tc.msg)
		}
	}
	var zero Rules
	if err := zero.Validate(); err != nil {
		t.Errorf("zero Rules: Validate() = %v", err)
	}
	sc, err := Score(context.Background(), fakeStore{}, &zero, coo.NewPeriod(2026, 10))
	if err != nil || len(sc.Units) != 0 {
		t.Errorf("Score(zero Rules) = %+v, %v; want no units", sc, err)
	}
}

// TestAdjustments: bonus and deduction items against hand-worked caps.
func TestAdjustments(t *testing.T) {
	p := coo.NewPeriod(2026, 10)
	for _, tc := range []struct {
		name        string
		count       float64 // NaN: no value
		perCount    float64
		cap         float64
		wantPoints  float64
		noteContain string
	}{
		{"two awards, +2 each, cap 5", 2, 2, 5, 4, ""},
		{"three awards reach the cap", 3, 2, 5, 5, "capped at 5"}, // 6 > 5
		{"no cap", 7, 2, 0, 14, ""},
		{"no value counts 0", nan, 2, 5, 0, "counted 0"},
		{"negative count counts 0", -1, 2, 5, 0, "counted 0"},
		{"three incidents, −3 each, cap 20", 3, 3, 20, 9, ""},
		{"at the cap exactly", 2, 2.5, 5, 5, ""},
	} {
		store := fakeStore{key("m.x", ""): ser(p, 50), key("m.count", ""): ser(p, tc.count)}
		for _, deduction := range []bool{false, true} {
			u := Unit{Name: "U", KPIs: []KPI{{Name: "k", Metric: "m.x", Weight: 1, Scoring: Scoring{Kind: Linear, Floor: 0, Ceiling: 100}}}}
			items := []Adjustment{{Name: "item", Metric: "m.count", Points: tc.perCount, Cap: tc.cap}}
			wantFinal := 50 + tc.wantPoints // linear 0..100 on the actual 50: 50 points
			if deduction {
				u.Deductions, wantFinal = items, 50-tc.wantPoints
			} else {
				u.Bonuses = items
			}
			us := scoreOne(t, store, &Rules{Units: []Unit{u}}, p).Units[0]
			a := us.Adjustments[0]
			if !same(a.Points, tc.wantPoints) || !same(us.Final, wantFinal) || a.Deduction != deduction || !strings.Contains(a.Note, tc.noteContain) {
				t.Errorf("%s (deduction %v): item %+v, final %v; want points %v, final %v, note %q", tc.name, deduction, a, us.Final, tc.wantPoints, wantFinal, tc.noteContain)
			}
			if deduction && (us.Deductions != a.Points || us.Bonus != 0) || !deduction && (us.Bonus != a.Points || us.Deductions != 0) {
				t.Errorf("%s (deduction %v): bonus %v, deductions %v", tc.name, deduction, us.Bonus, us.Deductions)
			}
		}
	}
}

func TestGrades(t *testing.T) {
	gs := []Grade{{"A", 90}, {"B", 75}, {"C", 60}, {"D", 0}}
	for _, tc := range []struct {
		final float64
		want  string
	}{
		{120, "A"}, {90, "A"}, {89.999, "B"}, {75, "B"}, {74.99, "C"}, {60, "C"}, {59.9, "D"}, {0, "D"},
		{-5, "D"},        // below the last band: still the last grade
		{0.3 * 300, "A"}, // 89.99999999999999 in float64: equal to 90 to six decimals
	} {
		if got := grade(gs, tc.final); got != tc.want {
			t.Errorf("grade(%v) = %q, want %q", tc.final, got, tc.want)
		}
	}
	if got := grade(nil, 50); got != "" {
		t.Errorf("grade(no bands) = %q, want \"\"", got)
	}
}

// TestRanks: standard competition ranking within each group.
func TestRanks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		finals []float64 // NaN: not scored
		want   []int
	}{
		{"distinct", []float64{70, 90, 80}, []int{3, 1, 2}},
		{"1, 2, 2, 4", []float64{95, 80, 80, 60}, []int{1, 2, 2, 4}},
		{"1, 1, 3", []float64{88, 88, 70}, []int{1, 1, 3}},
		{"all equal", []float64{50, 50, 50}, []int{1, 1, 1}},
		{"1, 2, 3, 3", []float64{90, 80, 70, 70}, []int{1, 2, 3, 3}},
		{"float noise ties", []float64{0.1 + 0.2, 0.3, 0.2}, []int{1, 1, 3}}, // 0.30000000000000004 vs 0.3
		{"not scored gets no rank", []float64{80, nan, 90}, []int{2, 0, 1}},
		{"negative finals", []float64{-3, 5, -3}, []int{2, 1, 2}},
	} {
		us := make([]UnitScore, len(tc.finals))
		for i, f := range tc.finals {
			us[i] = UnitScore{Group: "G", Final: f, Scored: !math.IsNaN(f)}
		}
		rank(us)
		for i := range us {
			if us[i].Rank != tc.want[i] {
				t.Errorf("%s: finals %v: ranks %v, want %v", tc.name, tc.finals, ranks(us), tc.want)
				break
			}
		}
	}
	// Groups rank apart.
	us := []UnitScore{{Group: "Departments", Final: 80, Scored: true}, {Group: "Reps", Final: 90, Scored: true}, {Group: "Departments", Final: 85, Scored: true}}
	rank(us)
	if got := ranks(us); got[0] != 2 || got[1] != 1 || got[2] != 1 {
		t.Errorf("two groups: ranks %v, want [2 1 1]", got)
	}
}

func ranks(us []UnitScore) []int {
	out := make([]int, len(us))
	for i, u := range us {
		out[i] = u.Rank
	}
	return out
}

// TestMissingPolicies: each policy on a unit of two KPIs, a (weight 0.6,
// actual 80 → 80 points, linear 0..100 on the actual) and b (weight 0.4),
// where b has no actual in 2026-10.
func TestMissingPolicies(t *testing.T) {
	p := coo.NewPeriod(2026, 10)
	lin := Scoring{Kind: Linear, Floor: 0, Ceiling: 100}
	// b: 2026-07 70, 2026-08 measured 60, 2026-09 and 2026-10 missing.
	store := fakeStore{
		key("m.a", ""): ser(p, 80),
		key("m.b", ""): ser(p-3, 70, 60, nan, nan),
		key("m.c", ""): ser(p-20, 55), // measured 20 months ago only
	}
	unit := func(policy, kpiPolicy MissingPolicy, bMetric coo.MetricName) *Rules {
		return &Rules{Missing: policy, Units: []Unit{{Name: "U", KPIs: []KPI{
			{Name: "a", Metric: "m.a", Weight: 0.6, Scoring: lin},
			{Name: "b", Metric: bMetric, Weight: 0.4, Scoring: lin, Missing: kpiPolicy},
		}}}}
	}
	for _, tc := range []struct {
		name      string
		rules     *Rules
		wantB     float64 // b's points
		wantW     [2]float64
		wantTotal float64 // by hand
		policy    MissingPolicy
		note      string
	}{
		// 0.6·80 + 0.4·0 = 48
		{"zero (the default)", unit("", "", "m.b"), 0, [2]float64{0.6, 0.4}, 48, MissingZero, "no actual in 2026-10; scored 0"},
		{"zero (global)", unit(MissingZero, "", "m.b"), 0, [2]float64{0.6, 0.4}, 48, MissingZero, "scored 0"},
		// a alone at weight 0.6/0.6 = 1: 80
		{"reweight (global)", unit(MissingReweight, "", "m.b"), 0, [2]float64{1, 0}, 80, MissingReweight, "left out"},
		// b carries 2026-08's 60: 0.6·80 + 0.4·60 = 72
		{"carry (per KPI, over a global zero)", unit(MissingZero, MissingCarry, "m.b"), 60, [2]float64{0.6, 0.4}, 72, MissingCarry, "carried forward the score of 2026-08 (60 points)"},
		// nothing within 12 months: 0, 0.6·80 = 48
		{"carry with nothing to carry", unit(MissingCarry, "", "m.c"), 0, [2]float64{0.6, 0.4}, 48, MissingCarry, "no measured score in the 12 months before; scored 0"},
		// the KPI's own policy wins over the global one
		{"KPI zero over global reweight", unit(MissingReweight, MissingZero, "m.b"), 0, [2]float64{0.6, 0.4}, 48, MissingZero, "scored 0"},
	} {
		us := scoreOne(t, store, tc.rules, p).Units[0]
		b := us.KPIs[1]
		if !same(b.Score, tc.wantB) || !same(us.KPIs[0].EffectiveWeight, tc.wantW[0]) || !same(b.EffectiveWeight, tc.wantW[1]) ||
			!same(us.Total, tc.wantTotal) || b.Missing != tc.policy || !strings.Contains(b.Note, tc.note) || us.KPIs[0].Missing != "" || !us.Scored {
			t.Errorf("%s: unit %+v\nwant b %v points, weights %v, total %v, policy %s, note %q", tc.name, us, tc.wantB, tc.wantW, tc.wantTotal, tc.policy, tc.note)
		}
		if !same(us.KPIs[0].Weighted+b.Weighted, us.Total) {
			t.Errorf("%s: weighted scores %v + %v do not add up to the total %v", tc.name, us.KPIs[0].Weighted, b.Weighted, us.Total)
		}
	}

	// Every KPI left out: the unit is not scored, has no grade and no rank.
	r := &Rules{Missing: MissingReweight, Grades: []Grade{{"A", 0}}, Units: []Unit{
		{Name: "Empty", KPIs: []KPI{{Name: "b", Metric: "m.b", Weight: 1, Scoring: lin}}},
		{Name: "Full", KPIs: []KPI{{Name: "a", Metric: "m.a", Weight: 1, Scoring: lin}}},
	}}
	sc := scoreOne(t, store, r, p)
	if e := sc.Units[0]; e.Scored || !math.IsNaN(e.Final) || e.Rank != 0 || e.Grade != "" || e.KPIs[0].Missing != MissingReweight {
		t.Errorf("all KPIs missing under reweight: %+v, want not scored", e)
	}
	if f := sc.Units[1]; !f.Scored || f.Rank != 1 || f.Grade != "A" {
		t.Errorf("the other unit: %+v, want rank 1", f)
	}
}

// TestChange: the change is this month's final minus last month's, and is
// NaN for a unit not scored last month.
func TestChange(t *testing.T) {
	p := coo.NewPeriod(2026, 1) // last month is in the year before
	lin := Scoring{Kind: Linear, Floor: 0, Ceiling: 100}
	store := fakeStore{
		key("m.a", ""): ser(p-1, 70, 82.5),
		key("m.b", ""): ser(p, 40),        // new this month
		key("m.r", ""): ser(p-1, nan, 10), // not scored last month (reweight, no KPI)
	}
	r := &Rules{Missing: MissingReweight, Units: []Unit{
		{Name: "A", KPIs: []KPI{{Name: "k", Metric: "m.a", Weight: 1, Scoring: lin}}},
		{Name: "B", KPIs: []KPI{{Name: "k", Metric: "m.b", Weight: 1, Scoring: lin}}},
		{Name: "R", KPIs: []KPI{{Name: "k", Metric: "m.r", Weight: 1, Scoring: lin}}},
	}}
	sc := scoreOne(t, store, r, p)
	a, b, rr := sc.Units[0], sc.Units[1], sc.Units[2]
	if !a.HasPrevious || a.Previous != 70 || !same(a.Change, 12.5) { // 82.5 − 70
		t.Errorf("A: previous %v (%v), change %v; want 70, +12.5", a.Previous, a.HasPrevious, a.Change)
	}
	if b.HasPrevious || !math.IsNaN(b.Change) || !math.IsNaN(b.Previous) {
		t.Errorf("B: previous %v (%v), change %v; want none", b.Previous, b.HasPrevious, b.Change)
	}
	if rr.HasPrevious || !math.IsNaN(rr.Change) || !same(rr.Final, 10) {
		t.Errorf("R: final %v, previous %v (%v), change %v; want final 10 and no change", rr.Final, rr.Previous, rr.HasPrevious, rr.Change)
	}
}

// TestFormulaLikeNames: names that look like spreadsheet formulas come back
// as they went in, from the rules and from the warehouse's breakdowns alike.
func TestFormulaLikeNames(t *testing.T) {
	const evil = `=HYPERLINK("http://x","y")`
	p := coo.NewPeriod(2026, 10)
	dims := coo.FormatDims([]coo.Dim{{Key: "rep", Value: evil}})
	store := fakeStore{key("m.a", ""): ser(p, 50), key("m.a", dims): ser(p, 60)}
	lin := Scoring{Kind: Linear, Floor: 0, Ceiling: 100}
	r := &Rules{Units: []Unit{
		{Name: evil, Group: "+cmd|' /C calc'!A0", KPIs: []KPI{{Name: evil, Metric: "m.a", Weight: 1, Scoring: lin}},
			Bonuses: []Adjustment{{Name: "@SUM(1+1)", Metric: "m.a", Points: 0.1}}},
		{Name: "Reps", Each: "rep", KPIs: []KPI{{Name: "-2+3", Metric: "m.a", Weight: 1, Scoring: lin}}},
	}}
	sc := scoreOne(t, store, r, p)
	if len(sc.Units) != 2 {
		t.Fatalf("units: %+v", sc.Units)
	}
	u, rep := sc.Units[0], sc.Units[1]
	if u.Name != evil || u.Group != "+cmd|' /C calc'!A0" || u.KPIs[0].Name != evil || u.Adjustments[0].Name != "@SUM(1+1)" || !same(u.Final, 55) {
		t.Errorf("unit = %+v", u)
	}
	if rep.Name != evil || rep.Dims != dims || rep.KPIs[0].Name != "-2+3" || !same(rep.Final, 60) {
		t.Errorf("rep = %+v", rep)
	}
	found := false
	for _, rt := range sc.Rules {
		if rt.Section == evil && rt.Item == evil {
			found = true
		}
	}
	if !found {
		t.Errorf("Rules do not name the unit and KPI %q as given: %+v", evil, sc.Rules)
	}
}

// FuzzParseExpr: any text gives an expression or ErrExpr, never a panic, and
// an expression evaluates to a number or an error.
func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"a.x * 1.1", "(a.x + a.y) / 2", "-a.x", "1e3", "a.x ÷ 0", "((", "a.x; DROP TABLE facts", "=HYPERLINK(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err != nil {
			if !errors.Is(err, ErrExpr) {
				t.Fatalf("ParseExpr(%q) = %v, not ErrExpr", s, err)
			}
			return
		}
		if _, err := e.Eval(func(coo.MetricName) (float64, bool) { return 2, true }); err != nil && !strings.Contains(err.Error(), "division by zero") {
			t.Fatalf("Eval(%q): %v", s, err)
		}
	})
}

// TestNothingMeasuredNotScored: a unit with no KPI measured in the month is
// not scored under every policy; zeros and carried scores alone make no
// score (found from outside: R&D, which sent nothing for November, ranked
// first on October's carried Defects score, and months before any data
// were 0 in the history, with a change of +48 against that).
func TestNothingMeasuredNotScored(t *testing.T) {
	p := coo.NewPeriod(2026, 11)
	lin := Scoring{Kind: Linear, Floor: 0, Ceiling: 100} // points = the actual, 0..100
	store := fakeStore{
		key("m.tasks", ""):   ser(p-1, 90),     // October only
		key("m.defects", ""): ser(p-2, 30, 10), // September and October
	}
	rd := Unit{Name: "R&D", KPIs: []KPI{
		{Name: "Tasks", Metric: "m.tasks", Weight: 0.6, Scoring: lin},
		{Name: "Defects", Metric: "m.defects", Weight: 0.4, Scoring: lin, Missing: MissingCarry},
	}}
	zero := Unit{Name: "Zero", KPIs: []KPI{{Name: "Tasks", Metric: "m.tasks", Weight: 1, Scoring: lin, Missing: MissingZero}}}
	r := &Rules{Missing: MissingReweight, Grades: []Grade{{"A", 0}}, Units: []Unit{rd, zero}}

	for _, tc := range []struct {
		name   string
		p      coo.Period
		unit   int
		scored bool
		final  float64 // by hand; NaN: not scored
		change float64 // NaN: none
	}{
		// November: nothing sent; Defects would carry October's 10 points alone
		{"R&D, nothing sent", p, 0, false, nan, nan},
		{"zero policy, nothing sent", p, 1, false, nan, nan},
		// October: 0.6·90 + 0.4·10 = 58; September's final is 30 (Defects alone, reweighted)
		{"R&D, both measured", p - 1, 0, true, 58, 28},
		// September: Tasks left out, Defects 30 at weight 1; August had no data: no change
		{"R&D, first month of data", p - 2, 0, true, 30, nan},
		// August, before any data: Defects has nothing to carry
		{"R&D, before any data", p - 3, 0, false, nan, nan},
		{"zero policy, before any data", p - 3, 1, false, nan, nan},
	} {
		u := scoreOne(t, store, r, tc.p).Units[tc.unit]
		if u.Scored != tc.scored || !same(u.Final, tc.final) || !same(u.Change, tc.change) {
			t.Errorf("%s (%s): scored %v, final %v, change %v; want %v, %v, %v", tc.name, tc.p, u.Scored, u.Final, u.Change, tc.scored, tc.final, tc.change)
		}
		if !tc.scored {
			// the cached effective weight is the workbook formula's: a KPI
			// left out gives its weight to the rest, 0.4 / (1 − 0.6) = 1
			if tc.unit == 0 && (!same(u.KPIs[0].EffectiveWeight, 0) || !same(u.KPIs[1].EffectiveWeight, 1)) {
				t.Errorf("%s: effective weights %v, %v; want 0, 1", tc.name, u.KPIs[0].EffectiveWeight, u.KPIs[1].EffectiveWeight)
			}
			if u.Rank != 0 || u.Grade != "" {
				t.Errorf("%s: rank %d, grade %q; want none", tc.name, u.Rank, u.Grade)
			}
			for _, k := range u.KPIs {
				if k.Missing != MissingReweight && !strings.Contains(k.Note, "the unit is not scored") {
					t.Errorf("%s: %s note %q does not say the unit is not scored", tc.name, k.Name, k.Note)
				}
			}
		}
	}
}

// TestUnitTwice: an each: rule that makes a unit of the same name as a fixed
// unit of its group is refused, naming both rules; Score history and the
// change key on (group, name), and gave Sales the other unit's history
// (found from outside: last month 45.40 and change +66.22, not 93.24 and
// +18.38). In a group of its own, each unit keeps its own scores.
func TestUnitTwice(t *testing.T) {
	p := coo.NewPeriod(2026, 10)
	lin := Scoring{Kind: Linear, Floor: 0, Ceiling: 100} // points = the actual
	store := fakeStore{
		key("m.rev", ""):             ser(p-1, 90, 95),
		key("m.hr", "unit=Sales"):    ser(p-1, 40, 50),
		key("m.hr", "unit=Research"): ser(p-1, 70, 60),
	}
	rules := func(group string) *Rules {
		return &Rules{Units: []Unit{
			{Name: "Sales", Group: "Departments", KPIs: []KPI{{Name: "Revenue", Metric: "m.rev", Weight: 1, Scoring: lin}}},
			{Name: "People", Group: group, Each: "unit", KPIs: []KPI{{Name: "HR", Metric: "m.hr", Weight: 1, Scoring: lin}}},
		}}
	}
	_, err := Score(context.Background(), store, rules("Departments"), p)
	if !errors.Is(err, ErrUnitTwice) {
		t.Fatalf("Score with two units named Sales in Departments: %v, want ErrUnitTwice", err)
	}
	for _, frag := range []string{`"Departments"`, `"Sales"`, `units[0] "Sales"`, `units[1] "People" (each: unit, reading unit=Sales)`, "2026-10"} {
		if !strings.Contains(err.Error(), frag) {
			t.Errorf("error %q does not say %s", err, frag)
		}
	}

	sc := scoreOne(t, store, rules("Units"), p)
	want := map[[2]string][2]float64{ // final, change: the actuals by hand
		{"Departments", "Sales"}: {95, 5},
		{"Units", "Research"}:    {60, -10},
		{"Units", "Sales"}:       {50, 10},
	}
	if len(sc.Units) != len(want) {
		t.Fatalf("units %+v, want %d", sc.Units, len(want))
	}
	for _, u := range sc.Units {
		w, ok := want[[2]string{u.Group, u.Name}]
		if !ok || !same(u.Final, w[0]) || !same(u.Change, w[1]) {
			t.Errorf("%s/%s: final %v, change %v; want %v", u.Group, u.Name, u.Final, u.Change, w)
		}
	}
}

// TestDefectPlaces: one line per workbook, its cells first; a workbook with
// a cell set aside and a value dropped was named twice on the page, the
// second time with the cell (found from outside).
func TestDefectPlaces(t *testing.T) {
	const fy = "marketing-FY2027.xlsx"
	got := DefectPlaces([]coo.Defect{
		{Kind: coo.Rejected, Source: "marketing", File: fy, Reason: "dropped"},
		{Kind: coo.Rejected, Source: "marketing", File: fy, Sheet: "Channels", Cell: "I6", Reason: "not_a_number"},
		{Kind: coo.Missing, Source: "hr"},
		{Kind: coo.Restated, Source: "marketing", File: fy, Reason: "restated"},
	})
	want := []string{fy + ", Channels!I6 (not a number), dropped, restated", "hr, missing"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("DefectPlaces = %q, want %q", got, want)
	}
}
