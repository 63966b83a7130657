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
		help: `Writes the monthly report for a month: headline KPIs (value, on last month,
on last year, year to date, budget attainment, rolling 12 months), the
fiscal-year outlook with its 95% range, anomalies, what drove the change,
each department's review with its efficiency ratios, the data behind it,
and short sentences in the project's language that say what matters.

--period is YYYY-MM, or last: the latest month for which every required
source (the project file's report.required; default all) has data. Files
are named by the month: monthly-2026-10.html (one self-contained page),
monthly-2026-10.pdf, monthly-2026-10.md with its charts in
monthly-2026-10-assets/. Each is written through a temporary file and a
rename. The report prints its generation time; set SOURCE_DATE_EPOCH
(seconds since 1970) to pin it and make the same files again byte for byte.

Forecasts come from the latest coo forecast made at the month; the missing
ones are computed (and not stored). Every figure knows the months it reads
(the month, year to date, rolling 12 months, last year's, its forecast's
history, its budget's year): when any of them has a rejected cell in its
source's workbooks, a workbook refused whole, a month a required source did
not send, or a restatement since the last published report, the report is
refused (exit 4), naming each workbook and cell. Correct the workbooks and
ingest them again (the corrected file replaces the one it corrects), or pass
--allow-incomplete: the report is then published with each affected figure
marked [n], its months shaded in the charts, and note n naming the workbook
and cell.

Chinese (language: zh) needs a font with Chinese glyphs: LXGW WenKai
(Debian: fonts-lxgw-wenkai) is found by default; report.font names another
TrueType file.

Examples:
  coo report monthly --project acme --period last --out reports
  coo report monthly --project acme --period 2026-10 --out reports --format html,md`,
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
