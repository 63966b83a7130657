package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"coo"
	"coo/internal/numfmt"
)

// Suspected values: a month whose value is more than slipFactor times
// every other month of its history is read as a unit slip (146 typed as
// 146,000) until someone checks it. Such a month is a coo.Suspect defect
// of the input, and goes where the other defects go (completeness.go):
// every figure that reads the month is marked, the report is not
// published without --allow-incomplete, and page one's findings, headline,
// questions and risks leave the figure out, as the assessment scores the
// KPI as missing (Score).

// suspicion is one month of a series whose value is not credible.
type suspicion struct {
	Period coo.Period
	Value  float64 // the month's value
	// Ref is the largest absolute value of the other months it is
	// compared with; Expected what the forecast's fit uses instead (Ref
	// for the latest month, which the forecast does not use at all).
	Ref, Expected float64
	// Small: the month is a fraction far under a count's every other
	// month (146 people typed as 0.146); Ref is then the smallest of them.
	Small bool
}

// suspicions returns the months of s up to p whose values are suspected
// slips, oldest first. It reads the history as the forecasts do (the
// months up to the last with data, after the last gap before it; setAside
// and lastSlip):
//
//   - the latest month, when it is p and more than slipFactor times every
//     month before it, those the forecast sets aside replaced by their
//     expected values (lastSlip on the fit): the month ForecastsAt refuses
//     to forecast from;
//   - an earlier month that the forecast sets aside as a one-off
//     (setAside: the series came back after it) and whose value is more
//     than slipFactor times the largest absolute value of the months not
//     set aside (the latest left out when it is itself suspected). A
//     one-off of a business (a trade fair's spend, three times the usual)
//     is set aside for the forecast but is not suspected.
//
// A count of rare events (setAside leaves those alone) is judged in its
// latest month only.
func suspicions(s coo.Series, p coo.Period) []suspicion {
	last := p
	for last >= s.Start {
		if _, ok := s.At(last); ok {
			break
		}
		last--
	}
	y := history(s, last)
	n := len(y)
	if n < 2 {
		return nil
	}
	first := last - coo.Period(n-1)
	fit, set := setAside(y, 12)
	var out []suspicion
	lastRef, slipped := lastSlip(fit)
	slipped = slipped && last == p
	aside := map[int]bool{}
	for _, o := range set {
		aside[o.Index] = true
	}
	ref := 0.0
	for i, v := range y {
		if !aside[i] && !(slipped && i == n-1) {
			ref = max(ref, math.Abs(v))
		}
	}
	for _, o := range set {
		if ref > 0 && math.Abs(o.Value) > slipFactor*ref {
			out = append(out, suspicion{Period: first.Add(o.Index), Value: o.Value, Ref: ref, Expected: o.Expected})
		}
	}
	if slipped {
		out = append(out, suspicion{Period: last, Value: y[n-1], Ref: lastRef, Expected: lastRef})
	} else if least, small := lastShrunk(y); small && last == p {
		out = append(out, suspicion{Period: last, Value: y[n-1], Ref: least, Expected: least, Small: true})
	}
	return out
}

// lastShrunk reports whether y's last value is a slip the other way: a
// count (every earlier month a whole number, their median at least 10)
// whose last month is a fraction under a tenth of its smallest month, and
// that month. A count that falls to 0, or to a small whole number, is a
// business's news, not judged; a fraction of a person is a unit (146
// people typed as 0.146 thousand, found from outside: "headcount down
// 34.5%" in the headline).
func lastShrunk(y []float64) (least float64, small bool) {
	n := len(y)
	if n < 2 {
		return 0, false
	}
	v := y[n-1]
	if v <= 0 || v == math.Trunc(v) {
		return 0, false
	}
	prior := slices.DeleteFunc(slices.Clone(y[:n-1]), func(x float64) bool { return math.IsNaN(x) })
	if len(prior) == 0 {
		return 0, false
	}
	least = math.Inf(1)
	for _, x := range prior {
		if x != math.Trunc(x) || x < 0 {
			return 0, false
		}
		least = min(least, x)
	}
	return least, middle(prior) >= 10 && v < least/slipFactor
}

