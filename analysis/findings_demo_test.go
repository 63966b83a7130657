package analysis_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
	"coo/internal/demo"
	"coo/internal/project"
)

// truthStore serves the demo generator's ground truth as the warehouse
// would: each metric's monthly sum of its facts (after its where filter),
// in total and by each dimension.
type truthStore map[coo.SeriesKey]map[coo.Period]float64

func (s truthStore) Series(_ context.Context, m coo.MetricName, dims string) (coo.Series, error) {
	vals := s[coo.SeriesKey{Metric: m, Dims: dims}]
	if len(vals) == 0 {
		return coo.Series{Metric: m}, nil
	}
	lo, hi := coo.Period(math.MaxInt32), coo.Period(0)
	for p := range vals {
		lo, hi = min(lo, p), max(hi, p)
	}
	out := coo.Series{Metric: m, Start: lo}
	for p := lo; p <= hi; p++ {
		v, ok := vals[p]
		if !ok {
			v = math.NaN()
		}
		out.Values = append(out.Values, v)
	}
	return out, nil
}

func (s truthStore) Breakdowns(_ context.Context, m coo.MetricName, dim string) ([]string, error) {
	var out []string
	for k := range s {
		if k.Metric == m && strings.HasPrefix(k.Dims, dim+"=") {
			out = append(out, k.Dims)
		}
	}
	sort.Strings(out)
	return out, nil
}

