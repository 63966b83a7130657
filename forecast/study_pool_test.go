package forecast

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The pooled training-part study: every candidate member is fitted once per
// series (on the training part less its last h observations, and refitted
// at Auto's backtest origins inside that), and the combination rules and
// interval calibrations are then compared on the cached forecasts. Like
// TestStudy it never reads the M3 hold-out:
//
//	go test ./forecast/ -run TestStudyPool -study.pool monthly -v
var studyPool = flag.String("study.pool", "", "run the pooled training-part study on an M3 sheet (monthly, quarterly, yearly)")

// poolMembers are the candidate members of the study.
var poolMembers = []string{"ets", "theta", "damped", "ses", "holt", "naive2", "drift2"}

type poolSeries struct {
	y, actual []float64
	scale     float64
	final     []*Forecast   // by member, h steps from y; nil if it failed
	origins   []int         // Auto's origins inside y
	bt        [][]*Forecast // [member][origin], min(h, n−o) steps; nil if it failed
	bench     []*Forecast   // seasonal naive (naive if m == 1) per origin
}

// poolRules are the seasonality rules a member may name after a colon
// ("theta:diff"): the seasonal adjustment of theta, ses, damped or holt is
// then decided by that rule instead of R's test (see seasonRule); "ets"
// adds "or ETS selected a seasonal model", which needs the ets member
// listed first.
var poolRules = map[string]seasonRule{
	"acf":       {test: testACF},
	"diff":      {test: testDiff},
	"either":    {test: testEither},
	"str":       {test: testStrength},
	"ets":       {test: testACF, ets: true},
	"etsdiff":   {test: testDiff, ets: true},
	"etsonly":   {test: testNone, ets: true},
	"always":    {test: testNone, ets: true, etsSeasonal: true},
	"etseither": {test: testEither, ets: true},
}

// poolFit fits member name on y (see poolMembers and poolRules);
// etsSeasonal is whether the ets member selected a seasonal model.
func poolFit(name string, y []float64, m int, etsSeasonal bool) (model, error) {
	if md, ok, err := r12Fit(name, y, m); ok {
		return md, err
	}
	if md, ok, err := r11Fit(name, y, m); ok {
		return md, err
	}
	if v, ok := strings.CutPrefix(name, "arima:"); ok {
		// AutoARIMA variants: arima:mul, arima:add50, arima:mul50 (strength
		// thresholds in %), arima:RULE (D = 1 when the poolRules rule says
		// seasonal).
		cfg := arimaConfig{}
		switch {
		case strings.HasPrefix(v, "mul"), strings.HasPrefix(v, "add"):
			cfg.season = v[:3]
			if v[:3] == "add" {
				cfg.season = ""
			}
			if len(v) > 3 {
				pct, err := strconv.Atoi(v[3:])
				if err != nil {
					return nil, err
				}
				cfg.strength = float64(pct) / 100
			}
		default:
			rule, found := poolRules[v]
			if !found {
				return nil, fmt.Errorf("unknown arima variant %q", v)
			}
			rule.etsSeasonal = rule.etsSeasonal || etsSeasonal
			cfg.season, cfg.rule = "rule", rule
		}
		return fitARIMAModel(y, m, cfg)
	}
	if base, rn, ok := strings.Cut(name, ":"); ok {
		rule, found := poolRules[rn]
		if !found {
			return nil, fmt.Errorf("unknown pool rule %q", rn)
		}
		rule.etsSeasonal = rule.etsSeasonal || etsSeasonal
		return fitMember(base, y, m, nil, rule)
	}
	switch name {
	case "naive2", "drift2":
		// Naive or drift on the seasonally adjusted series (the M4 naive2
		// and its drift sibling), reseasonalised.
		run := func(y []float64, m, h int) (*Forecast, error) {
			ya, adj := seasonalAdjust(y, m)
			var f *Forecast
			var err error
			if name == "naive2" {
				f, err = Naive(ya, h)
			} else {
				f, err = Drift(ya, h)
			}
			if err != nil {
				return nil, err
			}
			adj.reseason(f, len(y))
			f.Method = name
			return f, nil
		}
		return simple(y, m, run)
	case "etsS":
		return fitModel("ets", y, m, &Options{ETS: &ETSSettings{Screen: true}})
	case "etsavgS":
		return fitMember("etsavg", y, m, &Options{ETS: &ETSSettings{Screen: true}}, seasonRule{})
	case "etsavg", "otm", "otm5", "arima":
		return fitMember(name, y, m, nil, seasonRule{})
	}
	return fitModel(name, y, m, nil)
}

