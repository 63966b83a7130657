package analysis

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
)

// TestScenarioDifference checks each scenario's difference from the
// baseline against scenario − baseline computed here: by hand on the exact
// synthetic study (y = 100 + 3·x[t-1] + 5·December), and from the two
// forecasts, unlogged, when the target is fitted in logs.
func TestScenarioDifference(t *testing.T) {
	x47 := studyX(47) // x of 2025-12, which the baseline holds
	for _, logged := range []bool{false, true} {
		spec := studySpec()
		spec.Target.Log = logged
		st, err := FitStudy(context.Background(), studyStore(), spec)
		if err != nil {
			t.Fatal(err)
		}
		base, err := st.Scenario(Scenario{Name: "baseline"}, 6, 0)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := st.Scenario(Scenario{Name: "+10% from 2026-02", Paths: []Path{{Driver: "x.a", From: coo.NewPeriod(2026, 2), Change: 0.10}}}, 6, 0)
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.Difference(sc, base)
		if err != nil {
			t.Fatal(err)
		}
		var total float64
		for i, p := range d.Periods {
			fs, fb := sc.Predictions[i].Fit, base.Predictions[i].Fit
			if logged {
				fs, fb = math.Exp(fs), math.Exp(fb)
			}
			want := fs - fb
			if !logged {
				// By hand: from 2026-03 on the lag sees 1.1·x47.
				want = 0
				if p >= coo.NewPeriod(2026, 3) {
					want = 3 * 0.1 * x47
				}
			}
			total += want
			if !scalar.EqualWithinAbsOrRel(d.Change[i], want, 1e-9, 1e-9) || !scalar.EqualWithinAbsOrRel(d.Baseline[i], fb, 1e-9, 1e-12) {
				t.Errorf("log %v, %s: change %v on %v, want %v on %v", logged, p, d.Change[i], d.Baseline[i], want, fb)
			}
			if !(d.Lower[i] <= d.Change[i]+1e-9 && d.Change[i] <= d.Upper[i]+1e-9) {
				t.Errorf("log %v, %s: change %v outside its interval %v..%v", logged, p, d.Change[i], d.Lower[i], d.Upper[i])
			}
			wantX := 0.0
			if p >= coo.NewPeriod(2026, 2) {
				wantX = 0.1 * x47
			}
			if !scalar.EqualWithinAbsOrRel(d.Drivers[0][i], wantX, 1e-9, 1e-12) {
				t.Errorf("log %v, %s: driver change %v, want %v", logged, p, d.Drivers[0][i], wantX)
			}
		}
		if !scalar.EqualWithinAbsOrRel(d.Total.Value, total, 1e-9, 1e-9) || !(d.Total.Lower <= d.Total.Value && d.Total.Value <= d.Total.Upper) {
			t.Errorf("log %v: total %+v, want %v inside its interval", logged, d.Total, total)
		}
	}
}

// moneyStore is the synthetic study with revenue at 50 CNY a unit sold,
// and a second driver x.b that is x.a give or take sin(t²): collinear.
func moneyStore() sourceStore {
	y, x := studyData()
	rev := coo.Series{Metric: "sales.revenue", Start: y.Start, Values: make([]float64, len(y.Values))}
	xb := coo.Series{Metric: "x.b", Start: x.Start, Values: make([]float64, len(x.Values))}
	for i, v := range y.Values {
		rev.Values[i] = 50 * v
		xb.Values[i] = studyX(i) + math.Sin(float64(i*i))
	}
	s := studyStore()
	s[coo.SeriesKey{Metric: "sales.revenue"}] = rev
	s[coo.SeriesKey{Metric: "x.b"}] = xb
	return sourceStore{s}
}

var moneyMetrics = []coo.Metric{
	{Name: "sales.units", Label: "Units sold", Unit: "units", Source: "sales"},
	{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Source: "sales"},
	{Name: "x.a", Label: "Ad spend", Unit: "CNY", Source: "marketing"},
	{Name: "x.b", Label: "Leads", Unit: "count", Source: "marketing"},
}

