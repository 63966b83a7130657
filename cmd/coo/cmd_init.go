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
		help: `Writes DIR/coo.yaml with every key explained, ready to edit: map your
departments' workbooks as sources, then define metrics over them. An existing
coo.yaml is kept unless --force is given (exit status 4).

With --from, drafts the mapping from sample workbooks instead (the files
after --from, and any other arguments): samples whose names differ only in
their month are one source, with a * for the month in its files glob. In
each, the table is the first row of two or more headers with rows of
numbers under it: text columns become dimensions and number columns
measures; the month is a column of dates or months, a month above the
table, the sheet's name or the file's name, and months across the header
make the layout wide. Every guess is read back on its samples, and the
comments say what was guessed, how each sample reads and what to check. A
sample with no table coo can guess is named, with why (exit status 2).

Examples:
  coo init --project acme
  coo init --project acme --from acme/inbox/sales/sales-2026-10.xlsx acme/inbox/hr/hr-2026-10.xlsx
  coo inspect --project acme acme/inbox/sales/sales-2026-10.xlsx
  coo ingest --project acme`,
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
	books := "workbooks"
	if len(samples) == 1 {
		books = "workbook"
	}
	fmt.Fprintf(e.stdout, "wrote %s: a draft from %d %s; read its comments, then coo inspect --project %s FILE\n", path, len(samples), books, e.projectDir)
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
