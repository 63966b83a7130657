package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func cmdRejects() *command {
	c := &command{
		name:    "rejects",
		args:    "[--project DIR] [--all] [--format table|csv|json]",
		summary: "List the cells and files set aside, by file, with what to fix.",
		help: `Lists what ingest could not load: for each file, the sheet, the cell, a
reason code and a message that says what to correct, and the raw text found.
By default only the current version of each file counts (a file that was
corrected and loaded again no longer shows its old rejects); --all shows
every run's.

Reason codes: not_a_number, not_a_period, error_value, blank_value,
blank_dimension, text_too_long, formula_without_value, not_a_workbook,
encrypted, too_large, unsafe_xml, no_sheet, no_header, duplicate_header,
conflict.

Examples:
  coo rejects --project acme
  coo rejects --project acme --format csv > rejects.csv`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		all := fs.Bool("all", false, "include the rejects of earlier versions of each file")
		format := fs.String("format", "table", "output `format`: table, csv or json")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("rejects takes no arguments")
		}
		if err := checkFormat(*format, "table", "csv", "json"); err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		q := `SELECT r.file, r.sheet, r.cell, r.reason, r.message, r.raw, r.run_id AS run
			FROM rejects r JOIN files f ON f.id = r.file_id
			WHERE ? OR f.id = (SELECT max(g.id) FROM files g WHERE g.source = f.source AND g.name = f.name)
			ORDER BY r.file, r.sheet, length(r.cell), r.cell, r.run_id`
		rows, err := db.Query(ctx, q, *all)
		if err != nil {
			return err
		}
		defer rows.Close()
		if *format != "table" {
			return writeRows(e.stdout, rows, *format)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		n, last := 0, ""
		for rows.Next() {
			var file, sheet, cell, reason, msg, raw string
			var run *int64
			if err := rows.Scan(&file, &sheet, &cell, &reason, &msg, &raw, &run); err != nil {
				return err
			}
			if file != last {
				tw.Flush()
				fmt.Fprintf(e.stdout, "\n%s\n", file)
				last = file
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", tableCell(sheet), cell, reason, oneLine(msg))
			n++
		}
		tw.Flush()
		if err := rows.Err(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n%d reject%s\n", n, plural(n))
		return nil
	}
	return c
}
