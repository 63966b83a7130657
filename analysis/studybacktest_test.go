package analysis

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestStudyBacktest(t *testing.T) {
	st := fitStudy(t)
	b, err := st.Backtest(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.H != 1 || len(b.Periods) != 6 {
		t.Fatalf("h = %d, %d months, want 1 and 6", b.H, len(b.Periods))
	}
	last := st.Matrix.Periods[len(st.Matrix.Periods)-6:]
	for i, p := range b.Periods {
		if p != last[i] || b.Origins[i] != p.Add(-1) {
			t.Errorf("month %d: %s from %s, want %s from %s", i, p, b.Origins[i], last[i], last[i].Add(-1))
		}
		// The synthetic target is exact in the drivers: the regression,
		// given them, forecasts it to rounding.
		if math.Abs(b.Regression[i]-b.Actual[i]) > 1e-8 {
			t.Errorf("%s: regression %v, actual %v", p, b.Regression[i], b.Actual[i])
		}
		if math.IsNaN(b.Baseline[i]) || b.BaselineMethod[i] == "" {
			t.Errorf("%s: baseline %v (%q)", p, b.Baseline[i], b.BaselineMethod[i])
		}
	}
	if !(b.RegMAE < 1e-8) || !(b.BaseMAE > b.RegMAE) || !b.DriversHelp {
		t.Errorf("MAE %v vs %v, help %v", b.RegMAE, b.BaseMAE, b.DriversHelp)
	}
	if !strings.Contains(b.Verdict, "drivers add something") || !strings.Contains(b.Verdict, "actual values") {
		t.Errorf("verdict %q", b.Verdict)
	}
	t.Log(b.Verdict)

	if _, err := st.Backtest(context.Background(), len(st.Matrix.Periods), 1); err == nil {
		t.Error("as many origins as months: no error")
	}
}
