package main

import (
	"context"
	"fmt"

	"coo/pipeline"
)

func cmdDoctor() *command {
	c := &command{
		name:    "doctor",
		args:    "[--project DIR]",
		summary: "Check the project file, the report font, and the warehouse's schema and integrity.",
		help: `Checks, and says what to do about each problem:
  - the project file reads without errors
  - each source's files glob matches files
  - the report font: Chinese needs one with Chinese glyphs (LXGW WenKai,
    Debian package fonts-lxgw-wenkai, or report.font)
  - the warehouse: no writer holds it, its schema version is this coo's,
    every fact belongs to a recorded file and known dictionary entries, no
    load is half done, no run is left running, and every metric coo.yaml
    defines has values (a warning only while its source has no data)

Prints one line per check (ok, warn or FAIL, with what to do) and a total;
--quiet prints the warnings, failures and the total. Read-only. Exit
status 1 if a check failed.

Example:
  coo doctor --project acme`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		checks, err := pipeline.Doctor(ctx, e.projectDir)
		if err != nil {
			return err
		}
		var n [3]int
		for _, c := range checks {
			n[c.Status]++
			if c.Status == pipeline.CheckOK && e.quiet {
				continue
			}
			fmt.Fprintf(e.stdout, "%-4s  %s\n", c.Status, c.What)
			if c.Status != pipeline.CheckOK && c.Fix != "" {
				fmt.Fprintf(e.stdout, "      fix: %s\n", c.Fix)
			}
		}
		fmt.Fprintf(e.stdout, "%d checks: %d ok, %d warnings, %d failed\n", len(checks), n[pipeline.CheckOK], n[pipeline.CheckWarn], n[pipeline.CheckFail])
		if n[pipeline.CheckFail] > 0 {
			return fmt.Errorf("%d checks failed", n[pipeline.CheckFail])
		}
		return nil
	}
	return c
}
