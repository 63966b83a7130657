package ingest

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"coo"
)

// Reasons a cell, row or file is set aside. Each has a stable code (Code)
// that the rejects table stores.
var (
	ErrNotNumber    = errors.New("not a number")
	ErrNotPeriod    = errors.New("not a month")
	ErrErrorValue   = errors.New("an Excel error value")
	ErrBlankValue   = errors.New("no value")
	ErrBlankDim     = errors.New("no dimension value")
	ErrTooLong      = errors.New("text longer than Excel's 32,767 characters")
	ErrNotWorkbook  = errors.New("not an .xlsx workbook")
	ErrEncrypted    = errors.New("the workbook is encrypted")
	ErrTooLarge     = errors.New("the workbook is too large")
	ErrNoSheet      = errors.New("no such sheet")
	ErrNoHeader     = errors.New("no header row with the mapped columns")
	ErrDupHeader    = errors.New("a mapped column appears twice")
	ErrNoData       = errors.New("no data rows")
	ErrInternal     = errors.New("internal error")
	ErrWrongPattern = errors.New("the file does not match its source")
	ErrUnsafe       = errors.New("the workbook's XML declares a DOCTYPE or entities, which coo never reads")
	ErrNotRegular   = errors.New("not a regular file")
	ErrUnreadable   = errors.New("the file cannot be read")
	ErrOutOfRange   = errors.New("a number of magnitude 1e15 or more, which no business figure reaches")
	ErrMergedValue  = errors.New("a value merged over several cells")
)

var codes = []struct {
	err  error
	code string
}{
	{ErrNotNumber, "not_a_number"},
	{ErrNotPeriod, "not_a_period"},
	{ErrErrorValue, "error_value"},
	{ErrBlankValue, "blank_value"},
	{ErrBlankDim, "blank_dimension"},
	{ErrTooLong, "text_too_long"},
	{ErrNotWorkbook, "not_a_workbook"},
	{ErrEncrypted, "encrypted"},
	{ErrTooLarge, "too_large"},
	{ErrNoSheet, "no_sheet"},
	{ErrNoHeader, "no_header"},
	{ErrDupHeader, "duplicate_header"},
	{ErrNoData, "no_data"},
	{ErrInternal, "internal"},
	{ErrWrongPattern, "wrong_source"},
	{ErrUnsafe, "unsafe_xml"},
	{ErrFormula, "formula_without_value"},
	{ErrNotRegular, "not_regular"},
	{ErrUnreadable, "unreadable"},
	{ErrDuplicate, "duplicate_value"},
	{ErrTotalMismatch, "total_mismatch"},
	{ErrAmbiguousLabel, "ambiguous_label"},
	{ErrNoLabel, "no_label"},
	{ErrUnknownMeasure, "unknown_measure"},
	{ErrNoteRow, "note_row"},
	{ErrScale, "wrong_scale"},
	{ErrOutOfRange, "out_of_range"},
	{ErrAmbiguousNumber, "ambiguous_number"},
	{ErrMergedValue, "merged_value"},
	{ErrGroupRow, "group_row"},
}

// Code returns the stable reason code of err ("other" if it has none).
func Code(err error) string {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return "other"
}

// maxText is Excel's limit on the characters in a cell.
const maxText = 32767

// tooLong reports whether s has more characters than a cell may hold. Excel
// counts UTF-16 code units, not bytes: comparing len(s) set aside a Chinese
// label of 12,000 characters (36,000 bytes of UTF-8) that Excel allows.
func tooLong(s string) bool {
	if len(s) <= maxText { // never more characters than bytes
		return false
	}
	n := 0
	for _, r := range s {
		if n++; r >= 0x10000 {
			n++ // a surrogate pair
		}
	}
	return n > maxText
}

// parseNumber reads a number as departments write it: "1234.5", " 3,294 ",
// "1,234.50", "(1,200)" for -1200, "-8.5%" for -0.085, "+12". It refuses
// anything else, including NaN and infinities.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if s == "" {
		return 0, ErrBlankValue
	}
	neg := false
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	percent := false
	if strings.HasSuffix(s, "%") {
		percent, s = true, strings.TrimSpace(s[:len(s)-1])
	}
	if strings.Contains(s, ",") {
		if !thousands(s) {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	// Only plain decimal notation (with an optional exponent): no hex, no
	// underscores, no "Inf" or "NaN" that strconv would accept.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, ErrNotNumber
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNotNumber
	}
	if neg {
		if v < 0 {
			return 0, ErrNotNumber // "(-5)" is a typing error, not a number
		}
		v = -v
	}
	if percent {
		// Shift the decimal point rather than multiply by 0.01, which is
		// inexact: "57%" * 0.01 gave 0.5700000000000001, not 0.57.
		return shiftDecimal(v, -2), nil
	}
	return v, nil
}

