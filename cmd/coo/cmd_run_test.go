package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coo/pipeline"
)

// TestRunMonthly runs the unattended job on the demo: it publishes the
// latest month once, does nothing the second time, publishes again only
// with --force; a second run while one holds the warehouse is refused; a
// run killed before publishing leaves nothing published and is recorded
// as failed by the next run.
func TestRunMonthly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("coo demo = %d\n%s\n%s", code, out, errs)
	}
	final := filepath.Join(dir, "reports", "2026-10")

	// Killed just before publishing, while a second run is refused.
	cmd := child(t, "run-publish", dir)
	code, _, errs := runCoo(t, "run", "monthly", "--project", dir)
	if code != exitRefused || !strings.Contains(errs, "coo run") {
		t.Errorf("a second run while one holds the warehouse = %d, want %d naming the holder:\n%s", code, exitRefused, errs)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(final); err == nil {
		t.Fatalf("a run killed before publishing left %s", final)
	}

	code, out, errs := runCoo(t, "run", "monthly", "--project", dir)
	if code != exitOK || !strings.Contains(out, "published 2026-10") {
		t.Fatalf("run monthly = %d\n%s\n%s", code, out, errs)
	}
	db := openRO(t, dir)
	var status, msg string
	if err := db.QueryRow(`SELECT status, message FROM runs WHERE command = 'coo run' ORDER BY id LIMIT 1`).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	var published int
	db.QueryRow(`SELECT count(*) FROM run_files WHERE role = 'output' AND path LIKE '%/reports/2026-10/%'`).Scan(&published)
	db.Close()
	if status != "failed" || !strings.Contains(msg, "killed") {
		t.Errorf("the killed run is recorded as %s: %q; want failed, saying it was killed", status, msg)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	for _, d := range entries {
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("the killed run's folder %s is still there", d.Name())
		}
	}

	// run.json lists every published file with its hash.
	var sum pipeline.RunSummary
	data, err := os.ReadFile(filepath.Join(final, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"monthly-2026-10.html": false, "monthly-2026-10.pdf": false, "monthly-2026-10.md": false, "assessment-2026-10.xlsx": false}
	for _, f := range sum.Outputs {
		b, err := os.ReadFile(filepath.Join(final, filepath.FromSlash(f.Path)))
		h := sha256.Sum256(b)
		if err != nil || hex.EncodeToString(h[:]) != f.SHA256 {
			t.Errorf("run.json: %s does not match its hash (%v)", f.Path, err)
		}
		if _, ok := want[f.Path]; ok {
			want[f.Path] = true
		}
	}
	for name, found := range want {
		if !found {
			t.Errorf("run.json does not list %s", name)
		}
	}
	if sum.Period != "2026-10" || !sum.Complete || len(sum.Inputs) == 0 || published != len(sum.Outputs)+1 {
		t.Errorf("run.json: period %s, complete %v, %d inputs; %d outputs recorded in the run for %d listed", sum.Period, sum.Complete, len(sum.Inputs), published, len(sum.Outputs))
	}

	// Again: nothing new. With --force: published again, by the new run.
	code, out, _ = runCoo(t, "run", "monthly", "--project", dir)
	if code != exitOK || !strings.Contains(out, "nothing new to publish") {
		t.Errorf("second run = %d: %s", code, out)
	}
	code, out, errs = runCoo(t, "run", "monthly", "--project", dir, "--force")
	if code != exitOK || !strings.Contains(out, "published 2026-10") {
		t.Fatalf("run monthly --force = %d\n%s\n%s", code, out, errs)
	}
	var again pipeline.RunSummary
	data, _ = os.ReadFile(filepath.Join(final, "run.json"))
	if err := json.Unmarshal(data, &again); err != nil || again.Run <= sum.Run {
		t.Errorf("--force did not republish: run %d, before %d (%v)", again.Run, sum.Run, err)
	}
}

func TestSchedule(t *testing.T) {
	dir := newProject(t)
	code, out, errs := runCoo(t, "schedule", "--print", "systemd", "--project", dir, "--at", "07:05")
	if code != exitOK || !strings.Contains(out, "OnCalendar=*-*-* 07:05:00") || !strings.Contains(out, "run monthly --project") {
		t.Errorf("schedule systemd = %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCoo(t, "schedule", "--print", "cron", "--project", dir, "--at", "07:05")
	if code != exitOK || !strings.Contains(out, "\n5 7 * * * ") || !strings.Contains(out, "run monthly --project '") {
		t.Errorf("schedule cron = %d\n%s", code, out)
	}
	if code, _, _ := runCoo(t, "schedule", "--print", "cron", "--project", dir, "--at", "25:00"); code != exitUsage {
		t.Errorf("--at 25:00 = %d, want %d", code, exitUsage)
	}
}

// TestDoctorBackupRestore checks a healthy warehouse, backs it up, changes
// the warehouse, restores the backup, and finds a planted orphan fact.
func TestDoctorBackupRestore(t *testing.T) {
	dir := newProject(t)
	copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "a.xlsx"))
	if code, _, errs := runCoo(t, "ingest", "--project", dir); code != exitRejects {
		t.Fatalf("ingest = %d: %s", code, errs)
	}
	code, out, errs := runCoo(t, "doctor", "--project", dir)
	if code != exitOK || !strings.Contains(out, "every fact belongs to a recorded file") || strings.Contains(out, "FAIL") {
		t.Errorf("doctor on a healthy warehouse = %d\n%s\n%s", code, out, errs)
	}
	backup := filepath.Join(t.TempDir(), "backup.duckdb")
	if code, out, errs := runCoo(t, "backup", "--project", dir, "--out", backup); code != exitOK || !strings.Contains(out, "sha256") {
		t.Fatalf("backup = %d\n%s\n%s", code, out, errs)
	}
	count := func() (n int) {
		db := openRO(t, dir)
		defer db.Close()
		must(t, db.QueryRow(`SELECT count(*) FROM facts`).Scan(&n))
		return n
	}
	before := count()
	copyFile(t, "../../ingest/testdata/tidy.xlsx", filepath.Join(dir, "books", "b.xlsx"))
	runCoo(t, "ingest", "--project", dir, filepath.Join(dir, "books", "b.xlsx"))
	if code, _, _ := runCoo(t, "restore", "--project", dir, backup); code != exitRefused {
		t.Errorf("restore over a warehouse without --force = %d, want %d", code, exitRefused)
	}
	if code, out, errs := runCoo(t, "restore", "--project", dir, backup, "--force"); code != exitOK {
		t.Fatalf("restore = %d\n%s\n%s", code, out, errs)
	}
	if after := count(); after != before {
		t.Errorf("after restore: %d facts, want the backup's %d", after, before)
	}
	if _, err := os.Stat(filepath.Join(dir, "coo.duckdb.before-restore")); err != nil {
		t.Errorf("the replaced warehouse was not kept: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.duckdb")
	must(t, os.WriteFile(junk, []byte("not a database"), 0o644))
	if code, _, _ := runCoo(t, "restore", "--project", dir, junk, "--force"); code == exitOK {
		t.Errorf("restore of a file that is not a warehouse succeeded")
	}
	if after := count(); after != before {
		t.Errorf("a failed restore changed the warehouse: %d facts, want %d", after, before)
	}

	// A fact whose file is not recorded fails the check.
	db, err := sql.Open("duckdb", filepath.Join(dir, "coo.duckdb"))
	must(t, err)
	_, err = db.Exec(`INSERT INTO fact_cells SELECT 99999, metric_id, period, dims_id, value, sheet_id, "row", col FROM fact_cells LIMIT 1`)
	must(t, err)
	db.Close()
	code, out, _ = runCoo(t, "doctor", "--project", dir)
	if code != exitFailed || !strings.Contains(out, "FAIL  warehouse: 1 facts belong to no recorded file") || !strings.Contains(out, "fix:") {
		t.Errorf("doctor with an orphan fact = %d\n%s", code, out)
	}
}
