package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"coo"
)

// ErrFormula reports a formula without a cached value that coo will not
// compute: anything but plain arithmetic and SUM over cells of the same sheet
// whose values were read.
var ErrFormula = errors.New("a formula without a saved result")

// cellValues gives the numeric value of a cell of the same sheet: ok is
// false if it was not read as a number, blank says it was empty, and text
// that the number was typed as text.
type cellValues func(row, col int) (v float64, ok, blank, text bool)

// evalFormula computes formula (without its '='), which must be plain
// arithmetic (+ - * / ^, unary signs, percent, parentheses, numbers) over
// numbers and references to cells of the same sheet, and SUM over such
// references and ranges, with Excel's precedence: unary minus, then %, then
// ^ (left to right: 2^3^2 is 64), then * /, then + -. An empty cell counts
// as 0. The result is rounded to 15 significant digits, as Excel and
// LibreOffice show and store it.
//
// Anything whose Excel result coo cannot be sure of is an error wrapping
// ErrFormula, never a different number: other functions, strings,
// comparisons, other sheets, a cell that is not a number (text, even a
// number typed as text, which Excel's SUM skips but + reads, and
// LibreOffice reads or not depending on its settings; TRUE/FALSE, which
// LibreOffice's SUM counts and Excel's skips; an error value; a formula
// with no saved result), a literal of more than 15 significant digits
// (Excel cuts the rest off, LibreOffice rounds), 0^0 (Excel #NUM!,
// LibreOffice 1), a step that is not finite or underflows to a subnormal,
// and a subtraction that cancels below the 15th digit anywhere but as the
// formula's last step (Excel and LibreOffice round such a residue to 0
// differently).
func evalFormula(formula string, get cellValues) (float64, error) {
	p := &fparser{s: formula, get: get}
	v, err := p.expr()
	p.skip()
	if err == nil && p.i < len(p.s) {
		err = fmt.Errorf("unexpected %q", p.s[p.i:])
	}
	if err == nil && p.cancel != 0 {
		if p.cancel != p.ops || !p.snap {
			err = errors.New("a subtraction cancels below the 15th significant digit, where Excel and LibreOffice round differently")
		} else {
			v = 0 // both take a last step that cancels to within the 15th digit as 0
		}
	}
	if err == nil {
		v, err = excelNumber(v)
	}
	if err != nil {
		return 0, fmt.Errorf("%w (=%s): %v", ErrFormula, clip(formula), err)
	}
	return v, nil
}

// excelNumber rounds a computed result to the 15 significant digits Excel
// and LibreOffice keep, and refuses what Excel cannot hold.
func excelNumber(v float64) (float64, error) {
	if err := finite(v); err != nil {
		return 0, err
	}
	if v == 0 {
		return 0, nil // and not -0
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil || math.IsInf(r, 0) {
		return 0, errors.New("the result is not a finite number")
	}
	return r, nil
}

// finite refuses a step whose result Excel would not hold: an infinity or
// NaN (Excel: #NUM! or #DIV/0!), which a later step could otherwise turn
// into a number (1/(1E308*10) is 0 in Go), or a subnormal number, which
// Excel does not keep (LibreOffice does).
func finite(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return errors.New("the result is not a finite number")
	case v != 0 && math.Abs(v) < 0x1p-1022:
		return errors.New("the result is too small for Excel")
	}
	return nil
}

type fparser struct {
	s     string
	i     int
	get   cellValues
	depth int
	// ops counts the arithmetic steps taken; cancel is the step at which a
	// subtraction cancelled below the 15th digit (0: none), snap whether
	// that step was one of the formula's own + - (not inside parentheses
	// or SUM) and close enough to 0 that both programs take it as 0.
	ops, cancel int
	snap        bool
	inSum       int // how many SUMs the parser is inside
}

func (p *fparser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *fparser) peek() byte {
	p.skip()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// maxDepth bounds the recursion of the parser. Every recursive rule counts
// (parentheses, but also unary signs and powers: "=------…1" or "=2^2^2^…"
// recursed without bound, and a formula of a few million signs, a few KiB
// compressed, overflowed the goroutine stack: a fatal error that no recover
// catches, taking the whole batch down).
const maxDepth = 100

// enter counts one level of recursion; the caller must defer p.leave().
func (p *fparser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return errors.New("nested too deeply")
	}
	return nil
}

func (p *fparser) leave() { p.depth-- }

// step counts one arithmetic step and refuses a result Excel would not hold.
func (p *fparser) step(v float64) (float64, error) {
	p.ops++
	return v, finite(v)
}

