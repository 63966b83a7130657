package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"coo"
	"coo/forecast"
)

// ErrNotPositive is the reason of a PeriodError for the log of a value that
// is zero or negative.
var ErrNotPositive = errors.New("log of a value that is not positive")

// PeriodError reports a value of a series that a design cannot use, with the
// month it belongs to. Err is a reason such as ErrNotPositive.
type PeriodError struct {
	Series string // the series' label, e.g. "marketing.spend"
	Period coo.Period
	Value  float64
	Err    error
}

func (e *PeriodError) Error() string {
	return fmt.Sprintf("%s at %s: %v (%g)", e.Series, e.Period, e.Err, e.Value)
}
func (e *PeriodError) Unwrap() error { return e.Err }

// Variable is a metric series of a design: the total (Dims "") or one
// breakdown, in its own units or logged (natural log).
type Variable struct {
	Metric coo.MetricName
	Dims   string // "" for the total, else e.g. "region=North"
	Log    bool
}

// Label names the series: the metric, with the breakdown in braces when
// there is one ("sales.units{region=North}"). Drivers are keyed by it.
func (v Variable) Label() string {
	if v.Dims == "" {
		return string(v.Metric)
	}
	return string(v.Metric) + "{" + v.Dims + "}"
}

// Driver is a predictor series with the lags it enters with: lag k puts
// the driver's value of month t−k in the row of month t. Nil Lags means
// {0}, the same month.
type Driver struct {
	Variable
	Lags []int // each >= 0, no repeats
}

func (d Driver) lags() []int {
	if len(d.Lags) == 0 {
		return []int{0}
	}
	return d.Lags
}

// Ref names one column of a driver: its label and lag.
type Ref struct {
	Driver string // a Driver's Label
	Lag    int
}

// Interaction is the product of two driver columns (each logged if its
// driver is), named "A*B" from the columns' names.
type Interaction struct{ A, B Ref }

// Design says how to build a regression of a target on drivers. The
// columns come in this order: each driver's lags in the order given, the
// interactions, the trend, the month dummies. The intercept is not a
// column: Regress adds it (as "(Intercept)") when Intercept is set.
type Design struct {
	Target       Variable
	Drivers      []Driver
	Interactions []Interaction
	// Trend adds "trend", 1 in the first month of the aligned span (see
	// DesignMatrix.From) and one more each month after.
	Trend bool
	// MonthDummies adds "month=m", 1 in month m of the calendar year, else 0:
	// every month but BaseMonth with an intercept, all twelve without.
	MonthDummies bool
	BaseMonth    int // 1–12, 0 for January
	Intercept    bool
}

// Validate checks the spec on its own, without data.
func (d *Design) Validate() error {
	if d.Target.Metric == "" {
		return errors.New("design: no target metric")
	}
	if d.BaseMonth < 0 || d.BaseMonth > 12 {
		return fmt.Errorf("design: base month %d outside 1–12", d.BaseMonth)
	}
	seen := map[string]bool{}
	for _, dr := range d.Drivers {
		l := dr.Label()
		if dr.Metric == "" {
			return errors.New("design: a driver has no metric")
		}
		if seen[l] {
			return fmt.Errorf("design: driver %s given twice", l)
		}
		seen[l] = true
		lag := map[int]bool{}
		for _, k := range dr.lags() {
			if k < 0 {
				return fmt.Errorf("design: driver %s: negative lag %d", l, k)
			}
			if lag[k] {
				return fmt.Errorf("design: driver %s: lag %d given twice", l, k)
			}
			lag[k] = true
		}
	}
	cols, _ := d.columns()
	for _, in := range d.Interactions {
		for _, r := range []Ref{in.A, in.B} {
			if d.find(cols, r) < 0 {
				return fmt.Errorf("design: interaction refers to %s lag %d, which is not a driver column", r.Driver, r.Lag)
			}
		}
	}
	if len(cols) == 0 {
		return errors.New("design: no columns (an intercept alone is a mean, not a study)")
	}
	return nil
}

type colKind int

const (
	colDriver colKind = iota
	colInteraction
	colTrend
	colMonth
)

// column describes one column of the design.
type column struct {
	kind   colKind
	driver int // colDriver: index in Design.Drivers
	lag    int
	a, b   int // colInteraction: column indices
	month  int // colMonth
}

// columnName is the name of a driver column: "m", "m[t-1]", "log(m[t-1])".
func columnName(v Variable, lag int) string {
	s := v.Label()
	if lag > 0 {
		s += fmt.Sprintf("[t-%d]", lag)
	}
	if v.Log {
		s = "log(" + s + ")"
	}
	return s
}

