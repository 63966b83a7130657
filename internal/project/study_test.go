package project

import (
	"errors"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
)

var studyMetrics = []coo.Metric{{Name: "sales.units"}, {Name: "marketing.spend"}, {Name: "hr.headcount"}, {Name: "sales.revenue"}}

func TestParseStudy(t *testing.T) {
	const src = `title: Marketing and sales
question: What does another 10% of marketing spend buy us?
target: {metric: sales.units, log: true}
drivers:
  - {metric: marketing.spend, log: true, lags: [0, 1]}
  - hr.headcount
month_dummies: true
base_month: 2
trend: true
h: 3
scenarios:
  - {name: spend +10%, driver: marketing.spend, change: 10%, from: 2026-11}
  - {driver: hr.headcount, values: [120, 125], from: 2026-11, base: last_year}
  - name: both
    paths:
      - {driver: marketing.spend, change: -0.05, from: 2026-12, base: forecast}
      - {driver: hr.headcount, change: +2%, from: 2027-01}
`
	s, err := ParseStudy([]byte(src), "s.yaml", studyMetrics)
	if err != nil {
		t.Fatal(err)
	}
	d := s.Design
	if s.Title != "Marketing and sales" || s.H != 3 || !d.Intercept || !d.MonthDummies || !d.Trend || d.BaseMonth != 2 {
		t.Errorf("spec = %+v", s)
	}
	if d.Target != (analysis.Variable{Metric: "sales.units", Log: true}) || len(d.Drivers) != 2 ||
		d.Drivers[0].Label() != "marketing.spend" || !d.Drivers[0].Log || len(d.Drivers[0].Lags) != 2 || d.Drivers[1].Lags != nil {
		t.Errorf("design = %+v", d)
	}
	nov := coo.NewPeriod(2026, 11)
	want := []analysis.Scenario{
		{Name: "spend +10%", Paths: []analysis.Path{{Driver: "marketing.spend", From: nov, Change: 0.10}}},
		{Name: "hr.headcount given from 2026-11", Paths: []analysis.Path{{Driver: "hr.headcount", From: nov, Values: []float64{120, 125}, Base: analysis.BaseLastYear}}},
		{Name: "both", Paths: []analysis.Path{{Driver: "marketing.spend", From: nov + 1, Change: -0.05, Base: analysis.BaseForecast},
			{Driver: "hr.headcount", From: nov + 2, Change: 0.02}}},
	}
	if len(s.Scenarios) != len(want) {
		t.Fatalf("%d scenarios, want %d", len(s.Scenarios), len(want))
	}
	for i, sc := range s.Scenarios {
		if sc.Name != want[i].Name || len(sc.Paths) != len(want[i].Paths) {
			t.Errorf("scenario %d = %+v, want %+v", i, sc, want[i])
			continue
		}
		for j, p := range sc.Paths {
			w := want[i].Paths[j]
			if p.Driver != w.Driver || p.From != w.From || p.Base != w.Base || p.Change != w.Change || len(p.Values) != len(w.Values) {
				t.Errorf("scenario %d path %d = %+v, want %+v", i, j, p, w)
			}
		}
	}
	// Defaults: intercept, h = 6, lags nil; no project metrics checks none.
	s, err = ParseStudy([]byte("question: q\ntarget: any.metric\ndrivers: [other.metric]\n"), "s.yaml", nil)
	if err != nil || !s.Design.Intercept || s.H != 6 {
		t.Errorf("defaults: %+v, %v", s, err)
	}
	// The target's own past is a driver like any other.
	if _, err := ParseStudy([]byte("question: q\ntarget: sales.units\ndrivers:\n  - {metric: sales.units, lags: [1, 12]}\n  - marketing.spend\n"), "s.yaml", studyMetrics); err != nil {
		t.Errorf("the target at lags 1 and 12: %v, want it accepted", err)
	}
	// What a unit of the target is worth: a metric, or a price with or
	// without its unit; none by default.
	if s.Value != "" || s.Price != 0 {
		t.Errorf("defaults: value %q, price %v; want none", s.Value, s.Price)
	}
	for _, tc := range []struct {
		line  string
		value coo.MetricName
		price float64
		unit  string
	}{
		{"value_metric: sales.revenue", "sales.revenue", 0, ""},
		{"price: 1400", "", 1400, ""},
		{"price: 1,412.5 CNY", "", 1412.5, "CNY"},
	} {
		s, err := ParseStudy([]byte("question: q\ntarget: sales.units\ndrivers: [marketing.spend]\n"+tc.line+"\n"), "s.yaml", studyMetrics)
		if err != nil || s.Value != tc.value || s.Price != tc.price || s.PriceUnit != tc.unit {
			t.Errorf("%s: value %q, price %v %q, err %v; want %q, %v %q", tc.line, s.Value, s.Price, s.PriceUnit, err, tc.value, tc.price, tc.unit)
		}
	}
}