// add adds a and b as one step of a sum; top says it is one of the
// formula's own + - (not inside parentheses or SUM). Excel sets the result
// of a formula's last + or - to 0 when it cancels to within the 15th
// significant digit; LibreOffice does so for every + and - (approxAdd:
// within 2^-48 of each operand). A cancellation anywhere else, or in the
// margin between those, would be guessed: it is recorded and refused.
func (p *fparser) add(a, b float64, top bool) (float64, error) {
	r, err := p.step(a + b)
	if err != nil || r == 0 || math.Signbit(a) == math.Signbit(b) {
		return r, err
	}
	m := math.Max(math.Abs(a), math.Abs(b))
	if math.Abs(r) < m*0x1p-40 {
		if p.cancel == 0 {
			p.cancel = p.ops
			p.snap = top && math.Abs(r) < math.Min(math.Abs(a), math.Abs(b))*0x1p-48
		} else {
			p.cancel, p.snap = p.ops, false // a second one: never snapped
		}
	}
	return r, nil
}

// expr = term {(+|-) term}
func (p *fparser) expr() (float64, error) {
	defer p.leave()
	if err := p.enter(); err != nil {
		return 0, err
	}
	top := p.depth == 1
	v, err := p.term()
	for err == nil {
		switch p.peek() {
		case '+':
			p.i++
			var w float64
			if w, err = p.term(); err == nil {
				v, err = p.add(v, w, top)
			}
		case '-':
			p.i++
			var w float64
			if w, err = p.term(); err == nil {
				v, err = p.add(v, -w, top)
			}
		default:
			return v, nil
		}
	}
	return 0, err
}

// term = power {(*|/) power}
func (p *fparser) term() (float64, error) {
	v, err := p.power()
	for err == nil {
		switch p.peek() {
		case '*':
			p.i++
			var w float64
			if w, err = p.power(); err == nil {
				v, err = p.step(v * w)
			}
		case '/':
			p.i++
			var w float64
			if w, err = p.power(); err == nil && w == 0 {
				err = errors.New("division by zero")
			}
			if err == nil {
				v, err = p.step(v / w)
			}
		default:
			return v, nil
		}
	}
	return 0, err
}

// power = unary {^ unary}: left to right, as in Excel and LibreOffice
// (2^3^2 is 64), and a sign binds tighter than ^ (-2^2 is 4, 2^-2^2 is
// 0.0625).
func (p *fparser) power() (float64, error) {
	v, err := p.unary()
	for err == nil && p.peek() == '^' {
		p.i++
		var w float64
		if w, err = p.unary(); err != nil {
			break
		}
		if v == 0 && w == 0 {
			return 0, errors.New("0^0 (Excel #NUM!, LibreOffice 1)")
		}
		v, err = p.step(math.Pow(v, w))
	}
	if err != nil {
		return 0, err
	}
	return v, nil
}

// unary = (-|+) unary | primary {%}
func (p *fparser) unary() (float64, error) {
	defer p.leave()
	if err := p.enter(); err != nil {
		return 0, err
	}
	switch p.peek() {
	case '-':
		p.i++
		v, err := p.unary()
		if err != nil {
			return 0, err
		}
		return p.step(-v)
	case '+':
		p.i++
		return p.unary()
	}
	v, err := p.primary()
	for err == nil && p.peek() == '%' {
		p.i++
		v, err = p.step(v / 100)
	}
	return v, err
}

func (p *fparser) primary() (float64, error) {
	c := p.peek()
	switch {
	case c == '(':
		p.i++
		v, err := p.expr()
		if err != nil {
			return 0, err
		}
		if p.peek() != ')' {
			return 0, errors.New("missing )")
		}
		p.i++
		return v, nil
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '$' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		j := p.i
		for j < len(p.s) && (p.s[j] == '$' || p.s[j] == '_' || p.s[j] == '.' || p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= '0' && p.s[j] <= '9') {
			j++
		}
		word := p.s[p.i:j]
		p.i = j
		if p.i < len(p.s) && p.s[p.i] == '(' {
			if !strings.EqualFold(word, "SUM") {
				return 0, fmt.Errorf("function %s is not computed", strings.ToUpper(word))
			}
			p.i++
			return p.sum()
		}
		if p.peek() == '!' {
			return 0, errors.New("refers to another sheet")
		}
		if p.peek() == '(' {
			return 0, fmt.Errorf("a space between %s and (", word)
		}
		row, col, err := parseRef(word)
		if err != nil {
			return 0, err
		}
		return p.cell(word, row, col)
	case c == '\'':
		return 0, errors.New("refers to another sheet")
	case c == '"':
		return 0, errors.New("text in a formula is not computed")
	}
	if c == 0 {
		return 0, errors.New("ends too early")
	}
	return 0, fmt.Errorf("unexpected %q", string(c))
}

