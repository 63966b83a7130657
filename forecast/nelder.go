package forecast

import "math"

// nelderMead minimises f from x (modified in place to the best point found)
// with the Nelder–Mead simplex method as in R's optim (nmmin, after Nash's
// Compact Numerical Methods): reflection 1, contraction 0.5, expansion 2,
// initial step 10% of the largest |x_i|, stopping when the spread of the
// simplex values is below reltol·(|f|+reltol) or after maxEval evaluations.
// f returns +Inf outside the feasible region. It returns the best value and
// the number of evaluations. ws is scratch space, grown as needed.
//
// f(x, bound) must return f's value at x when that is below bound; when it
// is not, f may return any value >= bound (+Inf too): the simplex moves
// only on comparisons with bound, and such a value is never kept, so f can
// stop early or skip a costly feasibility test, and the search is the
// same as with exact values. bound is +Inf where the value is kept.
func nelderMead(f func(x []float64, bound float64) float64, x []float64, reltol float64, maxEval int, ws *nmWork) (float64, int) {
	return nelderMeadFrom(f, x, reltol, maxEval, ws, nil, nil)
}

// nmState is where a Nelder–Mead search stopped: the simplex and what the
// search needs to go on.
type nmState struct {
	p        []float64 // the n+1 vertices, n values each
	fv       []float64 // their values
	l        int       // the best vertex before the last scan
	evals    int
	oldsize  float64
	convtol  float64
	n        int
	finished bool // converged or stopped: the state is valid
}

// nelderMeadFrom is nelderMead that, if save is not nil, records in it
// where the search stopped, and, if from is not nil (and finished), goes on
// from such a record instead of starting at x (x then only receives the
// best point). A search stopped by maxEval and continued with a larger
// budget is the search that the larger budget makes from the start,
// evaluation for evaluation.
func nelderMeadFrom(f func(x []float64, bound float64) float64, x []float64, reltol float64, maxEval int, ws *nmWork, from, save *nmState) (float64, int) {
	const (
		alpha = 1.0
		beta  = 0.5
		gamm  = 2.0
		big   = 1.0e35
	)
	n := len(x)
	n1 := n + 1
	ws.grow(n)
	P := ws.p // (n+2) vertices of n values, plus values fv
	fv := ws.fv
	cen := P[n1]
	var evals, L int
	var convtol, oldsize, size float64
	calcvert := true
	if from != nil && from.finished && from.n == n {
		for j := range n1 {
			copy(P[j], from.p[j*n:(j+1)*n])
		}
		copy(fv, from.fv)
		L, evals, oldsize, convtol = from.l, from.evals, from.oldsize, from.convtol
		calcvert = false
	} else {
		step := 0.0
		for _, v := range x {
			step = math.Max(step, 0.1*math.Abs(v))
		}
		if step == 0 {
			step = 0.1
		}
		fx := f(x, math.Inf(1))
		if math.IsInf(fx, 0) || math.IsNaN(fx) {
			return math.Inf(1), 1
		}
		evals = 1
		convtol = reltol * (math.Abs(fx) + reltol)
		copy(P[0], x)
		fv[0] = fx
		for j := 1; j < n1; j++ {
			copy(P[j], x)
			P[j][j-1] += step
			size += step
		}
		oldsize = size
	}
	trial := ws.trial
	for {
		if calcvert {
			for j := range n1 {
				if j == L {
					continue
				}
				v := f(P[j], math.Inf(1))
				evals++
				if math.IsInf(v, 0) || math.IsNaN(v) {
					v = big
				}
				fv[j] = v
			}
			calcvert = false
		}
		lpre := L
		VL, VH := fv[L], fv[L]
		H := L
		for j := range n1 {
			if j == L {
				continue
			}
			if fv[j] < VL {
				L, VL = j, fv[j]
			}
			if fv[j] > VH {
				H, VH = j, fv[j]
			}
		}
		if VH <= VL+convtol || evals > maxEval {
			if save != nil {
				save.n, save.l, save.evals, save.oldsize, save.convtol = n, lpre, evals, oldsize, convtol
				save.p = save.p[:0]
				for j := range n1 {
					save.p = append(save.p, P[j]...)
				}
				save.fv = append(save.fv[:0], fv[:n1]...)
				save.finished = true
			}
			break
		}
		// The centroid of all vertices but H, each coordinate summed in
		// the order of nmmin's column sums (−P[H][i] + P[0][i] + P[1][i]
		// + …, left to right), four coordinates at a time in registers.
		ph := P[H][:n]
		cen = cen[:n] // for the bounds-check elimination below
		flat := ws.flat[:n1*n]
		i := 0
		for ; i+4 <= n; i += 4 {
			s0, s1, s2, s3 := -ph[i], -ph[i+1], -ph[i+2], -ph[i+3]
			for j := i; j < len(flat); j += n {
				v := flat[j : j+4 : j+4]
				s0 += v[0]
				s1 += v[1]
				s2 += v[2]
				s3 += v[3]
			}
			cen[i], cen[i+1], cen[i+2], cen[i+3] = s0, s1, s2, s3
		}
		for ; i < n; i++ {
			s := -ph[i]
			for j := i; j < len(flat); j += n {
				s += flat[j]
			}
			cen[i] = s
		}
		for i := range n {
			cen[i] /= float64(n)
			trial[i] = (1+alpha)*cen[i] - alpha*ph[i]
		}
		VR := f(trial, VH)
		evals++
		if math.IsInf(VR, 0) || math.IsNaN(VR) {
			VR = big
		}
		if VR < VL {
			ext := ws.ext
			for i := range n {
				ext[i] = gamm*trial[i] + (1-gamm)*cen[i]
			}
			v := f(ext, VR)
			evals++
			if math.IsInf(v, 0) || math.IsNaN(v) {
				v = big
			}
			if v < VR {
				copy(P[H], ext)
				fv[H] = v
			} else {
				copy(P[H], trial)
				fv[H] = VR
			}
			continue
		}
		if VR < VH {
			copy(P[H], trial)
			fv[H] = VR
		}
		for i := range n {
			trial[i] = (1-beta)*P[H][i] + beta*cen[i]
		}
		v := f(trial, fv[H])
		evals++
		if math.IsInf(v, 0) || math.IsNaN(v) {
			v = big
		}
		if v < fv[H] {
			copy(P[H], trial)
			fv[H] = v
		} else if VR >= VH {
			calcvert = true
			size = 0
			for j := range n1 {
				if j == L {
					continue
				}
				for i := range n {
					P[j][i] = beta*(P[j][i]-P[L][i]) + P[L][i]
					size += math.Abs(P[j][i] - P[L][i])
				}
			}
			if size < oldsize {
				oldsize = size
			} else {
				break
			}
		}
	}
	copy(x, P[L])
	return fv[L], evals
}

type nmWork struct {
	p          [][]float64 // the vertices, slices of flat
	flat       []float64
	fv         []float64
	trial, ext []float64
}

func (w *nmWork) grow(n int) {
	if len(w.trial) == n {
		return
	}
	buf := make([]float64, (n+2)*n+3*n)
	w.flat = buf[:(n+2)*n]
	w.p = make([][]float64, n+2)
	for j := range w.p {
		w.p[j] = buf[j*n : (j+1)*n : (j+1)*n]
	}
	buf = buf[(n+2)*n:]
	w.trial, w.ext = buf[:n:n], buf[n:2*n:2*n]
	w.fv = make([]float64, n+2)
}