// suspectIn reports whether month q is among sps, a series' suspicions as
// it stands up to p, and why, in words.
func suspectIn(sps []suspicion, q, p coo.Period) (string, bool) {
	for _, sp := range sps {
		if sp.Period == q && sp.Small {
			return fmt.Sprintf("%s in %s is a fraction under a tenth of every other month up to %s (at least %s): a suspected unit slip, not scored until the data are checked",
				fmtNum(sp.Value), q, p, fmtNum(sp.Ref)), true
		}
		if sp.Period == q {
			return fmt.Sprintf("%s in %s is more than %g times every other month up to %s (at most %s): a suspected unit slip, not scored until the data are checked",
				fmtNum(sp.Value), q, slipFactor, p, fmtNum(sp.Ref)), true
		}
	}
	return "", false
}

// suspects adds to m.in.Defects a Suspect defect for every suspected month
// (suspicions) of the series the report's figures read: the headline and
// departments' KPIs and their budgets, the units of their price and volume bridges, and the
// ratios' numerators and denominators (the series a ratio reads, and its
// metric's total). Each defect names a cell that made the month's value
// what it is (culprits, as OutlierNote.Cells: one defect a cell), or only
// the source when the store cannot name cells; the same cell and month
// found through two series is one defect. Metrics the input does not
// describe (no source) are not read.
//
// When the store can name cells, it then adds one for every cell of those
// series that is a suspected slip against its own history (cellSlips) in
// the months the year to date reads (the fiscal year's first month to the
// report's), and for a budget up to the year's end: a slip in one cell of
// a sum, invisible in the total, or in an earlier month of the year.
func (m *monthly) suspects() error {
	var keys []coo.SeriesKey
	to := map[coo.SeriesKey]coo.Period{} // the last month a figure reads of the key
	actual := map[coo.MetricName]bool{}  // the metrics that are not budgets
	add := func(k coo.SeriesKey, last coo.Period) {
		if k.Metric == "" {
			return
		}
		if _, ok := to[k]; !ok {
			keys = append(keys, k)
		}
		to[k] = max(to[k], last)
	}
	p, yearEnd := m.in.Period, max(m.in.Period, m.r.YearEnd)
	kpis := func(ks []KPISpec) {
		for _, k := range ks {
			add(coo.SeriesKey{Metric: k.Metric}, p)
			add(coo.SeriesKey{Metric: k.Budget}, yearEnd) // a budget typed 1,000 times too large is no news either
			add(coo.SeriesKey{Metric: k.PriceVolume.Units}, p)
			actual[k.Metric], actual[k.PriceVolume.Units] = true, true
		}
	}
	kpis(m.in.Spec.KPIs)
	for _, d := range m.in.Spec.Departments {
		kpis(d.KPIs)
		for _, r := range d.Ratios {
			for _, k := range []coo.SeriesKey{r.Num, r.Den} {
				add(coo.SeriesKey{Metric: k.Metric}, p)
				add(k, p)
			}
			actual[r.Num.Metric] = true // a denominator (a quota) may repeat
		}
	}
	cs, _ := m.store.(CellStore)
	lang := m.in.Lang
	if lang != "zh" {
		lang = "en"
	}
	defects := slices.Clone(m.in.Defects)
	type place struct {
		source, measure, file, sheet, cell string
		p                                  coo.Period
	}
	done := map[place]bool{}
	// addOnce adds d unless a defect of the same place and month is there
	// (the same cell found through two series).
	addOnce := func(d coo.Defect) {
		if at := (place{d.Source, d.Measure, d.File, d.Sheet, d.Cell, d.Months[0]}); !done[at] {
			done[at] = true
			defects = append(defects, d)
		}
	}
	for _, k := range keys {
		md := m.meta[k.Metric]
		if md == nil {
			continue
		}
		s, err := m.get(k)
		if err != nil {
			return err
		}
		for _, sp := range suspicions(s, m.in.Period) {
			label := md.LabelIn(lang)
			if k.Dims != "" {
				label += " [" + k.Dims + "]"
			}
			key := "suspect"
			if sp.Small {
				key = "suspect.small"
			}
			detail := fmt.Sprintf(word(lang, key), label, sp.Period, exact(sp.Value, md.Unit, lang), slipFactor,
				Number(sp.Ref, md.Unit, lang), m.in.Period)
			var cells []coo.FactCell
			if cs != nil {
				all, err := cs.FactCells(m.ctx, md, k.Dims, sp.Period)
				if err != nil {
					return err
				}
				cells = culprits(all, sp.Value-sp.Expected)
			}
			d := coo.Defect{Kind: coo.Suspect, Source: md.Source, Measure: md.Measure, Reason: string(coo.Suspect),
				Detail: detail, Months: []coo.Period{sp.Period}}
			if len(cells) == 0 {
				addOnce(d)
				continue
			}
			for _, c := range cells {
				dc := d
				dc.File = c.File
				if c.Cell.Col != 0 {
					dc.Sheet, dc.Cell = c.Cell.Sheet, c.Cell.A1()
				}
				dc.Detail += fmt.Sprintf(word(lang, "suspect.cell"), exact(c.Value, md.Unit, lang))
				addOnce(dc)
			}
		}
	}
	if cs != nil {
		cc := &cellCache{ctx: m.ctx, cs: cs, copies: actual}
		for _, k := range keys {
			md := m.meta[k.Metric]
			if md == nil {
				continue
			}
			s, err := m.get(k)
			if err != nil {
				return err
			}
			has := func(q coo.Period) bool { _, ok := s.At(q); return ok }
			slips, err := cc.slips(md, k.Dims, has, m.r.YearStart, to[k])
			if err != nil {
				return err
			}
			for _, c := range slips {
				d := coo.Defect{Kind: coo.Suspect, Source: md.Source, Measure: md.Measure, Reason: string(coo.Suspect),
					Detail: c.detail(md, lang), Months: []coo.Period{c.Period}, File: c.File}
				if c.Cell.Col != 0 {
					d.Sheet, d.Cell = c.Cell.Sheet, c.Cell.A1()
				}
				addOnce(d)
			}
		}
	}
	m.in.Defects = defects
	return nil
}

