package analysis

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"coo"
)

// Expr is a small arithmetic expression over metrics, for targets such as
//
//	sales.revenue_budget * 1.1
//	(finance.cost_budget - finance.payroll_budget) / 2
//
// It knows numbers (12, 0.5, 1e6), metric names, + − × ÷ (also written
// - * /), unary minus and parentheses, with the usual precedence, left to
// right. Nothing else: no functions, no variables but metrics, and it is
// parsed and evaluated here, never handed to SQL or to an evaluator.
type Expr struct {
	src  string
	root *node
}

type node struct {
	op     byte // 0 number, 'm' metric, '+', '-', '*', '/', 'n' negation
	num    float64
	metric coo.MetricName
	l, r   *node
}

// ErrExpr reports an expression that does not parse.
var ErrExpr = errors.New("bad expression")

// maxExprLen and maxExprDepth bound what ParseExpr accepts.
const (
	maxExprLen   = 1000
	maxExprDepth = 32
)

// ParseExpr parses s. Errors match ErrExpr and name the position (1-based, in
// characters).
func ParseExpr(s string) (*Expr, error) {
	if len(s) > maxExprLen {
		return nil, fmt.Errorf("%w: longer than %d characters", ErrExpr, maxExprLen)
	}
	p := &exprParser{src: []rune(s)}
	p.next()
	n := p.expr(0)
	if p.err == nil && p.tok.kind != tokEOF {
		p.fail("unexpected %s", p.tok)
	}
	if p.err != nil {
		return nil, p.err
	}
	return &Expr{src: strings.TrimSpace(s), root: n}, nil
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// Metrics returns the metrics the expression reads, sorted, without repeats.
func (e *Expr) Metrics() []coo.MetricName {
	set := map[coo.MetricName]bool{}
	var walk func(*node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.op == 'm' {
			set[n.metric] = true
		}
		walk(n.l)
		walk(n.r)
	}
	walk(e.root)
	return sortedNames(set)
}

// Eval evaluates the expression, reading each metric with value. It returns
// an error if a metric has no value or a division is by zero.
func (e *Expr) Eval(value func(coo.MetricName) (float64, bool)) (float64, error) {
	var eval func(*node) (float64, error)
	eval = func(n *node) (float64, error) {
		switch n.op {
		case 0:
			return n.num, nil
		case 'm':
			v, ok := value(n.metric)
			if !ok {
				return 0, fmt.Errorf("%s has no value", n.metric)
			}
			return v, nil
		case 'n':
			v, err := eval(n.l)
			return -v, err
		}
		a, err := eval(n.l)
		if err != nil {
			return 0, err
		}
		b, err := eval(n.r)
		if err != nil {
			return 0, err
		}
		switch n.op {
		case '+':
			return a + b, nil
		case '-':
			return a - b, nil
		case '*':
			return a * b, nil
		}
		if b == 0 {
			return 0, errors.New("division by zero")
		}
		return a / b, nil
	}
	return eval(e.root)
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokNum
	tokName
	tokOp
)

type token struct {
	kind tokKind
	pos  int // 1-based
	text string
	num  float64
	op   byte
}

func (t token) String() string {
	if t.kind == tokEOF {
		return "end of expression"
	}
	return strconv.Quote(t.text)
}

type exprParser struct {
	src []rune
	i   int
	tok token
	err error
}

func (p *exprParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%w at character %d: %s", ErrExpr, p.tok.pos, fmt.Sprintf(format, args...))
	}
	p.tok = token{kind: tokEOF, pos: p.tok.pos}
}

func (p *exprParser) next() {
	if p.err != nil {
		return
	}
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
	start := p.i
	p.tok = token{pos: start + 1}
	if p.i == len(p.src) {
		p.tok.kind = tokEOF
		return
	}
	c := p.src[p.i]
	switch {
	case strings.ContainsRune("+-*/()", c) || c == '×' || c == '÷' || c == '−':
		p.i++
		op := byte(c)
		switch c {
		case '×':
			op = '*'
		case '÷':
			op = '/'
		case '−':
			op = '-'
		}
		p.tok.kind, p.tok.op, p.tok.text = tokOp, op, string(c)
	case (c >= '0' && c <= '9') || c == '.':
		for p.i < len(p.src) && ((p.src[p.i] >= '0' && p.src[p.i] <= '9') || p.src[p.i] == '.' ||
			p.src[p.i] == 'e' || p.src[p.i] == 'E' ||
			((p.src[p.i] == '+' || p.src[p.i] == '-') && (p.src[p.i-1] == 'e' || p.src[p.i-1] == 'E'))) {
			p.i++
		}
		p.tok.text = string(p.src[start:p.i])
		v, err := strconv.ParseFloat(p.tok.text, 64)
		if err != nil || !finite(v) {
			p.fail("%q is not a number", p.tok.text)
			return
		}
		p.tok.kind, p.tok.num = tokNum, v
	case c >= 'a' && c <= 'z':
		for p.i < len(p.src) && ((p.src[p.i] >= 'a' && p.src[p.i] <= 'z') || (p.src[p.i] >= '0' && p.src[p.i] <= '9') || p.src[p.i] == '_' || p.src[p.i] == '.') {
			p.i++
		}
		p.tok.kind, p.tok.text = tokName, string(p.src[start:p.i])
		if err := coo.MetricName(p.tok.text).Validate(); err != nil {
			p.fail("%q is not a metric name", p.tok.text)
		}
	default:
		p.tok.text = string(c)
		p.fail("%q: want a number, a metric name, + - * / or parentheses", string(c))
	}
}

// expr parses a sum of terms.
func (p *exprParser) expr(depth int) *node {
	n := p.term(depth)
	for p.err == nil && p.tok.kind == tokOp && (p.tok.op == '+' || p.tok.op == '-') {
		op := p.tok.op
		p.next()
		n = &node{op: op, l: n, r: p.term(depth)}
	}
	return n
}

// term parses a product of factors.
func (p *exprParser) term(depth int) *node {
	n := p.factor(depth)
	for p.err == nil && p.tok.kind == tokOp && (p.tok.op == '*' || p.tok.op == '/') {
		op := p.tok.op
		p.next()
		n = &node{op: op, l: n, r: p.factor(depth)}
	}
	return n
}

func (p *exprParser) factor(depth int) *node {
	if depth > maxExprDepth {
		p.fail("nested deeper than %d", maxExprDepth)
		return nil
	}
	switch t := p.tok; {
	case t.kind == tokNum:
		p.next()
		return &node{num: t.num}
	case t.kind == tokName:
		p.next()
		return &node{op: 'm', metric: coo.MetricName(t.text)}
	case t.kind == tokOp && t.op == '-':
		p.next()
		return &node{op: 'n', l: p.factor(depth + 1)}
	case t.kind == tokOp && t.op == '(':
		p.next()
		n := p.expr(depth + 1)
		if p.err == nil && !(p.tok.kind == tokOp && p.tok.op == ')') {
			p.fail("want ), got %s", p.tok)
		}
		p.next()
		return n
	default:
		p.fail("want a number, a metric name or (, got %s", t)
		return nil
	}
}

func sortedNames(set map[coo.MetricName]bool) []coo.MetricName {
	out := make([]coo.MetricName, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
