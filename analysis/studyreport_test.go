package analysis

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
)

// sourceStore is a fakeStore that also says what each source supplied:
// the sales files of 2024-07 and 2025-02 have two rejected cells each.
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

func (s sourceStore) Defects(context.Context, []string, coo.Period) ([]coo.Defect, error) {
	var out []coo.Defect
	for _, p := range []coo.Period{coo.NewPeriod(2024, 7), coo.NewPeriod(2025, 2)} {
		for _, cell := range []string{"B2", "B3"} {
			out = append(out, coo.Defect{Kind: coo.Rejected, Source: "sales", File: "sales-" + p.String() + ".xlsx", Sheet: "Data", Cell: cell, Months: []coo.Period{p}})
		}
	}
	return append(out, coo.Defect{Kind: coo.Rejected, Source: "finance", File: "fin.xlsx", Cell: "C4"}), nil
}

// yearStore is a sourceStore whose marketing data come in one workbook for
// the fiscal year 2025-04 to 2026-03, with two rejects (a cell and a value
// it no longer has), of which the study reads 2025-04 to 2025-12, 9
// months; and a workbook of 2021-06, before them, with one.
type yearStore struct{ sourceStore }

func (s yearStore) SourceMonths(_ context.Context, p coo.Period) ([]coo.SourceMonth, error) {
	mk := coo.SourceMonth{Source: "marketing", Facts: 4}
	if p >= coo.NewPeriod(2025, 4) && p <= coo.NewPeriod(2026, 3) {
		mk.Files, mk.Rejects = []string{"mkt-FY2025.xlsx"}, 2 // as the warehouse counts: the file's rejects in each of its months
	}
	if p == coo.NewPeriod(2021, 6) {
		mk.Files, mk.Rejects = []string{"mkt-2021-06.xlsx"}, 1
	}
	return []coo.SourceMonth{mk, {Source: "sales", Facts: 10}}, nil
}

func (s yearStore) Defects(context.Context, []string, coo.Period) ([]coo.Defect, error) {
	var year []coo.Period
	for p := coo.NewPeriod(2025, 4); p <= coo.NewPeriod(2026, 3); p++ {
		year = append(year, p)
	}
	return []coo.Defect{
		{Kind: coo.Rejected, Source: "marketing", File: "mkt-2021-06.xlsx", Sheet: "Channels", Cell: "C6", Months: []coo.Period{coo.NewPeriod(2021, 6)}},
		{Kind: coo.Rejected, Source: "marketing", File: "mkt-FY2025.xlsx", Reason: "dropped", Months: year},
		{Kind: coo.Rejected, Source: "marketing", File: "mkt-FY2025.xlsx", Sheet: "Channels", Cell: "I6", Months: year},
	}, nil
}

