package ingest

import (
	"fmt"
	"math"
	"strings"

	"coo"
	"coo/ingest/xlsx"
)

// longSums adds up a long table's member rows, by month and by measure (the
// values as written, before scale), for the table's own total rows: a total
// row with a month is checked against that month's members, one without a
// month against every month's.
type longSums struct {
	byPeriod map[coo.Period]*longSum
	all      longSum
}

// longSum is longSums for one month, or for all of them: by measure, the
// sums since the last total row (sub) and since the last total that was not
// a subtotal (all), and whether a member of the span was set aside.
type longSum struct {
	sub, all         []float64
	subBad, allBad   []bool
	subFrom, allFrom int // first member row of the span; 0 if none
	to               int // last member row
}

func (s *longSum) add(row int, vals []float64, bad []bool) {
	if s.sub == nil {
		n := len(vals)
		s.sub, s.all, s.subBad, s.allBad = make([]float64, n), make([]float64, n), make([]bool, n), make([]bool, n)
	}
	for i, v := range vals {
		s.sub[i] += v
		s.all[i] += v
		s.subBad[i] = s.subBad[i] || bad[i]
		s.allBad[i] = s.allBad[i] || bad[i]
	}
	if s.subFrom == 0 {
		s.subFrom = row
	}
	if s.allFrom == 0 {
		s.allFrom = row
	}
	s.to = row
}

func (s *longSum) close(sub bool) {
	clear(s.sub)
	clear(s.subBad)
	s.subFrom = 0
	if !sub {
		clear(s.all)
		clear(s.allBad)
		s.allFrom = 0
	}
}

// longMember records a member row of month p: vals by measure (0 where
// bad), bad where its value is missing or was set aside.
func (t *table) longMember(p coo.Period, vals []float64, bad []bool) {
	ls := &t.lsums
	ls.all.add(t.cur.row, vals, bad)
	if t.head.period == 0 {
		return
	}
	if ls.byPeriod == nil {
		ls.byPeriod = map[coo.Period]*longSum{}
	}
	s := ls.byPeriod[p]
	if s == nil {
		s = &longSum{}
		ls.byPeriod[p] = s
	}
	s.add(t.cur.row, vals, bad)
}

