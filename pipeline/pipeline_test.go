package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"coo/internal/project"
	"coo/warehouse"
)

// newProject writes a one-source project into a new folder.
func newProject(t *testing.T) *project.Project {
	t.Helper()
	dir := t.TempDir()
	cfg := `version: 1
sources:
  - name: finance
    files: books/*.xlsx
    sheet: Ledger
    period: {column: Month}
    dimensions: [{name: cost_line, column: Cost line}]
    measures:
      - {name: actual, column: Actual, unit: CNY}
metrics:
  - {name: finance.cost, source: finance, measure: actual, kind: flow}
`
	must(t, os.WriteFile(filepath.Join(dir, "coo.yaml"), []byte(cfg), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "books"), 0o755))
	p, err := project.Load(dir)
	must(t, err)
	return p
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSessionEnd: how a job ends is what the run history says, with the
// documented exit code.
func TestSessionEnd(t *testing.T) {
	p := newProject(t)
	ctx := context.Background()
	for _, tc := range []struct {
		err    error
		status string
		code   int
	}{
		{nil, warehouse.RunOK, ExitOK},
		{&RejectsError{Msg: "2 cells"}, warehouse.RunRejects, ExitRejects},
		{refusedf("incomplete"), warehouse.RunFailed, ExitRefused},
		{Optionf("bad"), warehouse.RunFailed, ExitUsage},
		{fmt.Errorf("load: %w", context.Canceled), warehouse.RunInterrupted, ExitInterrupted},
		{fmt.Errorf("disk full"), warehouse.RunFailed, ExitFailed},
	} {
		s, err := Begin(ctx, p, Config{Command: "coo test"})
		must(t, err)
		id := s.RunID
		if got := s.End(tc.err, ""); got != tc.err {
			t.Errorf("End(%v) = %v", tc.err, got)
		}
		db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true})
		must(t, err)
		r, err := db.Run(ctx, id)
		db.Close()
		must(t, err)
		if r.Status != tc.status || r.ExitCode == nil || *r.ExitCode != tc.code || r.Ended == nil {
			t.Errorf("run ended by %v: status %s, exit %v; want %s, %d", tc.err, r.Status, r.ExitCode, tc.status, tc.code)
		}
	}
	// A second writer is refused, naming the first.
	s, err := Begin(ctx, p, Config{Command: "coo first"})
	must(t, err)
	defer s.End(nil, "")
	if _, err := Begin(ctx, p, Config{Command: "coo second"}); !errors.Is(err, warehouse.ErrBusy) || ExitCode(err) != ExitRefused {
		t.Errorf("a second writer: %v (exit %d), want busy, exit %d", err, ExitCode(err), ExitRefused)
	}
}

func TestExitCodeProjectFile(t *testing.T) {
	dir := t.TempDir()
	must(t, os.Mkdir(filepath.Join(dir, "coo.yaml"), 0o755))
	_, err := project.Load(dir)
	if ExitCode(err) != ExitUsage {
		t.Errorf("coo.yaml a folder: %v, exit %d; want %d", err, ExitCode(err), ExitUsage)
	}
}
