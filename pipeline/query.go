package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"coo/internal/project"
	"coo/warehouse"
)

// Query runs one read-only query on p's warehouse in DuckDB's sandbox
// (warehouse.OpenSandbox: nothing can be written, installed, attached or
// set) under the project's memory budget, and writes its rows to w in
// format: "table" (aligned, one line per row, then a row count), "csv"
// (RFC 4180, text defused against formula injection) or "json" (an array
// of objects). The query may read files in the project folder and in
// read. Errors wrap warehouse.ErrQueryRefused when the query is not one
// the sandbox runs, and are *OptionError when DuckDB cannot run it or a
// read path does not exist (exit code 2 either way).
func Query(ctx context.Context, p *project.Project, query string, read []string, format string, w io.Writer) error {
	for _, r := range read {
		if _, err := os.Stat(r); err != nil {
			return Optionf("--read %s: %v", r, err)
		}
	}
	sb, err := warehouse.OpenSandbox(ctx, p.Warehouse, warehouse.SandboxOptions{
		Read: append([]string{p.Dir}, read...), Version: Version(), MemoryLimit: memoryBudget(p)})
	if err != nil {
		return err
	}
	defer sb.Close()
	rows, err := sb.Query(ctx, query)
	if errors.Is(err, warehouse.ErrQueryRefused) {
		return err
	}
	if err != nil {
		return Optionf("query: %v", err)
	}
	defer rows.Close()
	return writeRows(w, rows, format)
}

// writeRows prints rows in the given format.
func writeRows(w io.Writer, rows *sql.Rows, format string) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var (
		tw      *tabwriter.Writer
		cw      *csv.Writer
		objects []map[string]any
	)
	switch format {
	case "table":
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	case "csv":
		cw = csv.NewWriter(w)
		cw.Write(cols)
	case "json":
		objects = []map[string]any{}
	default:
		return Optionf("unknown format %q (want table, csv or json)", format)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		n++
		switch format {
		case "table":
			cells := make([]string, len(vals))
			for i, v := range vals {
				cells[i] = TableCell(text(v))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		case "csv":
			cells := make([]string, len(vals))
			for i, v := range vals {
				cells[i] = Defuse(text(v))
			}
			cw.Write(cells)
		case "json":
			o := make(map[string]any, len(cols))
			for i, v := range vals {
				o[cols[i]] = jsonValue(v)
			}
			objects = append(objects, o)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "table":
		if err := tw.Flush(); err != nil {
			return err
		}
		s := "s"
		if n == 1 {
			s = ""
		}
		_, err := fmt.Fprintf(w, "(%d row%s)\n", n, s)
		return err
	case "csv":
		cw.Flush()
		return cw.Error()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(objects)
}

// text formats a scanned value. Floats print in the shortest form that
// reads back to the same number.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v) // a DECIMAL by its String method
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case interface{ Float64() float64 }: // a DECIMAL
		return x.Float64()
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return text(x) // JSON has no NaN or Inf
		}
	case []byte:
		return string(x)
	}
	return v
}

// OneLine keeps text on one line: control characters become spaces.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// TableCell keeps a cell on one line and readable in a terminal: control
// characters become spaces and text past 80 characters is cut with "…".
func TableCell(s string) string {
	s = OneLine(s)
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}
