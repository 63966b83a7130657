package analysis

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"coo"
)

// Completeness: every figure of the report knows the months and sources it
// uses, and which defects of its input (coo.Defect: a rejected cell, a
// refused file, a missing month of a required source, a restatement since
// the last published report, a suspected unit slip) touch them.
//
// A headline or department figure uses its metric's months from the
// earliest its report reads — the 36 months of its chart, the 24 of the
// rolling twelve months and the year before, last year's year to date, the
// history its forecast was fitted on — up to the report's month, and its
// budget's months up to the fiscal year's end (the year's budget and the
// outlook against it). A ratio uses its numerator's and denominator's
// months over its history. A defect touches a figure when it belongs to the
// source of one of those metrics and to one of those months (a refused
// file's months are not known: it touches every month of its source); a
// defect of one measure (a suspected value) only to that measure's
// metrics.

// FigureDefects are the defects that touch one figure, as indexes into
// Quality.Defects.
type FigureDefects []int

// List numbers the defects as the report's notes do: "1,3".
func (ix FigureDefects) List() string {
	ns := make([]string, len(ix))
	for i, d := range ix {
		ns[i] = strconv.Itoa(d + 1)
	}
	return strings.Join(ns, ",")
}

// Notes are the marks the report prints after a figure's label, " [1,3]"
// ("" for none).
func (ix FigureDefects) Notes() string {
	if len(ix) == 0 {
		return ""
	}
	return " [" + ix.List() + "]"
}

// use is one metric's months that a figure reads: [From, To].
type use struct {
	metric   coo.MetricName
	from, to coo.Period
}

// kpiUses returns the months the figures of k read.
func (m *monthly) kpiUses(k *MonthlyKPI) []use {
	p := m.in.Period
	from := p - 35
	if len(k.History.Values) > 0 && k.History.Start < from {
		from = k.History.Start
	}
	if f := k.Forecast; f != nil && f.First != 0 && f.First < from {
		from = f.First
	}
	out := []use{{k.Spec.Metric, from, p}}
	if k.Spec.Budget != "" {
		out = append(out, use{k.Spec.Budget, from, max(p, m.r.YearEnd)})
	}
	return out
}

// ratioUses returns the months a ratio reads.
func (m *monthly) ratioUses(r *MonthlyRatio) []use {
	p := m.in.Period
	from := p - 35
	if len(r.History.Values) > 0 && r.History.Start < from {
		from = r.History.Start
	}
	return []use{{r.Spec.Num.Metric, from, p}, {r.Spec.Den.Metric, from, p}}
}

// touching returns the indexes of the defects in ds that touch uses.
func (m *monthly) touching(ds []coo.Defect, uses []use) FigureDefects {
	var out FigureDefects
	for i := range ds {
		d := &ds[i]
		for _, u := range uses {
			md := m.meta[u.metric]
			if md == nil || !slices.Contains(DefectSources(*d), md.Source) || d.Measure != "" && d.Measure != md.Measure {
				continue
			}
			if touchesRange(d, u.from, u.to) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// DefectSources are the sources a defect belongs to: its Source, which
// lists the sources joined with ", " when a restated workbook changed
// values of several, or a refused one was read by several
// (warehouse.DB.Defects).
func DefectSources(d coo.Defect) []string {
	return strings.Split(d.Source, ", ")
}

func touchesRange(d *coo.Defect, from, to coo.Period) bool {
	if d.Months == nil {
		return true
	}
	for _, p := range d.Months {
		if p >= from && p <= to {
			return true
		}
	}
	return false
}

// completeness keeps the input's defects that touch a figure of the report
// in Quality.Defects (in the input's order) and marks each figure with the
// ones that touch it.
func (m *monthly) completeness() {
	type figure struct {
		marks   *FigureDefects
		suspect *bool // nil: the figure has no Suspect flag
		uses    []use
	}
	var figs []figure
	addKPI := func(k *MonthlyKPI) {
		figs = append(figs, figure{&k.Defects, &k.Suspect, m.kpiUses(k)})
		if v := k.PriceVolume; v != nil { // it reads the units too (variance.go)
			figs = append(figs, figure{&v.Defects, nil, m.priceVolumeUses(k)})
		}
	}
	for i := range m.r.KPIs {
		addKPI(&m.r.KPIs[i])
	}
	for d := range m.r.Depts {
		dv := &m.r.Depts[d]
		for i := range dv.KPIs {
			addKPI(&dv.KPIs[i])
		}
		for i := range dv.Ratios {
			r := &dv.Ratios[i]
			figs = append(figs, figure{&r.Defects, &r.Suspect, m.ratioUses(r)})
		}
	}
	q := &m.r.Quality
	for _, d := range m.in.Defects {
		for _, f := range figs {
			if len(m.touching([]coo.Defect{d}, f.uses)) > 0 {
				q.Defects = append(q.Defects, d)
				break
			}
		}
	}
	for _, f := range figs {
		*f.marks = m.touching(q.Defects, f.uses)
		if f.suspect != nil {
			*f.suspect = suspect(q.Defects, *f.marks)
		}
	}
	// A month's value that a defect touches is marked for it; outside the
	// forecast's range it says no more than the defect does, and the mark
	// would read as the business's news (found from outside).
	each := func(k *MonthlyKPI) {
		if k.Anomaly && m.r.Touched(k.Defects, m.in.Period, m.in.Period) {
			k.Anomaly = false
		}
	}
	for i := range m.r.KPIs {
		each(&m.r.KPIs[i])
	}
	for d := range m.r.Depts {
		for i := range m.r.Depts[d].KPIs {
			each(&m.r.Depts[d].KPIs[i])
		}
	}
}

// Touched reports whether any of the defects ix of r's Quality touches a
// month in [from, to] (one of unknown months touches every month): the
// figure's values of those months are incomplete, and what compares them
// is not graded (kpiLevels).
func (r *MonthlyReport) Touched(ix FigureDefects, from, to coo.Period) bool {
	for _, i := range ix {
		if touchesRange(&r.Quality.Defects[i], from, to) {
			return true
		}
	}
	return false
}

// DefectMonths returns the months of the defects ix of q that fall in
// [from, to], in order, once each: the months a chart of the figure marks.
// A defect of unknown months marks none (its note says every month).
func (q *Quality) DefectMonths(ix FigureDefects, from, to coo.Period) []coo.Period {
	seen := map[coo.Period]bool{}
	var out []coo.Period
	for _, i := range ix {
		for _, p := range q.Defects[i].Months {
			if p >= from && p <= to && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
