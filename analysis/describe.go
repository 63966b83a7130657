package analysis

import (
	"fmt"
	"strings"
)

// RuleText is one rule in words and numbers, for the published Rules sheet.
type RuleText struct {
	Section string // "General", "Grades", or a unit's name
	Item    string // a KPI or a bonus or deduction item; "" for the section itself
	Text    string
}

// Describe prints every rule in words and numbers, in the order of the rules.
func (r *Rules) Describe() []RuleText {
	gen := func(text string, args ...any) RuleText {
		return RuleText{Section: "General", Text: fmt.Sprintf(text, args...)}
	}
	out := []RuleText{
		gen("A KPI scores points; 100 points means its target is fully met."),
		gen("Each unit's KPI weights sum to 100%%; a KPI's weighted score is weight × score, and the unit's total is the sum of its weighted scores."),
		gen("Final = total + bonus − deductions."),
		gen("Ranks are within each group, highest final first; finals equal to six decimal places share a rank and the next rank is skipped (1, 2, 2, 4)."),
		gen("Change is this month's final minus last month's, for units scored in both months."),
		gen("Missing data (no actual, or no usable target), unless a KPI says otherwise: %s.", r.Missing.or("").describe()),
		gen("A unit with no KPI measured in the month (none has an actual and a usable target) is not scored, whatever the missing-data policy: zeros and carried scores alone make no score."),
	}
	if len(r.Grades) > 0 {
		for i, g := range r.Grades {
			var t string
			switch last := i == len(r.Grades)-1; {
			case last && i == 0:
				t = "every final"
			case last:
				t = fmt.Sprintf("final < %s", fmtNum(r.Grades[i-1].Min))
			case i == 0:
				t = fmt.Sprintf("final ≥ %s", fmtNum(g.Min))
			default:
				t = fmt.Sprintf("%s ≤ final < %s", fmtNum(g.Min), fmtNum(r.Grades[i-1].Min))
			}
			out = append(out, RuleText{Section: "Grades", Item: g.Name, Text: t})
		}
	}
	for _, u := range r.Units {
		sec := u.Name
		var head string
		switch {
		case u.Each != "":
			head = fmt.Sprintf("One unit per %s with data in the month, in group %s; each reads its own %s breakdown of every metric.", u.Each, u.group(), u.Each)
		case u.Dims != "":
			head = fmt.Sprintf("Group %s; reads the %s breakdown of every metric.", u.group(), u.Dims)
		default:
			head = fmt.Sprintf("Group %s; reads the totals of its metrics.", u.group())
		}
		out = append(out, RuleText{Section: sec, Text: head})
		for _, k := range u.KPIs {
			out = append(out, RuleText{Section: sec, Item: k.Name, Text: k.describe(r.Missing)})
		}
		for _, l := range []struct {
			items []Adjustment
			verb  string
		}{{u.Bonuses, "Bonus"}, {u.Deductions, "Deduction"}} {
			for _, a := range l.items {
				t := fmt.Sprintf("%s: %s points per count of %s in the month", l.verb, fmtNum(a.Points), a.Metric)
				if a.Cap > 0 {
					t += fmt.Sprintf(", at most %s points", fmtNum(a.Cap))
				}
				out = append(out, RuleText{Section: sec, Item: a.Name, Text: t + "; a month without a value counts 0."})
			}
		}
	}
	return out
}

func (k *KPI) describe(def MissingPolicy) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Weight %s%%. Actual: %s. ", fmtNum(k.Weight*100), k.Metric)
	switch t := k.Target; t.Kind {
	case NoTarget:
		b.WriteString("No target. ")
	case FixedTarget:
		fmt.Fprintf(&b, "Target: %s. ", fmtNum(t.Value))
	case MetricTarget:
		fmt.Fprintf(&b, "Target: %s in the same month. ", t.Metric)
	case LastYearTarget:
		fmt.Fprintf(&b, "Target: the actual of the same month a year before%s. ", growth(t.Growth))
	case LastMonthTarget:
		fmt.Fprintf(&b, "Target: the actual of the month before%s. ", growth(t.Growth))
	case ExprTarget:
		fmt.Fprintf(&b, "Target: %s in the same month. ", t.Expr)
	}
	x := "the actual"
	if k.basis() == OnAttainment {
		x = "the attainment"
		b.WriteString("Attainment = actual ÷ target (a target of 0 or below counts as missing). ")
	}
	s := k.Scoring
	switch s.Kind {
	case Linear:
		fmt.Fprintf(&b, "Score: linear on %s, 0 points at %s or below, 100 at %s, straight between", x, fmtNum(s.Floor), fmtNum(s.Ceiling))
		b.WriteString(capText(s.cap()))
	case LowerIsBetter:
		fmt.Fprintf(&b, "Score: lower is better on %s, 100 points at %s, 0 at %s or above, straight between", x, fmtNum(s.Best), fmtNum(s.Worst))
		b.WriteString(capText(s.cap()))
	case BandTable:
		fmt.Fprintf(&b, "Score: bands on %s: below %s: 0 points", x, fmtNum(s.Bands[0].Min))
		for _, band := range s.Bands {
			fmt.Fprintf(&b, "; from %s: %s points", fmtNum(band.Min), fmtNum(band.Points))
		}
	case PassFail:
		rel := "at least"
		if s.AtMost {
			rel = "at most"
		}
		fmt.Fprintf(&b, "Score: pass or fail, 100 points if %s is %s %s, else 0", x, rel, fmtNum(s.Threshold))
	case Ratio:
		fmt.Fprintf(&b, "Score: 100 × attainment, at least 0, at most %s points", fmtNum(s.cap()))
	}
	fmt.Fprintf(&b, ". Missing data: %s.", k.Missing.or(def).describe())
	return b.String()
}

func capText(c float64) string {
	if c == 100 {
		return ", at most 100"
	}
	return fmt.Sprintf(", continuing above 100 up to a cap of %s", fmtNum(c))
}

func growth(g float64) string {
	switch {
	case g > 0:
		return fmt.Sprintf(" + %s%%", fmtNum(g*100))
	case g < 0:
		return fmt.Sprintf(" − %s%%", fmtNum(-g*100))
	}
	return ""
}

func (m MissingPolicy) describe() string {
	switch m {
	case MissingReweight:
		return "the KPI is left out and the other KPIs' weights are scaled up to 100%"
	case MissingCarry:
		return fmt.Sprintf("the KPI keeps its score of the latest month it was measured, looking back up to %d months; 0 points if none", CarryMonths)
	}
	return "the KPI scores 0 points at its full weight"
}
