package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"coo/ingest/xlsx"
	"coo/warehouse"
)

// TestLoadAheadMerged: Load reads a sheet on without its merged ranges and,
// when the sheet has some, throws that read away and reads it again with
// them. Here the ranges always come last (the first read goes to the end),
// and one matters: B3 is empty, merged under B2's "North". What is staged
// is the second read alone, with row 3 in the North; a sheet without
// ranges is read once.
func TestLoadAheadMerged(t *testing.T) {
	ctx := context.Background()
	defer func(was func(*xlsx.Workbook, string, func([]xlsx.Range) error, func(int, []xlsx.Cell) error) error) {
		walkAhead = was
	}(walkAhead)
	var reads int
	walkAhead = func(wb *xlsx.Workbook, sheet string, start func([]xlsx.Range) error, fn func(int, []xlsx.Cell) error) error {
		reads++
		var merges []xlsx.Range
		err := wb.Walk(sheet, func(m []xlsx.Range) error {
			merges = m
			return start(nil)
		}, fn)
		if err == nil && len(merges) > 0 {
			return xlsx.ErrMerged
		}
		return err
	}
	src := regionUnits()
	for _, merged := range []bool{true, false} {
		f := excelize.NewFile()
		rows := [][]any{{"Month", "Region", "Units"}, {"2026-09", "North", 1}, {"2026-10", nil, 2}, {"2026-09", "South", 3}}
		if !merged {
			rows[2][1] = "North"
		}
		for i, r := range rows {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
				t.Fatal(err)
			}
		}
		if merged {
			if err := f.MergeCell("Sheet1", "B2", "B3"); err != nil {
				t.Fatal(err)
			}
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		db, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		reads = 0
		res, err := Load(ctx, db, &src, "sales.xlsx", buf.Bytes(), 1, Limits{})
		if err != nil || res.Err != nil || res.Stats.Facts != 3 {
			t.Fatalf("merged %v: Load = %+v, %v; want 3 values", merged, res, err)
		}
		q, err := db.SQL().QueryContext(ctx, `SELECT d.dims || ' ' || c.value FROM fact_cells c JOIN fact_dims d ON d.id = c.dims_id ORDER BY c.row`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for q.Next() {
			var s string
			if err := q.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		q.Close()
		db.Close()
		want := []string{"region=North 1.0", "region=North 2.0", "region=South 3.0"}
		if !slices.Equal(got, want) || reads != 1 {
			t.Errorf("merged %v: staged %q after %d reads ahead; want %q after 1", merged, got, reads, want)
		}
	}
}
