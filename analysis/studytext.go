package analysis

import (
	"fmt"
	"math"
	"strconv"

	"coo/forecast"
	"coo/internal/l10n"
)

// StudyAnswer says in plain words what a study found, one sentence an
// entry: for each driver, what 10% more of it does to the target at the lag
// with the smallest p value (the effect with its 95% interval and p value,
// in the target's units at the level of the design's last month), and
// whether that is distinguishable from no effect; then the backtest's
// verdict when bt is not nil. lang is "en" or "zh" ("" is en).
func StudyAnswer(st *Study, bt *StudyBacktest, lang string) []string {
	w := l10n.Table("studytext", lang)
	var out []string
	m := st.Matrix
	y := m.Y[len(m.Y)-1]
	if st.Design.Target.Log {
		y = math.Exp(y)
	}
	last := m.Periods[len(m.Periods)-1]
	for _, dr := range st.Design.Drivers {
		best, term := -1, forecast.Term{}
		for _, k := range dr.lags() {
			name := columnName(dr.Variable, k)
			for _, t := range st.Fit.Terms {
				if t.Name == name && (best < 0 || t.P < term.P) {
					best, term = k, t
				}
			}
		}
		if best < 0 {
			continue
		}
		x := st.lastValue(columnName(dr.Variable, best))
		eff := func(b float64) float64 { return st.effect(dr, b, x) * y }
		e := eff(term.Estimate)
		when := lagWhen(w, best)
		more := w["more"]
		if e < 0 {
			more = w["fewer"]
		}
		s := fmt.Sprintf(w["effect"], dr.Label(), when, btNum(math.Abs(e)), more, st.Design.Target.Label(),
			Percent(st.effect(dr, term.Estimate, x), true), btNum(eff(term.Lower)), btNum(eff(term.Upper)), pValue(term.P), last)
		if !(term.P < 0.05) {
			s += w["nosig"]
		}
		out = append(out, s)
		// The other lags: is the timing clear?
		for _, k := range dr.lags() {
			name := columnName(dr.Variable, k)
			for _, t := range st.Fit.Terms {
				if t.Name != name || k == best {
					continue
				}
				key := "other"
				if t.P < 0.05 {
					key = "also"
				}
				out = append(out, fmt.Sprintf(w[key], dr.Label(), lagWhen(w, k), pValue(t.P)))
			}
		}
	}
	if bt != nil {
		out = append(out, studyVerdict(st, bt, lang))
	}
	return out
}

// effect is the relative change of the target (0.024 for +2.4%) when
// driver dr is 10% higher, for the coefficient b of one of its columns
// whose value in the design's last row is x.
func (st *Study) effect(dr Driver, b, x float64) float64 {
	y := st.Matrix.Y[len(st.Matrix.Y)-1]
	switch {
	case dr.Log && st.Design.Target.Log:
		return math.Pow(1.1, b) - 1
	case st.Design.Target.Log:
		return math.Exp(b*0.1*x) - 1
	case dr.Log:
		return b * math.Log(1.1) / y
	}
	return b * 0.1 * x / y
}

// lastValue is the value of a design column in the design's last row.
func (st *Study) lastValue(name string) float64 {
	r, _ := st.Matrix.X.Dims()
	for j, n := range st.Matrix.Names {
		if n == name {
			return st.Matrix.X.At(r-1, j)
		}
	}
	return math.NaN()
}

// pValue prints a p value with its relation: "= 0.012", or "< 0.0001"
// below that.
func pValue(p float64) string {
	if p < 1e-4 {
		return "< 0.0001"
	}
	return "= " + strconv.FormatFloat(p, 'g', 2, 64)
}

// lagWhen says when lag k acts: "in the same month", "a month later".
func lagWhen(w map[string]string, k int) string {
	switch {
	case k == 0:
		return w["same"]
	case k == 1:
		return w["next"]
	}
	return fmt.Sprintf(w["later"], k)
}

// studyVerdict is the backtest's verdict in lang, from the catalogue; in
// English it is the sentence of bt.Verdict.
func studyVerdict(st *Study, bt *StudyBacktest, lang string) string {
	w := l10n.Table("studytext", lang)
	key := "worse"
	if bt.DriversHelp {
		key = "help"
	}
	return fmt.Sprintf(w[key], bt.Periods[0], bt.Periods[len(bt.Periods)-1], len(bt.Periods), bt.H,
		btNum(bt.RegMAE), st.Design.Target.Label(), btNum(bt.BaseMAE), bt.RegSMAPE, bt.BaseSMAPE, btPlural(bt.H))
}
