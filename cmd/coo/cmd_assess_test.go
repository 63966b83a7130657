package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestAssess runs coo demo, which writes the latest month's workbook, then
// coo assess for a month and for last, and the refusals.
func TestAssess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("coo demo = %d\n%s\n%s", code, out, errs)
	}
	demoBook := filepath.Join(dir, "reports", "assessment-2026-10.xlsx")
	for _, p := range []string{demoBook, htmlBeside(demoBook)} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("coo demo did not write %s: %v", p, err)
		}
	}

	out := filepath.Join(t.TempDir(), "a.xlsx")
	code, stdout, stderr := runCoo(t, "assess", "--project", dir, "--period", "last", "--out", out)
	if code != exitOK {
		t.Fatalf("coo assess --period last = %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "assessment 2026-10:") || !strings.Contains(stdout, "Sales") || !strings.Contains(stderr, "assessment written") {
		t.Errorf("coo assess printed:\n%s\n%s", stdout, stderr)
	}
	// --quiet: the summary line alone.
	code, stdout, stderr = runCoo(t, "assess", "--project", dir, "--period", "last", "--out", out, "--quiet")
	if code != exitOK || strings.Count(stdout, "\n") != 1 || !strings.HasPrefix(stdout, "assessment 2026-10: ") || stderr != "" {
		t.Errorf("coo assess --quiet = %d, printed:\n%s\n%s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 5 || sheets[0] != "Summary" || sheets[len(sheets)-1] != "Rules" {
		t.Errorf("sheets = %q", sheets)
	}
	if fm, _ := f.GetCellFormula("Summary", "F5"); !strings.Contains(fm, "!$M$") {
		t.Errorf("Summary!F5 formula = %q, want a unit sheet's final", fm)
	}
	html, err := os.ReadFile(htmlBeside(out))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("Assessment scores 2026-10")) {
		t.Errorf("%s lacks its title", htmlBeside(out))
	}

	// An earlier month by name, and the same month twice: the same figures.
	out2 := filepath.Join(t.TempDir(), "b.xlsx")
	if code, stdout, stderr := runCoo(t, "assess", "--project", dir, "--period", "2026-09", "--out", out2, "--quiet"); code != exitOK || !strings.Contains(stdout, "assessment 2026-09:") {
		t.Errorf("coo assess --period 2026-09 = %d\n%s\n%s", code, stdout, stderr)
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no data", []string{"--period", "2031-01", "--out", out2}, exitRefused, "data are incomplete for what was asked"},
		{"bad period", []string{"--period", "Oct", "--out", out2}, exitUsage, "--period"},
		{"no period", []string{"--out", out2}, exitUsage, "--period"},
		{"no out", []string{"--period", "last"}, exitUsage, "--out"},
		{"not xlsx", []string{"--period", "last", "--out", "a.csv"}, exitUsage, ".xlsx"},
	} {
		args := append([]string{"assess", "--project", dir, "--quiet"}, c.args...)
		code, _, stderr := runCoo(t, args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%s: coo %s = %d, %q; want %d and %q", c.name, strings.Join(args, " "), code, stderr, c.code, c.msg)
		}
	}
}

func TestAssessNoSection(t *testing.T) {
	dir := newProject(t)
	code, _, stderr := runCoo(t, "assess", "--project", dir, "--period", "last", "--out", filepath.Join(dir, "a.xlsx"))
	if code != exitUsage || !strings.Contains(stderr, "assessment:") {
		t.Errorf("coo assess without an assessment section = %d, %q; want %d naming assessment:", code, stderr, exitUsage)
	}
}
