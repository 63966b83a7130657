package analysis

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gopkg.in/yaml.v3"

	"coo"
	"coo/forecast"
	"coo/internal/demo"
)

// reconcileStudy runs TestReconcileStudy, the rolling-origin backtest behind
// RECONCILIATION.md. It takes a few minutes on one core:
//
//	go test ./analysis -run TestReconcileStudy -reconcile.study -v -cpu 1 -timeout 30m
//
// (-run TestReconcileStudy/M3 or /demo for one half.) The M3 half needs the
// shared data beside the repository (../../shared/data/m3) and is skipped
// without it.
var reconcileStudy = flag.Bool("reconcile.study", false, "run the reconciliation backtest study (RECONCILIATION.md; minutes)")

// The methods compared, in the order of the tables. "MinT" is what
// Reconcile does: MinT with the shrunk covariance of seasonal naive's
// one-step errors (oneStepErrors), WLS inside forecast.Reconcile when the
// errors are too few, OLS when the summing matrix defeats MinT.
var studyMethods = []string{"base", "MinT", "WLS", "OLS", "bottom-up"}

// studyHierarchy is one hierarchy of the backtest: its series in the row
// order of S, the level each is reported under, and the data.
type studyHierarchy struct {
	name   string
	store  fakeStore
	keys   []coo.SeriesKey // rows of S
	levels []string        // the level of each row
	S      *mat.Dense
	// metric, if set, is the metric whose production structure this is:
	// Reconcile is run on it too, and its forecasts must equal the MinT
	// column's (a check that the study reconciles as coo forecast does).
	metric *coo.Metric
	// zeroOne is Reconcile's condition for NonNegative besides the data
	// (one breakdown: a summing matrix of 0s and 1s).
	zeroOne bool
}

// studyTable collects the accuracy of every (level, method) over series and
// origins, index-aligned across methods so that ratios to base pair up.
type studyTable struct {
	levels []string
	acc    map[[2]string][]forecast.Accuracy
}

func newStudyTable() *studyTable { return &studyTable{acc: map[[2]string][]forecast.Accuracy{}} }

func (tb *studyTable) add(level, method string, a forecast.Accuracy) {
	if !slices.Contains(tb.levels, level) {
		tb.levels = append(tb.levels, level)
	}
	k := [2]string{level, method}
	tb.acc[k] = append(tb.acc[k], a)
}

func (tb *studyTable) merge(o *studyTable, level func(string) string) {
	for _, l := range o.levels {
		for _, m := range studyMethods {
			for _, a := range o.acc[[2]string{l, m}] {
				tb.add(level(l), m, a)
			}
		}
	}
}

