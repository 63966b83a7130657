package main

import (
	"context"
	"fmt"

	"coo/pipeline"
)

// beforePublish runs just before a run's folder is renamed into the
// archive; the tests stop a child process there.
var beforePublish func()

func cmdRun() *command {
	c := &command{
		name:    "run",
		args:    "monthly [--project DIR] [--archive DIR] [--force] [--allow-incomplete]",
		summary: "The unattended monthly job: ingest, forecast, and publish the latest complete month's report and scores.",
		help: `One command for cron or a systemd timer (coo schedule prints them):

  1. ingests every new file the sources' files globs match: the inbox
     (coo init's example puts it in inbox/SOURCE/*.xlsx; point the globs
     at the folders departments drop their workbooks into); files already
     loaded are skipped by their content
  2. finds the latest month for which every required source has data
     (report.required; default all sources)
  3. if that month is already published, stops: exit 0, saying so
  4. forecasts every metric, renders the monthly report (HTML, PDF,
     Markdown) and, with an assessment section, the score workbook
  5. publishes them at once: everything is written into a temporary
     folder, then renamed to ARCHIVE/YYYY-MM (default reports/YYYY-MM),
     with run.json: the run, its inputs and outputs with sha256

It takes the writer's lock: a second run at the same time exits 4 and
names the first. A run that is killed leaves nothing published; the next
run records it as failed and clears its temporary folder. A published
month is never overwritten without --force (for example after a late
correction: the run says when a published month has newer data). A month
whose figures depend on incomplete input (rejected cells, refused
workbooks, missing months, restatements: see coo help report) is not
published (exit 4) unless --allow-incomplete.

Exit status 3: published, but some of the new input was set aside
(coo rejects lists it).

Examples:
  coo run monthly --project /srv/coo/acme
  coo run monthly --project /srv/coo/acme --force`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 || args[0] != "monthly" {
			return usagef("run needs a kind of job: coo run monthly")
		}
		fs := e.flags(c, ".")
		archive := fs.String("archive", "", "the `DIR` of published months (default: reports in the project folder)")
		force := fs.Bool("force", false, "publish the month again even if it is already published")
		allow := fs.Bool("allow-incomplete", false, "publish even when rejected cells touch the month's figures; the report says so")
		if err := e.parse(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("run monthly takes no further arguments")
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
		res, err := pipeline.Publish(ctx, s, pipeline.PublishOptions{Archive: *archive, Force: *force, AllowIncomplete: *allow,
			GeneratedAt: at, BeforeRename: beforePublish})
		msg := ""
		if res != nil {
			msg = res.String()
			fmt.Fprintln(e.stdout, msg)
			for _, nt := range res.Notes {
				fmt.Fprintln(e.stdout, "  "+nt)
			}
		}
		return s.End(err, msg)
	}
	return c
}
