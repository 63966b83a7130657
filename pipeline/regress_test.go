package pipeline

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nist reads a NIST StRD linear regression file (forecast/testdata/nist):
// its data as a CSV file with its header (y,x1,… or y,x), and the certified
// estimates B0, B1, … (B1 first when there is no intercept) and their
// standard errors, the residual standard deviation and R².
func nist(t *testing.T, name string) (csvPath string, est, se []float64, sigma, r2 float64) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "forecast", "testdata", "nist", name))
	must(t, err)
	var sb strings.Builder
	data := false
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		must(t, err)
		return v
	}
	for _, l := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
		f := strings.Fields(l)
		switch {
		case data && len(f) > 0:
			sb.WriteString(strings.Join(f, ",") + "\n")
		case len(f) > 1 && f[0] == "Data:" && f[1] == "y":
			data = true
			sb.WriteString(strings.Join(f[1:], ",") + "\n")
		case len(f) == 3 && len(f[0]) == 2 && f[0][0] == 'B':
			est, se = append(est, num(f[1])), append(se, num(f[2]))
		case len(f) == 3 && f[0] == "Standard" && f[1] == "Deviation":
			sigma = num(f[2])
		case len(f) == 2 && f[0] == "R-Squared":
			r2 = num(f[1])
		}
	}
	csvPath = filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".dat")+".csv")
	must(t, os.WriteFile(csvPath, []byte(sb.String()), 0o644))
	return csvPath, est, se, sigma, r2
}

// TestRegressNIST fits two NIST StRD data sets from CSV files and compares
// with the certified values to 1e-9 relative (forecast.Regress reaches
// about 1e-13; forecast/regress_test.go): Longley (six highly collinear
// predictors and an intercept) and NoInt1 (through the origin, R²
// uncentred).
func TestRegressNIST(t *testing.T) {
	for _, tc := range []struct {
		file  string
		x     []string
		noInt bool
	}{
		{"Longley.dat", []string{"x1", "x2", "x3", "x4", "x5", "x6"}, false},
		{"NoInt1.dat", []string{"x"}, true},
	} {
		path, est, se, sigma, r2 := nist(t, tc.file)
		res, err := Regress(path, RegressOptions{Y: "y", X: tc.x, NoIntercept: tc.noInt})
		if err != nil {
			t.Fatalf("Regress(%s): %v", tc.file, err)
		}
		reg := res.Regression
		if len(reg.Terms) != len(est) || res.Diagnostics == nil {
			t.Fatalf("Regress(%s): %d terms, want %d, with diagnostics", tc.file, len(reg.Terms), len(est))
		}
		close := func(what string, got, want float64) {
			if d := math.Abs(got-want) / math.Abs(want); d > 1e-9 {
				t.Errorf("Regress(%s) %s = %.17g, want %.15g (NIST), relative difference %.2g", tc.file, what, got, want, d)
			}
		}
		for i, term := range reg.Terms {
			close(term.Name+" estimate", term.Estimate, est[i])
			close(term.Name+" std error", term.StdError, se[i])
		}
		close("residual std error", reg.Sigma, sigma)
		close("R²", reg.RSquared, r2)
		if want := tc.x[len(tc.x)-1]; reg.Terms[len(reg.Terms)-1].Name != want {
			t.Errorf("Regress(%s): last term %q, want %q (the column's name)", tc.file, reg.Terms[len(reg.Terms)-1].Name, want)
		}
	}
}

// TestRegressRefusals: each mistake is an *OptionError (exit 2) naming it;
// nothing is dropped silently.
func TestRegressRefusals(t *testing.T) {
	good := "a,b,c,y\n1,2,3,4\n2,1,3,5\n3,5,8,9\n4,3,7,8\n5,8,13,14\n"
	for _, tc := range []struct {
		name, input string
		opt         RegressOptions
		want        string
	}{
		{"BadCell", "a,y\n1,2\n2,x7\n3,5\n", RegressOptions{Y: "y", X: []string{"a"}}, `line 3, column "y": "x7" is not a finite number`},
		{"EmptyCell", "a,y\n1,2\n,3\n3,5\n", RegressOptions{Y: "y", X: []string{"a"}}, `line 3, column "a": empty cell`},
		{"Inf", "a,y\n1,2\n2,+Inf\n3,5\n", RegressOptions{Y: "y", X: []string{"a"}}, `"+Inf" is not a finite number`},
		{"MissingColumn", good, RegressOptions{Y: "y", X: []string{"a", "price"}}, `no column "price" in the header`},
		{"RepeatedColumn", "a,a,y\n1,2,3\n", RegressOptions{Y: "y", X: []string{"a"}}, `column "a" appears more than once`},
		{"NoRows", "a,y\n", RegressOptions{Y: "y", X: []string{"a"}}, "no data rows"},
		{"Empty", "", RegressOptions{Y: "y", X: []string{"a"}}, "empty file"},
		{"Collinear", good, RegressOptions{Y: "y", X: []string{"a", "b", "c"}}, "collinear columns c: c = 1·a + 1·b; leave c out of --x"},
		{"NoX", good, RegressOptions{Y: "y"}, "--x is required"},
		{"NoY", good, RegressOptions{X: []string{"a"}}, "--y is required"},
		{"YInX", good, RegressOptions{Y: "y", X: []string{"a", "y"}}, "it is the response"},
		{"XTwice", good, RegressOptions{Y: "y", X: []string{"a", "a"}}, "a appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.csv")
			must(t, os.WriteFile(path, []byte(tc.input), 0o644))
			res, err := Regress(path, tc.opt)
			var oe *OptionError
			if res != nil || !errors.As(err, &oe) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Regress(%q, %+v) = %v, %v; want an *OptionError containing %q", tc.input, tc.opt, res, err, tc.want)
			}
		})
	}
}