// Cell-level slips. A slip in one cell of a sum (one region's revenue
// typed in thousands) moves the total by that cell's share only, and
// suspicions, which judges totals against their history, cannot see it:
// 31.86 M read as 29.90 M is no excursion. Each cell is judged against
// its own history instead, the same dimensions' values in the six months
// either side (coo.FactCell.Typical, their median). A cell is a suspected
// slip when:
//
//   - its value and Typical are non-zero (a fall to 0 is news, or another
//     error), and scaled back by a power of ten of at least a hundred (100,
//     1,000, 1,000,000..., either way), or with its sign changed, it lands
//     within a factor of cellSlipTolerance of Typical (scaleOff), so that
//     it is at least 33 times off, or of the other sign and about its
//     usual size: a genuine collapse or surge rarely lands there, a unit
//     or sign slip does;
//   - the member is steady: at least cellMinHistory months of its history,
//     and every one within slipFactor of Typical, same sign, non-zero (one
//     month that is itself so off is another slip, not counted either way;
//     two are lows and highs in turn). A member that moves tenfold on its
//     own, changes sign or is sometimes zero is not judged, and a cell of
//     the other sign is no sign slip when its member had another month of
//     that sign in the three years before (crossed);
//   - it is material: the slip moves the figure by at least cellMaterial of
//     the sum of its cells at their usual scale (|Typical|, or |value| for
//     a cell without one). A thousandth of a tiny member is no news.

const (
	// cellSlipTolerance: a cell scaled back by a power of ten (or its sign
	// changed) is within this factor of its typical value. The demo's
	// steady members lie within 0.41 to 3.0 times their typical value
	// (seasons, one-offs); a factor of 3 keeps those months' slips, and
	// the bands it leaves (33 to 300 times, 333 to 3,000 and on, the same
	// below, and -3 to -1/3 times) are far from any month the demo's cells
	// really have (0 to 8 times their typical value, never of the other
	// sign).
	cellSlipTolerance = 3.0
	// cellMinHistory is how many months of a member's history, at least,
	// make Typical a median worth comparing with.
	cellMinHistory = 3
	// cellMaterial is the share of a figure a slip must move it by: a
	// tenth of a percent, the last digit the report prints of a change.
	cellMaterial = 0.001
)

