package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"

	"coo"
	"coo/forecast"
)

// setAside returns y with its one-off outliers replaced by their expected
// values, for fitting, and those outliers (forecast.Outliers), sorted by
// index; y itself when there are none. y is not modified.
//
// Outliers flags runs of neighbouring values; a run is set aside only if
// the series comes back after it, so that a lasting change of level is
// fitted, not corrected away:
//
//   - a run that reaches the end of y is kept: a step has begun, or it
//     cannot be told from one (lastSlip judges a latest month far above
//     the rest); a run at the start is judged against the level after it;
//   - a run is a step, and kept, when the level after it (the median of
//     up to three values after it that are not flagged) differs from the
//     level before it by more than half the run's largest excess |value −
//     expected|: a one-off leaves the level where it was, while a step
//     of size S moves it by S and its flagged values, interpolated across
//     the step, are at most about S/2 from their expected values;
//   - within a run set aside, a value whose excess is under a tenth of the
//     run's largest is left as it is: the smoother's spill-over from the
//     large one next to it, not an outlier of its own;
//   - a value whose excess is under materiality times the series' typical
//     size (the median of |y|) is left as it is: the fit copes with it, and
//     the report would otherwise list a business's ordinary surprises as
//     suspect data (in the demo, a 13th-month January salary that grows
//     with the payroll, 7% above what an additive season expects).
//
// A count of rare events (whole numbers with a median under 10: hires,
// complaints) is left alone: a month of 8 where 3 is usual is its noise,
// not a slip. For a series that has never been negative, an expected
// value below zero is taken as zero.
func setAside(y []float64, m int) ([]float64, []forecast.Outlier) {
	abs := make([]float64, len(y))
	whole := true
	for i, v := range y {
		abs[i] = math.Abs(v)
		whole = whole && v == math.Trunc(v)
	}
	typical := middle(abs)
	if whole && typical < 10 {
		return y, nil
	}
	found := forecast.Outliers(y, m)
	if len(found) == 0 {
		return y, nil
	}
	if nonNegative(y) {
		for i := range found {
			found[i].Expected = max(found[i].Expected, 0)
		}
	}
	floor := materiality * typical
	flagged := map[int]bool{}
	for _, o := range found {
		flagged[o.Index] = true
	}
	level := func(from, step int) (float64, bool) { // the median of up to 3 unflagged values from from on, in direction step
		var xs []float64
		for i := from; i >= 0 && i < len(y) && len(xs) < 3; i += step {
			if !flagged[i] {
				xs = append(xs, y[i])
			}
		}
		if len(xs) == 0 {
			return 0, false
		}
		return middle(xs), true
	}
	var set []forecast.Outlier
	for a := 0; a < len(found); {
		b := a + 1
		for b < len(found) && found[b].Index == found[b-1].Index+1 {
			b++
		}
		run := found[a:b]
		a = b
		after, ok := level(run[len(run)-1].Index+1, 1)
		if !ok {
			continue
		}
		before, ok := level(run[0].Index-1, -1)
		if !ok {
			before = after
		}
		excess := 0.0
		for _, o := range run {
			excess = max(excess, math.Abs(o.Value-o.Expected))
		}
		if math.Abs(after-before) > excess/2 {
			continue
		}
		for _, o := range run {
			if d := math.Abs(o.Value - o.Expected); d >= excess/10 && d >= floor {
				set = append(set, o)
			}
		}
	}
	if len(set) == 0 {
		return y, nil
	}
	fit := slices.Clone(y)
	for _, o := range set {
		fit[o.Index] = o.Expected
	}
	return fit, set
}

// materiality is the smallest excess setAside acts on, as a fraction of
// the series' median absolute value.
const materiality = 0.2

