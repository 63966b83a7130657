package project

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
)

func TestExampleParses(t *testing.T) {
	p, err := Parse([]byte(Example), "coo.yaml", "/p")
	if err != nil {
		t.Fatalf("Parse(Example): %v", err)
	}
	if len(p.Sources) != 1 || len(p.Metrics) != 2 || p.Calendar.FirstMonth != 1 || p.Warehouse != "/p/coo.duckdb" {
		t.Errorf("Parse(Example) = %+v", p)
	}
	s := p.Sources[0]
	if s.Name != "sales" || s.Period.Column == nil || s.Period.Column.Header != "Month" || len(s.Dimensions) != 2 || s.Dimensions[1].Aliases[1] != "产品线" ||
		len(s.Measures) != 3 || s.Measures[2].Scale != 1000 || s.Measures[1].Unit != "CNY" {
		t.Errorf("source = %+v", s)
	}
	m := p.Metrics[1]
	if m.Name != "sales.units_north" || m.Kind != coo.Flow || len(m.Where) != 1 || m.Where[0].Values[0] != "North" || m.Label != "Units sold in the North" {
		t.Errorf("metric = %+v", m)
	}
}

const good = `version: 1
fiscal_year_start: 4
sources:
  - name: finance
    files: finance/*.xlsx
    period: {column: Month}
    dimensions:
      - {name: cost_line, column: Cost line}
    measures:
      - {name: actual, column: Actual, unit: CNY}
metrics:
  - name: finance.cost
    source: finance
    measure: actual
    kind: flow
    by: [cost_line]
assessment:
  missing: reweight
  grades:
    - {grade: A, min: 90}
    - {grade: B, min: 0}
  units:
    - name: Finance
      group: Departments
      kpis:
        - name: Cost vs plan
          metric: finance.cost
          weight: 0.6
          target: {expr: "finance.cost * 1.05"}
          scoring: {lower_is_better: {best: 0.9, worst: 1.2, cap: 110}}
        - name: Cost growth
          metric: finance.cost
          weight: 0.4
          target: {last_year: 0.05}
          scoring: {ratio: {cap: 120}}
      deductions:
        - {name: Late close, metric: finance.cost, points: 3, cap: 9}
    - name: Rent
      dims: {cost_line: Rent}
      kpis:
        - {name: Rent, metric: finance.cost, weight: 1, target: 1000, scoring: {bands: [{min: 0.9, points: 60}, {min: 1, points: 100}]}}
    - name: Lines
      each: cost_line
      kpis:
        - {name: Spend, metric: finance.cost, weight: 1, scoring: {pass_fail: {at_most: 500}}, missing: carry}
`

