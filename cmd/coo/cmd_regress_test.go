package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// longleyCSV converts NIST StRD Longley.dat (forecast/testdata/nist) to a
// CSV with the header y,x1,…,x6 and returns it with the certified
// estimates and standard errors B0…B6.
func longleyCSV(t *testing.T) (path string, cert, certSE []float64) {
	t.Helper()
	b, err := os.ReadFile("../../forecast/testdata/nist/Longley.dat")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n")
	var sb strings.Builder
	sb.WriteString("y,x1,x2,x3,x4,x5,x6\n")
	for _, l := range lines[60:76] { // data: lines 61 to 76
		sb.WriteString(strings.Join(strings.Fields(l), ",") + "\n")
	}
	for _, l := range lines[30:37] { // certified B0 … B6: lines 31 to 37
		f := strings.Fields(l)
		if len(f) != 3 || f[0] != "B"+strconv.Itoa(len(cert)) {
			t.Fatalf("Longley.dat: unexpected certified line %q", l)
		}
		v, err1 := strconv.ParseFloat(f[1], 64)
		se, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("Longley.dat: %q: %v %v", l, err1, err2)
		}
		cert, certSE = append(cert, v), append(certSE, se)
	}
	return writeFile(t, "longley.csv", sb.String()), cert, certSE
}

func parseCSV(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, s)
	}
	return recs
}

