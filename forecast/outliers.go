package forecast

import (
	"math"
	"slices"
)

// Outlier is one value far from what the rest of the series says it
// should be: a unit slip, a one-off, a typing error.
type Outlier struct {
	Index    int     // in the series
	Value    float64 // as observed
	Expected float64 // the value that replaces it for fitting
}

// Outliers finds the values of y that lie far outside its bulk, in the
// manner of R forecast's tsoutliers: when y is seasonal (period m > 1,
// more than two years, seasonal strength at least 0.6) the seasonal
// component is taken out first; the rest is smoothed, and a value whose
// residual lies more than outlierFence interquartile ranges outside the
// residuals' quartiles is an outlier, unless the same month of another
// year has a residual of the same sign and at least half its size (the
// season, which a history of two years or less cannot take out). Its Expected value is the linear interpolation
// of the seasonally adjusted neighbours that are not outliers, with the
// season put back. The search runs twice, the second time on the series
// with the first outliers replaced.
//
// Unlike tsoutliers, the seasonal component and the smooth are robust
// medians (a running median of 13 months, medians by month of the year;
// a running mean of 5 over a running median of 5, its ends by Tukey's
// end-point rule: endRule), not STL and Friedman's super smoother: the one
// value being judged can move neither, the first and last included. y must be free of NaN. The result
// is sorted by Index; nil when y is constant or shorter than 5.
func Outliers(y []float64, m int) []Outlier {
	if len(y) < 5 {
		return nil
	}
	found := map[int]bool{}
	x := slices.Clone(y)
	for pass := 0; pass < 2; pass++ {
		idx := outlierPass(x, m)
		if len(idx) == 0 {
			break
		}
		for _, i := range idx {
			found[i] = true
		}
		x = replaceOutliers(y, m, found)
	}
	if len(found) == 0 {
		return nil
	}
	var out []Outlier
	for i := range y {
		if found[i] {
			out = append(out, Outlier{Index: i, Value: y[i], Expected: x[i]})
		}
	}
	return out
}

// outlierPass returns the indexes of x's outliers in one pass.
func outlierPass(x []float64, m int) []int {
	n := len(x)
	if isConstant(x) {
		return nil
	}
	adj := x
	if m > 1 && n > 2*m {
		if s, strength := robustSeason(x, m); strength >= 0.6 {
			adj = make([]float64, n)
			for i := range x {
				adj[i] = x[i] - s[i%m]
			}
		}
	}
	smooth := runningMean(endRule(runningMedian(adj, 5), adj), 5)
	resid := make([]float64, n)
	for i := range adj {
		resid[i] = adj[i] - smooth[i]
	}
	sorted := slices.Clone(resid)
	slices.Sort(sorted)
	q1, q3 := quantile7(sorted, 0.25), quantile7(sorted, 0.75)
	iqr := q3 - q1
	if iqr <= 1e-14*math.Max(1, math.Abs(q3)) {
		// Flat but for a few months (a rent that steps up once a year, a
		// fixed fee): the residuals' quartiles are 0, so excursions are
		// measured against the series' level instead.
		abs := make([]float64, n)
		for i, v := range x {
			abs[i] = math.Abs(v)
		}
		slices.Sort(abs)
		iqr = flatScale * quantile7(abs, 0.5)
		if iqr == 0 {
			return nil
		}
	}
	lo, hi := q1-outlierFence*iqr, q3+outlierFence*iqr
	var idx []int
	for i, r := range resid {
		if (r < lo || r > hi) && !recurs(resid, i, m) {
			idx = append(idx, i)
		}
	}
	return idx
}

// recurs reports whether the excursion at i comes back in the same month of
// another year (a residual of the same sign and at least half its size):
// then it is the season, which a short history could not take out (a
// thirteenth-month salary every January), not an outlier.
func recurs(resid []float64, i, m int) bool {
	if m <= 1 {
		return false
	}
	r := resid[i]
	for j := i % m; j < len(resid); j += m {
		if j != i && resid[j]*r > 0 && math.Abs(resid[j]) >= math.Abs(r)/2 {
			return true
		}
	}
	return false
}

// flatScale stands in for the residuals' interquartile range, as a share of
// the series' median level, when that range is 0 (outlierPass): with the
// fence it flags a month that moves a flat series by more than 40% of its
// level and is not a step (the smoother follows a step, leaving residuals
// of at most about two fifths of it next to it, so a rent's 15% step is not
// flagged). It was set by that reasoning, not fitted: flat series are rare
// in M3, and the M3 checks are unchanged by it.
const flatScale = 0.05

// outlierFence is how many interquartile ranges beyond the residuals'
// quartiles an outlier lies. tsoutliers uses 3 on the residuals of its
// super smoother; on these robust residuals, whose quartiles are narrower,
// 3 and 5 flagged ordinary values that tsoutliers leaves alone. 8 was
// chosen on validation series (every 50th M3 monthly series from the
// 26th, as testdata/ref/tsoutliers.R draws them with a different start)
// and TestOutliersAgainstR checks it on the other ones.
const outlierFence = 8.0

