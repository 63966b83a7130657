package analysis

import (
	"fmt"
	"math"
	"slices"

	"coo"
	"coo/forecast"
)

// Base says what a driver does after its last month of data when a
// scenario says nothing else.
type Base int

const (
	// BaseLast holds the driver's last value (its last month with data).
	BaseLast Base = iota
	// BaseLastYear repeats the driver's last twelve months: month p takes
	// the value of the month 12, 24, … before it that has data.
	BaseLastYear
	// BaseForecast is the driver's own forecast by forecast.Auto (season
	// 12) from the months after its last gap.
	BaseForecast
)

// Path is what a scenario does to one driver. Each month after the
// driver's data takes its Base value; then, from From on (which may reach
// back into the data: the scenario is then a counterfactual for those
// months, and lagged terms see it), the value is multiplied by 1+Change
// (0.10 for "+10%"), or, where Values has an entry (Values[i] for month
// From+i), replaced by it. Months before From keep the data.
type Path struct {
	Driver string // a Driver's Label
	Base   Base
	From   coo.Period
	Change float64
	Values []float64
}

// Scenario is a set of driver paths. A driver with no Path follows BaseLast
// with no change.
type Scenario struct {
	Name  string
	Paths []Path
}

// ScenarioForecast is a scenario pushed through a study's fit: one
// prediction per month from the month after the target's last data, on
// the target's scale (logged if Target.Log).
type ScenarioForecast struct {
	Name    string
	Periods []coo.Period
	// Drivers holds each driver's value (unlogged, lag 0) in each month of
	// Periods, in the order of Design.Drivers.
	Drivers     [][]float64
	Predictions []forecast.Prediction // Fit with intervals for the mean and a new observation

	rows [][]float64 // the design's row of each month, the intercept's 1 first
}

// lastData returns the index of the last non-NaN value, -1 if none.
func lastData(v []float64) int {
	for i := len(v) - 1; i >= 0; i-- {
		if !math.IsNaN(v[i]) {
			return i
		}
	}
	return -1
}

// path extends driver i's series to month end under the scenario.
func (st *Study) path(i int, p *Path, end coo.Period) (coo.Series, error) {
	s := st.drivers[i]
	label := st.Design.Drivers[i].Label()
	last := lastData(s.Values)
	if last < 0 {
		return coo.Series{}, fmt.Errorf("driver %s has no data", label)
	}
	v := append([]float64(nil), s.Values[:last+1]...)
	lastP := s.Start.Add(last)
	base := BaseLast
	if p != nil {
		base = p.Base
	}
	h := int(end - lastP)
	if h > 0 {
		switch base {
		case BaseLast:
			for range h {
				v = append(v, s.Values[last])
			}
		case BaseLastYear:
			for range h {
				n, x := len(v), math.NaN()
				for back := n - 12; back >= 0; back -= 12 {
					if !math.IsNaN(v[back]) {
						x = v[back]
						break
					}
				}
				if math.IsNaN(x) {
					return coo.Series{}, fmt.Errorf("driver %s: no value a year before %s", label, s.Start.Add(n))
				}
				v = append(v, x)
			}
		case BaseForecast:
			start := 0
			for j := len(v) - 1; j >= 0; j-- {
				if math.IsNaN(v[j]) {
					start = j + 1
					break
				}
			}
			f, err := forecast.Auto(v[start:], 12, h, nil)
			if err != nil {
				return coo.Series{}, fmt.Errorf("forecast driver %s: %w", label, err)
			}
			v = append(v, f.Mean...)
		default:
			return coo.Series{}, fmt.Errorf("driver %s: unknown base %d", label, base)
		}
	}
	out := coo.Series{Start: s.Start, Values: v}
	if p != nil {
		for j := range v {
			q := s.Start.Add(j)
			if q < p.From {
				continue
			}
			if k := int(q - p.From); k < len(p.Values) {
				v[j] = p.Values[k]
			} else {
				v[j] *= 1 + p.Change
			}
		}
	}
	return out, nil
}

