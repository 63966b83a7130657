package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coo/internal/project"
)

// inspectDir holds the fixtures of ingest/testdata/inspect/make_inspect.py
// and the project mapping them.
var inspectDir = filepath.Join("..", "..", "ingest", "testdata", "inspect")

// TestInspectCLI runs coo inspect on each fixture: the exit status the
// script expects (0 clean, 3 cells set aside, 2 refused on one line), the
// cells it names, and no warehouse created.
func TestInspectCLI(t *testing.T) {
	for _, tc := range []struct {
		file     string
		code     int
		contains []string
	}{
		{"ledger.xlsx", exitRejects, []string{"header: row 4", "B4", "C4", "dimension cost_line", "row 14      a total", "row 11      the header again",
			"Ledger!E12  not_a_number", "Ledger!E13  blank_value", `sheet "Old" (hidden): skipped`, "would load 9 values"}},
		{"channels.xlsx", exitOK, []string{"leads, named by a label above the header in A1", "spend, named by a label above the header in A7",
			`column E "FY total": 6 cells, all add up`, "cleanly"}},
		{"stores.xlsx", exitOK, []string{`month: 2026-10 from the cell right of "Month:" in A2 (B2 holds "Oct 2026")`}},
		{"mismatch.xlsx", exitUsage, []string{"refused as a whole (total_mismatch)"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errs := runCoo(t, "inspect", "--project", inspectDir, filepath.Join(inspectDir, tc.file))
			if code != tc.code {
				t.Fatalf("coo inspect %s = %d, want %d\n%s%s", tc.file, code, tc.code, out, errs)
			}
			for _, c := range tc.contains {
				if !strings.Contains(out, c) {
					t.Errorf("coo inspect %s: output lacks %q:\n%s", tc.file, c, out)
				}
			}
			if tc.code == exitUsage && (strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "C4")) {
				t.Errorf("coo inspect %s: stderr = %q, want one line naming C4", tc.file, errs)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(inspectDir, "coo.duckdb")); err == nil {
		t.Errorf("coo inspect created a warehouse")
	}
}

// TestInspectNoSource: a file no glob matches is refused, naming the globs;
// --source reads it anyway.
func TestInspectNoSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "elsewhere.xlsx")
	data, err := os.ReadFile(filepath.Join(inspectDir, "stores.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, data, 0o644)
	code, _, errs := runCoo(t, "inspect", "--project", inspectDir, file)
	if code != exitUsage || !strings.Contains(errs, "ledger: ledger.xlsx") || !strings.Contains(errs, "stores: stores.xlsx") {
		t.Errorf("coo inspect (no glob) = %d, %q; want 2 naming the globs", code, errs)
	}
	code, _, errs = runCoo(t, "inspect", "--project", inspectDir, "--source", "stores", file)
	if code != exitOK {
		t.Errorf("coo inspect --source stores = %d, %q; want 0", code, errs)
	}
}

// TestInitFrom drafts coo.yaml from the samples copied into a project,
// checks that it loads and that coo ingest reads the samples without a
// reject, and that a second init refuses to overwrite it.
func TestInitFrom(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "samples")
	os.MkdirAll(in, 0o755)
	src := filepath.Join(inspectDir, "draft")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"init", "--project", dir, "--from"}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, e.Name()), data, 0o644)
		args = append(args, filepath.Join(in, e.Name()))
	}
	code, out, errs := runCoo(t, args...)
	if code != exitOK {
		t.Fatalf("coo init --from = %d\n%s%s", code, out, errs)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatalf("the draft does not load: %v", err)
	}
	if len(p.Sources) != 4 || p.Source("sales") == nil || p.Source("sales").Files != "samples/sales-*.xlsx" {
		t.Errorf("drafted sources: %+v", p.Sources)
	}
	code, out, errs = runCoo(t, "ingest", "--project", dir)
	if code != exitOK || !strings.Contains(out, "5 loaded") {
		t.Errorf("coo ingest of the draft = %d, want 0 with 5 files loaded\n%s%s", code, out, errs)
	}
	code, _, errs = runCoo(t, args...)
	if code != exitRefused || !strings.Contains(errs, "already exists") {
		t.Errorf("coo init --from again = %d, %q; want 4", code, errs)
	}
	code, _, _ = runCoo(t, append(args[:3], append([]string{"--force", "--from"}, args[4:]...)...)...)
	if code != exitOK {
		t.Errorf("coo init --force --from = %d, want 0", code)
	}
}
