package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"coo/warehouse"
)

func cmdRuns() *command {
	c := &command{
		name:    "runs",
		args:    "[--project DIR] [--limit N] [show ID]",
		summary: "List the run history, or show one run with its inputs and outputs.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		limit := fs.Int("limit", 20, "show the latest `N` runs")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		var show int64
		switch rest := fs.Args(); {
		case len(rest) == 0:
		case len(rest) == 2 && rest[0] == "show":
			id, err := strconv.ParseInt(rest[1], 10, 64)
			if err != nil || id <= 0 {
				return usagef("runs show %q: want a run number", rest[1])
			}
			show = id
		default:
			return usagef("runs takes no arguments, or show ID; run coo help runs")
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if show > 0 {
			r, err := db.Run(ctx, show)
			if err != nil {
				return err
			}
			printRun(e, r)
			return nil
		}
		runs, err := db.Runs(ctx, *limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tDURATION\tSTATUS\tEXIT\tCOMMAND")
		for i := range runs {
			r := &runs[i]
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Started.Format("2006-01-02 15:04:05"), duration(r), r.Status, exitText(r), commandLine(r))
		}
		return tw.Flush()
	}
	return c
}

func printRun(e *env, r *warehouse.Run) {
	w := e.stdout
	fmt.Fprintf(w, "run %d: %s\n", r.ID, commandLine(r))
	fmt.Fprintf(w, "  status   %s (exit %s)\n", r.Status, exitText(r))
	fmt.Fprintf(w, "  started  %s by process %d, coo %s\n", r.Started.Format(time.RFC3339), r.PID, r.Coo)
	fmt.Fprintf(w, "  duration %s\n", duration(r))
	if r.Message != "" {
		fmt.Fprintf(w, "  message  %s\n", r.Message)
	}
	for _, f := range r.Files {
		fmt.Fprintf(w, "  %-6s   %s  %s  %d bytes\n", f.Role, f.SHA256, f.Path, f.Size)
	}
}

func commandLine(r *warehouse.Run) string {
	return strings.TrimSpace(r.Command + " " + strings.Join(r.Args[min(1, len(r.Args)):], " "))
}

func duration(r *warehouse.Run) string {
	if r.Ended == nil {
		return "-"
	}
	return r.Ended.Sub(r.Started).Round(time.Millisecond).String()
}

func exitText(r *warehouse.Run) string {
	if r.ExitCode == nil {
		return "-"
	}
	return strconv.Itoa(*r.ExitCode)
}
