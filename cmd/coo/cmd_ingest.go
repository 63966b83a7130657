package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"coo/pipeline"
)

func cmdIngest() *command {
	c := &command{
		name:    "ingest",
		args:    "[--project DIR] [--source NAME] [PATH...]",
		summary: "Load the project's workbooks into the warehouse.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		source := fs.String("source", "", "load the files given as this `source`'s workbooks, wherever they are")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		opt := pipeline.IngestOptions{Paths: fs.Args(), Source: *source}
		opt.Prepared = pipeline.Prepare(ctx, p, opt) // read while the warehouse opens
		defer opt.Prepared.Stop()
		s, err := e.begin(ctx, p)
		if err != nil {
			return err
		}
		res, err := pipeline.Ingest(ctx, s, opt)
		msg := ""
		if res != nil && err == nil {
			e.printIngest(res, !e.quiet)
			err, msg = res.Err(), res.String()
		}
		return s.End(err, msg)
	}
	return c
}

// printIngest prints the per-file table (with table), the reason of every
// file not loaded, what each file lacks of the months it replaced, and the
// total line.
func (e *env) printIngest(res *pipeline.IngestResult, table bool) {
	if table {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "FILE\tSHEETS\tROWS\tVALUES\tREJECTS\tSTATUS\tREPLACED")
		for _, f := range res.Files {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%d\n", pipeline.TableCell(f.Name), pipeline.TableCell(strings.Join(f.Sheets, ", ")), f.Rows, f.Values, f.Rejects, f.Status, f.Replaced)
		}
		tw.Flush()
	}
	e.fileSection(res, "not loaded:", func(f pipeline.FileResult) string {
		if f.Reason == "" {
			return ""
		}
		return fmt.Sprintf("%s (%s): %s", pipeline.OneLine(f.Name), f.Status, pipeline.OneLine(f.Reason))
	})
	e.fileSection(res, "loaded, but lacking values of the months they replace:", func(f pipeline.FileResult) string {
		if f.Dropped == "" {
			return ""
		}
		return pipeline.OneLine(f.Name) + ": " + pipeline.OneLine(f.Dropped)
	})
	fmt.Fprintln(e.stdout, res.String())
}

// fileSection prints, under title, the line of each file that line gives
// one for; nothing if none does.
func (e *env) fileSection(res *pipeline.IngestResult, title string, line func(pipeline.FileResult) string) {
	first := true
	for _, f := range res.Files {
		l := line(f)
		if l == "" {
			continue
		}
		if first {
			fmt.Fprintln(e.stdout, "\n"+title)
			first = false
		}
		fmt.Fprintln(e.stdout, "  "+l)
	}
}