// shiftDecimal returns v × 10^k as the double nearest the decimal result,
// by moving the exponent of v's shortest decimal text: 1.005 × 1000 is 1005,
// where the product in floating point is 1004.9999999999999. A figure typed
// with up to 15 significant digits is its own shortest text, so the result is
// what the department meant. The result may be infinite for huge values.
func shiftDecimal(v float64, k int) float64 {
	if v == 0 || k == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	txt := strconv.FormatFloat(v, 'e', -1, 64) // "1.005e+00"
	mant, exp, _ := strings.Cut(txt, "e")
	e, err := strconv.Atoi(exp)
	if err != nil {
		return v * math.Pow10(k)
	}
	r, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e+k), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return v * math.Pow10(k)
	}
	return r
}

// scaleValue applies a measure's scale. A power of ten (1000 for figures in
// thousands) moves the decimal point exactly (see shiftDecimal); any other
// scale multiplies. ok is false if the result is not finite: 1e307 in
// thousands used to load as +Inf.
func scaleValue(v, scale float64) (float64, bool) {
	if scale == 0 || scale == 1 {
		return v, true
	}
	r := v * scale
	if k := math.Log10(scale); k == math.Trunc(k) && math.Abs(k) <= 300 && math.Pow10(int(k)) == scale {
		r = shiftDecimal(v, int(k))
	}
	return r, !math.IsInf(r, 0) && !math.IsNaN(r)
}

// maxMagnitude bounds the values ingest loads: a value (scale applied) of
// this magnitude or more is ErrOutOfRange. It is a thousand trillion, more
// than any month's figure of any company in any currency, and close to
// where float64 stops holding whole numbers exactly (2^53 ≈ 9.0e15); sums
// of such values would overflow nothing, but would make every later
// forecast and report meaningless.
const maxMagnitude = 1e15

// inRange reports whether v may be loaded: finite and under maxMagnitude.
func inRange(v float64) bool { return math.Abs(v) < maxMagnitude }

// thousands reports whether the commas in s separate groups of three digits.
func thousands(s string) bool {
	intPart, rest, _ := strings.Cut(s, ".")
	if strings.Contains(rest, ",") {
		return false // a comma after the point: "1.234,50" written the European way, not 1.2345
	}
	intPart = strings.TrimLeft(intPart, "+-")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 || groups[0] == "0" { // "0,500" is no thousands
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// Excel's serial day 0 is 1899-12-30 in the 1900 system (which makes its
// fictitious 1900-02-29, serial 60, come out right for every date after it)
// and 1904-01-01 in the 1904 system. Before that fictitious day, serial 1
// is 1900-01-01: day 0 is 1899-12-31.
var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	early1900 = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialPeriod returns the month of an Excel serial date: in the 1900
// system serial 1 is 1900-01-01 and 60 (Excel's 1900-02-29) is February
// 1900; in the 1904 system serial 0 is 1904-01-01. A fraction below 1 (0
// in the 1904 system) is a time of day, not a month.
func serialPeriod(v float64, date1904 bool) (coo.Period, error) {
	t, ok := serialDay(v, date1904)
	if !ok || date1904 && v > 0 && v < 1 || t.Year() < coo.MinYear || t.Year() > coo.MaxYear {
		return 0, ErrNotPeriod
	}
	return coo.NewPeriod(t.Year(), int(t.Month())), nil
}

// serialDay returns the day of an Excel serial date (its fraction, a time
// of day, dropped); ok is false outside 1900-01-01 (1904-01-01) to
// 9999-12-31.
func serialDay(v float64, date1904 bool) (time.Time, bool) {
	min, e := 1.0, epoch1900
	switch {
	case date1904:
		min, e = 0, epoch1904
	case v < 60:
		e = early1900 // serial 1 used to be read as 1899-12-31, refused as "not a month"
	}
	if math.IsNaN(v) || v < min || v > 2958465 { // 2958465 is 9999-12-31
		return time.Time{}, false
	}
	return e.AddDate(0, 0, int(v)), true
}
