package forecast

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
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

// readM3 reads an M3 sheet of the shared data: training and test parts.
func readM3(tb testing.TB, sheet string) []m3Series {
	tb.Helper()
	f, err := os.Open("../../shared/data/m3/m3_" + sheet + ".csv")
	if err != nil {
		tb.Skipf("M3 data not present: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	type obs struct {
		t    int
		v    float64
		test bool
	}
	by := map[string][]obs{}
	for _, r := range rows[1:] {
		t, _ := strconv.Atoi(r[2])
		v, _ := strconv.ParseFloat(r[3], 64)
		by[r[0]] = append(by[r[0]], obs{t, v, r[4] == "1"})
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

func sheetParams(sheet string) (m, h int) {
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
		{"auto", defaultAuto},
		{"auto-round4", func() autoConfig {
			c := defaultAuto
			c.fine, c.fineFloor = []string{"ets", "theta", "ses"}, 0
			return c
		}()},
		{"auto-round5", func() autoConfig {
			c := defaultAuto
			c.fine = []string{"ets", "theta", "otm", "ses"}
			return c
		}()},
		{"auto-f110", func() autoConfig { c := defaultAuto; c.fineFloor = 0; return c }()},
		{"auto-rseason", func() autoConfig { c := defaultAuto; c.fineSeason = seasonRule{}; return c }()},
		{"auto-best", autoConfig{choose: "best", shrink: 2, floor: 1, cap: 3}},
		{"auto-guard10", autoConfig{choose: "guard", margin: 0.10, shrink: 2, floor: 1, cap: 3}},
		{"auto-guard25", autoConfig{choose: "guard", margin: 0.25, shrink: 2, floor: 1, cap: 3}},
		{"auto-nocal", autoConfig{choose: "comb", shrink: 0, floor: 1, cap: 1}},
		{"auto-raw", autoConfig{choose: "comb", shrink: 0, floor: 0, cap: 10}},
		{"auto-shrink6", autoConfig{choose: "comb", shrink: 6, floor: 1, cap: 3}},
		{"auto-refit3", autoConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true, origins: 3}},
		{"auto-refit3raw", autoConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, refit: true, origins: 3}},
		{"auto-refit6", autoConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true}},
		{"auto-refit3f110", autoConfig{choose: "comb", shrink: 2, floor: 1.1, cap: 3, refit: true, origins: 3}},
		{"auto-refit3f120", autoConfig{choose: "comb", shrink: 2, floor: 1.2, cap: 3, refit: true, origins: 3}},
		{"auto-refit3f130", autoConfig{choose: "comb", shrink: 2, floor: 1.3, cap: 3, refit: true, origins: 3}},
		{"auto-rms6", autoConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, rms: true}},
		{"auto-rms6raw", autoConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, rms: true}},
		{"auto-refit3rms", autoConfig{choose: "comb", shrink: 2, floor: 1, cap: 3, refit: true, origins: 3, rms: true}},
		{"auto-refit3rmsraw", autoConfig{choose: "comb", shrink: 0, floor: 0, cap: 10, refit: true, origins: 3, rms: true}},
	} {
		vs = append(vs, variant{cfg.name, func(y []float64, m, h int) (*Forecast, error) { return autoWith(cfg.c, y, m, h, nil) }})
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
		fmt.Printf("%-14s sMAPE %6.3f MASE %6.3f cov80 %.3f cov95 %.3f MSIS %6.2f  errors %d  %.1fs\n",
			v.name, a.SMAPE, a.MASE, a.Cov80, a.Cov95, a.MSIS, errs, time.Since(start).Seconds())
	}
}
