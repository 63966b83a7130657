package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"coo/internal/l10n"
	"coo/internal/numfmt"
)

// Sentence levels, the same as render/doc's.
const (
	levelNeutral = 0
	levelGood    = 1
	levelWarning = 2
	levelBad     = 3
)

// word is the narrative's fixed word key in lang (l10n, "narrative.").
func word(lang, key string) string { return l10n.T(lang, "narrative."+key) }

// narrate writes the highlights and risks of a report: one or two short
// sentences per headline figure, every number taken from r.
func narrate(r *MonthlyReport, lang string) (highlights, risks []Sentence) {
	if !l10n.Supported(lang) {
		lang = "en"
	}
	w := func(key string, args ...any) string { return fmt.Sprintf(word(lang, key), args...) }
	p := r.Period
	end := word(lang, "end")
	if len(r.Quality.Missing) > 0 {
		risks = append(risks, Sentence{Text: w("missing", p, strings.Join(r.Quality.Missing, ", ")) + end, Level: levelBad})
	}
	if len(r.Quality.Rejected) > 0 {
		risks = append(risks, Sentence{Text: w("rejected", p, strings.Join(r.Quality.Rejected, ", ")) + end, Level: levelBad})
	}
	if len(r.Quality.Late) > 0 {
		risks = append(risks, Sentence{Text: w("late", p, r.Quality.Due.AddDate(0, 0, -1).Format("2006-01-02"), strings.Join(r.Quality.Late, ", ")) + end, Level: levelWarning})
	}
	for _, k := range r.KPIs {
		ref := []FigureRef{{k.Spec.Metric, p}}
		if math.IsNaN(k.Value) {
			continue
		}
		parts := []string{w("in", k.Label, Amount(k.Value, k.Unit, lang), p)}
		if !math.IsNaN(k.MoM) {
			parts = append(parts, w("mom", Percent(k.MoM, true), p-1))
			ref = append(ref, FigureRef{k.Spec.Metric, p - 1})
		}
		if !math.IsNaN(k.YoY) {
			parts = append(parts, w("yoy", Percent(k.YoY, true), p-12))
			ref = append(ref, FigureRef{k.Spec.Metric, p - 12})
		}
		if !math.IsNaN(k.Attainment) {
			parts = append(parts, w("of budget", Percent(k.Attainment, false)))
			ref = append(ref, FigureRef{k.Spec.Budget, p})
		}
		text := joinParts(lang, parts)
		if !math.IsNaN(k.Outlook) {
			o := w("outlook", r.FiscalYear, Amount(k.Outlook, k.Unit, lang), Number(k.OutlookLo95, k.Unit, lang), Number(k.OutlookHi95, k.Unit, lang))
			if !math.IsNaN(k.OutlookVsBudget) {
				o += word(lang, "sep") + w("vsbudget", Percent(k.OutlookVsBudget, false))
			}
			text += word(lang, "then") + o
		}
		// The method and its backtest are in the report's appendix, not here.
		highlights = append(highlights, Sentence{Text: strings.TrimSpace(text) + end, Level: kpiLevel(r, k), Refs: ref})

		// Risks: each states one figure that needs attention. A figure
		// that reads a suspected value has one: to check the data.
		if k.Suspect {
			risks = append(risks, Sentence{Text: w("suspect.risk", k.Label) + end, Level: levelBad, Refs: ref[:1]})
			continue
		}
		if f := k.Forecast; f != nil && f.Error != "" {
			risks = append(risks, Sentence{Text: w("nofc", k.Label, f.Error) + end, Level: levelWarning, Refs: ref[:1]})
		} else if f != nil && f.LostBacktest() {
			risks = append(risks, Sentence{Text: w("worse", k.Label) + end, Level: levelWarning, Refs: ref[:1]})
		}
		// An actual outside the range forecast a month earlier is a risk
		// when it is on the bad side; on the good side it is news.
		if k.Anomaly && (k.Value > k.ExpectedHi) == k.Spec.LowerIsBetter {
			risks = append(risks, Sentence{Text: w("anomaly", k.Label, Amount(k.Value, k.Unit, lang), p,
				Number(k.ExpectedLo, k.Unit, lang), Number(k.ExpectedHi, k.Unit, lang)) + end, Level: levelWarning, Refs: ref[:1]})
		}
		if a := k.Attainment; !math.IsNaN(a) {
			if !k.Spec.LowerIsBetter && a < 0.95 {
				risks = append(risks, Sentence{Text: w("below", k.Label, Percent(a, false)) + end, Level: levelBad, Refs: ref[:1]})
			} else if k.Spec.LowerIsBetter && a > 1.05 {
				risks = append(risks, Sentence{Text: w("over", k.Label, Percent(a, false)) + end, Level: levelBad, Refs: ref[:1]})
			}
		}
		if !math.IsNaN(k.FYBudget) && !math.IsNaN(k.Outlook) {
			if !k.Spec.LowerIsBetter && k.OutlookHi95 < k.FYBudget {
				risks = append(risks, Sentence{Text: w("fybelow", k.Label, r.FiscalYear, Percent(k.OutlookVsBudget, false), Amount(k.OutlookHi95, k.Unit, lang)) + end, Level: levelBad, Refs: ref[:1]})
			} else if k.Spec.LowerIsBetter && k.OutlookLo95 > k.FYBudget {
				risks = append(risks, Sentence{Text: w("fyover", k.Label, r.FiscalYear, Percent(k.OutlookVsBudget, false), Amount(k.OutlookLo95, k.Unit, lang)) + end, Level: levelBad, Refs: ref[:1]})
			}
		}
		if y := k.YoY; math.Abs(y) > 0.05 && kpiLevels(r, &k).YoY == levelBad {
			key := "fell"
			if y > 0 {
				key = "rose"
			}
			risks = append(risks, Sentence{Text: w(key, k.Label, Percent(math.Abs(y), false), p-12) + end, Level: levelWarning, Refs: ref})
		}
		if len(k.Contributions) > 0 && !math.IsNaN(k.Contributions[0].Share) {
			c := k.Contributions[0]
			base := p - 12
			if k.ContributionBase == "mom" {
				base = p - 1
			}
			highlights = append(highlights, Sentence{Text: w("driver", k.Label, c.Member, base, Signed(c.Delta, k.Unit, lang)) + end, Refs: ref})
		}
	}
	return highlights, risks
}