// TestParseStudyErrors wants every mistake of a file, each with its line
// and key, in line order.
func TestParseStudyErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // one per error, in order
	}{
		{"empty", "", []string{"s.yaml: the file is empty"}},
		{"not yaml", "question: [unclosed\n", []string{"s.yaml:"}},
		{"not a mapping", "- a\n- b\n", []string{"s.yaml:1: want a mapping of keys"}},
		{"nothing required", "title: t\n", []string{
			"s.yaml:1: question: required", "s.yaml:1: target: required", "s.yaml:1: drivers: required"}},
		{"unknown keys and a typo", "question: q\ntarget: sales.units\ndrivers: [marketing.spend]\nbogus: 1\ntrnd: true\n", []string{
			"s.yaml:4: bogus: unknown key; known keys here:", `s.yaml:5: trnd: unknown key; did you mean "trend"?`}},
		{"every mistake at once", `question: q
target: {metric: sales.unit, log: maybe}
drivers:
  - {metric: marketing.spend, lags: [1, 1, -2, x]}
  - {lags: [0]}
h: 40
base_month: 13
intercept: yes please
scenarios:
  - {driver: m.y, change: ten, from: 2026-11}
  - {driver: marketing.spend, from: November}
  - {driver: marketing.spend, change: 1%, from: 2026-11, base: sometimes}
  - {name: n, driver: marketing.spend, paths: []}
`, []string{
			`s.yaml:2: target.log: want true or false, got "maybe"`,
			`s.yaml:2: target.metric: metric sales.unit is not defined in the project file; did you mean sales.units?`,
			"s.yaml:4: drivers[0].lags: lag 1 given twice",
			"s.yaml:4: drivers[0].lags: lag -2: want 0 to 24",
			`s.yaml:4: drivers[0].lags: want a whole number, got "x"`,
			"s.yaml:5: drivers[1].metric: required",
			"s.yaml:6: h: 40 months: want 1 to 36",
			"s.yaml:7: base_month: 13: want a month from 1 to 12",
			`s.yaml:8: intercept: want true or false, got "yes please"`,
			"s.yaml:10: scenarios[0].driver: m.y is not one of the drivers (marketing.spend)",
			`s.yaml:10: scenarios[0].change: want a number or a percentage such as 10%, got "ten"`,
			`s.yaml:11: scenarios[1].from: want a month like 2026-11, got "November"`,
			"s.yaml:11: scenarios[1]: give change (e.g. 10%) or values",
			`s.yaml:12: scenarios[2].base: "sometimes": want last, last_year or forecast`,
			"s.yaml:13: scenarios[3].driver: give either paths or one driver's driver, not both",
			"s.yaml:13: scenarios[3].paths: want one path or more",
		}},
		{"value", "question: q\ntarget: sales.units\ndrivers: [marketing.spend]\nvalue_metric: sales.revenu\nprice: 12\n", []string{
			"s.yaml:4: value_metric: metric sales.revenu is not defined in the project file; did you mean sales.revenue?",
			"s.yaml:5: price: give either value_metric or price, not both"}},
		{"price", "question: q\ntarget: sales.units\ndrivers: [marketing.spend]\nprice: -3 CNY\n", []string{
			`s.yaml:4: price: want a price above 0 per unit of the target, e.g. 1400 or 1400 CNY, got "-3 CNY"`}},
		{"design", "question: q\ntarget: sales.units\ndrivers:\n  - marketing.spend\n  - marketing.spend\n", []string{
			"s.yaml:5: drivers[1]: driver marketing.spend given twice"}},
		{"the target as its own driver", "question: q\ntarget: {metric: sales.units, log: true}\ndrivers:\n  - sales.units\n  - {metric: sales.units, dims: region=North}\n  - {metric: sales.units, lags: [1, 0]}\n", []string{
			"s.yaml:4: drivers[0]: sales.units is the target itself: in the same month it explains the target by itself; give lags from 1",
			"s.yaml:6: drivers[2]: driver sales.units given twice",
			"s.yaml:6: drivers[2]: sales.units is the target itself"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStudy([]byte(tc.src), "s.yaml", studyMetrics)
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("ParseStudy: err %v, want Errors", err)
			}
			if len(es) != len(tc.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(es), len(tc.want), err)
			}
			for i, e := range es {
				if !strings.HasPrefix(e.Error(), tc.want[i]) {
					t.Errorf("error %d = %q, want it to start %q", i, e.Error(), tc.want[i])
				}
			}
		})
	}
}
