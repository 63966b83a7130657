package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// studyRow returns the numbers of a term's row in study.md's coefficient
// table: estimate, std error, t, p, lower, upper.
func studyRow(t *testing.T, md, term string) []float64 {
	t.Helper()
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 9 || strings.TrimSpace(cells[1]) != term {
			continue
		}
		var out []float64
		for _, c := range cells[2:8] {
			v, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", term, c, err)
			}
			out = append(out, v)
		}
		return out
	}
	t.Fatalf("no row for %s in study.md", term)
	return nil
}

// TestStudyDemo runs the example study on the demo company, whose units
// follow last month's marketing spend with elasticity 0.25 and do not
// depend on the same month's (internal/demo/doc.go).
func TestStudyDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	outDir := filepath.Join(t.TempDir(), "out")
	code, out, errs := runCoo(t, "study", "testdata/marketing-study.yaml", "--project", dir, "--out", outDir, "--quiet")
	if code != exitOK {
		t.Fatalf("study: exit %d\n%s\n%s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(outDir, "study.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	lag1 := studyRow(t, md, "log(marketing.spend[t-1])")
	lag0 := studyRow(t, md, "log(marketing.spend)")
	// The truth: 0.25 at lag 1, 0 at lag 0.
	if !(lag1[0] > 0 && lag1[3] < 0.05) {
		t.Errorf("lag 1: estimate %v, p %v: want positive and significant", lag1[0], lag1[3])
	}
	if !(lag1[4] <= 0.25 && 0.25 <= lag1[5]) {
		t.Errorf("lag 1: 95%% CI %v to %v does not hold the true 0.25", lag1[4], lag1[5])
	}
	if !(lag0[0] < lag1[0]) || !(lag0[4] <= 0 && 0 <= lag0[5]) {
		t.Errorf("lag 0: estimate %v (CI %v to %v): want below lag 1's %v, CI holding 0", lag0[0], lag0[4], lag0[5], lag1[0])
	}
	for _, want := range []string{
		"## Answer\n\nEach 10% more marketing.spend is followed a month later by about ",
		"What does another 10% of marketing spend buy us in sales?",
		"## Scenarios", "marketing spend +10% from 2026-11", "## Sensitivity", "## Backtest", "## Data notes",
		"No charts in this report",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("study.md lacks %q", want)
		}
	}
	if strings.Contains(md, "NaN") || strings.Contains(md, "Inf") {
		t.Errorf("study.md has NaN or Inf:\n%s", md)
	}
}

func TestStudySpecErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"question: q\ntarget: sales.units\ndrivers: [marketing.spend]\nbogus: 1\n", ":4: bogus: unknown key"},
		{"question: q\ntarget: sales.units\n", "drivers: required"},
		{"question: q\ntarget: sales.units\ndrivers:\n  - {metric: m.x, lags: [1, 1]}\n", ":4: drivers[0].lags: lag 1 given twice"},
		{"question: q\ntarget: sales.units\ndrivers: [m.x]\nscenarios:\n  - {driver: m.y, change: 10%, from: 2026-11}\n", ":5: scenarios[0].driver: m.y is not one of the drivers"},
		{"question: q\ntarget: sales.units\ndrivers: [m.x]\nscenarios:\n  - {driver: m.x, change: ten, from: 2026-11}\n", "scenarios[0].change: want a number"},
	} {
		path := filepath.Join(t.TempDir(), "s.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		code, _, errs := runCoo(t, "study", path, "--project", t.TempDir())
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tc.yaml, code, errs, tc.want)
		}
	}
}
