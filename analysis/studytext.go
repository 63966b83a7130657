package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"coo/forecast"
	"coo/internal/l10n"
	"coo/internal/numfmt"
)

// StudyAnswer says in plain words what a study found, one paragraph an
// entry, in r.Lang, with the metrics' labels and units (never their ids).
// For each driver (r.Effects): what a round amount more of it in one
// month brings at the lag with the smallest p value, with its 95%
// interval and p value; that in money at r.Price, and the margin above
// which it pays back, or what is missing to say so; the same effect for
// 10% more in one month and kept up every month (the sensitivity table's
// +10% figures); whether its other lags show an effect; the levels these
// figures are taken at, and whether any cell of the data was rejected.
// The next paragraph has the caveats (collinear terms, few degrees of
// freedom, autocorrelated residuals, rejected cells in the data used;
// returned also on their own, a clause each), the last the backtest's
// verdict.
func StudyAnswer(r *StudyReport) (answer, caveats []string) {
	lang := r.Lang
	w := l10n.Table("studytext", lang)
	st := r.Study
	target := MidSentence(r.TargetLabel, lang)
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	var out, paras []string
	para := func() {
		if len(out) > 0 {
			paras = append(paras, strings.Join(out, sep))
		}
		out = nil
	}
	for _, e := range r.Effects {
		i := st.driverIndex(e.Driver)
		dr := st.Design.Drivers[i]
		name := MidSentence(r.Drivers[i].Label, lang)
		unit := r.Drivers[i].Unit
		more := w["more"]
		if e.PerStep.Units < 0 {
			more = w["fewer"]
		}
		s := fmt.Sprintf(w["step"], name, amount(e.Step, unit, lang), amount(math.Abs(e.PerStep.Units), r.TargetUnit, lang),
			more, target, lagWhen(w, e.Lag), approx(e.PerStep.UnitsLower, r.TargetUnit, lang), approx(e.PerStep.UnitsUpper, r.TargetUnit, lang), pValue(e.Term.P))
		if !(e.Term.P < 0.05) {
			s += w["nosig"]
		}
		out = append(out, s)
		out = append(out, moneyWords(w, r, e, name, unit)...)
		para()
		if len(dr.lags()) > 1 {
			out = append(out, fmt.Sprintf(w["pct2"], name, Percent(e.Tenth.Relative, true), target, lagWhen(w, e.Lag),
				Percent(e.Sustained.Relative, true), Percent(e.Sustained.RelativeLower, true), Percent(e.Sustained.RelativeUpper, true)))
		} else {
			out = append(out, fmt.Sprintf(w["pct1"], name, Percent(e.Tenth.Relative, true), target, lagWhen(w, e.Lag)))
		}
		// The other lags: is the timing clear?
		for _, k := range dr.lags() {
			if k == e.Lag {
				continue
			}
			col := columnName(dr.Variable, k)
			for _, t := range st.Fit.Terms {
				if t.Name != col {
					continue
				}
				key := "other"
				if t.P < 0.05 {
					key = "also"
				}
				out = append(out, fmt.Sprintf(w[key], name, lagWhen(w, k), pValue(t.P)))
			}
		}
	}
	if len(r.Effects) > 0 {
		ref := r.Reference
		items := []string{count(ref.Level, r.TargetUnit, target, lang, w)}
		for i := range st.Design.Drivers {
			for _, e := range r.Effects {
				if e.Driver == st.Design.Drivers[i].Label() {
					items = append(items, count(e.Mean, r.Drivers[i].Unit, MidSentence(r.Drivers[i].Label, lang), lang, w))
				}
			}
		}
		out = append(out, fmt.Sprintf(w["levels"], ref.From, ref.To, strings.Join(items, w["and"])))
	}
	if len(r.Sources) > 0 && !rejected(r.Sources) {
		out = append(out, w["clean"])
	}
	para()
	caveats = studyCaveats(w, r)
	if len(caveats) > 0 {
		out = append(out, fmt.Sprintf(w["caveats"], strings.Join(caveats, w["sep"])))
		para()
	}
	if r.Backtest != nil {
		out = append(out, studyVerdict(st, r.Backtest, r.TargetLabel, lang))
	}
	para()
	return paras, caveats
}

