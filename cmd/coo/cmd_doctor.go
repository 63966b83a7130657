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
