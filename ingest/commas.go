package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// Decimal commas. A text number "1,234" is 1234 where commas group
// thousands, but 1.234 where they mark decimals, and "2.500" the other way
// round; parseNumber reads the first way. Where a sheet's measure shows
// decimal commas in its text numbers ("0,5", "7,1", "1.234,50", which are
// set aside as not_a_number), its later text numbers with one separator
// before exactly three digits are set aside as ErrAmbiguousNumber; one that
// loaded before the sheet showed it refuses the file at the sheet's end,
// naming both cells. Number cells are never ambiguous, and only text cells
// pay for the check.

// ErrAmbiguousNumber is a text number that reads as two numbers.
var ErrAmbiguousNumber = errors.New("a number that reads two ways")

// commaState is what a sheet's text numbers showed about decimal commas,
// by measure.
type commaState struct {
	seen   []cellText // the first cell whose text writes a decimal comma; zero if none
	loaded []cellText // the first text such as "1,234" that loaded; zero if none
	row    []int      // the current long row's columns with texts such as "1,234", by measure (0 if none)
}

// cellText is a cell and its text, for messages.
type cellText struct{ cell, raw string }

func (c cellText) String() string { return fmt.Sprintf("%s (%q)", c.cell, clip(c.raw)) }

// cellSlot returns &cs[k], growing cs as needed.
func cellSlot(cs *[]cellText, k int) *cellText {
	for len(*cs) <= k {
		*cs = append(*cs, cellText{})
	}
	return &(*cs)[k]
}

// numberCore strips what parseNumber allows around a number's digits:
// spaces, brackets for a negative, a sign and a percent sign.
func numberCore(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s
}

// threeAfter reports whether s's only separator is one comma or dot after
// one to three digits and before exactly three: "1,234", "12,345", "2.500",
// "(1,234)". Such text is 1234 or 1.234 as commas mark thousands or decimals.
func threeAfter(s string) bool {
	s = numberCore(s)
	i := strings.IndexAny(s, ",.")
	return i >= 1 && i <= 3 && len(s)-i-1 == 3 && allDigits(s[:i]) && allDigits(s[i+1:])
}

// commaDecimal reports whether s is a number written with a decimal comma:
// digits (or digits grouped in threes by dots), a comma, and digits that are
// not exactly three unless dots group the digits before it: "0,5", "1,25",
// "-7,1", "1.234,50", "1.234,567". parseNumber refuses all of them.
func commaDecimal(s string) bool {
	s = numberCore(s)
	i := strings.LastIndexByte(s, ',')
	if i < 1 || !allDigits(s[i+1:]) {
		return false
	}
	whole, frac := s[:i], s[i+1:]
	if allDigits(whole) {
		return len(frac) != 3
	}
	first, rest, dotted := strings.Cut(whole, ".")
	if !dotted || len(first) > 3 || !allDigits(first) {
		return false
	}
	for ; len(rest) > 3 && rest[3] == '.'; rest = rest[4:] {
		if !allDigits(rest[:3]) {
			return false
		}
	}
	return len(rest) == 3 && allDigits(rest)
}

// sawComma records a text cell of measure k that parseNumber refused: if
// it writes a decimal comma, the sheet's measure k does.
func (t *table) sawComma(k, col int, raw string) {
	if !commaDecimal(raw) {
		return
	}
	if c := cellSlot(&t.comma.seen, k); c.cell == "" {
		*c = cellText{t.ref(t.cur.row, col), raw}
	}
}

// commaSeen is the cell that showed measure k writes decimal commas, "" if none.
func (t *table) commaSeen(k int) string {
	if k < len(t.comma.seen) && t.comma.seen[k].cell != "" {
		return t.comma.seen[k].String()
	}
	return ""
}

// ambiguous is the reason a text number of measure k is set aside, when
// seen names the cell that writes a decimal comma.
func ambiguous(header, raw, seen string) error {
	return fmt.Errorf("%w in column %q: %q could be a thousands separator or a decimal comma, and %s in the same column writes a decimal comma",
		ErrAmbiguousNumber, header, clip(raw), seen)
}

// fixAmbiguous says what to do about an ambiguous number.
const fixAmbiguous = "enter the figure as a number cell, not text (or as text with no thousands separator, and a decimal point if it has one)"

// loadedAmbiguous records that a text such as "1,234" of measure k loaded
// from cell col of the current row before the sheet showed whether k
// writes decimal commas.
func (t *table) loadedAmbiguous(k, col int, raw string) {
	if c := cellSlot(&t.comma.loaded, k); c.cell == "" {
		*c = cellText{t.ref(t.cur.row, col), raw}
	}
}

// loadedRow records the current long row's texts such as "1,234" (see
// loadedAmbiguous), once the row loads.
func (t *table) loadedRow() {
	for k, col := range t.comma.row {
		if col != 0 {
			t.loadedAmbiguous(k, col, t.cur.at(col).Raw)
		}
	}
}

// checkCommas refuses the file, at the sheet's end, when a text such as
// "1,234" loaded in a measure that a later cell shows to write decimal
// commas: it may be 1.234, and which is the department's to say.
func (t *table) checkCommas() error {
	for k, c := range t.comma.loaded {
		if c.cell != "" && t.commaSeen(k) != "" {
			return &FileError{File: t.file, Sheet: t.sheet, Cell: c.cell,
				Err: fmt.Errorf("%w: %s could be a thousands separator or a decimal comma, and %s further on in the same column writes a decimal comma; %s",
					ErrAmbiguousNumber, c, t.commaSeen(k), fixAmbiguous)}
		}
	}
	return nil
}
