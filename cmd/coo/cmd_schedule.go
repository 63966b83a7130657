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
		help: `Prints what to install so that coo run monthly runs unattended every day at
--at (default 06:30, local time). A daily run is cheap when nothing is new
(it loads nothing and publishes nothing, exit 0) and publishes a month as
soon as its last required workbook has arrived. Logs are JSON lines with
the run id on every line.

systemd: save the two units under /etc/systemd/system (or
~/.config/systemd/user with systemctl --user), then
  systemctl daemon-reload && systemctl enable --now coo-monthly.timer
  journalctl -u coo-monthly.service     # the logs
cron: add the line with crontab -e; logs go to DIR/logs/coo.log.

Exit codes to alert on: 1 failed, 3 published but input was set aside
(coo rejects), 4 refused (another run holds the warehouse, or the month's
data are incomplete).

Examples:
  coo schedule --print systemd --project /srv/coo/acme
  coo schedule --print cron --project /srv/coo/acme --at 07:15`,
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
