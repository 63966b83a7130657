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

// Reconciliation says what Reconcile did with one metric.
type Reconciliation struct {
	Metric coo.MetricName
	Series int    // series made coherent (total and breakdowns); 0 if left alone
	Method string // "MinT (shrink)", "OLS"...; "" if left alone
	Lambda float64
	Why    string // why the metric was left alone, or how the method was chosen
}

// reconcileWindow is how many months of one-step errors, at most, estimate
// the covariance that MinT weights the series by.
const reconcileWindow = 36

// Reconcile makes the forecasts of every additive metric coherent with its
// breakdowns, in place: at every step the total equals the sum of the
// members of each dimension it is broken down by, intervals included
// (forecast.Reconcile: MinT with a shrunk covariance, or OLS when MinT
// cannot be used). A metric is left alone, and its Reconciliation says
// why, when it is not additive (an average, a minimum, a maximum), has no
// breakdown, when a series of it has no forecast or another origin or
// horizon, or when its members do not add up to its total in the data
// (facts without the dimension, say). Each reconciled forecast's Note says
// so.
//
// MinT's weights need the base forecasts' one-step errors; auto does not
// expose its members' in-sample residuals, so they are approximated by the
// one-step errors of seasonal naive (naive for histories shorter than
// three years) over the last reconcileWindow months. Only the errors'
// correlation across the series enters the intervals: their widths come
// from the base forecasts' own calibrated intervals.
func Reconcile(ctx context.Context, store Store, metrics []coo.Metric, fs []SeriesForecast) ([]Reconciliation, error) {
	byMetric := map[coo.MetricName][]int{}
	for i := range fs {
		byMetric[fs[i].Key.Metric] = append(byMetric[fs[i].Key.Metric], i)
	}
	var out []Reconciliation
	for mi := range metrics {
		m := &metrics[mi]
		idx := byMetric[m.Name]
		if len(idx) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := Reconciliation{Metric: m.Name, Lambda: math.NaN()}
		ended, err := dropEnded(ctx, store, fs, idx)
		if err != nil {
			return out, err
		}
		switch {
		case !m.Additive():
			r.Why = fmt.Sprintf("not additive (%s of its rows): its breakdowns are not parts of its total", m.Aggregate)
		case len(m.By) == 0:
			r.Why = "no breakdown"
		default:
			if err := reconcileMetric(ctx, store, m, fs, idx, ended, &r); err != nil {
				return out, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// dropEnded takes the forecast away from each breakdown series of a metric
// (idx, its series in fs) whose last month is before its total's: a store
// that closed, or whose latest months were not sent. Its forecast, from
// an origin months back, was kept beside the total's as if current (found
// from outside: a closed store's forecast of about 25k a month through
// 2027-03 stood in latest_forecasts, and the metric was left
// unreconciled). So too a member sent as 0 in each of its last closedRun
// months or more, after a year of months none of which was 0 (closed
// with rows of zeros: its forecast kept a 95% bound of three times its
// former level; found from outside). A member that was 0 as long before,
// such as a business shut each winter, is not taken for closed. Its Err
// says so. It returns the series dropped, with their last months before
// they ended, for reconcileMetric; nil if none or if the total was not
// forecast.
func dropEnded(ctx context.Context, store Store, fs []SeriesForecast, idx []int) (map[int]coo.Period, error) {
	var last coo.Period
	for _, i := range idx {
		if fs[i].Key.Dims == "" {
			last = fs[i].Last
		}
	}
	if last == 0 {
		return nil, nil
	}
	var ended map[int]coo.Period
	end := func(i int, p coo.Period, err error) {
		if ended == nil {
			ended = map[int]coo.Period{}
		}
		ended[i] = p
		fs[i].Forecast, fs[i].Err = nil, err
	}
	for _, i := range idx {
		f := &fs[i]
		switch {
		case f.Key.Dims == "" || f.Last == 0:
		case f.Last < last:
			end(i, f.Last, fmt.Errorf("no value since %s: ended, or not sent; no forecast", f.Last))
		default:
			s, err := store.Series(ctx, f.Key.Metric, f.Key.Dims)
			if err != nil {
				return nil, err
			}
			if s.Len() == 0 || s.End() < f.Last {
				continue
			}
			if p, ok := closedAt(s.Slice(s.Start, f.Last)); ok {
				end(i, p, fmt.Errorf("0 in every month since %s, after a year with no 0: closed, or ended; no forecast", p+1))
			}
		}
	}
	return ended, nil
}

// closedRun is how many months of 0 in a row, at least, end a member
// (dropEnded).
const closedRun = 6

// closedAt reports whether s ends in closedRun or more months of 0 after
// twelve months with values none of which is 0, and the last of those
// twelve; a run of 0 as long as that earlier in s means a member that
// shuts for a season, not one that closed.
func closedAt(s coo.Series) (coo.Period, bool) {
	y := s.Values
	n := len(y)
	run := 0
	for run < n && y[n-1-run] == 0 {
		run++
	}
	before := n - run // y[before-1] is the last month not 0
	if run < closedRun || before < 12 {
		return 0, false
	}
	for _, v := range y[before-12 : before] {
		if math.IsNaN(v) || v == 0 {
			return 0, false
		}
	}
	zeros := 0
	for _, v := range y[:before] {
		if v == 0 {
			if zeros++; zeros >= run {
				return 0, false
			}
		} else {
			zeros = 0
		}
	}
	return s.Start.Add(before - 1), true
}

// unreconciled notes on the forecasts of rows that they were not made to
// add up, and why: a member without a forecast (too short, or a latest
// month to check) leaves the total and the other members as forecast, and
// the breakdown's sum then differs from the total's (found from outside,
// silently: 12-18% apart).
func unreconciled(fs []SeriesForecast, rows []int, metric coo.MetricName, why string) {
	note := fmt.Sprintf("not reconciled with %s's breakdowns, which do not add up to its total: %s", metric, why)
	for _, i := range rows {
		f := &fs[i]
		if f.Err != nil || f.Forecast == nil {
			continue
		}
		if f.Note != "" {
			f.Note += "; "
		}
		f.Note += note
	}
}

// hierarchy is one metric's series in the order of its summing matrix:
// the total, then each dimension's members.
type hierarchy struct {
	rows  []int   // indexes into fs
	parts [][]int // for each dimension, the positions in rows of its members
	// from is, for each dimension, the first month in which its members
	// must add up to the total (0: every month): a member that ended
	// before the total's last month is left out, and the others add up
	// only after its last.
	from []coo.Period
}

// reconcileMetric reconciles one metric's series idx in fs. The members
// in ended (dropEnded) are left out, provided the others of their
// dimension add up to the total in every month after the last one ended;
// otherwise the metric is left alone and r.Why says why.
func reconcileMetric(ctx context.Context, store Store, m *coo.Metric, fs []SeriesForecast, idx []int, ended map[int]coo.Period, r *Reconciliation) error {
	var h hierarchy
	total := -1
	members := map[string][]int{}
	endedBy := map[string][]int{} // by dimension
	for _, i := range idx {
		f := &fs[i]
		if f.Key.Dims == "" {
			total = i
			continue
		}
		dims, err := coo.ParseDims(f.Key.Dims)
		if err != nil || len(dims) != 1 {
			continue // not a one-key breakdown
		}
		if _, ok := ended[i]; ok {
			endedBy[dims[0].Key] = append(endedBy[dims[0].Key], i)
			continue
		}
		members[dims[0].Key] = append(members[dims[0].Key], i)
	}
	if total < 0 {
		r.Why = "the total was not forecast"
		return nil
	}
	h.rows = append(h.rows, total)
	for _, d := range m.By {
		if len(members[d]) == 0 {
			continue
		}
		// The months from which the members left add up to the total:
		// after the last month of the latest member to end.
		from := coo.Period(0)
		for _, i := range endedBy[d] {
			from = max(from, ended[i].Add(1))
		}
		h.from = append(h.from, from)
		var part []int
		for _, i := range members[d] {
			part = append(part, len(h.rows))
			h.rows = append(h.rows, i)
		}
		h.parts = append(h.parts, part)
	}
	if len(h.parts) == 0 {
		r.Why = "no breakdown was forecast"
		return nil
	}
	t := &fs[total]
	for _, i := range h.rows {
		f := &fs[i]
		if f.Err != nil || f.Forecast == nil {
			r.Why = fmt.Sprintf("%s has no forecast", keyName(f.Key))
			unreconciled(fs, h.rows, m.Name, r.Why)
			return nil
		}
		if f.Last != t.Last || f.Forecast.H() != t.Forecast.H() {
			r.Why = fmt.Sprintf("%s ends in %s, the total in %s", keyName(f.Key), f.Last, t.Last)
			unreconciled(fs, h.rows, m.Name, r.Why)
			return nil
		}
	}
	// The data: each series up to the forecast origin, members' missing
	// months as zero.
	ys := make([][]float64, len(h.rows))
	for k, i := range h.rows {
		s, err := store.Series(ctx, fs[i].Key.Metric, fs[i].Key.Dims)
		if err != nil {
			return err
		}
		ys[k] = aligned(s, t.Last, t.Months)
	}
	if why := incoherent(ys, h, fs, t.Last.Add(1-t.Months)); why != "" {
		if len(ended) > 0 {
			var names []string
			for _, i := range idx {
				if p, ok := ended[i]; ok {
					names = append(names, fmt.Sprintf("%s ended in %s", keyName(fs[i].Key), p))
				}
			}
			why = strings.Join(names, ", ") + " (no forecast), and without it " + why
		}
		r.Why = why
		unreconciled(fs, h.rows, m.Name, why)
		return nil
	}
	S := summing(h)
	base := make([]*forecast.Forecast, len(h.rows))
	nonNeg := true
	for k, i := range h.rows {
		base[k] = fs[i].Forecast
		nonNeg = nonNeg && nonNegative(ys[k])
	}
	// A series whose every month used is the same (a store that never
	// sold, a fee of exactly 20,000) has one-step errors of zero: it is
	// certain, and the others are reconciled around it (found from
	// outside: a member of zeros was given a mean rising to 454.6, and a
	// fixed 20,000 a 95% band of 16,482–24,448).
	// A count forecast as demand (Croston, SBA, TSB) keeps bands of the
	// count: forecast.ReconcileOptions.Counts.
	fixed, counts := make([]bool, len(h.rows)), make([]bool, len(h.rows))
	for k, y := range ys {
		fixed[k] = constant(y)
		switch base[k].Method {
		case "croston", "sba", "tsb":
			counts[k] = nonNegative(y) && forecast.ProfileDemand(y).Counts
		}
	}
	opt := &forecast.ReconcileOptions{Method: forecast.ReconcileMinT, NonNegative: nonNeg && len(h.parts) == 1, Fixed: fixed, Counts: counts}
	rec, err := forecast.Reconcile(S, base, oneStepErrors(ys), opt)
	if errors.Is(err, forecast.ErrHierarchy) {
		opt.Method = forecast.ReconcileOLS
		rec, err = forecast.Reconcile(S, base, nil, opt)
	}
	if err != nil {
		r.Why = "cannot reconcile: " + err.Error()
		return nil
	}
	r.Series, r.Method, r.Lambda, r.Why = len(h.rows), rec.Method.String(), rec.Lambda, rec.Fallback
	note := fmt.Sprintf("reconciled with %s's breakdowns (%s)", m.Name, rec.Method)
	for k, i := range h.rows {
		f := &fs[i]
		c := *f.Forecast
		c.Mean, c.Lo80, c.Hi80, c.Lo95, c.Hi95 = rec.Mean[k], rec.Lo80[k], rec.Hi80[k], rec.Lo95[k], rec.Hi95[k]
		f.Forecast = &c
		if f.Note != "" {
			f.Note += "; "
		}
		f.Note += note
	}
	return nil
}

// summing builds the summing matrix of a hierarchy. With one dimension the
// bottom series are its members: S is the total's row of ones over the
// identity. With more, the bottom series are the first dimension's members
// and every other dimension's members but its last, whose row is the total
// less the others (entries −1): the coherent forecasts are exactly those in
// which every dimension's members add up to the total.
func summing(h hierarchy) *mat.Dense {
	first := h.parts[0]
	var bottom []int // positions in rows
	bottom = append(bottom, first...)
	for _, part := range h.parts[1:] {
		bottom = append(bottom, part[:len(part)-1]...)
	}
	col := map[int]int{}
	for j, pos := range bottom {
		col[pos] = j
	}
	S := mat.NewDense(len(h.rows), len(bottom), nil)
	for _, pos := range first {
		S.Set(0, col[pos], 1) // the total is the sum of the first dimension's members
	}
	for _, pos := range bottom {
		S.Set(pos, col[pos], 1)
	}
	for _, part := range h.parts[1:] {
		last := part[len(part)-1]
		for _, pos := range first {
			S.Set(last, col[pos], 1)
		}
		for _, pos := range part[:len(part)-1] {
			S.Set(last, col[pos], -1)
		}
	}
	return S
}

// aligned returns s's values for the months months up to end, NaN where
// there are none, as zero (a member without facts in a month adds nothing).
func aligned(s coo.Series, end coo.Period, months int) []float64 {
	out := make([]float64, months)
	start := end.Add(1 - months)
	for k := range out {
		if v, ok := s.At(start.Add(k)); ok {
			out[k] = v
		}
	}
	return out
}

// incoherent says where the members of a dimension do not add up to the
// total in the data, or "" if they do in every month from h.from on (to
// 1e-6 of the total's size); the data begin in start.
func incoherent(ys [][]float64, h hierarchy, fs []SeriesForecast, start coo.Period) string {
	for p, part := range h.parts {
		for t := max(0, int(h.from[p]-start)); t < len(ys[0]); t++ {
			sum := 0.0
			for _, pos := range part {
				sum += ys[pos][t]
			}
			if tot := ys[0][t]; math.Abs(sum-tot) > 1e-6*math.Max(1, math.Abs(tot)) {
				dim := strings.SplitN(fs[h.rows[part[0]]].Key.Dims, "=", 2)[0]
				return fmt.Sprintf("its members by %s add up to %.6g, not the total %.6g, in %s: facts without the dimension, or a filter", dim, sum, tot, start.Add(t))
			}
		}
	}
	return ""
}

// constant reports whether every value of y is the same.
func constant(y []float64) bool {
	for _, v := range y {
		if v != y[0] {
			return false
		}
	}
	return true
}

// oneStepErrors returns the one-step errors of seasonal naive (naive for
// fewer than 36 months) over the last reconcileWindow months of each
// series, aligned in time.
func oneStepErrors(ys [][]float64) [][]float64 {
	n := len(ys[0])
	lag := 12
	if n < 36 {
		lag = 1
	}
	first := max(lag, n-reconcileWindow)
	out := make([][]float64, len(ys))
	for k, y := range ys {
		for t := first; t < n; t++ {
			out[k] = append(out[k], y[t]-y[t-lag])
		}
	}
	return out
}

func keyName(k coo.SeriesKey) string {
	if k.Dims == "" {
		return string(k.Metric)
	}
	return string(k.Metric) + " " + k.Dims
}