func buildPool(t *testing.T, sheet string, members []string) ([]poolSeries, int, int) {
	m, h := sheetParams(sheet)
	all := readM3(t, sheet)
	out := make([]poolSeries, len(all))
	start := time.Now()
	sem := make(chan struct{}, 2)
	done := make(chan struct{})
	cpu := make([]time.Duration, len(members))
	var cpuMu = make(chan struct{}, 1)
	for i, s := range all {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; done <- struct{}{} }()
			n := len(s.train) - h - *studyLag
			if n < 1 {
				n = 1
			}
			y := s.train[:n]
			ps := poolSeries{y: y, actual: s.train[n : n+h], scale: Scale(y, m)}
			ps.origins = origins(n, m, h, &Options{Origins: 3})
			ps.final = make([]*Forecast, len(members))
			ps.bt = make([][]*Forecast, len(members))
			etsSeasonal := false
			for k, name := range members {
				t0 := time.Now()
				md, err := poolFit(name, y, m, etsSeasonal)
				if err == nil {
					switch e := md.(type) {
					case *etsModel:
						etsSeasonal = e.e.Spec.Season != None
					case *etsAvgModel:
						etsSeasonal = e.best.Spec.Season != None
					}
				}
				ps.bt[k] = make([]*Forecast, len(ps.origins))
				if err == nil {
					if f := md.forecast(h); f.finite() {
						ps.final[k] = f
					}
					for j, o := range ps.origins {
						if f, err := md.refit(o, min(h, n-o)); err == nil && f.finite() {
							ps.bt[k][j] = f
						}
					}
				}
				cpuMu <- struct{}{}
				cpu[k] += time.Since(t0)
				<-cpuMu
			}
			bench := "snaive"
			if m == 1 || n <= m {
				bench = "naive"
			}
			if bm, err := fitModel(bench, y, m, nil); err == nil {
				for _, o := range ps.origins {
					f, _ := bm.at(o, min(h, n-o))
					ps.bench = append(ps.bench, f)
				}
			}
			out[i] = ps
		}()
	}
	for range all {
		<-done
	}
	var parts []string
	for k, name := range members {
		parts = append(parts, fmt.Sprintf("%s %.1fs", name, cpu[k].Seconds()))
	}
	fmt.Printf("pool built in %.1fs wall; member time (final + 3 refits, summed over goroutines): %s\n", time.Since(start).Seconds(), strings.Join(parts, ", "))
	return out, m, h
}

// A poolRule combines member forecasts (nil entries absent) into one;
// skill holds each member's backtest MASE on the series (NaN if unknown).
type poolRule struct {
	name string
	comb func(fs []*Forecast, skill []float64, h int) *Forecast
}

// etsSeasonalMethod reports whether an ETS forecast's method, such as
// "ETS(M,A,M)" or "ETS(A,Ad,N)", names a seasonal model.
func etsSeasonalMethod(method string) bool {
	if !strings.HasPrefix(method, "ETS(") {
		return false
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(method, "ETS("), ")"), ",")
	return len(parts) == 3 && parts[2] != "N"
}

func memberIdx(members []string, names ...string) []int {
	var idx []int
	for _, n := range names {
		i := slices.Index(members, n)
		if i < 0 {
			return nil // the rule is skipped (see add)
		}
		idx = append(idx, i)
	}
	return idx
}

