package demo

import (
	"math"
	"math/rand/v2"
)

// The model's arithmetic must give the same bits on every machine, or a value
// that sits on a rounding boundary could come out a cent apart. The standard
// library's Exp and Log have assembly versions that differ between
// architectures, its NormFloat64 uses them, and the compiler may fuse x*y+z
// into one instruction on some architectures. So the model uses the functions
// below, built from +, -, *, / and math.Sqrt (all correctly rounded
// everywhere), with an explicit float64 conversion wherever a product meets a
// sum, which the language forbids the compiler to fuse.

// dexp returns e^x.
func dexp(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01 // k*ln2Hi is exact for the k that occur
		ln2Lo = 1.90821492927058770002e-10
	)
	k := math.Round(x / math.Ln2)
	r := float64(x-float64(k*ln2Hi)) - float64(k*ln2Lo)
	sum, term := 1.0, 1.0
	for n := 1; n <= 22; n++ {
		term = float64(term*r) / float64(n)
		sum += term
	}
	return math.Ldexp(sum, int(k))
}

// dlog returns the natural logarithm of x > 0.
func dlog(x float64) float64 {
	m, e := math.Frexp(x) // x = m * 2^e, m in [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	s := (m - 1) / (m + 1) // |s| < 0.172: log m = 2 atanh s = 2 (s + s^3/3 + s^5/5 + ...)
	s2 := float64(s * s)
	sum, term := 0.0, s
	for n := 1; n <= 41; n += 2 {
		sum += term / float64(n)
		term = float64(term * s2)
	}
	return float64(2*sum) + float64(float64(e)*math.Ln2)
}

// dpow returns x^y for x > 0.
func dpow(x, y float64) float64 {
	if y == math.Trunc(y) && math.Abs(y) <= 64 {
		r := 1.0
		for range int(math.Abs(y)) {
			r *= x
		}
		if y < 0 {
			r = 1 / r
		}
		return r
	}
	return dexp(float64(y * dlog(x)))
}

// normal draws a standard normal value by Marsaglia's polar method (one value
// per accepted pair; the other is discarded).
func normal(r *rand.Rand) float64 {
	for {
		u := float64(2*r.Float64()) - 1
		v := float64(2*r.Float64()) - 1
		s := float64(u*u) + float64(v*v)
		if s > 0 && s < 1 {
			return u * math.Sqrt(float64(-2*dlog(s))/s)
		}
	}
}
