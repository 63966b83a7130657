package ingest

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"coo/ingest/xlsx"
)

// Group rows. An outline P&L puts a group's row ("Personnel") right above
// the indented rows it adds up ("Salaries", "Bonus"), as plain numbers or
// as =SUM formulas, with or without Excel's outline levels; a subtotal
// under its rows may carry a label no total word marks ("Gross profit",
// "Summary"). Loaded as members, the group and its rows counted twice,
// exit 0 (found from outside). In a wide block, a member row whose value
// is, in every month, the sum of a run of two or more adjacent data rows
// right below it or right above it refuses the file (ErrGroupRow), naming
// the row, the rows it adds up and what to do.
//
// "In every month": where the row has a value, it is the run's sum (blank
// cells count 0) to within the tolerance a total is checked to; where it
// has none, so has the run (or the run adds up to 0); a month with a cell
// set aside is not judged. So that rows do not match by chance, the
// months in which the row is not 0 must hold at least groupDigits
// significant digits between them, as written: one month of 12,345 or
// 123.45, two of 120 and 4,500, five of small counts. Sparse small counts
// match by chance often enough (a quarter's defects by team, 1 = 1 + 0
// and 2 = 1 + 1 in two of three months: about one candidate run in 150,
// and a block of ten rows has some 80 candidate runs). The run's
// first and last rows, and at least two of its rows, are not 0 in a month
// that counts, so that a row equal to its neighbour beside a row of zeros
// is no group. A run of "of which" rows (其中) is part of the row above
// and never loads; when the rows after it complete the breakdown
// ("管理费用 100 / 其中：工资 60 / 折旧 40"), the file is refused too,
// naming them: 折旧 loaded beside 管理费用, doubling it.
//
// The refusal is the fix, not a guess at which rows are the members: the
// values of the rows above have been handed on when a run below completes
// a group, and a group may equally be the figure the department means
// (折旧 is part of 管理费用). Only a run within the last groupWindow data
// rows is looked at.

// ErrGroupRow is the reason of a row that adds up other rows of its block.
var ErrGroupRow = errors.New("a row that adds up other rows")

// groupDigits is how many significant digits the months a row adds up
// others in must hold between them: one month of 12,345, two of 120 and
// 4,500, five of small counts (see Group rows).
const groupDigits = 5

// groupWindow is how many adjacent data rows the detector keeps.
const groupWindow = 64

// groupRow is a data row of a wide block, as written: its month cells by
// position in the header's months.
type groupRow struct {
	row    int
	label  string
	member bool // loaded as a member; an "of which" row is not
	vals   []float64
	raws   []string
	state  []uint8 // cellBlank, cellValue, cellBad
}

const (
	cellBlank uint8 = iota
	cellValue
	cellBad
)

// groupRows is the window of adjacent data rows of one block and measure.
type groupRows struct {
	k    int
	rows []groupRow
	sum  []float64 // scratch: a run's sums by month
}

// groupReset forgets the rows kept: a new block, a total row, a gap.
func (t *table) groupReset() {
	t.groups.rows = t.groups.rows[:0]
}

// groupAdd records the current row, of measure k, a member if member, and
// refuses the file if it, or a row above it, adds up a run of rows. vals
// and bad are the row's month values as written and the cells set aside,
// by column; nil vals reads them from the row.
func (t *table) groupAdd(k int, member bool, vals map[int]float64, bad map[int]bool) error {
	h := t.head
	g := &t.groups
	if n := len(g.rows); n > 0 && (g.rows[n-1].row != t.cur.row-1 || g.k != k) {
		g.rows = g.rows[:0]
	}
	g.k = k
	if len(g.rows) == groupWindow {
		first := g.rows[0]
		copy(g.rows, g.rows[1:])
		g.rows[len(g.rows)-1] = first // reuse its slices
	} else {
		g.rows = append(g.rows, groupRow{})
	}
	r := &g.rows[len(g.rows)-1]
	r.row, r.member, r.label = t.cur.row, member, t.rowLabel()
	m := len(h.cols)
	r.vals, r.raws, r.state = resize(r.vals, m), resize(r.raws, m), resize(r.state, m)
	name := ""
	if k >= 0 && k < len(t.src.Measures) {
		name = t.src.Measures[k].Name
	}
	has := false
	for i, col := range h.cols {
		c := t.cur.at(col)
		if vals != nil {
			v, ok := vals[col]
			switch {
			case ok:
				r.vals[i], r.raws[i], r.state[i] = v, c.Raw, cellValue
				has = true
			case bad[col]:
				r.vals[i], r.raws[i], r.state[i] = 0, "", cellBad
			default:
				r.vals[i], r.raws[i], r.state[i] = 0, "", cellBlank
			}
			continue
		}
		v, blank, err := t.value(c, name)
		switch {
		case blank:
			r.vals[i], r.raws[i], r.state[i] = 0, "", cellBlank
		case err != nil:
			r.vals[i], r.raws[i], r.state[i] = 0, "", cellBad
		default:
			r.vals[i], r.raws[i], r.state[i] = v, c.Raw, cellValue
			has = true
		}
	}
	if !has {
		g.rows = g.rows[:len(g.rows)-1]
		return nil
	}
	n := len(g.rows) - 1
	if n < 2 {
		return nil // a group and two rows at least
	}
	if len(g.sum) < m {
		g.sum = make([]float64, m)
	}
	// a row above, adding up the rows from below it to this one
	sum := g.sum[:m]
	clear(sum)
	addRow(sum, &g.rows[n])
	for p := n - 2; p >= 0; p-- {
		addRow(sum, &g.rows[p+1])
		if err := t.groupMatch(g.rows[p], g.rows[p+1:n+1], sum, false); err != nil {
			return err
		}
	}
	// this row, adding up rows above it
	clear(sum)
	addRow(sum, &g.rows[n-1])
	for q := n - 2; q >= 0; q-- {
		addRow(sum, &g.rows[q])
		if err := t.groupMatch(g.rows[n], g.rows[q:n], sum, true); err != nil {
			return err
		}
	}
	return nil
}

