package analysis

import (
	"context"
	"strings"
	"testing"

	"coo"
)

// sourceStore is a fakeStore that also says what each source supplied:
// the sales files of 2024-07 and 2025-02 have rejected cells.
type sourceStore struct{ fakeStore }

func (s sourceStore) SourceMonths(_ context.Context, p coo.Period) ([]coo.SourceMonth, error) {
	sales := coo.SourceMonth{Source: "sales", Files: []string{"sales-" + p.String() + ".xlsx"}, Facts: 10}
	if p == coo.NewPeriod(2024, 7) || p == coo.NewPeriod(2025, 2) {
		sales.Rejects = 2
	}
	return []coo.SourceMonth{
		{Source: "finance", Facts: 5, Rejects: 7}, // feeds nothing of the study
		{Source: "marketing", Facts: 4, Refused: []string{"mkt-bad.xlsx"}},
		sales,
	}, nil
}

func TestRunStudy(t *testing.T) {
	spec := StudySpec{Question: "Does x drive units?", Design: *studySpec(),
		Scenarios: []Scenario{{Name: "x +10%", Paths: []Path{{Driver: "x.a", From: coo.NewPeriod(2026, 1), Change: 0.1}}}}}
	metrics := []coo.Metric{
		{Name: "sales.units", Label: "Units sold", Unit: "units", Source: "sales"},
		{Name: "x.a", Source: "marketing"},
		{Name: "finance.cost", Source: "finance"},
	}
	r, err := RunStudy(context.Background(), sourceStore{studyStore()}, StudyInput{Spec: spec, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	if r.TargetLabel != "Units sold" || r.TargetUnit != "units" || r.Lang != "en" {
		t.Errorf("target %q in %q, lang %q; want Units sold in units, en", r.TargetLabel, r.TargetUnit, r.Lang)
	}
	if len(r.Scenarios) != 2 || r.Scenarios[0].Name != "baseline" || r.Scenarios[1].Name != "x +10%" || len(r.Scenarios[1].Periods) != 6 {
		t.Fatalf("scenarios: want the baseline and x +10%%, 6 months each; got %d", len(r.Scenarios))
	}
	if r.Scenarios[0].Periods[0] != coo.NewPeriod(2026, 1) {
		t.Errorf("first forecast month %s, want 2026-01 (after the target's last data)", r.Scenarios[0].Periods[0])
	}
	if len(r.Sensitivity) != 1 || r.Backtest == nil || r.Verdict != r.Backtest.Verdict {
		t.Errorf("sensitivity %d, backtest %v (%s): want one driver and a backtest with its verdict", len(r.Sensitivity), r.Backtest != nil, r.BacktestError)
	}
	// By hand: y = 100 + 3·x[t-1] + 5·(December), exactly. In the last row
	// (2025-12) x[t-1] = x(46) = 50 + 322 mod 11 + 92 = 145 and y = 540:
	// 10% more x adds 3·14.5 = 43.5 units, 43.5/540 = 8.1%.
	want := "Each 10% more x.a is followed a month later by about 43.5 more sales.units (+8.1%; 95% CI 43.5 to 43.5, p < 0.0001), at the level of 2025-12."
	if len(r.Answer) != 2 || r.Answer[0] != want || r.Answer[1] != r.Verdict {
		t.Errorf("Answer =\n%q\nwant\n%q and the verdict", r.Answer, want)
	}
	// Sources: only those feeding the study, sorted; rejects in the months
	// the design reads (2022-02, less the lag: from 2022-01, to 2025-12).
	if len(r.Sources) != 2 || r.Sources[0].Source != "marketing" || r.Sources[1].Source != "sales" {
		t.Fatalf("Sources = %+v, want marketing and sales", r.Sources)
	}
	mk, sa := r.Sources[0], r.Sources[1]
	if mk.Rejects != 0 || len(mk.Refused) != 1 || mk.Refused[0] != "mkt-bad.xlsx" || mk.Metrics[0] != "x.a" {
		t.Errorf("marketing = %+v, want no rejects, mkt-bad.xlsx refused, feeding x.a", mk)
	}
	if sa.Rejects != 4 || len(sa.RejectMonths) != 2 || sa.RejectMonths[0] != coo.NewPeriod(2024, 7) || sa.Metrics[0] != "sales.units" {
		t.Errorf("sales = %+v, want 4 rejects in 2024-07 and 2025-02", sa)
	}
}

func TestStudyAnswerWords(t *testing.T) {
	st, err := FitStudy(context.Background(), studyStore(), studySpec())
	if err != nil {
		t.Fatal(err)
	}
	zh := StudyAnswer(st, nil, "zh")
	if len(zh) != 1 || !strings.Contains(zh[0], "x.a 每增加 10%，一个月后 sales.units 约增加 43.5（+8.1%；") {
		t.Errorf("StudyAnswer(zh) = %q", zh)
	}
	// A driver at two lags: the one not chosen is said too.
	spec := studySpec()
	spec.Drivers[0].Lags = []int{0, 1}
	st, err = FitStudy(context.Background(), studyStore(), spec)
	if err != nil {
		t.Fatal(err)
	}
	en := StudyAnswer(st, nil, "en")
	if len(en) != 2 || !strings.Contains(en[0], "a month later") || !strings.Contains(en[1], "in the same month") {
		t.Errorf("StudyAnswer(lags 0 and 1) = %q: want the lag-1 effect, then a word on lag 0", en)
	}
}