// periodic reports a total that adds months other than its row's (YTD, Q1
// total, FY total, 2026 total, 累计): a long table's rows do not show what
// it adds, so it is not checked.
func periodic(label string) bool {
	l := normLabel(label)
	for _, w := range []string{"ytd", "fy", "q1", "q2", "q3", "q4", "h1", "h2", "quarter", "year", "annual", "month", "cumulative", "to date", "累计", "年", "季", "月"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	for i := 0; i+4 <= len(l); i++ { // a year: four digits
		if strings.Trim(l[i:i+4], "0123456789") == "" {
			return true
		}
	}
	return false
}

// checkLongTotal checks the current row, a total row of a long table,
// against the members that loaded above it, measure by measure: a
// subtotal ("North subtotal", or "Total" beside a label naming its group)
// against those since the previous total row, a total against those since
// the previous total that was not a subtotal. A total with a month adds
// that month's members, one without a month every month's. It is not
// checked where a member of its span was set aside or had no value, or
// where it adds months the rows do not show (periodic).
func (t *table) checkLongTotal(label string) error {
	if periodic(label) {
		return nil // (inspect: "not checked")
	}
	if err := t.checkTopTotals(); err != nil {
		return err
	}
	h := t.head
	s, month := &t.lsums.all, "all months"
	if h.period > 0 {
		if c := t.at(&t.cur, h.period); c != nil && c.Kind != xlsx.Blank && strings.TrimSpace(c.Raw) != "" {
			p, err := t.rowMonth()
			if err != nil {
				return nil
			}
			month = p.String()
			if s = t.lsums.byPeriod[p]; s == nil {
				if !rowIsSubtotal(label) {
					t.topTotal(label, month) // no member of that month above it
				}
				return nil
			}
		}
	}
	sub := rowIsSubtotal(label)
	for _, c := range h.dims {
		if l := t.text(&t.cur, c); strings.TrimSpace(l) != "" && !t.isTotal(l, false) {
			sub = true // "North" beside "Total": the North group's total
		}
	}
	from := s.allFrom
	sums, bads := s.all, s.allBad
	if sub {
		from, sums, bads = s.subFrom, s.sub, s.subBad
	}
	if from == 0 && !sub {
		// a total with no member above it: a total at the top adds the
		// members below it, checked when they end (checkTopTotals). It
		// was never checked, and "Total Wine Downtown", a store in the
		// first row, was dropped as one without a word (found from outside).
		t.topTotal(label, month)
		return nil
	}
	for i, m := range t.src.Measures {
		col := h.measure[i]
		if col == 0 {
			continue
		}
		c := t.cur.at(col)
		v, blank, err := t.value(c, m.Header)
		if blank || err != nil {
			continue
		}
		if from == 0 || bads[i] {
			if t.obs != nil {
				t.noteTotal(false, col, i, label, v, 0, "", false, false)
			}
			continue
		}
		sum := sums[i]
		d, tol := v-sum, tolerance(c.Raw, v, sum)
		if t.obs != nil {
			t.noteTotal(false, col, i, label, v, sum, rowSpan(from, s.to), true, math.Abs(d) <= tol)
		}
		if math.Abs(d) > tol {
			cell := t.ref(t.cur.row, col)
			return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
				Err: mismatch(fmt.Sprintf("the %s total %q for %s", m.Name, strings.TrimSpace(label), month), cell, v, sum, rowSpan(from, s.to))}
		}
	}
	s.close(sub)
	return nil
}

// topTotal is a total row of a long table with no member above it, to be
// checked against the members below it.
type topTotal struct {
	label, month string
	period       coo.Period // its month's members; 0: all months'
	row          int
	vals         []float64 // by measure, as written; NaN where not given
	raws         []string
}

// topTotal holds the current row, a total with no member above it, for
// checkTopTotals.
func (t *table) topTotal(label, month string) {
	h := t.head
	tt := topTotal{label: label, month: month, row: t.cur.row}
	if month != "all months" {
		tt.period, _ = t.rowMonth()
	}
	for i, m := range t.src.Measures {
		v := math.NaN()
		raw := ""
		if col := h.measure[i]; col != 0 {
			c := t.cur.at(col)
			if x, blank, err := t.value(c, m.Header); !blank && err == nil {
				v, raw = x, c.Raw
			}
		}
		tt.vals, tt.raws = append(tt.vals, v), append(tt.raws, raw)
	}
	t.tops = append(t.tops, tt)
}

// checkTopTotals checks the totals at the top of a long table against the
// members that loaded below them, measure by measure, and forgets them: at
// the next total row and at the sheet's end. A total whose members below
// had one set aside, or that has none below it, is not checked.
func (t *table) checkTopTotals() error {
	tops := t.tops
	t.tops = nil
	for _, tt := range tops {
		s := &t.lsums.all
		if tt.period != 0 {
			if s = t.lsums.byPeriod[tt.period]; s == nil {
				continue
			}
		}
		if s.allFrom == 0 {
			continue
		}
		for i, m := range t.src.Measures {
			v := tt.vals[i]
			if math.IsNaN(v) || s.allBad[i] {
				continue
			}
			sum := s.all[i]
			if d, tol := v-sum, tolerance(tt.raws[i], v, sum); math.Abs(d) > tol {
				cell := t.ref(tt.row, t.head.measure[i])
				return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
					Err: mismatch(fmt.Sprintf("the %s total %q for %s, above its members,", m.Name, strings.TrimSpace(tt.label), tt.month), cell, v, sum, rowSpan(s.allFrom, s.to))}
			}
		}
	}
	return nil
}