// TestBadFiles: each mistake must be reported with its key and line.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		old     string // replaced in good
		new     string
		line    int
		key     string
		message string // a fragment of the message
	}{
		{"syntax", "fiscal_year_start: 4", "fiscal_year_start: [4", 2, "", "did not find expected"},
		{"unknown top key", "fiscal_year_start: 4", "fiscal_year_strat: 4", 2, "fiscal_year_strat", `did you mean "fiscal_year_start"`},
		{"month out of range", "fiscal_year_start: 4", "fiscal_year_start: 13", 2, "fiscal_year_start", "1-12"},
		{"month as text", "fiscal_year_start: 4", "fiscal_year_start: April", 2, "fiscal_year_start", "want a whole number"},
		{"newer format", "version: 1", "version: 2", 1, "version", "upgrade coo"},
		{"missing version", "version: 1\n", "", 1, "version", "missing"},
		{"bad source name", "name: finance\n", "name: Finance\n", 4, "sources[0].name", "lowercase identifier"},
		{"missing files", "    files: finance/*.xlsx\n", "", 4, "sources[0].files", "missing"},
		{"bad glob", "files: finance/*.xlsx", "files: finance/[.xlsx", 5, "sources[0].files", "syntax error in pattern"},
		{"missing period", "    period: {column: Month}\n", "", 4, "sources[0].period", "missing"},
		{"period key typo", "period: {column: Month}", "period: {colum: Month}", 6, "sources[0].period.colum", `did you mean "column"`},
		{"two periods", "period: {column: Month}", "period: {column: Month, cell: C2}", 6, "sources[0].period", "exactly one"},
		{"bad period cell", "period: {column: Month}", "period: {cell: 2C}", 6, "sources[0].period.cell", "cell such as C2"},
		{"sheet_name not true", "period: {column: Month}", "period: {sheet_name: yes please}", 6, "sources[0].period.sheet_name", "want true"},
		{"bad layout", "    files: finance/*.xlsx\n", "    files: finance/*.xlsx\n    layout: tall\n", 6, "sources[0].layout", "long"},
		{"sheet and sheets", "    files: finance/*.xlsx\n", "    files: finance/*.xlsx\n    sheet: A\n    sheets: [B]\n", 6, "sources[0].sheet", "not both"},
		{"title in long layout", "unit: CNY}", "unit: CNY, title: Spend}", 10, "sources[0].measures[0].title", "wide layout"},
		{"bad dimension name", "name: cost_line, column", "name: cost line, column", 8, "sources[0].dimensions[0].name", "lowercase identifier"},
		{"scale as text", "unit: CNY}", "unit: CNY, scale: thousands}", 10, "sources[0].measures[0].scale", "want a number"},
		{"negative scale", "unit: CNY}", "unit: CNY, scale: -1}", 10, "sources[0].measures[0].scale", "positive"},
		{"measure unknown key", "unit: CNY}", "units: CNY}", 10, "sources[0].measures[0].units", `did you mean "unit"`},
		{"measures not a list", "    measures:\n      - {name: actual, column: Actual, unit: CNY}\n", "    measures: {name: actual}\n", 9, "sources[0].measures", "want a list"},
		{"header claimed twice", "column: Cost line}", "column: Actual}", 4, "sources[0]", "claimed by both"},
		{"metric unknown source", "    source: finance\n", "    source: sales\n", 13, "metrics[0].source", "not a source"},
		{"metric unknown measure", "measure: actual\n    kind", "measure: budget\n    kind", 14, "metrics[0].measure", "not a measure of source finance"},
		{"metric bad kind", "kind: flow", "kind: level", 15, "metrics[0].kind", "flow"},
		{"metric bad by", "by: [cost_line]", "by: [region]", 16, "metrics[0].by[0]", "not a dimension"},
		{"metric bad name", "name: finance.cost", "name: Finance.Cost", 12, "metrics[0].name", "lowercase"},
		{"metric bad aggregate", "kind: flow", "kind: flow\n    aggregate: median", 16, "metrics[0].aggregate", "sum, avg, min or max"},
		{"an average as a flow", "kind: flow", "kind: flow\n    aggregate: avg", 15, "metrics[0].kind", "write kind: stock"},
		{"a maximum as a flow", "kind: flow", "kind: flow\n    aggregate: max", 15, "metrics[0].kind", "largest value"},
		{"a rate as a flow", "kind: flow", "kind: flow\n    unit: ratio", 15, "metrics[0].kind", "unit ratio is a rate"},
		{"metric where not a mapping", "by: [cost_line]", "where: [Rent]", 16, "metrics[0].where", "mapping"},
		{"duplicate key", "fiscal_year_start: 4", "fiscal_year_start: 4\nfiscal_year_start: 5", 3, "fiscal_year_start", "twice"},
		{"duplicate metric", "    by: [cost_line]\n", "    by: [cost_line]\n  - name: finance.cost\n    source: finance\n    measure: actual\n    kind: flow\n", 17, "metrics[1].name", "defined twice"},
		{"language", "version: 1", "version: 1\nlanguage: fr", 2, "language", "en or zh"},
		{"memory", "version: 1", "version: 1\nmemory: lots", 2, "memory", "such as 256MB"},
		{"memory too small", "version: 1", "version: 1\nmemory: 1MB", 2, "memory", "at least 64MB"},
		{"assessment unknown key", "  missing: reweight", "  misssing: reweight", 18, "assessment.misssing", `did you mean "missing"`},
		{"assessment bad policy", "missing: reweight", "missing: skip", 18, "assessment.missing", "want zero"},
		{"grades not descending", "{grade: B, min: 0}", "{grade: B, min: 95}", 21, "assessment.grades[1].min", "below the grade above"},
		{"grade twice", "{grade: B, min: 0}", "{grade: A, min: 0}", 21, "assessment.grades[1].grade", "twice"},
		{"unit key typo", "group: Departments", "grup: Departments", 24, "assessment.units[0].grup", `did you mean "group"`},
		{"KPI unknown metric", "          metric: finance.cost\n          weight: 0.6", "          metric: finance.costs\n          weight: 0.6", 27, "assessment.units[0].kpis[0].metric", "not a metric defined"},
		{"weights do not sum to 1", "weight: 0.4", "weight: 0.5", 25, "assessment.units[0].kpis", "sum to 1.1"},
		{"weight as a percent", "weight: 0.6", "weight: 60", 28, "assessment.units[0].kpis[0].weight", "fraction"},
		{"two targets", "target: {last_year: 0.05}", "target: {last_year: 0.05, value: 3}", 34, "assessment.units[0].kpis[1].target", "exactly one"},
		{"target key typo", "target: {last_year: 0.05}", "target: {last_yaer: 0.05}", 34, "assessment.units[0].kpis[1].target.last_yaer", `did you mean "last_year"`},
		{"bad expression", "target: {last_year: 0.05}", `target: {expr: "finance.cost *"}`, 34, "assessment.units[0].kpis[1].target.expr", "bad expression"},
		{"expression unknown metric", "target: {last_year: 0.05}", `target: {expr: "hr.cost * 2"}`, 34, "assessment.units[0].kpis[1].target.expr", "not a metric defined"},
		{"growth of −100%", "last_year: 0.05", "last_year: -1", 34, "assessment.units[0].kpis[1].target.last_year", "above −1"},
		{"unknown scoring", "{ratio: {cap: 120}}", "{sigmoid: {}}", 35, "assessment.units[0].kpis[1].scoring.sigmoid", "unknown key"},
		{"two scorings", "{ratio: {cap: 120}}", "{ratio: {cap: 120}, pass_fail: {at_least: 1}}", 35, "assessment.units[0].kpis[1].scoring", "exactly one"},
		{"best above worst", "{best: 0.9, worst: 1.2, cap: 110}", "{best: 1.3, worst: 1.2, cap: 110}", 30, "assessment.units[0].kpis[0].scoring.lower_is_better.worst", "must be above best"},
		{"cap below 100", "cap: 120}}", "cap: 80}}", 35, "assessment.units[0].kpis[1].scoring.ratio.cap", "at least 100"},
		{"ratio without a target", "          target: {last_year: 0.05}\n", "", 34, "assessment.units[0].kpis[1].scoring", "give the KPI a target"},
		{"bands not increasing", "{min: 1, points: 100}", "{min: 0.8, points: 100}", 41, "assessment.units[1].kpis[0].scoring.bands[1].min", "above the band before"},
		{"metric not broken down by the unit's dimension", "dims: {cost_line: Rent}", "dims: {region: North}", 41, "assessment.units[1].kpis[0].metric", "not broken down by region"},
		{"dims not one pair", "dims: {cost_line: Rent}", "dims: cost_line=Rent", 39, "assessment.units[1].dims", "{rep: Zhang Wei}"},
		{"each and dims", "      each: cost_line\n", "      each: cost_line\n      dims: {cost_line: Rent}\n", 43, "assessment.units[2].each", "not both"},
		{"pass_fail both ways", "{at_most: 500}", "{at_most: 500, at_least: 1}", 45, "assessment.units[2].kpis[0].scoring.pass_fail", "exactly one"},
		{"KPI missing policy", "missing: carry}", "missing: always}", 45, "assessment.units[2].kpis[0].missing", "want zero"},
		{"no scoring", ", scoring: {pass_fail: {at_most: 500}}", "", 45, "assessment.units[2].kpis[0].scoring", "missing"},
		{"deduction negative points", "points: 3, cap: 9", "points: -3, cap: 9", 37, "assessment.units[0].deductions[0].points", "positive"},
		{"deduction unknown metric", "{name: Late close, metric: finance.cost,", "{name: Late close, metric: hr.late,", 37, "assessment.units[0].deductions[0].metric", "not a metric defined"},
		{"unit twice in a group", "    - name: Rent\n", "    - name: Finance\n      group: Departments\n", 38, "assessment.units[1].name", "appears twice"},
		{"no units", "  units:\n    - name: Finance", "  unitz:\n    - name: Finance", 17, "assessment.units", "missing"},
		{"empty", good, "", 0, "", "empty"},
		{"not a mapping", good, "- a\n- b\n", 1, "", "want a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(good, tc.old, tc.new, 1)
			if src == good {
				t.Fatalf("case does not change the file: %q not found", tc.old)
			}
			_, err := Parse([]byte(src), "coo.yaml", "/p")
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			e := es[0]
			if e.Line != tc.line || e.Key != tc.key || !strings.Contains(e.Msg, tc.message) {
				t.Errorf("first error = %q (line %d, key %q); want line %d, key %q, message containing %q\nall: %v",
					e.Error(), e.Line, e.Key, tc.line, tc.key, tc.message, err)
			}
			if !strings.HasPrefix(e.Error(), "coo.yaml") {
				t.Errorf("error %q does not name the file", e.Error())
			}
		})
	}
}

