package pipeline

import (
	"context"
	"os"

	"coo/internal/project"
	"coo/warehouse"
)

// Backup writes a consistent copy of the project's warehouse to out, under
// the writer's lock and after a checkpoint, and returns its sha256 and
// size. No warehouse yet is a RefusedError.
func Backup(ctx context.Context, p *project.Project, out string, cfg Config) (sum string, size int64, err error) {
	if _, err := os.Stat(p.Warehouse); err != nil {
		return "", 0, refusedf("no warehouse to back up at %s (run coo ingest)", p.Warehouse)
	}
	lock, err := acquire(p, cfg)
	if err != nil {
		return "", 0, err
	}
	defer lock.Release()
	return warehouse.Backup(ctx, p.Warehouse, out, warehouse.Options{Now: cfg.Now, Version: Version(), MemoryLimit: memoryBudget(p)})
}

// Restore puts the backup from in place of the project's warehouse, under
// the writer's lock, after checking it; the replaced warehouse is kept as
// coo.duckdb.before-restore. An existing warehouse is replaced only with
// force (else a RefusedError).
func Restore(ctx context.Context, p *project.Project, from string, force bool, cfg Config) error {
	if _, err := os.Stat(p.Warehouse); err == nil && !force {
		return refusedf("%s exists; pass --force to replace it (it is kept as %s.before-restore)", p.Warehouse, p.Warehouse)
	}
	lock, err := acquire(p, cfg)
	if err != nil {
		return err
	}
	defer lock.Release()
	return warehouse.Restore(ctx, from, p.Warehouse, warehouse.Options{Version: Version()})
}
