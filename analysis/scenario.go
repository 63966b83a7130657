package analysis

import (
	"fmt"
	"math"

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

// DefaultChanges are the relative changes of a sensitivity table: ±5, 10
// and 20%.
func DefaultChanges() []float64 { return []float64{-0.20, -0.10, -0.05, 0.05, 0.10, 0.20} }

// Sensitivity is the response of the target to changes in one driver.
type Sensitivity struct {
	Driver  string     // the driver's Label
	At      coo.Period // the month of the response: the design's last row
	Changes []float64  // relative changes of the driver, e.g. 0.10
	// Response[i] is the change of the fitted target in month At when the
	// driver is multiplied by 1+Changes[i] in every month (so in all its
	// lags and interactions), the other drivers as they were; on the
	// target's scale (logged if Target.Log).
	Response []float64
	// Elasticity is d ln E[y] / d ln x at the means: Σⱼ bⱼ·mean(∂colⱼ/∂ln x)
	// over the design's rows, divided by ȳ when the target is not logged.
	// It is b·x̄/ȳ for a linear term, b for a log-log term, b·x̄ for a
	// logged target on a linear driver and b/ȳ for a linear target on a
	// logged driver; lags add up (the long-run elasticity).
	Elasticity float64
}

// Sensitivity returns one Sensitivity per driver, in the order of
// Design.Drivers, for changes (nil for DefaultChanges).
func (st *Study) Sensitivity(changes []float64) ([]Sensitivity, error) {
	if changes == nil {
		changes = DefaultChanges()
	}
	cols, names := st.Design.columns()
	m := st.Matrix
	at := m.Periods[len(m.Periods)-1]
	hist := func(i int, q coo.Period) float64 { return lookup(st.drivers[i], q) }
	base, err := st.fullRow(cols, names, at, hist)
	if err != nil {
		return nil, err
	}
	fit0 := st.Fit.Predict(base)
	off := len(base) - len(cols)
	b := st.Fit.Coefficients[off:]
	var ybar float64
	for _, v := range m.Y {
		ybar += v
	}
	ybar /= float64(len(m.Y))
	out := make([]Sensitivity, len(st.Design.Drivers))
	for i, dr := range st.Design.Drivers {
		s := Sensitivity{Driver: dr.Label(), At: at, Changes: changes}
		for _, c := range changes {
			scaled := func(j int, q coo.Period) float64 {
				v := hist(j, q)
				if j == i {
					v *= 1 + c
				}
				return v
			}
			row, err := st.fullRow(cols, names, at, scaled)
			if err != nil {
				return nil, err
			}
			s.Response = append(s.Response, st.Fit.Predict(row)-fit0)
		}
		// Average over the rows of Σⱼ bⱼ·∂colⱼ/∂ln x.
		g := make([]float64, len(cols))
		var sum float64
		for r := range len(m.Y) {
			for j, c := range cols {
				switch {
				case c.kind == colDriver && c.driver == i && dr.Log:
					g[j] = 1
				case c.kind == colDriver && c.driver == i:
					g[j] = m.X.At(r, j)
				case c.kind == colInteraction:
					g[j] = g[c.a]*m.X.At(r, c.b) + m.X.At(r, c.a)*g[c.b]
				default:
					g[j] = 0
				}
				sum += b[j] * g[j]
			}
		}
		s.Elasticity = sum / float64(len(m.Y))
		if !st.Design.Target.Log {
			s.Elasticity /= ybar
		}
		out[i] = s
	}
	return out, nil
}