// meanRule is the (optionally skill-weighted) mean of the named members,
// bound by bound. p > 0 weights member i by skill_i^−p (shrunk: the
// weights are mixed half and half with equal weights when shrink is set).
func meanRule(members []string, p float64, shrink bool, names ...string) func([]*Forecast, []float64, int) *Forecast {
	idx := memberIdx(members, names...)
	return func(fs []*Forecast, skill []float64, h int) *Forecast {
		var w []float64
		var gs []*Forecast
		for _, i := range idx {
			if fs[i] == nil {
				continue
			}
			wi := 1.0
			if p > 0 && skill != nil && skill[i] > 0 && !math.IsNaN(skill[i]) && !math.IsInf(skill[i], 0) {
				wi = math.Pow(skill[i], -p)
			}
			w = append(w, wi)
			gs = append(gs, fs[i])
		}
		if len(gs) == 0 {
			return nil
		}
		var sw float64
		for _, v := range w {
			sw += v
		}
		for k := range w {
			w[k] /= sw
			if shrink {
				w[k] = (w[k] + 1/float64(len(w))) / 2
			}
		}
		f := newForecast("x", h)
		for k, g := range gs {
			for i := range h {
				f.Mean[i] += w[k] * g.Mean[i]
				f.Lo80[i] += w[k] * g.Lo80[i]
				f.Hi80[i] += w[k] * g.Hi80[i]
				f.Lo95[i] += w[k] * g.Lo95[i]
				f.Hi95[i] += w[k] * g.Hi95[i]
			}
		}
		return f
	}
}

// medianRule is the median of the named members, bound by bound.
func medianRule(members []string, trim bool, names ...string) func([]*Forecast, []float64, int) *Forecast {
	idx := memberIdx(members, names...)
	return func(fs []*Forecast, _ []float64, h int) *Forecast {
		var gs []*Forecast
		for _, i := range idx {
			if fs[i] != nil {
				gs = append(gs, fs[i])
			}
		}
		if len(gs) == 0 {
			return nil
		}
		f := newForecast("x", h)
		v := make([]float64, len(gs))
		mid := func(get func(*Forecast) []float64, i int) float64 {
			for k, g := range gs {
				v[k] = get(g)[i]
			}
			slices.Sort(v)
			n := len(v)
			if trim && n >= 3 {
				var s float64
				for _, x := range v[1 : n-1] {
					s += x
				}
				return s / float64(n-2)
			}
			if n%2 == 1 {
				return v[n/2]
			}
			return (v[n/2-1] + v[n/2]) / 2
		}
		for i := range h {
			f.Mean[i] = mid(func(g *Forecast) []float64 { return g.Mean }, i)
			f.Lo80[i] = mid(func(g *Forecast) []float64 { return g.Lo80 }, i)
			f.Hi80[i] = mid(func(g *Forecast) []float64 { return g.Hi80 }, i)
			f.Lo95[i] = mid(func(g *Forecast) []float64 { return g.Lo95 }, i)
			f.Hi95[i] = mid(func(g *Forecast) []float64 { return g.Hi95 }, i)
		}
		return f
	}
}

// A poolCal computes per-step widening factors (length h) for both levels
// from the backtest forecasts fcs of y at origins os.
type poolCal struct {
	name string
	cal  func(fcs []*Forecast, y []float64, os []int, h int) (k80, k95 []float64)
}

func constK(h int, k float64) []float64 {
	out := make([]float64, h)
	for i := range out {
		out[i] = k
	}
	return out
}

// weightedQuantile is the p-quantile of x with weights w (the smallest x
// whose cumulative weight reaches p of the total).
func weightedQuantile(x, w []float64, p float64) float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	var tot float64
	for _, v := range w {
		tot += v
	}
	var c float64
	for _, i := range idx {
		c += w[i]
		if c >= p*tot-1e-12 {
			return x[i]
		}
	}
	return x[idx[len(idx)-1]]
}

func shrinkClamp(q float64, norig int, shrink, floor, cap float64) float64 {
	if math.IsInf(q, 1) || math.IsNaN(q) {
		q = cap
	}
	w := float64(norig)
	k := (w*q + shrink) / (w + shrink)
	return math.Min(math.Max(k, floor), cap)
}

