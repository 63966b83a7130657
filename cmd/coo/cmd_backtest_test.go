package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// backtestInput is two short series in the long format of shared/data/m3,
// columns shuffled and one extra column, rows out of order. Series A:
// training 1..6, test 7, 8. Series B: training 10, 12, 11, 13, 12, 14,
// test 13, 15.
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
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBacktestNaive checks the table and the --out file against a hand
// calculation for the naive method (m = 1, h = 2):
//
//	A: forecast 6, 6 against 7, 8: sMAPE = (200·1/13 + 200·2/14)/2
//	   = 21.978; in-sample mean |Δ| = 1, so MASE = 1.5.
//	B: forecast 14, 14 against 13, 15: sMAPE = (200/27 + 200/29)/2
//	   = 7.152; mean |Δ| = (2+1+2+1+2)/5 = 1.6, MAE 1, MASE = 0.625.
//
// Means: sMAPE 14.565, MASE 1.0625. The naive interval is mean ± z·σ√h with
// σ² the mean squared difference (A: 1): A's lo80 at step 1 is
// 6 − qnorm(0.9) = 4.718448434455.
func TestBacktestNaive(t *testing.T) {
	in := writeFile(t, "s.csv", backtestInput)
	out := filepath.Join(t.TempDir(), "f.csv")
	code, stdout, stderr := runCoo(t, "backtest", in, "--h", "2", "--m", "1", "--methods", "naive", "--out", out, "--quiet")
	if code != exitOK {
		t.Fatalf("coo backtest: exit %d, stderr %s", code, stderr)
	}
	var line []string
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "naive" {
			line = f
		}
	}
	if len(line) < 9 {
		t.Fatalf("coo backtest: no naive row in\n%s", stdout)
	}
	if line[1] != "14.57" || line[2] != "1.062" && line[2] != "1.063" || line[7] != "2" || line[8] != "0" {
		t.Errorf("coo backtest naive row = %v, want sMAPE 14.57, MASE 1.062, 2 scored, 0 failed (hand calculation)\n%s", line, stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != "series_id,method,step,mean,lo80,hi80,lo95,hi95" {
		t.Fatalf("--out: %d rows, header %v; want 5 rows with the documented header", len(rows), rows[0])
	}
	if strings.Join(rows[1][:4], ",") != "A,naive,1,6" {
		t.Errorf("--out row 1 = %v, want A,naive,1,6,…", rows[1])
	}
	lo80, _ := strconv.ParseFloat(rows[1][4], 64)
	if d := lo80 - 4.718448434455; d > 1e-11 || d < -1e-11 {
		t.Errorf("--out A step 1 lo80 = %v, want 4.718448434455 (6 − qnorm(0.9))", lo80)
	}
}

// TestBacktestAllMethods runs every method on the two series; each either
// forecasts or is counted as failed, and the command succeeds.
func TestBacktestAllMethods(t *testing.T) {
	in := writeFile(t, "s.csv", backtestInput)
	code, stdout, stderr := runCoo(t, "backtest", in, "--h", "2", "--m", "1", "--quiet")
	if code != exitOK {
		t.Fatalf("coo backtest: exit %d, stderr %s", code, stderr)
	}
	for _, m := range []string{"naive", "snaive", "drift", "mean", "lintrend", "ses", "holt", "damped", "ets", "theta", "comb", "auto"} {
		if !strings.Contains(stdout, "\n"+m+" ") && !strings.Contains(stdout, "\n    "+m) && !strings.Contains(stdout, m+"  ") {
			t.Errorf("coo backtest: no row for %s in\n%s", m, stdout)
		}
	}
}

func TestBacktestErrors(t *testing.T) {
	good := writeFile(t, "s.csv", backtestInput)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"UnknownMethod", []string{good, "--methods", "naive,arima"}, exitUsage, `unknown method "arima"`},
		{"NoFile", []string{}, exitUsage, "one CSV file"},
		{"BadH", []string{good, "--h", "0"}, exitUsage, "--h 0"},
		{"MissingColumn", []string{writeFile(t, "x.csv", "series_id,value,is_test\nA,1,0\n")}, exitFailed, `no column "period_index"`},
		{"BadValue", []string{writeFile(t, "x.csv", "series_id,period_index,value,is_test\nA,1,abc,0\n")}, exitFailed, "line 2: value \"abc\""},
		{"Missing", []string{filepath.Join(t.TempDir(), "none.csv")}, exitFailed, "none.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCoo(t, append([]string{"backtest", "--quiet"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("coo backtest %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
			}
		})
	}
}
