package pipeline

import (
	"strings"
	"testing"
)

// TestSchedule: the folder's quote, space and percent sign survive sh,
// cron (which reads % as a newline) and systemd (which reads % as a
// specifier).
func TestSchedule(t *testing.T) {
	s := Schedule{Exe: "/usr/bin/coo", Dir: "/srv/it's 100%", Hour: 7, Minute: 5}
	cron := s.CronLine()
	want := `5 7 * * * mkdir -p '/srv/it'\''s 100\%/logs' && '/usr/bin/coo' run monthly --project '/srv/it'\''s 100\%' --log json >> '/srv/it'\''s 100\%/logs/coo.log' 2>&1` + "\n"
	if lines := strings.SplitAfter(cron, "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "# ") || lines[1] != want {
		t.Errorf("CronLine =\n%s\nwant a comment, then\n%s", cron, want)
	}
	units := s.SystemdUnits()
	for _, want := range []string{
		`ExecStart="/usr/bin/coo" run monthly --project "/srv/it's 100%%" --log json`,
		"OnCalendar=*-*-* 07:05:00",
		"# /etc/systemd/system/coo-monthly.timer",
	} {
		if !strings.Contains(units, want) {
			t.Errorf("SystemdUnits lacks %q:\n%s", want, units)
		}
	}
}
