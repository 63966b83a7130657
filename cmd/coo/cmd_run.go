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
