package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"coo/internal/project"
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
			return &refusedError{fmt.Sprintf("%s already exists; edit it, or pass --force to replace it with the example", path)}
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.MkdirAll(e.projectDir, 0o755); err != nil {
			return err
		}
		if err := writeFileAtomic(path, []byte(project.Example)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s: map your workbooks in it, then run coo ingest --project %s\n", path, e.projectDir)
		return nil
	}
	return c
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder and a rename, so that a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
