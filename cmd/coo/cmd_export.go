package main

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"coo/pipeline"
)

func cmdExport() *command {
	c := &command{
		name:    "export",
		args:    "[--project DIR] facts [--format csv] [--out FILE] | parquet --dir DIR [--force]",
		summary: "Write the facts as a tidy CSV file, or as a Parquet dataset for other engines.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		format := fs.String("format", "csv", "output `format` of facts: csv")
		out := fs.String("out", "", "facts: write to `FILE` instead of standard output")
		dir := fs.String("dir", "", "parquet: the `folder` to write the dataset to")
		force := fs.Bool("force", false, "parquet: replace DIR if it is not empty")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		what := ""
		if fs.NArg() == 1 {
			what = fs.Arg(0)
		}
		switch what {
		case "facts":
			if *dir != "" || *force {
				return usagef("--dir and --force are for coo export parquet")
			}
		case "parquet":
			if *out != "" {
				return usagef("--out is for coo export facts; say --dir DIR")
			}
			if *dir == "" {
				return usagef("coo export parquet needs --dir DIR")
			}
		default:
			return usagef("export what? say coo export facts or coo export parquet --dir DIR")
		}
		if err := checkFormat(*format, "csv"); err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		if err := pipeline.CheckOutputs(p, *out, *dir); err != nil {
			return err
		}
		if *dir != "" {
			if err := pipeline.CheckOutputDir(p, *dir); err != nil {
				return err
			}
		}
		db, err := pipeline.OpenReadOnly(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		start := time.Now()
		switch {
		case what == "parquet":
			res, err := pipeline.ExportParquet(ctx, db, *dir, *force)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%d facts in %d Parquet files (%d bytes) under %s, partitioned by source and year\n", res.Rows, res.Files, res.Bytes, res.Dir)
			e.log.Info("export done", "dir", res.Dir, "rows", res.Rows, "files", res.Files, "bytes", res.Bytes, "seconds", time.Since(start).Seconds())
			return nil
		case *out != "":
			_, err := pipeline.ExportFactsFile(ctx, db, *out)
			return err
		}
		w := bufio.NewWriter(e.stdout)
		if _, err := pipeline.ExportFacts(ctx, db, w); err != nil {
			return err
		}
		return w.Flush()
	}
	return c
}