// cellSlip is one fact cell suspected of a unit slip.
type cellSlip struct {
	coo.FactCell
	Period coo.Period
	// Scale is how many times its usual value the cell holds: 1,000 or
	// 1,000,000, or 0.001 or 0.000001 for a value typed too small. Usual
	// is Value ÷ Scale, the value at its usual scale.
	Scale, Usual float64
}

// cellCache reads the fact cells of a source's measure in a month once
// for all the metrics of that measure: FactCells without the metric's
// filters, which cellCache.slips applies. Typical is the same either way
// (a median of the same dimensions). A store that reads a span of months
// at once (CellSpanStore) is asked for cellSpan months either side of a
// month not read yet, in one query.
type cellCache struct {
	ctx    context.Context
	cs     CellStore
	months map[cellMonth][]coo.FactCell
	judged map[slipsKey][]cellSlip // slips' answers without has
	// copies are the metrics judged for a month copied from the one
	// before (actuals: a budget repeats its monthly split)
	copies map[coo.MetricName]bool
}

type cellMonth struct {
	source, measure string
	p               coo.Period
}

func (cc *cellCache) at(md *coo.Metric, p coo.Period) ([]coo.FactCell, error) {
	k := cellMonth{md.Source, md.Measure, p}
	if cells, ok := cc.months[k]; ok {
		return cells, nil
	}
	all := *md
	all.Where = nil
	if cc.months == nil {
		cc.months = map[cellMonth][]coo.FactCell{}
	}
	if span, ok := cc.cs.(CellSpanStore); ok {
		got, err := span.FactCellsBetween(cc.ctx, &all, p-cellSpan, p+cellSpan)
		if err != nil {
			return nil, err
		}
		for q := p - cellSpan; q <= p+cellSpan; q++ {
			if _, ok := cc.months[cellMonth{md.Source, md.Measure, q}]; !ok {
				cc.months[cellMonth{md.Source, md.Measure, q}] = got[q]
			}
		}
		return cc.months[k], nil
	}
	cells, err := cc.cs.FactCells(cc.ctx, &all, "", p)
	if err != nil {
		return nil, err
	}
	cc.months[k] = cells
	return cells, nil
}

// cellSpan is how many months either side of a month cellCache reads with
// it: a year to date, last year's and their six months either side, in one
// query or two.
const cellSpan = 24

// CellSpanStore is a CellStore that also reads a metric's fact cells (all
// its dimensions) for a span of months at once, by month: *warehouse.DB
// (FactCellsBetween).
type CellSpanStore interface {
	FactCellsBetween(ctx context.Context, m *coo.Metric, from, to coo.Period) (map[coo.Period][]coo.FactCell, error)
}

// slips returns the cells of metric md for dims ("" for all) whose values
// in the months from to to are suspected slips (cellSlips), oldest month
// first, each month's in the store's order. It reads the months for which
// has is true (nil: every month), and the six months either side too, the
// members' history, only when a cell might be a slip.
func (cc *cellCache) slips(md *coo.Metric, dims string, has func(coo.Period) bool, from, to coo.Period) ([]cellSlip, error) {
	if has != nil {
		return cc.judge(md, dims, has, from, to)
	}
	k := slipsKey{md.Name, dims, from, to}
	if out, ok := cc.judged[k]; ok {
		return out, nil
	}
	out, err := cc.judge(md, dims, nil, from, to)
	if err == nil {
		if cc.judged == nil {
			cc.judged = map[slipsKey][]cellSlip{}
		}
		cc.judged[k] = out
	}
	return out, err
}

// slipsKey is what cellCache.slips was asked, when not limited by has.
type slipsKey struct {
	metric   coo.MetricName
	dims     string
	from, to coo.Period
}

