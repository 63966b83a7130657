package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"coo/internal/safefile"
)

// Finding is one result of Check.
type Finding struct {
	OK   bool
	What string // what was checked, and what was found
	Fix  string // what to do when not OK
}

// Check looks for what should never be in the warehouse: facts of files
// that are not recorded, staged loads never promoted, runs that never
// ended, metrics without values. The schema version is checked by Open.
func (db *DB) Check(ctx context.Context) ([]Finding, error) {
	checks := []struct {
		query, ok, bad, fix string
	}{
		{`SELECT count(*) FROM fact_cells WHERE file_id NOT IN (SELECT id FROM files)`,
			"every fact belongs to a recorded file", "%d facts belong to no recorded file",
			"restore a backup (coo restore), or load the files again into a new warehouse"},
		{`SELECT count(*) FROM fact_cells c WHERE NOT EXISTS (SELECT 1 FROM fact_metrics m WHERE m.id = c.metric_id)
			OR NOT EXISTS (SELECT 1 FROM fact_dims d WHERE d.id = c.dims_id)`,
			"every fact's metric and dimensions are in the dictionaries", "%d facts have an unknown metric or dimensions",
			"restore a backup (coo restore), or load the files again into a new warehouse"},
		{`SELECT count(*) FROM files WHERE status = 'staged'`,
			"no load is left half done", "%d files were staged and never published (a load was killed)",
			"run coo ingest: it clears them and loads the files again"},
		{`SELECT count(*) FROM runs WHERE status = 'running'`,
			"no run is left running", "%d runs never recorded how they ended (killed, or running now)",
			"if no coo is running, the next writing command records them as failed"},
		{`SELECT count(*) FROM metrics m WHERE NOT EXISTS (SELECT 1 FROM metric_values v WHERE v.metric = m.name)`,
			"every metric has values", "%d metrics have no values",
			"check each metric's source and measure in coo.yaml (coo sql \"select * from metrics\"), then coo ingest"},
	}
	var out []Finding
	for _, c := range checks {
		var n int64
		if err := db.sql.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("check %q: %w", c.ok, err)
		}
		if n == 0 {
			out = append(out, Finding{OK: true, What: c.ok})
		} else {
			out = append(out, Finding{What: fmt.Sprintf(c.bad, n), Fix: c.fix})
		}
	}
	return out, nil
}

// Checkpoint writes everything in the write-ahead log into the database
// file, so that the file alone is the whole warehouse.
func (db *DB) Checkpoint(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, `FORCE CHECKPOINT`)
	return err
}

// Backup copies the warehouse at path, after a checkpoint, to out (through
// a temporary file and a rename) and returns the copy's sha256 and size.
// The caller holds the writer's lock, so nothing changes during the copy.
func Backup(ctx context.Context, path, out string, opt Options) (sum string, size int64, err error) {
	db, err := Open(ctx, path, opt)
	if err != nil {
		return "", 0, err
	}
	if err := db.Checkpoint(ctx); err != nil {
		db.Close()
		return "", 0, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	if err := db.Close(); err != nil {
		return "", 0, err
	}
	return copyFile(path, out)
}

// Restore replaces the warehouse at path with the backup from, after
// checking that from is a warehouse this coo can open (an older schema is
// migrated at the next writing command). The replaced warehouse is kept
// beside it as path + ".before-restore". The caller holds the lock.
func Restore(ctx context.Context, from, path string, opt Options) error {
	check, err := os.CreateTemp(filepath.Dir(path), ".restore-check-*.duckdb")
	if err != nil {
		return err
	}
	check.Close()
	defer os.Remove(check.Name())
	if _, _, err := copyFile(from, check.Name()); err != nil {
		return err
	}
	ro := opt
	ro.ReadOnly = true
	db, err := Open(ctx, check.Name(), ro)
	if err != nil && !errors.Is(err, ErrSchemaOlder) {
		return fmt.Errorf("%s is not a warehouse this coo can use: %w", from, err)
	}
	if err == nil {
		db.Close()
	}
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, path+".before-restore"); err != nil {
			return err
		}
	}
	os.Remove(path + ".wal") // belongs to the replaced file
	if err := os.Rename(check.Name(), path); err != nil {
		return fmt.Errorf("put the backup in place: %w (the replaced warehouse is %s.before-restore)", err, path)
	}
	return safefile.SyncDir(filepath.Dir(path))
}

// copyFile copies from to to atomically and durably (package safefile),
// and returns the copy's sha256 and size.
func copyFile(from, to string) (string, int64, error) {
	in, err := os.Open(from)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	out, err := safefile.Create(to)
	if err != nil {
		return "", 0, err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Abort()
		return "", 0, err
	}
	if err := out.Close(); err != nil {
		return "", 0, err
	}
	return out.SHA256(), out.Size(), nil
}
