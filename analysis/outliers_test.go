package analysis

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"coo"
)

// wavy is a trending series with a yearly cycle of amplitude season and a
// little irregular wiggle: nothing in it is an outlier.
func wavy(n int, season float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = 100 + 0.5*float64(i) + season*math.Sin(2*math.Pi*float64(i)/12) + 3*math.Sin(float64(i)*1.7)
	}
	return y
}

// TestSetAside plants one-offs and steps in wavy series: the one-offs
// (the planted indexes are the truth) are set aside with an expected value
// near the series before planting; a lasting step, at the end or in the
// middle, is not.
func TestSetAside(t *testing.T) {
	const n = 40
	times := func(k float64, from, to int) func([]float64) {
		return func(y []float64) {
			for i := from; i < to; i++ {
				y[i] *= k
			}
		}
	}
	for _, season := range []float64{0, 30} {
		for _, tc := range []struct {
			name  string
			plant func([]float64)
			want  []int // the indexes set aside
		}{
			{"clean", func([]float64) {}, nil},
			{"slip in the first month", times(1000, 0, 1), []int{0}}, // found from outside: never judged
			{"slip in the second month", times(1000, 1, 2), []int{1}},
			{"slip five months back", times(1000, n-5, n-4), []int{n - 5}},
			{"slip the month before last", times(1000, n-2, n-1), []int{n - 2}},
			{"slip in the last month", times(1000, n-1, n), nil}, // cannot be told from a step yet
			{"slip for a quarter", times(1000, 20, 23), []int{20, 21, 22}},
			{"1e12", func(y []float64) { y[20] = 1e12 }, []int{20}},
			{"-1e12", func(y []float64) { y[20] = -1e12 }, []int{20}},
			{"zero", func(y []float64) { y[25] = 0 }, []int{25}},
			{"step x2 in the last 2 months", times(2, n-2, n), nil},
			{"step x2 in the last 3 months", times(2, n-3, n), nil},
			{"step x2 in the last 6 months", times(2, n-6, n), nil},
			{"step x2 from the middle", times(2, 20, n), nil},
			{"step x10 from the middle", times(10, 20, n), nil},
			{"step x10 in the last 3 months", times(10, n-3, n), nil},
			// Materiality: 7% off is left to the fit.
			{"a little off", func(y []float64) { y[25] *= 1.07 }, nil},
		} {
			clean := wavy(n, season)
			y := slices.Clone(clean)
			tc.plant(y)
			orig := slices.Clone(y)
			fit, set := setAside(y, 12)
			var idx []int
			for _, o := range set {
				idx = append(idx, o.Index)
				if o.Value != y[o.Index] || fit[o.Index] != o.Expected {
					t.Errorf("season %v, %s: outlier %+v: value or fit value wrong (%v, %v)", season, tc.name, o, y[o.Index], fit[o.Index])
				}
				// Within a quarter of the value before planting (a
				// quarter's slip in the seasonal series is interpolated
				// across three months: 90 for 78).
				if math.Abs(o.Expected-clean[o.Index]) > 0.25*math.Abs(clean[o.Index]) {
					t.Errorf("season %v, %s: index %d expected %.4g, the series before planting has %.4g", season, tc.name, o.Index, o.Expected, clean[o.Index])
				}
			}
			if !slices.Equal(idx, tc.want) {
				t.Errorf("season %v, %s: setAside sets aside %v, want %v", season, tc.name, idx, tc.want)
			}
			if !slices.Equal(y, orig) {
				t.Errorf("season %v, %s: setAside modified its argument", season, tc.name)
			}
			if len(set) == 0 && &fit[0] != &y[0] {
				t.Errorf("season %v, %s: nothing set aside, but the fit is a copy", season, tc.name)
			}
		}
	}
}

// TestSetAsideCounts: a count of rare events is left alone; a series that
// has never been negative gets no negative expected value.
func TestSetAsideCounts(t *testing.T) {
	counts := []float64{0, 1, 0, 2, 1, 0, 0, 1, 8, 0, 1, 0, 2, 0, 1, 1, 0, 0, 1, 0, 0, 2, 1, 0, 1, 0, 0, 1}
	if _, set := setAside(counts, 12); set != nil {
		t.Errorf("setAside(complaints) = %+v, want nothing set aside", set)
	}
	// The same shape at a larger scale, its dip to zero: not below zero.
	y := wavy(40, 0)
	for i := range y {
		y[i] = math.Round(y[i]*100) / 100
	}
	y[30] = 0
	_, set := setAside(y, 12)
	if len(set) != 1 || set[0].Index != 30 || set[0].Expected < 0 {
		t.Errorf("setAside(dip to zero) = %+v, want index 30 with a non-negative expected value", set)
	}
}

