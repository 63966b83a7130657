package warehouse

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"coo"
)

// TestFactCells: the facts behind one month of a metric, by hand, with the
// metric's filter and a breakdown applied.
func TestFactCells(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	dims := func(region, line string) string {
		return coo.FormatDims([]coo.Dim{{Key: "region", Value: region}, {Key: "line", Value: line}})
	}
	var facts []Fact
	for i, p := range []coo.Period{sep - 2, sep - 1, sep, oct, oct + 1} {
		v := 10.0 + float64(i)
		if p == sep {
			v = 12000 // the slip, in C4
		}
		facts = append(facts,
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("North", "Home"), Value: v, Sheet: "S", Row: 2 + i, Col: 3},
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("South;East", "Home"), Value: 100, Sheet: "S", Row: 2 + i, Col: 4},
			Fact{Metric: "revenue", Unit: "CNY", Period: p, Dims: dims("West", "Office"), Value: 7, Sheet: "S", Row: 2 + i, Col: 5})
	}
	load(t, db, File{Source: "sales", Name: "books/s.xlsx", SHA256: "x"}, facts, nil)
	promote(t, db)
	rev := coo.Metric{Name: "sales.revenue", Kind: coo.Flow, Source: "sales", Measure: "revenue", By: []string{"region"},
		Where: []coo.Filter{{Dim: "line", Values: []string{"Home"}}}}
	if err := db.SetMetrics(ctx, []coo.Metric{rev}); err != nil {
		t.Fatal(err)
	}
	cell := func(ref, d string, v, typical float64) coo.FactCell {
		col, row, _ := coo.ParseA1(ref)
		return coo.FactCell{File: "books/s.xlsx", Cell: coo.CellRef{Sheet: "S", Col: col, Row: row}, Dims: d, Value: v, Typical: typical}
	}
	for _, tc := range []struct {
		dims string
		want []coo.FactCell
	}{
		// The Office line is filtered out; typical: medians of 10, 11, 13, 14 and of 100s.
		{"", []coo.FactCell{cell("C4", dims("North", "Home"), 12000, 12), cell("D4", dims("South;East", "Home"), 100, 100)}},
		{`region=South\;East`, []coo.FactCell{cell("D4", dims("South;East", "Home"), 100, 100)}},
		{"region=West", nil},
	} {
		got, err := db.FactCells(ctx, &rev, tc.dims, sep)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FactCells(%q, %s) =\n%+v\nwant\n%+v", tc.dims, sep, got, tc.want)
		}
	}
	// FactCellsBetween: the same cells and typical values as FactCells,
	// month by month (months without facts absent).
	between, err := db.FactCellsBetween(ctx, &rev, sep-3, oct+2)
	if err != nil {
		t.Fatal(err)
	}
	for p := sep - 3; p <= oct+2; p++ {
		want, err := db.FactCells(ctx, &rev, "", p)
		if err != nil {
			t.Fatal(err)
		}
		if got := between[p]; !reflect.DeepEqual(got, want) {
			t.Errorf("FactCellsBetween, %s =\n%+v\nwant FactCells'\n%+v", p, got, want)
		}
	}
	if len(between) != 5 {
		t.Errorf("FactCellsBetween has %d months, want the 5 with facts", len(between))
	}
	// A month with no neighbours: Typical is NaN.
	load(t, db, File{Source: "sales", Name: "books/t.xlsx", SHA256: "y"}, []Fact{
		{Metric: "revenue", Unit: "CNY", Period: coo.NewPeriod(2020, 1), Dims: dims("North", "Home"), Value: 5, Sheet: "S", Row: 9, Col: 2}}, nil)
	promote(t, db)
	got, err := db.FactCells(ctx, &rev, "", coo.NewPeriod(2020, 1))
	if err != nil || len(got) != 1 || !math.IsNaN(got[0].Typical) || got[0].Cell.String() != "S!B9" {
		t.Errorf("FactCells(2020-01) = %+v, %v; want S!B9 with NaN typical", got, err)
	}
}

// TestStoredForecastAdjustments: the months a forecast was fitted without
// come back with the forecast, and only with the run that stored them.
func TestStoredForecastAdjustments(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	adj := []coo.Adjustment{{Period: oct - 5, Value: 1.2345e8, Expected: 123456.789}, {Period: oct - 2, Value: -3, Expected: 0.1}}
	a := fc("sales.revenue", "", oct, 10, 2)
	a.Adjusted = adj
	if err := db.SaveForecasts(ctx, 4, []coo.StoredForecast{a, fc("sales.units", "", oct, 1, 2)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.StoredForecasts(ctx, oct)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0].Adjusted, adj) || got[1].Adjusted != nil {
		t.Fatalf("StoredForecasts(oct) adjustments = %+v, %+v; want %+v and none", got[0].Adjusted, got[1].Adjusted, adj)
	}
	// A later run without adjustments replaces them.
	if err := db.SaveForecasts(ctx, 6, []coo.StoredForecast{fc("sales.revenue", "", oct, 10, 2)}); err != nil {
		t.Fatal(err)
	}
	if got, err = db.StoredForecasts(ctx, oct); err != nil || got[0].Adjusted != nil {
		t.Errorf("after run 6: adjustments %+v, %v; want none", got[0].Adjusted, err)
	}
}
