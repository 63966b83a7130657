package analysis

import (
	"context"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
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

// TestDriverStep checks the round amount the answer speaks of, by hand:
// 1% of the mean rounded down to a power of ten, at least 1 for counts and
// whole numbers, 1 percentage point for a rate.
func TestDriverStep(t *testing.T) {
	cases := []struct {
		mean  float64
		unit  string
		whole bool
		want  float64
	}{
		{1.24e6, "CNY", false, 10000},
		{0.05, "", false, 0.0001},
		{5, "count", false, 1},       // "each extra 0 of new customers" (found from outside)
		{5.3, "", true, 1},           // whole numbers with no unit
		{12345, "units", false, 100}, // a large count keeps 1% of its mean
		{0.0987, "ratio", false, 0.01},
		{0.5, "percent", false, 0.01},
		{0.015, "ratio", false, 0.001}, // 1 point would be two thirds of it
		{0.00001, "%", false, 0.0001},
		{0, "ratio", false, 0.01},
		{0, "", false, 1},
	}
	for _, tc := range cases {
		if got := driverStep(tc.mean, tc.unit, tc.whole); !scalar.EqualWithinAbsOrRel(got, tc.want, 1e-12, 1e-12) {
			t.Errorf("driverStep(%v, %q, %v) = %v, want %v", tc.mean, tc.unit, tc.whole, got, tc.want)
		}
	}
}

// TestStudyAnswerSteps is the tester's case: a count driver with a mean of
// about 5 read "Each extra 0 of new customers", and a rate
// "Each extra 0.00009999999999999999 of discount" at a level of
// "0.09870000000000001". By hand: y = 100 + 3·n + 5000·d exactly, with n
// whole numbers 3 to 7 and d a rate from 8% to 12%: 1 more customer brings
// 3 units, 1 point more discount 50. d averages 0.08 + 0.01·23/12 + 0.0001
// = 9.93% over the reference months (2024).
func TestStudyAnswerSteps(t *testing.T) {
	n, d, y := make([]float64, 36), make([]float64, 36), make([]float64, 36)
	for i := range 36 {
		n[i] = float64(3 + (i*3)%5)
		d[i] = 0.08 + 0.01*float64((i*2)%5) + 0.0001*float64(i%3)
		y[i] = 100 + 3*n[i] + 5000*d[i]
	}
	store := sourceStore{fakeStore{
		{Metric: "s.units"}:    {Metric: "s.units", Start: studyStart, Values: y},
		{Metric: "s.new"}:      {Metric: "s.new", Start: studyStart, Values: n},
		{Metric: "s.discount"}: {Metric: "s.discount", Start: studyStart, Values: d},
	}}
	metrics := []coo.Metric{{Name: "s.units", Label: "Units sold", Unit: "units"},
		{Name: "s.new", Label: "New customers"}, {Name: "s.discount", Label: "Discount", Unit: "ratio"}}
	spec := StudySpec{Question: "q", Design: Design{Target: Variable{Metric: "s.units"}, Intercept: true,
		Drivers: []Driver{{Variable: Variable{Metric: "s.new"}}, {Variable: Variable{Metric: "s.discount"}}}}}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Each extra 1 of new customers in a month brings about 3 more units sold in the same month",
			"Each extra 1 pp of discount in a month brings about 50 more units sold in the same month",
			"and 9.93% discount."}},
		{"zh", []string{"New customers某月每多 1，", "Discount某月每多 1 个百分点，", "Discount 9.93%"}},
	} {
		r, err := RunStudy(context.Background(), store, StudyInput{Spec: spec, Metrics: metrics, Lang: tc.lang})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(r.Answer, " ")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("StudyAnswer(%s) = %q: lacks %q", tc.lang, got, w)
			}
		}
		if strings.Contains(got, "0000") {
			t.Errorf("StudyAnswer(%s) = %q: a number with its float noise", tc.lang, got)
		}
	}
}

func TestDigits3(t *testing.T) {
	for v, want := range map[float64]string{0.0987: "0.0987", 0.09870000000000001: "0.0987", 12: "12", 1.5: "1.5", -0.000123: "-0.000123", 99.9: "99.9", 0: "0"} {
		if got := digits3(sig3(v)); got != want {
			t.Errorf("digits3(sig3(%v)) = %q, want %q", v, got, want)
		}
	}
}
