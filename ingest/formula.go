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
// false if it was not read as a number, blank says it was empty (which SUM
// skips, as Excel does), and text that the number was typed as text (which
// arithmetic reads, but SUM over a range skips, as Excel does).
type cellValues func(row, col int) (v float64, ok, blank, text bool)

// evalFormula computes formula (without its '='), which must be plain
// arithmetic (+ - * / ^, unary minus, parentheses, numbers, percent) over
// numbers and references to cells of the same sheet, and SUM over such
// references and ranges. Anything else, a reference to a cell with no number,
// or a result that is not finite, is an error wrapping ErrFormula.
func evalFormula(formula string, get cellValues) (float64, error) {
	p := &fparser{s: formula, get: get}
	v, err := p.expr()
	p.skip()
	if err == nil && p.i < len(p.s) {
		err = fmt.Errorf("unexpected %q", p.s[p.i:])
	}
	if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
		err = errors.New("the result is not a finite number")
	}
	if err != nil {
		return 0, fmt.Errorf("%w (=%s): %v", ErrFormula, clip(formula), err)
	}
	return v, nil
}

type fparser struct {
	s     string
	i     int
	get   cellValues
	depth int
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

// expr = term {(+|-) term}
func (p *fparser) expr() (float64, error) {
	defer p.leave()
	if err := p.enter(); err != nil {
		return 0, err
	}
	v, err := p.term()
	for err == nil {
		switch p.peek() {
		case '+':
			p.i++
			var w float64
			w, err = p.term()
			v += w
		case '-':
			p.i++
			var w float64
			w, err = p.term()
			v -= w
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
			w, err = p.power()
			v *= w
		case '/':
			p.i++
			var w float64
			if w, err = p.power(); err == nil && w == 0 {
				err = errors.New("division by zero")
			}
			v /= w
		default:
			return v, nil
		}
	}
	return 0, err
}

// power = unary [^ power]
func (p *fparser) power() (float64, error) {
	defer p.leave()
	if err := p.enter(); err != nil {
		return 0, err
	}
	v, err := p.unary()
	if err != nil {
		return 0, err
	}
	if p.peek() == '^' {
		p.i++
		w, err := p.power()
		if err != nil {
			return 0, err
		}
		return math.Pow(v, w), nil
	}
	return v, nil
}

// unary = (-|+) unary | primary [%]
func (p *fparser) unary() (float64, error) {
	defer p.leave()
	if err := p.enter(); err != nil {
		return 0, err
	}
	switch p.peek() {
	case '-':
		p.i++
		v, err := p.unary()
		return -v, err
	case '+':
		p.i++
		return p.unary()
	}
	v, err := p.primary()
	if err == nil && p.peek() == '%' {
		p.i++
		v /= 100
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
		j := p.i
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.') {
			j++
		}
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
		v, err := strconv.ParseFloat(p.s[p.i:j], 64)
		p.i = j
		return v, err
	case c == '$' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		j := p.i
		for j < len(p.s) && (p.s[j] == '$' || p.s[j] == '_' || p.s[j] == '.' || p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= '0' && p.s[j] <= '9') {
			j++
		}
		word := p.s[p.i:j]
		p.i = j
		if p.peek() == '(' {
			if !strings.EqualFold(word, "SUM") {
				return 0, fmt.Errorf("function %s is not computed", strings.ToUpper(word))
			}
			p.i++
			return p.sum()
		}
		if p.peek() == '!' {
			return 0, errors.New("refers to another sheet")
		}
		row, col, err := parseRef(word)
		if err != nil {
			return 0, err
		}
		v, ok, _, _ := p.get(row, col)
		if !ok {
			return 0, fmt.Errorf("%s holds no number that was read", word)
		}
		return v, nil
	case c == '\'':
		return 0, errors.New("refers to another sheet")
	}
	if c == 0 {
		return 0, errors.New("ends too early")
	}
	return 0, fmt.Errorf("unexpected %q", string(c))
}

// sum reads SUM's arguments after "(": expressions and ranges A1:B3.
func (p *fparser) sum() (float64, error) {
	total := 0.0
	if p.peek() == ')' {
		p.i++
		return 0, nil
	}
	for {
		p.skip()
		var v float64
		var err error
		if j := strings.IndexAny(p.s[p.i:], ",)"); j > 0 && strings.Contains(p.s[p.i:p.i+j], ":") {
			v, err = p.rangeSum()
		} else {
			v, err = p.expr()
		}
		if err != nil {
			return 0, err
		}
		total += v
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
				total += v
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

func parseRef(s string) (row, col int, err error) {
	col, row, err = coo.ParseA1(strings.ReplaceAll(s, "$", ""))
	return row, col, err
}