// quantCal: one factor per level, the p-quantile of the ratios; equal
// weighs every step of the forecast equally (each backtest ratio by 1 over
// the number of origins that reached its step) instead of every ratio.
func quantCal(shrink, floor, cap float64, equal bool) func([]*Forecast, []float64, []int, int) ([]float64, []float64) {
	return func(fcs []*Forecast, y []float64, os []int, h int) ([]float64, []float64) {
		r80, r95, step, norig := backtestRatios(fcs, y, os)
		if norig == 0 {
			return constK(h, 1), constK(h, 1)
		}
		w := make([]float64, len(step))
		cnt := make([]float64, h)
		for _, s := range step {
			cnt[s]++
		}
		for i, s := range step {
			w[i] = 1
			if equal {
				w[i] = 1 / cnt[s]
			}
		}
		var q80, q95 float64
		if equal {
			q80, q95 = weightedQuantile(r80, w, 0.8), weightedQuantile(r95, w, 0.95)
		} else {
			s80, s95 := slices.Clone(r80), slices.Clone(r95)
			slices.Sort(s80)
			slices.Sort(s95)
			q80, q95 = quantile7(s80, 0.8), quantile7(s95, 0.95)
		}
		return constK(h, shrinkClamp(q80, norig, shrink, floor, cap)), constK(h, shrinkClamp(q95, norig, shrink, floor, cap))
	}
}

// splitCal: separate factors for the steps the latest origin reached
// (near) and the rest (far), each from the ratios at those steps; steps no
// origin reached take the far factor.
func splitCal(shrink, floor, cap float64) func([]*Forecast, []float64, []int, int) ([]float64, []float64) {
	return func(fcs []*Forecast, y []float64, os []int, h int) ([]float64, []float64) {
		r80, r95, step, norig := backtestRatios(fcs, y, os)
		if norig == 0 {
			return constK(h, 1), constK(h, 1)
		}
		cut := len(y) - os[0] // steps of the latest origin
		var n80, n95, f80, f95 []float64
		for i, s := range step {
			if s < cut {
				n80, n95 = append(n80, r80[i]), append(n95, r95[i])
			} else {
				f80, f95 = append(f80, r80[i]), append(f95, r95[i])
			}
		}
		q := func(r []float64, p float64) float64 {
			slices.Sort(r)
			return quantile7(r, p)
		}
		kn80, kn95 := shrinkClamp(q(n80, 0.8), norig, shrink, floor, cap), shrinkClamp(q(n95, 0.95), norig, shrink, floor, cap)
		kf80, kf95 := kn80, kn95
		if len(f80) > 0 {
			kf80, kf95 = shrinkClamp(q(f80, 0.8), norig-1, shrink, floor, cap), shrinkClamp(q(f95, 0.95), norig-1, shrink, floor, cap)
		}
		k80, k95 := make([]float64, h), make([]float64, h)
		for i := range h {
			k80[i], k95[i] = kn80, kn95
			if i >= cut {
				k80[i], k95[i] = kf80, kf95
			}
		}
		return k80, k95
	}
}

func widenSteps(f *Forecast, k80, k95 []float64) {
	for i, c := range f.Mean {
		f.Lo80[i] = c - k80[i]*(c-f.Lo80[i])
		f.Hi80[i] = c + k80[i]*(f.Hi80[i]-c)
		f.Lo95[i] = c - k95[i]*(c-f.Lo95[i])
		f.Hi95[i] = c + k95[i]*(f.Hi95[i]-c)
		f.Lo95[i] = math.Min(f.Lo95[i], f.Lo80[i])
		f.Hi95[i] = math.Max(f.Hi95[i], f.Hi80[i])
	}
}

