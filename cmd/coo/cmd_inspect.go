package main

import (
	"context"
	"fmt"

	"coo/pipeline"
)

func cmdInspect() *command {
	c := &command{
		name:    "inspect",
		args:    "[--project DIR] [--source NAME] FILE",
		summary: "Show how coo reads a workbook, without loading it.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		source := fs.String("source", "", "read FILE as this `source`'s workbook, wherever it is")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("inspect takes one workbook; run coo help inspect")
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		in, err := pipeline.Inspect(ctx, p, fs.Arg(0), *source)
		if err != nil {
			return err
		}
		if err := in.WriteText(e.stdout, e.quiet); err != nil {
			return err
		}
		switch {
		case in.Refused != nil:
			return usagef("would be refused: %s", pipeline.OneLine(in.Refused.Error()))
		case len(in.Rejects) > 0:
			return &pipeline.RejectsError{Msg: fmt.Sprintf("%s would load with %d cells set aside", in.File, len(in.Rejects))}
		}
		return nil
	}
	return c
}
