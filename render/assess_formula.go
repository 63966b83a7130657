package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"coo/analysis"
)

// The formulas of the score workbook. Each derived cell is written as an
// Excel formula of the cells it depends on, so that a changed actual,
// target or weight moves the score, the grade and the rank; the rules'
// parameters (floors, ceilings, caps, bands) are numbers in the formulas,
// and the scoring column says the same in words.

// xnum writes x as a formula constant: the shortest decimal that reads back
// as x, without an exponent, a negative number in brackets.
func xnum(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if x < 0 {
		return "(" + s + ")"
	}
	return s
}

// scoreRule returns the formula of scoring s applied to the value in cell x,
// the same function as analysis.Scoring.Points.
func scoreRule(s *analysis.Scoring, x string) string {
	top := s.Cap
	if top == 0 {
		top = 100
	}
	switch s.Kind {
	case analysis.Linear:
		return fmt.Sprintf("MAX(0,MIN(%s,100*(%s-%s)/(%s-%s)))", xnum(top), x, xnum(s.Floor), xnum(s.Ceiling), xnum(s.Floor))
	case analysis.LowerIsBetter:
		return fmt.Sprintf("MAX(0,MIN(%s,100*(%s-%s)/(%s-%s)))", xnum(top), xnum(s.Worst), x, xnum(s.Worst), xnum(s.Best))
	case analysis.BandTable:
		f := "0"
		for _, b := range s.Bands { // from the lowest band out: the highest test is outermost
			f = fmt.Sprintf("IF(%s>=%s,%s,%s)", x, xnum(b.Min), xnum(b.Points), f)
		}
		return f
	case analysis.PassFail:
		op := ">="
		if s.AtMost {
			op = "<="
		}
		return fmt.Sprintf("IF(%s%s%s,100,0)", x, op, xnum(s.Threshold))
	case analysis.Ratio:
		return fmt.Sprintf("MAX(0,MIN(%s,100*%s))", xnum(top), x)
	}
	return ""
}

// measuredRule returns the formula, 1 or 0, saying whether KPI k can be
// measured from the actual and target cells of row r: an actual, a target
// if the KPI has one, and a target above 0 if it scores the attainment.
func measuredRule(k *analysis.KPI, basis analysis.Basis, r int) string {
	actual, target := a1(colActual, r), a1(colTarget, r)
	switch {
	case basis == analysis.OnAttainment:
		return fmt.Sprintf("IF(AND(ISNUMBER(%s),ISNUMBER(%s),%s>0),1,0)", actual, target, target)
	case k.Target.Kind != analysis.NoTarget:
		return fmt.Sprintf("IF(AND(ISNUMBER(%s),ISNUMBER(%s)),1,0)", actual, target)
	}
	return fmt.Sprintf("IF(ISNUMBER(%s),1,0)", actual)
}

// effectiveWeightRule returns the formula of row r's effective weight with
// the KPIs in rows first to last: 0 for a KPI left out under reweight, else
// its weight, scaled over the weights counted when any KPI is left out.
func effectiveWeightRule(r, first, last int) string {
	rng := func(col int) string { return abs(col, first) + ":" + abs(col, last) }
	left := fmt.Sprintf(`%s,"reweight",%s,0`, rng(colPolicy), rng(colMeasured))
	return fmt.Sprintf(`IF(AND(%s="reweight",%s=0),0,IF(COUNTIFS(%s)=0,%s,%s/(SUM(%s)-SUMIFS(%s,%s))))`,
		a1(colPolicy, r), a1(colMeasured, r), left, a1(colWeight, r), a1(colWeight, r), rng(colWeight), rng(colWeight), left)
}

// gradeRule returns the formula of the grade of the final in cell final,
// looked up in the grade table named gradesName (lowest grade first): the
// final rounded to six decimals, and below the lowest band the lowest grade.
func gradeRule(final string) string {
	return fmt.Sprintf("VLOOKUP(MAX(ROUND(%s,6),INDEX(%s,1,1)),%s,2,TRUE)", final, gradesName, gradesName)
}

// rankRule returns the formula of the rank of summary row r among the rows
// first to last of the same group (column A, compared exactly): 1 + the
// number of finals (column F) above its own, both rounded to six decimals,
// so that equal finals share a rank and the next one skips.
func rankRule(r, first, last int) string {
	grp, fin := abs(1, first)+":"+abs(1, last), abs(6, first)+":"+abs(6, last)
	return fmt.Sprintf("1+SUMPRODUCT(EXACT(%s,%s)*ISNUMBER(%s)*(ROUND(%s,6)>ROUND(%s,6)))", grp, a1(1, r), fin, fin, a1(6, r))
}

// gradesName is the defined name of the grade table on the Rules sheet.
const gradesName = "Grades"

// describeScoring says a scoring function in a few words for the Scoring
// column: on the attainment its points are percentages of the target.
func describeScoring(s *analysis.Scoring, basis analysis.Basis) string {
	v := fmtParam
	if basis == analysis.OnAttainment {
		v = fmtPercent
	}
	capText := func() string {
		if s.Cap == 0 || s.Cap == 100 {
			return ""
		}
		return ", at most " + fmtParam(s.Cap)
	}
	switch s.Kind {
	case analysis.Linear:
		return fmt.Sprintf("linear: 0 at %s, 100 at %s%s", v(s.Floor), v(s.Ceiling), capText())
	case analysis.LowerIsBetter:
		return fmt.Sprintf("lower is better: 100 at %s, 0 at %s%s", v(s.Best), v(s.Worst), capText())
	case analysis.BandTable:
		parts := make([]string, len(s.Bands))
		for i, b := range s.Bands {
			parts[i] = fmt.Sprintf("≥ %s: %s", v(b.Min), fmtParam(b.Points))
		}
		return "bands: " + strings.Join(parts, "; ") + "; else 0"
	case analysis.PassFail:
		op := "≥"
		if s.AtMost {
			op = "≤"
		}
		return fmt.Sprintf("pass/fail: 100 at %s %s, else 0", op, v(s.Threshold))
	case analysis.Ratio:
		return "100 × attainment" + capText()
	}
	return string(s.Kind)
}

// fmtParam writes a rule's parameter briefly: 120, 0.5, 1,000.
func fmtParam(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return amount(x)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// fmtPercent writes a fraction as a percentage: 0.95 is 95%.
func fmtPercent(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e8)/1e6, 'f', -1, 64) + "%"
}

// amountFormat is the number format of a row of metric values: whole
// numbers and amounts of 100 or more with thousands separators and no
// decimals (a count reads 3, an amount in yuan 1,234,567), fractions of at
// most 1 as percentages (coo writes a percentage as a fraction), and other
// small numbers with one or two decimals.
func amountFormat(xs ...float64) string {
	whole, small, seen := true, true, false
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		seen = true
		if x != math.Trunc(x) {
			whole = false
		}
		if math.Abs(x) >= 100 {
			return "#,##0"
		}
		if math.Abs(x) > 1 {
			small = false
		}
	}
	switch {
	case !seen || whole:
		return "#,##0"
	case small:
		return "0.0%"
	}
	return "#,##0.0#"
}