// TestStudyMoney checks the answer in money on the exact synthetic study:
// with revenue at 50 CNY a unit, a step of 1 CNY of x.a brings 3 units,
// so 150 CNY of revenue, and pays back above a margin of 1/150; a price
// given in the study file does the same; the numbers are those the answer
// prints.
func TestStudyMoney(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec StudySpec
	}{
		{"value metric", StudySpec{Value: "sales.revenue"}},
		{"price", StudySpec{Price: 50}},
	} {
		tc.spec.Question, tc.spec.Design = "q", *studySpec()
		r, err := RunStudy(context.Background(), moneyStore(), StudyInput{Spec: tc.spec, Metrics: moneyMetrics})
		if err != nil {
			t.Fatal(err)
		}
		e := r.Effects[0]
		if !scalar.EqualWithinAbsOrRel(r.Price.Per, 50, 1e-12, 1e-12) || r.Price.Unit != "CNY" {
			t.Errorf("%s: price %v %s, want 50 CNY", tc.name, r.Price.Per, r.Price.Unit)
		}
		if !scalar.EqualWithinAbsOrRel(e.Value.Value, 150, 1e-9, 1e-9) || !scalar.EqualWithinAbsOrRel(e.BreakEven, 1.0/150, 1e-9, 1e-9) {
			t.Errorf("%s: value %v, break-even %v; want 3 units × 50 = 150 CNY, 1/150", tc.name, e.Value, e.BreakEven)
		}
		for _, w := range []string{"Each extra 1 CNY of ad spend in a month brings about 3 more units sold a month later",
			"that is about 150 CNY of ", "The extra ad spend pays back when more than 0.7% of that "} {
			if !strings.Contains(r.Answer[0], w) {
				t.Errorf("%s: answer %q lacks %q", tc.name, r.Answer[0], w)
			}
		}
	}
	// A target in money needs no price; a driver that is not money cannot
	// say whether it pays back.
	spec := StudySpec{Question: "q", Design: *studySpec()}
	spec.Design.Target.Metric = "sales.revenue"
	spec.Design.Drivers[0].Metric = "x.b"
	r, err := RunStudy(context.Background(), moneyStore(), StudyInput{Spec: spec, Metrics: moneyMetrics})
	if err != nil {
		t.Fatal(err)
	}
	if r.Price.Per != 1 || !strings.Contains(r.Answer[0], " CNY more revenue a month later") || !strings.Contains(r.Answer[0], "leads is not money") {
		t.Errorf("revenue on leads: price %v, answer %q", r.Price.Per, r.Answer[0])
	}
}

// TestStudyAnswerCaveats wants the collinearity warning in the answer
// itself when a VIF is above 10, naming the terms by their labels, with
// the VIF the diagnostics have; and not when none is.
func TestStudyAnswerCaveats(t *testing.T) {
	spec := StudySpec{Question: "q", Design: *studySpec()}
	spec.Design.Drivers = append(spec.Design.Drivers, Driver{Variable: Variable{Metric: "x.b"}, Lags: []int{1}})
	r, err := RunStudy(context.Background(), moneyStore(), StudyInput{Spec: spec, Metrics: moneyMetrics})
	if err != nil {
		t.Fatal(err)
	}
	vif := r.Study.Diagnostics.VIF
	if !(vif[0] > 10 && vif[1] > 10) {
		t.Fatalf("VIF = %v: the fixture is not collinear", vif[:2])
	}
	want := "ad spend a month before and leads a month before largely move with the model's other terms (VIF " + strconv.FormatFloat(vif[0], 'f', 1, 64) +
		" and " + strconv.FormatFloat(vif[1], 'f', 1, 64) + ", above 10)"
	if !strings.Contains(strings.Join(r.Answer, " "), "Read this with care: "+want) || !strings.HasPrefix(r.Caveats[0], want) {
		t.Errorf("answer %q\nlacks %q", r.Answer, want)
	}
	// One driver: no VIF above 10, no such caveat.
	spec.Design.Drivers = spec.Design.Drivers[:1]
	if r, err = RunStudy(context.Background(), moneyStore(), StudyInput{Spec: spec, Metrics: moneyMetrics}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(r.Answer, " "), "VIF") {
		t.Errorf("answer %q has a VIF caveat without collinearity (VIF %v)", r.Answer, r.Study.Diagnostics.VIF)
	}
}