// demoTruth builds the demo company's project and its ground truth, less
// the rows ingest sets aside whole (as TestReportMonthlyAgainstTruth does).
func demoTruth(t *testing.T) (*project.Project, truthStore) {
	t.Helper()
	co, err := demo.Generate(demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, err := project.Parse(co.ProjectFile, "coo.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	store := truthStore{}
	add := func(k coo.SeriesKey, p coo.Period, v float64) {
		if store[k] == nil {
			store[k] = map[coo.Period]float64{}
		}
		store[k][p] += v
	}
	// The demo's warehouse holds every value of the model: the planted
	// problem cells were set aside, then loaded from the corrected workbooks.
	facts := co.Truth.Facts
	for _, pr := range co.Truth.Problems {
		facts = append(facts, demo.Fact{Source: pr.Source, Measure: pr.Measure, Period: pr.Period, Dims: pr.Dims, Value: pr.Value})
	}
	for _, f := range facts {
	metrics:
		for _, m := range p.Metrics {
			if m.Source != f.Source || m.Measure != f.Measure {
				continue
			}
			if m.Aggregate != "" && m.Aggregate != "sum" {
				t.Fatalf("%s: aggregate %s: the truth store only sums", m.Name, m.Aggregate)
			}
			for _, w := range m.Where {
				ok := false
				for _, d := range f.Dims {
					for _, v := range w.Values {
						ok = ok || (d.Key == w.Dim && d.Value == v)
					}
				}
				if !ok {
					continue metrics
				}
			}
			add(coo.SeriesKey{Metric: m.Name}, f.Period, f.Value)
			for _, d := range f.Dims {
				add(coo.SeriesKey{Metric: m.Name, Dims: d.Key + "=" + d.Value}, f.Period, f.Value)
			}
		}
	}
	return p, store
}

// TestFindingsDemo checks the demo's findings for 2026-10 against a
// ranking this test computes from the generator's ground truth with the
// formula of analysis.RankFindings's documentation, written again here:
// for each figure and comparison, d and its history h over the 24 months
// before; z = |d - c| / max(1.4826 MAD(h), 0.01), c = 0 against a budget
// and median(h) against last year; weight 0.5 + 0.5 min(1, share) for
// money, 0.5 otherwise; a cost growing on last year no faster than
// revenue is no news; each figure's best comparison; z ≥ 1; top 5.
func TestFindingsDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo company")
	}
	proj, store := demoTruth(t)
	p := coo.NewPeriod(2026, 10)
	fyStart := proj.Calendar.YearStart(proj.Calendar.FiscalYear(p))
	n := int(p-fyStart) + 1 // 7: April to October

	series := func(m coo.MetricName, dims string) map[coo.Period]float64 {
		return store[coo.SeriesKey{Metric: m, Dims: dims}]
	}
	val := func(s map[coo.Period]float64, q coo.Period) float64 {
		if v, ok := s[q]; ok {
			return v
		}
		return math.NaN()
	}
	sumN := func(s map[coo.Period]float64, q coo.Period) float64 {
		t := 0.0
		for i := 0; i < n; i++ {
			t += val(s, q-coo.Period(i))
		}
		return t
	}
	type want struct {
		label, basis string
		z, score     float64
		good         bool
		change       float64
	}
	meta := map[coo.MetricName]coo.Metric{}
	for _, m := range proj.Metrics {
		meta[m.Name] = m
	}
	spec := proj.Report.ReportSpec
	money := meta[spec.KPIs[0].Metric].Unit
	// The company totals: the largest headline figure in money of each polarity.
	var revenue, cost float64
	var revenueMetric coo.MetricName
	for _, k := range spec.KPIs {
		if meta[k.Metric].Unit != money {
			continue
		}
		v := val(series(k.Metric, ""), p)
		if k.LowerIsBetter {
			cost = math.Max(cost, v)
		} else if v > revenue {
			revenue, revenueMetric = v, k.Metric
		}
	}
	type fig struct {
		label         string
		lowerIsBetter bool
		moneyShare    float64 // NaN: not money
		x, b          func(coo.Period) float64
		flow, ratio   bool
	}
	var figs []fig
	seen := map[coo.MetricName]bool{}
	addKPI := func(k analysis.KPISpec) {
		if seen[k.Metric] {
			return
		}
		seen[k.Metric] = true
		s := series(k.Metric, "")
		f := fig{label: meta[k.Metric].Label, lowerIsBetter: k.LowerIsBetter, moneyShare: math.NaN(),
			x: func(q coo.Period) float64 { return val(s, q) }, flow: meta[k.Metric].Kind != coo.Stock}
		if k.Budget != "" {
			bs := series(k.Budget, "")
			f.b = func(q coo.Period) float64 { return val(bs, q) }
		}
		if meta[k.Metric].Unit == money {
			tot := revenue
			if k.LowerIsBetter {
				tot = cost
			}
			f.moneyShare = val(s, p) / tot
		}
		figs = append(figs, f)
	}
	for _, k := range spec.KPIs {
		addKPI(k)
	}
	for _, d := range spec.Departments {
		for _, k := range d.KPIs {
			addKPI(k)
		}
		for _, r := range d.Ratios {
			num, den := series(r.Num.Metric, r.Num.Dims), series(r.Den.Metric, r.Den.Dims)
			figs = append(figs, fig{label: r.Name, lowerIsBetter: r.LowerIsBetter, moneyShare: math.NaN(), ratio: true,
				x: func(q coo.Period) float64 { return val(num, q) / val(den, q) }})
		}
	}
	median := func(xs []float64) float64 {
		s := append([]float64(nil), xs...)
		sort.Float64s(s)
		if len(s)%2 == 1 {
			return s[len(s)/2]
		}
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	revenueChange := map[string]float64{}
	type cand struct {
		want
		lowerIsBetter, money bool
	}
	var cands [][]cand // per figure
	for _, f := range figs {
		type cmp struct {
			basis   string
			d       func(q coo.Period) float64
			vsUsual bool
		}
		var cmps []cmp
		if f.b != nil {
			cmps = append(cmps, cmp{"budget", func(q coo.Period) float64 { return f.x(q)/f.b(q) - 1 }, false})
		}
		cmps = append(cmps, cmp{"yoy", func(q coo.Period) float64 { return f.x(q)/f.x(q-12) - 1 }, true})
		if f.flow && !f.ratio {
			X := func(q coo.Period) float64 {
				s := 0.0
				for i := 0; i < n; i++ {
					s += f.x(q - coo.Period(i))
				}
				return s
			}
			cmps = append(cmps, cmp{"ytd", func(q coo.Period) float64 { return X(q)/X(q-12) - 1 }, true})
			if f.b != nil {
				B := func(q coo.Period) float64 {
					s := 0.0
					for i := 0; i < n; i++ {
						s += f.b(q - coo.Period(i))
					}
					return s
				}
				cmps = append(cmps, cmp{"ytdbudget", func(q coo.Period) float64 { return X(q)/B(q) - 1 }, false})
			}
		}
		var cs []cand
		for _, c := range cmps {
			d := c.d(p)
			if math.IsNaN(d) || math.IsInf(d, 0) {
				continue
			}
			var h []float64
			for q := p - 24; q < p; q++ {
				if v := c.d(q); !math.IsNaN(v) && !math.IsInf(v, 0) {
					h = append(h, v)
				}
			}
			if len(h) < 6 {
				continue
			}
			med := median(h)
			var dev []float64
			for _, v := range h {
				dev = append(dev, math.Abs(v-med))
			}
			spread := math.Max(1.4826*median(dev), 0.01)
			usual := 0.0
			if c.vsUsual {
				usual = med
			}
			w := 0.5
			if !math.IsNaN(f.moneyShare) {
				w = 0.5 + 0.5*math.Min(1, f.moneyShare)
			}
			z := math.Abs(d-usual) / spread
			cs = append(cs, cand{want{f.label, c.basis, z, z * w, (d-usual > 0) != f.lowerIsBetter, d}, f.lowerIsBetter, !math.IsNaN(f.moneyShare)})
			if f.label == meta[revenueMetric].Label {
				revenueChange[c.basis] = d
			}
			_ = sumN
		}
		cands = append(cands, cs)
	}
	var best []want
	for _, cs := range cands {
		var b *want
		for i := range cs {
			c := cs[i]
			if c.lowerIsBetter && c.money && (c.basis == "yoy" || c.basis == "ytd") && c.change > 0 && c.change <= revenueChange[c.basis] {
				continue // a cost growing slower than revenue: no news
			}
			if b == nil || c.score > b.score {
				b = &cs[i].want
			}
		}
		if b != nil {
			best = append(best, *b)
		}
	}
	sort.SliceStable(best, func(i, j int) bool { return best[i].score > best[j].score })
	var wantList []string
	for _, b := range best {
		t.Logf("truth: %-24s %-9s z %5.2f score %5.2f good %v", b.label, b.basis, b.z, b.score, b.good)
		if b.z >= 1 && len(wantList) < 5 {
			wantList = append(wantList, fmt.Sprintf("%s/%s/%v", b.label, b.basis, b.good))
		}
	}

	r, err := analysis.Monthly(context.Background(), store, analysis.MonthlyInput{Period: p, Calendar: proj.Calendar,
		Metrics: proj.Metrics, Spec: spec, Lang: "en", Forecasts: flatForecasts(spec, p)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%s/%s/%v", f.Label, f.Basis, f.Good))
	}
	if strings.Join(got, "\n") != strings.Join(wantList, "\n") {
		t.Errorf("findings:\n%s\nwant (from the truth):\n%s", strings.Join(got, "\n"), strings.Join(wantList, "\n"))
	}
	for _, f := range r.Findings {
		t.Logf("finding: %s: %s", f.Text, f.Why)
	}
	t.Logf("headline: %s", r.Headline.Text)
}

// flatForecasts are stored forecasts of every reported metric at p, so
// that Monthly computes none: findings do not read them.
func flatForecasts(spec analysis.ReportSpec, p coo.Period) []coo.StoredForecast {
	var out []coo.StoredForecast
	add := func(ks []analysis.KPISpec) {
		for _, k := range ks {
			f := coo.StoredForecast{SeriesKey: coo.SeriesKey{Metric: k.Metric}, Origin: p, Method: "flat"}
			for range 18 {
				f.Mean, f.Lo80, f.Hi80, f.Lo95, f.Hi95 = append(f.Mean, 1), append(f.Lo80, 1), append(f.Hi80, 1), append(f.Lo95, 1), append(f.Hi95, 1)
			}
			out = append(out, f)
		}
	}
	add(spec.KPIs)
	for _, d := range spec.Departments {
		add(d.KPIs)
	}
	return out
}