func TestGoodParses(t *testing.T) {
	p, err := Parse([]byte(good), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	r := p.Assessment
	if r == nil || r.Missing != analysis.MissingReweight || len(r.Grades) != 2 || r.Grades[1] != (analysis.Grade{Name: "B", Min: 0}) || len(r.Units) != 3 {
		t.Fatalf("assessment = %+v", r)
	}
	fin, rent, lines := r.Units[0], r.Units[1], r.Units[2]
	k0, k1 := fin.KPIs[0], fin.KPIs[1]
	if fin.Name != "Finance" || fin.Group != "Departments" || fin.Dims != "" || len(fin.KPIs) != 2 ||
		k0.Weight != 0.6 || k0.Target.Kind != analysis.ExprTarget || k0.Target.Expr.String() != "finance.cost * 1.05" ||
		!reflect.DeepEqual(k0.Scoring, analysis.Scoring{Kind: analysis.LowerIsBetter, Best: 0.9, Worst: 1.2, Cap: 110}) ||
		k1.Target != (analysis.Target{Kind: analysis.LastYearTarget, Growth: 0.05}) || k1.Scoring.Kind != analysis.Ratio || k1.Scoring.Cap != 120 ||
		len(fin.Deductions) != 1 || fin.Deductions[0] != (analysis.Adjustment{Name: "Late close", Metric: "finance.cost", Points: 3, Cap: 9}) {
		t.Errorf("Finance = %+v", fin)
	}
	if rent.Dims != "cost_line=Rent" || rent.KPIs[0].Target != (analysis.Target{Kind: analysis.FixedTarget, Value: 1000}) ||
		len(rent.KPIs[0].Scoring.Bands) != 2 || rent.KPIs[0].Scoring.Bands[1] != (analysis.Band{Min: 1, Points: 100}) {
		t.Errorf("Rent = %+v", rent)
	}
	if lines.Each != "cost_line" || lines.KPIs[0].Missing != analysis.MissingCarry ||
		!reflect.DeepEqual(lines.KPIs[0].Scoring, analysis.Scoring{Kind: analysis.PassFail, Threshold: 500, AtMost: true}) {
		t.Errorf("Lines = %+v", lines)
	}
	if p, err := Parse([]byte(strings.Split(good, "assessment:")[0]), "coo.yaml", "/p"); err != nil || p.Assessment != nil {
		t.Errorf("without an assessment section: %+v, %v; want nil rules", p.Assessment, err)
	}
}
