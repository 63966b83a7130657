package analysis

import (
	"math"
	"strings"
	"testing"

	"coo"
)

// TestScorecardEndToEnd scores a small company whose scorecard is worked
// out by hand below: two departments and a template unit of sales reps, in
// 2026-10 and, for the change, 2026-09.
func TestScorecardEndToEnd(t *testing.T) {
	oct, sep := coo.NewPeriod(2026, 10), coo.NewPeriod(2026, 9)
	ly := coo.NewPeriod(2025, 9)
	gap := func(n int) []float64 { // n missing months
		out := make([]float64, n)
		for i := range out {
			out[i] = nan
		}
		return out
	}
	rep := func(name string) string { return coo.FormatDims([]coo.Dim{{Key: "rep", Value: name}}) }
	store := fakeStore{
		// Sales: revenue 2025-09 1000, 2025-10 1000, 2026-09 1050, 2026-10 1188.
		key("s.rev", ""):        ser(ly, append(append([]float64{1000, 1000}, gap(10)...), 1050, 1188)...),
		key("s.budget", ""):     ser(sep, 1100, 1200),
		key("s.complaints", ""): ser(sep, 1, 3),
		// R&D
		key("r.done", ""):    ser(sep, 40, 45),
		key("r.planned", ""): ser(sep, 50, 50),
		key("r.defects", ""): ser(sep-1, 10, nan, 6), // 2026-09 missing: carried from 2026-08
		key("r.awards", ""):  ser(oct, 3),
		// Reps
		key("s.rev", rep("Li Na")):            ser(sep, 400, 480),
		key("s.quota", rep("Li Na")):          ser(sep, 400, 400),
		key("s.newcust", rep("Li Na")):        ser(sep, 3, 3),
		key("s.complaints", rep("Li Na")):     ser(sep, 0, 0),
		key("s.rev", rep("Zhang Wei")):        ser(sep, 500, 450),
		key("s.quota", rep("Zhang Wei")):      ser(sep, 500, 500),
		key("s.newcust", rep("Zhang Wei")):    ser(sep, 3, 2),
		key("s.rev", rep("Wang Fang")):        ser(sep, 200, 300),
		key("s.quota", rep("Wang Fang")):      ser(sep, 400, 400),
		key("s.newcust", rep("Wang Fang")):    ser(sep, 1, 5),
		key("s.complaints", rep("Wang Fang")): ser(sep, 1, 3),
		key("s.rev", rep("Xu Lin")):           ser(oct, 200), // joined in October; no quota yet
		key("s.newcust", rep("Xu Lin")):       ser(oct, 4),
		key("s.rev", rep("Old Hand")):         ser(ly, 900), // left long ago: not a unit now
	}
	lin := func(floor, ceiling, cap float64) Scoring {
		return Scoring{Kind: Linear, Floor: floor, Ceiling: ceiling, Cap: cap}
	}
	planned, err := ParseExpr("r.planned * 0.9")
	if err != nil {
		t.Fatal(err)
	}
	rules := &Rules{
		Missing: MissingReweight,
		Grades:  []Grade{{"A", 90}, {"B", 75}, {"C", 60}, {"D", 0}},
		Units: []Unit{
			{Name: "Sales", Group: "Departments", KPIs: []KPI{
				{Name: "Revenue vs budget", Metric: "s.rev", Weight: 0.6, Target: Target{Kind: MetricTarget, Metric: "s.budget"}, Scoring: lin(0.8, 1.0, 120)},
				{Name: "Revenue growth", Metric: "s.rev", Weight: 0.4, Target: Target{Kind: LastYearTarget, Growth: 0.1}, Scoring: Scoring{Kind: Ratio, Cap: 110}},
			}, Deductions: []Adjustment{{Name: "Complaints", Metric: "s.complaints", Points: 3, Cap: 6}}},
			{Name: "R&D", Group: "Departments", KPIs: []KPI{
				{Name: "Tasks done", Metric: "r.done", Weight: 0.5, Target: Target{Kind: ExprTarget, Expr: planned},
					Scoring: Scoring{Kind: BandTable, Bands: []Band{{0.8, 60}, {0.9, 80}, {1.0, 100}}}},
				{Name: "Defects", Metric: "r.defects", Weight: 0.5, Scoring: Scoring{Kind: LowerIsBetter, Best: 0, Worst: 20}, Missing: MissingCarry},
			}, Bonuses: []Adjustment{{Name: "Awards", Metric: "r.awards", Points: 2, Cap: 5}}},
			{Name: "Sales reps", Each: "rep", KPIs: []KPI{
				{Name: "Revenue vs quota", Metric: "s.rev", Weight: 0.7, Target: Target{Kind: MetricTarget, Metric: "s.quota"}, Scoring: lin(0.5, 1.0, 120)},
				{Name: "New customers", Metric: "s.newcust", Weight: 0.3, Scoring: Scoring{Kind: PassFail, Threshold: 3}},
			}, Deductions: []Adjustment{{Name: "Complaints", Metric: "s.complaints", Points: 3, Cap: 9}}},
		},
	}
	sc := scoreOne(t, store, rules, oct)

	type kpiWant struct{ actual, target, att, score, eff float64 }
	type unitWant struct {
		name, group  string
		kpis         []kpiWant
		total, bonus float64
		deductions   float64
		final        float64
		grade        string
		rank         int
		change       float64 // NaN: no previous
	}
	// By hand, 2026-10:
	// Sales: 1188/1200 = 0.99 → 100·0.19/0.2 = 95; target 1000·1.1 = 1100,
	//   1188/1100 = 1.08 → 108 (cap 110). Total 0.6·95 + 0.4·108 = 100.2;
	//   complaints 3·3 = 9, capped at 6. Final 94.2.
	//   2026-09: 1050/1100 = 21/22 → 500·21/22 − 400 = 850/11; 1050/1100 → 1050/11.
	//   Total (0.6·850 + 0.4·1050)/11 = 930/11; −3 → 897/11. Change 94.2 − 897/11.
	// R&D: target 50·0.9 = 45, 45/45 = 1 → band 100; defects 6 → 100·14/20 = 70.
	//   Total 85; awards 3·2 = 6, capped at 5. Final 90 (grade A at its edge).
	//   2026-09: 40/45 = 0.889 → band 60; defects missing, carried from
	//   2026-08 (10 → 50). Total 55, no awards value (0). Change 90 − 55 = 35.
	// Reps (sorted by name):
	//   Li Na: 480/400 = 1.2 → 100·0.7/0.5 = 140, capped 120; 3 new → pass 100.
	//     0.7·120 + 0.3·100 = 114. Sep: 100, 100 → 100. Change +14.
	//   Wang Fang: 300/400 = 0.75 → 50; 5 → 100. 35 + 30 = 65; complaints 3·3 = 9
	//     (the cap). Final 56. Sep: 0.5 → 0, 1 → 0, −3 → −3. Change 59.
	//   Xu Lin: no quota: revenue left out (reweight), new customers 4 → 100
	//     at weight 1. Final 100. Not there in Sep: no change.
	//   Zhang Wei: 450/500 = 0.9 → 80; 2 → fail 0. 56, no complaints value: 56.
	//     Sep: 100 and 100 → 100. Change −44.
	//   Ranks: Li Na 1, Xu Lin 2, Wang Fang and Zhang Wei tie at 56: 3, 3.
	want := []unitWant{
		{"Sales", "Departments", []kpiWant{{1188, 1200, 0.99, 95, 0.6}, {1188, 1100, 1.08, 108, 0.4}}, 100.2, 0, 6, 94.2, "A", 1, 94.2 - 897.0/11},
		{"R&D", "Departments", []kpiWant{{45, 45, 1, 100, 0.5}, {6, nan, nan, 70, 0.5}}, 85, 5, 0, 90, "A", 2, 35},
		{"Li Na", "Sales reps", []kpiWant{{480, 400, 1.2, 120, 0.7}, {3, nan, nan, 100, 0.3}}, 114, 0, 0, 114, "A", 1, 14},
		{"Wang Fang", "Sales reps", []kpiWant{{300, 400, 0.75, 50, 0.7}, {5, nan, nan, 100, 0.3}}, 65, 0, 9, 56, "D", 3, 59},
		{"Xu Lin", "Sales reps", []kpiWant{{200, nan, nan, 0, 0}, {4, nan, nan, 100, 1}}, 100, 0, 0, 100, "A", 2, nan},
		{"Zhang Wei", "Sales reps", []kpiWant{{450, 500, 0.9, 80, 0.7}, {2, nan, nan, 0, 0.3}}, 56, 0, 0, 56, "D", 3, -44},
	}
	if len(sc.Units) != len(want) {
		t.Fatalf("units: got %d, want %d: %+v", len(sc.Units), len(want), sc.Units)
	}
	for i, w := range want {
		u := sc.Units[i]
		if u.Name != w.name || u.Group != w.group || !same(u.Total, w.total) || !same(u.Bonus, w.bonus) || !same(u.Deductions, w.deductions) ||
			!same(u.Final, w.final) || u.Grade != w.grade || u.Rank != w.rank || !same(u.Change, w.change) || u.HasPrevious == math.IsNaN(w.change) {
			t.Errorf("unit %d = %s/%s total %v bonus %v deductions %v final %v grade %s rank %d change %v;\nwant %s/%s total %v bonus %v deductions %v final %v grade %s rank %d change %v",
				i, u.Group, u.Name, u.Total, u.Bonus, u.Deductions, u.Final, u.Grade, u.Rank, u.Change,
				w.group, w.name, w.total, w.bonus, w.deductions, w.final, w.grade, w.rank, w.change)
		}
		sum := 0.0
		for j, kw := range w.kpis {
			k := u.KPIs[j]
			if !same(k.Actual, kw.actual) || !same(k.Target, kw.target) || !same(k.Attainment, kw.att) || !same(k.Score, kw.score) ||
				!same(k.EffectiveWeight, kw.eff) || !same(k.Weighted, kw.eff*kw.score) {
				t.Errorf("%s / %s = %+v; want actual %v target %v attainment %v score %v weight %v", u.Name, k.Name, k, kw.actual, kw.target, kw.att, kw.score, kw.eff)
			}
			sum += k.Weighted
		}
		if !same(sum, u.Total) || !same(u.Total+u.Bonus-u.Deductions, u.Final) {
			t.Errorf("%s: the weighted scores (%v) or final (%v) do not add up", u.Name, sum, u.Final)
		}
	}
	if k := sc.Units[4].KPIs[0]; k.Missing != MissingReweight || !strings.Contains(k.Note, "target s.quota has no value in 2026-10") {
		t.Errorf("Xu Lin's revenue: missing %q, note %q", k.Missing, k.Note)
	}
	if a := sc.Units[0].Adjustments[0]; !a.Deduction || a.Count != 3 || a.Points != 6 || !strings.Contains(a.Note, "capped at 6") {
		t.Errorf("Sales complaints: %+v", a)
	}
	if sc.Period != oct {
		t.Errorf("period %s", sc.Period)
	}

	// The rules in words: one line per general rule, grade, unit, KPI and item.
	text := map[string]string{}
	for _, r := range sc.Rules {
		text[r.Section+"/"+r.Item] = r.Text
	}
	for k, frag := range map[string]string{
		"Grades/A":                    "final ≥ 90",
		"Grades/B":                    "75 ≤ final < 90",
		"Grades/D":                    "final < 60",
		"Sales/Revenue vs budget":     "Weight 60%. Actual: s.rev. Target: s.budget in the same month. Attainment = actual ÷ target",
		"Sales/Revenue growth":        "the actual of the same month a year before + 10%",
		"Sales/Complaints":            "Deduction: 3 points per count of s.complaints in the month, at most 6 points",
		"R&D/Tasks done":              "Target: r.planned * 0.9 in the same month",
		"R&D/Defects":                 "lower is better on the actual, 100 points at 0, 0 at 20 or above",
		"R&D/Awards":                  "Bonus: 2 points per count",
		"Sales reps/":                 "One unit per rep with data in the month, in group Sales reps",
		"Sales reps/New customers":    "pass or fail, 100 points if the actual is at least 3",
		"Sales reps/Revenue vs quota": "continuing above 100 up to a cap of 120",
	} {
		if !strings.Contains(text[k], frag) {
			t.Errorf("rule %s = %q, want it to contain %q", k, text[k], frag)
		}
	}
	general := 0
	for _, r := range sc.Rules {
		if r.Section == "General" {
			general++
			if strings.HasPrefix(r.Text, "Missing data") && !strings.Contains(r.Text, "left out and the other KPIs' weights are scaled up") {
				t.Errorf("general missing-data rule = %q, want the reweight policy", r.Text)
			}
		}
	}
	if general != 7 {
		t.Errorf("general rules: %d lines, want 7", general)
	}

	// Deterministic: the same inputs give the same scorecard.
	again := scoreOne(t, store, rules, oct)
	for i := range sc.Units {
		if again.Units[i].Name != sc.Units[i].Name || again.Units[i].Final != sc.Units[i].Final {
			t.Errorf("second run differs at unit %d", i)
		}
	}
}
