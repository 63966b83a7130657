package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wrap breaks s into lines no wider than width, as measure reports widths
// (measure must be additive: the width of a+b is the width of a plus that
// of b, as in a PDF without kerning). It breaks only where UAX #14 allows
// in its basic form and never inside a token (see tokens): after spaces in
// Latin text, and between CJK characters, except that closing punctuation
// (，。）and the like) stays with the character before it and opening
// punctuation with the one after. A number keeps its sign, its unit and its
// scale ("+128.6%", "356.80 M", "12 m", "9,290.2 万"), and a word or a file
// name ("sales_budget", "marketing-FY2027.xlsx") is never cut: a token wider
// than the line is put on a line of its own and overflows it, and the
// caller shrinks it to fit when drawing. A newline ends a line. Nothing is
// dropped or repeated: the lines joined give s back exactly; spaces and the
// newline at a line's end stay on that line and are not counted in its
// width, so callers trim them when drawing. An empty s gives no lines.
//
// fpdf's own MultiCell and SplitText lose a CJK character at each automatic
// break, which is why the PDF writer wraps with this.
func wrap(s string, width float64, measure func(string) float64) []string {
	var (
		lines []string
		start = 0   // byte offset where the current line starts
		end   = 0   // byte offset where the line's placed tokens end
		lineW = 0.0 // width of s[start:end], trailing spaces included
	)
	flush := func() {
		lines = append(lines, s[start:end])
		start, lineW = end, 0
	}
	for _, t := range tokens(s) {
		ink := measure(s[t.start:t.inkEnd])
		if end > start && lineW+ink > width {
			flush()
		}
		lineW += ink + measure(s[t.inkEnd:t.end])
		end = t.end
		if t.hard {
			flush()
		}
	}
	if end > start {
		lines = append(lines, s[start:end])
	}
	return lines
}

// token is a piece of text that wrap never breaks inside: a word, a number
// with its unit, or one CJK character with any punctuation bound to it,
// with its trailing spaces.
type token struct {
	start, end int  // bytes of s, trailing spaces and newline included
	inkEnd     int  // end without the trailing spaces and newline
	hard       bool // ends with a newline: the line must end after it
}

// tokens splits s into tokens: the pieces between break opportunities
// (pieces), joined where a break would part a number from its unit, a
// currency sign from its number, or a dash from what precedes it.
func tokens(s string) []token {
	ts := pieces(s)
	out := ts[:0]
	for i, t := range ts {
		if i > 0 {
			last := &out[len(out)-1]
			if !last.hard && glued(s[ts[i-1].start:ts[i-1].inkEnd], s[t.start:t.inkEnd]) {
				last.inkEnd, last.end, last.hard = t.inkEnd, t.end, t.hard
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// pieces splits s at its break opportunities: after spaces, and around
// CJK characters.
func pieces(s string) []token {
	var ts []token
	at := func(i int) (rune, int) { return utf8.DecodeRuneInString(s[i:]) }
	for i := 0; i < len(s); {
		t := token{start: i}
		if r, _ := at(i); !isSpace(r) && r != '\n' {
			for i < len(s) { // opening punctuation binds to what follows
				r, n := at(i)
				if !isOpening(r) {
					break
				}
				i += n
			}
			if i < len(s) {
				if r, n := at(i); isCJK(r) && !isClosing(r) {
					i += n // one CJK character, or a run of unit characters
					for isUnitHan(r) && i < len(s) {
						if r, n = at(i); !isUnitHan(r) {
							break
						}
						i += n
					}
				} else {
					last := r
					for i < len(s) { // a Latin word
						r, n := at(i)
						if isSpace(r) || r == '\n' || isCJK(r) && !isClosing(r) || isOpening(r) && r >= utf8.RuneSelf {
							break
						}
						last = r
						i += n
						if isCJK(r) { // full-width closing punctuation ends it
							break
						}
					}
					// A number written against its unit: 12.4万元.
					for unicode.IsDigit(last) && i < len(s) {
						r, n := at(i)
						if !isUnitHan(r) {
							break
						}
						i += n
					}
				}
			}
			for i < len(s) { // closing punctuation binds to what precedes
				r, n := at(i)
				if !isClosing(r) {
					break
				}
				i += n
			}
		}
		t.inkEnd = i
		for i < len(s) {
			r, n := at(i)
			if !isSpace(r) {
				break
			}
			i += n
		}
		if i < len(s) && s[i] == '\n' {
			i++
			t.hard = true
		}
		if i == t.start { // cannot happen; never loop forever
			_, n := at(i)
			i += n
			t.inkEnd = i
		}
		t.end = i
		ts = append(ts, t)
	}
	return ts
}

// glued reports whether a line must not break between the pieces a and b
// (their ink, without spaces): a number and its unit ("356.80" "M",
// "12" "m", "46" "count", "9,290.2" "万"), a currency sign and its number
// ("¥" "12.4"), and anything before a dash that stands alone ("M" "–"), so
// that no line starts with a unit or a dash.
func glued(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	switch {
	case isDash(b):
		return true
	case isNumber(a) && isUnit(b):
		return true
	case strings.ContainsAny(a, "$€£¥₩") && utf8.RuneCountInString(a) == 1 && isNumber(b):
		return true
	}
	return false
}

// isDash reports a dash standing alone: "–", "—", "-", "~", "～".
func isDash(s string) bool {
	switch s {
	case "–", "—", "-", "~", "～", "−":
		return true
	}
	return false
}

// isNumber reports whether s ends in a digit, after any closing
// punctuation: "356.80", "+128.6", "(12", "5.601e-05", "FY2027".
func isNumber(s string) bool {
	s = strings.TrimRightFunc(s, isClosing)
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsDigit(r)
}

// unitWords are units longer than three letters that follow numbers in
// the reports.
var unitWords = map[string]bool{
	"count": true, "units": true, "people": true, "days": true, "weeks": true,
	"months": true, "years": true, "hours": true, "times": true, "points": true,
}

// isUnit reports whether s (without any closing punctuation after it) is a
// unit or a scale: up to three letters ("M", "K", "bn", "m", "pp", "EUR"),
// a percent or per-mille sign, one of unitWords, or a run of Chinese unit
// characters ("万", "亿元", "个月").
func isUnit(s string) bool {
	s = strings.TrimRightFunc(s, isClosing)
	switch {
	case s == "":
		return true // closing punctuation alone: "%", ")"
	case unitWords[strings.ToLower(s)]:
		return true
	case strings.IndexFunc(s, func(r rune) bool { return !isUnitHan(r) }) < 0:
		return true
	case utf8.RuneCountInString(s) <= 3:
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '‰' || r == '×') {
				return false
			}
		}
		return true
	}
	return false
}

// unitHan are the Chinese characters that serve as units and scales after
// a number.
const unitHan = "十百千万亿元角个件次倍天日月年周季度人名家台套笔单项"

func isUnitHan(r rune) bool { return r >= 0x2E80 && strings.ContainsRune(unitHan, r) }

// isSpace reports a blank that may end a line: space, tab, CR, ideographic
// space.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\u3000' }

// Punctuation that must not start a line (closing) or end one (opening).
const (
	closingPunct = "，。、；：！？）》」』】〕〉”’…‥・ー々,.;:!?)]}%"
	openingPunct = "（《「『【〔〈“‘([{"
)

func isClosing(r rune) bool { return strings.ContainsRune(closingPunct, r) }
func isOpening(r rune) bool { return strings.ContainsRune(openingPunct, r) }
