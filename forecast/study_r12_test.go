package forecast

import (
	"flag"
	"math"
	"strconv"
	"strings"
)

// Round 12's candidate members and combination kinds for quarterly data
// (TestStudyPool; see forecast/README.md, "Round 12"). None is used by
// Auto; thetaew0 is Auto's member thetal, computed the study's way.
//
//	thetadampF  Theta with its drift damped: the drift term of step i
//	            (0-based), drift·(i + c), becomes drift·(c + Σ_{j=1..i} φ^j)
//	            with φ = F (F = 1: Theta).
//	thetaewH    Theta on the series seasonally adjusted (when R's test says
//	            so) by indices that weight each year's ratio to the centred
//	            moving average by 2^(−age/H) (age in years from the latest
//	            ratio of that season): a local seasonal pattern instead of
//	            classical decomposition's equal weights.
//	thetaew0    the limit H → 0: each season's latest ratio alone (the
//	            member thetal of Auto since round 12).
//	sesdrift    SES on the adjusted series plus the random walk's drift
//	            (y_n − y_1)/(n − 1) per step.
//
// Each refit (backtest origin) refits from scratch.
func r12Fit(name string, y []float64, m int) (model, bool, error) {
	if v, ok := strings.CutPrefix(name, "thetadamp"); ok {
		phi, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, true, err
		}
		md, err := simple(y, m, func(y []float64, m, h int) (*Forecast, error) {
			ya, adj := seasonalAdjust(y, m)
			return r12Theta(ya, adj, h, phi)
		})
		return md, true, err
	}
	if v, ok := strings.CutPrefix(name, "thetaew"); ok {
		hl, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, true, err
		}
		md, err := simple(y, m, func(y []float64, m, h int) (*Forecast, error) {
			ya, adj := r12AdjustEW(y, m, hl)
			return r12Theta(ya, adj, h, 1)
		})
		return md, true, err
	}
	if name == "sesdrift" {
		md, err := simple(y, m, func(y []float64, m, h int) (*Forecast, error) {
			ya, adj := seasonalAdjust(y, m)
			if err := checkSeries(ya, 3); err != nil {
				return nil, err
			}
			e, err := FitETS(ya, 1, specANN, mseSettings)
			if err != nil {
				return nil, err
			}
			n := len(ya)
			drift := (ya[n-1] - ya[0]) / float64(n-1)
			alpha := math.Max(1e-10, e.Params.Alpha)
			sigma := math.Sqrt(e.Stats.Sigma2)
			f := newForecast("sesdrift", h)
			for i := range h {
				mean := e.Final.Level + drift*float64(i+1)
				f.Mean[i] = mean
				f.setNormal(i, mean, sigma*math.Sqrt(float64(i)*alpha*alpha+1))
			}
			adj.reseason(f, len(y))
			return f, nil
		})
		return md, true, err
	}
	return nil, false, nil
}

// r12Theta is thetaForecast with the drift damped by phi (1: Theta).
func r12Theta(ya []float64, adj adjustment, h int, phi float64) (*Forecast, error) {
	if err := checkSeries(ya, 3); err != nil {
		return nil, err
	}
	e, err := FitETS(ya, 1, specANN, mseSettings)
	if err != nil {
		return nil, err
	}
	if phi == 1 {
		return thetaForecast(e, ya, adj, h), nil
	}
	n := len(ya)
	drift := slope(ya) / 2
	alpha := math.Max(1e-10, e.Params.Alpha)
	sigma := math.Sqrt(e.Stats.Sigma2)
	f := newForecast("thetadamp", h)
	c := (1 - math.Pow(1-alpha, float64(n))) / alpha
	var sum float64
	for i := range h {
		if i > 0 {
			sum += math.Pow(phi, float64(i))
		}
		mean := (e.Final.Level + drift*(sum+c)) * adj.factor(n+i)
		f.Mean[i] = mean
		f.setNormal(i, mean, sigma*math.Sqrt(float64(i)*alpha*alpha+1)) // as thetaForecast
	}
	return f, nil
}

