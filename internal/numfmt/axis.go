package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// scale is the divisor and suffix for figures up to m in size, the same
// steps as [Number]: K, M, B in English and 万, 亿 in Chinese, from
// 100,000 on; a count is not scaled below 10 million (English) or 100
// million (Chinese). percent gives "%".
func scale(m float64, unit, lang string, percent bool) (float64, string) {
	switch {
	case percent:
		return 0.01, "%"
	case zh(lang) && m >= 1e8:
		return 1e8, " 亿"
	case zh(lang) && (IsCount(unit) || m < 1e5):
		return 1, ""
	case zh(lang):
		return 1e4, " 万"
	case m >= 1e9:
		return 1e9, " B"
	case IsCount(unit) && m < 1e7:
		return 1, ""
	case m >= 1e6:
		return 1e6, " M"
	case m >= 1e5:
		return 1e3, " K"
	}
	return 1, ""
}

// Axis labels the ticks vs of a value axis, spaced step apart, with one
// shared scale: "0", "20 M", "40 M" in English and "0", "2,000 万",
// "4,000 万" in Chinese; "12%" when percent (vs are fractions). Each label
// has as many decimals as the step needs to tell ticks apart. The unit's
// name is left to the axis title ([UnitName]).
func Axis(vs []float64, step float64, unit, lang string, percent bool) []string {
	var m float64
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			m = math.Max(m, math.Abs(v))
		}
	}
	div, suffix := scale(m, unit, lang, percent)
	digits := 0
	for s := step / div; digits <= 10; digits++ {
		if f := s * math.Pow(10, float64(digits)); math.Abs(f-math.Round(f)) < 1e-6*f {
			break
		}
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			out[i] = NA
		case math.Abs(v) < 1e-12*div:
			out[i] = "0"
			if percent {
				out[i] = "0%"
			}
		case digits > 10:
			out[i] = strconv.FormatFloat(v/div, 'g', 3, 64) + suffix
		default:
			out[i] = grouped(v/div, digits) + suffix
		}
	}
	return out
}

// Short formats one value for a label on a chart, to about three
// significant digits in the scale [Number] would use: "1.24 M", "850",
// "71,356", "124 万", "-12.5%" (percent: v is a fraction). signed adds "+"
// to a positive figure. A count is a whole number.
func Short(v float64, unit, lang string, percent, signed bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return NA
	}
	if IsCount(unit) && !percent {
		v = math.Round(v)
	}
	div, suffix := scale(math.Abs(v), unit, lang, percent)
	x := v / div
	digits := 0
	switch ax := math.Abs(x); {
	case percent:
		digits = 1
	case ax == 0 || IsCount(unit):
	case ax < 1 && div == 1:
		digits = 3
	case ax < 10:
		digits = 2
	case ax < 100:
		digits = 1
	}
	s := grouped(x, digits)
	if !percent && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if zeroDigits(s) {
		s = strings.TrimPrefix(s, "-")
	}
	if signed && v > 0 && !zeroDigits(s) {
		s = "+" + s
	}
	return s + suffix
}