// robustSeason returns the seasonal component of x by position in the
// year (medians of x less its running median of m+1 values, centred to
// sum zero) and the seasonal strength 1 − (IQR(remainder)/IQR(detrended))².
func robustSeason(x []float64, m int) ([]float64, float64) {
	trend := runningMedian(x, m+1-(m+1)%2+1) // odd: 13 for m = 12
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - trend[i]
	}
	s := make([]float64, m)
	for j := 0; j < m; j++ {
		var at []float64
		for i := j; i < len(d); i += m {
			at = append(at, d[i])
		}
		s[j] = median(at)
	}
	mean := 0.0
	for _, v := range s {
		mean += v
	}
	mean /= float64(m)
	for j := range s {
		s[j] -= mean
	}
	rem := make([]float64, len(d))
	for i := range d {
		rem[i] = d[i] - s[i%m]
	}
	// The strength by variances, each value of the remainder first pulled
	// in to 5 robust standard deviations of it (and d with it), so that
	// one outlier can neither swamp both variances and hide the season nor
	// pass for one.
	sorted := slices.Clone(rem)
	slices.Sort(sorted)
	mid := quantile7(sorted, 0.5)
	for i := range sorted {
		sorted[i] = math.Abs(sorted[i] - mid)
	}
	slices.Sort(sorted)
	lim := 5 * 1.4826 * quantile7(sorted, 0.5)
	var vr, vd, mr, md float64
	for i := range rem {
		c := math.Max(mid-lim, math.Min(mid+lim, rem[i]))
		d[i] -= rem[i] - c
		rem[i] = c
		mr += rem[i]
		md += d[i]
	}
	mr /= float64(len(rem))
	md /= float64(len(d))
	for i := range rem {
		vr += (rem[i] - mr) * (rem[i] - mr)
		vd += (d[i] - md) * (d[i] - md)
	}
	if vd == 0 {
		return s, 0
	}
	return s, 1 - vr/vd
}

// replaceOutliers returns y with the values at found replaced by the
// linear interpolation of their seasonally adjusted neighbours (the
// nearest values not found, or the nearest one at an end), season put
// back.
func replaceOutliers(y []float64, m int, found map[int]bool) []float64 {
	n := len(y)
	var s []float64
	if m > 1 && n > 2*m {
		// The season of the series with the outliers set to their
		// running-median neighbourhood, so they cannot shape it.
		tmp := slices.Clone(y)
		rm := runningMedian(y, 5)
		for i := range found {
			tmp[i] = rm[i]
		}
		if season, strength := robustSeason(tmp, m); strength >= 0.6 {
			s = season
		}
	}
	adj := func(i int) float64 {
		if s == nil {
			return y[i]
		}
		return y[i] - s[i%m]
	}
	out := slices.Clone(y)
	for i := range y {
		if !found[i] {
			continue
		}
		l, r := i-1, i+1
		for l >= 0 && found[l] {
			l--
		}
		for r < n && found[r] {
			r++
		}
		var v float64
		switch {
		case l < 0 && r >= n:
			v = adj(i)
		case l < 0:
			v = adj(r)
		case r >= n:
			v = adj(l)
		default:
			v = adj(l) + (adj(r)-adj(l))*float64(i-l)/float64(r-l)
		}
		if s != nil {
			v += s[i%m]
		}
		out[i] = v
	}
	return out
}

// runningMedian returns the median of each value's centred window of w
// values (odd), the window shrinking symmetrically at the ends.
func runningMedian(x []float64, w int) []float64 {
	half := w / 2
	out := make([]float64, len(x))
	buf := make([]float64, 0, w)
	for i := range x {
		k := min(half, i, len(x)-1-i)
		buf = append(buf[:0], x[i-k:i+k+1]...)
		out[i] = median(buf)
	}
	return out
}

// endRule replaces the first and last values of rm, the running median of
// x, by Tukey's end-point rule (R's smoothEnds): the median of the end
// value of x, its neighbour's smooth and that smooth extrapolated linearly
// from the next one, median(x₀, rm₁, 3rm₁ − 2rm₂). The running median's
// window shrinks to the end value alone, which left it its own smooth:
// its residual was 0 whatever it was, so a unit slip in the first month
// (or the last) was never judged, and its size spilled into its
// neighbours' smooth instead. tsoutliers' super smoother fits a local
// line there; the rule keeps a straight line's ends on it. rm is
// modified and returned; len(x) >= 3.
func endRule(rm, x []float64) []float64 {
	n := len(x)
	ends := [2]float64{
		median([]float64{x[0], rm[1], 3*rm[1] - 2*rm[2]}),
		median([]float64{x[n-1], rm[n-2], 3*rm[n-2] - 2*rm[n-3]}),
	}
	rm[0], rm[n-1] = ends[0], ends[1]
	return rm
}

// runningMean returns the mean of each value's centred window of w values
// (odd), the window shrinking symmetrically at the ends.
func runningMean(x []float64, w int) []float64 {
	half := w / 2
	out := make([]float64, len(x))
	for i := range x {
		k := min(half, i, len(x)-1-i)
		sum := 0.0
		for _, v := range x[i-k : i+k+1] {
			sum += v
		}
		out[i] = sum / float64(2*k+1)
	}
	return out
}

// median of xs, which it sorts.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
