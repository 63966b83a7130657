package ingest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadWideBlanks: a blank month cell in a member's row of a wide sheet
// where the department forgot a value. Loaded without it, the month's
// total was short with exit 0 and no reject (found from outside: the
// demo's Events leads with October blanked). Within a block, a blank after
// the row's first value, in a month another member row of the block
// fills, is set aside as blank_value; blanks before a row's first value,
// months no member row fills, rows with no values and total rows are not.
// Each case is a workbook written by excelize with the truth by hand.
func TestReadWideBlanks(t *testing.T) {
	one := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	two := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue"}, {Column: Column{Name: "units"}, Title: "Units"}}}
	mcol := two
	mcol.MeasureColumn = &Column{Header: "Measure"}
	head := []any{"Region", "Jan 2026", "Feb 2026", "Mar 2026"}
	for _, tc := range []struct {
		name    string
		src     Source
		rows    [][]any
		want    []string // "dims month value", in order
		rejects []string // "cell reason", in order
		refuse  error    // the file is refused with this reason
	}{
		{"a hole, the other row below", one, [][]any{head, {"North", 5, nil, 7}, {"South", 1, 2, 3}},
			[]string{"region=North 2026-01 5", "region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"},
			[]string{"C2 blank_value"}, nil},
		{"a hole, the other row above", one, [][]any{head, {"South", 1, 2, 3}, {"North", 5, nil, 7}},
			[]string{"region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3", "region=North 2026-01 5", "region=North 2026-03 7"},
			[]string{"C3 blank_value"}, nil},
		{"a hole of text spaces", one, [][]any{head, {"North", 5, "  ", 7}, {"South", 1, 2, 3}},
			[]string{"region=North 2026-01 5", "region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"},
			[]string{"C2 blank_value"}, nil},
		{"the latest month forgotten", one, [][]any{head, {"North", 5, 6, nil}, {"South", 1, 2, 3}},
			[]string{"region=North 2026-01 5", "region=North 2026-02 6", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"},
			[]string{"D2 blank_value"}, nil},
		{"a member discontinued, no 0 written", one, [][]any{head, {"North", 5, nil, nil}, {"South", 1, 2, 3}, {"West", nil, 4, 4}},
			[]string{"region=North 2026-01 5", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3", "region=West 2026-02 4", "region=West 2026-03 4"},
			[]string{"C2 blank_value", "D2 blank_value"}, nil},
		{"a new member's leading blanks", one, [][]any{head, {"North", nil, nil, 7}, {"South", 1, 2, 3}},
			[]string{"region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"}, nil, nil},
		{"months to come, blank in every row", one, [][]any{{"Region", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"}, {"North", 5, 6, nil, nil}, {"South", 1, 2, nil, nil}},
			[]string{"region=North 2026-01 5", "region=North 2026-02 6", "region=South 2026-01 1", "region=South 2026-02 2"}, nil, nil},
		{"a group's label row between members", one, [][]any{head, {"North", 1, 2, 3}, {"Group B"}, {"South", 4, 5, 6}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-03 3", "region=South 2026-01 4", "region=South 2026-02 5", "region=South 2026-03 6"}, nil, nil},
		{"a blank year-to-date column", one, [][]any{{"Region", "Jan 2026", "Feb 2026", "YTD"}, {"North", 1, 2, nil}, {"South", 3, 4, 7}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=South 2026-01 3", "region=South 2026-02 4"}, nil, nil},
		{"a blank in a total row", one, [][]any{head, {"North", 1, 2, 3}, {"South", 4, 5, 6}, {"Total", 5, nil, 9}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-03 3", "region=South 2026-01 4", "region=South 2026-02 5", "region=South 2026-03 6"}, nil, nil},
		// a total row is still checked; over a blank set aside it is not
		// (February's 10 includes South's forgotten 4)
		{"a total row that adds up", one, [][]any{head, {"North", 5, 6, 7}, {"South", 1, 2, 3}, {"Total", 6, 8, 10}},
			[]string{"region=North 2026-01 5", "region=North 2026-02 6", "region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"}, nil, nil},
		{"a total row that does not add up", one, [][]any{head, {"North", 5, 6, 7}, {"South", 1, 2, 3}, {"Total", 6, 8, 99}}, nil, nil, ErrTotalMismatch},
		{"a total row over a blank member cell", one, [][]any{head, {"North", 5, 6, 7}, {"South", 1, nil, 3}, {"Total", 6, 10, 10}},
			[]string{"region=North 2026-01 5", "region=North 2026-02 6", "region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-03 3"},
			[]string{"C3 blank_value"}, nil},
		{"a total row over a blank, another month wrong", one, [][]any{head, {"North", 5, 6, 7}, {"South", 1, nil, 3}, {"Total", 6, 10, 99}}, nil, nil, ErrTotalMismatch},
		{"a total row over a blank whose month a row below fills", one, [][]any{head, {"North", 5, nil, 7}, {"South", 1, nil, 3}, {"North subtotal", 6, nil, 10}, {"East", 2, 4, 2}, {"Total", 8, 99, 12}},
			[]string{"region=North 2026-01 5", "region=North 2026-03 7", "region=South 2026-01 1", "region=South 2026-03 3", "region=East 2026-01 2", "region=East 2026-02 4", "region=East 2026-03 2"},
			[]string{"C2 blank_value", "C3 blank_value"}, nil},
		{"a total column over a blank", one, [][]any{{"Region", "Jan 2026", "Feb 2026", "Mar 2026", "Total"}, {"South", 1, 2, 3, 6}, {"North", 5, nil, 7, 20}},
			[]string{"region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3", "region=North 2026-01 5", "region=North 2026-03 7"},
			[]string{"C3 blank_value"}, nil},
		// the row's total column is checked when the row is read, before a
		// row below fills February: it does not add up, as before
		{"a total column over a blank, the other row below", one, [][]any{{"Region", "Jan 2026", "Feb 2026", "Mar 2026", "Total"}, {"North", 5, nil, 7, 20}, {"South", 1, 2, 3, 6}}, nil, nil, ErrTotalMismatch},
		// two blocks: a blank is judged against its own block's rows only
		{"two blocks, months block 2 does not report", two, [][]any{{"Revenue"}, head, {"North", 1, 2, 3}, {"South", 4, 5, 6}, {}, {"Units"}, head, {"North", 7, nil, nil}, {"South", 8, nil, nil}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-03 3", "region=South 2026-01 4", "region=South 2026-02 5", "region=South 2026-03 6",
				"region=North 2026-01 7", "region=South 2026-01 8"}, nil, nil},
		{"two blocks, a blank in block 2", two, [][]any{{"Revenue"}, head, {"North", 1, 2, 3}, {"South", 4, 5, 6}, {}, {"Units"}, head, {"North", 7, nil, nil}, {"South", 8, 9, nil}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-03 3", "region=South 2026-01 4", "region=South 2026-02 5", "region=South 2026-03 6",
				"region=North 2026-01 7", "region=South 2026-01 8", "region=South 2026-02 9"}, []string{"C8 blank_value"}, nil},
		{"two blocks, block 2 fills months block 1 does not", two, [][]any{{"Revenue"}, head, {"North", 1, nil, nil}, {"South", 4, nil, nil}, {}, {"Units"}, head, {"North", 7, 8, 9}, {"South", 1, 2, 3}},
			[]string{"region=North 2026-01 1", "region=South 2026-01 4",
				"region=North 2026-01 7", "region=North 2026-02 8", "region=North 2026-03 9", "region=South 2026-01 1", "region=South 2026-02 2", "region=South 2026-03 3"}, nil, nil},
		{"two blocks under one header", two, [][]any{head, {"Revenue"}, {"North", 1, nil, nil}, {"South", 4, nil, nil}, {"Units"}, {"North", 7, 8, 9}, {"South", 1, nil, 3}},
			[]string{"region=North 2026-01 1", "region=South 2026-01 4",
				"region=North 2026-01 7", "region=North 2026-02 8", "region=North 2026-03 9", "region=South 2026-01 1", "region=South 2026-03 3"}, []string{"C7 blank_value"}, nil},
		{"a measure column: rows of each measure", mcol, [][]any{{"Region", "Measure", "Jan 2026", "Feb 2026"}, {"North", "Revenue", 1, 2}, {"North", "Units", 3, nil}, {"South", "Units", 4, nil}, {"South", "Revenue", 5, nil}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2", "region=North 2026-01 3", "region=South 2026-01 4", "region=South 2026-01 5"}, []string{"D5 blank_value"}, nil},
	} {
		var sink memSink
		_, err := Read(context.Background(), &tc.src, "inbox/sales.xlsx", rowsBook(t, tc.rows), &sink, Limits{})
		if tc.refuse != nil {
			if !errors.Is(err, tc.refuse) {
				t.Errorf("%s: %v (%d facts, rejects %+v); want refused as %v", tc.name, err, len(sink.facts), sink.rejects, tc.refuse)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got, rej []string
		for _, f := range sink.facts {
			got = append(got, strings.Join([]string{f.Dims, f.Period.String(), strconv.FormatFloat(f.Value, 'f', -1, 64)}, " "))
		}
		for _, r := range sink.rejects {
			rej = append(rej, r.Cell+" "+r.Reason)
			if r.Reason == "blank_value" {
				for _, w := range []string{"inbox/sales.xlsx", `sheet "Sheet1"`, "cell " + r.Cell, "enter the value, or 0 where it is zero"} {
					if !strings.Contains(r.Message, w) {
						t.Errorf("%s: message %q lacks %q", tc.name, r.Message, w)
					}
				}
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: facts %q; want %q", tc.name, got, tc.want)
		}
		if !slices.Equal(rej, tc.rejects) {
			t.Errorf("%s: rejects %q; want %q", tc.name, rej, tc.rejects)
		}
	}
}

// TestInspectWideBlank: inspect shows a forgotten value among the cells
// that would be set aside, as a load would.
func TestInspectWideBlank(t *testing.T) {
	src := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	in, err := Inspect(context.Background(), &src, "sales.xlsx", rowsBook(t, [][]any{{"Region", "Jan 2026", "Feb 2026"}, {"North", 5, nil}, {"South", 1, 2}}), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if in.Refused != nil || len(in.Rejects) != 1 || in.Rejects[0].Cell != "C2" || in.Rejects[0].Reason != "blank_value" {
		t.Errorf("inspect: refused %v, rejects %+v; want C2 blank_value", in.Refused, in.Rejects)
	}
}
