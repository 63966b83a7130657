package analysis

import (
	"context"
	"fmt"
	"strings"

	"coo"
)

// A study fitted on a suspected unit slip carries it into every
// coefficient: one month of marketing spend typed in thousands (554
// million for 554 thousand) turned "27 more units per 10,000 CNY, p <
// 0.0001" into "not distinguishable from no effect", with an average spend
// of 47 million and "no cell of the data it used was rejected" (found from
// outside). RunStudy therefore applies the monthly report's checks
// (suspect.go) to every series the study reads, as it reads them (the
// target, each driver and the value metric, with their breakdowns), over
// the months it reads them: from the first month of the design, less the
// driver's longest lag, to the series' last month with data (a driver's
// last value is the scenarios' baseline). A suspected month is refused
// with a *SuspectError naming its cells, as the monthly report refuses;
// leaving it out instead would change the span, the lags around it and the
// answer without the reader seeing why.

// SuspectError refuses a study whose data hold suspected unit (or sign)
// slips, or a month copied from the month before: the values are not
// credible until someone checks them. Defects are coo.Suspect defects,
// one a cell when the store can name cells (CellStore and the metrics
// known), else one a month of a series.
type SuspectError struct {
	Target  string // the study's target, as Variable.Label
	Defects []coo.Defect
}

func (e *SuspectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "study of %s refused: the data it reads hold %d suspected slip", e.Target, len(e.Defects))
	if len(e.Defects) != 1 {
		b.WriteString("s")
	}
	b.WriteString(", which a fit would carry into every figure")
	for _, d := range e.Defects {
		fmt.Fprintf(&b, "\n  %s: %s", d.Where(), d.Detail)
	}
	b.WriteString("\ncorrect the workbooks and ingest them again (a corrected file replaces the one it corrects)")
	return b.String()
}

// studySeries is one series a study reads and the first month it reads.
type studySeries struct {
	v    Variable
	s    coo.Series
	from coo.Period
}

// studySuspects returns a coo.Suspect defect for every cell of the series
// st reads that is a suspected slip against its own history (cellSlips),
// and for every suspected month of those series (suspicions, named by the
// cells that made it), in the months the study reads (see above): series
// by series (target, drivers, value metric), cells first, each oldest
// month first. The same cell and month found twice is one defect.
// value is the value metric's series (Metric "" for none). metrics name
// each series' source and measure: without them, or when store cannot
// name cells, a month is named by its series only.
func studySuspects(ctx context.Context, store StudyStore, st *Study, value coo.Series, metrics []coo.Metric, lang string) ([]coo.Defect, error) {
	meta := map[coo.MetricName]*coo.Metric{}
	for i := range metrics {
		meta[metrics[i].Name] = &metrics[i]
	}
	from := st.Matrix.From
	all := []studySeries{{st.Design.Target, st.target, from}}
	copies := map[coo.MetricName]bool{st.Design.Target.Metric: true}
	for i, dr := range st.Design.Drivers {
		lag := 0
		for _, k := range dr.lags() {
			lag = max(lag, k)
		}
		all = append(all, studySeries{dr.Variable, st.drivers[i], from.Add(-lag)})
		copies[dr.Metric] = true
	}
	if value.Metric != "" {
		all = append(all, studySeries{Variable{Metric: value.Metric, Dims: value.Dims}, value, from})
	}
	cs, _ := store.(CellStore)
	cc := &cellCache{ctx: ctx, cs: cs, copies: copies}
	type place struct {
		file, sheet, cell, series string
		p                         coo.Period
	}
	done := map[place]bool{}
	var out []coo.Defect
	add := func(d coo.Defect, series string) {
		at := place{d.File, d.Sheet, d.Cell, series, d.Months[0]}
		if d.File != "" {
			at.series = "" // a cell is one defect, whichever series found it
		}
		if !done[at] {
			done[at] = true
			out = append(out, d)
		}
	}
	for _, ss := range all {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		last := lastData(ss.s.Values)
		if last < 0 {
			continue
		}
		to := ss.s.Start.Add(last)
		md := meta[ss.v.Metric]
		label, unit := ss.v.Label(), ""
		d := coo.Defect{Kind: coo.Suspect, Reason: string(coo.Suspect)}
		if md != nil {
			label, unit = md.LabelIn(lang), md.Unit
			if ss.v.Dims != "" {
				label += " [" + ss.v.Dims + "]"
			}
			d.Source, d.Measure = md.Source, md.Measure
		}
		if cs != nil && md != nil { // first, as its words say what the cell would be at its usual scale
			has := func(q coo.Period) bool { _, ok := ss.s.At(q); return ok }
			slips, err := cc.slips(md, ss.v.Dims, has, ss.from, to)
			if err != nil {
				return nil, err
			}
			for _, c := range slips {
				dc := d
				dc.Months, dc.File, dc.Detail = []coo.Period{c.Period}, c.File, c.detail(md, lang)
				if c.Cell.Col != 0 {
					dc.Sheet, dc.Cell = c.Cell.Sheet, c.Cell.A1()
				}
				add(dc, ss.v.Label())
			}
		}
		for _, sp := range suspicions(ss.s, to) {
			if sp.Period < ss.from {
				continue
			}
			key := "suspect"
			if sp.Small {
				key = "suspect.small"
			}
			ds := d
			ds.Months = []coo.Period{sp.Period}
			ds.Detail = fmt.Sprintf(word(lang, key), label, sp.Period, exact(sp.Value, unit, lang), slipFactor, Number(sp.Ref, unit, lang), to)
			var cells []coo.FactCell
			if cs != nil && md != nil {
				all, err := cs.FactCells(ctx, md, ss.v.Dims, sp.Period)
				if err != nil {
					return nil, err
				}
				cells = culprits(all, sp.Value-sp.Expected)
			}
			if len(cells) == 0 {
				add(ds, ss.v.Label())
			}
			for _, c := range cells {
				dc := ds
				dc.File = c.File
				if c.Cell.Col != 0 {
					dc.Sheet, dc.Cell = c.Cell.Sheet, c.Cell.A1()
				}
				dc.Detail += fmt.Sprintf(word(lang, "suspect.cell"), exact(c.Value, unit, lang))
				add(dc, ss.v.Label())
			}
		}
	}
	return out, nil
}
