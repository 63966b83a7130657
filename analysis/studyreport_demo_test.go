package analysis_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
	"coo/analysis"
	"coo/internal/demo"
	"coo/internal/project"
)

// studyTruthStore is the demo's truth served as a study reads it; no
// source reports rejected cells (the demo loads the corrected workbooks).
type studyTruthStore struct{ truthStore }

func (studyTruthStore) SourceMonths(context.Context, coo.Period) ([]coo.SourceMonth, error) {
	return nil, nil
}

func (studyTruthStore) Defects(context.Context, []string, coo.Period) ([]coo.Defect, error) {
	return nil, nil
}

// TestStudyDemoTruth runs the demo's study (internal/demo,
// marketing-study.yaml) on the generator's ground truth and checks it
// against the generator: units follow last month's marketing spend with
// Params.Elasticity, so the answer's lag is 1 and its elasticity's 95%
// interval holds the truth; the money is the effect in units times the
// price worked out here from the truth's facts (revenue over units sold in
// the answer's months, the corrected cells included as the warehouse has
// them), and the break-even margin is the step over that money. The
// answer's percent for 10% more in one month is the sensitivity table's
// entry, and it speaks in labels, never metric ids.
func TestStudyDemoTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo company")
	}
	proj, store := demoTruth(t)
	co, err := demo.Generate(demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	spec, err := project.ParseStudy(co.Study.Data, "marketing.yaml", proj.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.RunStudy(context.Background(), studyTruthStore{store}, analysis.StudyInput{Spec: *spec, Metrics: proj.Metrics})
	if err != nil {
		t.Fatal(err)
	}
	truth := co.Truth.Params.Elasticity
	if len(r.Effects) != 1 {
		t.Fatalf("%d effects, want 1", len(r.Effects))
	}
	e := r.Effects[0]
	if e.Lag != 1 || !(e.Elasticity.Lower <= truth && truth <= e.Elasticity.Upper) {
		t.Errorf("lag %d, elasticity %+v: want lag 1 with an interval holding the true %v", e.Lag, e.Elasticity, truth)
	}

	// The price from the facts: revenue over units in the reference months.
	var rev, units float64
	facts := co.Truth.Facts
	for _, pr := range co.Truth.Problems {
		facts = append(facts, demo.Fact{Source: pr.Source, Measure: pr.Measure, Period: pr.Period, Value: pr.Value})
	}
	for _, f := range facts {
		if f.Source != "sales" || f.Period < r.Reference.From || f.Period > r.Reference.To {
			continue
		}
		switch f.Measure {
		case "revenue":
			rev += f.Value
		case "units":
			units += f.Value
		}
	}
	price := rev / units
	if r.Reference.Months != 12 || !scalar.EqualWithinAbsOrRel(r.Price.Per, price, 1e-9, 1e-9) {
		t.Errorf("price %v over %s..%s (%d months), want %v from the facts over 12 months", r.Price.Per, r.Reference.From, r.Reference.To, r.Reference.Months, price)
	}
	for _, c := range [][2]float64{{e.Value.Value, e.PerStep.Units}, {e.Value.Lower, e.PerStep.UnitsLower}, {e.Value.Upper, e.PerStep.UnitsUpper}} {
		if !scalar.EqualWithinAbsOrRel(c[0], c[1]*price, 1e-9, 1e-9) {
			t.Errorf("value %v, want %v units × %v = %v", c[0], c[1], price, c[1]*price)
		}
	}
	if e.Step != 10000 || !scalar.EqualWithinAbsOrRel(e.BreakEven, e.Step/(e.PerStep.Units*price), 1e-9, 1e-9) {
		t.Errorf("step %v, break-even %v; want 10,000 CNY over its revenue", e.Step, e.BreakEven)
	}
	// The answer's 10% is the table's, and both its intervals hold the
	// truth's: 1.1^0.25 − 1 for one month at lag 1.
	s := r.Sensitivity[0]
	if s.Lags[1] != 1 || s.Changes[4] != 0.10 || s.ByLag[1][4] != e.Tenth || s.Response[4] != e.Sustained {
		t.Errorf("the answer's 10%% (%+v, kept up %+v) is not the sensitivity table's (%+v, %+v)", e.Tenth, e.Sustained, s.ByLag[1][4], s.Response[4])
	}
	if w := math.Pow(1.1, truth) - 1; !(e.Tenth.RelativeLower <= w && w <= e.Tenth.RelativeUpper) {
		t.Errorf("10%% more for a month: %+v, want an interval holding the true %v", e.Tenth, w)
	}
	answer := strings.Join(r.Answer, "\n")
	for _, id := range []string{"sales.units", "marketing.spend", "sales.revenue"} {
		if strings.Contains(answer, id) {
			t.Errorf("the answer speaks in the id %s:\n%s", id, answer)
		}
	}
	for _, w := range []string{"Each extra 10,000 CNY of marketing spend in a month brings about ", "CNY of revenue", "pays back when more than", "VIF"} {
		if !strings.Contains(answer, w) {
			t.Errorf("the answer lacks %q:\n%s", w, answer)
		}
	}
	t.Logf("answer:\n%s", answer)
}
