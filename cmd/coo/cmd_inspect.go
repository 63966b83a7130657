package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"coo"
	"coo/ingest"
	"coo/pipeline"
)

func cmdInspect() *command {
	c := &command{
		name:    "inspect",
		args:    "[--project DIR] [--source NAME] FILE",
		summary: "Show how coo reads a workbook, without loading it.",
		help: `Reads FILE as coo ingest would, for the source --source names or else the
one whose files glob matches it, and loads nothing (the warehouse is not
opened). It prints, sheet by sheet: whether the sheet is read (hidden ones
and sheets that are not data say why), the header row and the cell of
every mapped column, where the month comes from, in the wide layout each
block and the cell whose label named its measure, every row that is not
data and why (above the header, blank, a note, a total, the header again),
the totals and whether their members add up, and the first 10 values with
their cells; then every cell that would be set aside (cell, reason code,
message).

Exit status: 0 the file would load cleanly; 3 it would load with cells set
aside; 2 it would be refused as a whole (the reason on one line), or the
file matches no source's glob (the globs are named).

Examples:
  coo inspect --project acme acme/inbox/sales/sales-2026-10.xlsx
  coo inspect --project acme --source finance ~/Downloads/ledger-oct.xlsx`,
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
		file := fs.Arg(0)
		src, name, err := ingest.FindSource(p.Sources, p.Dir, file)
		if *source != "" {
			if src = p.Source(*source); src == nil || src.Parquet != "" {
				return usagef("--source %s: no workbook source of that name in the project", *source)
			}
		} else if err != nil {
			return usagef("%v", err)
		}
		data, _, err := ingest.ReadFile(file, name, pipeline.MaxWorkbook)
		if err != nil {
			return usagef("would be refused: %s", pipeline.OneLine(err.Error()))
		}
		in, err := ingest.Inspect(ctx, src, name, data, ingest.Limits{})
		if err != nil {
			return err
		}
		printInspection(e.stdout, in, e.quiet)
		switch {
		case in.Refused != nil:
			return usagef("would be refused: %s", pipeline.OneLine(in.Refused.Error()))
		case len(in.Rejects) > 0:
			return &pipeline.RejectsError{Msg: fmt.Sprintf("%s would load with %d cells set aside", name, len(in.Rejects))}
		}
		return nil
	}
	return c
}

// printInspection prints an inspection; quiet prints the summary line only.
func printInspection(w io.Writer, in *ingest.Inspection, quiet bool) {
	q := strconv.Quote
	if !quiet {
		fmt.Fprintf(w, "%s as source %s (layout %s)\n", in.File, in.Source, in.Layout)
		for _, s := range in.Sheets {
			printSheet(w, s)
		}
		if len(in.Rejects) > 0 {
			fmt.Fprintf(w, "\nwould set aside %d cells:\n", len(in.Rejects))
			for _, r := range in.Rejects {
				msg := strings.TrimPrefix(r.Message, fmt.Sprintf("%s: sheet %s cell %s: ", in.File, q(r.Sheet), r.Cell))
				fmt.Fprintf(w, "  %s!%s  %s  %s\n", r.Sheet, r.Cell, r.Reason, pipeline.OneLine(msg))
			}
		}
		fmt.Fprintln(w)
	}
	sheets := 0
	for _, s := range in.Sheets {
		if s.Read {
			sheets++
		}
	}
	switch {
	case in.Refused != nil:
		fmt.Fprintf(w, "result: refused as a whole (%s): nothing of the file would load\n", in.Refused.Code())
	case len(in.Rejects) > 0:
		fmt.Fprintf(w, "result: would load %d values from %s; %d cells set aside\n", in.Values, plural(sheets, "sheet"), len(in.Rejects))
	default:
		fmt.Fprintf(w, "result: would load %d values from %s, cleanly\n", in.Values, plural(sheets, "sheet"))
	}
}