// TestRegressLongley fits NIST Longley from a CSV: the csv format's header,
// term names and 17 significant digits, and the estimates and standard
// errors against NIST's certified values to 1e-9 relative (Regress reaches
// about 1e-13; see forecast/regress_test.go).
func TestRegressLongley(t *testing.T) {
	in, cert, certSE := longleyCSV(t)
	code, stdout, stderr := runCoo(t, "regress", in, "--y", "y", "--x", "x1,x2,x3,x4,x5,x6", "--format", "csv")
	if code != exitOK {
		t.Fatalf("coo regress: exit %d, stderr %s", code, stderr)
	}
	recs := parseCSV(t, stdout)
	if got := strings.Join(recs[0], ","); got != "term,estimate,std_error,t,p" {
		t.Errorf("header = %q, want term,estimate,std_error,t,p", got)
	}
	terms := []string{"(Intercept)", "x1", "x2", "x3", "x4", "x5", "x6"}
	if len(recs) != 1+len(terms) {
		t.Fatalf("got %d rows, want %d:\n%s", len(recs), 1+len(terms), stdout)
	}
	for i, rec := range recs[1:] {
		if rec[0] != terms[i] {
			t.Errorf("row %d term = %q, want %q", i+1, rec[0], terms[i])
		}
		for _, cell := range rec[1:] {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Errorf("row %d: %q is not a number", i+1, cell)
				continue
			}
			if want := strconv.FormatFloat(v, 'g', 17, 64); cell != want {
				t.Errorf("row %d: %q is not in 17 significant digits (%q)", i+1, cell, want)
			}
		}
		est, _ := strconv.ParseFloat(rec[1], 64)
		se, _ := strconv.ParseFloat(rec[2], 64)
		if d := math.Abs(est-cert[i]) / math.Abs(cert[i]); d > 1e-9 {
			t.Errorf("%s estimate = %.17g, want %.15g (NIST), relative difference %.2g", terms[i], est, cert[i], d)
		}
		if d := math.Abs(se-certSE[i]) / math.Abs(certSE[i]); d > 1e-9 {
			t.Errorf("%s std_error = %.17g, want %.15g (NIST), relative difference %.2g", terms[i], se, certSE[i], d)
		}
	}

	// The table format prints the fit statistics and the diagnostics.
	code, stdout, stderr = runCoo(t, "regress", in, "--y", "y", "--x", "x1,x2,x3,x4,x5,x6")
	if code != exitOK {
		t.Fatalf("coo regress (table): exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{"(Intercept)", "R²                   0.995479", "residual std error   304.854 on 9 df",
		"Durbin–Watson", "Breusch–Pagan", "VIF x2", "predictors are nearly collinear"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestRegressWampler2 fits NIST StRD Wampler2 (y = 1 + 0.1x + 0.01x² +
// 0.001x³ + 0.0001x⁴ + 0.00001x⁵ exactly, x = 0…20, y written to 5 decimals)
// through the command, from a CSV of x, x², …, x⁵. Issue 17's bar is R lm's
// agreement with the certified values, 13.8 digits (log relative error) for
// the coefficients; the certified standard errors are 0, so theirs is the
// absolute error, R's 14.9 digits.
func TestRegressWampler2(t *testing.T) {
	b, err := os.ReadFile("../../forecast/testdata/nist/Wampler2.dat")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n")
	var sb strings.Builder
	sb.WriteString("y,x1,x2,x3,x4,x5\n")
	for _, l := range lines[60:81] { // data: lines 61 to 81, "y x"
		f := strings.Fields(l)
		x, err := strconv.Atoi(f[1])
		if len(f) != 2 || err != nil {
			t.Fatalf("Wampler2.dat: unexpected data line %q", l)
		}
		fmt.Fprintf(&sb, "%s,%d,%d,%d,%d,%d\n", f[0], x, x*x, x*x*x, x*x*x*x, x*x*x*x*x)
	}
	in := writeFile(t, "wampler2.csv", sb.String())
	code, stdout, stderr := runCoo(t, "regress", in, "--y", "y", "--x", "x1,x2,x3,x4,x5", "--format", "csv")
	if code != exitOK {
		t.Fatalf("coo regress: exit %d, stderr %s", code, stderr)
	}
	recs := parseCSV(t, stdout)
	cert := []float64{1, 0.1, 0.01, 0.001, 0.0001, 0.00001} // B0 … B5
	if len(recs) != 1+len(cert) {
		t.Fatalf("got %d rows, want %d:\n%s", len(recs), 1+len(cert), stdout)
	}
	for i, rec := range recs[1:] {
		est, err1 := strconv.ParseFloat(rec[1], 64)
		se, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("row %d: %v %v", i+1, err1, err2)
		}
		lre := 15.0 // agreement to every digit a float64 holds
		if d := math.Abs(est-cert[i]) / cert[i]; d > 0 {
			lre = min(lre, -math.Log10(d))
		}
		if lre < 13.8 {
			t.Errorf("%s estimate = %.17g, want %g (NIST): %.1f digits, want at least R lm's 13.8", rec[0], est, cert[i], lre)
		}
		if se > 1e-15 {
			t.Errorf("%s std_error = %.3g, want 0 (NIST) to 15 digits (R lm: 14.9)", rec[0], se)
		}
	}
}

// TestRegressNoIntercept checks --no-intercept on y = 2x exactly plus
// ±1: x = 1, 2, 3, 4, y = 3, 3, 7, 7. By hand: b = Σxy/Σx² = 58/30,
// RSS = Σy² − b·Σxy = 116 − 58²/30 = 3.8666…, σ² = RSS/3,
// SE = √(σ²/30), t = b/SE.
func TestRegressNoIntercept(t *testing.T) {
	in := writeFile(t, "d.csv", "x,y,note\n1,3,a\n2,3,b\n3,7,c\n4,7,d\n")
	code, stdout, stderr := runCoo(t, "regress", in, "--y", "y", "--x", "x", "--no-intercept", "--format", "csv")
	if code != exitOK {
		t.Fatalf("coo regress: exit %d, stderr %s", code, stderr)
	}
	recs := parseCSV(t, stdout)
	if len(recs) != 2 || recs[1][0] != "x" {
		t.Fatalf("want one term x, got:\n%s", stdout)
	}
	b := 58.0 / 30
	se := math.Sqrt((116 - 58*58/30.0) / 3 / 30)
	for i, want := range []float64{b, se, b / se} {
		got, _ := strconv.ParseFloat(recs[1][i+1], 64)
		if math.Abs(got-want) > 1e-14*math.Abs(want) {
			t.Errorf("%s = %.17g, want %.17g (by hand)", recs[0][i+1], got, want)
		}
	}
}

// TestRegressErrors checks the refusals: each exits 2 with a message
// naming the problem.
func TestRegressErrors(t *testing.T) {
	good := "a,b,c,y\n1,2,3,4\n2,1,3,5\n3,5,8,9\n4,3,7,8\n5,8,13,14\n"
	for _, tc := range []struct {
		name, input string
		args        []string
		want        []string
	}{
		{"BadCell", "a,y\n1,2\n2,x7\n3,5\n", []string{"--y", "y", "--x", "a"},
			[]string{`line 3, column "y": "x7" is not a finite number`}},
		{"EmptyCell", "a,y\n1,2\n,3\n3,5\n", []string{"--y", "y", "--x", "a"},
			[]string{`line 3, column "a": empty cell`}},
		{"NaNCell", "a,y\n1,2\n2,NaN\n3,5\n", []string{"--y", "y", "--x", "a"},
			[]string{`line 3, column "y": "NaN" is not a finite number`}},
		{"MissingColumn", good, []string{"--y", "y", "--x", "a,price"},
			[]string{`no column "price" in the header`}},
		{"Collinear", good, []string{"--y", "y", "--x", "a,b,c"},
			[]string{"collinear columns c", "c = 1·a + 1·b", "leave c out of --x"}},
		{"NoX", good, []string{"--y", "y"}, []string{"--x is required"}},
		{"YInX", good, []string{"--y", "y", "--x", "a,y"}, []string{"it is the response"}},
		{"BadFormat", good, []string{"--y", "y", "--x", "a", "--format", "json"}, []string{`--format "json"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := writeFile(t, "d.csv", tc.input)
			code, stdout, stderr := runCoo(t, append([]string{"regress", in}, tc.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, w)
				}
			}
		})
	}
}

// TestRegressDefuse checks that a column name a spreadsheet would run as a
// formula is defused in the csv format, as coo sql does.
func TestRegressDefuse(t *testing.T) {
	in := writeFile(t, "d.csv", "=cmd,y\n1,2\n2,3.5\n3,5.5\n4,6\n")
	code, stdout, stderr := runCoo(t, "regress", in, "--y", "y", "--x", "=cmd", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if recs := parseCSV(t, stdout); recs[2][0] != "'=cmd" {
		t.Errorf("term = %q, want '=cmd", recs[2][0])
	}
}
