package forecast

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The training-part study behind Auto's design. It never looks at the M3
// hold-out: each M3 training part is split once more, its last h
// observations held out ("validation"), and the methods and the variants
// of Auto are fitted on what precedes them. Run it with the shared data
// beside the repository:
//
//	go test ./forecast/ -run TestStudy -study monthly -v
var studyOnly = flag.String("study.only", "", "comma-separated variants of the study to run (default all)")

var study = flag.String("study", "", "run the training-part study on an M3 sheet (monthly, quarterly, yearly)")

type m3Series struct {
	id          string
	train, test []float64
}

var studyFile = flag.String("study.file", "", "study another file of the M3 format (series_id, period_index, value, is_test columns; -study names its frequency)")

// readM3 reads an M3 sheet of the shared data, or the -study.file,
// training and test parts.
func readM3(tb testing.TB, sheet string) []m3Series {
	tb.Helper()
	path := "../../shared/data/m3/m3_" + sheet + ".csv"
	if *studyFile != "" {
		path = *studyFile
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("data not present: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	cid, ct, cv, ctest := col["series_id"], col["period_index"], col["value"], col["is_test"]
	type obs struct {
		t    int
		v    float64
		test bool
	}
	by := map[string][]obs{}
	for _, r := range rows[1:] {
		t, _ := strconv.Atoi(r[ct])
		v, _ := strconv.ParseFloat(r[cv], 64)
		by[r[cid]] = append(by[r[cid]], obs{t, v, r[ctest] == "1"})
	}
	var out []m3Series
	for id, o := range by {
		sort.Slice(o, func(a, b int) bool { return o[a].t < o[b].t })
		s := m3Series{id: id}
		for _, x := range o {
			if x.test {
				s.test = append(s.test, x.v)
			} else {
				s.train = append(s.train, x.v)
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].id < out[b].id })
	return out
}

var studyH = flag.Int("study.h", 0, "the horizon of the study, if not the M3 sheet's (tourism monthly: 24)")

func sheetParams(sheet string) (m, h int) {
	m, h = sheetParamsM3(sheet)
	if *studyH > 0 {
		h = *studyH
	}
	return m, h
}

func sheetParamsM3(sheet string) (m, h int) {
	switch sheet {
	case "monthly":
		return 12, 18
	case "quarterly":
		return 4, 8
	}
	return 1, 6
}

func TestStudy(t *testing.T) {
	if *study == "" {
		t.Skip("run with -study monthly|quarterly|yearly")
	}
	m, h := sheetParams(*study)
	all := readM3(t, *study)
	// Validation split inside the training part.
	series := make([]Series, len(all))
	for i, s := range all {
		// -study.lag moves the window earlier, as in TestStudyPool.
		series[i] = Series{ID: s.id, Y: s.train[:max(1, len(s.train)-h-*studyLag)], M: m}
	}
	type variant struct {
		name string
		run  func(y []float64, m, h int) (*Forecast, error)
	}
	var vs []variant
	only := map[string]bool{}
	if *studyOnly != "" {
		for _, v := range strings.Split(*studyOnly, ",") {
			only[v] = true
		}
	}
	for _, name := range []string{"snaive", "naive", "ses", "holt", "damped", "ets", "theta", "comb"} {
		vs = append(vs, variant{name, func(y []float64, m, h int) (*Forecast, error) { return Run(name, y, m, h, nil) }})
	}
	for _, cfg := range []struct {
		name string
		c    autoConfig
	}{
		{"auto-round4", func() autoConfig {
			c := defaultAuto
			c.fine, c.fineFloor, c.floor = []string{"ets", "theta", "ses"}, 1.1, 1.1
			return c
		}()},
		{"auto-round5", func() autoConfig {
			c := defaultAuto
			c.fine, c.floor = []string{"ets", "theta", "otm", "ses"}, 1.1
			return c
		}()},
		{"auto-f110", func() autoConfig { c := defaultAuto; c.fineFloor = 1.1; return c }()},
		{"auto-floor110", func() autoConfig { c := defaultAuto; c.floor = 1.1; return c }()},
		{"auto-rseason", func() autoConfig { c := defaultAuto; c.fineSeason = seasonRule{}; return c }()},
		{"auto-floor115", func() autoConfig { c := defaultAuto; c.floor = 1.15; return c }()},
		{"auto-floor125", func() autoConfig { c := defaultAuto; c.floor = 1.25; return c }()},
		{"auto-floor130", func() autoConfig { c := defaultAuto; c.floor = 1.3; return c }()},
		{"auto-fine120", func() autoConfig { c := defaultAuto; c.fineFloor = 1.2; return c }()},
		// Round 8: equal weights for 1 < m < 12 (before), and
		// the damped trend at a quarter and a seventh of the weight.
		{"auto-round7", func() autoConfig { c := defaultAuto; c.midWeights = nil; return c }()},
		{"auto-w332", func() autoConfig { c := defaultAuto; c.midWeights = []float64{3, 3, 2}; return c }()},
		{"auto-w331", func() autoConfig { c := defaultAuto; c.midWeights = []float64{3, 3, 1}; return c }()},
		// Round 9: ETS's screening budget for m >= 12 (800 now, kept);
		// auto-s800 is Auto's setup without the sparse-series dispatch.
		{"auto-s800", defaultAuto},
		{"auto-s400", func() autoConfig { c := defaultAuto; c.screenEval = 400; return c }()},
		{"auto-s200", func() autoConfig { c := defaultAuto; c.screenEval = 200; return c }()},
		// Round 11: ETS, Theta and the damped trend for 1 < m < 12 (before).
		{"auto-round10", func() autoConfig { c := defaultAuto; c.mid = nil; return c }()},
		// Round 12: ETS, Theta and etsd weighted 2:2:1 (before), and the
		// quarterly floor of the widening factors with thetal.
		{"auto-round11", func() autoConfig {
			c := defaultAuto
			c.mid, c.midWeights = []string{"ets", "theta", "etsd"}, []float64{2, 2, 1}
			return c
		}()},
		{"auto-q110", func() autoConfig { c := defaultAuto; c.floor = 1.1; return c }()},
		{"auto-q130", func() autoConfig { c := defaultAuto; c.floor = 1.3; return c }()},
	} {
		vs = append(vs, variant{cfg.name, func(y []float64, m, h int) (*Forecast, error) { return autoWith(cfg.c, y, m, h, nil) }})
	}
	vs = append(vs, variant{"auto", func(y []float64, m, h int) (*Forecast, error) { return Auto(y, m, h, nil) }})
	// Round 1: how to choose and how to calibrate, with the comb method's
	// members (studyAuto).
	for _, cfg := range []struct {
		name string
		c    studyConfig
	}{
		{"auto-best", studyConfig{choose: "best", shrink: 2, floor: 1, cap: 3}},
		{"auto-guard10", studyConfig{choose: "guard", margin: 0.10, shrink: 2, floor: 1, cap: 3}},
		{"auto-guard25", studyConfig{choose: "guard", margin: 0.25, shrink: 2, floor: 1, cap: 3}},
		{"auto-nocal", studyConfig{choose: "comb", shrink: 0, floor: 1, cap: 1}},
		{"auto-raw", studyConfig{choose: "comb", shrink: 0, floor: 0, cap: 10}},
		{"auto-shrink6", studyConfig{choose: "comb", shrink: 6, floor: 1, cap: 3}},
		{"auto-refit3", studyConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true, origins: 3}},
		{"auto-refit3raw", studyConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, refit: true, origins: 3}},
		{"auto-refit6", studyConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true}},
		{"auto-refit3f110", studyConfig{choose: "comb", shrink: 2, floor: 1.1, cap: 3, refit: true, origins: 3}},
		{"auto-refit3f120", studyConfig{choose: "comb", shrink: 2, floor: 1.2, cap: 3, refit: true, origins: 3}},
		{"auto-refit3f130", studyConfig{choose: "comb", shrink: 2, floor: 1.3, cap: 3, refit: true, origins: 3}},
		{"auto-rms6", studyConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, rms: true}},
		{"auto-rms6raw", studyConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, rms: true}},
		{"auto-refit3rms", studyConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true, origins: 3, rms: true}},
		{"auto-refit3rmsraw", studyConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, refit: true, origins: 3, rms: true}},
	} {
		vs = append(vs, variant{cfg.name, func(y []float64, m, h int) (*Forecast, error) { return studyAuto(cfg.c, y, m, h) }})
	}
	for _, v := range vs {
		if len(only) > 0 && !only[v.name] {
			continue
		}
		start := time.Now()
		acc := make([]Accuracy, len(series))
		done := make(chan struct{})
		sem := make(chan struct{}, 2)
		for i, s := range series {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; done <- struct{}{} }()
				f, err := v.run(s.Y, m, h)
				if err != nil {
					acc[i] = Accuracy{SMAPE: math.NaN(), MASE: math.NaN(), Cov80: math.NaN(), Cov95: math.NaN(), MSIS: math.NaN()}
					return
				}
				acc[i] = Score(f, all[i].train[len(s.Y):len(s.Y)+h], Scale(s.Y, m))
			}()
		}
		for range series {
			<-done
		}
		errs := 0
		for _, a := range acc {
			if math.IsNaN(a.SMAPE) {
				errs++
			}
		}
		a := MeanAccuracy(acc)
		fmt.Printf("%-14s sMAPE %6.3f MASE %6.4f cov80 %.3f cov95 %.3f MSIS %7.3f  errors %d  %.1fs\n",
			v.name, a.SMAPE, a.MASE, a.Cov80, a.Cov95, a.MSIS, errs, time.Since(start).Seconds())
	}
}

