package project

import (
	"errors"
	"strings"
	"testing"

	"coo"
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
		{"metric where not a mapping", "by: [cost_line]", "where: [Rent]", 16, "metrics[0].where", "mapping"},
		{"duplicate key", "fiscal_year_start: 4", "fiscal_year_start: 4\nfiscal_year_start: 5", 3, "fiscal_year_start", "twice"},
		{"duplicate metric", "    by: [cost_line]\n", "    by: [cost_line]\n  - name: finance.cost\n    source: finance\n    measure: actual\n    kind: flow\n", 17, "metrics[1].name", "defined twice"},
		{"language", "version: 1", "version: 1\nlanguage: fr", 2, "language", "en or zh"},
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
	if _, err := Parse([]byte(good), "coo.yaml", "/p"); err != nil {
		t.Fatal(err)
	}
}
