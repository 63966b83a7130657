package analysis

import (
	"math"

	"coo"
)

// Polarity: whether a figure's change is good news, bad news or none is
// decided once, here, by changeLevel, for every place that says so: the
// colours and ticks of the key-figures tables, the cards and page one's
// tables (which render reads from KPILevels and RatioLevels), page one's
// findings and questions (candidate.neutral) and the narrative's
// highlights and risks.

// LevelBand is the smallest change that is news for a colour or a tick:
// a change within ±2% (or an attainment within 98–102%) is neutral.
const LevelBand = 0.02

// KPILevels grade a KPI's comparisons (the doc levels: 0 neutral, 1 good,
// 3 bad) by changeLevel.
type KPILevels struct {
	MoM, YoY       int // on last month; on the same month last year
	Budget         int // the change from budget to actual (and Variance)
	YTD, YTDBudget int // YTDChange; the year to date's change from its budget
	// FYBudget is the outlook against the budget: OutlookVsBudget - 1, or
	// OutlookVsCovered - 1 when the budget covers part of the year.
	FYBudget          int
	OutlookVsLastYear int
	// Card is the headline card's: Budget when the month has a budget,
	// else YoY.
	Card int
}

// RatioLevels grade a ratio's month against last month and last year.
type RatioLevels struct {
	Prev, LastYear int
}

// changeLevel is the one rule by which the report grades a change of a
// figure: NaN or within ±LevelBand is neutral; otherwise a change the
// figure's way (up; down when lowerIsBetter) is good and the other bad.
// One exception: a lower-is-better figure rising on last year (change >
// 0) no faster than its reference ref, the same change of the largest
// up-is-good headline figure in its unit (revenue, for a cost), is
// neutral: a cost growing slower than revenue is not a risk. ref is NaN
// where the exception does not apply (changes not on last year, ratios,
// figures without such a headline figure).
func changeLevel(change float64, lowerIsBetter bool, ref float64) int {
	switch {
	case math.IsNaN(change) || math.Abs(change) < LevelBand:
		return levelNeutral
	case slowerThanReference(change, lowerIsBetter, ref):
		return levelNeutral
	case (change > 0) != lowerIsBetter:
		return levelGood
	}
	return levelBad
}

// slowerThanReference is changeLevel's exception: a lower-is-better
// figure rising no faster than its reference.
func slowerThanReference(change float64, lowerIsBetter bool, ref float64) bool {
	return lowerIsBetter && !math.IsNaN(ref) && change > 0 && change <= ref
}

// reference returns the headline KPI whose changes on last year are the
// reference of lower-is-better figures in unit: the largest (by the
// month's absolute value) up-is-good headline KPI in that unit that reads
// no suspected value; nil if there is none or unit is "".
func reference(kpis []MonthlyKPI, unit string) *MonthlyKPI {
	var out *MonthlyKPI
	for i := range kpis {
		k := &kpis[i]
		if unit == "" || k.Unit != unit || k.Spec.LowerIsBetter || math.IsNaN(k.Value) || k.Suspect {
			continue
		}
		if out == nil || math.Abs(k.Value) > math.Abs(out.Value) {
			out = k
		}
	}
	return out
}

// kpiLevels grades k's comparisons in r, with r's headline KPIs the
// references of its changes on last year come from (after yearView has
// filled the fiscal-year ones). A comparison that reads a month an input
// defect of k touches (a rejected cell, a refused workbook, a month not
// sent, a restatement) is not graded either: the figure is incomplete, and
// its mark says so; a tick on it would judge what is not there.
func kpiLevels(r *MonthlyReport, k *MonthlyKPI) KPILevels {
	if k.Suspect {
		return KPILevels{} // not graded until the data are checked
	}
	headline := r.KPIs
	p, ys := r.Period, r.YearStart
	hit := func(months ...coo.Period) bool {
		for i := 0; i+1 < len(months); i += 2 {
			if r.Touched(k.Defects, months[i], months[i+1]) {
				return true
			}
		}
		return false
	}
	nan := math.NaN()
	yoy, ytd, fy := nan, nan, nan
	if u := reference(headline, k.Unit); k.Spec.LowerIsBetter && u != nil {
		yoy, ytd, fy = u.YoY, u.YTDChange, u.OutlookVsLastYear
	}
	lib := k.Spec.LowerIsBetter
	vb := vsBudget(k.OutlookVsBudget, k.Outlook, k.FYBudget)
	if math.IsNaN(vb) {
		vb = vsBudget(k.OutlookVsCovered, k.OutlookCovered, k.FYBudgetCovered)
	}
	// the months each comparison reads, as [from, to] pairs; the outlook
	// reads every month its figure does (the forecast's history)
	ungraded := func(level int, months ...coo.Period) int {
		if hit(months...) {
			return 0
		}
		return level
	}
	l := KPILevels{
		MoM:               ungraded(changeLevel(k.MoM, lib, nan), p-1, p),
		YoY:               ungraded(changeLevel(k.YoY, lib, yoy), p, p, p-12, p-12),
		Budget:            ungraded(changeLevel(vsBudget(k.Attainment, k.Value, k.Budget), lib, nan), p, p),
		YTD:               ungraded(changeLevel(k.YTDChange, lib, ytd), ys, p, ys-12, p-12),
		YTDBudget:         ungraded(changeLevel(vsBudget(k.YTDAttainment, k.YTD, k.YTDBudget), lib, nan), ys, p),
		FYBudget:          changeLevel(vb, lib, nan),
		OutlookVsLastYear: changeLevel(k.OutlookVsLastYear, lib, fy),
	}
	if len(k.Defects) > 0 {
		l.FYBudget, l.OutlookVsLastYear = 0, 0
	}
	l.Card = l.YoY
	if !math.IsNaN(k.Attainment) {
		l.Card = l.Budget
	}
	return l
}

// vsBudget is the change from a budget to its actual: attainment − 1 where
// the attainment is known (a positive budget), else the change from
// budget to actual, whose sign is the direction whatever the budget's
// sign (a budgeted loss of 100 met with a loss of 50 is better, not
// 50% attained).
func vsBudget(attainment, actual, budget float64) float64 {
	if !math.IsNaN(attainment) {
		return attainment - 1
	}
	return change(actual, budget)
}

// SetLevels grades every KPI's and ratio's comparisons of r (KPILevels,
// RatioLevels) from the values r holds, by changeLevel, and leaves those
// of a figure that reads a suspected value neutral; Monthly calls it.
// A report built by hand (a test of render) calls it once its values are
// set.
func (r *MonthlyReport) SetLevels() {
	for i := range r.KPIs {
		r.KPIs[i].Levels = kpiLevels(r, &r.KPIs[i])
	}
	p := r.Period
	for d := range r.Depts {
		dv := &r.Depts[d]
		for i := range dv.KPIs {
			dv.KPIs[i].Levels = kpiLevels(r, &dv.KPIs[i])
		}
		for i := range dv.Ratios {
			q := &dv.Ratios[i]
			if q.Suspect {
				q.Levels = RatioLevels{}
				continue
			}
			q.Levels = RatioLevels{
				Prev:     changeLevel(change(q.Value, q.Prev), q.Spec.LowerIsBetter, math.NaN()),
				LastYear: changeLevel(change(q.Value, q.LastYear), q.Spec.LowerIsBetter, math.NaN()),
			}
			if r.Touched(q.Defects, p-1, p) {
				q.Levels.Prev = 0
			}
			if r.Touched(q.Defects, p, p) || r.Touched(q.Defects, p-12, p-12) {
				q.Levels.LastYear = 0
			}
		}
	}
}
