package ingest

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Totals. A row or column whose label is a total in any usual form never
// loads as a member: "Total", "Totals", "Grand total", "Subtotal", "Sum",
// "YTD", "合计", "总计", "小计", "汇总", a label ending in one ("North total",
// "FY total", "Q1 total", "华东小计"), or starting with one when the row's
// other labels are blank ("Total spend", "合计：华东"), the same in Dutch,
// German, French and Russian ("Totaal", "Gesamt", "Summe", "Итого"), a few
// labels only as the whole label ("All", "Σ", "Tot.", "Summary", "全公司",
// "Whole company", "All regions"), plus the source's own Totals. Case,
// spaces, punctuation and a footnote mark do not matter ("TOTAL:", "Total -",
// "Total¹").

// totalWords are the words that make a label a total.
var totalWords = []string{"total", "totals", "subtotal", "subtotals", "sub total", "grand total", "sum", "ytd", "overall",
	"ttl", "totaal", "subtotaal", "zwischensumme", "eindtotaal", "gesamt", "insgesamt", "gesamtsumme", "summe", "gesamtergebnis",
	"total général", "total general", "итого", "всего",
	"合计", "小计", "总计", "总和", "汇总", "共计", "全部", "合計", "小計", "總計", "匯總", "彙總", "共計", "総計"}

// wholeTotals are totals only as a label's whole text: "All" or "Σ" ends
// or starts members' names too ("Free for all", "All Star Products"), and
// "Allentown" or "Alliance" never fold to one.
// "Tot.", "Summary", 全公司 and 总额 are totals alone, but "Summary Street"
// a member, and 工资总额 (gross payroll) a line of its own.
var wholeTotals = []string{"all", "σ", "∑", "tot", "summary", "全公司", "总额", "總額", "whole company", "total company", "company total", "entire company",
	"all regions", "all channels", "all products", "all stores", "all teams", "all departments", "all units",
	"all countries", "all markets", "all segments", "all divisions", "all branches", "all categories",
	"all customers", "all items", "all lines", "all companies", "all entities", "all business units"}

// normLabel folds a label for whole-cell matching: lower case, full-width
// letters and digits as ASCII, punctuation and symbols as spaces, runs of
// white space as one space, trimmed; white space between two Chinese
// characters goes ("合　计", padded to the width of a longer label, is
// "合计"). "Total - Spend:", "Ｔｏｔａｌ ｓｐｅｎｄ" and "total spend" fold
// alike; "Spend and leads" never folds to "spend".
func normLabel(s string) string {
	var b strings.Builder
	space := false
	var last rune
	for _, r := range strings.ToLower(s) {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0 // full-width ASCII, typed with a Chinese input method: "Ｔｏｔａｌ" is "total"
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			space = b.Len() > 0
			continue
		}
		if space && !(unicode.Is(unicode.Han, last) && unicode.Is(unicode.Han, r)) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// partWords start the label of a row that is part of the row above it
// ("of which: online", "其中：线上"), not a member of its own: its value is
// counted in that row's already.
var partWords = []string{"of which", "of whom", "thereof", "incl", "including", "o w", "其中"}

// isPart reports whether label starts with one of partWords.
func isPart(label string) bool {
	l := normLabel(label)
	for _, w := range partWords {
		if l == w || strings.HasPrefix(l, w+" ") || w == "其中" && strings.HasPrefix(l, w) {
			return true
		}
	}
	return false
}

// stripNote removes a trailing note in brackets, such as the unit in
// "Spend (CNY thousands)" or "收入（万元）", and returns what is left;
// ok is false if there was none.
func stripNote(s string) (string, bool) {
	t := strings.TrimSpace(s)
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}, {"[", "]"}} {
		if strings.HasSuffix(t, p[1]) {
			if i := strings.LastIndex(t, p[0]); i > 0 {
				return strings.TrimSpace(t[:i]), true
			}
		}
	}
	return t, false
}

// isTotal reports whether a label marks a total: a total word alone, or
// ending the label ("North subtotal", "FY total", "华东小计"). A label that
// merely starts with one ("Total Care Kit", "Total spend") is a total only
// when the row's other labels are blank (alone says so). extra are the
// source's own total labels, already folded with normLabel.
func isTotal(label string, alone bool, extra []string) bool {
	l := strings.TrimSpace(strings.TrimRight(normLabel(label), footnoteMarks)) // "Total¹"
	if l == "" {
		l = strings.TrimSpace(label) // "∑" is a symbol, which normLabel folds away
	}
	for _, x := range extra {
		if l == x {
			return true
		}
	}
	if slices.Contains(wholeTotals, l) {
		return true
	}
	for _, w := range totalWords {
		cjk := w[0] >= 0x80
		switch {
		case l == w, strings.HasSuffix(l, " "+w), cjk && strings.HasSuffix(l, w):
			return true
		case alone && (strings.HasPrefix(l, w+" ") || cjk && strings.HasPrefix(l, w)):
			return true
		}
	}
	return false
}