// number reads a literal. One of more than 15 significant digits is
// refused: Excel cuts the digits after the 15th off (123456789012345678 is
// 123456789012345000), LibreOffice rounds them.
func (p *fparser) number() (float64, error) {
	j := p.i
	for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.') {
		j++
	}
	digits := len(strings.Trim(strings.ReplaceAll(p.s[p.i:j], ".", ""), "0"))
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		k := j + 1
		if k < len(p.s) && (p.s[k] == '+' || p.s[k] == '-') {
			k++
		}
		if k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
			for j = k; j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9'; j++ {
			}
		}
	}
	lit := p.s[p.i:j]
	v, err := strconv.ParseFloat(lit, 64)
	p.i = j
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", clip(lit))
	}
	if digits > 15 {
		return 0, fmt.Errorf("%s has more than 15 significant digits, which Excel cuts off", clip(lit))
	}
	return v, finite(v)
}

// cell reads a reference outside SUM: an empty cell is 0, as in Excel.
func (p *fparser) cell(ref string, row, col int) (float64, error) {
	v, ok, blank, text := p.get(row, col)
	switch {
	case ok && text && p.inSum > 0:
		return 0, fmt.Errorf("%s is a number stored as text, which Excel's SUM skips", ref)
	case ok && text:
		return 0, fmt.Errorf("%s is a number stored as text, which Excel reads and LibreOffice reads or not by its settings (and both by locale)", ref)
	case ok:
		return v, nil
	case blank:
		return 0, nil
	}
	return 0, fmt.Errorf("%s holds no number that was read", ref)
}

// sum reads SUM's arguments after "(": expressions and ranges A1:B3. A
// reference alone (D2, not -D2) is read as SUM reads one: an empty cell is
// skipped, and a number stored as text is refused (Excel's SUM skips it,
// where + would read it).
func (p *fparser) sum() (float64, error) {
	p.inSum++
	defer func() { p.inSum-- }()
	total := 0.0
	if p.peek() == ')' {
		return 0, errors.New("SUM() has no argument (Excel refuses it)")
	}
	for {
		p.skip()
		var v float64
		var err error
		j := strings.IndexAny(p.s[p.i:], ",)")
		if j > 0 && strings.Contains(p.s[p.i:p.i+j], ":") {
			v, err = p.rangeSum()
		} else {
			v, err = p.expr()
		}
		if err != nil {
			return 0, err
		}
		if total, err = p.add(total, v, false); err != nil {
			return 0, err
		}
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return total, nil
		default:
			return 0, errors.New("missing ) after SUM")
		}
	}
}

// rangeSum reads A1:B3 and sums it; every cell in it must be a number that
// was read, or absent (SUM ignores blanks), and the range is bounded.
func (p *fparser) rangeSum() (float64, error) {
	p.skip()
	j := strings.IndexAny(p.s[p.i:], ",)")
	if j < 0 {
		return 0, errors.New("not a range")
	}
	a, b, ok := strings.Cut(strings.TrimSpace(p.s[p.i:p.i+j]), ":")
	if !ok {
		return 0, errors.New("not a range")
	}
	r1, c1, err1 := parseRef(a)
	r2, c2, err2 := parseRef(b)
	if err1 != nil || err2 != nil {
		return 0, errors.New("not a range")
	}
	if r1 > r2 {
		r1, r2 = r2, r1
	}
	if c1 > c2 {
		c1, c2 = c2, c1
	}
	if (r2-r1+1)*(c2-c1+1) > 100000 {
		return 0, errors.New("the range is too large")
	}
	total, found := 0.0, 0
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			v, ok, blank, text := p.get(r, c)
			switch {
			case ok && text:
				// Excel's SUM skips numbers stored as text in a range, so
				// its result would not be this sum: refuse rather than guess.
				return 0, fmt.Errorf("%s%d in %s:%s is a number stored as text, which Excel's SUM skips", coo.ColumnName(c), r, a, b)
			case ok:
				var err error
				if total, err = p.add(total, v, false); err != nil {
					return 0, err
				}
				found++
			case !blank:
				return 0, fmt.Errorf("%s%d in %s:%s holds no number that was read", coo.ColumnName(c), r, a, b)
			}
		}
	}
	if found == 0 {
		return 0, fmt.Errorf("%s:%s holds no number that was read", a, b)
	}
	p.i += j
	return total, nil
}

// parseRef reads A1, $A1, A$1 or $A$1.
func parseRef(s string) (row, col int, err error) {
	t := strings.TrimPrefix(s, "$")
	if k := strings.IndexByte(t, '$'); k >= 0 {
		t = t[:k] + t[k+1:]
		if k == 0 || t[k-1] < 'A' || t[k-1] > 'Z' && t[k-1] < 'a' || t[k-1] > 'z' {
			return 0, 0, fmt.Errorf("%q: %w", s, coo.ErrCellRef)
		}
	}
	col, row, err = coo.ParseA1(t)
	return row, col, err
}
