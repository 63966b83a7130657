package forecast

import (
	"fmt"
	"math"
)

// Accuracy holds the accuracy measures of one forecast against the values
// that came true, as the M4 competition guide defines them (see
// shared/data/m3/README.md). A measure that cannot be computed (MASE and
// MSIS when the in-sample scale is zero, MAPE when every actual value is
// zero) is NaN.
type Accuracy struct {
	MAE   float64 // mean absolute error
	RMSE  float64 // root mean squared error
	MAPE  float64 // mean absolute percentage error, in percent, over nonzero actuals
	SMAPE float64 // (1/h)Σ 200|y−f|/(|y|+|f|), in percent; a term with y = f = 0 counts 0
	MASE  float64 // MAE over the in-sample mean absolute lag-m difference
	Cov80 float64 // share of actuals inside the 80% interval, 0..1
	Cov95 float64 // share of actuals inside the 95% interval, 0..1
	MSIS  float64 // mean scaled interval score of the 95% interval (a = 0.05), same scale as MASE
}

// Scale returns the MASE denominator of a training series: the mean
// absolute lag-m difference (1/(n−m))Σ_{t>m}|x_t − x_{t−m}|. It is NaN if
// len(train) <= m.
func Scale(train []float64, m int) float64 {
	checkPeriod(m)
	if len(train) <= m {
		return math.NaN()
	}
	var s float64
	for t := m; t < len(train); t++ {
		s += math.Abs(train[t] - train[t-m])
	}
	return s / float64(len(train)-m)
}

// Score returns the accuracy of the first len(actual) steps of f, with
// scale the MASE denominator (see Scale). It panics if f has fewer steps
// than actual or actual is empty.
func Score(f *Forecast, actual []float64, scale float64) Accuracy {
	h := len(actual)
	if h == 0 || f.H() < h {
		panic(fmt.Sprintf("forecast: Score: %d actual values for a forecast of %d steps", h, f.H()))
	}
	var a Accuracy
	var sae, sse, sape, ssm, is float64
	nape, in80, in95 := 0, 0, 0
	for i, y := range actual {
		p := f.Mean[i]
		e := math.Abs(y - p)
		sae += e
		sse += e * e
		if y != 0 {
			sape += 100 * e / math.Abs(y)
			nape++
		}
		if d := math.Abs(y) + math.Abs(p); d > 0 {
			ssm += 200 * e / d
		}
		if f.Lo80[i] <= y && y <= f.Hi80[i] {
			in80++
		}
		lo, hi := f.Lo95[i], f.Hi95[i]
		if lo <= y && y <= hi {
			in95++
		}
		is += hi - lo
		if y < lo {
			is += 40 * (lo - y)
		}
		if y > hi {
			is += 40 * (y - hi)
		}
	}
	fh := float64(h)
	a.MAE = sae / fh
	a.RMSE = math.Sqrt(sse / fh)
	a.MAPE = math.NaN()
	if nape > 0 {
		a.MAPE = sape / float64(nape)
	}
	a.SMAPE = ssm / fh
	a.MASE, a.MSIS = math.NaN(), math.NaN()
	if scale > 0 {
		a.MASE = a.MAE / scale
		a.MSIS = is / fh / scale
	}
	a.Cov80 = float64(in80) / fh
	a.Cov95 = float64(in95) / fh
	return a
}

// MeanAccuracy averages each measure over the given results, skipping NaN
// values measure by measure (the M3/M4 convention: per series, then the
// mean over series). A measure with no finite value is NaN.
func MeanAccuracy(as []Accuracy) Accuracy {
	var sum, cnt [8]float64
	for _, a := range as {
		for k, v := range a.fields() {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				sum[k] += v
				cnt[k]++
			}
		}
	}
	var out [8]float64
	for k := range out {
		out[k] = math.NaN()
		if cnt[k] > 0 {
			out[k] = sum[k] / cnt[k]
		}
	}
	return Accuracy{MAE: out[0], RMSE: out[1], MAPE: out[2], SMAPE: out[3], MASE: out[4], Cov80: out[5], Cov95: out[6], MSIS: out[7]}
}

func (a Accuracy) fields() [8]float64 {
	return [8]float64{a.MAE, a.RMSE, a.MAPE, a.SMAPE, a.MASE, a.Cov80, a.Cov95, a.MSIS}
}