func (d *Design) columns() ([]column, []string) {
	var cols []column
	var names []string
	for i, dr := range d.Drivers {
		for _, k := range dr.lags() {
			cols = append(cols, column{kind: colDriver, driver: i, lag: k})
			names = append(names, columnName(dr.Variable, k))
		}
	}
	for _, in := range d.Interactions {
		a, b := d.find(cols, in.A), d.find(cols, in.B)
		if a < 0 || b < 0 {
			continue // Validate reports it
		}
		cols = append(cols, column{kind: colInteraction, a: a, b: b})
		names = append(names, names[a]+"*"+names[b])
	}
	if d.Trend {
		cols = append(cols, column{kind: colTrend})
		names = append(names, "trend")
	}
	if d.MonthDummies {
		base := d.BaseMonth
		if base == 0 {
			base = 1
		}
		for m := 1; m <= 12; m++ {
			if d.Intercept && m == base {
				continue
			}
			cols = append(cols, column{kind: colMonth, month: m})
			names = append(names, fmt.Sprintf("month=%d", m))
		}
	}
	return cols, names
}

func (d *Design) find(cols []column, r Ref) int {
	for j, c := range cols {
		if c.kind == colDriver && c.lag == r.Lag && d.Drivers[c.driver].Label() == r.Driver {
			return j
		}
	}
	return -1
}

// DesignMatrix is a design built from data: row i is month Periods[i].
type DesignMatrix struct {
	X       *mat.Dense // len(Periods) × len(Names), without the intercept
	Y       []float64  // the target (logged if Target.Log)
	Names   []string   // column names, e.g. "marketing.spend[t-1]", "month=2"
	Periods []coo.Period
	// From and To bound the span where the target and every lag of every
	// driver exist; Trend counts from From.
	From, To coo.Period
	// Dropped lists the months of the span left out because a value they
	// need is missing (NaN), oldest first; Note says it in words ("" if
	// nothing was left out).
	Dropped []Gap
	Note    string
}

// Gap is a month left out of a design and the columns it lacked ("y" for
// the target).
type Gap struct {
	Period  coo.Period
	Missing []string
}

// lookup returns a series' value at p, NaN outside it.
func lookup(s coo.Series, p coo.Period) float64 {
	v, ok := s.At(p)
	if !ok {
		return math.NaN()
	}
	return v
}

// row fills dst with the design's row for month p; value(i, q) is driver
// i's raw value in month q (NaN if missing). It returns the names of the
// columns that are missing, or a *PeriodError for the log of a value that
// is not positive.
func (d *Design) row(dst []float64, cols []column, names []string, from, p coo.Period, value func(i int, q coo.Period) float64) ([]string, error) {
	var missing []string
	for j, c := range cols {
		var v float64
		switch c.kind {
		case colDriver:
			dr := d.Drivers[c.driver]
			q := p.Add(-c.lag)
			v = value(c.driver, q)
			if math.IsNaN(v) {
				missing = append(missing, names[j])
			} else if dr.Log {
				if !(v > 0) {
					return nil, &PeriodError{Series: dr.Label(), Period: q, Value: v, Err: ErrNotPositive}
				}
				v = math.Log(v)
			}
		case colInteraction:
			v = dst[c.a] * dst[c.b]
		case colTrend:
			v = float64(p-from) + 1
		case colMonth:
			if p.Month() == c.month {
				v = 1
			}
		}
		dst[j] = v
	}
	return missing, nil
}

// BuildDesign builds the design of spec from the target series y and the
// drivers' series, keyed by Driver.Label; all monthly, oldest first, NaN
// for a missing month. Rows run over the span where y and every lag of
// every driver exist (From to To); a month of it with a missing value is
// left out and listed in Dropped, never filled. Nothing is modified.
//
// Errors: the spec's Validate error; a missing driver series; an empty
// span; a *PeriodError (ErrNotPositive) for the log of a value that is not
// positive, naming the month of the value; fewer rows than coefficients.
func BuildDesign(y coo.Series, drivers map[string]coo.Series, spec *Design) (*DesignMatrix, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if len(y.Values) == 0 {
		return nil, fmt.Errorf("design: target %s has no data", spec.Target.Label())
	}
	from, to := y.Start, y.End()
	ser := make([]coo.Series, len(spec.Drivers))
	for i, dr := range spec.Drivers {
		s, ok := drivers[dr.Label()]
		if !ok || len(s.Values) == 0 {
			return nil, fmt.Errorf("design: driver %s has no data", dr.Label())
		}
		ser[i] = s
		for _, k := range dr.lags() {
			from = max(from, s.Start.Add(k))
			to = min(to, s.End().Add(k))
		}
	}
	if from > to {
		return nil, fmt.Errorf("design: the target and the drivers' lags have no month in common")
	}
	cols, names := spec.columns()
	m := &DesignMatrix{Names: names, From: from, To: to}
	value := func(i int, q coo.Period) float64 { return lookup(ser[i], q) }
	var data []float64
	row := make([]float64, len(cols))
	for p := from; p <= to; p++ {
		missing, err := spec.row(row, cols, names, from, p, value)
		if err != nil {
			return nil, fmt.Errorf("design: %w", err)
		}
		yv := lookup(y, p)
		if math.IsNaN(yv) {
			missing = append([]string{"y"}, missing...)
		} else if spec.Target.Log {
			if !(yv > 0) {
				return nil, fmt.Errorf("design: %w", &PeriodError{Series: spec.Target.Label(), Period: p, Value: yv, Err: ErrNotPositive})
			}
			yv = math.Log(yv)
		}
		if len(missing) > 0 {
			m.Dropped = append(m.Dropped, Gap{Period: p, Missing: missing})
			continue
		}
		data = append(data, row...)
		m.Y = append(m.Y, yv)
		m.Periods = append(m.Periods, p)
	}
	k := len(cols)
	if spec.Intercept {
		k++
	}
	if len(m.Y) < k {
		return nil, fmt.Errorf("design: %d usable months from %s to %s for %d coefficients", len(m.Y), from, to, k)
	}
	m.X = mat.NewDense(len(m.Y), len(cols), data)
	if len(m.Dropped) > 0 {
		var s []string
		for _, g := range m.Dropped {
			s = append(s, fmt.Sprintf("%s (no %s)", g.Period, strings.Join(g.Missing, ", ")))
		}
		m.Note = fmt.Sprintf("%d of the %d months from %s to %s are used; left out for missing data, not filled: %s",
			len(m.Y), int(to-from)+1, from, to, strings.Join(s, "; "))
	}
	return m, nil
}

