package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"coo/pipeline"

	"coo"
)

func cmdReport() *command {
	c := &command{
		name:    "report",
		args:    "monthly [--project DIR] --period YYYY-MM|last --out DIR [--format html,pdf,md] [--allow-incomplete]",
		summary: "Write the monthly business situation analysis and outlook report.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 || args[0] != "monthly" {
			return usagef("report needs a kind of report: coo report monthly --period YYYY-MM|last --out DIR")
		}
		fs := e.flags(c, ".")
		period := fs.String("period", "", "the `month` to report: YYYY-MM, or last")
		out := fs.String("out", "", "the `DIR`ectory to write the report into")
		formats := fs.String("format", "html,pdf,md", "the `formats` to write: html, pdf, md, comma-separated")
		allow := fs.Bool("allow-incomplete", false, "publish even when data are missing or rejected; the first page says what")
		if err := e.parse(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("report monthly takes no further arguments; use --period and --out")
		}
		if *period == "" || *out == "" {
			return usagef("report monthly needs --period YYYY-MM|last and --out DIR")
		}
		month, err := parsePeriod(*period)
		if err != nil {
			return err
		}
		want, err := parseFormats(*formats)
		if err != nil {
			return err
		}
		at, err := generatedAt(e.now)
		if err != nil {
			return err
		}
		p, err := e.loadProject()
		if err != nil {
			return err
		}
		s, err := e.begin(ctx, p)
		if err != nil {
			return err
		}
		res, err := pipeline.Report(ctx, s, pipeline.ReportOptions{Period: month, Out: *out, Formats: want, AllowIncomplete: *allow, GeneratedAt: at})
		msg := ""
		if err == nil {
			msg = fmt.Sprintf("%d files written", len(res.Files))
			for _, f := range res.Main() {
				fmt.Fprintln(e.stdout, f)
			}
		}
		return s.End(err, msg)
	}
	return c
}

// parsePeriod reads --period: YYYY-MM, or last (0).
func parsePeriod(s string) (coo.Period, error) {
	if s == "last" {
		return 0, nil
	}
	p, err := coo.ParsePeriod(s)
	if err != nil {
		return 0, usagef("--period %q: want YYYY-MM or last", s)
	}
	return p, nil
}

// parseFormats reads --format: html, pdf and md, comma-separated.
func parseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f != "html" && f != "pdf" && f != "md" {
			return nil, usagef("--format %q: want html, pdf or md, comma-separated", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// generatedAt is the time a report prints and stores: SOURCE_DATE_EPOCH
// (seconds since 1970, the reproducible-builds convention) when set, so
// that a report can be made again byte for byte; else now.
func generatedAt(now func() time.Time) (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return now(), nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 || sec > 253402300799 {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(sec, 0).UTC(), nil
}
