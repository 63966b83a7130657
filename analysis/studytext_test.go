package analysis

import (
	"context"
	"strings"
	"testing"
)

// TestStudyVerdict checks that the verdict the study report prints, from
// the catalogue (coo/internal/l10n, "studytext.help" and ".worse"), says in
// English what the backtest's own Verdict says, for one month ahead and
// several, and both outcomes; and that the Chinese is filled in.
func TestStudyVerdict(t *testing.T) {
	st := fitStudy(t)
	for _, h := range []int{1, 3} {
		bt, err := st.Backtest(context.Background(), 0, h)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := studyVerdict(st, bt, st.Design.Target.Label(), "en"), bt.Verdict; got != want {
			t.Errorf("h=%d: studyVerdict(en) = %q, want the backtest's %q", h, got, want)
		}
		// The other outcome: the same sentence with the other lead.
		other := *bt
		other.DriversHelp = !bt.DriversHelp
		lead := [2]string{"The drivers add something:", "The drivers do not beat the baseline:"}
		if !bt.DriversHelp {
			lead[0], lead[1] = lead[1], lead[0]
		}
		if got, want := studyVerdict(st, &other, st.Design.Target.Label(), "en"), strings.Replace(bt.Verdict, lead[0], lead[1], 1); got != want {
			t.Errorf("h=%d, help %v: studyVerdict(en) = %q, want %q", h, other.DriversHelp, got, want)
		}
		for _, b := range []*StudyBacktest{bt, &other} {
			if got := studyVerdict(st, b, "Units sold", "zh"); strings.Contains(got, "%!") || !strings.Contains(got, "驱动因素") {
				t.Errorf("h=%d: studyVerdict(zh) = %q", h, got)
			}
		}
	}
}
