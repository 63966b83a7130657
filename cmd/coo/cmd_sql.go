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
