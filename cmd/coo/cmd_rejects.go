package main

import (
	"context"
	"coo/pipeline"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
)

func cmdRejects() *command {
	c := &command{
		name:    "rejects",
		args:    "[--project DIR] [--all] [--format table|csv|json]",
		summary: "List the cells and files set aside, by file, with what to fix.",
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
		rejects, err := db.Rejects(ctx, *all)
		if err != nil {
			return err
		}
		switch *format {
		case "csv":
			cw := csv.NewWriter(e.stdout)
			cw.Write([]string{"file", "sheet", "cell", "reason", "message", "raw", "run"})
			for _, r := range rejects {
				run := ""
				if r.Run != nil {
					run = strconv.FormatInt(*r.Run, 10)
				}
				cw.Write([]string{pipeline.Defuse(r.File), pipeline.Defuse(r.Sheet), pipeline.Defuse(r.Cell), pipeline.Defuse(r.Reason), pipeline.Defuse(r.Message), pipeline.Defuse(r.Raw), run})
			}
			cw.Flush()
			return cw.Error()
		case "json":
			out := make([]map[string]any, len(rejects))
			for i, r := range rejects {
				out[i] = map[string]any{"file": r.File, "sheet": r.Sheet, "cell": r.Cell, "reason": r.Reason, "message": r.Message, "raw": r.Raw, "run": r.Run}
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		if !e.quiet { // --quiet: the total only
			last := ""
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			for _, r := range rejects {
				if r.File != last {
					tw.Flush()
					fmt.Fprintf(e.stdout, "\n%s\n", r.File)
					last = r.File
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", pipeline.TableCell(r.Sheet), r.Cell, r.Reason, pipeline.OneLine(r.Message))
			}
			tw.Flush()
			fmt.Fprintln(e.stdout)
		}
		if len(rejects) == 1 {
			fmt.Fprintln(e.stdout, "1 reject")
		} else {
			fmt.Fprintf(e.stdout, "%d rejects\n", len(rejects))
		}
		return nil
	}
	return c
}