func TestStudyPool(t *testing.T) {
	if *studyPool == "" {
		t.Skip("run with -study.pool monthly|quarterly|yearly")
	}
	members := poolMembers
	if *studyOnly != "" {
		members = strings.Split(*studyOnly, ",")
	}
	pool, m, h := buildPool(t, *studyPool, members)
	_ = m
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.Contains(members, n) {
				return false
			}
		}
		return true
	}
	var rules []poolRule
	add := func(name string, names []string, f func([]*Forecast, []float64, int) *Forecast) {
		if has(names...) {
			rules = append(rules, poolRule{name, f})
		}
	}
	for _, name := range members {
		add(name, []string{name}, meanRule(members, 0, false, name))
	}
	etd := []string{"ets", "theta", "damped"}
	etds := []string{"ets", "theta", "damped", "ses"}
	etdsh := []string{"ets", "theta", "damped", "ses", "holt"}
	etdsn := []string{"ets", "theta", "damped", "ses", "naive2"}
	add("mean(e,t,d)", etd, meanRule(members, 0, false, etd...))
	add("mean(e,t,d,s)", etds, meanRule(members, 0, false, etds...))
	add("mean(e,t,d,s,h)", etdsh, meanRule(members, 0, false, etdsh...))
	add("mean(e,t)", []string{"ets", "theta"}, meanRule(members, 0, false, "ets", "theta"))
	add("mean(e,t,d,dr2)", []string{"ets", "theta", "damped", "drift2"}, meanRule(members, 0, false, "ets", "theta", "damped", "drift2"))
	add("mean(e,t,s)", []string{"ets", "theta", "ses"}, meanRule(members, 0, false, "ets", "theta", "ses"))
	add("etsS", []string{"etsS"}, meanRule(members, 0, false, "etsS"))
	add("mean(eS,t,s)", []string{"etsS", "theta", "ses"}, meanRule(members, 0, false, "etsS", "theta", "ses"))
	add("mean(e,t,d,s,n2)", etdsn, meanRule(members, 0, false, etdsn...))
	add("mean(e,t,t,d,s)", etds, meanRule(members, 0, false, "ets", "theta", "theta", "damped", "ses"))
	add("mean(e,e,t,t,d,s)", etds, meanRule(members, 0, false, "ets", "ets", "theta", "theta", "damped", "ses"))
	add("w1s(e,t,d,s)", etds, meanRule(members, 1, true, etds...))
	if has(etds...) {
		mr := meanRule(members, 0, false, etds...)
		id, is := slices.Index(members, "damped"), slices.Index(members, "ses")
		rules = append(rules, poolRule{"mean(e,t,d|s by bt)", func(fs []*Forecast, skill []float64, h int) *Forecast {
			g := slices.Clone(fs)
			if skill[is] < skill[id] || math.IsNaN(skill[id]) {
				g[id] = nil
			} else {
				g[is] = nil
			}
			return mr(g, skill, h)
		}})
	}
	add("median(e,t,d,s,h)", etdsh, medianRule(members, false, etdsh...))
	add("median(e,t,d,s,n2)", etdsn, medianRule(members, false, etdsn...))
	add("trim(e,t,d,s,h)", etdsh, medianRule(members, true, etdsh...))
	add("median(e,t,d,s)", etds, medianRule(members, false, etds...))
	all := []string{"ets", "theta", "damped", "ses", "holt", "naive2", "drift2"}
	add("median(all7)", all, medianRule(members, false, all...))
	add("trim(all7)", all, medianRule(members, true, all...))
	add("w1(e,t,d)", etd, meanRule(members, 1, false, etd...))
	add("w2(e,t,d)", etd, meanRule(members, 2, false, etd...))
	add("w1s(e,t,d)", etd, meanRule(members, 1, true, etd...))
	add("w1(e,t,d,s)", etds, meanRule(members, 1, false, etds...))
	add("w2(e,t,d,s,h)", etdsh, meanRule(members, 2, false, etdsh...))
	add("w2(all7)", all, meanRule(members, 2, false, all...))
	// Auto's members with another seasonality rule (poolRules), printed
	// without and with Auto's calibration.
	seasonRules := map[string]bool{"mean(e,t,s)": true, "mean(e,t,d)": true}
	var rns []string
	for rn := range poolRules {
		rns = append(rns, rn)
	}
	slices.Sort(rns)
	for _, rn := range rns {
		for _, third := range []string{"ses", "damped"} {
			names := []string{"ets", "theta:" + rn, third + ":" + rn}
			name := fmt.Sprintf("mean(e,t,%c):%s", third[0], rn)
			add(name, names, meanRule(members, 0, false, names...))
			seasonRules[name] = true
		}
	}

	// Free-form combinations (-study.combos), printed without and with
	// Auto's calibration.
	if *studyCombos != "" {
		for _, spec := range strings.Split(*studyCombos, ";") {
			kind, rest, ok := strings.Cut(spec, "(")
			if !ok || !strings.HasSuffix(rest, ")") {
				t.Fatalf("bad combo %q (want kind(member,member,...))", spec)
			}
			names := strings.Split(strings.TrimSuffix(rest, ")"), ",")
			if !has(names...) {
				t.Fatalf("combo %q names a member not in -study.only", spec)
			}
			var f func([]*Forecast, []float64, int) *Forecast
			switch kind {
			case "mean":
				f = meanRule(members, 0, false, names...)
			case "w1":
				f = meanRule(members, 1, false, names...)
			case "w1s":
				f = meanRule(members, 1, true, names...)
			case "median":
				f = medianRule(members, false, names...)
			case "trim":
				f = medianRule(members, true, names...)
			case "hold", "holdh":
				// Round 11: 2:2:1 or ETS + Theta per series by backtest.
				f = r11Hold(members, kind == "holdh", names[0], names[1], names[2])
			case "sw", "swr":
				// Round 9: sw(ets,theta,damped) is mean(ets,theta) where the
				// ETS member chose a seasonal model and 2:2:1 where it did
				// not; swr the other way round.
				two := meanRule(members, 0, false, names[0], names[1])
				five := meanRule(members, 0, false, names[0], names[0], names[1], names[1], names[2])
				ie := memberIdx(members, names[0])[0]
				rev := kind == "swr"
				f = func(fs []*Forecast, skill []float64, h int) *Forecast {
					seas := fs[ie] != nil && etsSeasonalMethod(fs[ie].Method)
					if seas != rev {
						return two(fs, skill, h)
					}
					return five(fs, skill, h)
				}
			default:
				// Round 12: skP_L, per-series skill weights shrunk toward
				// the fixed ones.
				p, l, ok := r12ParseSkill(kind)
				if !ok {
					t.Fatalf("bad combo kind %q", kind)
				}
				f = r12Skill(members, p, l, names...)
			}
			rules = append(rules, poolRule{spec, f})
			seasonRules[spec] = true
		}
	}

	cals := []poolCal{
		{"none", func(_ []*Forecast, _ []float64, _ []int, h int) ([]float64, []float64) {
			return constK(h, 1), constK(h, 1)
		}},
		{"q f1.1 (current)", quantCal(2, 1.1, 3, false)},
		{"q f1", quantCal(2, 1, 3, false)},
		{"q f1.15", quantCal(2, 1.15, 3, false)},
		{"q f1.2", quantCal(2, 1.2, 3, false)},
		{"q-eqstep f1", quantCal(2, 1, 3, true)},
		{"q-eqstep f1.1", quantCal(2, 1.1, 3, true)},
		{"split f1", splitCal(2, 1, 3)},
		{"split f1.1", splitCal(2, 1.1, 3)},
		{"q s1 f1.1", quantCal(1, 1.1, 3, false)},
		{"q s0 f1.1", quantCal(0, 1.1, 3, false)},
		{"q s1 f1", quantCal(1, 1, 3, false)},
		{"q s0 f1", quantCal(0, 1, 3, false)},
		{"q s0 f1 c5", quantCal(0, 1, 5, false)},
		{"q-eqstep s1 f1.1", quantCal(1, 1.1, 3, true)},
		{"q-eqstep s0 f1.1", quantCal(0, 1.1, 3, true)},
		{"q-eqstep s0 f1", quantCal(0, 1, 3, true)},
		{"step sqrt f1.1", stepCal(2, 1.1, 3, 0.5)},
		{"step sqrt f1.1 c5", stepCal(2, 1.1, 5, 0.5)},
		{"step lin f1.1", stepCal(2, 1.1, 3, 1)},
		{"step lin f1.1 c5", stepCal(2, 1.1, 5, 1)},
		{"step sqrt f1", stepCal(2, 1, 3, 0.5)},
		{"step sqrt s0 f1.1", stepCal(0, 1.1, 3, 0.5)},
		{"step sqrt conf f1.1", stepCalP(2, 1.1, 3, 0.5, true)},
		{"step sqrt conf s0 f1", stepCalP(0, 1, 3, 0.5, true)},
		{"step 0.75 f1.1", stepCal(2, 1.1, 3, 0.75)},
		{"q conf f1.1", stepCalP(2, 1.1, 3, 0, true)},
		{"step 0.25 f1.1", stepCal(2, 1.1, 3, 0.25)},
		{"step 0.25 conf f1.1", stepCalP(2, 1.1, 3, 0.25, true)},
		{"step sqrt f1", stepCal(2, 1, 3, 0.5)},
	}
	calOnly := map[string]bool{"mean(e,t,d)": true, "mean(e,t,s)": true}
	if *studyCals != "" {
		// Round 12: exactly the named calibrations, for every rule.
		var sel []poolCal
		for _, c := range append(slices.Clone(cals), r12Cals...) {
			if slices.Contains(strings.Split(*studyCals, ";"), c.name) {
				sel = append(sel, c)
			}
		}
		cals = sel
		calOnly = map[string]bool{}
		*studyAllCal = true
	}
	for _, r := range rules {
		if *studyRules != "" && !slices.Contains(strings.Split(*studyRules, ";"), r.name) {
			continue
		}
		for ci, c := range cals {
			if ci > 0 && !calOnly[r.name] && !*studyAllCal && !(ci == 1 && seasonRules[r.name]) {
				continue
			}
			if ci == 0 && calOnly[r.name] {
				// printed with calibrations below
			}
			acc := make([]Accuracy, 0, len(pool))
			step80, step95, stepN := make([]float64, h), make([]float64, h), make([]float64, h)
			warn := 0
			failed := 0
			for _, ps := range pool {
				skill := make([]float64, len(members))
				for k := range members {
					var sc []Accuracy
					ok := true
					for j, o := range ps.origins {
						f := ps.bt[k][j]
						if f == nil {
							ok = false
							break
						}
						sc = append(sc, Score(f, ps.y[o:o+f.H()], ps.scale))
					}
					skill[k] = math.NaN()
					if ok && len(sc) > 0 {
						skill[k] = MeanAccuracy(sc).MASE
					}
				}
				r11Cur = &ps
				f := r.comb(ps.final, skill, h)
				if f == nil {
					failed++
					acc = append(acc, Accuracy{SMAPE: math.NaN(), MASE: math.NaN(), Cov80: math.NaN(), Cov95: math.NaN(), MSIS: math.NaN()})
					continue
				}
				var fcs []*Forecast
				var bsc, csc []Accuracy
				for j, o := range ps.origins {
					col := make([]*Forecast, len(members))
					for k := range members {
						col[k] = ps.bt[k][j]
					}
					hh := min(h, len(ps.y)-o)
					g := r.comb(col, skill, hh)
					fcs = append(fcs, g)
					if g != nil && j < len(ps.bench) && ps.bench[j] != nil {
						csc = append(csc, Score(g, ps.y[o:o+hh], ps.scale))
						bsc = append(bsc, Score(ps.bench[j], ps.y[o:o+hh], ps.scale))
					}
				}
				if len(csc) > 0 && MeanAccuracy(csc).MASE > MeanAccuracy(bsc).MASE {
					warn++
				}
				k80, k95 := c.cal(fcs, ps.y, ps.origins, h)
				widenSteps(f, k80, k95)
				acc = append(acc, Score(f, ps.actual, ps.scale))
				for i := range h {
					stepN[i]++
					if ps.actual[i] >= f.Lo95[i] && ps.actual[i] <= f.Hi95[i] {
						step95[i]++
					}
					if ps.actual[i] >= f.Lo80[i] && ps.actual[i] <= f.Hi80[i] {
						step80[i]++
					}
				}
			}
			a := MeanAccuracy(acc)
			fmt.Printf("%-20s %-18s sMAPE %6.3f MASE %6.4f cov80 %.3f cov95 %.3f MSIS %6.2f  failed %d warned %d\n",
				r.name, c.name, a.SMAPE, a.MASE, a.Cov80, a.Cov95, a.MSIS, failed, warn)
			if *studySteps {
				var b strings.Builder
				for i := range h {
					fmt.Fprintf(&b, " %.3f/%.3f", step80[i]/stepN[i], step95[i]/stepN[i])
				}
				fmt.Printf("    cov80/cov95 by step:%s\n", b.String())
			}
		}
	}
}