// Scenario forecasts h months of the target under sc, from the month after
// the target's last data, with intervals at level (0 for 0.95). Lagged
// terms take the drivers' data where the lag reaches back into it.
func (st *Study) Scenario(sc Scenario, h int, level float64) (*ScenarioForecast, error) {
	if h < 1 {
		return nil, fmt.Errorf("scenario %q: horizon %d", sc.Name, h)
	}
	if level == 0 {
		level = 0.95
	}
	last := lastData(st.target.Values)
	if last < 0 {
		return nil, fmt.Errorf("scenario %q: the target has no data", sc.Name)
	}
	first := st.target.Start.Add(last + 1)
	end := first.Add(h - 1)
	paths := make([]*Path, len(st.Design.Drivers))
	for k := range sc.Paths {
		p := &sc.Paths[k]
		found := false
		for i, dr := range st.Design.Drivers {
			if dr.Label() == p.Driver {
				paths[i], found = p, true
			}
		}
		if !found {
			return nil, fmt.Errorf("scenario %q: %s is not a driver of the study", sc.Name, p.Driver)
		}
	}
	ext := make([]coo.Series, len(paths))
	for i := range paths {
		s, err := st.path(i, paths[i], end)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		ext[i] = s
	}
	out := &ScenarioForecast{Name: sc.Name, Drivers: make([][]float64, len(ext))}
	cols, names := st.Design.columns()
	value := func(i int, q coo.Period) float64 { return lookup(ext[i], q) }
	for p := first; p <= end; p++ {
		row, err := st.fullRow(cols, names, p, value)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		out.Periods = append(out.Periods, p)
		out.rows = append(out.rows, row)
		out.Predictions = append(out.Predictions, st.Fit.PredictInterval(row, level))
		for i := range ext {
			out.Drivers[i] = append(out.Drivers[i], value(i, p))
		}
	}
	return out, nil
}

// fullRow is the design's row for month p with the intercept's 1 first
// when the fit has one; a missing value is an error naming the month.
func (st *Study) fullRow(cols []column, names []string, p coo.Period, value func(int, coo.Period) float64) ([]float64, error) {
	off := 0
	if st.Design.Intercept {
		off = 1
	}
	row := make([]float64, off+len(cols))
	if off == 1 {
		row[0] = 1
	}
	missing, err := st.Design.row(row[off:], cols, names, st.Matrix.From, p, value)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: no value for %v", p, missing)
	}
	return row, nil
}

// refMonths is how many of the design's last months a study's effects are
// averaged over: a year, so that each month of the year counts once.
const refMonths = 12

// Reference is the span a study's effects are taken at: the design's
// months within the year to its last one.
type Reference struct {
	From, To coo.Period // the first and last of those months
	Months   int        // the design's rows in From..To (fewer than 12 with gaps)
	// Level is the mean of the target over those rows, on its own scale
	// (not logged): the level a relative effect is a share of.
	Level float64
}

// refRows returns the indexes of the design's rows in the reference span.
func (st *Study) refRows() []int {
	ps := st.Matrix.Periods
	last := ps[len(ps)-1]
	var rows []int
	for r, p := range ps {
		if p > last.Add(-refMonths) {
			rows = append(rows, r)
		}
	}
	return rows
}

// Reference returns the span and level the study's effects are taken at.
func (st *Study) Reference() Reference {
	rows := st.refRows()
	m := st.Matrix
	ref := Reference{From: m.Periods[rows[0]], To: m.Periods[rows[len(rows)-1]], Months: len(rows)}
	for _, r := range rows {
		ref.Level += st.unlog(m.Y[r])
	}
	ref.Level /= float64(len(rows))
	return ref
}

// unlog puts a value of the fitted scale back on the target's own scale.
func (st *Study) unlog(v float64) float64 {
	if st.Design.Target.Log {
		return math.Exp(v)
	}
	return v
}

// Effect is a change of the target with its 95% interval: in the target's
// own units (unlogged) and relative to the reference level (0.026 for
// +2.6%). Units = Relative × Reference.Level, bounds included.
type Effect struct {
	Units, UnitsLower, UnitsUpper          float64
	Relative, RelativeLower, RelativeUpper float64
}

// Estimate is a figure with its 95% interval.
type Estimate struct{ Value, Lower, Upper float64 }

// moved returns the mean over the reference rows of the change of the
// design's row (with the intercept's 0 first when the fit has one) when
// driver i's value lag months before the row's month is replaced by
// change(value), for each lag in lags; its other values and the other
// drivers keep the data. Being linear in the coefficients, its product
// with them is the mean change of the fit.
func (st *Study) moved(i int, lags []int, change func(float64) float64) ([]float64, error) {
	cols, names := st.Design.columns()
	hist := func(j int, q coo.Period) float64 { return lookup(st.drivers[j], q) }
	var g []float64
	rows := st.refRows()
	for _, r := range rows {
		p := st.Matrix.Periods[r]
		moved := func(j int, q coo.Period) float64 {
			v := hist(j, q)
			if j == i && slices.Contains(lags, int(p-q)) {
				v = change(v)
			}
			return v
		}
		base, err := st.fullRow(cols, names, p, hist)
		if err != nil {
			return nil, err
		}
		row, err := st.fullRow(cols, names, p, moved)
		if err != nil {
			return nil, err
		}
		if g == nil {
			g = make([]float64, len(row))
		}
		for j := range row {
			g[j] += row[j] - base[j]
		}
	}
	for j := range g {
		g[j] /= float64(len(rows))
	}
	return g, nil
}

