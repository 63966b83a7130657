package warehouse

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"coo"
)

func TestSourceMonths(t *testing.T) {
	ctx := context.Background()
	clock := t0
	db, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{Now: func() time.Time { return clock }, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := func(h int) { clock = t0.Add(time.Duration(h) * time.Hour) }
	rej := []Reject{{Sheet: "S", Cell: "B2", Reason: "not_a_number"}}
	aug := coo.NewPeriod(2026, 8)

	// sales: s1 has September (3 cells) and October (2), with 2 rejects;
	// s2 then replaces October only, so s1 stays current for September.
	at(1)
	load(t, db, File{Source: "sales", Name: "sales/s1.xlsx", SHA256: "s1"},
		[]Fact{fact("revenue", sep, "", 1, 2, 2), fact("revenue", sep, "region=East", 1, 3, 2), fact("units", sep, "", 1, 2, 3),
			fact("revenue", oct, "", 1, 4, 2), fact("units", oct, "", 1, 4, 3)}, append(rej, rej...))
	// hr: h1 has October and is wholly replaced by h2.
	load(t, db, File{Source: "hr", Name: "hr/h1.xlsx", SHA256: "h1"}, []Fact{fact("headcount", oct, "", 5, 2, 2), fact("headcount", oct, "unit=A", 5, 3, 2)}, rej)
	// ops: o1 refused, then loaded at the same path: no longer refused.
	if err := db.RefuseFile(ctx, File{Source: "ops", Name: "ops/o1.xlsx", SHA256: "o1-bad"}, Reject{Reason: "encrypted"}, 0); err != nil {
		t.Fatal(err)
	}
	// ops: o2 loaded, then a new version of it refused (twice): refused
	// after the data in use were loaded, so listed, once.
	load(t, db, File{Source: "ops", Name: "ops/o2.xlsx", SHA256: "o2"}, []Fact{fact("cost", aug, "", 7, 2, 2)}, nil)
	promote(t, db)

	at(2)
	load(t, db, File{Source: "sales", Name: "sales/s2.xlsx", SHA256: "s2"}, []Fact{fact("revenue", oct, "", 2, 2, 2)}, nil)
	load(t, db, File{Source: "hr", Name: "hr/h2.xlsx", SHA256: "h2"},
		[]Fact{fact("headcount", oct, "", 6, 2, 2), fact("headcount", oct, "unit=A", 6, 3, 2), fact("headcount", oct, "unit=B", 1, 4, 2)}, rej)
	load(t, db, File{Source: "ops", Name: "ops/o1.xlsx", SHA256: "o1-good"}, []Fact{fact("cost", sep, "", 1, 2, 2)}, nil)
	promote(t, db)
	for _, sha := range []string{"o2-bad", "o2-worse"} {
		if err := db.RefuseFile(ctx, File{Source: "ops", Name: "ops/o2.xlsx", SHA256: sha}, Reject{Reason: "encrypted"}, 0); err != nil {
			t.Fatal(err)
		}
	}
	// finance: only ever refused.
	if err := db.RefuseFile(ctx, File{Source: "finance", Name: "finance/f.xlsx", SHA256: "f"}, Reject{Reason: "not_a_workbook"}, 0); err != nil {
		t.Fatal(err)
	}
	// marketing: staged, never promoted: no data yet.
	at(3)
	load(t, db, File{Source: "marketing", Name: "mkt/m.xlsx", SHA256: "m"}, []Fact{fact("leads", oct, "", 9, 2, 2)}, nil)

	t1, t2 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	for _, tc := range []struct {
		p    coo.Period
		want []coo.SourceMonth
	}{
		{oct, []coo.SourceMonth{
			{Source: "finance", Refused: []string{"finance/f.xlsx"}},
			{Source: "hr", Files: []string{"hr/h2.xlsx"}, Facts: 3, Rejects: 1, LoadedAt: t2, Last: oct},
			{Source: "marketing"},
			{Source: "ops", Refused: []string{"ops/o2.xlsx"}, Last: sep},
			// s2 lacks October's units, which it replaced: its reject "dropped"
			{Source: "sales", Files: []string{"sales/s2.xlsx"}, Facts: 1, Rejects: 1, LoadedAt: t2, Last: oct},
		}},
		{sep, []coo.SourceMonth{
			{Source: "finance", Refused: []string{"finance/f.xlsx"}},
			{Source: "hr", Last: oct},
			{Source: "marketing"},
			{Source: "ops", Files: []string{"ops/o1.xlsx"}, Facts: 1, LoadedAt: t2, Refused: []string{"ops/o2.xlsx"}, Last: sep},
			{Source: "sales", Files: []string{"sales/s1.xlsx"}, Facts: 3, Rejects: 2, LoadedAt: t1, Last: oct},
		}},
		{aug, []coo.SourceMonth{
			{Source: "finance", Refused: []string{"finance/f.xlsx"}},
			{Source: "hr", Last: oct},
			{Source: "marketing"},
			{Source: "ops", Files: []string{"ops/o2.xlsx"}, Facts: 1, LoadedAt: t1, Refused: []string{"ops/o2.xlsx"}, Last: sep},
			{Source: "sales", Last: oct},
		}},
	} {
		got, err := db.SourceMonths(ctx, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		// A month without files has no load time.
		for i := range tc.want {
			if tc.want[i].LoadedAt.IsZero() {
				tc.want[i].LoadedAt = time.Time{}.UTC()
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SourceMonths(%s):", tc.p)
			for i := range max(len(got), len(tc.want)) {
				var g, w coo.SourceMonth
				if i < len(got) {
					g = got[i]
				}
				if i < len(tc.want) {
					w = tc.want[i]
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("  got  %+v\n  want %+v", g, w)
				}
			}
		}
	}
	// The data's last month: the latest with data.
	if got, err := db.SourceMonths(ctx, 0); err != nil || len(got) != 5 || got[3].Last != sep || got[4].Last != oct || got[4].Facts != 0 {
		t.Errorf("SourceMonths(0) = %+v, %v", got, err)
	}

	// An empty warehouse has no sources.
	empty := mustOpen(t, filepath.Join(t.TempDir(), "e.duckdb"))
	if got, err := empty.SourceMonths(ctx, oct); err != nil || len(got) != 0 {
		t.Errorf("empty warehouse: %+v, %v", got, err)
	}
}

// fc is a stored forecast with steps base+i (bounds ±1, ±2).
func fc(metric coo.MetricName, dims string, origin coo.Period, base float64, n int) coo.StoredForecast {
	f := coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: metric, Dims: dims}, Origin: origin, First: origin - 35, Months: 36, Method: "ETS(A,N,N)", Rule: "lowest AICc",
		BacktestSMAPE: 0.1, BacktestMASE: 0.8, BenchmarkSMAPE: 0.12, BenchmarkMASE: 0.9, BacktestCov95: 0.95,
		BacktestPoints: 24, BacktestMonths: 12, Warning: "w", Note: "n", Summary: "s"}
	for i := range n {
		m := base + float64(i)
		f.Mean = append(f.Mean, m)
		f.Lo80, f.Hi80 = append(f.Lo80, m-1), append(f.Hi80, m+1)
		f.Lo95, f.Hi95 = append(f.Lo95, m-2), append(f.Hi95, m+2)
	}
	return f
}

func TestStoredForecasts(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	save := func(run int64, fs ...coo.StoredForecast) {
		t.Helper()
		if err := db.SaveForecasts(ctx, run, fs); err != nil {
			t.Fatal(err)
		}
	}
	nanFigures := fc("sales.revenue", "", oct, 10, 3)
	nanFigures.BacktestSMAPE, nanFigures.BacktestMASE, nanFigures.BenchmarkSMAPE = math.NaN(), math.NaN(), math.NaN()
	nanFigures.BenchmarkMASE, nanFigures.BacktestCov95 = math.NaN(), math.Inf(1)
	failed := coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: "hr.headcount"}, Origin: oct, First: oct - 5, Months: 6, Error: "too short", Summary: "no forecast: too short",
		BacktestSMAPE: math.NaN(), BacktestMASE: math.NaN(), BenchmarkSMAPE: math.NaN(), BenchmarkMASE: math.NaN(), BacktestCov95: math.NaN()}

	save(0, fc("sales.revenue", "", oct, 100, 3)) // no run: older than any run
	save(5, fc("sales.revenue", "", oct, 1, 3), fc("sales.revenue", "region=East", oct, 50, 2), fc("sales.revenue", "", sep, 7, 4))
	save(7, nanFigures, failed)
	save(3, fc("sales.revenue", "region=East", oct, 900, 2)) // an older run, saved later

	got, err := db.StoredForecasts(ctx, oct)
	if err != nil {
		t.Fatal(err)
	}
	east := fc("sales.revenue", "region=East", oct, 50, 2)
	want := []coo.StoredForecast{failed, nanFigures, east}
	if len(got) != len(want) {
		t.Fatalf("StoredForecasts(oct) = %d forecasts, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.SeriesKey != w.SeriesKey || g.Origin != oct || g.First != w.First || g.Months != w.Months || g.Method != w.Method || g.Rule != w.Rule ||
			g.Warning != w.Warning || g.Note != w.Note || g.Error != w.Error || g.Summary != w.Summary {
			t.Errorf("forecast %d = %+v, want %+v", i, g, w)
		}
		for _, p := range [][3]float64{
			{g.BacktestSMAPE, w.BacktestSMAPE}, {g.BacktestMASE, w.BacktestMASE}, {g.BenchmarkSMAPE, w.BenchmarkSMAPE},
			{g.BenchmarkMASE, w.BenchmarkMASE},
		} {
			if !(p[0] == p[1] || math.IsNaN(p[0]) && math.IsNaN(p[1])) {
				t.Errorf("forecast %d (%s): backtest figure %v, want %v", i, w.SeriesKey, p[0], p[1])
			}
		}
		for _, s := range [][2][]float64{{g.Mean, w.Mean}, {g.Lo80, w.Lo80}, {g.Hi80, w.Hi80}, {g.Lo95, w.Lo95}, {g.Hi95, w.Hi95}} {
			if !reflect.DeepEqual(s[0], s[1]) {
				t.Errorf("forecast %d (%s): steps %v, want %v", i, w.SeriesKey, s[0], s[1])
			}
		}
	}
	// Inf is stored as NULL too.
	if !math.IsNaN(got[1].BacktestCov95) || !math.IsNaN(got[0].BacktestCov95) || got[2].BacktestCov95 != 0.95 {
		t.Errorf("cov95: %v %v %v", got[0].BacktestCov95, got[1].BacktestCov95, got[2].BacktestCov95)
	}
	if got[0].Mean != nil {
		t.Errorf("failed forecast has steps %v", got[0].Mean)
	}

	// Steps come back in step order however they were written.
	for _, step := range []int{3, 1, 2} {
		if _, err := db.sql.Exec(`INSERT INTO forecasts VALUES (9, 'ops.cost', '', ?, ?, ?, 'naive', ?, ?, ?, ?, ?)`,
			sep.String(), step, sep.Add(step).String(), float64(step), float64(step)-1, float64(step)+1, float64(step)-2, float64(step)+2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.sql.Exec(`INSERT INTO forecast_models VALUES (9, 'ops.cost', '', ?, '2024-01', 33, 'naive', 'r', NULL, NULL, NULL, NULL, NULL, '', '', '', '', 0, 0, NULL)`, sep.String()); err != nil {
		t.Fatal(err)
	}
	got, err = db.StoredForecasts(ctx, sep)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Metric != "ops.cost" || got[1].Metric != "sales.revenue" {
		t.Fatalf("StoredForecasts(sep) = %+v", got)
	}
	if o := got[0]; !reflect.DeepEqual(o.Mean, []float64{1, 2, 3}) || !reflect.DeepEqual(o.Hi95, []float64{3, 4, 5}) || o.First != coo.NewPeriod(2024, 1) ||
		o.Months != 33 || !math.IsNaN(o.BacktestMASE) || o.Origin != sep {
		t.Errorf("ops.cost = %+v", o)
	}
	if r := got[1]; !reflect.DeepEqual(r.Mean, []float64{7, 8, 9, 10}) {
		t.Errorf("sales.revenue at sep: %v, want [7 8 9 10]", r.Mean)
	}
	if got, err := db.StoredForecasts(ctx, coo.NewPeriod(2026, 8)); err != nil || len(got) != 0 {
		t.Errorf("StoredForecasts(aug) = %+v, %v; want none", got, err)
	}
}

// TestLatestForecastsAfterError: the latest_forecasts view shows a series'
// latest run, and nothing when that run could not forecast it (found from
// outside: a series whose new month stopped its forecast kept showing the
// forecast of the run before, which no longer added up with the others).
func TestLatestForecastsAfterError(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	failed := coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: "hr.headcount"}, Origin: oct, First: oct - 5, Months: 6, Error: "check the data",
		BacktestSMAPE: math.NaN(), BacktestMASE: math.NaN(), BenchmarkSMAPE: math.NaN(), BenchmarkMASE: math.NaN(), BacktestCov95: math.NaN()}
	for run, fs := range map[int64][]coo.StoredForecast{
		1: {fc("hr.headcount", "", oct, 300, 3), fc("sales.revenue", "", oct, 10, 3)},
		2: {failed, fc("sales.revenue", "", oct, 20, 3)},
	} {
		if err := db.SaveForecasts(ctx, run, fs); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT metric, run_id, count(*) FROM latest_forecasts GROUP BY ALL ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var m string
		var run, n int64
		if err := rows.Scan(&m, &run, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s run %d: %d steps", m, run, n))
	}
	if want := []string{"sales.revenue run 2: 3 steps"}; !reflect.DeepEqual(got, want) {
		t.Errorf("latest_forecasts = %q, want %q", got, want)
	}
}
