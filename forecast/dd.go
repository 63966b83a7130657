package forecast

import "math"

// dd is a double-double number hi + lo with |lo| <= ulp(hi)/2: about 32
// significant decimal digits from two float64s (Dekker 1971; the algorithms
// are those of Hida, Li and Bailey's QD library, "accurate" variants). Regress
// carries its QR factorisation, residuals and corrections in dd.
//
// The explicit float64 conversions stop the compiler from fusing a product
// into an addition, which the Go spec permits and which would break the
// error-free transformations.
type dd struct{ hi, lo float64 }

// twoSum returns s = fl(a+b) and the exact error e, a+b = s+e (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// quickTwoSum is twoSum for |a| >= |b| (Dekker).
func quickTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// twoProd returns p = fl(a·b) and the exact error e, a·b = p+e, by FMA.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	e = math.FMA(a, b, -p)
	return p, e
}

func ddAdd(a, b dd) dd {
	s, e := twoSum(a.hi, b.hi)
	t, f := twoSum(a.lo, b.lo)
	e += t
	s, e = quickTwoSum(s, e)
	e += f
	s, e = quickTwoSum(s, e)
	return dd{s, e}
}

func ddNeg(a dd) dd { return dd{-a.hi, -a.lo} }

func ddSub(a, b dd) dd { return ddAdd(a, ddNeg(b)) }

func ddMul(a, b dd) dd {
	p, e := twoProd(a.hi, b.hi)
	e += float64(a.hi*b.lo) + float64(a.lo*b.hi)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

// ddMulF returns a·b for a float64 b.
func ddMulF(a dd, b float64) dd {
	p, e := twoProd(a.hi, b)
	e += float64(a.lo * b)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

// ddProd returns the exact product of two float64s.
func ddProd(a, b float64) dd {
	p, e := twoProd(a, b)
	return dd{p, e}
}

func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddSub(a, ddMulF(b, q1))
	q2 := r.hi / b.hi
	r = ddSub(r, ddMulF(b, q2))
	q3 := r.hi / b.hi
	s, e := quickTwoSum(q1, q2)
	return ddAdd(dd{s, e}, dd{q3, 0})
}

// ddSqrt uses Karp's trick: one Newton step on 1/√a in float64.
func ddSqrt(a dd) dd {
	if a.hi <= 0 {
		return dd{}
	}
	x := 1 / math.Sqrt(a.hi)
	ax := float64(a.hi * x)
	d := ddSub(a, ddProd(ax, ax))
	s, e := twoSum(ax, float64(d.hi*x)*0.5)
	return dd{s, e}
}

// float returns a rounded to the nearest float64.
func (a dd) float() float64 { return a.hi + a.lo }
