package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"coo/internal/project"
	"coo/pipeline"
)

func cmdStudy() *command {
	c := &command{
		name:    "study",
		args:    "FILE.yaml [--project DIR] [--out DIR] [--format html,pdf,md]",
		summary: "Fit a study (a regression of a metric on drivers with lags) and write its report: answer, charts, coefficients, diagnostics, scenarios, sensitivity, backtest.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		out := fs.String("out", ".", "the `folder` of the report")
		formats := fs.String("format", "html,pdf,md", "the `formats` to write: html, pdf, md, comma-separated")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("study takes one study file; run coo help study")
		}
		want, err := parseFormats(*formats)
		if err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		file := fs.Arg(0)
		spec, err := project.LoadStudy(file, p.Metrics)
		if err != nil {
			return err
		}
		at, err := generatedAt(e.now)
		if err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		files, err := pipeline.Study(ctx, db, p, spec, pipeline.StudyOptions{File: file, Out: *out, Stem: "study", Formats: want, GeneratedAt: at})
		if err != nil {
			return err
		}
		e.log.Info("study written", "study", file, "dir", *out, "files", len(files))
		for _, f := range files {
			if !strings.Contains(f.Name, "/") {
				fmt.Fprintln(e.stdout, filepath.Join(*out, f.Name))
			}
		}
		return nil
	}
	return c
}