// moneyWords says a driver's effect in money and whether it pays back, or
// what is missing to say so.
func moneyWords(w map[string]string, r *StudyReport, e DriverEffect, name, unit string) []string {
	lang := r.Lang
	p := r.Price
	var out []string
	if !p.Known() {
		out = append(out, fmt.Sprintf(w["noprice"], MidSentence(r.TargetLabel, lang)))
		if !IsMoney(unit) {
			out = append(out, fmt.Sprintf(w["nocost"], name))
		}
		return out
	}
	value := MidSentence(p.Label, lang)
	if value == "" {
		value = w["revenue"]
	}
	if !IsMoney(r.TargetUnit) {
		v := e.Value
		if p.Metric != "" {
			out = append(out, fmt.Sprintf(w["value.avg"], p.From, p.To, numfmt.Value(p.Per, p.Unit, lang), value, MidSentence(r.TargetLabel, lang),
				amount(v.Value, p.Unit, lang), approx(v.Lower, p.Unit, lang), approx(v.Upper, p.Unit, lang)))
		} else {
			out = append(out, fmt.Sprintf(w["value.given"], numfmt.Value(p.Per, p.Unit, lang), amount(v.Value, p.Unit, lang), value,
				approx(v.Lower, p.Unit, lang), approx(v.Upper, p.Unit, lang)))
		}
	}
	switch {
	case !IsMoney(unit):
		out = append(out, fmt.Sprintf(w["nocost"], name))
	case unit != p.Unit:
		out = append(out, fmt.Sprintf(w["mixed"], name, unit, p.Unit))
	case !(e.BreakEven > 0 && e.BreakEven <= 1):
		out = append(out, fmt.Sprintf(w["nopayback"], name, amount(e.Step, unit, lang), amount(e.Value.Value, p.Unit, lang), value))
	case e.BreakEvenLow > 1 || math.IsInf(e.BreakEvenLow, 0):
		out = append(out, fmt.Sprintf(w["payback.low"], Percent(e.BreakEven, false), value, name))
	default:
		out = append(out, fmt.Sprintf(w["payback"], Percent(e.BreakEven, false), value, Percent(e.BreakEvenLow, false), name))
	}
	return out
}