func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

func addRow(sum []float64, r *groupRow) {
	for i, v := range r.vals {
		sum[i] += v
	}
}

// groupMatch refuses the file if row g adds up run (whose sums by month
// are sum) as the package comment says; below says g is under the run.
func (t *table) groupMatch(g groupRow, run []groupRow, sum []float64, below bool) error {
	if !g.member {
		return nil
	}
	members := 0
	for _, r := range run {
		if r.member {
			members++
		}
	}
	if members == 0 {
		return nil // a breakdown of "of which" rows: none of it loads
	}
	digits := 0.0 // significant digits of the row's non-zero months, summed
	nonzero := make([]bool, len(run))
	at := -1
	for i := range g.vals {
		bad := g.state[i] == cellBad
		filled := false
		for _, r := range run {
			bad = bad || r.state[i] == cellBad
			filled = filled || r.state[i] == cellValue
		}
		if bad {
			continue
		}
		if g.state[i] == cellBlank {
			if filled && math.Abs(sum[i]) > 1e-9 {
				return nil
			}
			continue
		}
		v := g.vals[i]
		if d := v - sum[i]; math.Abs(d) > tolerance(g.raws[i], v, sum[i]) {
			return nil
		}
		if v == 0 {
			continue
		}
		if at < 0 {
			at = i
		}
		digits++
		if u := halfUnit(g.raws[i]); u > 0 && math.Abs(v) >= 2*u {
			digits += math.Floor(math.Log10(math.Abs(v) / (2 * u)))
		}
		for j, r := range run {
			if r.state[i] == cellValue && r.vals[i] != 0 {
				nonzero[j] = true
			}
		}
	}
	if digits < groupDigits {
		return nil
	}
	n := 0
	for _, nz := range nonzero {
		if nz {
			n++
		}
	}
	if n < 2 || !nonzero[0] || !nonzero[len(nonzero)-1] {
		return nil
	}
	return t.groupError(g, run, below, at)
}

// groupError is the refusal of row g, which adds up run.
func (t *table) groupError(g groupRow, run []groupRow, below bool, at int) error {
	first, last := run[0], run[len(run)-1]
	cell := t.ref(g.row, t.head.cols[at])
	span := fmt.Sprintf("rows %d-%d (%q to %q)", first.row, last.row, clip(first.label), clip(last.label))
	var part *groupRow
	for i := range run {
		if !run[i].member {
			part = &run[i]
			break
		}
	}
	var err error
	switch {
	case part != nil && !below:
		err = fmt.Errorf("%w: row %d (%q) is the sum of %s in every month it has values, so its breakdown after %q in row %d is part of it too, and loaded beside it would count twice; start each row of the breakdown with %q (as row %d does), or delete them",
			ErrGroupRow, g.row, clip(g.label), span, clip(part.label), part.row, partWord(part.label), part.row)
	case below:
		err = fmt.Errorf("%w: row %d (%q) is the sum of %s in every month it has values, so it is their total, and loaded as a member they would count twice; if it is, add %q to totals: in the source's mapping (or label it \"Subtotal\"); if it is not, delete it or the rows it adds up",
			ErrGroupRow, g.row, clip(g.label), span, strings.TrimSpace(g.label))
	default:
		err = fmt.Errorf("%w: row %d (%q) is the sum of %s below it in every month it has values, so it is their group's row, and loaded as members they would count twice; clear its values (a row with a label and no values heads a group) or delete it, or delete the rows it adds up",
			ErrGroupRow, g.row, clip(g.label), span)
	}
	return &FileError{File: t.file, Sheet: t.sheet, Cell: cell, Err: err}
}

// partWord is the "of which" word a label starts with, for the message.
func partWord(label string) string {
	if strings.Contains(label, "其中") {
		return "其中："
	}
	return "of which: "
}

// rowLabel is the current row's labels in its dimension columns, joined
// with " / ".
func (t *table) rowLabel() string {
	var parts []string
	for _, col := range t.head.dims {
		if c := t.cur.at(col); c != nil && c.Kind != xlsx.Blank {
			if s := strings.TrimSpace(t.text(&t.cur, col)); s != "" {
				parts = append(parts, s)
			}
		}
	}
	return strings.Join(parts, " / ")
}
