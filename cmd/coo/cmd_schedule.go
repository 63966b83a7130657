package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"coo/pipeline"
)

func cmdSchedule() *command {
	c := &command{
		name:    "schedule",
		args:    "--print systemd|cron [--project DIR] [--at HH:MM]",
		summary: "Print the systemd unit and timer, or the crontab line, that runs coo run monthly every day.",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		kind := fs.String("print", "", "what to print: `systemd` or cron")
		at := fs.String("at", "06:30", "the time of day to run, `HH:MM`")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("schedule takes no arguments")
		}
		hh, mm, ok := parseClock(*at)
		if !ok {
			return usagef("--at %q: want a time of day such as 06:30", *at)
		}
		if _, err := e.loadProject(); err != nil {
			return err
		}
		dir, err := filepath.Abs(e.projectDir)
		if err != nil {
			return err
		}
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		sch := pipeline.Schedule{Exe: exe, Dir: dir, Hour: hh, Minute: mm}
		switch *kind {
		case "systemd":
			fmt.Fprint(e.stdout, sch.SystemdUnits())
		case "cron":
			fmt.Fprint(e.stdout, sch.CronLine())
		default:
			return usagef("schedule needs --print systemd or --print cron")
		}
		return nil
	}
	return c
}

// parseClock reads --at: HH:MM, 00:00 to 23:59.
func parseClock(s string) (hh, mm int, ok bool) {
	h, m, found := strings.Cut(s, ":")
	if !found || len(m) != 2 {
		return 0, 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	return hh, mm, err1 == nil && err2 == nil && hh >= 0 && hh < 24 && mm >= 0 && mm < 60
}
