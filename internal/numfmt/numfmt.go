// Package numfmt formats figures for people, one way for every output of
// coo: tables, cards, sentences, chart axes and chart labels. The same
// figure reads the same wherever it appears.
//
// The conventions:
//
//   - A count (a unit such as count, people or units; see [IsCount]) is a
//     whole number with thousands separators, never with decimals: a
//     forecast mean of a count is rounded for display ("59,882").
//   - Other figures are scaled once they reach 100,000: K, M and B in
//     English ("31.86 M CNY"), 万 and 亿 in Chinese ("3,185.7 万元"). Axes
//     and bar labels use the same suffixes ("40 M", "4,000 万").
//   - A currency is named: "224.10 CNY", "224.1 元".
//   - A fraction is a percentage ("4.1%"); a change of a rate is in
//     percentage points ("+0.2 pp", "+0.2 个百分点"), never in percent.
//   - Signed figures carry "+" when positive and "-" when negative.
//   - NaN and ±Inf are "n/a".
//
// lang is "zh" for Chinese; anything else is English. numfmt holds data
// and pure functions only: no I/O, no state, no locale from the
// environment.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// NA is what a missing figure prints as.
const NA = "n/a"

// unitNames are the display names of the units coo knows, English then
// Chinese. An English "" prints the number alone ("5,552 leads" would need
// the metric's own word, "5,552 count" says nothing). A unit not listed
// prints as written in the project file.
var unitNames = map[string][2]string{
	"CNY":     {"CNY", "元"},
	"RMB":     {"CNY", "元"},
	"USD":     {"USD", "美元"},
	"EUR":     {"EUR", "欧元"},
	"count":   {"", "个"},
	"people":  {"people", "人"},
	"persons": {"people", "人"},
	"units":   {"units", "件"},
	"pcs":     {"pcs", "件"},
	"items":   {"items", "项"},
	"tasks":   {"tasks", "项"},
	"hours":   {"hours", "小时"},
	"days":    {"days", "天"},
	"ratio":   {"", ""},
	"percent": {"", ""},
}

// perNames are the singular display names after "per" ("CNY per person").
var perNames = map[string][2]string{
	"count":   {"item", "个"},
	"people":  {"person", "人"},
	"persons": {"person", "人"},
	"units":   {"unit", "件"},
	"pcs":     {"piece", "件"},
	"items":   {"item", "项"},
	"tasks":   {"task", "项"},
	"hours":   {"hour", "小时"},
	"days":    {"day", "天"},
}

// counts are the units whose figures are whole numbers.
var counts = map[string]bool{"count": true, "people": true, "persons": true, "units": true,
	"pcs": true, "items": true, "tasks": true}

// currencies are the units that are money.
var currencies = map[string]bool{"CNY": true, "RMB": true, "USD": true, "EUR": true}

func zh(lang string) bool { return lang == "zh" }

// IsCount reports whether unit counts things (count, people, units, pcs,
// items, tasks), whose figures are whole numbers.
func IsCount(unit string) bool { return counts[unit] }

// IsCurrency reports whether unit is money (CNY, RMB, USD, EUR).
func IsCurrency(unit string) bool { return currencies[unit] }

// IsRate reports whether unit is a fraction shown as a percentage (ratio,
// percent), whose changes are in percentage points.
func IsRate(unit string) bool { return unit == "ratio" || unit == "percent" || unit == "%" }

// UnitName is unit's display name in lang: "people" is 人 in Chinese,
// "count" is nothing in English. A unit coo does not know is returned as is.
func UnitName(unit, lang string) string {
	n, ok := unitNames[unit]
	if !ok {
		return unit
	}
	if zh(lang) {
		return n[1]
	}
	return n[0]
}

// Per names the unit of a ratio of a figure in num to one in den: "CNY
// per person", "元/人". Either may be "": "" over "" is "".
func Per(num, den, lang string) string {
	n := UnitName(num, lang)
	d := den
	if p, ok := perNames[den]; ok {
		d = p[0]
		if zh(lang) {
			d = p[1]
		}
	} else {
		d = UnitName(den, lang)
	}
	switch {
	case d == "":
		return n
	case zh(lang):
		if n == "" {
			return "每" + d
		}
		return n + "/" + d
	case n == "":
		return "per " + d
	}
	return n + " per " + d
}

// Number formats v for a table whose column says the unit: scaled as
// [Value] is, without the unit's name. A count is a whole number.
func Number(v float64, unit, lang string) string {
	s, _ := number(v, unit, lang)
	return s
}

// Value formats v with its unit's name: "31.86 M CNY", "3,185.7 万元",
// "12,684 units", "12,684 件", "364 人", "5,552" (a count in English).
func Value(v float64, unit, lang string) string {
	s, scaled := number(v, unit, lang)
	if s == NA {
		return s
	}
	return withUnit(s, scaled, unit, lang)
}

// Signed is [Value] with a sign: "+1.20 M CNY", "-27,815 元".
func Signed(v float64, unit, lang string) string { return sign(v, Value(v, unit, lang)) }

