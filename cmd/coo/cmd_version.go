package main

import (
	"context"
	"fmt"
	"runtime"

	"coo/warehouse"
)

func cmdVersion() *command {
	c := &command{
		name:    "version",
		args:    "",
		summary: "Print coo's version, the warehouse schema it writes, and DuckDB's version.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "coo %s (warehouse schema %d, DuckDB %s, %s %s/%s)\n",
			version(), warehouse.SchemaVersion, warehouse.EngineVersion(ctx), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	}
	return c
}
