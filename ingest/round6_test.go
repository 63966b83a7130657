package ingest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReadRound6 is the outside testers' sixth round, each case a workbook
// written by excelize with the truth by hand; every one loaded wrong
// values with exit 0 before.
func TestReadRound6(t *testing.T) {
	wide := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue"}, {Column: Column{Name: "units"}, Title: "Units"}}}
	one := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	two := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}, {Name: "product", Header: "Product"}},
		Measures:   []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}}}
	pct := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "margin", Header: "Margin"}, Unit: "percent"}}}
	scaled := wide
	scaled.Measures = []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue", Scale: 1000}, {Column: Column{Name: "units"}, Title: "Units"}}
	labelled := Source{Name: "budget", Files: "*.xlsx", Period: Period{Label: "Month"},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "budget", Header: "Budget"}}}}
	for _, tc := range []struct {
		name    string
		src     Source
		rows    [][]any
		want    []string // "dims month value", in order
		rejects int      // cells set aside
		refuse  error    // the file is refused with this reason
	}{
		// A block label with a qualifier in brackets names another quantity.
		{"Units (YTD) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (YTD)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, 0, ErrNoLabel},
		{"Units (累计) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (累计)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, 0, ErrNoLabel},
		{"Units (last year) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (last year)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, 0, ErrNoLabel},
		// A total padded with a full-width space, or written 共计, is a total.
		{"合　计 row", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"合　计", 180}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, 0, nil},
		{"总 计 row, wrong", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"总 计", 190}}, nil, 0, ErrTotalMismatch},
		{"共计 row", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"共计", 180}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, 0, nil},
		// "Of which" rows are part of the row above.
		{"of which", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"of which: online", 30}, {"South", 80}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, 0, nil},
		{"其中", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"其中：线上", 30}, {"South", 80}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, 0, nil},
		{"of which, long", regionUnits(), [][]any{{"Month", "Region", "Units"}, {"2026-10", "North", 100}, {"2026-10", "incl. online", 30}},
			[]string{"region=North 2026-10 100"}, 0, nil},
		// Rows below a block's total that added up the rows above it are
		// not members; members below a total at the top are.
		{"Budget and Variance below the total", one, [][]any{{"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {"South", 80, 90},
			{"Total", 180, 200}, {"Budget", 170, 190}, {"Variance", 10, 10}},
			[]string{"region=North 2026-10 100", "region=North 2026-11 110", "region=South 2026-10 80", "region=South 2026-11 90"}, 4, nil},
		// Budget and Actual under each month: the budget loaded as the actual.
		{"sub-columns under unmerged months", one, [][]any{{"Region", "Oct-26", nil, "Nov-26", nil}, {nil, "Budget", "Actual", "Budget", "Actual"},
			{"North", 90, 100, 95, 110}}, nil, 0, ErrNoHeader},
		// A long table stacked again with its columns in another order is
		// read by its own header.
		{"restacked, dimensions swapped", two, [][]any{{"Month", "Region", "Product", "Revenue"}, {"2026-10", "North", "Fan", 100}, {},
			{"Month", "Product", "Region", "Revenue"}, {"2026-11", "Fan", "North", 110}},
			[]string{"region=North;product=Fan 2026-10 100", "region=North;product=Fan 2026-11 110"}, 0, nil},
		{"restacked, an unmapped column put before the measure", two, [][]any{{"Month", "Region", "Product", "Revenue"}, {"2026-10", "North", "Fan", 100}, {},
			{"Month", "Region", "Product", "Units", "Revenue"}, {"2026-11", "North", "Fan", 11, 110}},
			[]string{"region=North;product=Fan 2026-10 100", "region=North;product=Fan 2026-11 110"}, 0, nil},
		// A member left blank in a table whose month is a label above it
		// is missing, not a note; a footnote after a blank row is a note.
		{"a budget line left blank", labelled, [][]any{{"Month:", "2026-10"}, {"Region", "Budget"}, {"North", nil}, {"South", 80}, {},
			{"Note: budgets in CNY"}}, []string{"region=South 2026-10 80"}, 1, nil},
		// A percentage typed as a plain number among fractions.
		{"85 among fractions", pct, [][]any{{"Month", "Region", "Margin"}, {"2026-10", "North", "85%"}, {"2026-10", "South", 0.9},
			{"2026-10", "East", 85}}, nil, 0, ErrNotNumber},
		{"fractions and a ratio of 1.2", pct, [][]any{{"Month", "Region", "Margin"}, {"2026-10", "North", "85%"}, {"2026-10", "South", 0.9},
			{"2026-10", "East", 1.2}}, []string{"region=North 2026-10 0.85", "region=South 2026-10 0.9", "region=East 2026-10 1.2"}, 0, nil},
		// A label that says thousands, with no scale in the mapping.
		{"Revenue (CNY '000) without a scale", wide, [][]any{{"Revenue (CNY '000)"}, {"Region", "Oct-26"}, {"North", 100}}, nil, 0, ErrScale},
		{"收入（万元） without a scale", wide, [][]any{{"Revenue（万元）"}, {"Region", "Oct-26"}, {"North", 100}}, nil, 0, ErrScale},
		{"Revenue (CNY) without a scale", wide, [][]any{{"Revenue (CNY)"}, {"Region", "Oct-26"}, {"North", 100}},
			[]string{"region=North 2026-10 100"}, 0, nil},
		{"Revenue (CNY '000), scale 1000", scaled, [][]any{{"Revenue (CNY '000)"}, {"Region", "Oct-26"}, {"North", 100}},
			[]string{"region=North 2026-10 100000"}, 0, nil},
		{"total at the top", one, [][]any{{"Region", "Oct-26"}, {"Total", 180}, {"North", 100}, {"South", 80}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, 0, nil},
	} {
		var sink memSink
		_, err := Read(context.Background(), &tc.src, "inbox/sales.xlsx", rowsBook(t, tc.rows), &sink, Limits{})
		if tc.refuse != nil {
			if !errors.Is(err, tc.refuse) {
				t.Errorf("%s: %v; want refused as %v", tc.name, err, tc.refuse)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got []string
		for _, f := range sink.facts {
			got = append(got, strings.Join([]string{f.Dims, f.Period.String(), strconv.FormatFloat(f.Value, 'f', -1, 64)}, " "))
		}
		if !slices.Equal(got, tc.want) || len(sink.rejects) != tc.rejects {
			t.Errorf("%s: facts %q, rejects %+v; want %q and %d rejects", tc.name, got, sink.rejects, tc.want, tc.rejects)
		}
	}
}

// TestReadMonthOverSubColumns: a month merged over its sub-columns (Budget
// and Actual) is refused, naming the month's cell; its first column loaded
// as the measure's (found from outside). A workbook written by excelize.
func TestReadMonthOverSubColumns(t *testing.T) {
	f := excelize.NewFile()
	for ref, v := range map[string]any{"A1": "Region", "B1": "Oct-26", "D1": "Nov-26", "B2": "Budget", "C2": "Actual", "D2": "Budget", "E2": "Actual",
		"A3": "North", "B3": 90, "C3": 100, "D3": 95, "E3": 110} {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, rg := range [][2]string{{"B1", "C1"}, {"D1", "E1"}} {
		if err := f.MergeCell("Sheet1", rg[0], rg[1]); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "actual"}}}}
	var sink memSink
	_, err = Read(context.Background(), &src, "inbox/sales.xlsx", buf.Bytes(), &sink, Limits{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrNoHeader) || fe.Cell != "B1" || !strings.Contains(err.Error(), "B to C") {
		t.Errorf("a month merged over Budget and Actual: %v (facts %d); want refused naming B1, columns B to C", err, len(sink.facts))
	}
}