// SignedNumber is [Number] with a sign: "+378.8 万", "-53".
func SignedNumber(v float64, unit, lang string) string { return sign(v, Number(v, unit, lang)) }

func sign(v float64, s string) string {
	if v > 0 && s != NA && !zeroDigits(s) {
		return "+" + s
	}
	return s
}

// zeroDigits reports whether every digit of s is 0: a figure that rounds
// to zero takes no sign.
func zeroDigits(s string) bool {
	return !strings.ContainsAny(s, "123456789")
}

// withUnit appends the unit's display name: "万元" and "亿件" join the
// scale in Chinese; otherwise a space separates.
func withUnit(s string, scaled bool, unit, lang string) string {
	n := UnitName(unit, lang)
	switch {
	case n == "":
		return s
	case zh(lang) && scaled:
		return s + n
	case !zh(lang) && (s == "1" || s == "-1"):
		if one, ok := perNames[unit]; ok {
			n = one[0] // "1 person", not "1 people"
		}
	}
	return s + " " + n
}

// number is v scaled for its size and unit, and whether a scale suffix was
// added.
func number(v float64, unit, lang string) (string, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return NA, false
	}
	if IsCount(unit) {
		v = math.Round(v)
	}
	div, suffix, d := pick(math.Abs(v), unit, lang)
	if suffix == "" {
		return plain(v, unit), false
	}
	return grouped(v/div, d) + suffix, true
}

// pick is the scale for a figure of size a: its divisor, suffix ("" for
// none) and decimals.
func pick(a float64, unit, lang string) (div float64, suffix string, decimals int) {
	if zh(lang) {
		switch {
		case reaches(a, 1e4, 1, 1e4): // 1 亿, or a figure that rounds to 10,000.0 万
			return 1e8, " 亿", 2
		case IsCount(unit):
			return 1, "", 0
		case reaches(a, 1, 1, 1e5):
			return 1e4, " 万", 1
		}
		return 1, "", 0
	}
	switch {
	case reaches(a, 1e6, 2, 1e3): // 1 B, or a figure that rounds to 1,000.00 M
		return 1e9, " B", 2
	case IsCount(unit) && a < 1e7:
		return 1, "", 0
	case reaches(a, 1e3, 2, 1e3):
		return 1e6, " M", 2
	case reaches(a, 1, 1, 1e5):
		return 1e3, " K", 1
	}
	return 1, "", 0
}

// Column formats the figures of one table column, all of one unit, in one
// scale, the one [Number] gives the largest of them: a column reads
// "+973.0 K", "+71.4 K", "-27.8 K", never "+973.0 K" beside "+71,356".
// signed adds "+" to positive figures. A count stays whole.
func Column(vs []float64, unit, lang string, signed bool) []string {
	var m float64
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			if IsCount(unit) {
				v = math.Round(v)
			}
			m = math.Max(m, math.Abs(v))
		}
	}
	div, suffix, d := pick(m, unit, lang)
	out := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			out[i] = NA
			continue
		case IsCount(unit):
			v = math.Round(v)
		}
		if suffix == "" {
			out[i] = plain(v, unit)
		} else {
			out[i] = grouped(v/div, d) + suffix
		}
		if signed {
			out[i] = sign(v, out[i])
		}
	}
	return out
}

// reaches reports whether a/div, printed with d decimals, is at least lim:
// the next scale up is used when a figure would round to 1,000 of the
// smaller one ("1.00 M", not "1,000.0 K").
func reaches(a, div float64, d int, lim float64) bool {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(a/div, 'f', d, 64), 64)
	return r >= lim
}

// plain prints figures below the scales: whole numbers as they are, and so
// anything from 10,000 on; money with two decimals below 100 and one
// above; others with up to two significant decimals.
func plain(v float64, unit string) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) || a >= 1e4:
		return grouped(v, 0)
	case IsCurrency(unit) && a < 100:
		return grouped(v, 2)
	case a >= 100:
		return grouped(v, 1)
	}
	return grouped(v, 2)
}

// grouped formats v with d decimals and commas between thousands; a
// figure that rounds to zero has no minus sign.
func grouped(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if neg && strings.Trim(intPart+frac, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// Percent formats a fraction as a percentage with one decimal: 0.041 is
// "4.1%", or "+4.1%" when signed.
func Percent(f float64, signed bool) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return NA
	}
	s := strconv.FormatFloat(f*100, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if signed && s != "0.0" && f > 0 {
		s = "+" + s
	}
	return s + "%"
}

// Points formats the difference of two fractions in percentage points,
// signed, with one decimal: 0.002 is "+0.2 pp" in English and "+0.2 个百分点"
// in Chinese.
func Points(d float64, lang string) string {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return NA
	}
	s := strconv.FormatFloat(d*100, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if s != "0.0" && d > 0 {
		s = "+" + s
	}
	if zh(lang) {
		return s + " 个百分点"
	}
	return s + " pp"
}