// effectOf is the Effect of the mean change g of the design's row
// (moved): on the fitted scale it is g·b, with the interval of that
// linear combination of the coefficients (Student's t, the fit's
// covariance); a logged target turns it into exp(g·b) − 1 of the level.
func (st *Study) effectOf(g []float64, ref Reference) Effect {
	pr := st.Fit.PredictInterval(g, 0.95)
	if st.Design.Target.Log {
		e := Effect{Relative: math.Expm1(pr.Fit), RelativeLower: math.Expm1(pr.MeanLower), RelativeUpper: math.Expm1(pr.MeanUpper)}
		e.Units, e.UnitsLower, e.UnitsUpper = e.Relative*ref.Level, e.RelativeLower*ref.Level, e.RelativeUpper*ref.Level
		return e
	}
	e := Effect{Units: pr.Fit, UnitsLower: pr.MeanLower, UnitsUpper: pr.MeanUpper}
	e.Relative, e.RelativeLower, e.RelativeUpper = e.Units/ref.Level, e.UnitsLower/ref.Level, e.UnitsUpper/ref.Level
	if ref.Level < 0 {
		e.RelativeLower, e.RelativeUpper = e.RelativeUpper, e.RelativeLower
	}
	return e
}

// elasticity is d ln E[y] / d ln x for driver i's columns at lags, with
// its 95% interval: Σⱼ bⱼ·mean(∂colⱼ/∂ln x) over the reference rows (the
// chain rule through interactions), divided by the reference level when
// the target is not logged. It is b for a log-log term, b·x̄/ȳ for a
// linear one, b·x̄ for a logged target on a linear driver and b/ȳ for a
// linear target on a logged driver; over several lags they add up.
func (st *Study) elasticity(i int, lags []int, ref Reference) Estimate {
	cols, _ := st.Design.columns()
	m := st.Matrix
	off := len(st.Fit.Terms) - len(cols)
	h := make([]float64, len(st.Fit.Terms))
	g := make([]float64, len(cols))
	rows := st.refRows()
	dr := st.Design.Drivers[i]
	for _, r := range rows {
		for j, c := range cols {
			switch {
			case c.kind == colDriver && c.driver == i && slices.Contains(lags, c.lag) && dr.Log:
				g[j] = 1
			case c.kind == colDriver && c.driver == i && slices.Contains(lags, c.lag):
				g[j] = m.X.At(r, j)
			case c.kind == colInteraction:
				g[j] = g[c.a]*m.X.At(r, c.b) + m.X.At(r, c.a)*g[c.b]
			default:
				g[j] = 0
			}
			h[off+j] += g[j] / float64(len(rows))
		}
	}
	pr := st.Fit.PredictInterval(h, 0.95)
	e := Estimate{pr.Fit, pr.MeanLower, pr.MeanUpper}
	if !st.Design.Target.Log {
		e = Estimate{e.Value / ref.Level, e.Lower / ref.Level, e.Upper / ref.Level}
		if ref.Level < 0 {
			e.Lower, e.Upper = e.Upper, e.Lower
		}
	}
	return e
}

// DefaultChanges are the relative changes of a sensitivity table: ±5, 10
// and 20%.
func DefaultChanges() []float64 { return []float64{-0.20, -0.10, -0.05, 0.05, 0.10, 0.20} }

// Sensitivity is the response of the target to changes in one driver,
// averaged over the reference months (see Reference): the same months and
// level as the study's answer, so that its figures are the table's.
type Sensitivity struct {
	Driver string // the driver's Label
	Reference
	Changes []float64 // relative changes of the driver, e.g. 0.10
	Lags    []int     // the driver's lags, in the design's order
	// Response[i] is the change of the fitted target when the driver is
	// multiplied by 1+Changes[i] in every month, so in all its lags and
	// interactions at once: a change kept up. ByLag[k][i] is the change
	// when only its value Lags[k] months before is: a change of one month,
	// seen Lags[k] months later. The other drivers keep their data.
	Response []Effect
	ByLag    [][]Effect
	// Elasticity is the percent change of the target for 1% more of the
	// driver in every month (its lags add up: the long-run elasticity);
	// LagElasticity[k] for 1% more Lags[k] months before only. See
	// Study.elasticity.
	Elasticity    Estimate
	LagElasticity []Estimate
}

