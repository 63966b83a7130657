package warehouse

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"coo"
)

func TestBreakdowns(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	fact := func(p, rep, region string, v float64) Fact {
		per, _ := coo.ParsePeriod(p)
		return Fact{Metric: "revenue", Period: per, Dims: coo.FormatDims([]coo.Dim{{Key: "rep", Value: rep}, {Key: "region", Value: region}}), Value: v, Unit: "CNY", Sheet: "S", Row: 1, Col: 1}
	}
	load(t, db, File{Source: "reps", Name: "r.xlsx", SHA256: "x"}, []Fact{
		fact("2026-09", "Zhang Wei", "North", 1),
		fact("2026-10", "Zhang Wei", "North", 2),
		fact("2026-10", "Li;Na", "North", 3), // a value that needs escaping
		fact("2026-10", `=HYPERLINK("http://x","y")`, "South", 4),
	}, nil)
	promote(t, db)
	if err := db.SetMetrics(ctx, []coo.Metric{
		{Name: "reps.revenue", Kind: coo.Flow, Source: "reps", Measure: "revenue", By: []string{"rep", "region"}},
		{Name: "reps.total", Kind: coo.Flow, Source: "reps", Measure: "revenue"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		metric coo.MetricName
		dim    string
		want   []string
	}{
		// By hand: the distinct rep= breakdowns as stored (escaped), sorted
		// as bytes: 'L' (0x4C) < 'Z' (0x5A) < the backslash (0x5C).
		{"by rep", "reps.revenue", "rep", []string{`rep=Li\;Na`, "rep=Zhang Wei", `rep=\=HYPERLINK("http://x","y")`}},
		{"by region", "reps.revenue", "region", []string{"region=North", "region=South"}},
		{"not a breakdown", "reps.revenue", "team", nil},
		{"total only", "reps.total", "rep", nil},
	} {
		got, err := db.Breakdowns(ctx, tc.metric, tc.dim)
		if err != nil {
			t.Fatalf("%s: Breakdowns(%s, %s): %v", tc.name, tc.metric, tc.dim, err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Breakdowns(%s, %s) = %q, want %q", tc.name, tc.metric, tc.dim, got, tc.want)
		}
	}
	if _, err := db.Breakdowns(ctx, "reps.nothing", "rep"); !errors.Is(err, ErrNoMetric) {
		t.Errorf("Breakdowns(unknown metric) = %v, want ErrNoMetric", err)
	}
	if _, err := db.Breakdowns(ctx, "reps.revenue", "rep' OR 1=1 --"); err == nil {
		t.Errorf("Breakdowns(bad dimension) = nil error")
	}
}
