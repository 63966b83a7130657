package warehouse

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestEachFact: every fact, in the order ExportParquet writes them: sources
// by name, then cells in sheet order (D2 before AB30, which sort the other
// way as text), copied faithfully.
func TestEachFact(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	parquetFacts(t, db)
	var got []FactRow
	if err := db.EachFact(ctx, func(f *FactRow) error { got = append(got, *f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 17 {
		t.Fatalf("EachFact gave %d facts, want the 17 loaded", len(got))
	}
	// hr sorts before stores; its one fact: HR!B5 (row 5, column 2).
	want := FactRow{Source: "hr", Metric: "headcount", Period: "2026-09", Dims: "team=平台", Value: 12, Unit: "people", File: "hr's.xlsx", Sheet: "HR", Cell: "B5"}
	if got[0] != want {
		t.Errorf("first fact = %+v, want %+v", got[0], want)
	}
	// stores, revenue, 2025-11, dims store=a\;b\=c\\d;line=Office: D2 (row 2,
	// column 4, value -0.1) then AB30 (row 30, column 28, value 7).
	var cells []string
	for _, f := range got {
		if f.Source == "stores" && f.Metric == "revenue" && f.Period == "2025-11" && f.Value != 1000.25 {
			cells = append(cells, f.Cell)
		}
	}
	if len(cells) != 2 || cells[0] != "D2" || cells[1] != "AB30" {
		t.Errorf("cells of one series and month = %v, want [D2 AB30] (sheet order)", cells)
	}
	// An error from fn stops the iteration and comes back as it is.
	stop := errors.New("stop")
	calls := 0
	if err := db.EachFact(ctx, func(*FactRow) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("EachFact with fn failing = %v after %d calls, want stop after 1", err, calls)
	}
}