// judge is slips without remembering the answer.
func (cc *cellCache) judge(md *coo.Metric, dims string, has func(coo.Period) bool, from, to coo.Period) ([]cellSlip, error) {
	want, err := coo.ParseDims(dims)
	if err != nil {
		return nil, fmt.Errorf("fact cells of %s %q: %w", md.Name, dims, err)
	}
	byMonth := map[coo.Period][]coo.FactCell{}
	read := func(from, to coo.Period) error {
		for q := from; q <= to; q++ {
			if has != nil && !has(q) || byMonth[q] != nil {
				continue
			}
			all, err := cc.at(md, q)
			if err != nil {
				return err
			}
			for _, c := range all {
				if reads(md.Where, want, c.Dims) {
					byMonth[q] = append(byMonth[q], c)
				}
			}
		}
		return nil
	}
	// The months judged first, and the month before them for copies;
	// their history only when a cell there is a power of ten or its sign
	// off its typical value.
	if err := read(from-1, to); err != nil {
		return nil, err
	}
	var out []cellSlip
	for q := from; q <= to; q++ {
		if c, ok := copied(byMonth[q], byMonth[q-1]); ok && cc.copies[md.Name] {
			out = append(out, cellSlip{FactCell: c, Period: q, Scale: 1, Usual: math.NaN()})
		}
	}
	off := false
	for _, cells := range byMonth {
		for _, c := range cells {
			if _, ok := scaleOff(c.Value, c.Typical); ok {
				off = true
			}
		}
	}
	if !off {
		return out, nil
	}
	if err := read(from-6, to+6); err != nil {
		return nil, err
	}
	if signOff(byMonth, from, to) {
		// a sign slip is judged on three years of the member's history
		if err := read(from-signHistory, from-7); err != nil {
			return nil, err
		}
	}
	for q := from; q <= to; q++ {
		out = append(out, cellSlips(byMonth, q)...)
	}
	return out, nil
}

// copied reports whether the cells of a month (cur) are a copy of the month
// before's (prev): three or more cells, every one equal to the same
// dimensions' value the month before, not all zero, and not what a steady
// business repeats (whole numbers under 10,000: a headcount by unit); and
// the first cell. A department that sent last month's workbook again under
// this month's name had every figure published as the month's (found from
// outside). Budgets, which repeat a monthly split, are not judged (see
// cellCache.copies).
func copied(cur, prev []coo.FactCell) (coo.FactCell, bool) {
	if len(cur) < 3 || len(prev) == 0 {
		return coo.FactCell{}, false
	}
	before := make(map[string]float64, len(prev))
	for _, c := range prev {
		before[c.Dims] = c.Value
	}
	repeats, nonzero := false, false
	for _, c := range cur {
		if v, ok := before[c.Dims]; !ok || v != c.Value {
			return coo.FactCell{}, false
		}
		nonzero = nonzero || c.Value != 0
		repeats = repeats || c.Value == math.Trunc(c.Value) && math.Abs(c.Value) < 1e4
	}
	return cur[0], nonzero && !repeats
}

// reads reports whether a metric with filters where, read for dims want,
// reads a fact with the stored dimensions dims (FactCells' filter).
func reads(where []coo.Filter, want []coo.Dim, dims string) bool {
	ds, err := coo.ParseDims(dims)
	if err != nil {
		return false
	}
	value := func(key string) (string, bool) {
		for _, d := range ds {
			if d.Key == key {
				return d.Value, true
			}
		}
		return "", false
	}
	for _, f := range where {
		if v, ok := value(f.Dim); !ok || !slices.Contains(f.Values, v) {
			return false
		}
	}
	for _, w := range want {
		if v, ok := value(w.Key); !ok || v != w.Value {
			return false
		}
	}
	return true
}

// cellSlips returns the cells of month q in byMonth (a figure's fact
// cells by month, the months q−6 to q+6 with data) that are suspected
// unit slips, in byMonth[q]'s order. byMonth is not modified.
func cellSlips(byMonth map[coo.Period][]coo.FactCell, q coo.Period) []cellSlip {
	cells := byMonth[q]
	size := 0.0 // the figure at its cells' usual scale
	for _, c := range cells {
		if math.IsNaN(c.Typical) {
			size += math.Abs(c.Value)
		} else {
			size += math.Abs(c.Typical)
		}
	}
	var out []cellSlip
	for _, c := range cells {
		scale, ok := scaleOff(c.Value, c.Typical)
		if !ok || math.Abs(c.Value-c.Value/scale) < cellMaterial*size || !steady(byMonth, c, q) || scale == -1 && crossed(byMonth, c, q) {
			continue
		}
		out = append(out, cellSlip{FactCell: c, Period: q, Scale: scale, Usual: c.Value / scale})
	}
	return out
}

