package forecast

import (
	"encoding/gob"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// Round 7 of the study: how Auto's 80% band follows from its backtest
// (bandRule). Auto's combination is fitted and backtested once per series
// on the validation split of TestStudy (training part less h and
// -study.lag observations); every calibration is applied to the same fit,
// so the rules differ only in their intervals. -study.calcache keeps the
// fits in a file, so a second run with other rules refits nothing:
//
//	go test ./forecast/ -run 'TestStudyCal$' -study quarterly -study.lag 0 -study.calcache /tmp/q0.gob -v
var studyCalCache = flag.String("study.calcache", "", "TestStudyCal: file caching the fits and backtests (read if present, else written)")

// calSeries is one series of the calibration study: the uncalibrated
// forecast of Auto's combination and its backtest forecasts, or (sparse
// series, dispatched to autoDemand) Auto's own forecast, used unchanged.
type calSeries struct {
	Y, Actual []float64
	Base      [5][]float64 // Mean, Lo80, Hi80, Lo95, Hi95
	Fcs       [][5][]float64
	Nil       []bool // Fcs[j] is nil
	Used      []int
	Fixed     bool // Base is Auto's final forecast (sparse series)
	Err       bool
}

func toBounds(f *Forecast) [5][]float64 {
	return [5][]float64{slices.Clone(f.Mean), slices.Clone(f.Lo80), slices.Clone(f.Hi80), slices.Clone(f.Lo95), slices.Clone(f.Hi95)}
}

func fromBounds(b [5][]float64) *Forecast {
	f := newForecast("x", len(b[0]))
	for k, s := range [][]float64{f.Mean, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		copy(s, b[k])
	}
	return f
}

// calVariant is a rule of TestStudyCal: Auto's setup with another
// bandRule (for every m), or a research rule post that rewrites the
// factors of bandRule{} (separate factors) from the backtest's ratios
// r80, r95 (sorted; m > 1 only).
type calVariant struct {
	name string
	band bandRule
	post func(k80, k95, r80, r95 []float64, norig int, floor float64)
}

// calVariants are the rules compared in round 7 (forecast/README.md).
var calVariants = []calVariant{
	{name: "sep"},
	{name: "fix1.53", post: calFixed(zRatio)}, // one factor, the 95% one
	{name: "fix1.6", post: calFixed(1.6)},
	{name: "fix1.7", post: calFixed(1.7)},
	{name: "fix1.65", post: calFixed(1.65)},
	{name: "fix1.75", post: calFixed(1.75)},
	{name: "fix1.8", post: calFixed(1.8)},
	{name: "fix1.9", post: calFixed(1.9)},
	{name: "ratio1.7", band: bandRule{ratio: 1.7}},
	{name: "ratio1.75", band: bandRule{ratio: 1.75}},
	{name: "ratio1.8", band: bandRule{ratio: 1.8}},
	{name: "clamp1.6-2.2", band: bandRule{lo: 1.6, hi: 2.2}},
	{name: "clamp1.7-2.2", band: bandRule{lo: 1.7, hi: 2.2}},
	{name: "clamp1.75-2.2", band: bandRule{lo: 1.75, hi: 2.2}},
	{name: "emp", post: calEmpirical(1, 10)},
	{name: "emp1.3-1.9", post: calEmpirical(1.3, 1.9)},
	{name: "emp1.4-1.8", post: calEmpirical(1.4, 1.8)},
	{name: "emp1.53-1.9", post: calEmpirical(zRatio, 1.9)},
	{name: "clamp1.3-1.9", band: bandRule{lo: 1.3, hi: 1.9}},
	{name: "clamp1.4-1.8", band: bandRule{lo: 1.4, hi: 1.8}},
	{name: "clamp1.53-1.9", band: bandRule{lo: zRatio, hi: 1.9}},
	{name: "raise1.3-1.9", band: bandRule{lo: 1.3, hi: 1.9, widen95: true}},
	{name: "raise1.4-1.9", band: bandRule{lo: 1.4, hi: 1.9, widen95: true}},
	{name: "raise1.53-1.9", band: bandRule{lo: zRatio, hi: 1.9, widen95: true}},
	{name: "raise1.53-2.2", band: bandRule{lo: zRatio, hi: 2.2, widen95: true}},
	{name: "max1.53", post: calMax(zRatio)},
	{name: "max1.6", post: calMax(1.6)},
	{name: "max1.7", post: calMax(1.7)},
	{name: "joint.5-1.53", post: calJoint(zRatio, 0.5)},
	{name: "joint.5-1.6", post: calJoint(1.6, 0.5)},
	{name: "joint.5-1.7", post: calJoint(1.7, 0.5)},
	{name: "joint0-1.53", post: calJoint(zRatio, 0)},
	{name: "joint0-1.6", post: calJoint(1.6, 0)},
	{name: "joint0-1.7", post: calJoint(1.7, 0)},
}

// calFixed: the 80% half-width is the 95% one over rho.
func calFixed(rho float64) func(k80, k95, r80, r95 []float64, norig int, floor float64) {
	return func(k80, k95, _, _ []float64, _ int, _ float64) {
		for i := range k80 {
			k80[i] = k95[i] * zRatio / rho
		}
	}
}

// calEmpirical: the 80% half-width is the 95% one over the ratio of the
// 95% and 80% quantiles of the backtest errors in units of the 95%
// half-width, that ratio shrunk toward zRatio (weight autoShrink origins)
// and kept within [lo, hi].
func calEmpirical(lo, hi float64) func(k80, k95, r80, r95 []float64, norig int, floor float64) {
	return func(k80, k95, _, r95 []float64, norig int, _ float64) {
		rho := quantile7(r95, 0.95) / quantile7(r95, 0.8)
		if !math.IsNaN(rho) && !math.IsInf(rho, 1) {
			w := float64(norig)
			rho = (w*rho + autoShrink*zRatio) / (w + autoShrink)
		}
		if math.IsNaN(rho) {
			rho = zRatio
		}
		rho = math.Min(math.Max(rho, lo), hi)
		for i := range k80 {
			k80[i] = k95[i] * zRatio / rho
		}
	}
}

// calMax: one scale, the smallest that widens each band at least as much
// as its own factor, with the 80% half-width the 95% one over rho.
func calMax(rho float64) func(k80, k95, r80, r95 []float64, norig int, floor float64) {
	return func(k80, k95, _, _ []float64, _ int, _ float64) {
		for i := range k80 {
			k95[i] = math.Min(math.Max(k95[i], k80[i]*rho/zRatio), autoCap)
			k80[i] = k95[i] * zRatio / rho
		}
	}
}

// calJoint: one scale from both quantiles, weight mix on the 95% one and
// 1 − mix on the 80% one times rho/zRatio, shrunk and bounded as
// widenFactor; the 80% half-width is the 95% one over rho.
func calJoint(rho, mix float64) func(k80, k95, r80, r95 []float64, norig int, floor float64) {
	return func(k80, k95, r80, r95 []float64, norig int, floor float64) {
		q := mix*quantile7(r95, 0.95) + (1-mix)*quantile7(r80, 0.8)*rho/zRatio
		if math.IsInf(q, 1) || math.IsNaN(q) {
			q = autoCap
		}
		w := float64(norig)
		k := math.Min(math.Max((w*q+autoShrink)/(w+autoShrink), floor), autoCap)
		for i := range k80 {
			k95[i], k80[i] = k, k*zRatio/rho
		}
	}
}

func TestStudyCal(t *testing.T) {
	if *study == "" {
		t.Skip("run with -study monthly|quarterly|yearly")
	}
	m, h := sheetParams(*study)
	cs := calFits(t, m, h)
	only := map[string]bool{}
	if *studyOnly != "" {
		for _, v := range strings.Split(*studyOnly, ",") {
			only[v] = true
		}
	}
	var ref []float64 // per-series MSIS of the first variant run, for paired differences
	nfixed, nerr := 0, 0
	for _, c := range cs {
		if c.Fixed {
			nfixed++
		}
		if c.Err {
			nerr++
		}
	}
	fmt.Printf("%d series, %d sparse (Auto's own intervals), %d not forecast\n", len(cs), nfixed, nerr)
	for _, v := range calVariants {
		if len(only) > 0 && !only[v.name] {
			continue
		}
		cfg := defaultAuto
		cfg.band, cfg.band1 = v.band, v.band
		var acc []Accuracy
		var is80 []float64
		var ratios []float64
		var u80, u95 []float64 // |error| in units of each band's half-width on its side
		for _, c := range cs {
			if c.Err {
				continue
			}
			f := fromBounds(c.Base)
			if !c.Fixed && len(c.Used) > 0 {
				fcs := make([]*Forecast, len(c.Fcs))
				for j := range c.Fcs {
					if !c.Nil[j] {
						fcs[j] = fromBounds(c.Fcs[j])
					}
				}
				_, _, k80, k95 := cfg.factors(fcs, c.Y, c.Used, m, h)
				if v.post != nil && m > 1 {
					r80, r95, _, norig := backtestRatios(fcs, c.Y, c.Used)
					if norig > 0 {
						slices.Sort(r80)
						slices.Sort(r95)
						v.post(k80, k95, r80, r95, norig, cfg.floorFor(m))
					}
				}
				f.widenSteps(k80, k95)
			}
			scale := Scale(c.Y, m)
			acc = append(acc, Score(f, c.Actual, scale))
			is80 = append(is80, intervalScore(f.Lo80, f.Hi80, c.Actual, 0.2)/scale)
			for i := range f.Mean {
				ratios = append(ratios, (f.Hi95[i]-f.Lo95[i])/(f.Hi80[i]-f.Lo80[i]))
				u80 = append(u80, sideUnits(c.Actual[i], f.Mean[i], f.Lo80[i], f.Hi80[i]))
				u95 = append(u95, sideUnits(c.Actual[i], f.Mean[i], f.Lo95[i], f.Hi95[i]))
			}
		}
		a := MeanAccuracy(acc)
		ms := make([]float64, 0, len(acc))
		for _, x := range acc {
			if !math.IsNaN(x.MSIS) && !math.IsInf(x.MSIS, 0) {
				ms = append(ms, x.MSIS)
			}
		}
		slices.Sort(ms)
		msisTrim := meanFinite(ms[:len(ms)-1])
		// Paired difference from the first variant: mean and standard
		// error over series (series with a finite MSIS under both), the
		// largest |difference| left out.
		per := make([]float64, len(acc))
		for i, x := range acc {
			per[i] = x.MSIS
		}
		var dmean, dse float64
		if ref == nil {
			ref = per
		} else {
			var d []float64
			for i := range per {
				if x := per[i] - ref[i]; !math.IsNaN(x) && !math.IsInf(x, 0) {
					d = append(d, x)
				}
			}
			slices.SortFunc(d, func(a, b float64) int {
				if math.Abs(a) < math.Abs(b) {
					return -1
				}
				if math.Abs(a) > math.Abs(b) {
					return 1
				}
				return 0
			})
			d = d[:len(d)-1]
			dmean = meanFinite(d)
			for _, x := range d {
				dse += (x - dmean) * (x - dmean)
			}
			dse = math.Sqrt(dse/float64(len(d)-1)) / math.Sqrt(float64(len(d)))
		}
		slices.Sort(ratios)
		out := 0
		for _, r := range ratios {
			if !(r >= 1.3-1e-9 && r <= 1.9+1e-9) {
				out++
			}
		}
		// The 80% band's coverage once both bands are scaled by the one
		// factor that makes the 95% band cover 0.95 (cov80|95), and the
		// fixed ratio of the 95% to the 80% half-width that would then give
		// cov80 = 0.80 (rho*): the shape of the bands, apart from their scale.
		q95 := quantile7(slices.Sorted(slices.Values(u95)), 0.95)
		cov8095 := 0.0
		for _, u := range u80 {
			if u <= q95 {
				cov8095++
			}
		}
		cov8095 /= float64(len(u80))
		rhoStar := q95 / quantile7(slices.Sorted(slices.Values(u95)), 0.8)
		fmt.Printf("%-14s cov80|95 %.4f rho* %.3f\n", v.name, cov8095, rhoStar)
		fmt.Printf("%-14s cov80 %.4f cov95 %.4f MSIS %6.3f (%6.3f) MSIS80 %6.3f ratio p5 %.3f p50 %.3f p95 %.3f outside[1.3,1.9] %.3f dMSIS %+.4f ± %.4f\n",
			v.name, a.Cov80, a.Cov95, a.MSIS, msisTrim, meanFinite(is80), quantile7(ratios, 0.05), quantile7(ratios, 0.5), quantile7(ratios, 0.95),
			float64(out)/float64(len(ratios)), dmean, dse)
	}
}

// sideUnits returns |y − mean| in units of the interval's half-width on
// y's side: at most 1 when [lo, hi] covers y (+Inf for a zero width).
func sideUnits(y, mean, lo, hi float64) float64 {
	switch {
	case y == mean:
		return 0
	case y > mean:
		return (y - mean) / (hi - mean)
	}
	return (mean - y) / (mean - lo)
}

// intervalScore is the mean interval score of the (1−a) interval [lo, hi]
// over actual (Gneiting and Raftery 2007; MSIS before scaling).
func intervalScore(lo, hi, actual []float64, a float64) float64 {
	var s float64
	for i, y := range actual {
		s += hi[i] - lo[i]
		if y < lo[i] {
			s += 2 / a * (lo[i] - y)
		}
		if y > hi[i] {
			s += 2 / a * (y - hi[i])
		}
	}
	return s / float64(len(actual))
}

func meanFinite(x []float64) float64 {
	var s float64
	n := 0
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s += v
			n++
		}
	}
	return s / float64(n)
}

