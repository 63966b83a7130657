package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"coo"
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
func (m *monthly) suspects() error {
	var keys []coo.SeriesKey
	seen := map[coo.SeriesKey]bool{}
	add := func(k coo.SeriesKey) {
		if k.Metric != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	kpis := func(ks []KPISpec) {
		for _, k := range ks {
			add(coo.SeriesKey{Metric: k.Metric})
			add(coo.SeriesKey{Metric: k.Budget}) // a budget typed 1,000 times too large is no news either
			add(coo.SeriesKey{Metric: k.PriceVolume.Units})
		}
	}
	kpis(m.in.Spec.KPIs)
	for _, d := range m.in.Spec.Departments {
		kpis(d.KPIs)
		for _, r := range d.Ratios {
			for _, k := range []coo.SeriesKey{r.Num, r.Den} {
				add(coo.SeriesKey{Metric: k.Metric})
				add(k)
			}
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
			detail := fmt.Sprintf(word(lang, key), label, sp.Period, Amount(sp.Value, md.Unit, lang), slipFactor,
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
				if at := (place{md.Source, md.Measure, "", "", "", sp.Period}); !done[at] {
					done[at] = true
					defects = append(defects, d)
				}
				continue
			}
			for _, c := range cells {
				dc := d
				dc.File = c.File
				if c.Cell.Col != 0 {
					dc.Sheet, dc.Cell = c.Cell.Sheet, c.Cell.A1()
				}
				at := place{md.Source, md.Measure, dc.File, dc.Sheet, dc.Cell, sp.Period}
				if done[at] {
					continue
				}
				done[at] = true
				dc.Detail += fmt.Sprintf(word(lang, "suspect.cell"), Amount(c.Value, md.Unit, lang))
				defects = append(defects, dc)
			}
		}
	}
	m.in.Defects = defects
	return nil
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
// (culprits), or the metric and unit when cs is nil or cannot name one,
// and the KPI's note names the cell. metrics describes the metrics
// (FactCells reads their source and measure); a metric it lacks gets no
// cell.
func NameSuspects(ctx context.Context, cs CellStore, metrics []coo.Metric, cards []*Scorecard) error {
	meta := map[coo.MetricName]*coo.Metric{}
	for i := range metrics {
		meta[metrics[i].Name] = &metrics[i]
	}
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
				all, err := cs.FactCells(ctx, md, s.dims, sc.Period)
				if err != nil {
					return err
				}
				cells = culprits(all, k.Sent)
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