// scaleOff reports whether v is t times a power of ten of at least a
// hundred (100, 1,000, 1,000,000..., up or down: a figure typed in
// hundreds or thousands, percent points for a fraction), within a factor
// of cellSlipTolerance, or t with its sign changed, within that factor;
// and which: scale is the power of ten (v ÷ scale is then within that
// factor of t), or -1 for the sign. A NaN or a zero is not. Found from
// outside: a cell ×100 or ÷100, and a cost line typed negative, were
// published as news (only a power of a thousand was suspected).
func scaleOff(v, t float64) (scale float64, ok bool) {
	if math.IsNaN(v) || math.IsNaN(t) || v == 0 || t == 0 {
		return 0, false
	}
	if (v > 0) != (t > 0) {
		if x := -v / t; x >= 1/cellSlipTolerance && x <= cellSlipTolerance {
			return -1, true
		}
		return 0, false
	}
	r := v / t
	e := math.Round(math.Log10(r))
	if math.Abs(e) < 2 || math.Abs(e) > 12 {
		return 0, false
	}
	scale = math.Pow(10, e)
	if x := r / scale; x < 1/cellSlipTolerance || x > cellSlipTolerance {
		return 0, false
	}
	return scale, true
}

// signHistory is how many months before a cell of the other sign than
// its Typical its member's history is read for another such month.
const signHistory = 36

// signOff reports whether a cell of the months from..to is of the other
// sign than its typical value, about its size (scaleOff's -1).
func signOff(byMonth map[coo.Period][]coo.FactCell, from, to coo.Period) bool {
	for q := from; q <= to; q++ {
		for _, c := range byMonth[q] {
			if scale, ok := scaleOff(c.Value, c.Typical); ok && scale == -1 {
				return true
			}
		}
	}
	return false
}

// crossed reports whether c's member has another month of c's sign, the
// other than its Typical's, in the signHistory months before q or the six
// after: a profit that is sometimes a loss changes sign on its own, and a
// loss is no sign slip (found from outside: a store's loss of 11,397
// refused the report as a suspected sign slip, with 7 losses in 43
// months; steady looks at six months either side only, and allows one
// month off).
func crossed(byMonth map[coo.Period][]coo.FactCell, c coo.FactCell, q coo.Period) bool {
	for o := q - signHistory; o <= q+6; o++ {
		if o == q {
			continue
		}
		for _, h := range byMonth[o] {
			if h.Dims == c.Dims && h.Value != 0 && (h.Value > 0) != (c.Typical > 0) {
				return true
			}
		}
	}
	return false
}

// steady reports whether c's member (its Dims) has at least cellMinHistory
// months in the six either side of q, each of Typical's sign and within
// slipFactor of it; one month that is itself so off (scaleOff: another
// slip) is left out, two make the member volatile.
func steady(byMonth map[coo.Period][]coo.FactCell, c coo.FactCell, q coo.Period) bool {
	n, off := 0, 0
	for o := q - 6; o <= q+6; o++ {
		if o == q {
			continue
		}
		for _, h := range byMonth[o] {
			if h.Dims != c.Dims {
				continue
			}
			if _, slip := scaleOff(h.Value, c.Typical); slip {
				if off++; off > 1 {
					return false // lows and highs in turn: volatile, not slips
				}
				continue
			}
			if r := h.Value / c.Typical; !(r >= 1/slipFactor && r <= slipFactor) {
				return false
			}
			n++
		}
	}
	return n >= cellMinHistory
}

// detail says in lang why c is suspected, as a Suspect defect's Detail.
func (c cellSlip) detail(md *coo.Metric, lang string) string {
	label := md.LabelIn(lang)
	if c.Dims != "" {
		label += " [" + dimsText(c.Dims) + "]"
	}
	key, times := "suspect.up", c.Scale
	switch {
	case c.Scale == 1: // the whole month, named by its first cell
		return fmt.Sprintf(word(lang, "suspect.copy"), md.LabelIn(lang), c.Period, c.Cell.String(), exact(c.Value, md.Unit, lang), c.Period-1)
	case c.Scale < 0:
		return fmt.Sprintf(word(lang, "suspect.sign"), label, c.Period, exact(c.Value, md.Unit, lang),
			Number(c.Typical, md.Unit, lang), Amount(c.Usual, md.Unit, lang))
	case c.Scale < 1:
		key, times = "suspect.down", 1/c.Scale
	}
	return fmt.Sprintf(word(lang, key), label, c.Period, exact(c.Value, md.Unit, lang), Number(math.Round(times), "", lang),
		Number(c.Typical, md.Unit, lang), Amount(c.Usual, md.Unit, lang))
}

