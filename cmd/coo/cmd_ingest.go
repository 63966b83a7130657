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
		help: `Reads every file that a source's files glob matches (or only the files and
folders given), one transaction per file: a file loads whole or not at all.
A file whose content is already loaded is skipped. A new file for a source
and month that are already loaded replaces those rows, and the replacement
is recorded; two new files for the same source and month in one batch are a
conflict: neither loads, and both are named. Cells that cannot be read go to
the rejects table with their cell and reason; a file that cannot be read at
all is recorded there too, and the rest of the batch goes on. Then the
project's metrics are recomputed.

A source with parquet: instead of files is a Parquet dataset that another
engine (Spark, Trino, DuckDB) prepared, with the columns that coo export
parquet writes. Each snapshot of it (its files' names, sizes and times) loads
as one file: all its rows for the source, replacing the months it holds, or
nothing, when a column is missing or a value is wrong (the reason names the
column; it goes to the rejects table). An unchanged dataset is skipped.
Datasets load when no PATH is given.

A source's files glob is relative to the project folder, or absolute. With
--source NAME, the files and folders given load as that source's workbooks
wherever they are, whether or not its glob matches them. A file given that
matches no glob is refused with the globs it was tried against. Anything
that is not a regular file (a FIFO, a device, a folder named x.xlsx) and
any file over 256 MiB is refused without being opened and recorded. A file
refused earlier and still in the inbox unchanged is reported again on every
run ("refused earlier") with exit status 3 until it is replaced.

Prints one line per file (sheets, data rows, values, rejects, status, rows
replaced), the full reason of every refusal under the table, and a total;
--quiet prints the total and the refusals only.

Exit status 3 means the load finished but some input was set aside:
  coo rejects --project DIR

Examples:
  coo ingest --project acme
  coo ingest --project acme acme/workbooks/finance/finance-2026-10.xlsx acme/workbooks/hr
  coo ingest --project acme --source finance ~/Downloads/ledger-oct.xlsx`,
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
		s, err := e.begin(ctx, p)
		if err != nil {
			return err
		}
		res, err := pipeline.Ingest(ctx, s, pipeline.IngestOptions{Paths: fs.Args(), Source: *source})
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
// file not loaded, and the total line.
func (e *env) printIngest(res *pipeline.IngestResult, table bool) {
	if table {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "FILE\tSHEETS\tROWS\tVALUES\tREJECTS\tSTATUS\tREPLACED")
		for _, f := range res.Files {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%d\n", pipeline.TableCell(f.Name), pipeline.TableCell(strings.Join(f.Sheets, ", ")), f.Rows, f.Values, f.Rejects, f.Status, f.Replaced)
		}
		tw.Flush()
	}
	first := true
	for _, f := range res.Files {
		if f.Reason == "" {
			continue
		}
		if first {
			fmt.Fprintln(e.stdout, "\nnot loaded:")
			first = false
		}
		fmt.Fprintf(e.stdout, "  %s (%s): %s\n", pipeline.OneLine(f.Name), f.Status, pipeline.OneLine(f.Reason))
	}
	fmt.Fprintln(e.stdout, res.String())
}