// Sensitivity returns one Sensitivity per driver, in the order of
// Design.Drivers, for changes (nil for DefaultChanges).
func (st *Study) Sensitivity(changes []float64) ([]Sensitivity, error) {
	if changes == nil {
		changes = DefaultChanges()
	}
	ref := st.Reference()
	out := make([]Sensitivity, len(st.Design.Drivers))
	for i, dr := range st.Design.Drivers {
		lags := dr.lags()
		s := Sensitivity{Driver: dr.Label(), Reference: ref, Changes: changes, Lags: lags, ByLag: make([][]Effect, len(lags))}
		for _, c := range changes {
			scale := func(v float64) float64 { return v * (1 + c) }
			g, err := st.moved(i, lags, scale)
			if err != nil {
				return nil, err
			}
			s.Response = append(s.Response, st.effectOf(g, ref))
			for k, lag := range lags {
				g, err := st.moved(i, []int{lag}, scale)
				if err != nil {
					return nil, err
				}
				s.ByLag[k] = append(s.ByLag[k], st.effectOf(g, ref))
			}
		}
		s.Elasticity = st.elasticity(i, lags, ref)
		for _, lag := range lags {
			s.LagElasticity = append(s.LagElasticity, st.elasticity(i, []int{lag}, ref))
		}
		out[i] = s
	}
	return out, nil
}

// ScenarioDifference is a scenario's forecast less the baseline's, month
// by month, in the target's own units (unlogged).
type ScenarioDifference struct {
	Name    string
	Periods []coo.Period
	// Baseline is the baseline's forecast (exp of the fit for a logged
	// target, the median).
	Baseline []float64
	// Change is the scenario's forecast less the baseline's. Lower and
	// Upper are its 95% interval from the uncertainty of the coefficients,
	// the baseline's level taken as given: the month's own noise is the
	// same under both and cancels.
	Change, Lower, Upper []float64
	// Drivers[i][t] is driver i under the scenario less under the baseline
	// in Periods[t] (unlogged, its value of that month), in the order of
	// Design.Drivers.
	Drivers [][]float64
	// Total is the sum of Change, with a 95% interval by the delta method.
	Total Estimate
}

// Difference returns sc less base, both from Scenario over the same
// months.
func (st *Study) Difference(sc, base *ScenarioForecast) (*ScenarioDifference, error) {
	if len(sc.Periods) != len(base.Periods) || len(sc.rows) != len(sc.Periods) || len(base.rows) != len(base.Periods) ||
		(len(sc.Periods) > 0 && sc.Periods[0] != base.Periods[0]) {
		return nil, fmt.Errorf("scenario %q: not over the months of %q", sc.Name, base.Name)
	}
	d := &ScenarioDifference{Name: sc.Name, Periods: sc.Periods, Drivers: make([][]float64, len(sc.Drivers))}
	h := make([]float64, len(st.Fit.Terms))
	g := make([]float64, len(st.Fit.Terms))
	for t := range sc.Periods {
		for j := range g {
			g[j] = sc.rows[t][j] - base.rows[t][j]
		}
		pr := st.Fit.PredictInterval(g, 0.95)
		fb := base.Predictions[t].Fit
		lvl, grad := 1.0, 1.0
		if st.Design.Target.Log {
			lvl, grad = math.Exp(fb), math.Exp(fb+pr.Fit)
		}
		ch := st.unlog(sc.Predictions[t].Fit) - st.unlog(fb)
		lo, hi := pr.MeanLower, pr.MeanUpper
		if st.Design.Target.Log {
			lo, hi = lvl*math.Expm1(lo), lvl*math.Expm1(hi)
		}
		d.Baseline = append(d.Baseline, st.unlog(fb))
		d.Change = append(d.Change, ch)
		d.Lower = append(d.Lower, lo)
		d.Upper = append(d.Upper, hi)
		d.Total.Value += ch
		for j := range h {
			h[j] += grad * g[j]
		}
	}
	for i := range sc.Drivers {
		for t := range sc.Periods {
			d.Drivers[i] = append(d.Drivers[i], sc.Drivers[i][t]-base.Drivers[i][t])
		}
	}
	pr := st.Fit.PredictInterval(h, 0.95)
	half := (pr.MeanUpper - pr.MeanLower) / 2
	d.Total.Lower, d.Total.Upper = d.Total.Value-half, d.Total.Value+half
	return d, nil
}
