package analysis

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"coo"
	"coo/forecast"
)

// fakeStore serves series from memory.
type fakeStore map[coo.SeriesKey]coo.Series

func (f fakeStore) Series(_ context.Context, m coo.MetricName, dims string) (coo.Series, error) {
	return f[coo.SeriesKey{Metric: m, Dims: dims}], nil
}

// seasonal is a noiseless trend with a yearly cycle: its future is known.
func seasonal(t int) float64 { return 1000 + 5*float64(t) + 80*math.Sin(2*math.Pi*float64(t)/12) }

func TestForecasts(t *testing.T) {
	start := coo.NewPeriod(2022, 1)
	clean := make([]float64, 48)
	for i := range clean {
		clean[i] = seasonal(i)
	}
	gappy := append([]float64(nil), clean...)
	gappy[10] = math.NaN()
	keys := []coo.SeriesKey{{Metric: "a.clean"}, {Metric: "a.gappy"}, {Metric: "a.empty"}, {Metric: "a.endgap"}}
	store := fakeStore{
		keys[0]: {Start: start, Values: clean},
		keys[1]: {Start: start, Values: gappy},
		keys[3]: {Start: start, Values: []float64{1, 2, math.NaN()}},
	}
	got, err := Forecasts(context.Background(), store, keys, 12)
	if err != nil {
		t.Fatal(err)
	}
	c := got[0]
	if c.Err != nil || c.Last != coo.NewPeriod(2025, 12) || c.Months != 48 || c.Forecast.H() != 12 {
		t.Fatalf("clean: %+v", c)
	}
	// analysis hands the engine the series as it is (the engine's accuracy
	// is tested in package forecast).
	direct, err := forecast.Auto(clean, 12, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range c.Forecast.Mean {
		if v != direct.Mean[i] {
			t.Errorf("clean step %d: %v, forecast.Auto gives %v", i+1, v, direct.Mean[i])
		}
		if !(c.Forecast.Lo95[i] <= c.Forecast.Lo80[i] && c.Forecast.Lo80[i] <= v && v <= c.Forecast.Hi80[i] && c.Forecast.Hi80[i] <= c.Forecast.Hi95[i]) {
			t.Errorf("clean step %d: intervals out of order", i+1)
		}
	}
	if s := c.Stored(); s.Summary == "" || s.Method == "" || len(s.Mean) != 12 || s.Error != "" {
		t.Errorf("clean stored: %+v", s)
	}
	g := got[1]
	if g.Err != nil || g.First != coo.NewPeriod(2022, 12) || g.Months != 37 || !strings.Contains(g.Note, "2022-11") {
		t.Errorf("gappy: first %s, %d months, note %q, err %v; want the 37 months after the gap in 2022-11, said in the note", g.First, g.Months, g.Note, g.Err)
	}
	if direct, _ := forecast.Auto(clean[11:], 12, 12, nil); g.Err == nil && g.Forecast.Mean[0] != direct.Mean[0] {
		t.Errorf("gappy: forecast %v, forecast.Auto on the months after the gap gives %v", g.Forecast.Mean[0], direct.Mean[0])
	}
	if got[2].Err == nil || got[3].Err == nil {
		t.Errorf("empty and end-gap series: errors %v, %v; want both", got[2].Err, got[3].Err)
	}
	if s := got[3].Stored(); s.Error == "" || len(s.Mean) != 0 {
		t.Errorf("end-gap stored: %+v", s)
	}
}

// TestForecastsFloorAtZero: a count that has never been negative gets no
// negative forecast or bound; a series with a negative value keeps them.
func TestForecastsFloorAtZero(t *testing.T) {
	start := coo.NewPeriod(2022, 1)
	counts := make([]float64, 36)
	signed := make([]float64, 36)
	for i := range counts {
		counts[i] = float64([]int{0, 3, 1, 0, 5, 2, 0, 1, 4, 0, 2, 1}[i%12])
		signed[i] = counts[i] - 2
	}
	keys := []coo.SeriesKey{{Metric: "a.counts"}, {Metric: "a.signed"}}
	store := fakeStore{keys[0]: {Start: start, Values: counts}, keys[1]: {Start: start, Values: signed}}
	got, err := Forecasts(context.Background(), store, keys, 12)
	if err != nil {
		t.Fatal(err)
	}
	negative := func(f *forecast.Forecast) bool {
		for _, s := range [][]float64{f.Mean, f.Lo80, f.Lo95} {
			for _, v := range s {
				if v < 0 {
					return true
				}
			}
		}
		return false
	}
	if got[0].Err != nil || negative(got[0].Forecast) {
		t.Errorf("a never-negative count got a negative forecast or bound (err %v)", got[0].Err)
	}
	if got[1].Err != nil || !negative(got[1].Forecast) {
		t.Errorf("a series with negative values should keep its negative bounds (err %v)", got[1].Err)
	}
}

// TestForecastsLatestSlip: a latest month a thousand times the history (a
// headcount of 146 entered as 146,000) gets no forecast, and says why,
// where before the forecast followed it to 67,000-94,000 people with a 95%
// bound of 4.4e9 (found from outside on the demo). A second month at the
// new level is forecast from; a first sale after zeros is not judged.
func TestForecastsLatestSlip(t *testing.T) {
	start := coo.NewPeriod(2023, 1)
	clean := make([]float64, 36)
	for i := range clean {
		clean[i] = seasonal(i) / 4 // 230-290 people
	}
	slipped := append(slices.Clone(clean), clean[35]*1000)
	confirmed := append(slices.Clone(slipped), clean[35]*1000)
	first := append(make([]float64, 30), 3)
	keys := []coo.SeriesKey{{Metric: "hr.slipped"}, {Metric: "hr.confirmed"}, {Metric: "a.first"}}
	store := fakeStore{keys[0]: {Start: start, Values: slipped}, keys[1]: {Start: start, Values: confirmed}, keys[2]: {Start: start, Values: first}}
	got, err := Forecasts(context.Background(), store, keys, 12)
	if err != nil {
		t.Fatal(err)
	}
	if e := got[0].Err; e == nil || !strings.Contains(e.Error(), "2026-01") || !strings.Contains(e.Error(), "check the data") {
		t.Errorf("slipped latest month: err %v, want no forecast naming 2026-01 and saying to check the data", e)
	}
	if s := got[0].Stored(); s.Error == "" || len(s.Mean) != 0 {
		t.Errorf("slipped stored: %+v", s)
	}
	if got[1].Err != nil || got[1].Forecast.Mean[0] < 100*clean[35] {
		t.Errorf("confirmed new level: err %v; want a forecast at the new level", got[1].Err)
	}
	if got[2].Err != nil {
		t.Errorf("a first count after zeros: err %v, want a forecast", got[2].Err)
	}
}

// TestForecastsTooShort: a series too short for any member says so in one
// line, not with every member's reason (found from outside: the report
// printed "auto: comb: auto ETS: forecast: series too short: 3
// observations theta: ETS(A,N,N): …").
func TestForecastsTooShort(t *testing.T) {
	long := make([]float64, 42)
	for i := range long {
		long[i] = 100 + float64(i%12)
	}
	long[40] = math.NaN() // a month missing: one month after it
	for _, tc := range []struct {
		y    []float64
		want string
	}{
		{[]float64{100, 110, 105}, "3 months of history are too few for a forecast"},
		{[]float64{100}, "1 month of history is too few for a forecast"},
		// found from outside: "1 months of history are too few" of 42
		{long, "no data for 2029-12: the 1 month since is too few for a forecast"},
	} {
		key := coo.SeriesKey{Metric: "a.short"}
		store := fakeStore{key: {Start: coo.NewPeriod(2026, 8), Values: tc.y}}
		got, err := Forecasts(context.Background(), store, []coo.SeriesKey{key}, 12)
		if err != nil {
			t.Fatal(err)
		}
		if e := got[0].Err; e == nil || e.Error() != tc.want {
			t.Errorf("Err = %v, want %s", e, tc.want)
		}
	}
}

// TestCurrent: a stored forecast is the report's only while its series
// holds the history it read (found from outside: a payroll sent 30% too
// high, forecast, then corrected, kept its outlook in the report).
func TestCurrent(t *testing.T) {
	ctx := context.Background()
	origin := coo.NewPeriod(2026, 6)
	y := make([]float64, 30)
	for i := range y {
		y[i] = 100 + float64(i)
	}
	start := origin.Add(-29)
	series := func(edit func([]float64)) coo.Series {
		v := append(append([]float64(nil), y...), 200) // a month after the origin, which it did not read
		edit(v)
		return coo.Series{Start: start, Values: v}
	}
	keys := []coo.SeriesKey{key("a.x", ""), key("a.x", "region=North")}
	made := fakeStore{keys[0]: series(func([]float64) {}), keys[1]: series(func([]float64) {})}
	fcs, err := ForecastsAt(ctx, made, keys, 3, origin)
	if err != nil {
		t.Fatal(err)
	}
	var stored []coo.StoredForecast
	for _, f := range fcs {
		stored = append(stored, f.Stored())
	}
	old := stored[0]
	old.Data = "" // stored before schema 8
	for _, tc := range []struct {
		name string
		edit func([]float64)
		fs   []coo.StoredForecast
		want int // of fs kept
	}{
		{"as made", func([]float64) {}, stored, 2},
		{"a month after the origin changed", func(v []float64) { v[30] = 250 }, stored, 2},
		{"a month corrected", func(v []float64) { v[29] = 130 }, stored, 1},
		{"the first month corrected", func(v []float64) { v[0] = 99 }, stored, 1},
		{"a gap now", func(v []float64) { v[10] = math.NaN() }, stored, 1},
		{"not known", func([]float64) {}, []coo.StoredForecast{old}, 0},
	} {
		store := fakeStore{keys[0]: series(tc.edit), keys[1]: series(func([]float64) {})}
		got, err := Current(ctx, store, tc.fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want {
			t.Errorf("%s: %d of %d kept, want %d", tc.name, len(got), len(tc.fs), tc.want)
		}
		if tc.want == 1 && got[0].SeriesKey != keys[1] {
			t.Errorf("%s: kept %v, want the member whose history is unchanged", tc.name, got[0].SeriesKey)
		}
	}
	// A gap that was filled since: the forecast read the months after it only.
	gappy := series(func(v []float64) { v[5] = math.NaN() })
	fcs, err = ForecastsAt(ctx, fakeStore{keys[0]: gappy}, keys[:1], 3, origin)
	if err != nil {
		t.Fatal(err)
	}
	s := fcs[0].Stored()
	if got, _ := Current(ctx, fakeStore{keys[0]: gappy}, []coo.StoredForecast{s}); len(got) != 1 {
		t.Errorf("after a gap, unchanged: not kept")
	}
	if got, _ := Current(ctx, fakeStore{keys[0]: series(func([]float64) {})}, []coo.StoredForecast{s}); len(got) != 0 {
		t.Errorf("the gap filled since: kept, want it forecast again from the whole history")
	}
}
