package main

import (
	"context"
	"coo/pipeline"
)

func cmdSQL() *command {
	c := &command{
		name:    "sql",
		args:    "[--project DIR] [--format table|csv|json] [--read PATH]... QUERY",
		summary: "Run one read-only SQL query on the warehouse.",
		help: `Runs one query: SELECT (or FROM-first, WITH, VALUES), DESCRIBE, SHOW,
SUMMARIZE, or EXPLAIN of one. Nothing can change: the warehouse is opened
read-only, and DuckDB's sandbox is on, so a query cannot write files, install
or load extensions, attach databases or change settings. Anything else is
refused with exit status 2.

A query may read files (read_csv, read_parquet, read_json...) in the project
folder, and files or folders given with --read (repeat it for several), named
by their full path; nothing else.

Tables and views:
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
  coo sql "select reason, count(*) from rejects group by all"
  coo sql --read /data/targets.csv "select * from read_csv('/data/targets.csv')"`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		format := fs.String("format", "table", "output `format`: table, csv or json")
		var read []string
		fs.Func("read", "a file or folder outside the project the query may read (`PATH`; repeatable)", func(s string) error {
			read = append(read, s)
			return nil
		})
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("sql takes one query (quote it); run coo help sql")
		}
		if err := checkFormat(*format, "table", "csv", "json"); err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		return pipeline.Query(ctx, p, fs.Arg(0), read, *format, e.stdout)
	}
	return c
}