// exact is Amount, except that a count (people, items) that is not a
// whole number keeps its digits: the report rounds counts, and a slip's
// note said "0 people" of a cell holding 0.14 (found from outside).
func exact(v float64, unit, lang string) string {
	if !numfmt.IsCount(unit) || v == math.Trunc(v) || math.IsNaN(v) || math.IsInf(v, 0) {
		return Amount(v, unit, lang)
	}
	if n := numfmt.UnitName(unit, lang); n != "" {
		return fmtNum(v) + " " + n
	}
	return fmtNum(v)
}

// dimsText writes stored dimensions for people: "region=North,
// product_line=Office"; text that does not parse as is.
func dimsText(dims string) string {
	ds, err := coo.ParseDims(dims)
	if err != nil {
		return dims
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Key + "=" + d.Value
	}
	return strings.Join(parts, ", ")
}

// suspect reports whether any of the defects ix of ds is a Suspect one.
func suspect(ds []coo.Defect, ix FigureDefects) bool {
	for _, i := range ix {
		if ds[i].Kind == coo.Suspect {
			return true
		}
	}
	return false
}

// suspectKPI is a KPI the assessment did not score because its actual is
// a suspected slip: where Scorecard.NameSuspects looks for cells.
type suspectKPI struct {
	unit string
	dims string
	kpi  *KPIScore
}

// NameSuspects names, in each scorecard, the KPIs whose actual was a
// suspected slip (KPIScore.Suspect): Incomplete gets "FILE, SHEET!CELL
// (suspected slip of METRIC for UNIT)" for each cell that made the value
// (a cell a power of ten or its sign off its own history, cellSlips, or else
// culprits), or the metric and unit when cs is nil or cannot name one,
// and the KPI's note names the cell. metrics describes the metrics
// (FactCells reads their source and measure); a metric it lacks gets no
// cell.
func NameSuspects(ctx context.Context, cs CellStore, metrics []coo.Metric, cards []*Scorecard) error {
	meta := map[coo.MetricName]*coo.Metric{}
	for i := range metrics {
		meta[metrics[i].Name] = &metrics[i]
	}
	cc := &cellCache{ctx: ctx, cs: cs}
	for _, sc := range cards {
		seen := map[string]bool{} // two KPIs of a unit may read the same cell
		incomplete := func(s string) {
			if !seen[s] {
				seen[s] = true
				sc.Incomplete = append(sc.Incomplete, s)
			}
		}
		var ks []suspectKPI
		for i := range sc.Units {
			u := &sc.Units[i]
			for j := range u.KPIs {
				if u.KPIs[j].Suspect {
					ks = append(ks, suspectKPI{u.Name, u.Dims, &u.KPIs[j]})
				}
			}
		}
		for _, s := range ks {
			k := s.kpi
			what := fmt.Sprintf("suspected slip of %s for %s", k.Metric, s.unit)
			var cells []coo.FactCell
			if md := meta[k.Metric]; cs != nil && md != nil {
				slips, err := cc.slips(md, s.dims, nil, sc.Period, sc.Period)
				if err != nil {
					return err
				}
				for _, c := range slips { // a cell off by a power of ten is the one to check
					cells = append(cells, c.FactCell)
				}
				if len(cells) == 0 {
					all, err := cs.FactCells(ctx, md, s.dims, sc.Period)
					if err != nil {
						return err
					}
					cells = culprits(all, k.Sent)
				}
			}
			if len(cells) == 0 {
				incomplete(what)
				continue
			}
			var names []string
			for _, c := range cells {
				where := c.File
				if c.Cell.Col != 0 {
					where += ", " + c.Cell.String()
				}
				names = append(names, where)
				incomplete(where + " (" + what + ")")
			}
			k.Note += "; check " + strings.Join(names, "; ")
		}
	}
	return nil
}
