package analysis

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"coo"
	"coo/forecast"
)

// StudyBacktest compares a study's regression with the auto (ETS-based)
// baseline on the target alone, by rolling origin: for each of the last
// months of the design, both are fitted on the months up to h before it
// and forecast it. The regression is given the drivers' actual values of
// the month forecast (and of its lags): it measures the model given the
// drivers, not a forecast of them.
type StudyBacktest struct {
	H int // months ahead
	// Periods are the months forecast, oldest first; Origins the last month
	// of data of each fit (Periods[i] − H).
	Periods, Origins []coo.Period
	// Actual, Regression and Baseline are the target and the two forecasts
	// of each month, on the target's own scale (unlogged: the regression's
	// forecast of a logged target is exp of its fit, the median).
	Actual, Regression, Baseline []float64
	BaselineMethod               []string // the baseline's method at each origin
	RegMAE, RegSMAPE             float64  // sMAPE in percent: 200·|f−a|/(|f|+|a|)
	BaseMAE, BaseSMAPE           float64
	// DriversHelp is true when the regression's MAE is below the baseline's.
	DriversHelp bool
	// Verdict says it in one sentence.
	Verdict string
}

// Backtest runs the rolling-origin backtest of the study over its last
// origins months (0 for 6) at horizon h (0 for 1). The regression is refitted
// with the study's design on the design's rows up to each origin; the
// baseline is forecast.Auto (season 12) on the target's months up to the
// origin, after its last gap.
func (st *Study) Backtest(ctx context.Context, origins, h int) (*StudyBacktest, error) {
	if origins <= 0 {
		origins = 6
	}
	if h <= 0 {
		h = 1
	}
	m := st.Matrix
	n := len(m.Periods)
	if origins >= n {
		return nil, fmt.Errorf("backtest: %d origins for %d months of data", origins, n)
	}
	cols, names := st.Design.columns()
	hist := func(i int, q coo.Period) float64 { return lookup(st.drivers[i], q) }
	unlog := func(v float64) float64 {
		if st.Design.Target.Log {
			return math.Exp(v)
		}
		return v
	}
	b := &StudyBacktest{H: h}
	var sumRA, sumRS, sumBA, sumBS float64
	for k := n - origins; k < n; k++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := m.Periods[k]
		origin := p.Add(-h)
		// The design's rows up to the origin.
		var rows []int
		for i, q := range m.Periods {
			if q <= origin {
				rows = append(rows, i)
			}
		}
		_, c := m.X.Dims()
		x := mat.NewDense(len(rows), c, nil)
		y := make([]float64, len(rows))
		for r, i := range rows {
			x.SetRow(r, m.X.RawRowView(i))
			y[r] = m.Y[i]
		}
		fit, err := forecast.Regress(x, y, nil, &forecast.RegressSettings{Intercept: st.Design.Intercept, Names: m.Names})
		if err != nil {
			return nil, fmt.Errorf("backtest: regression up to %s: %w", origin, err)
		}
		row, err := st.fullRow(cols, names, p, hist)
		if err != nil {
			return nil, fmt.Errorf("backtest: %w", err)
		}
		reg := unlog(fit.Predict(row))

		// The baseline on the target's months up to the origin.
		tv := st.target.Values[:max(0, min(len(st.target.Values), int(origin-st.target.Start)+1))]
		start := 0
		for j := len(tv) - 1; j >= 0; j-- {
			if math.IsNaN(tv[j]) {
				start = j + 1
				break
			}
		}
		if len(tv)-start < 3 {
			return nil, fmt.Errorf("backtest: the target has %d months without gaps up to %s", len(tv)-start, origin)
		}
		f, err := forecast.Auto(tv[start:], 12, h, nil)
		if err != nil {
			return nil, fmt.Errorf("backtest: baseline up to %s: %w", origin, err)
		}
		base := f.Mean[h-1]
		act, ok := st.target.At(p)
		if !ok || math.IsNaN(act) {
			return nil, fmt.Errorf("backtest: no target value in %s", p)
		}
		b.Periods = append(b.Periods, p)
		b.Origins = append(b.Origins, origin)
		b.Actual = append(b.Actual, act)
		b.Regression = append(b.Regression, reg)
		b.Baseline = append(b.Baseline, base)
		b.BaselineMethod = append(b.BaselineMethod, f.Method)
		sumRA += math.Abs(reg - act)
		sumBA += math.Abs(base - act)
		sumRS += smape(reg, act)
		sumBS += smape(base, act)
	}
	k := float64(len(b.Periods))
	b.RegMAE, b.RegSMAPE, b.BaseMAE, b.BaseSMAPE = sumRA/k, sumRS/k, sumBA/k, sumBS/k
	b.DriversHelp = b.RegMAE < b.BaseMAE
	span := fmt.Sprintf("over the %d months %s to %s, %d month%s ahead with the drivers' actual values",
		len(b.Periods), b.Periods[0], b.Periods[len(b.Periods)-1], h, btPlural(h))
	if b.DriversHelp {
		b.Verdict = fmt.Sprintf("The drivers add something: %s, the regression's MAE is %s against %s for the baseline on %s alone (sMAPE %.1f%% against %.1f%%).",
			span, btNum(b.RegMAE), btNum(b.BaseMAE), st.Design.Target.Label(), b.RegSMAPE, b.BaseSMAPE)
	} else {
		b.Verdict = fmt.Sprintf("The drivers do not beat the baseline: %s, the regression's MAE is %s against %s for the baseline on %s alone (sMAPE %.1f%% against %.1f%%).",
			span, btNum(b.RegMAE), btNum(b.BaseMAE), st.Design.Target.Label(), b.RegSMAPE, b.BaseSMAPE)
	}
	return b, nil
}

func smape(f, a float64) float64 {
	d := math.Abs(f) + math.Abs(a)
	if d == 0 {
		return 0
	}
	return 200 * math.Abs(f-a) / d
}

func btPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// btNum prints a number with about 4 significant digits, without an
// exponent at the sizes of business figures.
func btNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000 && a < 1e15:
		return fmt.Sprintf("%.0f", v)
	case a >= 1 || a == 0:
		return fmt.Sprintf("%.4g", v)
	}
	return fmt.Sprintf("%.3g", v)
}
