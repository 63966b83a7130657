package ingest

import (
	"strconv"
	"strings"
	"unicode"

	"coo"
)

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

var spaces = strings.NewReplacer("\u3000", " ", "\u00a0", " ")

// parsePeriodText reads a month as departments write it: "2026-10",
// "2026/10", "2026.10", "2026-10-01", "2026年10月", "2026年10月1日",
// "Oct 2026", "October 2026", "Jan-2024", "Jan-24", "Nov25", "Oct. 2026",
// "10/2026", "10-2026", "202610". It refuses what it cannot read without
// guessing (such as "01/10/2026", which is January or October).
func parsePeriodText(s string) (coo.Period, error) {
	// Ideographic and no-break spaces are spaces ("Oct\u00a02026" comes
	// from web pages and exports; it used to be refused).
	s = strings.TrimSpace(spaces.Replace(s))
	if s == "" {
		return 0, ErrNotPeriod
	}
	// Chinese: 2026年10月[1日]
	if y, rest, ok := strings.Cut(s, "年"); ok {
		m, rest2, ok := strings.Cut(rest, "月")
		if !ok {
			return 0, ErrNotPeriod
		}
		if rest2 = strings.TrimSpace(rest2); rest2 != "" {
			d, ok := strings.CutSuffix(rest2, "日")
			if !ok || !allDigits(strings.TrimSpace(d)) {
				return 0, ErrNotPeriod
			}
		}
		return yearMonth(strings.TrimSpace(y), strings.TrimSpace(m))
	}
	// Split into runs of letters and digits; separators are anything else.
	var toks []string
	var kinds []byte // 'a' letters, '9' digits
	for i := 0; i < len(s); {
		r := rune(s[i])
		j := i
		switch {
		case r < 0x80 && unicode.IsLetter(r):
			for j < len(s) && s[j] < 0x80 && unicode.IsLetter(rune(s[j])) {
				j++
			}
			toks, kinds = append(toks, strings.ToLower(s[i:j])), append(kinds, 'a')
		case r >= '0' && r <= '9':
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks, kinds = append(toks, s[i:j]), append(kinds, '9')
		case r == '-' || r == '/' || r == '.' || r == ' ' || r == ',' || r == '_':
			j++
		default:
			return 0, ErrNotPeriod
		}
		i = j
	}
	switch string(kinds) {
	case "9": // 202610
		if len(toks[0]) == 6 {
			return yearMonth(toks[0][:4], toks[0][4:])
		}
	case "99": // 2026-10, 10/2026
		if len(toks[0]) == 4 {
			return yearMonth(toks[0], toks[1])
		}
		if len(toks[1]) == 4 {
			return yearMonth(toks[1], toks[0])
		}
	case "999": // 2026-10-01 only (day-first or month-first forms are ambiguous)
		if len(toks[0]) == 4 {
			if d, err := strconv.Atoi(toks[2]); err != nil || d < 1 || d > 31 {
				return 0, ErrNotPeriod
			}
			return yearMonth(toks[0], toks[1])
		}
	case "a9": // Oct 2026, Jan-24, Nov25
		if m, ok := monthNames[toks[0]]; ok {
			return monthYear(m, toks[1])
		}
	case "9a": // 2026 Oct
		if m, ok := monthNames[toks[1]]; ok && len(toks[0]) == 4 {
			return monthYear(m, toks[0])
		}
	}
	return 0, ErrNotPeriod
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func yearMonth(y, m string) (coo.Period, error) {
	if !allDigits(y) || !allDigits(m) || len(y) != 4 || len(m) > 2 {
		return 0, ErrNotPeriod
	}
	mm, _ := strconv.Atoi(m)
	yy, _ := strconv.Atoi(y)
	if mm < 1 || mm > 12 || yy < coo.MinYear || yy > coo.MaxYear {
		return 0, ErrNotPeriod
	}
	return coo.NewPeriod(yy, mm), nil
}

// monthYear takes a year of four digits, or two (20yy).
func monthYear(m int, y string) (coo.Period, error) {
	switch len(y) {
	case 2:
		y = "20" + y
	case 4:
	default:
		return 0, ErrNotPeriod
	}
	return yearMonth(y, strconv.Itoa(m))
}