// TestCulprits: the cells that moved a month, by hand.
func TestCulprits(t *testing.T) {
	c := func(cell string, v, typical float64) coo.FactCell {
		col, row, _ := coo.ParseA1(cell)
		return coo.FactCell{File: "f.xlsx", Cell: coo.CellRef{Sheet: "S", Col: col, Row: row}, Value: v, Typical: typical}
	}
	names := func(cs []coo.FactCell) []string {
		var out []string
		for _, x := range cs {
			out = append(out, x.Cell.A1())
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		cells  []coo.FactCell
		excess float64
		want   []string
	}{
		// B3 moved 99,900 of the 99,910: it alone explains nine tenths.
		{"one slip", []coo.FactCell{c("B2", 110, 100), c("B3", 100000, 100), c("B4", 90, 100)}, 99910, []string{"B3"}},
		// Two cells moved 50 each of 100: both are needed.
		{"two", []coo.FactCell{c("B2", 150, 100), c("B3", 150, 100), c("B4", 101, 100)}, 101, []string{"B2", "B3"}},
		// A drop: the cell that fell, not the largest one.
		{"drop", []coo.FactCell{c("B2", 1000, 1000), c("B3", 0, 500)}, -500, []string{"B3"}},
		// A new cell (no typical value) counts in full.
		{"new", []coo.FactCell{c("B2", 100, 100), c("B9", 5000, nan)}, 5000, []string{"B9"}},
		// At most three.
		{"many", []coo.FactCell{c("A1", 20, 10), c("A2", 20, 10), c("A3", 20, 10), c("A4", 20, 10)}, 40, []string{"A1", "A2", "A3"}},
		// None moved the right way: the one that moved most.
		{"none", []coo.FactCell{c("A1", 5, 10), c("A2", 9, 10)}, 3, []string{"A2"}},
		{"no cells", nil, 3, nil},
	} {
		if got := names(culprits(tc.cells, tc.excess)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: culprits = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// cellFake adds FactCells to fakeStore: one cell per month, holding the
// month's value, in B(row), row 2 for the first month.
type cellFake struct {
	fakeStore
	file string
}

func (f cellFake) FactCells(_ context.Context, m *coo.Metric, dims string, p coo.Period) ([]coo.FactCell, error) {
	s := f.fakeStore[coo.SeriesKey{Metric: m.Name, Dims: dims}]
	v, ok := s.At(p)
	if !ok {
		return nil, nil
	}
	return []coo.FactCell{{File: f.file, Cell: coo.CellRef{Sheet: "Data", Col: 2, Row: 2 + int(p-s.Start)}, Value: v, Typical: nan}}, nil
}

// TestMonthlyOneBadValue is the case: a series running at about
// 100 a month with one value of 1e12. Five months back, the forecast is
// fitted without it, the outlook stays near 12 × 100, and the report
// names the cell; in the report's month itself, where it cannot yet be
// told from a step, there is no forecast and no outlook, and the note says
// to check the data (an outlook that followed it was only flagged out of
// range).
func TestMonthlyOneBadValue(t *testing.T) {
	p := coo.NewPeriod(2026, 5)
	start := p.Add(-47)
	for _, tc := range []struct {
		name       string
		at         coo.Period
		adjusted   bool
		outOfRange bool
	}{
		{"five months back", p - 5, true, false},
		{"in the report's month", p, false, false},
	} {
		y := wavy(48, 10)
		y[int(tc.at-start)] = 1e12
		store := cellFake{fakeStore{{Metric: "sales.revenue"}: {Metric: "sales.revenue", Start: start, Values: y}}, "books/rev.xlsx"}
		r, err := Monthly(context.Background(), store, MonthlyInput{Period: p, Calendar: january, Metrics: testMetrics(), Lang: "en",
			Spec: ReportSpec{KPIs: []KPISpec{{Metric: "sales.revenue"}}}})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		k := r.KPIs[0]
		if k.OutOfRange != tc.outOfRange {
			t.Errorf("%s: OutOfRange = %v, want %v (outlook %.4g, %.4g–%.4g)", tc.name, k.OutOfRange, tc.outOfRange, k.Outlook, k.OutlookLo95, k.OutlookHi95)
		}
		if !tc.adjusted {
			if len(r.Outliers) != 0 {
				t.Errorf("%s: Outliers = %+v, want none", tc.name, r.Outliers)
			}
			if f := k.Forecast; f == nil || !strings.Contains(f.Error, "check the data") || !math.IsNaN(k.Outlook) ||
				!slices.ContainsFunc(k.Notes, func(n string) bool { return strings.Contains(n, "no forecast") }) {
				t.Errorf("%s: forecast %+v, outlook %v, notes %q; want no forecast, no outlook, and a note to check the data", tc.name, f, k.Outlook, k.Notes)
			}
			for _, f := range r.Findings {
				if f.Metric == "sales.revenue" {
					t.Errorf("%s: finding %+v; a suspected slip is no news", tc.name, f)
				}
			}
			continue
		}
		// The year: January to April actual (y[43..46], about 120 each,
		// the 1e12 among them: December is five months back from May)...
		// so the outlook's forecast part is the rest; each month of the
		// wavy series is under 130, so the forecast months stay under
		// 3 × 130 each whatever the model.
		for i, v := range k.Forecast.Mean {
			if v > 3*130 || k.Forecast.Hi95[i] > 3*130 {
				t.Errorf("%s: step %d = %.4g (hi95 %.4g), want under 390", tc.name, i+1, v, k.Forecast.Hi95[i])
			}
		}
		want := OutlierNote{Metric: "sales.revenue", Label: "Revenue", Unit: "CNY", Period: tc.at, Value: 1e12}
		if len(r.Outliers) != 1 {
			t.Fatalf("%s: Outliers = %+v, want one", tc.name, r.Outliers)
		}
		o := r.Outliers[0]
		if o.Metric != want.Metric || o.Period != want.Period || o.Value != want.Value || o.Label != want.Label ||
			math.Abs(o.Expected-y[int(tc.at-start)-1]) > 20 {
			t.Errorf("%s: Outliers[0] = %+v, want %+v with expected near %.4g", tc.name, o, want, y[int(tc.at-start)-1])
		}
		if len(o.Cells) != 1 || o.Cells[0].File != "books/rev.xlsx" || o.Cells[0].Cell.String() != "Data!B"+strconv.Itoa(2+int(tc.at-start)) {
			t.Errorf("%s: cells %+v, want books/rev.xlsx Data!B%d", tc.name, o.Cells, 2+int(tc.at-start))
		}
	}
}