// relMAE is the geometric mean over series and origins of the method's
// MAE over base's (AvgRelMAE, Davydenko and Fildes 2013), pairs where
// either is zero left out.
func relMAE(as, base []forecast.Accuracy) float64 {
	var s float64
	n := 0
	for i := range as {
		if as[i].MAE > 0 && base[i].MAE > 0 {
			s += math.Log(as[i].MAE / base[i].MAE)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Exp(s / float64(n))
}

// wins is the share of series and origins where the method's MAE is below
// base's, ties counting half.
func wins(as, base []forecast.Accuracy) float64 {
	var w float64
	for i := range as {
		switch {
		case as[i].MAE < base[i].MAE:
			w++
		case as[i].MAE == base[i].MAE:
			w += 0.5
		}
	}
	return w / float64(len(as))
}

// markdown writes the table: a row per level and method.
func (tb *studyTable) markdown() string {
	var b strings.Builder
	b.WriteString("| level | n | method | MASE | sMAPE % | cov95 | cov80 | AvgRelMAE | MAE < base |\n|---|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range tb.levels {
		base := tb.acc[[2]string{l, "base"}]
		for _, m := range studyMethods {
			as := tb.acc[[2]string{l, m}]
			a := forecast.MeanAccuracy(as)
			rel, win := "", ""
			if m != "base" {
				rel, win = fmt.Sprintf("%.3f", relMAE(as, base)), fmt.Sprintf("%.0f%%", 100*wins(as, base))
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %.3f | %.2f | %.3f | %.3f | %s | %s |\n", l, len(as), m, a.MASE, a.SMAPE, a.Cov95, a.Cov80, rel, win)
		}
	}
	return b.String()
}

// backtest forecasts every series of hr at each origin with Auto (through
// ForecastsAt, as coo forecast does), reconciles them by each method and
// scores the h months after the origin against the data. It returns the
// table and one line per origin saying what MinT did.
func (hr *studyHierarchy) backtest(t *testing.T, ctx context.Context, origins []coo.Period, h int) (*studyTable, []string) {
	t.Helper()
	tb := newStudyTable()
	var log []string
	n, _ := hr.S.Dims()
	hr.checkCoherent(t)
	for _, origin := range origins {
		fs, err := ForecastsAt(ctx, hr.store, hr.keys, h, origin)
		if err != nil {
			t.Fatal(err)
		}
		tot := &fs[0]
		skip := ""
		for i := range fs {
			if fs[i].Err != nil {
				skip = fmt.Sprintf("%s: %v", keyName(fs[i].Key), fs[i].Err)
				break
			}
			if fs[i].Last != origin {
				skip = fmt.Sprintf("%s ends in %s", keyName(fs[i].Key), fs[i].Last)
				break
			}
		}
		if skip != "" {
			log = append(log, fmt.Sprintf("%s %s: skipped, %s", hr.name, origin, skip))
			continue
		}
		// The data as Reconcile sees it: every series over the total's months.
		ys := make([][]float64, n)
		nonNeg := true
		base := make([]*forecast.Forecast, n)
		for k := range n {
			ys[k] = aligned(hr.store[hr.keys[k]], origin, tot.Months)
			nonNeg = nonNeg && nonNegative(ys[k])
			base[k] = fs[k].Forecast
		}
		resid := oneStepErrors(ys)
		rec := map[string]*forecast.Reconciled{}
		for _, m := range studyMethods[1:] {
			opt := &forecast.ReconcileOptions{NonNegative: nonNeg && hr.zeroOne}
			switch m {
			case "MinT":
				opt.Method = forecast.ReconcileMinT
			case "WLS":
				opt.Method = forecast.ReconcileWLS
			case "OLS":
				opt.Method = forecast.ReconcileOLS
			case "bottom-up":
				opt.Method = forecast.ReconcileBottomUp
			}
			r, err := forecast.Reconcile(hr.S, base, resid, opt)
			if m == "MinT" && errors.Is(err, forecast.ErrHierarchy) {
				opt.Method = forecast.ReconcileOLS
				r, err = forecast.Reconcile(hr.S, base, resid, opt)
			}
			if err != nil {
				t.Fatalf("%s %s %s: %v", hr.name, origin, m, err)
			}
			rec[m] = r
		}
		mint := rec["MinT"]
		log = append(log, fmt.Sprintf("%s %s: %s, λ %.3f, %d months of errors %s", hr.name, origin, mint.Method, mint.Lambda, len(resid[0]), mint.Fallback))
		if hr.metric != nil {
			hr.checkProduction(t, ctx, fs, mint, origin)
		}
		for k := range n {
			s := hr.store[hr.keys[k]]
			actual := s.Slice(origin.Add(1), origin.Add(h)).Values
			if len(actual) != h || slices.ContainsFunc(actual, math.IsNaN) {
				t.Fatalf("%s %s: %d months after %s", hr.name, keyName(hr.keys[k]), len(actual), origin)
			}
			train := ys[k][len(ys[k])-min(fs[k].Months, len(ys[k])):] // its own months, not the zeros before its first
			scale := forecast.Scale(train, 12)
			tb.add(hr.levels[k], "base", forecast.Score(base[k], actual, scale))
			for _, m := range studyMethods[1:] {
				r := rec[m]
				f := &forecast.Forecast{Mean: r.Mean[k], Lo80: r.Lo80[k], Hi80: r.Hi80[k], Lo95: r.Lo95[k], Hi95: r.Hi95[k]}
				tb.add(hr.levels[k], m, forecast.Score(f, actual, scale))
			}
		}
	}
	return tb, log
}

// checkCoherent fails unless S times the bottom series gives every series
// of hr in every month (to 1e-9 of its size): the hierarchy was summed as
// S says. A bottom series is the row of S that is a unit vector.
func (hr *studyHierarchy) checkCoherent(t *testing.T) {
	t.Helper()
	n, m := hr.S.Dims()
	bottom := make([]int, m)
	for j := range m {
		bottom[j] = -1
		for i := 0; i < n && bottom[j] < 0; i++ {
			if hr.S.At(i, j) == 1 && mat.Sum(hr.S.RowView(i)) == 1 && floatsNonZero(hr.S.RawRowView(i)) == 1 {
				bottom[j] = i
			}
		}
		if bottom[j] < 0 {
			t.Fatalf("%s: no row of S is bottom series %d alone", hr.name, j)
		}
	}
	s0 := hr.store[hr.keys[0]]
	for p := s0.Start; p <= s0.End(); p = p.Add(1) {
		for i := range n {
			var sum float64
			for j, b := range bottom {
				v, ok := hr.store[hr.keys[b]].At(p)
				if !ok || math.IsNaN(v) {
					v = 0 // before a member's first month, as aligned reads it
				}
				sum += hr.S.At(i, j) * v
			}
			if v, _ := hr.store[hr.keys[i]].At(p); math.Abs(sum-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Fatalf("%s %s %s: S·bottom = %v, the data %v", hr.name, keyName(hr.keys[i]), p, sum, v)
			}
		}
	}
}

func floatsNonZero(x []float64) int {
	n := 0
	for _, v := range x {
		if v != 0 {
			n++
		}
	}
	return n
}

// checkProduction runs Reconcile on fs and fails unless it reconciled the
// same series to the MinT column's forecasts.
func (hr *studyHierarchy) checkProduction(t *testing.T, ctx context.Context, fs []SeriesForecast, mint *forecast.Reconciled, origin coo.Period) {
	t.Helper()
	cp := slices.Clone(fs)
	recs, err := Reconcile(ctx, hr.store, []coo.Metric{*hr.metric}, cp)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Series != len(hr.keys) || recs[0].Method != mint.Method.String() {
		t.Errorf("%s %s: Reconcile: %+v, want %d series by %s", hr.name, origin, recs, len(hr.keys), mint.Method)
		return
	}
	for k := range cp {
		for i, v := range cp[k].Forecast.Mean {
			if w := mint.Mean[k][i]; math.Abs(v-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("%s %s %s step %d: Reconcile gives %v, the study's MinT %v", hr.name, origin, keyName(hr.keys[k]), i+1, v, w)
				return
			}
		}
	}
}

// TestReconcileStudy is the backtest of RECONCILIATION.md: does
// reconciling help accuracy, and at which levels? See reconcileStudy for
// how to run it. It prints the tables as Markdown.
func TestReconcileStudy(t *testing.T) {
	if !*reconcileStudy {
		t.Skip("the reconciliation study runs with -reconcile.study")
	}
	ctx := context.Background()

	t.Run("M3", func(t *testing.T) {
		hr := m3Hierarchy(t, "../../shared/data/m3")
		start := coo.NewPeriod(1983, 1)
		// The last three windows of 12 months (origins after 98, 110 and
		// 122 of the 134 months), then, for more of the few aggregates, the
		// origins three and six months after each of the first two.
		windows := []coo.Period{start.Add(97), start.Add(109), start.Add(121)}
		var between []coo.Period
		for _, o := range windows[:2] {
			between = append(between, o.Add(3), o.Add(6), o.Add(9))
		}
		tb, log := hr.backtest(t, ctx, windows, 12)
		more, log2 := hr.backtest(t, ctx, between, 12)
		for _, l := range append(log, log2...) {
			t.Log(l)
		}
		t.Logf("M3 monthly, 1983-01..1994-02, %d series, origins %v, h 12:\n%s", len(hr.keys), windows, tb.markdown())
		all := newStudyTable()
		all.merge(tb, func(l string) string { return l })
		all.merge(more, func(l string) string { return l })
		t.Logf("M3 monthly, the same with origins %v too (windows overlap):\n%s", between, all.markdown())
	})

	t.Run("demo", func(t *testing.T) {
		co, err := demo.Generate(demo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		metrics := demoMetrics(t, co.ProjectFile)
		series := demoSeries(co)
		first := co.Truth.Params.First
		// Six months ahead from every month from 2025-04, the first origin
		// with two years of data (2023-04..2025-04 is 25 months), to
		// 2026-04, whose window ends with the data in 2026-10: 13 origins,
		// their windows overlapping.
		var origins []coo.Period
		for o := co.Truth.Params.Last.Add(-6); o >= first.Add(24); o = o.Add(-1) {
			origins = append([]coo.Period{o}, origins...)
		}
		pooled := newStudyTable()
		var perMetric strings.Builder
		perMetric.WriteString("| metric | levels | base MASE total | MinT | base MASE members | MinT | OLS | bottom-up |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
		for i := range metrics {
			m := &metrics[i]
			hr := demoProduction(m, series)
			tb, log := hr.backtest(t, ctx, origins, 6)
			for _, l := range log {
				t.Log(l)
			}
			pooled.merge(tb, func(l string) string {
				if l == "total" {
					return "total"
				}
				return "breakdown member"
			})
			member := func(method string) float64 {
				var as []forecast.Accuracy
				for _, l := range tb.levels[1:] {
					as = append(as, tb.acc[[2]string{l, method}]...)
				}
				return forecast.MeanAccuracy(as).MASE
			}
			total := func(method string) float64 { return forecast.MeanAccuracy(tb.acc[[2]string{"total", method}]).MASE }
			fmt.Fprintf(&perMetric, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", m.Name, strings.Join(tb.levels, ", "),
				total("base"), total("MinT"), member("base"), member("MinT"), member("OLS"), member("bottom-up"))
		}
		t.Logf("demo, %d additive metrics with breakdowns, as Reconcile builds them, origins %v, h 6:\n%s", len(metrics), origins, pooled.markdown())
		t.Logf("demo, MASE by metric (members: every breakdown member pooled):\n%s", perMetric.String())
		for _, name := range []coo.MetricName{"sales.units", "sales.revenue"} {
			i := slices.IndexFunc(metrics, func(m coo.Metric) bool { return m.Name == name })
			hr := demoCells(&metrics[i], series)
			tb, log := hr.backtest(t, ctx, origins, 6)
			for _, l := range log {
				t.Log(l)
			}
			t.Logf("demo %s with its region × product line cells (not what Reconcile builds), origins %v, h 6:\n%s", name, origins, tb.markdown())
		}
	})
}

// m3Hierarchy builds the public hierarchy of RECONCILIATION.md: the M3
// monthly series that start in 1983-01 with 134 observations (m3_meta.csv:
// sheet monthly, start_year 1983, start_period 1, n 134), training and
// test parts as one history 1983-01..1994-02; their sums by category; the
// sum of all. Rows: the total, the categories in alphabetical order, the
// series by id.
func m3Hierarchy(t *testing.T, dir string) *studyHierarchy {
	t.Helper()
	meta := readCSV(t, dir+"/m3_meta.csv")
	cat := map[string]string{}
	for _, r := range meta[1:] {
		if r[1] == "monthly" && r[2] == "134" && r[5] == "1983" && r[6] == "1" {
			cat[r[0]] = r[4]
		}
	}
	values := map[string][]float64{}
	for _, r := range readCSV(t, dir+"/m3_monthly.csv")[1:] {
		if _, ok := cat[r[0]]; !ok {
			continue
		}
		i, err := strconv.Atoi(r[2])
		if err != nil || i != len(values[r[0]])+1 {
			t.Fatalf("m3_monthly.csv: %s period %s out of order", r[0], r[2])
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		values[r[0]] = append(values[r[0]], v)
	}
	ids := make([]string, 0, len(cat))
	for id := range cat {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var cats []string
	for _, id := range ids {
		if !slices.Contains(cats, cat[id]) {
			cats = append(cats, cat[id])
		}
	}
	slices.Sort(cats)
	const months = 134
	start := coo.NewPeriod(1983, 1)
	hr := &studyHierarchy{name: "M3", store: fakeStore{}, zeroOne: true}
	put := func(dims, level string, v []float64) {
		k := coo.SeriesKey{Metric: "m3.sum", Dims: dims}
		hr.store[k] = coo.Series{Metric: "m3.sum", Dims: dims, Start: start, Values: v}
		hr.keys = append(hr.keys, k)
		hr.levels = append(hr.levels, level)
	}
	sum := func(keep func(id string) bool) []float64 {
		out := make([]float64, months)
		for _, id := range ids {
			if keep(id) {
				for i, v := range values[id] {
					out[i] += v
				}
			}
		}
		return out
	}
	put("", "total", sum(func(string) bool { return true }))
	for _, c := range cats {
		put("category="+c, "category", sum(func(id string) bool { return cat[id] == c }))
	}
	for _, id := range ids {
		if len(values[id]) != months {
			t.Fatalf("%s has %d values, want %d", id, len(values[id]), months)
		}
		put("series="+id, "series", values[id])
	}
	hr.S = mat.NewDense(len(hr.keys), len(ids), nil)
	for j, id := range ids {
		hr.S.Set(0, j, 1)
		hr.S.Set(1+slices.Index(cats, cat[id]), j, 1)
		hr.S.Set(1+len(cats)+j, j, 1)
	}
	counts := map[string]int{}
	for _, id := range ids {
		counts[cat[id]]++
	}
	t.Logf("M3 hierarchy: %d series, by category %v", len(ids), counts)
	return hr
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("data not present: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// demoMetrics reads the additive metrics with breakdowns and no filter
// from the demo's project file: those Reconcile reconciles.
func demoMetrics(t *testing.T, projectFile []byte) []coo.Metric {
	t.Helper()
	var pf struct {
		Metrics []struct {
			Name, Source, Measure, Kind, Aggregate string
			By                                     []string
			Where                                  map[string][]string
		}
	}
	if err := yaml.Unmarshal(projectFile, &pf); err != nil {
		t.Fatal(err)
	}
	var out []coo.Metric
	for _, m := range pf.Metrics {
		cm := coo.Metric{Name: coo.MetricName(m.Name), Source: m.Source, Measure: m.Measure, Kind: coo.Kind(m.Kind), Aggregate: m.Aggregate, By: m.By}
		if cm.Additive() && len(m.By) > 0 && len(m.Where) == 0 {
			out = append(out, cm)
		}
	}
	return out
}

// demoValues maps a (source, measure) to its true values: period → the
// value of each fact's dimensions (as FormatDims writes them, in the
// source's order). The cells an ingest must reject are included with the
// value the generator drew for them, so every month is complete.
type demoValues map[[2]string]map[coo.Period]map[string]float64

func demoSeries(co *demo.Company) demoValues {
	out := demoValues{}
	put := func(source, measure string, p coo.Period, dims []coo.Dim, v float64) {
		k := [2]string{source, measure}
		if out[k] == nil {
			out[k] = map[coo.Period]map[string]float64{}
		}
		if out[k][p] == nil {
			out[k][p] = map[string]float64{}
		}
		out[k][p][coo.FormatDims(dims)] += v
	}
	for _, f := range co.Truth.Facts {
		put(f.Source, f.Measure, f.Period, f.Dims, f.Value)
	}
	for _, p := range co.Truth.Problems {
		put(p.Source, p.Measure, p.Period, p.Dims, p.Value)
	}
	return out
}

// series sums the values of m whose dimensions satisfy keep, month by
// month, from the first month any of them has a value; a month without
// one is NaN.
func (dv demoValues) series(m *coo.Metric, dims string, keep func([]coo.Dim) bool) coo.Series {
	byMonth := dv[[2]string{m.Source, m.Measure}]
	var first, last coo.Period
	sums := map[coo.Period]float64{}
	for p, cells := range byMonth {
		for d, v := range cells {
			ds, _ := coo.ParseDims(d)
			if !keep(ds) {
				continue
			}
			if _, ok := sums[p]; !ok && (first == 0 || p < first) {
				first = p
			}
			if p > last {
				last = p
			}
			sums[p] += v
		}
	}
	s := coo.Series{Metric: m.Name, Dims: dims, Start: first}
	for p := first; p <= last; p = p.Add(1) {
		v, ok := sums[p]
		if !ok {
			v = math.NaN()
		}
		s.Values = append(s.Values, v)
	}
	return s
}

// members returns the values dimension d takes in m's data, sorted.
func (dv demoValues) members(m *coo.Metric, d string) []string {
	var out []string
	for _, cells := range dv[[2]string{m.Source, m.Measure}] {
		for c := range cells {
			ds, _ := coo.ParseDims(c)
			for _, x := range ds {
				if x.Key == d && !slices.Contains(out, x.Value) {
					out = append(out, x.Value)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func has(ds []coo.Dim, key, value string) bool {
	return slices.Contains(ds, coo.Dim{Key: key, Value: value})
}

// demoProduction is m's hierarchy as Reconcile builds it: the total, then
// each breakdown's members (one-key series), with summing's matrix.
func demoProduction(m *coo.Metric, dv demoValues) *studyHierarchy {
	hr := &studyHierarchy{name: string(m.Name), store: fakeStore{}, metric: m}
	put := func(dims, level string, keep func([]coo.Dim) bool) int {
		k := coo.SeriesKey{Metric: m.Name, Dims: dims}
		hr.store[k] = dv.series(m, dims, keep)
		hr.keys = append(hr.keys, k)
		hr.levels = append(hr.levels, level)
		return len(hr.keys) - 1
	}
	put("", "total", func([]coo.Dim) bool { return true })
	var h hierarchy
	h.rows = []int{0}
	for _, d := range m.By {
		var part []int
		for _, v := range dv.members(m, d) {
			pos := put(coo.FormatDims([]coo.Dim{{Key: d, Value: v}}), d, func(ds []coo.Dim) bool { return has(ds, d, v) })
			h.rows = append(h.rows, pos)
			part = append(part, pos)
		}
		h.parts = append(h.parts, part)
	}
	hr.S = summing(h)
	hr.zeroOne = len(h.parts) == 1
	return hr
}

// demoCells is m (broken down by region and product line) as a grouped
// hierarchy whose bottom series are the region × product line cells: the
// total, the regions, the product lines, the cells.
func demoCells(m *coo.Metric, dv demoValues) *studyHierarchy {
	hr := &studyHierarchy{name: string(m.Name) + " cells", store: fakeStore{}, zeroOne: true}
	put := func(dims, level string, keep func([]coo.Dim) bool) {
		k := coo.SeriesKey{Metric: m.Name, Dims: dims}
		hr.store[k] = dv.series(m, dims, keep)
		hr.keys = append(hr.keys, k)
		hr.levels = append(hr.levels, level)
	}
	regions, lines := dv.members(m, "region"), dv.members(m, "product_line")
	put("", "total", func([]coo.Dim) bool { return true })
	for _, r := range regions {
		put("region="+r, "region", func(ds []coo.Dim) bool { return has(ds, "region", r) })
	}
	for _, p := range lines {
		put("product_line="+p, "product_line", func(ds []coo.Dim) bool { return has(ds, "product_line", p) })
	}
	top := len(hr.keys)
	hr.S = mat.NewDense(top+len(regions)*len(lines), len(regions)*len(lines), nil)
	for i, r := range regions {
		for j, p := range lines {
			c := i*len(lines) + j
			put(coo.FormatDims([]coo.Dim{{Key: "region", Value: r}, {Key: "product_line", Value: p}}), "cell", func(ds []coo.Dim) bool {
				return has(ds, "region", r) && has(ds, "product_line", p)
			})
			hr.S.Set(0, c, 1)
			hr.S.Set(1+i, c, 1)
			hr.S.Set(1+len(regions)+j, c, 1)
			hr.S.Set(top+c, c, 1)
		}
	}
	return hr
}