// calFits fits and backtests Auto's combination on every series of the
// validation split, or reads them from -study.calcache.
func calFits(t *testing.T, m, h int) []calSeries {
	if *studyCalCache != "" {
		if f, err := os.Open(*studyCalCache); err == nil {
			defer f.Close()
			var cs []calSeries
			if err := gob.NewDecoder(f).Decode(&cs); err != nil {
				t.Fatal(err)
			}
			return cs
		}
	}
	all := readM3(t, *study)
	cs := make([]calSeries, len(all))
	sem := make(chan struct{}, 2)
	done := make(chan struct{})
	for i, s := range all {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; done <- struct{}{} }()
			n := max(1, len(s.train)-h-*studyLag)
			c := calSeries{Y: s.train[:n], Actual: s.train[n : n+h]}
			defer func() { cs[i] = c }()
			if err := checkSeries(c.Y, 1); err != nil {
				c.Err = true
				return
			}
			if f, ok, err := autoDemand(c.Y, m, h, nil); ok {
				c.Fixed, c.Err = true, err != nil
				if err == nil {
					c.Base = toBounds(f)
				}
				return
			}
			comb, bt, _, err := autoBacktest(defaultAuto, c.Y, m, h, nil)
			if err != nil {
				c.Err = true
				return
			}
			c.Base, c.Used = toBounds(comb.forecast(h)), bt.used
			if len(bt.used) > 0 {
				for _, f := range bt.fcs[0] {
					c.Nil = append(c.Nil, f == nil)
					var b [5][]float64
					if f != nil {
						b = toBounds(f)
					}
					c.Fcs = append(c.Fcs, b)
				}
			}
		}()
	}
	for range all {
		<-done
	}
	if *studyCalCache != "" {
		f, err := os.Create(*studyCalCache)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := gob.NewEncoder(f).Encode(cs); err != nil {
			t.Fatal(err)
		}
	}
	return cs
}
