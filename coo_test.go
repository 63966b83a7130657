package coo

import (
	"errors"
	"math"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in          string
		year, month int
		err         bool
	}{
		{"2026-10", 2026, 10, false},
		{"1900-01", 1900, 1, false},
		{"9999-12", 9999, 12, false},
		{"2026-13", 0, 0, true},
		{"2026-00", 0, 0, true},
		{"2026-1", 0, 0, true},
		{"2026/10", 0, 0, true},
		{"1899-12", 0, 0, true},
		{"2026-+1", 0, 0, true},
		{"", 0, 0, true},
	} {
		p, err := ParsePeriod(tc.in)
		if (err != nil) != tc.err || !tc.err && (p.Year() != tc.year || p.Month() != tc.month || p.String() != tc.in) {
			t.Errorf("ParsePeriod(%q) = %v (%d-%d), %v", tc.in, p, p.Year(), p.Month(), err)
		}
		if err != nil && !errors.Is(err, ErrPeriod) {
			t.Errorf("ParsePeriod(%q) error %v is not ErrPeriod", tc.in, err)
		}
	}
}

func TestPeriodArithmetic(t *testing.T) {
	p := NewPeriod(2026, 10)
	if got := p.Add(3).String(); got != "2027-01" {
		t.Errorf("2026-10 + 3 = %s, want 2027-01", got)
	}
	if got := p.Add(-10).String(); got != "2025-12" {
		t.Errorf("2026-10 - 10 = %s, want 2025-12", got)
	}
	if d := NewPeriod(2027, 3) - NewPeriod(2025, 11); d != 16 {
		t.Errorf("2027-03 - 2025-11 = %d months, want 16", d)
	}
	var q Period
	if err := q.UnmarshalText([]byte("2024-02")); err != nil || q != NewPeriod(2024, 2) {
		t.Errorf("UnmarshalText = %v, %v", q, err)
	}
}

// TestCalendar: FY2026 with a November start is 2025-11 .. 2026-10 (the
// issue's definition); with an April start FY2027 is 2026-04 .. 2027-03.
func TestCalendar(t *testing.T) {
	for _, tc := range []struct {
		first     int
		p         string
		fy        int
		start     string
		end       string
		monthOfFY int
	}{
		{11, "2025-11", 2026, "2025-11", "2026-10", 1},
		{11, "2026-10", 2026, "2025-11", "2026-10", 12},
		{11, "2026-11", 2027, "2026-11", "2027-10", 1},
		{11, "2026-01", 2026, "2025-11", "2026-10", 3},
		{4, "2026-10", 2027, "2026-04", "2027-03", 7},
		{4, "2026-03", 2026, "2025-04", "2026-03", 12},
		{1, "2026-10", 2026, "2026-01", "2026-12", 10},
		{0, "2026-01", 2026, "2026-01", "2026-12", 1},
		{12, "2026-12", 2027, "2026-12", "2027-11", 1},
	} {
		c := Calendar{FirstMonth: tc.first}
		p, _ := ParsePeriod(tc.p)
		fy := c.FiscalYear(p)
		if fy != tc.fy || c.YearStart(fy).String() != tc.start || c.YearEnd(fy).String() != tc.end || c.MonthOfYear(p) != tc.monthOfFY {
			t.Errorf("start %d, %s: FY%d %s..%s month %d; want FY%d %s..%s month %d", tc.first, tc.p,
				fy, c.YearStart(fy), c.YearEnd(fy), c.MonthOfYear(p), tc.fy, tc.start, tc.end, tc.monthOfFY)
		}
		from, to := c.YearToDate(p)
		if from.String() != tc.start || to != p {
			t.Errorf("YearToDate(%s) = %s..%s", tc.p, from, to)
		}
	}
	if (Calendar{FirstMonth: 13}).Validate() == nil {
		t.Error("Calendar{13}.Validate() = nil")
	}
}

