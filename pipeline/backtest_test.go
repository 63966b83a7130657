package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// backtestInput is four short series in the long format of shared/data/m3,
// columns shuffled, one extra column, rows out of order.
//
//	A: training 1 … 6, test 7, 8
//	B: training 10, 12, 11, 13, 12, 14, test 13, 15
//	C: training 10, 10, 10, 20, test 20, 25
//	D: training 3, 4, 5, no test part
const backtestInput = `category,value,is_test,series_id,period_index
X,7,1,A,7
X,1,0,A,1
X,2,0,A,2
X,3,0,A,3
X,4,0,A,4
X,5,0,A,5
X,6,0,A,6
X,8,1,A,8
X,10,0,B,1
X,12,0,B,2
X,11,0,B,3
X,13,0,B,4
X,12,0,B,5
X,14,0,B,6
X,13,1,B,7
X,15,1,B,8
X,25,true,C,6
X,20,false,C,4
X,10,false,C,1
X,10,false,C,2
X,10,false,C,3
X,20,true,C,5
X,3,0,D,1
X,4,0,D,2
X,5,0,D,3
`

func TestReadBacktestCSV(t *testing.T) {
	series, err := ReadBacktestCSV(strings.NewReader("\ufeff"+backtestInput), "s.csv")
	must(t, err)
	got := ""
	for _, s := range series {
		got += s.ID + fmtFloats(s.Train) + fmtFloats(s.Test) + " "
	}
	if want := "A[1 2 3 4 5 6][7 8] B[10 12 11 13 12 14][13 15] C[10 10 10 20][20 25] D[3 4 5][] "; got != want {
		t.Errorf("ReadBacktestCSV = %s, want %s", got, want)
	}
	for _, tc := range []struct{ name, input, want string }{
		{"MissingColumn", "series_id,value,is_test\nA,1,0\n", `s.csv: no column "period_index"`},
		{"BadValue", "series_id,period_index,value,is_test\nA,1,abc,0\n", `s.csv: line 2: value "abc" is not a finite number`},
		{"NaN", "series_id,period_index,value,is_test\nA,1,0,0\nA,2,NaN,0\n", `line 3: value "NaN"`},
		{"BadIndex", "series_id,period_index,value,is_test\nA,x,1,0\n", `line 2: period_index "x" is not an integer`},
		{"BadTest", "series_id,period_index,value,is_test\nA,1,1,yes\n", `line 2: is_test "yes"`},
		{"Twice", "series_id,period_index,value,is_test\nA,1,1,0\nA,1,2,0\n", "series A: period_index 1 appears twice"},
		{"Gap", "series_id,period_index,value,is_test\nA,1,1,0\nA,2,2,0\nA,4,3,0\n", "series A: period_index jumps from 2 to 4"},
		{"TrainAfterTest", "series_id,period_index,value,is_test\nA,1,1,1\nA,2,2,0\n", "series A: training value at period_index 2 after a test value"},
	} {
		if _, err := ReadBacktestCSV(strings.NewReader(tc.input), "s.csv"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ReadBacktestCSV = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func fmtFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// TestBacktestNaive checks the naive method (m = 1, h = 2) against a hand
// calculation. sMAPE = mean of 200|f−y|/(|f|+|y|); MASE = MAE over the
// in-sample mean |Δy|.
//
//	A: forecast 6, 6 against 7, 8: sMAPE (200/13 + 400/14)/2 = 21.978022;
//	   mean |Δ| = 1, MAE 1.5: MASE 1.5
//	B: forecast 14, 14 against 13, 15: sMAPE (200/27 + 200/29)/2 = 7.151979;
//	   mean |Δ| = 8/5 = 1.6, MAE 1: MASE 0.625
//	C: forecast 20, 20 against 20, 25: sMAPE (0 + 1000/45)/2 = 11.111111;
//	   mean |Δ| = 10/3, MAE 2.5: MASE 0.75
//	D: no test part, forecast and not scored
//
// Means over A, B, C: sMAPE 13.413704, MASE 0.958333. The naive interval
// is f ± z·σ√h with σ² the mean squared difference (A: 1), so A's lo80 at
// step 1 is 6 − qnorm(0.9) = 4.718448434455 (R: 6 - qnorm(0.9)).
func TestBacktestNaive(t *testing.T) {
	series, err := ReadBacktestCSV(strings.NewReader(backtestInput), "s.csv")
	must(t, err)
	var buf bytes.Buffer
	res, err := Backtest(context.Background(), series, BacktestOptions{H: 2, M: 1, Methods: []string{"naive"}}, &buf)
	must(t, err)
	if res.Series != 4 || res.NoTest != 1 || len(res.Methods) != 1 || res.FirstErr != nil {
		t.Fatalf("Backtest = %+v, want 4 series, 1 without a test part, one method, no failure", res)
	}
	r := res.Methods[0]
	smape := (200.0/13 + 400.0/14 + 200.0/27 + 200.0/29 + 1000.0/45) / 6
	if r.Method != "naive" || r.Scored != 3 || r.Failed != 0 ||
		math.Abs(r.Accuracy.SMAPE-smape) > 1e-9 || math.Abs(r.Accuracy.MASE-(1.5+0.625+0.75)/3) > 1e-12 {
		t.Errorf("naive: %s sMAPE %.9f MASE %.9f, %d scored, %d failed; want sMAPE %.9f, MASE 0.958333333, 3 scored, 0 failed (by hand)",
			r.Method, r.Accuracy.SMAPE, r.Accuracy.MASE, r.Scored, r.Failed, smape)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	must(t, err)
	if len(rows) != 1+4*2 || strings.Join(rows[0], ",") != strings.Join(ForecastHeader, ",") {
		t.Fatalf("forecasts CSV: %d rows, header %v; want 9 with ForecastHeader", len(rows), rows[0])
	}
	if got := strings.Join(rows[1][:4], ","); got != "A,naive,1,6" {
		t.Errorf("forecasts row 1 = %v, want A,naive,1,6,…", rows[1])
	}
	if got := strings.Join(rows[8][:4], ","); got != "D,naive,2,5" {
		t.Errorf("forecasts row 8 = %v, want D,naive,2,5,… (forecast, though not scored)", rows[8])
	}
	if lo80, _ := strconv.ParseFloat(rows[1][4], 64); math.Abs(lo80-4.718448434455) > 1e-11 {
		t.Errorf("A step 1 lo80 = %v, want 4.718448434455 (6 − qnorm(0.9))", lo80)
	}
}

// TestBacktestFile: the forecasts file appears whole, and a backtest that
// does not finish leaves no file and no temporary file behind.
func TestBacktestFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "s.csv")
	must(t, os.WriteFile(in, []byte(backtestInput), 0o644))
	out := filepath.Join(dir, "f.csv")
	opt := BacktestOptions{H: 2, M: 1, Methods: []string{"naive", "mean"}}
	res, err := BacktestFile(context.Background(), in, out, opt)
	must(t, err)
	b, err := os.ReadFile(out)
	must(t, err)
	if n := strings.Count(string(b), "\n"); n != 1+2*4*2 || len(res.Methods) != 2 {
		t.Errorf("%s has %d lines, want 17 (header, 2 methods × 4 series × 2 steps)", out, n)
	}
	must(t, os.Remove(out))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BacktestFile(ctx, in, out, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("BacktestFile cancelled = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after a cancelled backtest the folder holds %d entries, want only the input", len(entries))
	}
	for _, tc := range []struct {
		opt  BacktestOptions
		want string
	}{
		{BacktestOptions{H: 0, M: 1}, "--h 0"},
		{BacktestOptions{H: 1, M: 0}, "--m 0"},
		{BacktestOptions{H: 1, M: 1, Methods: []string{"naive", "arima"}}, `--methods: unknown method "arima"`},
	} {
		var oe *OptionError
		if _, err := BacktestFile(context.Background(), in, out, tc.opt); !errors.As(err, &oe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("BacktestFile(%+v) = %v, want an *OptionError with %q", tc.opt, err, tc.want)
		}
	}
}