var studyLag = flag.Int("study.lag", 0, "pooled study: end the validation window this many observations before the end of the training part")

var studyRules = flag.String("study.rules", "", "pooled study: semicolon-separated rules to evaluate (default all)")

var studyCombos = flag.String("study.combos", "", "pooled study: semicolon-separated combinations kind(member,...) with kind mean, w1, w1s, median, trim, hold, holdh, sw, swr or skP_L (round 12)")

var studyAllCal = flag.Bool("study.allcal", false, "pooled study: every calibration for every rule")

var studySteps = flag.Bool("study.steps", false, "pooled study: print coverage by step")

// stepCal: a factor that grows with the step like ((i+1)/s̄)^pow, where s̄
// is the mean (step+1) of the backtest ratios: the ratios are divided by
// that growth, their quantile is shrunk toward 1 and floored, and step i's
// factor is that times ((i+1)/s̄)^pow, capped (the floor applies to the
// base factor).
func stepCal(shrink, floor, cap, pow float64) func([]*Forecast, []float64, []int, int) ([]float64, []float64) {
	return stepCalP(shrink, floor, cap, pow, false)
}

// stepCalP is stepCal; conf raises the quantile level p to p(n+1)/n for n
// ratios (the split-conformal level; at or above 1: the largest ratio).
func stepCalP(shrink, floor, cap, pow float64, conf bool) func([]*Forecast, []float64, []int, int) ([]float64, []float64) {
	return func(fcs []*Forecast, y []float64, os []int, h int) ([]float64, []float64) {
		r80, r95, step, norig := backtestRatios(fcs, y, os)
		if norig == 0 {
			return constK(h, 1), constK(h, 1)
		}
		var sbar float64
		for _, s := range step {
			sbar += float64(s + 1)
		}
		sbar /= float64(len(step))
		g := func(s int) float64 { return math.Pow(float64(s+1)/sbar, pow) }
		n80, n95 := make([]float64, len(step)), make([]float64, len(step))
		for i, s := range step {
			n80[i], n95[i] = r80[i]/g(s), r95[i]/g(s)
		}
		slices.Sort(n80)
		slices.Sort(n95)
		p80, p95 := 0.8, 0.95
		if conf {
			nn := float64(len(n80))
			p80, p95 = math.Min(1, p80*(nn+1)/nn), math.Min(1, p95*(nn+1)/nn)
		}
		b80 := shrinkClamp(quantile7(n80, p80), norig, shrink, floor, math.Inf(1))
		b95 := shrinkClamp(quantile7(n95, p95), norig, shrink, floor, math.Inf(1))
		k80, k95 := make([]float64, h), make([]float64, h)
		for i := range h {
			k80[i] = math.Min(math.Max(b80*g(i), 1), cap)
			k95[i] = math.Min(math.Max(b95*g(i), 1), cap)
		}
		return k80, k95
	}
}
