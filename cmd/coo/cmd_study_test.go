package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"coo/internal/demo"
)

// studyRow returns the numbers of a term's row in a study's Markdown
// coefficient table: estimate, std error, t, p, lower, upper.
func studyRow(t *testing.T, md, term string) []float64 {
	t.Helper()
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(strings.ReplaceAll(line, `\`, ""), "|")
		if len(cells) != 9 || strings.TrimSpace(cells[1]) != term {
			continue
		}
		var out []float64
		for _, c := range cells[2:8] {
			c = strings.Trim(strings.TrimSpace(c), "*")
			v, err := strconv.ParseFloat(c, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", term, c, err)
			}
			out = append(out, v)
		}
		return out
	}
	t.Fatalf("no row for %s in the study", term)
	return nil
}

// TestStudyDemo checks the study coo demo runs: units follow last month's
// marketing spend with the generator's elasticity (internal/demo,
// Params.Elasticity) and do not depend on the same month's. The study must
// find the lag, and its 95% interval must hold the truth. Then coo study
// runs the demo's study file twice and writes the same bytes.
func TestStudyDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo")
	}
	co, err := demo.Generate(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	truth := co.Truth.Params.Elasticity
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	} else if !strings.Contains(out, "study-marketing.html, study-marketing.md, study-marketing.pdf") {
		t.Errorf("the demo's summary does not name the study:\n%s", out)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "studies", "marketing.yaml")); err != nil || !bytes.Equal(b, co.Study.Data) {
		t.Errorf("studies/marketing.yaml is not the demo's study (err %v)", err)
	}
	reports := filepath.Join(dir, "reports")
	for _, name := range []string{"study-marketing.html", "study-marketing.pdf", "study-marketing-assets/01-fit.png", "study-marketing-assets/02-residuals.png", "study-marketing-assets/03-scenarios.png"} {
		if fi, err := os.Stat(filepath.Join(reports, name)); err != nil || fi.Size() == 0 {
			t.Errorf("demo: no %s (%v)", name, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(reports, "study-marketing.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	lag1 := studyRow(t, md, "log(marketing.spend[t-1])")
	lag0 := studyRow(t, md, "log(marketing.spend)")
	if !(lag1[0] > 0 && lag1[3] < 0.05) {
		t.Errorf("lag 1: estimate %v, p %v: want positive and significant", lag1[0], lag1[3])
	}
	if !(lag1[4] <= truth && truth <= lag1[5]) {
		t.Errorf("lag 1: 95%% CI %v to %v does not hold the true %v", lag1[4], lag1[5], truth)
	}
	if !(lag0[3] >= 0.05) || !(lag0[4] <= 0 && 0 <= lag0[5]) {
		t.Errorf("lag 0: estimate %v (p %v, CI %v to %v): want not significant, CI holding 0", lag0[0], lag0[3], lag0[4], lag0[5])
	}
	for _, want := range []string{
		"### Answer\n\nEach extra 10,000 CNY of marketing spend in a month brings about ",
		"No effect of marketing spend is distinguishable from none in the same month",
		"What does another 10% of marketing spend buy us in sales?",
		"## Scenarios", "the change under “marketing spend +10% from 2026-11”**", "| 2026-11 | ", "### Sensitivity", "## Backtest and data", "### Data",
		"| **sales** | sales.units, sales.revenue |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("study-marketing.md lacks %q", want)
		}
	}
	if strings.Contains(md, "NaN") || strings.Contains(md, "Inf") || strings.Contains(md, "Generated") {
		t.Errorf("study-marketing.md has NaN, Inf or a generation time:\n%s", md)
	}

	// coo study on the same file, twice, with a pinned clock.
	t.Setenv("SOURCE_DATE_EPOCH", "1795000000")
	spec := filepath.Join(dir, "studies", "marketing.yaml")
	var runs [2]map[string][]byte
	for i := range runs {
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, errs := runCoo(t, "study", spec, "--project", dir, "--out", out, "--quiet")
		if code != exitOK {
			t.Fatalf("study: exit %d\n%s\n%s", code, stdout, errs)
		}
		if want := filepath.Join(out, "study.html") + "\n" + filepath.Join(out, "study.md") + "\n" + filepath.Join(out, "study.pdf") + "\n"; stdout != want {
			t.Errorf("study printed %q, want %q", stdout, want)
		}
		runs[i] = map[string][]byte{}
		for _, name := range []string{"study.html", "study.md", "study.pdf", "study-assets/01-fit.png", "study-assets/03-scenarios.png"} {
			if runs[i][name], err = os.ReadFile(filepath.Join(out, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, data := range runs[0] {
		if !bytes.Equal(data, runs[1][name]) {
			t.Errorf("coo study twice: %s differs", name)
		}
	}
	if !bytes.Contains(runs[0]["study.md"], []byte("](study-assets/01-fit.png)")) {
		t.Error("study.md does not link its charts in study-assets/")
	}
	// --format md writes only the Markdown and its charts.
	out := filepath.Join(t.TempDir(), "md")
	if code, _, errs := runCoo(t, "study", spec, "--project", dir, "--out", out, "--format", "md", "--quiet"); code != exitOK {
		t.Fatalf("study --format md: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "study.html")); err == nil {
		t.Error("--format md wrote study.html")
	}
}

// TestStudySpecErrors wants every mistake of a study file at once, with
// its line and key, and exit 2.
func TestStudySpecErrors(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runCoo(t, "init", "--project", dir); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "question: q\ntarget: sales.revenue\ndrivers: [sales.units_north]\nbogus: 1\n", []string{":4: bogus: unknown key"}},
		{"no drivers", "question: q\ntarget: sales.revenue\n", []string{":1: drivers: required"}},
		{"several", "question: q\ntarget: sales.revenu\ndrivers:\n  - {metric: sales.units_north, lags: [1, 1]}\nscenarios:\n  - {driver: m.y, change: ten, from: 2026-11}\n", []string{
			":2: target: metric sales.revenu is not defined in the project file; did you mean sales.revenue?",
			":4: drivers[0].lags: lag 1 given twice",
			":6: scenarios[0].driver: m.y is not one of the drivers",
			":6: scenarios[0].change: want a number"}},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "s.yaml")
		if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCoo(t, "study", path, "--project", dir)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want 2\n%s", tc.name, code, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, path+w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, path+w, errs)
			}
		}
	}
	if code, _, errs := runCoo(t, "study", "--format", "docx", "x.yaml", "--project", dir); code != exitUsage || !strings.Contains(errs, "docx") {
		t.Errorf("--format docx: exit %d, %q; want 2 naming docx", code, errs)
	}
}