// studyConfig is a variant of round 1 of the study: how Auto chose and
// calibrated before its settings were fixed (auto.go's constants).
type studyConfig struct {
	// choose: "comb" always publishes the combination; "best" the
	// candidate with the smallest backtest sMAPE; "guard" the combination
	// unless a candidate beat it in backtest by more than margin (relative
	// sMAPE).
	choose string
	margin float64
	// The widening factor is the coverage quantile of the backtest ratios
	// shrunk toward 1 with weight shrink (in origins), within [floor, cap].
	shrink, floor, cap float64
	// refit refits the members at each backtest origin (ETS keeps its
	// model); otherwise their parameters are kept. origins is the number
	// of origins (zero: Backtest's 6).
	refit   bool
	origins int
	// rms: one factor for both levels, the root mean square of the
	// backtest errors in units of the interval's implied standard
	// deviation (half-width/z), instead of the two coverage quantiles.
	rms bool
}

// keptParams is a member whose refit keeps the parameters fitted on the
// whole series (re-running only the recursions).
type keptParams struct{ model }

func (k keptParams) refit(o, h int) (*Forecast, error) { return k.at(o, h) }

// studyAuto is Auto as round 1 of the study varied it: the comb method's
// members (ETS without screening, R's seasonality test), chosen and
// calibrated as c says.
func studyAuto(c studyConfig, y []float64, m, h int) (*Forecast, error) {
	comb, err := fitCombOf(combMembers, y, m, nil, seasonRule{})
	if err != nil {
		return nil, err
	}
	if !c.refit {
		for i, md := range comb.members {
			comb.members[i] = keptParams{md}
		}
	}
	_, bm := benchmarkFor(y, m, nil)
	bt := backtestComb(comb, bm, y, m, h, origins(len(y), m, h, &Options{Origins: c.origins}))
	cands := bt.candidates(comb.names)
	pick := 0
	if len(bt.used) > 0 && c.choose != "comb" {
		best := 0
		for i, cd := range cands {
			if cd.Backtest.SMAPE < cands[best].Backtest.SMAPE {
				best = i
			}
		}
		if c.choose == "best" || cands[best].Backtest.SMAPE < (1-c.margin)*cands[0].Backtest.SMAPE {
			pick = best
		}
	}
	var f *Forecast
	if pick == 0 {
		f = comb.forecast(h)
	} else {
		f = comb.members[pick-1].forecast(h)
	}
	if len(bt.used) == 0 {
		return f, nil
	}
	r80, r95, _, norig := backtestRatios(bt.fcs[pick], y, bt.used)
	if norig == 0 {
		return f, nil
	}
	if c.rms {
		var ss float64
		for _, r := range r95 {
			ss += r * z95 * r * z95
		}
		k := shrinkClamp(math.Sqrt(ss/float64(len(r95))), norig, c.shrink, c.floor, c.cap)
		f.widen(k, k)
		return f, nil
	}
	slices.Sort(r80)
	slices.Sort(r95)
	f.widen(shrinkClamp(quantile7(r80, 0.8), norig, c.shrink, c.floor, c.cap),
		shrinkClamp(quantile7(r95, 0.95), norig, c.shrink, c.floor, c.cap))
	return f, nil
}