// footnoteMarks are the superscript digits a label may carry as a
// footnote's mark ("Total¹"); normLabel folds "*" and "†" away already.
const footnoteMarks = "¹²³⁴⁵⁶⁷⁸⁹⁰"

// Levels of a total, for what a total adds up: a subtotal adds the members
// since the previous total; a grand total, every member of the block.
const (
	levelQuarter = 1 // Q1 total
	levelHalf    = 2 // H1 total
	levelYear    = 3 // Total, FY total, YTD, 2026 total, 合计
	levelGrand   = 4 // Grand total, 总计
)

// columnLevel says what a total column adds up: a quarter's, a half's or
// a year's months, or all of them; 0 if the label is not a total.
func columnLevel(label string, extra []string) int {
	if !isTotal(label, true, extra) {
		return 0
	}
	l := normLabel(label)
	for _, f := range strings.Fields(l) {
		switch f {
		case "q1", "q2", "q3", "q4", "quarter", "quarterly":
			return levelQuarter
		case "h1", "h2", "half":
			return levelHalf
		case "grand", "总计", "總計":
			return levelGrand
		}
	}
	if strings.Contains(l, "季度") {
		return levelQuarter
	}
	if strings.Contains(l, "半年") {
		return levelHalf
	}
	if strings.Contains(l, "总计") || strings.Contains(l, "總計") {
		return levelGrand
	}
	return levelYear
}

// quarterColumn and halfColumn match a header that names a quarter or a
// half year and nothing else (after normLabel): "Q3", "Q3 2026", "2026 Q3",
// "FY26 Q3", "3Q26", "Qtr 3", "3rd quarter", "第三季度", "2026年三季"; "H1",
// "1H 2026", "first half", "上半年". Beside months such a column is their
// total.
var (
	quarterColumn = regexp.MustCompile(`^(?:fy ?)?(?:(?:19|20)?\d\d ?)?(?:q ?[1-4]|[1-4] ?q|qtr ?[1-4]|quarter ?[1-4]|[1-4](?:st|nd|rd|th) quarter)(?: ?(?:fy ?)?(?:19|20)?\d\d)?$|^(?:(?:19|20)\d\d ?年? ?)?第?[一二三四1-4]季度?$`)
	halfColumn    = regexp.MustCompile(`^(?:fy ?)?(?:(?:19|20)?\d\d ?)?(?:h ?[12]|[12] ?h|(?:first|second|1st|2nd) half)(?: ?(?:fy ?)?(?:19|20)?\d\d)?$|^(?:(?:19|20)\d\d ?年? ?)?[上下]半年$`)
)

// periodColumn says whether a header names a quarter (levelQuarter) or a
// half year (levelHalf) alone, without a total word; 0 if not.
func periodColumn(label string) int {
	l := normLabel(label)
	switch {
	case quarterColumn.MatchString(l):
		return levelQuarter
	case halfColumn.MatchString(l):
		return levelHalf
	}
	return 0
}

// rowIsSubtotal reports whether a total row's label marks a subtotal (the
// members since the previous total row) rather than the block's total:
// "Subtotal", "North subtotal", "North total", "小计", "华东合计".
func rowIsSubtotal(label string) bool {
	l := normLabel(label)
	if strings.Contains(l, "subtotal") || strings.Contains(l, "sub total") || strings.Contains(l, "subtotaal") || strings.Contains(l, "zwischensumme") || strings.Contains(l, "小计") || strings.Contains(l, "小計") {
		return true
	}
	for _, w := range totalWords {
		if w == "sum" || w == "ytd" {
			continue
		}
		if rest, ok := strings.CutSuffix(l, w); ok && rest != "" && l != w && (w[0] >= 0x80 || strings.HasSuffix(rest, " ")) {
			// a Latin word ends a group's label after a space ("North
			// total"); "insgesamt" and "eindtotaal" are whole words
			rest = strings.TrimSpace(rest)
			if rest != "" && rest != "grand" && !strings.HasSuffix(rest, " grand") {
				return true
			}
		}
	}
	return false
}

