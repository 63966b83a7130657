package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"coo/ingest"
	"coo/internal/project"
	"coo/internal/safefile"
	"coo/pipeline"
)

func cmdInit() *command {
	c := &command{
		name:    "init",
		args:    "[--project DIR] [--force] [--from FILE...]",
		summary: "Write a commented example project file, coo.yaml, or draft one from sample workbooks.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		force := fs.Bool("force", false, "overwrite an existing coo.yaml")
		var from []string
		fs.Func("from", "draft the mapping from this sample `workbook` (repeatable; more may follow as arguments)", func(s string) error {
			from = append(from, s)
			return nil
		})
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if len(from) > 0 {
			from = append(from, fs.Args()...)
		} else if fs.NArg() > 0 {
			return usagef("init takes no arguments; use --project DIR, or --from FILE... to draft from sample workbooks")
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
		if len(from) > 0 {
			return e.draft(ctx, path, from)
		}
		if err := safefile.WriteFile(path, []byte(project.Example)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s: map your workbooks in it, then run coo ingest --project %s\n", path, e.projectDir)
		return nil
	}
	return c
}

// draft writes the project file at path drafted from the sample workbooks.
func (e *env) draft(ctx context.Context, path string, files []string) error {
	var samples []ingest.Sample
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return err
		}
		data, _, err := ingest.ReadFile(f, abs, pipeline.MaxWorkbook)
		if err != nil {
			return usagef("%v", err)
		}
		samples = append(samples, ingest.Sample{Name: abs, Data: data})
	}
	drafts, err := ingest.Draft(ctx, samples, ingest.Limits{})
	var fe *ingest.FileError
	switch {
	case errors.As(err, &fe):
		return usagef("cannot draft a mapping: %s", pipeline.OneLine(fe.Error()))
	case err != nil:
		return err
	}
	if err := os.MkdirAll(e.projectDir, 0o755); err != nil {
		return err
	}
	if err := safefile.WriteFile(path, project.Draft(e.projectDir, drafts)); err != nil {
		return err
	}
	for _, d := range drafts {
		fmt.Fprintf(e.stdout, "source %s: %s, %s, %s, %s\n", d.Source.Name, d.Source.Files, layoutWords(&d.Source), plural(len(d.Source.Dimensions), "dimension"), plural(len(d.Source.Measures), "measure"))
	}
	fmt.Fprintf(e.stdout, "wrote %s: a draft from %s; read its comments, then coo inspect --project %s FILE\n", path, plural(len(samples), "workbook"), e.projectDir)
	return nil
}

// layoutWords says where a drafted source's month is.
func layoutWords(s *ingest.Source) string {
	p := s.Period
	switch {
	case s.Layout == ingest.Wide:
		return "months across the columns"
	case p.Column != nil:
		return "month in column " + strconv.Quote(p.Column.Header)
	case p.Cell != "":
		return "month in cell " + p.Cell
	case p.Label != "":
		return "month right of " + strconv.Quote(p.Label)
	case p.Sheet:
		return "month in the sheet's name"
	}
	return "month in the file's name"
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