// studyCaveats are the reasons to read a study's answer with care, each a
// clause in r.Lang: terms with a VIF above forecast.VIFHigh, fewer than 30
// residual degrees of freedom, autocorrelated residuals (Durbin–Watson
// below forecast.DurbinWatsonLow or Ljung–Box p below forecast.DiagAlpha),
// and rejected cells or refused files behind the data used.
func studyCaveats(w map[string]string, r *StudyReport) []string {
	st := r.Study
	fit, d := st.Fit, st.Diagnostics
	var out []string
	if d != nil && len(d.VIF) > 0 {
		off := len(fit.Terms) - len(d.VIF)
		var terms []string
		var vifs []string
		for j, v := range d.VIF {
			if v > forecast.VIFHigh {
				terms = append(terms, fit.Terms[off+j].Name)
				vifs = append(vifs, strconv.FormatFloat(v, 'f', 1, 64))
			}
		}
		if len(terms) > 0 {
			out = append(out, fmt.Sprintf(w["vif"], termWords(w, r, terms), strings.Join(vifs, w["and"])))
		}
	}
	if fit.DF < 30 {
		out = append(out, fmt.Sprintf(w["few"], fit.N, len(fit.Terms), fit.DF))
	}
	if d != nil {
		switch {
		case d.DurbinWatson < forecast.DurbinWatsonLow:
			out = append(out, fmt.Sprintf(w["autocorr"], "Durbin–Watson "+strconv.FormatFloat(d.DurbinWatson, 'f', 2, 64)))
		case d.LjungBox.P < forecast.DiagAlpha:
			out = append(out, fmt.Sprintf(w["autocorr"], fmt.Sprintf("Ljung–Box p %s", pValue(d.LjungBox.P))))
		}
	}
	var n int64
	var srcs, months, refused []string
	for _, s := range r.Sources {
		if s.Rejects > 0 {
			n += s.Rejects
			srcs = append(srcs, s.Source)
			for _, p := range s.RejectMonths {
				if m := p.String(); !contains(months, m) {
					months = append(months, m)
				}
			}
		}
		refused = append(refused, s.Refused...)
	}
	if n > 0 {
		if len(months) > 6 {
			months = append(months[:6], "…")
		}
		out = append(out, fmt.Sprintf(w["rejects"], n, strings.Join(srcs, ", "), strings.Join(months, ", ")))
	}
	if len(refused) > 0 {
		out = append(out, fmt.Sprintf(w["refused"], strings.Join(refused, ", ")))
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func rejected(ss []StudySource) bool {
	for _, s := range ss {
		if s.Rejects > 0 || len(s.Refused) > 0 {
			return true
		}
	}
	return false
}

// termWords names design terms for people: a driver's columns by its
// label and their lags ("marketing spend in the same month and a month
// before"), the trend and month dummies in words, anything else by name.
func termWords(w map[string]string, r *StudyReport, names []string) string {
	st, lang := r.Study, r.Lang
	var parts []string
	lastDriver := -1
	var lags []string
	flush := func() {
		if lastDriver >= 0 {
			parts = append(parts, fmt.Sprintf(w["at"], MidSentence(r.Drivers[lastDriver].Label, lang), strings.Join(lags, w["and"])))
		}
		lastDriver, lags = -1, nil
	}
	for _, n := range names {
		i, k := st.column(n)
		if i >= 0 {
			if i != lastDriver {
				flush()
				lastDriver = i
			}
			lags = append(lags, lagBefore(w, k))
			continue
		}
		flush()
		var mo int
		switch {
		case n == "trend":
			parts = append(parts, w["trend"])
		case strings.HasPrefix(n, "month=") && func() bool { _, err := fmt.Sscanf(n, "month=%d", &mo); return err == nil }():
			parts = append(parts, fmt.Sprintf(w["month"], mo))
		default:
			parts = append(parts, n)
		}
	}
	flush()
	return strings.Join(parts, w["and"])
}

// column returns the driver and lag of a driver column's name, -1 for
// another column.
func (st *Study) column(name string) (driver, lag int) {
	for i, dr := range st.Design.Drivers {
		for _, k := range dr.lags() {
			if columnName(dr.Variable, k) == name {
				return i, k
			}
		}
	}
	return -1, 0
}

// driverIndex is the index of the driver labelled label, -1 if none.
func (st *Study) driverIndex(label string) int {
	for i, dr := range st.Design.Drivers {
		if dr.Label() == label {
			return i
		}
	}
	return -1
}

// MidSentence puts a label in the middle of an English sentence: its first
// letter in lower case unless the second is a capital too ("Units sold" is
// "units sold", "IT cost" stays). Chinese is left as it is.
func MidSentence(s, lang string) string {
	if lang == "zh" || s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// amount prints an estimate to three significant digits, with its unit
// when that is money ("36,600 CNY", "124 万元") or a rate, in percentage
// points ("1 pp", "1 个百分点"), else alone ("26").
func amount(v float64, unit, lang string) string {
	if IsMoney(unit) && numfmt.IsCurrency(unit) {
		return numfmt.Value(sig3(v), unit, lang)
	}
	s := approx(v, unit, lang)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
	case IsMoney(unit):
		s += " " + unit
	case numfmt.IsRate(unit) && lang == "zh":
		s += " 个百分点"
	case numfmt.IsRate(unit):
		s += " pp"
	}
	return s
}

// approx prints an estimate to three significant digits without a unit,
// scaled as numfmt.Number scales figures from 100 on; a count is whole,
// and a rate (a change of one) in percentage points: 0.0123 is 1.23.
func approx(v float64, unit, lang string) string {
	if numfmt.IsRate(unit) {
		v, unit = v*100, ""
	}
	r := sig3(v)
	if math.Abs(r) >= 100 || numfmt.IsCount(unit) || math.IsNaN(r) || math.IsInf(r, 0) {
		return numfmt.Number(r, unit, lang)
	}
	return digits3(r)
}

// digits3 prints r, a number under 100 already rounded to three
// significant digits (sig3), with those digits only: 0.0987, not
// 0.09870000000000001; 12, not 12.0.
func digits3(r float64) string {
	if r == 0 {
		return "0"
	}
	d := max(0, 2-int(math.Floor(math.Log10(math.Abs(r)))))
	s := strconv.FormatFloat(r, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// sig3 rounds v to three significant digits; whole numbers from 100 on.
func sig3(v float64) float64 {
	a := math.Abs(v)
	if !(a > 0) || math.IsInf(a, 0) {
		return v
	}
	d := math.Pow(10, math.Floor(math.Log10(a))-2)
	if d < 1 && a >= 100 {
		d = 1
	}
	return math.Round(v/d) * d
}

// count says how much there is of a series: "1.24 M CNY of marketing
// spend", "11,500 units sold", "9.87% discount".
func count(v float64, unit, name, lang string, w map[string]string) string {
	switch {
	case IsMoney(unit):
		return fmt.Sprintf(w["amount"], amount(v, unit, lang), name)
	case numfmt.IsRate(unit) && !math.IsNaN(v) && !math.IsInf(v, 0):
		return fmt.Sprintf(w["count"], approx(v, unit, lang)+"%", name)
	}
	return fmt.Sprintf(w["count"], approx(v, unit, lang), name)
}

// pValue prints a p value with its relation: "= 0.012", or "< 0.0001"
// below that.
func pValue(p float64) string {
	if p < 1e-4 {
		return "< 0.0001"
	}
	return "= " + strconv.FormatFloat(p, 'g', 2, 64)
}

// lagWhen says when lag k acts: "in the same month", "a month later".
func lagWhen(w map[string]string, k int) string {
	switch {
	case k == 0:
		return w["same"]
	case k == 1:
		return w["next"]
	}
	return fmt.Sprintf(w["later"], k)
}

// lagBefore says which month lag k reads: "in the same month", "a month
// before".
func lagBefore(w map[string]string, k int) string {
	switch {
	case k == 0:
		return w["same"]
	case k == 1:
		return w["before"]
	}
	return fmt.Sprintf(w["beforek"], k)
}

// studyVerdict is the backtest's verdict in lang, from the catalogue, the
// target named target; in English with the target's series label it is
// the sentence of bt.Verdict.
func studyVerdict(st *Study, bt *StudyBacktest, target, lang string) string {
	w := l10n.Table("studytext", lang)
	key := "worse"
	if bt.DriversHelp {
		key = "help"
	}
	return fmt.Sprintf(w[key], bt.Periods[0], bt.Periods[len(bt.Periods)-1], len(bt.Periods), bt.H,
		btNum(bt.RegMAE), MidSentence(target, lang), btNum(bt.BaseMAE), bt.RegSMAPE, bt.BaseSMAPE, btPlural(bt.H))
}
