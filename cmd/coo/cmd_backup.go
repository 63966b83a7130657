package main

import (
	"context"
	"fmt"

	"coo/pipeline"
)

func cmdBackup() *command {
	c := &command{
		name:    "backup",
		args:    "[--project DIR] --out FILE",
		summary: "Copy the warehouse, consistent, to FILE.",
		help: `Takes the writer's lock (so no run changes it meanwhile), writes DuckDB's
log into the database file, and copies the file to FILE through a
temporary file and a rename. Prints the copy's size and sha256. The copy is
a complete warehouse: coo restore puts it back, and DuckDB opens it as it is.

Example:
  coo backup --project acme --out /backups/acme-2026-11-24.duckdb`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		out := fs.String("out", "", "the backup `FILE` to write")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if *out == "" || fs.NArg() > 0 {
			return usagef("backup needs --out FILE and nothing else")
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		sum, size, err := pipeline.Backup(ctx, p, *out, e.config())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d bytes, sha256 %s\n", *out, size, sum)
		e.log.Info("backup written", "file", *out, "bytes", size, "sha256", sum)
		return nil
	}
	return c
}

func cmdRestore() *command {
	c := &command{
		name:    "restore",
		args:    "[--project DIR] FILE [--force]",
		summary: "Put a backup back as the project's warehouse.",
		help: `Checks that FILE is a warehouse this coo can open (an older schema is
migrated by the next writing command), takes the writer's lock, and
replaces the project's warehouse with it. The replaced warehouse is kept
beside it as coo.duckdb.before-restore. An existing warehouse is replaced
only with --force.

Example:
  coo restore --project acme /backups/acme-2026-11-24.duckdb --force`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		force := fs.Bool("force", false, "replace an existing warehouse")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("restore takes one backup file")
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		if err := pipeline.Restore(ctx, p, fs.Arg(0), *force, e.config()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "restored %s from %s\n", p.Warehouse, fs.Arg(0))
		e.log.Info("warehouse restored", "from", fs.Arg(0), "to", p.Warehouse)
		return nil
	}
	return c
}