func TestDims(t *testing.T) {
	for _, tc := range []struct {
		dims []Dim
		text string
	}{
		{nil, ""},
		{[]Dim{{"region", "North"}}, "region=North"},
		{[]Dim{{"region", "North"}, {"product", "Home"}}, "region=North;product=Home"},
		{[]Dim{{"team", "研发 一部"}}, "team=研发 一部"},
		{[]Dim{{"note", `a;b=c\d%`}}, `note=a\;b\=c\\d%`},
		{[]Dim{{"k;=", "v"}}, `k\;\==v`},
		{[]Dim{{"empty", ""}}, "empty="},
	} {
		if got := FormatDims(tc.dims); got != tc.text {
			t.Errorf("FormatDims(%v) = %q, want %q", tc.dims, got, tc.text)
		}
		back, err := ParseDims(tc.text)
		if err != nil || len(back) != len(tc.dims) {
			t.Errorf("ParseDims(%q) = %v, %v", tc.text, back, err)
			continue
		}
		for i := range back {
			if back[i] != tc.dims[i] {
				t.Errorf("ParseDims(%q)[%d] = %v, want %v", tc.text, i, back[i], tc.dims[i])
			}
		}
	}
	for _, bad := range []string{"region", "=x", `a=\`, `a=\x`, ";", "a=b=c", "a=1;"} {
		if _, err := ParseDims(bad); !errors.Is(err, ErrDims) {
			t.Errorf("ParseDims(%q) = %v, want ErrDims", bad, err)
		}
	}
}

func FuzzDims(f *testing.F) {
	f.Add("region", "North;East=%", "k2", "")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		if k1 == "" || k2 == "" {
			return
		}
		in := []Dim{{k1, v1}, {k2, v2}}
		out, err := ParseDims(FormatDims(in))
		if err != nil || len(out) != 2 || out[0] != in[0] || out[1] != in[1] {
			t.Fatalf("round trip of %q = %q, %v", in, out, err)
		}
	})
}

func TestCellRef(t *testing.T) {
	for _, tc := range []struct {
		col  int
		name string
	}{{1, "A"}, {26, "Z"}, {27, "AA"}, {28, "AB"}, {702, "ZZ"}, {703, "AAA"}, {16384, "XFD"}} {
		if got := ColumnName(tc.col); got != tc.name {
			t.Errorf("ColumnName(%d) = %s, want %s", tc.col, got, tc.name)
		}
		c, r, err := ParseA1(tc.name + "7")
		if err != nil || c != tc.col || r != 7 {
			t.Errorf("ParseA1(%s7) = %d, %d, %v", tc.name, c, r, err)
		}
	}
	for _, bad := range []string{"", "A", "7", "A0", "XFE1", "A1048577", "A-1", "1A"} {
		if _, _, err := ParseA1(bad); !errors.Is(err, ErrCellRef) {
			t.Errorf("ParseA1(%q) = %v, want ErrCellRef", bad, err)
		}
	}
	for _, tc := range []struct {
		ref  CellRef
		want string
	}{
		{CellRef{"Sales", 2, 7}, "Sales!B7"},
		{CellRef{"Oct 2026", 3, 2}, "'Oct 2026'!C2"},
		{CellRef{"2026年10月", 4, 7}, "'2026年10月'!D7"},
		{CellRef{"Bob's", 1, 1}, "'Bob''s'!A1"},
		{CellRef{"", 1, 1}, "A1"},
	} {
		if got := tc.ref.String(); got != tc.want {
			t.Errorf("%+v.String() = %s, want %s", tc.ref, got, tc.want)
		}
	}
}

func TestMetricName(t *testing.T) {
	for _, ok := range []MetricName{"sales.revenue", "hr.headcount", "a", "finance.cost_budget", "x1.y2"} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%q.Validate() = %v", ok, err)
		}
	}
	for _, bad := range []MetricName{"", "Sales.revenue", "sales..revenue", ".a", "a.", "1a", "a.1b", "sales revenue", "a;drop", "a'b"} {
		if err := bad.Validate(); !errors.Is(err, ErrName) {
			t.Errorf("%q.Validate() = %v, want ErrName", bad, err)
		}
	}
}

func TestSeries(t *testing.T) {
	nan := math.NaN()
	s := Series{Start: NewPeriod(2026, 1), Values: []float64{1, nan, 3}}
	if s.End() != NewPeriod(2026, 3) {
		t.Errorf("End = %v", s.End())
	}
	if v, ok := s.At(NewPeriod(2026, 2)); ok {
		t.Errorf("At(gap) = %v, true", v)
	}
	if v, ok := s.At(NewPeriod(2026, 3)); !ok || v != 3 {
		t.Errorf("At(2026-03) = %v, %v", v, ok)
	}
	if g := s.Gaps(); len(g) != 1 || g[0] != NewPeriod(2026, 2) {
		t.Errorf("Gaps = %v", g)
	}
	w := s.Slice(NewPeriod(2025, 12), NewPeriod(2026, 1))
	if len(w.Values) != 2 || !math.IsNaN(w.Values[0]) || w.Values[1] != 1 {
		t.Errorf("Slice = %v", w.Values)
	}
}

func TestLostBacktest(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		bt, bench float64
		want      bool
	}{{0.9, 0.8, true}, {0.8, 0.9, false}, {nan, 0.8, false}, {0.9, nan, false}, {nan, nan, false}} {
		f := StoredForecast{BacktestMASE: tc.bt, BenchmarkMASE: tc.bench}
		if got := f.LostBacktest(); got != tc.want {
			t.Errorf("MASE %v against %v: LostBacktest = %v, want %v", tc.bt, tc.bench, got, tc.want)
		}
	}
}