// Study is a fitted design: the data it used, the regression and its
// diagnostics, with flagged observations named by month.
type Study struct {
	Design      Design
	Matrix      *DesignMatrix
	Fit         *forecast.Regression
	Diagnostics *forecast.Diagnostics
	// HighLeverage and Influential are the months of Diagnostics'
	// HighLeverage and Influential observations.
	HighLeverage, Influential []coo.Period
	// Warnings are the Diagnostics' warnings with observations named by
	// month.
	Warnings []string

	target  coo.Series
	drivers []coo.Series // in the order of Design.Drivers
}

// FitStudy reads the target and drivers of spec through store, builds the
// design (BuildDesign) and fits it by OLS (forecast.Regress) with its
// diagnostics (forecast.Diagnose). spec is copied.
//
// Errors: the store's, BuildDesign's and Regress's (e.g. a
// *forecast.CollinearError), wrapped with what was being done.
func FitStudy(ctx context.Context, store Store, spec *Design) (*Study, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	y, err := store.Series(ctx, spec.Target.Metric, spec.Target.Dims)
	if err != nil {
		return nil, fmt.Errorf("study: read %s: %w", spec.Target.Label(), err)
	}
	st := &Study{Design: *spec, target: y}
	byLabel := map[string]coo.Series{}
	for _, dr := range spec.Drivers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s, err := store.Series(ctx, dr.Metric, dr.Dims)
		if err != nil {
			return nil, fmt.Errorf("study: read %s: %w", dr.Label(), err)
		}
		byLabel[dr.Label()] = s
		st.drivers = append(st.drivers, s)
	}
	st.Matrix, err = BuildDesign(y, byLabel, &st.Design)
	if err != nil {
		return nil, fmt.Errorf("study of %s: %w", spec.Target.Label(), err)
	}
	st.Fit, err = forecast.Regress(st.Matrix.X, st.Matrix.Y, nil, &forecast.RegressSettings{Intercept: spec.Intercept, Names: st.Matrix.Names})
	if err != nil {
		return nil, fmt.Errorf("study of %s: %w", spec.Target.Label(), err)
	}
	d := forecast.Diagnose(st.Fit)
	st.Diagnostics = d
	for _, i := range d.HighLeverage {
		st.HighLeverage = append(st.HighLeverage, st.Matrix.Periods[i])
	}
	for _, i := range d.Influential {
		st.Influential = append(st.Influential, st.Matrix.Periods[i])
	}
	// The last warnings are those of leverage and influence (Diagnostics
	// keeps the order of its fields); say them again with months.
	ws := d.Warnings
	if len(d.Influential) > 0 {
		ws = ws[:len(ws)-1]
	}
	if len(d.HighLeverage) > 0 {
		ws = ws[:len(ws)-1]
	}
	st.Warnings = append([]string(nil), ws...)
	if len(st.HighLeverage) > 0 {
		st.Warnings = append(st.Warnings, fmt.Sprintf("high leverage (above 2p/n) in %s", listPeriods(st.HighLeverage)))
	}
	if len(st.Influential) > 0 {
		st.Warnings = append(st.Warnings, fmt.Sprintf("influential months (Cook's distance above 4/n): %s; check them, the fit depends on them", listPeriods(st.Influential)))
	}
	return st, nil
}

// listPeriods lists at most 10 months.
func listPeriods(ps []coo.Period) string {
	var s []string
	for i, p := range ps {
		if i == 10 {
			s = append(s, fmt.Sprintf("and %d more", len(ps)-10))
			break
		}
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}
