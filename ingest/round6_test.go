package ingest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadRound6 is the outside testers' sixth round, each case a workbook
// written by excelize with the truth by hand; every one loaded wrong
// values with exit 0 before.
func TestReadRound6(t *testing.T) {
	wide := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue"}, {Column: Column{Name: "units"}, Title: "Units"}}}
	one := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	for _, tc := range []struct {
		name   string
		src    Source
		rows   [][]any
		want   []string // "dims month value", in order
		refuse error    // the file is refused with this reason
	}{
		// A block label with a qualifier in brackets names another quantity.
		{"Units (YTD) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (YTD)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, ErrNoLabel},
		{"Units (累计) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (累计)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, ErrNoLabel},
		{"Units (last year) block", wide, [][]any{{"Revenue"}, {"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {},
			{"Units (last year)"}, {"Region", "Oct-26", "Nov-26"}, {"North", 900, 1010}}, nil, ErrNoLabel},
		// A total padded with a full-width space, or written 共计, is a total.
		{"合　计 row", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"合　计", 180}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, nil},
		{"总 计 row, wrong", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"总 计", 190}}, nil, ErrTotalMismatch},
		{"共计 row", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"South", 80}, {"共计", 180}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, nil},
		// "Of which" rows are part of the row above.
		{"of which", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"of which: online", 30}, {"South", 80}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, nil},
		{"其中", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {"其中：线上", 30}, {"South", 80}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 80"}, nil},
		{"of which, long", regionUnits(), [][]any{{"Month", "Region", "Units"}, {"2026-10", "North", 100}, {"2026-10", "incl. online", 30}},
			[]string{"region=North 2026-10 100"}, nil},
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
		if !slices.Equal(got, tc.want) || len(sink.rejects) > 0 {
			t.Errorf("%s: facts %q, rejects %+v; want %q", tc.name, got, sink.rejects, tc.want)
		}
	}
}
