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
		if err := pipeline.CheckOutputs(p, *out); err != nil {
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