// tolerance is how far a total may be from the sum of its members: half a
// unit in the last decimal place the total is written with (its raw text,
// "1,234.5" is 0.05), and a relative 1e-9 for floating point.
func tolerance(raw string, total, sum float64) float64 {
	return halfUnit(raw) + 1e-9*math.Max(math.Abs(total), math.Abs(sum))
}

// halfUnit is half a unit in the last place of the number written in raw;
// 1e-9 when raw shows no number (a formula computed here).
func halfUnit(raw string) float64 {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 1e-9
	}
	dec := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		if e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+")); err == nil {
			dec -= e
		}
		s = s[:i]
	}
	if strings.HasSuffix(s, "%") {
		dec += 2
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		for _, r := range s[i+1:] {
			if r < '0' || r > '9' {
				break
			}
			dec++
		}
	}
	dec = max(0, min(dec, 15))
	return 0.5 * math.Pow(10, -float64(dec))
}

// segment adds up the members of one measure in one block, by column, for
// the block's total rows.
type segment struct {
	sub, all       map[int]float64 // column -> sum since the last total row / since the block's start
	subBad, allBad map[int]bool    // a member cell of the column was set aside: no check
	subFrom        int             // first member row since the last total row; 0 if none
	allFrom        int             // first member row of the block; 0 if none
	subTo, allTo   int             // last member row

	// blanks in member rows (see wideBlanks): filled[col] says a member
	// row of the block has something in col; held are the blanks waiting
	// for one to
	filled []bool
	held   []blankCell
}

func newSegment() *segment {
	return &segment{sub: map[int]float64{}, all: map[int]float64{}, subBad: map[int]bool{}, allBad: map[int]bool{}}
}

// add records a member row's value in col.
func (s *segment) add(row, col int, v float64) {
	s.sub[col] += v
	s.all[col] += v
	s.member(row)
}

// bad records a member cell that was set aside.
func (s *segment) bad(row, col int) {
	s.subBad[col], s.allBad[col] = true, true
	s.member(row)
}

func (s *segment) member(row int) {
	if s.subFrom == 0 {
		s.subFrom = row
	}
	if s.allFrom == 0 {
		s.allFrom = row
	}
	s.subTo, s.allTo = row, row
}

// has reports whether a member row of the block has something in col.
func (s *segment) has(col int) bool {
	return col < len(s.filled) && s.filled[col]
}

// fill records that a member row has something in col, and returns the
// blanks held for col, which are then no longer held.
func (s *segment) fill(col int, out []blankCell) []blankCell {
	if s.has(col) {
		return out
	}
	for len(s.filled) <= col {
		s.filled = append(s.filled, false)
	}
	s.filled[col] = true
	kept := s.held[:0]
	for _, b := range s.held {
		if b.col == col {
			out = append(out, b)
		} else {
			kept = append(kept, b)
		}
	}
	s.held = kept
	return out
}

// blankLater records a blank set aside in row after rows below it were
// read: a total or subtotal still to come over row is not checked in col
// (one already checked was, without it).
func (s *segment) blankLater(row, col int) {
	if s.allFrom != 0 && row >= s.allFrom {
		s.allBad[col] = true
	}
	if s.subFrom != 0 && row >= s.subFrom {
		s.subBad[col] = true
	}
}

// closeSub starts the next subtotal's members; closeAll also the next total's.
func (s *segment) closeSub() {
	clear(s.sub)
	clear(s.subBad)
	s.subFrom = 0
}

func (s *segment) closeAll() {
	s.closeSub()
	clear(s.all)
	clear(s.allBad)
	s.allFrom = 0
}

// mismatch is the message of a total that its members do not add up to.
// span names the members, such as "rows 5-9" or "C5:N5".
func mismatch(what, cell string, total, sum float64, span string) error {
	return fmt.Errorf("%w: %s in %s is %s, but the values that loaded (%s) add up to %s, a difference of %s; correct the total or the values",
		ErrTotalMismatch, what, cell, fmtNum(total), span, fmtNum(sum), fmtNum(total-sum))
}

// rowSpan names member rows from..to.
func rowSpan(from, to int) string {
	if from == to {
		return fmt.Sprintf("row %d", from)
	}
	return fmt.Sprintf("rows %d-%d", from, to)
}

// fmtNum writes a number for a message, rounded to 9 decimal places so
// that a difference reads 0.4, not 0.3999999999999999.
func fmtNum(v float64) string {
	if math.Abs(v) < 1e9 {
		v = math.Round(v*1e9) / 1e9
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
