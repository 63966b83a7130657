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

// TestReadRound7 is the outside testers' seventh round: units the sheet
// states against the mapping's scale, and titles, groups and sheets that
// say their figures are not actuals. Each case is a workbook written by
// excelize with the truth by hand; every refused one loaded wrong values
// with exit 0 before.
func TestReadRound7(t *testing.T) {
	wide := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue"}}}
	thousands := wide
	thousands.Measures = []Measure{{Column: Column{Name: "revenue"}, Title: "Revenue", Scale: 1000}}
	one := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	long := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}}}
	longK := long
	longK.Measures = []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}, Scale: 1000}}
	headcount := long
	headcount.Measures = []Measure{{Column: Column{Name: "headcount", Header: "Revenue"}, Unit: "people"}}
	budget := one
	budget.Name = "budget_2026"
	noted := one
	noted.Notes = []string{"Budget"}
	for _, tc := range []struct {
		name   string
		src    Source
		rows   [][]any
		want   []string // "dims month value", in order
		refuse error    // the file is refused with this reason
	}{
		// A label's note against the mapping's scale.
		{"label in millions, scale 1000", thousands, [][]any{{"Revenue (CNY m)"}, {"Region", "Oct-26"}, {"North", 1.5}}, nil, ErrScale},
		{"label in 万, scale 1000", thousands, [][]any{{"Revenue（万元）"}, {"Region", "Oct-26"}, {"North", 1.5}}, nil, ErrScale},
		{"label in 亿, scale 1000", thousands, [][]any{{"Revenue（亿元）"}, {"Region", "Oct-26"}, {"North", 1.5}}, nil, ErrScale},
		{"label in units, scale 1000", thousands, [][]any{{"Revenue (CNY)"}, {"Region", "Oct-26"}, {"North", 1.5}}, nil, ErrScale},
		{"label in thousands, scale 1000", thousands, [][]any{{"Revenue (CNY k)"}, {"Region", "Oct-26"}, {"North", 1.5}},
			[]string{"region=North 2026-10 1500"}, nil},
		// Units stated elsewhere than in the label.
		{"单位 above a long table", long, [][]any{{"销售收入月报", nil, "单位：万元"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, nil, ErrScale},
		{"单位 above a long table, scale 10000", Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
			Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}, Scale: 10000}}},
			[][]any{{"销售收入月报", nil, "单位：万元"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 1000000"}, nil},
		{"(CNY '000) beside the label", wide, [][]any{{"Revenue", "(CNY '000)"}, {"Region", "Oct-26"}, {"North", 100}}, nil, ErrScale},
		{"label, CNY k", one, [][]any{{"Revenue, CNY k"}, {"Region", "Oct-26"}, {"North", 100}}, nil, ErrScale},
		{"Unit: CNY k under the header", one, [][]any{{"Region", "Oct-26"}, {"Unit: CNY k"}, {"North", 100}}, nil, ErrScale},
		{"CNY k under a long header", long, [][]any{{"Month", "Region", "Revenue"}, {nil, nil, "CNY k"}, {"2026-10", "North", 100}}, nil, ErrScale},
		{"CNY k under a long header, scale 1000", longK, [][]any{{"Month", "Region", "Revenue"}, {nil, nil, "CNY k"}, {"2026-10", "North", 100}},
			[]string{"region=North 2026-10 100000"}, nil},
		{"a long header in k", Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
			Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue", Aliases: []string{"Revenue (CNY k)"}}}}}, [][]any{{"Month", "Region", "Revenue (CNY k)"}, {"2026-10", "North", 100}}, nil, ErrScale},
		{"a column of units per row", one, [][]any{{"Region", "Unit", "Oct-26"}, {"North", "CNY k", 100}, {"South", "CNY", 200000}}, nil, ErrScale},
		{"单位 over a count", headcount, [][]any{{"单位：万元"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}},
			[]string{"region=North 2026-10 100"}, nil},
		{"a caption that is no unit", long, [][]any{{"Sales in CNY by region"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}},
			[]string{"region=North 2026-10 100"}, nil},
		// Round 7b (found from outside after the rules above): a total at
		// the top of a long table is checked against the members below it;
		// a measure's own header states its units over the sheet's; titles
		// that name other things than a quantity, or compare, are over
		// actuals; captions of groups between blocks are no measure.
		{"a store named Total… in the first row", Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
			Dimensions: []Column{{Name: "store", Header: "Store"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}}},
			[][]any{{"Month", "Store", "Revenue"}, {"2026-10", "Total Wine Downtown", 999}, {"2026-10", "Bayside", 200}, {"2026-10", "Harbor", 300}}, nil, ErrTotalMismatch},
		{"a total at the top that adds up", Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
			Dimensions: []Column{{Name: "store", Header: "Store"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}}},
			[][]any{{"Month", "Store", "Revenue"}, {"2026-10", "Total", 500}, {"2026-10", "Bayside", 200}, {"2026-10", "Harbor", 300}},
			[]string{"store=Bayside 2026-10 200", "store=Harbor 2026-10 300"}, nil},
		{"单位 above, 元 in a measure's header", Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
			Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "收入"}, Unit: "CNY", Scale: 10000},
				{Column: Column{Name: "price", Header: "单价", Aliases: []string{"单价（元）"}}, Unit: "CNY"}}},
			[][]any{{"单位：万元"}, {"Month", "Region", "收入", "单价（元）"}, {"2026-10", "North", 3, 12.5}},
			[]string{"region=North 2026-10 30000", "region=North 2026-10 12.5"}, nil},
		{"Growth markets over a long table", long, [][]any{{"Growth markets"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"Target Corp account sales over a long table", long, [][]any{{"Target Corp account sales"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"Outlook Mall stores over a long table", long, [][]any{{"Outlook Mall stores"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"销售计划部 月报 over a long table", long, [][]any{{"销售计划部 月报"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"Sales vs last year over a long table", long, [][]any{{"Sales vs last year"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"Rev. target over a long table", long, [][]any{{"Rev. target"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, nil, ErrNoLabel},
		{"销售计划 over a long table", long, [][]any{{"销售计划"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, nil, ErrNoLabel},
		{"North region and South region between blocks", one, [][]any{{"North region"}, {"Region", "Oct-26"}, {"Store 1", 100}, {}, {"South region"}, {"Region", "Oct-26"}, {"Store 2", 5}},
			[]string{"region=Store 1 2026-10 100", "region=Store 2 2026-10 5"}, nil},
		// A number beside a label above the month names is no year.
		{"Annual target | 2000 over the month names", one, [][]any{{"Annual target", 2000}, {"Region", "Jan", "Feb"}, {"North", 1, 2}}, nil, ErrNoHeader},
		{"a row of years over the month names", one, [][]any{{nil, 2026}, {"Region", "Jan", "Feb"}, {"North", 1, 2}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2"}, nil},
		{"Year | 2026 over the month names", one, [][]any{{"Year", 2026}, {"Region", "Jan", "Feb"}, {"North", 1, 2}},
			[]string{"region=North 2026-01 1", "region=North 2026-02 2"}, nil},
		// Titles, groups and sheets naming another quantity.
		{"Budget over the only block", one, [][]any{{"Budget"}, {"Region", "Oct-26"}, {"North", 100}}, nil, ErrNoLabel},
		{"9+3 Forecast over the only block", one, [][]any{{"9+3 Forecast"}, {"Region", "Oct-26"}, {"North", 100}}, nil, ErrNoLabel},
		{"上年同期 over the only block", one, [][]any{{"上年同期"}, {"Region", "Oct-26"}, {"North", 100}}, nil, ErrNoLabel},
		{"Actual vs budget over the only block", one, [][]any{{"Actual vs budget"}, {"Region", "Oct-26"}, {"North", 100}},
			[]string{"region=North 2026-10 100"}, nil},
		{"Sales YTD 2026 over the only block", one, [][]any{{"Sales YTD 2026"}, {"Region", "Oct-26"}, {"North", 100}},
			[]string{"region=North 2026-10 100"}, nil},
		{"a budget source's budget title", budget, [][]any{{"Department budget"}, {"Region", "Oct-26"}, {"North", 100}},
			[]string{"region=North 2026-10 100"}, nil},
		{"Budget listed as a note", noted, [][]any{{"Budget"}, {"Region", "Oct-26"}, {"North", 100}}, []string{"region=North 2026-10 100"}, nil},
		{"Units sold over a second block", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {}, {"Units sold"}, {"Region", "Oct-26"}, {"Online", 5}},
			nil, ErrNoLabel},
		{"Revenue — South over a second block", one, [][]any{{"Region", "Oct-26"}, {"North", 100}, {}, {"Revenue — South"}, {"Region", "Oct-26"}, {"South", 5}},
			[]string{"region=North 2026-10 100", "region=South 2026-10 5"}, nil},
		{"a member row without values", one, [][]any{{"Region", "Oct-26", "Nov-26"}, {"North", 100, 110}, {"West"}, {"South", 80, 90}},
			[]string{"region=North 2026-10 100", "region=North 2026-11 110", "region=South 2026-10 80", "region=South 2026-11 90"}, nil},
		{"Actual and Forecast over the months", one, [][]any{{nil, "Actual", nil, "Forecast", nil}, {"Region", "Sep-26", "Oct-26", "Nov-26", "Dec-26"},
			{"North", 90, 100, 500, 600}}, []string{"region=North 2026-09 90", "region=North 2026-10 100"}, nil},
		{"实际 and 预测 over the months", one, [][]any{{nil, "实际", nil, "预测", nil}, {"Region", "2026年9月", "2026年10月", "2026年11月", "2026年12月"},
			{"North", 90, 100, 500, 600}}, []string{"region=North 2026-09 90", "region=North 2026-10 100"}, nil},
		{"a long table titled Forecast below the actuals", long, [][]any{{"Actual"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}, {},
			{"Forecast"}, {"Month", "Region", "Revenue"}, {"2026-11", "North", 110}}, nil, ErrNoLabel},
		{"a long table titled Revenue growth %", long, [][]any{{"Month", "Region", "Revenue"}, {"2026-10", "North", 100}, {},
			{"Revenue growth %"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 0.1}}, nil, ErrNoLabel},
		{"a long table titled Budget 2026", long, [][]any{{"Budget 2026"}, {"Month", "Region", "Revenue"}, {"2026-10", "North", 100}}, nil, ErrNoLabel},
	} {
		var sink memSink
		_, err := Read(context.Background(), &tc.src, "inbox/sales.xlsx", rowsBook(t, tc.rows), &sink, Limits{})
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

// TestReadOtherSheets: with no sheet: in the mapping, sheets named for other
// figures than the source's (Forecast, 预算, LY) are skipped with a note;
// they loaded as actuals (found from outside). Named, they are read.
func TestReadOtherSheets(t *testing.T) {
	f := excelize.NewFile()
	rows := map[string][][]any{
		"Actual":   {{"Month", "Region", "Revenue"}, {"2026-10", "North", 100}},
		"Forecast": {{"Month", "Region", "Revenue"}, {"2026-11", "North", 110}},
		"预算":       {{"Month", "Region", "Revenue"}, {"2026-12", "North", 120}},
		"LY":       {{"Month", "Region", "Revenue"}, {"2025-10", "North", 90}},
	}
	for i, name := range []string{"Actual", "Forecast", "预算", "LY"} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[name] {
			if err := f.SetSheetRow(name, "A"+strconv.Itoa(r+1), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "region", Header: "Region"}}, Measures: []Measure{{Column: Column{Name: "revenue", Header: "Revenue"}}}}
	var sink memSink
	st, err := Read(context.Background(), &src, "inbox/sales.xlsx", buf.Bytes(), &sink, Limits{})
	if err != nil || len(sink.facts) != 1 || sink.facts[0].Value != 100 || !slices.Equal(st.Sheets, []string{"Actual"}) {
		t.Fatalf("sheets %v, %d facts, %v; want Actual's 100 alone", st.Sheets, len(sink.facts), err)
	}
	if n := strings.Join(st.Notes, "\n"); !strings.Contains(n, `sheet "Forecast" is named for other figures`) || !strings.Contains(n, `"LY"`) || !strings.Contains(n, `"预算"`) {
		t.Errorf("notes %q; want each skipped sheet named", st.Notes)
	}
	// A sheet whose name only starts with such a word is read; a workbook
	// whose only sheet is skipped for its name says so.
	for name, want := range map[string]bool{"Budget Inn stores": true, "Forecast accuracy": true, "Plan": false} {
		g := excelize.NewFile()
		if err := g.SetSheetName("Sheet1", name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows["Actual"] {
			if err := g.SetSheetRow(name, "A"+strconv.Itoa(r+1), &row); err != nil {
				t.Fatal(err)
			}
		}
		b, err := g.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		var sink memSink
		_, err = Read(context.Background(), &src, "inbox/sales.xlsx", b.Bytes(), &sink, Limits{})
		switch {
		case want && (err != nil || len(sink.facts) != 1):
			t.Errorf("only sheet %q: %d facts, %v; want it read", name, len(sink.facts), err)
		case !want && (!errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), `"Plan" named for other figures`)):
			t.Errorf("only sheet %q: %v; want refused, saying it was skipped for its name", name, err)
		}
	}
	src.Sheets.Names = []string{"Forecast"}
	sink = memSink{}
	if _, err := Read(context.Background(), &src, "inbox/sales.xlsx", buf.Bytes(), &sink, Limits{}); err != nil || len(sink.facts) != 1 || sink.facts[0].Value != 110 {
		t.Errorf("sheet: Forecast named: %d facts, %v; want its 110", len(sink.facts), err)
	}
}

// TestUnitScale checks the reading of unit statements by hand.
func TestUnitScale(t *testing.T) {
	for text, want := range map[string]float64{
		"CNY '000": 1e3, "（万元）": 1e4, "USD m": 1e6, "单位：千元": 1e3, "in thousands": 1e3, "CNY": 1, "元": 1, "百万元": 1e6,
		"亿元": 1e8, "Unit: CNY k": 1e3, "thousands of CNY": 1e3, "$m": 1e6, "EUR bn": 1e9, "金额单位：万元": 1e4, "(k)": 1e3,
	} {
		if got, ok := unitScale(text); !ok || got != want {
			t.Errorf("unitScale(%q) = %v, %v; want %v", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "Revenue", "budget", "%", "CNY k m", "万千元", "North", "in stores", "单位", "2026"} {
		if got, ok := unitScale(text); ok {
			t.Errorf("unitScale(%q) = %v, true; want not a statement of units", text, got)
		}
	}
}

// TestReadNamedMonth: a file named for a month whose values are all of
// other months is refused (a copy of last month's workbook with its Month
// column left as it was loaded October's figures as September's); a year
// to date that holds the month loads.
func TestReadNamedMonth(t *testing.T) {
	src := regionUnits()
	for _, tc := range []struct {
		name, file string
		rows       [][]any
		refuse     bool
	}{
		{"September's rows in October's file", "inbox/sales-2026-10.xlsx", [][]any{{"Month", "Region", "Units"}, {"2026-09", "North", 100}}, true},
		{"a year to date", "inbox/sales-2026-10.xlsx", [][]any{{"Month", "Region", "Units"}, {"2026-09", "North", 100}, {"2026-10", "North", 110}}, false},
		{"a name without a month", "inbox/sales.xlsx", [][]any{{"Month", "Region", "Units"}, {"2026-09", "North", 100}}, false},
		{"中文 name", "inbox/销售2026年10月.xlsx", [][]any{{"Month", "Region", "Units"}, {"2026-09", "North", 100}}, true},
		{"a name with the day it was exported", "inbox/sales-2026-11-03.xlsx", [][]any{{"Month", "Region", "Units"}, {"2026-10", "North", 100}}, false},
	} {
		var sink memSink
		_, err := Read(context.Background(), &src, tc.file, rowsBook(t, tc.rows), &sink, Limits{})
		if got := errors.Is(err, ErrNotPeriod); got != tc.refuse || !tc.refuse && err != nil {
			t.Errorf("%s: %v; want refused %v", tc.name, err, tc.refuse)
		}
	}
}

// TestReadNumberLabels: a label cell that holds a date, TRUE or a long whole
// number reads as Excel shows it; it loaded as the serial 46082, "1" and
// 1.23456789012345e+16. A workbook written by excelize (which, as Excel,
// keeps 15 digits of the ID).
func TestReadNumberLabels(t *testing.T) {
	f := excelize.NewFile()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for ref, v := range map[string]any{"A1": "Month", "B1": "Store", "C1": "Units",
		"A2": "2026-10", "B2": 46082, "C2": 1, "A3": "2026-10", "B3": true, "C3": 2, "A4": "2026-10", "B4": 12345678901234568.0, "C4": 3} {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "B2", "B2", date); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "sales", Files: "*.xlsx", Period: Period{Column: &Column{Header: "Month"}},
		Dimensions: []Column{{Name: "store", Header: "Store"}}, Measures: []Measure{{Column: Column{Name: "units", Header: "Units"}}}}
	var sink memSink
	if _, err := Read(context.Background(), &src, "inbox/sales.xlsx", buf.Bytes(), &sink, Limits{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range sink.facts {
		got = append(got, f.Dims)
	}
	if want := []string{"store=2026-03-01", "store=TRUE", "store=12345678901234500"}; !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}

// TestReadSkippedColumnsNoted: a wide header's columns that are not read (a
// comparison month, a year to date) are named in the file's notes, since
// their values do not load.
func TestReadSkippedColumnsNoted(t *testing.T) {
	src := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	var sink memSink
	st, err := Read(context.Background(), &src, "inbox/sales.xlsx", rowsBook(t, [][]any{{"Region", "Oct-26", "Oct-25", "YTD"}, {"North", 100, 90, 900}}), &sink, Limits{})
	if err != nil || len(sink.facts) != 1 {
		t.Fatalf("%d facts, %v; want Oct-26's alone", len(sink.facts), err)
	}
	n := strings.Join(st.Notes, "\n")
	for _, want := range []string{`C1 "Oct-25" not read`, `D1 "YTD" not read`} {
		if !strings.Contains(n, want) {
			t.Errorf("notes %q; want %q", st.Notes, want)
		}
	}
}

// TestReadHiddenRows: values loaded from rows marked hidden are named in a
// warning (a hidden "West (closed)" row with old figures loaded without a
// word); a hidden row without values, and visible rows, are not. A
// workbook written by excelize.
func TestReadHiddenRows(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"Month", "Region", "Units"}, {"2026-10", "North", 100}, {"2026-10", "West (closed)", 50}, {"2026-10", "South", 80}, {"Note: West closed in June"}} {
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []int{3, 5} {
		if err := f.SetRowVisible("Sheet1", r, false); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src := regionUnits()
	var sink memSink
	st, err := Read(context.Background(), &src, "inbox/sales.xlsx", buf.Bytes(), &sink, Limits{})
	if err != nil || len(sink.facts) != 3 {
		t.Fatalf("%d facts, %v; want 3 (hidden rows load, as Excel's SUM counts them)", len(sink.facts), err)
	}
	if w := strings.Join(st.Warnings, "\n"); !strings.Contains(w, "hidden rows 3, as") {
		t.Errorf("warnings %q; want row 3 named as hidden, and not row 5", st.Warnings)
	}

	// A hidden month column of a wide sheet, and hidden empty columns.
	g := excelize.NewFile()
	for i, row := range [][]any{{"Region", "Sep-26", "Oct-26"}, {"North", 90, 100}} {
		if err := g.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"B", "F:H"} {
		if err := g.SetColVisible("Sheet1", c, false); err != nil {
			t.Fatal(err)
		}
	}
	buf2, err := g.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	wide := Source{Name: "sales", Files: "*.xlsx", Layout: Wide, Dimensions: []Column{{Name: "region", Header: "Region"}},
		Measures: []Measure{{Column: Column{Name: "revenue"}}}}
	sink = memSink{}
	st, err = Read(context.Background(), &wide, "inbox/sales.xlsx", buf2.Bytes(), &sink, Limits{})
	if err != nil || len(sink.facts) != 2 {
		t.Fatalf("wide: %d facts, %v; want 2", len(sink.facts), err)
	}
	if w := strings.Join(st.Warnings, "\n"); !strings.Contains(w, "hidden columns B, as") {
		t.Errorf("warnings %q; want column B named as hidden, and not F to H", st.Warnings)
	}
}
