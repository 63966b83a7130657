package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

func cmdSQL() *command {
	c := &command{
		name:    "sql",
		args:    "[--project DIR] [--format table|csv|json] QUERY",
		summary: "Run a read-only SQL query on the warehouse.",
		help: `The warehouse is opened read-only: nothing can change it. Tables and views:
  facts          source, metric, period (YYYY-MM), dims (key=value;...), value,
                 unit, file, sheet, cell: one row per loaded value
  metric_values  metric, period, dims, value: the project's named metrics
  metrics        the metric definitions
  files          every file loaded (sha256, size, time, replaced_by)
  rejects        cells and files set aside, with file, sheet, cell and reason
  runs, run_files  the run history
The macro dim_value(dims, 'region') extracts one dimension's value.

--format table prints an aligned table; csv prints a header row and RFC 4180
rows, with text that a spreadsheet would take for a formula prefixed by a
single quote; json prints an array of objects.

Examples:
  coo sql "select count(*) from facts"
  coo sql --format csv "select period, value from metric_values where metric = 'finance.cost' and dims = ''"
  coo sql "select reason, count(*) from rejects group by all"`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		format := fs.String("format", "table", "output `format`: table, csv or json")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("sql takes one query (quote it); run coo help sql")
		}
		if err := checkFormat(*format, "table", "csv", "json"); err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		rows, err := db.Query(ctx, fs.Arg(0))
		if err != nil {
			return usagef("query: %v", err)
		}
		defer rows.Close()
		return writeRows(e.stdout, rows, *format)
	}
	return c
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
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight*0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	case "csv":
		cw = csv.NewWriter(w)
		cw.Write(cols)
	case "json":
		objects = []map[string]any{}
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
				cells[i] = tableCell(text(v))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		case "csv":
			cells := make([]string, len(vals))
			for i, v := range vals {
				cells[i] = defuse(text(v))
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
		fmt.Fprintf(w, "(%d row%s)\n", n, plural(n))
	case "csv":
		cw.Flush()
		return cw.Error()
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(objects)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
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
	case duckdb.Decimal:
		return x.String()
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
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

// tableCell keeps a cell on one line and readable in a terminal.
func tableCell(s string) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}

// defuse neutralises text that a spreadsheet opening the CSV would run as a
// formula (OWASP's CSV injection rule): a leading = + - @, tab or CR gets a
// single quote in front. Numbers stay as they are.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
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
