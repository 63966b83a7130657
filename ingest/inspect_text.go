package ingest

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"coo"
)

// WriteText prints the inspection for people, as coo inspect does: each
// sheet, what would be set aside and a result line; quiet prints the
// result line only.
func (in *Inspection) WriteText(w io.Writer, quiet bool) error {
	bw := bufio.NewWriter(w)
	in.writeText(bw, quiet)
	return bw.Flush()
}

func (in *Inspection) writeText(w io.Writer, quiet bool) {
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
				fmt.Fprintf(w, "  %s!%s  %s  %s\n", r.Sheet, r.Cell, r.Reason, oneLine(msg))
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

func printSheet(w io.Writer, s *SheetInspection) {
	q := strconv.Quote
	state := ""
	if s.State != "visible" {
		state = " (" + s.State + ")"
	}
	if !s.Read {
		fmt.Fprintf(w, "\nsheet %s%s: %s\n", q(s.Name), state, oneLine(s.Why))
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
				if c.Role == RolePeriod {
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
			fmt.Fprintf(w, "    %-11s %s%s\n", rows, r.Why, oneLine(label))
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
				fmt.Fprintf(w, "    %s: not checked (a member set aside, or it adds months not beside it: YTD, Q4 in October, FY)\n", what)
			case t.Checked == t.Cells:
				fmt.Fprintf(w, "    %s: %d cells, all add up\n", what, t.Cells)
			default:
				fmt.Fprintf(w, "    %s: %d cells, %d checked and add up (the others have a member set aside, or months not beside it)\n", what, t.Cells, t.Checked)
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
			fmt.Fprintf(w, "    %-6s %-12s %s  %-28s %v\n", coo.ColumnName(f.Col)+strconv.Itoa(f.Row), f.Metric, f.Period, oneLine(dims), f.Value)
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

// oneLine keeps text on one line: control characters become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