// middle is the median of xs, which it sorts; xs is not empty.
func middle(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// adjustedList names the months adjusted: "2026-05, 2026-07".
func adjustedList(as []coo.Adjustment) string {
	var ps []coo.Period
	for _, a := range as {
		ps = append(ps, a.Period)
	}
	return periods(ps)
}

// OutlierNote is one month of a reported figure's history that its
// forecast was fitted without (coo.Adjustment), with the workbook cells
// that made the month's value what it is.
type OutlierNote struct {
	Metric          coo.MetricName
	Label, Unit     string
	Period          coo.Period
	Value, Expected float64 // the month's value; what the fit used instead
	// Cells are the facts that moved the month's value most, in the
	// direction of Value − Expected (against their own typical value),
	// largest first: as few as explain nine tenths of the difference, at
	// most maxOutlierCells. Nil when the store cannot name cells.
	Cells []coo.FactCell
}

// maxOutlierCells is how many cells an OutlierNote names at most.
const maxOutlierCells = 3

// CellStore names the workbook cells behind a metric's value in a month:
// *warehouse.DB satisfies it (FactCells). Monthly names the cells of the
// values its forecasts were fitted without when its store has this method,
// and names none otherwise.
type CellStore interface {
	FactCells(ctx context.Context, m *coo.Metric, dims string, p coo.Period) ([]coo.FactCell, error)
}

// outliers fills r.Outliers: every month set aside by the forecast of a
// reported figure (headline and departments' KPIs, each once), in the
// order the figures are reported, oldest month first.
func (m *monthly) outliers() error {
	cs, _ := m.store.(CellStore)
	seen := map[coo.MetricName]bool{}
	all := append([]MonthlyKPI(nil), m.r.KPIs...)
	for _, d := range m.r.Depts {
		all = append(all, d.KPIs...)
	}
	for _, k := range all {
		if seen[k.Spec.Metric] || k.Forecast == nil {
			continue
		}
		seen[k.Spec.Metric] = true
		for _, a := range k.Forecast.Adjusted {
			n := OutlierNote{Metric: k.Spec.Metric, Label: k.Label, Unit: k.Unit, Period: a.Period, Value: a.Value, Expected: a.Expected}
			if md := m.meta[k.Spec.Metric]; cs != nil && md != nil {
				cells, err := cs.FactCells(m.ctx, md, "", a.Period)
				if err != nil {
					return err
				}
				n.Cells = culprits(cells, a.Value-a.Expected)
			}
			m.r.Outliers = append(m.r.Outliers, n)
		}
	}
	return nil
}

// culprits picks the cells that moved a month's value by excess: those
// that moved most in its direction against their typical value (0 for a
// cell with none), largest first, until they explain nine tenths of it,
// at most maxOutlierCells; the one that moved most if none moved that way.
func culprits(cells []coo.FactCell, excess float64) []coo.FactCell {
	if len(cells) == 0 {
		return nil
	}
	dir := 1.0
	if excess < 0 {
		dir = -1
	}
	moved := func(c coo.FactCell) float64 {
		t := c.Typical
		if math.IsNaN(t) {
			t = 0
		}
		return dir * (c.Value - t)
	}
	sorted := slices.Clone(cells)
	slices.SortStableFunc(sorted, func(a, b coo.FactCell) int { return cmp.Compare(moved(b), moved(a)) })
	var out []coo.FactCell
	sum := 0.0
	for _, c := range sorted {
		if len(out) == maxOutlierCells || moved(c) <= 0 || len(out) > 0 && sum >= 0.9*math.Abs(excess) {
			break
		}
		out = append(out, c)
		sum += moved(c)
	}
	if len(out) == 0 {
		out = sorted[:1]
	}
	return out
}

// slipFactor is how many times the largest month before it the latest
// month may be before a forecast refuses to follow it (lastSlip).
const slipFactor = 10.0

// lastSlip reports whether y's last value is more than slipFactor times
// the largest absolute value before it, and that value. Such a month is
// a unit slip (thousands entered as units) as often as news; Outliers
// cannot tell, since no month after it shows whether the level stays, and
// a forecast that follows it runs to absurd heights, its bands wider
// still. A second month at the new level makes it the history's largest,
// so the forecast resumes. A history of zeros before it (a first sale, a
// first complaint) is not judged.
func lastSlip(y []float64) (ref float64, slip bool) {
	n := len(y)
	if n < 2 {
		return 0, false
	}
	for _, v := range y[:n-1] {
		if !math.IsNaN(v) {
			ref = max(ref, math.Abs(v))
		}
	}
	return ref, ref > 0 && math.Abs(y[n-1]) > slipFactor*ref
}

// rangeFactor is how far beyond the history a forecast may reach before
// the report calls it out of range (outOfRange).
const rangeFactor = 3.0

// outOfRange reports whether k's forecast or fiscal-year outlook lies
// outside what its history makes plausible: a step's mean or 95% bound
// beyond rangeFactor times the largest absolute monthly value of the
// history, or the outlook or its bounds beyond rangeFactor times that
// value times the year's months (a flow's year sums them) or times one (a
// stock). The largest value leaves out the months the forecast was
// fitted without and the report's month itself, which may be the slip
// that the forecast followed (unless it is the only month). A series
// that has never been negative has its forecast floored at zero, so only
// the upper side can be out of range; for others the rule is on |value|.
func outOfRange(k *MonthlyKPI, p coo.Period, yearMonths int) bool {
	f := k.Forecast
	if f == nil || f.Error != "" {
		return false
	}
	skip := map[coo.Period]bool{}
	for _, a := range f.Adjusted {
		skip[a.Period] = true
	}
	ref, any := 0.0, false
	for i, v := range k.History.Values {
		q := k.History.Start.Add(i)
		if math.IsNaN(v) || skip[q] || q == p {
			continue
		}
		ref, any = max(ref, math.Abs(v)), true
	}
	if !any {
		if v, ok := k.History.At(p); ok {
			ref = math.Abs(v)
		}
	}
	beyond := func(limit float64, vs ...float64) bool {
		for _, v := range vs {
			if math.Abs(v) > limit || math.IsInf(v, 0) {
				return true
			}
		}
		return false
	}
	for i := range f.Mean {
		if beyond(rangeFactor*ref, f.Mean[i], f.Lo95[i], f.Hi95[i]) {
			return true
		}
	}
	months := 1.0
	if k.Kind != coo.Stock {
		months = float64(yearMonths)
	}
	return beyond(rangeFactor*ref*months, nanZero(k.Outlook), nanZero(k.OutlookLo95), nanZero(k.OutlookHi95))
}

func nanZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
