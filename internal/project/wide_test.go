package project

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"coo/ingest"
)

// wideGood maps wide sheets with every key of the wide layout.
const wideGood = `version: 1
sources:
  - name: marketing
    files: mkt/*.xlsx
    layout: wide
    measure_column: {column: Measure, aliases: [指标]}
    totals: [All channels, 汇总]
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, label: Spend, aliases: [支出], unit: CNY, scale: 1000}
      - {name: leads, title: Leads}
`

func TestWideKeys(t *testing.T) {
	p, err := Parse([]byte(wideGood), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	s := p.Sources[0]
	want := ingest.Source{Name: "marketing", Files: "mkt/*.xlsx", Layout: ingest.Wide,
		MeasureColumn: &ingest.Column{Name: "measure_column", Header: "Measure", Aliases: []string{"指标"}},
		Totals:        []string{"All channels", "汇总"},
		Dimensions:    []ingest.Column{{Name: "channel", Header: "Channel"}},
		Measures: []ingest.Measure{{Column: ingest.Column{Name: "spend", Aliases: []string{"支出"}}, Title: "Spend", Unit: "CNY", Scale: 1000},
			{Column: ingest.Column{Name: "leads"}, Title: "Leads"}}}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
	short := strings.Replace(wideGood, "    measure_column: {column: Measure, aliases: [指标]}\n", "    measure_column: Measure\n", 1)
	if p, err := Parse([]byte(short), "coo.yaml", "/p"); err != nil || p.Sources[0].MeasureColumn.Header != "Measure" {
		t.Errorf("measure_column: Measure = %v, %v", p, err)
	}

	for _, tc := range []struct {
		name, old, new string
		line           int
		key, message   string
	}{
		{"label and title", "title: Leads}", "title: Leads, label: Leads}", 12, "sources[0].measures[1].title", "not both"},
		{"a column in the wide layout", "title: Leads}", "column: Leads}", 12, "sources[0].measures[1].column", "give its label"},
		{"no label with several measures", "title: Leads}", "unit: count}", 3, "sources[0]", "needs the label its rows carry"},
		{"one label for two measures", "title: Leads}", "title: SPEND}", 3, "sources[0]", "names both spend and leads"},
		{"aliases without a label", "{name: leads, title: Leads}", "{name: leads, aliases: [Lds]}", 12, "sources[0].measures[1].aliases", "give label first"},
		{"measure column in the long layout", "    layout: wide\n", "    period: {column: Month}\n", 6, "sources[0].measure_column", "wide layout"},
		{"label in the long layout", "    layout: wide\n    measure_column: {column: Measure, aliases: [指标]}\n", "    period: {column: Month}\n", 10, "sources[0].measures[0].label", "long layout"},
		{"measure column empty", "measure_column: {column: Measure, aliases: [指标]}", "measure_column: \"\"", 6, "sources[0].measure_column", "empty"},
		{"measure column key typo", "{column: Measure, aliases", "{colum: Measure, aliases", 6, "sources[0].measure_column.colum", `did you mean "column"`},
		{"totals entry empty", "[All channels, 汇总]", "[All channels, \"\"]", 7, "sources[0].totals[1]", "want the text"},
		{"totals a mapping", "[All channels, 汇总]", "{a: b}", 7, "sources[0].totals", "want a list"},
		{"measure column is a dimension's header", "column: Measure, aliases", "column: Channel, aliases", 3, "sources[0]", "claimed by both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(wideGood, tc.old, tc.new, 1)
			if text == wideGood {
				t.Fatalf("%q is not in the good file", tc.old)
			}
			_, err := Parse([]byte(text), "coo.yaml", "/p")
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			for _, e := range es {
				if e.Line == tc.line && e.Key == tc.key && strings.Contains(e.Msg, tc.message) {
					return
				}
			}
			t.Errorf("Parse = %v\nwant line %d, key %s, a message with %q", err, tc.line, tc.key, tc.message)
		})
	}
}