// r12AdjustEW is seasonalAdjust (R's test decides) with indices whose
// ratios to the centred moving average are weighted by 2^(−age/hl), age
// in years before the latest ratio of the same season.
func r12AdjustEW(y []float64, m int, hl float64) ([]float64, adjustment) {
	if !(seasonRule{}).seasonal(y, m) {
		return y, adjustment{m: m}
	}
	n := len(y)
	half := m / 2
	last := make([]int, m)
	for t := half; t < n-half; t++ {
		last[t%m] = t
	}
	sum := make([]float64, m)
	wt := make([]float64, m)
	for t := half; t < n-half; t++ {
		age := float64(last[t%m]-t) / float64(m)
		w := math.Pow(2, -age/hl)
		if hl == 0 { // the latest ratio of each season only
			w = 0
			if age == 0 {
				w = 1
			}
		}
		sum[t%m] += w * y[t] / centredMean(y, m, t)
		wt[t%m] += w
	}
	idx := make([]float64, m)
	var mean float64
	for i := range idx {
		idx[i] = sum[i] / wt[i]
		mean += idx[i]
	}
	mean /= float64(m)
	for i := range idx {
		idx[i] /= mean
		if !(idx[i] >= 1e-4) || math.IsInf(idx[i], 0) {
			return y, adjustment{m: m}
		}
	}
	ya := make([]float64, n)
	for t, v := range y {
		ya[t] = v / idx[t%m]
	}
	return ya, adjustment{m: m, idx: idx}
}

// r12Skill is the combination kind skP_L(names): per series, the fixed
// weights f (a repeated name counts again) are mixed with skill weights
// s_k ∝ f_k · MASE_k^−p (the members' backtest MASE at Auto's origins
// inside the window): w = (1 − L)·f + L·s. Where a member's backtest MASE
// is unknown, zero or infinite, the fixed weights are used.
func r12Skill(members []string, p, l float64, names ...string) func([]*Forecast, []float64, int) *Forecast {
	var uniq []string
	cnt := map[string]float64{}
	for _, n := range names {
		if cnt[n] == 0 {
			uniq = append(uniq, n)
		}
		cnt[n]++
	}
	idx := memberIdx(members, uniq...)
	return func(fs []*Forecast, skill []float64, h int) *Forecast {
		var gs []*Forecast
		var f, s []float64
		ok := skill != nil
		for k, i := range idx {
			if fs[i] == nil {
				continue
			}
			gs = append(gs, fs[i])
			f = append(f, cnt[uniq[k]])
			if ok {
				v := skill[i]
				if !(v > 0) || math.IsInf(v, 0) {
					ok = false
				} else {
					s = append(s, cnt[uniq[k]]*math.Pow(v, -p))
				}
			}
		}
		if len(gs) == 0 {
			return nil
		}
		norm := func(x []float64) {
			var t float64
			for _, v := range x {
				t += v
			}
			for k := range x {
				x[k] /= t
			}
		}
		norm(f)
		w := f
		if ok {
			norm(s)
			w = make([]float64, len(f))
			for k := range w {
				w[k] = (1-l)*f[k] + l*s[k]
			}
		}
		out := newForecast("x", h)
		for k, g := range gs {
			for i := range h {
				out.Mean[i] += w[k] * g.Mean[i]
				out.Lo80[i] += w[k] * g.Lo80[i]
				out.Hi80[i] += w[k] * g.Hi80[i]
				out.Lo95[i] += w[k] * g.Lo95[i]
				out.Hi95[i] += w[k] * g.Hi95[i]
			}
		}
		return out
	}
}

// r12ParseSkill parses the kind "skP_L" (e.g. sk1_0.5).
func r12ParseSkill(kind string) (p, l float64, ok bool) {
	v, found := strings.CutPrefix(kind, "sk")
	if !found {
		return 0, 0, false
	}
	ps, ls, found := strings.Cut(v, "_")
	if !found {
		return 0, 0, false
	}
	p, err1 := strconv.ParseFloat(ps, 64)
	l, err2 := strconv.ParseFloat(ls, 64)
	return p, l, err1 == nil && err2 == nil
}

// Round 12's interval check: the widening floor of 1 < m < 12 on the
// validation windows (Auto's rule: quantile of the ratios, shrink 2,
// cap 3; only cov95 and MSIS are Auto's, the 80% band's ratio rule is
// not applied here).
var studyCals = flag.String("study.cals", "", "pooled study: semicolon-separated calibrations to print for every rule (default: none and, for combos, q f1.1)")

var r12Cals = []poolCal{
	{"q f1.2 (auto)", quantCal(2, 1.2, 3, false)},
	{"q f1.1", quantCal(2, 1.1, 3, false)},
	{"q f1.25", quantCal(2, 1.25, 3, false)},
	{"q f1.3", quantCal(2, 1.3, 3, false)},
	{"q f1.35", quantCal(2, 1.35, 3, false)},
}