func joinParts(lang string, parts []string) string {
	return strings.Join(parts, word(lang, "comma"))
}

// kpiLevel grades a headline figure's sentence as its card
// (KPILevels.Card): against budget where there is one, else by its change
// on last year, where worse is a warning.
func kpiLevel(r *MonthlyReport, k MonthlyKPI) int {
	l := kpiLevels(r, &k).Card
	if l == levelBad && math.IsNaN(k.Attainment) {
		return levelWarning
	}
	return l
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Percent formats a fraction as a percentage with one decimal: 0.041 is
// "4.1%", or "+4.1%" when signed. NaN is "n/a". It is [numfmt.Percent].
func Percent(f float64, signed bool) string { return numfmt.Percent(f, signed) }

// Amount formats a figure with its unit for people, scaled to its size:
// "12.40 M CNY" in English, "1,240.5 万元" in Chinese, a count as a whole
// number ("12,684 件"). It is [numfmt.Value].
func Amount(v float64, unit, lang string) string { return numfmt.Value(v, unit, lang) }

// Number is [Amount] without the unit's name, for a figure whose unit was
// just named: "1,240.5 万". It is [numfmt.Number].
func Number(v float64, unit, lang string) string { return numfmt.Number(v, unit, lang) }

// Signed is Amount with a sign: "+1.20 M CNY".
func Signed(v float64, unit, lang string) string { return numfmt.Signed(v, unit, lang) }