func printSheet(w io.Writer, s *ingest.SheetInspection) {
	q := strconv.Quote
	state := ""
	if s.State != "visible" {
		state = " (" + s.State + ")"
	}
	if !s.Read {
		fmt.Fprintf(w, "\nsheet %s%s: %s\n", q(s.Name), state, pipeline.OneLine(s.Why))
		return
	}
	fmt.Fprintf(w, "\nsheet %s%s: read\n", q(s.Name), state)
	if p := s.Period; p != nil {
		fmt.Fprintf(w, "  month: %s from %s", p.Period, p.From)
		if p.Cell != "" {
			fmt.Fprintf(w, " (%s holds %s)", p.Cell, q(p.Text))
		}
		fmt.Fprintln(w)
	}
	for _, h := range s.Headers {
		fmt.Fprintf(w, "  header: row %d\n", h.Row)
		for _, c := range h.Columns {
			fmt.Fprintf(w, "    %-6s %-24s %s\n", c.Cell, q(c.Text), strings.TrimSpace(c.Role+" "+c.Name))
		}
		if s.Period == nil && len(h.Columns) > 0 {
			for _, c := range h.Columns {
				if c.Role == ingest.RolePeriod {
					fmt.Fprintf(w, "  month: each row's, from column %s (%s)\n", q(c.Text), c.Cell)
				}
			}
		}
	}
	for _, b := range s.Blocks {
		m := b.Measure
		if m == "" {
			m = "(no measure yet)"
		}
		fmt.Fprintf(w, "  block at row %d (header row %d): %s, named by %s", b.Row, b.Header, m, b.How)
		if b.Label != "" {
			fmt.Fprintf(w, " in %s %s", b.Label, q(b.Text))
		}
		fmt.Fprintf(w, "; %d values\n", b.Values)
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintln(w, "  not data:")
		for _, r := range s.Skipped {
			rows := fmt.Sprintf("row %d", r.Row)
			if r.ToRow > r.Row {
				rows = fmt.Sprintf("rows %d-%d", r.Row, r.ToRow)
			}
			label := ""
			if r.Label != "" {
				label = "  " + q(r.Label)
			}
			fmt.Fprintf(w, "    %-11s %s%s\n", rows, r.Why, pipeline.OneLine(label))
		}
	}
	if len(s.Totals) > 0 {
		fmt.Fprintln(w, "  totals:")
		for _, t := range s.Totals {
			what := t.Where() + " " + q(t.Label)
			if t.Measure != "" {
				what += " (" + t.Measure + ")"
			}
			switch {
			case t.Bad != "":
				fmt.Fprintf(w, "    %s: does not add up: %s\n", what, t.Detail)
			case t.Cells == 0:
				fmt.Fprintf(w, "    %s: not checked (only a wide sheet's totals are checked)\n", what)
			case t.Checked == t.Cells:
				fmt.Fprintf(w, "    %s: %d cells, all add up\n", what, t.Cells)
			default:
				fmt.Fprintf(w, "    %s: %d cells, %d checked and add up (the others have a member set aside, or none)\n", what, t.Cells, t.Checked)
			}
		}
	}
	if s.More > 0 {
		fmt.Fprintf(w, "  (%d more rows not data or totals not listed)\n", s.More)
	}
	if len(s.First) > 0 {
		fmt.Fprintln(w, "  first values:")
		for _, f := range s.First {
			dims := f.Dims
			if dims == "" {
				dims = "-"
			}
			fmt.Fprintf(w, "    %-6s %-12s %s  %-28s %v\n", coo.ColumnName(f.Col)+strconv.Itoa(f.Row), f.Metric, f.Period, pipeline.OneLine(dims), f.Value)
		}
	}
	var months []string
	for _, m := range s.Months {
		months = append(months, m.String())
	}
	fmt.Fprintf(w, "  values: %d", s.Values)
	if len(months) > 0 {
		fmt.Fprintf(w, " (months %s)", strings.Join(months, ", "))
	}
	if s.Rejects > 0 {
		fmt.Fprintf(w, "; %d cells set aside", s.Rejects)
	}
	fmt.Fprintln(w)
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
