package ingest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadPeriodColumns: a column that names a quarter or a half year
// beside the months is their total and is checked as a total column is; a
// quarter's total adds the three months just left of it, and one whose
// months are not all beside it is not checked. Before, "Q3" and "H1" were
// passed over without a word (a Q3 that did not add up loaded its wrong
// month), and "Q3 total" after Jan to Sep was checked against all nine
// months and refused the file (found from outside). Truth by hand.
func TestReadPeriodColumns(t *testing.T) {
	src := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	jul := []string{"region=North 2026-07 10", "region=North 2026-08 20", "region=North 2026-09 30"}
	for _, tc := range []struct {
		name   string
		rows   [][]any
		want   []string // "dims month value", in order
		refuse error
	}{
		{"Q3 that adds up", [][]any{{"Region", "Jul-26", "Aug-26", "Sep-26", "Q3"}, {"North", 10, 20, 30, 60}}, jul, nil},
		{"Q3 that does not add up", [][]any{{"Region", "Jul-26", "Aug-26", "Sep-26", "Q3"}, {"North", 10, 20, 30, 70}}, nil, ErrTotalMismatch},
		{"Q3 2026 that does not add up", [][]any{{"Region", "Jul-26", "Aug-26", "Sep-26", "Q3 2026"}, {"North", 10, 20, 30, 70}}, nil, ErrTotalMismatch},
		{"第三季度 that does not add up", [][]any{{"Region", "Jul-26", "Aug-26", "Sep-26", "第三季度"}, {"North", 10, 20, 30, 70}}, nil, ErrTotalMismatch},
		{"Q3 total after Jan to Sep adds Jul to Sep", [][]any{
			{"Region", "Jan-26", "Feb-26", "Mar-26", "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26", "Q3 total"},
			{"North", 1, 1, 1, 1, 1, 1, 10, 20, 30, 60}},
			append([]string{"region=North 2026-01 1", "region=North 2026-02 1", "region=North 2026-03 1", "region=North 2026-04 1",
				"region=North 2026-05 1", "region=North 2026-06 1"}, jul...), nil},
		{"Q1, Q2 and H1 between the months", [][]any{
			{"Region", "Jan-26", "Feb-26", "Mar-26", "Q1", "Apr-26", "May-26", "Jun-26", "Q2", "H1"},
			{"North", 1, 2, 3, 6, 4, 5, 6, 15, 21}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-03 3", "region=North 2026-04 4",
				"region=North 2026-05 5", "region=North 2026-06 6"}, nil},
		{"H1 that does not add up", [][]any{
			{"Region", "Jan-26", "Feb-26", "Mar-26", "Q1", "Apr-26", "May-26", "Jun-26", "Q2", "H1"},
			{"North", 1, 2, 3, 6, 4, 5, 6, 15, 22}}, nil, ErrTotalMismatch},
		{"Q4 beside October alone is not checked", [][]any{{"Region", "Jul-26", "Aug-26", "Sep-26", "Q3", "Oct-26", "Q4"}, {"North", 10, 20, 30, 60, 40, 125}},
			append(slices.Clone(jul), "region=North 2026-10 40"), nil},
		{"a quarter over a gap is not checked", [][]any{{"Region", "Jul-26", "Sep-26", "Oct-26", "Q3"}, {"North", 10, 30, 40, 99}},
			[]string{"region=North 2026-07 10", "region=North 2026-09 30", "region=North 2026-10 40"}, nil},
	} {
		var sink memSink
		_, err := Read(context.Background(), &src, "inbox/sales.xlsx", rowsBook(t, tc.rows), &sink, Limits{})
		if tc.refuse != nil {
			if !errors.Is(err, tc.refuse) {
				t.Errorf("%s: %v (%d facts); want refused as %v", tc.name, err, len(sink.facts), tc.refuse)
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
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: facts %q (rejects %+v); want %q", tc.name, got, sink.rejects, tc.want)
		}
	}
}

// TestPeriodColumn: what names a quarter or a half year alone.
func TestPeriodColumn(t *testing.T) {
	for label, want := range map[string]int{
		"Q3": levelQuarter, "q1": levelQuarter, "Q3 2026": levelQuarter, "2026 Q3": levelQuarter, "Q3-26": levelQuarter,
		"FY26 Q3": levelQuarter, "3Q26": levelQuarter, "Qtr 3": levelQuarter, "3rd quarter": levelQuarter, "Quarter 2": levelQuarter,
		"第三季度": levelQuarter, "三季度": levelQuarter, "2026年第一季度": levelQuarter, "Ｑ３": levelQuarter,
		"H1": levelHalf, "h2": levelHalf, "1H 2026": levelHalf, "First half": levelHalf, "上半年": levelHalf, "2026年下半年": levelHalf,
		"Q5": 0, "Q3 target": 0, "Quarterly": 0, "Qatar": 0, "H&M": 0, "Headcount": 0, "2026": 0, "上半年目标": 0, "Notes": 0,
		"HQ": 0, "H1N1": 0, "Q3 budget": 0,
	} {
		if got := periodColumn(label); got != want {
			t.Errorf("periodColumn(%q) = %d, want %d", label, got, want)
		}
	}
}