// TestStudySourcesOnce is the tester's case: one rejected cell and one
// dropped value in a fiscal year's workbook read "▲ 14 rejected cells",
// the file's two counted in each of the seven months it supplied. Each is
// counted once, in the months of the design (from 2022-01, its lag of 1
// before 2022-02, to 2025-12).
func TestStudySourcesOnce(t *testing.T) {
	metrics := []coo.Metric{{Name: "sales.units", Source: "sales"}, {Name: "x.a", Source: "marketing"}}
	r, err := RunStudy(context.Background(), yearStore{sourceStore{studyStore()}}, StudyInput{Spec: StudySpec{Question: "q", Design: *studySpec()}, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	mk := r.Sources[0]
	if mk.Source != "marketing" || mk.Rejects != 2 || len(mk.RejectMonths) != 9 || mk.RejectMonths[0] != coo.NewPeriod(2025, 4) || mk.RejectMonths[8] != coo.NewPeriod(2025, 12) {
		t.Errorf("Sources[0] = %+v, want marketing with 2 rejects in the 9 months 2025-04 to 2025-12", mk)
	}
	if want := "2 rejected cells in the marketing files of"; !strings.Contains(strings.Join(r.Caveats, " "), want) {
		t.Errorf("Caveats = %q, want %q", r.Caveats, want)
	}
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
	if len(r.Sensitivity) != 1 || r.Backtest == nil || r.Verdict != strings.Replace(r.Backtest.Verdict, "sales.units", "units sold", 1) {
		t.Errorf("sensitivity %d, backtest %v (%s): want one driver and a backtest with its verdict", len(r.Sensitivity), r.Backtest != nil, r.BacktestError)
	}
	// By hand: y = 100 + 3·x[t-1] + 5·(December), exactly. The answer is
	// taken over 2025-01 to 2025-12, where x[t-1] averages about 136: its
	// round step is 1, which brings 3 units; 10% more brings 3·0.1·x̄ of
	// ȳ. x.a has no label (its name stands in) and is not money, and the
	// study has no price: the answer says what is missing.
	var xs, ys float64
	for tt := 36; tt < 48; tt++ {
		xs += studyX(tt-1) / 12
		ys += studyY(tt) / 12
	}
	e := r.Effects[0]
	if e.Lag != 1 || e.Step != 1 || !scalar.EqualWithinAbsOrRel(e.PerStep.Units, 3, 1e-9, 1e-9) || !scalar.EqualWithinAbsOrRel(e.Tenth.Relative, 0.3*xs/ys, 1e-9, 1e-9) {
		t.Errorf("effect = %+v, want lag 1, step 1, 3 units, %v for 10%%", e, 0.3*xs/ys)
	}
	if r.Price.Known() || !math.IsNaN(e.Value.Value) || !math.IsNaN(e.BreakEven) {
		t.Errorf("price %+v, value %v, break-even %v: want none without a value metric or price", r.Price, e.Value, e.BreakEven)
	}
	want := "Each extra 1 of x.a in a month brings about 3 more units sold a month later (95%: 3 to 3; p < 0.0001). " +
		"To say this in money, the study file needs the metric of what units sold bring in (value_metric, e.g. the revenue) or a price per unit (price). " +
		"Whether it pays back is not worked out: x.a is not money, so the study does not know what it costs."
	want2 := "In percent: 10% more x.a adds " + Percent(0.3*xs/ys, true) + " to units sold a month later, as in the sensitivity table."
	if len(r.Answer) != 4 || r.Answer[0] != want || !strings.HasPrefix(r.Answer[1], want2) || r.Answer[3] != r.Verdict || r.CaveatsAt != 2 {
		t.Errorf("Answer =\n%q\nwant first\n%q\n%q\nthen the caveats (at %d) and the verdict", r.Answer, want, want2, r.CaveatsAt)
	}
	// The caveats: the rejected cells and the refused file are named.
	if want := "Read this with care: 4 rejected cells in the sales files of 2024-07, 2025-02 are missing from the data it used; files refused whole may leave months short (mkt-bad.xlsx)."; r.Answer[2] != want || len(r.Caveats) != 2 {
		t.Errorf("caveats = %q, want %q", r.Answer[2], want)
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
	metrics := []coo.Metric{{Name: "sales.units", Label: "Units sold", Unit: "units"}, {Name: "x.a", Label: "Ad spend", Unit: "CNY"}}
	run := func(spec *Design, lang string) *StudyReport {
		t.Helper()
		r, err := RunStudy(context.Background(), sourceStore{studyStore()}, StudyInput{Spec: StudySpec{Question: "q", Design: *spec}, Metrics: metrics, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	zh := run(studySpec(), "zh")
	if !strings.Contains(zh.Answer[0], "Ad spend某月每多 1 元，一个月后Units sold约增加 3（95%：3 至 3；p < 0.0001）。") {
		t.Errorf("StudyAnswer(zh) = %q", zh.Answer)
	}
	// A driver at two lags: the one not chosen is said too, and the
	// percent for 10% more in one month and kept up.
	spec := studySpec()
	spec.Drivers[0].Lags = []int{0, 1}
	en := strings.Join(run(spec, "en").Answer, " ")
	for _, w := range []string{"Each extra 1 CNY of ad spend in a month brings about 3 more units sold a month later",
		"kept up every month adds", "No effect of ad spend is distinguishable from none in the same month"} {
		if !strings.Contains(en, w) {
			t.Errorf("StudyAnswer(lags 0 and 1) = %q: lacks %q", en, w)
		}
	}
	for _, id := range []string{"sales.units", "x.a"} {
		if strings.Contains(en, id) {
			t.Errorf("StudyAnswer = %q: speaks in the metric id %s", en, id)
		}
	}
}

// TestStudyScenarioMonths: the target's data end in 2025-12, so a study of
// h = 6 forecasts 2026-01 to 2026-06. A scenario from a month before (the
// tester's 2025-01, applied from the first month forecast and described
// so) or after (2030-01: a change of 0 everywhere, without a word) is
// refused, naming the months it may start in.
func TestStudyScenarioMonths(t *testing.T) {
	for _, tc := range []struct {
		from coo.Period
		want string // "" for accepted
	}{
		{coo.NewPeriod(2026, 1), ""},
		{coo.NewPeriod(2026, 6), ""},
		{coo.NewPeriod(2025, 1), `scenario "s": x.a from 2025-01 is before the months the study forecasts, 2026-01 to 2026-06: a scenario changes what comes, not the data the study is fitted on (they end in 2025-12); give a month from 2026-01 to 2026-06`},
		{coo.NewPeriod(2025, 12), "x.a from 2025-12 is before the months the study forecasts"},
		{coo.NewPeriod(2026, 7), "x.a from 2026-07 is after the months the study forecasts, 2026-01 to 2026-06: it would change none of them; give a month from 2026-01 to 2026-06, or a longer h"},
		{coo.NewPeriod(2030, 1), "x.a from 2030-01 is after"},
	} {
		spec := StudySpec{Question: "q", Design: *studySpec(), H: 6,
			Scenarios: []Scenario{{Name: "s", Paths: []Path{{Driver: "x.a", From: tc.from, Change: 0.1}}}}}
		_, err := RunStudy(context.Background(), sourceStore{studyStore()}, StudyInput{Spec: spec})
		var me *ScenarioMonthError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("from %s: RunStudy = %v, want the study", tc.from, err)
		case tc.want != "" && (!errors.As(err, &me) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("from %s: RunStudy = %v, want a *ScenarioMonthError saying %q", tc.from, err, tc.want)
		}
	}
}
