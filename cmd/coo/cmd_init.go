package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"coo/internal/project"
	"coo/internal/safefile"
	"coo/pipeline"
)

func cmdInit() *command {
	c := &command{
		name:    "init",
		args:    "[--project DIR] [--force]",
		summary: "Write a commented example project file, coo.yaml.",
		help: `Writes DIR/coo.yaml with every key explained, ready to edit: map your
departments' workbooks as sources, then define metrics over them. An existing
coo.yaml is kept unless --force is given.

Examples:
  coo init --project acme
  coo ingest --project acme`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		force := fs.Bool("force", false, "overwrite an existing coo.yaml")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("init takes no arguments; use --project DIR")
		}
		path := filepath.Join(e.projectDir, project.FileName)
		if _, err := os.Stat(path); err == nil && !*force {
			return &pipeline.RefusedError{Msg: fmt.Sprintf("%s already exists; edit it, or pass --force to replace it with the example", path)}
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.MkdirAll(e.projectDir, 0o755); err != nil {
			return err
		}
		if err := safefile.WriteFile(path, []byte(project.Example)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s: map your workbooks in it, then run coo ingest --project %s\n", path, e.projectDir)
		return nil
	}
	return c
}
