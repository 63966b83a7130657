package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Schedule is when and how the unattended monthly job runs: the coo
// executable and the project folder (absolute paths), and the time of day
// (local time, Hour 0-23, Minute 0-59).
type Schedule struct {
	Exe, Dir     string
	Hour, Minute int
}

// SystemdUnits returns the coo-monthly.service and coo-monthly.timer units
// that run coo run monthly every day at the schedule's time, with JSON
// logs; each begins with a comment naming the file to save it as. Paths are
// quoted for systemd (systemd.syntax(7)).
func (s Schedule) SystemdUnits() string {
	return fmt.Sprintf(`# /etc/systemd/system/coo-monthly.service
[Unit]
Description=coo: ingest, forecast and publish the monthly report (%[2]s)
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory=%[2]s
ExecStart=%[1]s run monthly --project %[3]s --log json
# 3 (input set aside) and 4 (busy, or data incomplete) are reported, not retried.
SuccessExitStatus=0
Nice=10
TimeoutStartSec=2h

# /etc/systemd/system/coo-monthly.timer
[Unit]
Description=Run coo-monthly.service every day

[Timer]
OnCalendar=*-*-* %02[4]d:%02[5]d:00
Persistent=true
RandomizedDelaySec=5min

[Install]
WantedBy=timers.target
`, systemdQuote(s.Exe), s.Dir, systemdQuote(s.Dir), s.Hour, s.Minute)
}

// CronLine returns a comment and the crontab line that runs coo run monthly
// every day at the schedule's time, appending its JSON logs to
// DIR/logs/coo.log. Words are quoted for sh, and % escaped for cron.
func (s Schedule) CronLine() string {
	log := filepath.Join(s.Dir, "logs", "coo.log")
	cmd := fmt.Sprintf("mkdir -p %s && %s run monthly --project %s --log json >> %s 2>&1",
		shellQuote(filepath.Dir(log)), shellQuote(s.Exe), shellQuote(s.Dir), shellQuote(log))
	// cron treats % as a newline: escape it.
	return fmt.Sprintf("# coo: ingest, forecast and publish the monthly report every day at %02d:%02d\n%d %d * * * %s\n",
		s.Hour, s.Minute, s.Minute, s.Hour, strings.ReplaceAll(cmd, "%", `\%`))
}

// systemdQuote quotes an argument of ExecStart (systemd.syntax(7)).
func systemdQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "%", "%%")
	return `"` + s + `"`
}

// shellQuote quotes a word for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
