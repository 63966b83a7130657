package forecast

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestFitETSLogLikR fits every fixed model of the R reference and requires
// a log-likelihood at least R's minus 1e-3·|R's| (a fit at least as good as
// forecast 8.20's ets(x, model, damped)).
func TestFitETSLogLikR(t *testing.T) {
	d := loadRef(t)
	type agg struct {
		n, better, worse int
		worst            float64
		dur              time.Duration
	}
	byModel := map[string]*agg{}
	fitters := map[string]*fitter{}
	for _, f := range d.fits {
		if !strings.HasPrefix(f.method, "ets_") {
			continue
		}
		if testing.Short() && f.m != 12 {
			continue
		}
		spec, err := ParseETSSpec(f.model)
		if err != nil {
			t.Fatal(err)
		}
		s := d.byID[f.series]
		ft := fitters[f.series]
		if ft == nil {
			ft = newFitter(s.y, s.m, nil)
			fitters[f.series] = ft
		}
		start := time.Now()
		got, err := ft.fit(spec)
		el := time.Since(start)
		call := fmt.Sprintf("FitETS(%s, %d, %s)", f.series, s.m, f.model)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		a := byModel[f.model]
		if a == nil {
			a = &agg{}
			byModel[f.model] = a
		}
		a.n++
		a.dur += el
		diff := (got.Stats.LogLik - f.loglik) / math.Abs(f.loglik)
		if diff > 1e-9 {
			a.better++
		}
		if diff < -1e-9 {
			a.worse++
		}
		a.worst = math.Min(a.worst, diff)
		if got.Stats.LogLik < f.loglik-1e-3*math.Abs(f.loglik) {
			t.Errorf("%s: LogLik = %.10g, want >= %.10g (R) - 1e-3·|R|", call, got.Stats.LogLik, f.loglik)
		}
	}
	for _, sp := range ETSModels() {
		if a := byModel[sp.String()]; a != nil {
			t.Logf("%-12s %3d fits: better than R %3d, worse %3d, worst relative %.2g, %.2f ms/fit",
				sp, a.n, a.better, a.worse, a.worst, a.dur.Seconds()*1e3/float64(a.n))
		}
	}
}

// TestAutoETSR compares AutoETS's choice with R's ets(x) on the 143
// reference series: the same model, or one with an AICc no higher than
// R's choice plus 1e-3·|R's|, both for the exhaustive search (R's) and with
// screening.
func TestAutoETSR(t *testing.T) {
	d := loadRef(t)
	for _, tc := range []struct {
		name string
		s    *ETSSettings
	}{
		{"Exhaustive", nil},
		{"Screen", &ETSSettings{Screen: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			same, total := 0, 0
			for _, f := range d.fits {
				if f.method != "ets" {
					continue
				}
				if testing.Short() && f.m != 12 {
					continue
				}
				s := d.byID[f.series]
				got, err := AutoETS(s.y, s.m, tc.s)
				call := fmt.Sprintf("AutoETS(%s, %d, %+v)", f.series, s.m, tc.s)
				if err != nil {
					t.Errorf("%s: %v", call, err)
					continue
				}
				total++
				if got.Spec.String() == f.model {
					same++
				}
				if got.Stats.AICc > f.aicc+1e-3*math.Abs(f.aicc) {
					t.Errorf("%s = %v with AICc %.10g, want AICc <= %.10g of %s (R)", call, got.Spec, got.Stats.AICc, f.aicc, f.model)
				}
			}
			t.Logf("AutoETS picked R's model for %d of %d series", same, total)
		})
	}
}

// TestAutoETSForecastR compares AutoETS(y, m).Forecast(h) end to end with
// R's forecast(ets(x), h) where our fit reached R's log-likelihood (to 1e-9
// relative, i.e. the same optimum), outside forecast 8.20's class 3 quirks
// (see TestETSForecastR): point forecasts and intervals to 1e-6 relative.
func TestAutoETSForecastR(t *testing.T) {
	d := loadRef(t)
	compared := 0
	var worst float64
	for _, f := range d.fits {
		if f.method != "ets" || (testing.Short() && f.m != 12) {
			continue
		}
		if f.model == "ETS(M,N,M)" || f.model == "ETS(M,A,M)" || f.model == "ETS(M,Ad,M)" ||
			f.model == "ETS(A,N,A)" || f.model == "ETS(M,N,A)" {
			continue
		}
		s := d.byID[f.series]
		e, err := AutoETS(s.y, s.m, nil)
		if err != nil {
			t.Fatalf("AutoETS(%s, %d): %v", f.series, s.m, err)
		}
		if e.Spec.String() != f.model || math.Abs(e.Stats.LogLik-f.loglik) > 1e-9*math.Abs(f.loglik) {
			continue
		}
		want := d.forecasts[[2]string{f.series, "ets"}]
		h := len(want.mean)
		w := compareForecast(t, fmt.Sprintf("AutoETS(%s, %d).Forecast(%d)", f.series, s.m, h), e.Forecast(h), want, h, 1e-6)
		worst = math.Max(worst, w)
		compared++
	}
	t.Logf("%d auto fits compared with R end to end; worst relative difference %.2g", compared, worst)
	if compared < 50 {
		t.Errorf("only %d auto fits reached R's optimum, want at least 50", compared)
	}
}
