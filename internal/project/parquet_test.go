package project

import (
	"strings"
	"testing"
)

func TestParquetSource(t *testing.T) {
	p, err := Parse([]byte(`version: 1
sources:
  - name: stores
    description: facts prepared by the data team's Spark job
    parquet: lake/facts/**/*.parquet
metrics:
  - name: stores.revenue
    source: stores
    measure: revenue
    unit: CNY
    kind: flow
    by: [store]
    where: {channel: [online]}
`), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	s := p.Sources[0]
	if s.Parquet != "lake/facts/**/*.parquet" || s.Files != "" || s.Match("lake/facts/x.parquet") {
		t.Errorf("source = %+v", s)
	}
	if m := p.Metrics[0]; m.Unit != "CNY" || len(m.By) != 1 || len(m.Where) != 1 {
		t.Errorf("metric = %+v", m)
	}

	_, err = Parse([]byte(`version: 1
sources:
  - name: stores
    parquet: lake/*.parquet
    files: x/*.xlsx
    measures:
      - {name: revenue, column: Revenue}
`), "coo.yaml", "/p")
	for _, want := range []string{"coo.yaml:5: sources[0].files: a Parquet source takes only", "coo.yaml:6: sources[0].measures: a Parquet source"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse = %v, want %q", err, want)
		}
	}
}
