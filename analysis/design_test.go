package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"coo"
)

// The synthetic study: from 2022-01, 48 months, x is integer-valued and
// y_t = 100 + 3·x_{t−1} + 5·(month 12) exactly, so every number below is
// a hand computation on these formulas. x has a gap in 2023-05 (so the row
// of 2023-06, which needs x[t-1], goes) and y one in 2024-03.
var studyStart = coo.NewPeriod(2022, 1)

func studyX(t int) float64 { return 50 + float64((t*7)%11) + 2*float64(t) }

func studyY(t int) float64 {
	y := 100 + 3*studyX(t-1)
	if studyStart.Add(t).Month() == 12 {
		y += 5
	}
	return y
}

func studyData() (y, x coo.Series) {
	ys, xs := make([]float64, 48), make([]float64, 48)
	for t := range 48 {
		xs[t], ys[t] = studyX(t), studyY(t)
	}
	xs[16] = math.NaN() // 2023-05
	ys[26] = math.NaN() // 2024-03
	return coo.Series{Metric: "sales.units", Start: studyStart, Values: ys},
		coo.Series{Metric: "x.a", Start: studyStart, Values: xs}
}

func studySpec() *Design {
	return &Design{
		Target:       Variable{Metric: "sales.units"},
		Drivers:      []Driver{{Variable: Variable{Metric: "x.a"}, Lags: []int{1}}},
		MonthDummies: true,
		Intercept:    true,
	}
}

func studyStore() fakeStore {
	y, x := studyData()
	return fakeStore{
		coo.SeriesKey{Metric: "sales.units"}: y,
		coo.SeriesKey{Metric: "x.a"}:         x,
	}
}

func TestBuildDesign(t *testing.T) {
	y, x := studyData()
	m, err := BuildDesign(y, map[string]coo.Series{"x.a": x}, studySpec())
	if err != nil {
		t.Fatal(err)
	}
	// Names by hand: the lag, then month=2..12 (January is the base).
	want := []string{"x.a[t-1]"}
	for mo := 2; mo <= 12; mo++ {
		want = append(want, fmt.Sprintf("month=%d", mo))
	}
	if fmt.Sprint(m.Names) != fmt.Sprint(want) {
		t.Errorf("Names = %v, want %v", m.Names, want)
	}
	// Span: x[t-1] exists from 2022-02; both end in 2025-12: 47 months, less
	// 2023-06 (x of 2023-05 missing) and 2024-03 (y missing).
	if m.From != coo.NewPeriod(2022, 2) || m.To != coo.NewPeriod(2025, 12) {
		t.Errorf("span = %s..%s, want 2022-02..2025-12", m.From, m.To)
	}
	wantGaps := "[{2023-06 [x.a[t-1]]} {2024-03 [y]}]"
	if got := fmt.Sprint(m.Dropped); got != wantGaps {
		t.Errorf("Dropped = %s, want %s", got, wantGaps)
	}
	if !strings.Contains(m.Note, "45 of the 47 months") || !strings.Contains(m.Note, "2023-06 (no x.a[t-1])") {
		t.Errorf("Note = %q", m.Note)
	}
	if r, c := m.X.Dims(); r != 45 || c != 12 || len(m.Y) != 45 || len(m.Periods) != 45 {
		t.Fatalf("X is %d×%d, len(Y) %d, len(Periods) %d; want 45×12, 45, 45", r, c, len(m.Y), len(m.Periods))
	}
	i := 0
	for p := coo.NewPeriod(2022, 2); p <= coo.NewPeriod(2025, 12); p++ {
		if p == coo.NewPeriod(2023, 6) || p == coo.NewPeriod(2024, 3) {
			continue
		}
		tt := int(p - studyStart)
		if m.Periods[i] != p || m.Y[i] != studyY(tt) || m.X.At(i, 0) != studyX(tt-1) {
			t.Fatalf("row %d: %s y=%v x=%v, want %s y=%v x=%v", i, m.Periods[i], m.Y[i], m.X.At(i, 0), p, studyY(tt), studyX(tt-1))
		}
		for mo := 2; mo <= 12; mo++ {
			w := 0.0
			if p.Month() == mo {
				w = 1
			}
			if m.X.At(i, mo-1) != w {
				t.Fatalf("row %s, month=%d: %v, want %v", p, mo, m.X.At(i, mo-1), w)
			}
		}
		i++
	}
}

func TestBuildDesignTransforms(t *testing.T) {
	start := coo.NewPeriod(2024, 1)
	a := coo.Series{Start: start, Values: []float64{1, 2, 3, 4, 5, 6, 7, 8}}
	b := coo.Series{Start: start.Add(-1), Values: []float64{10, 20, 30, 40, 50, 60, 70, 80, 90}}
	y := coo.Series{Start: start, Values: []float64{5, 4, 3, 2, 1, 2, 3, 4}}
	spec := &Design{
		Target: Variable{Metric: "t.y"},
		Drivers: []Driver{
			{Variable: Variable{Metric: "t.a"}},
			{Variable: Variable{Metric: "t.b", Dims: "region=North", Log: true}, Lags: []int{0, 2}},
		},
		Interactions: []Interaction{{A: Ref{"t.a", 0}, B: Ref{"t.b{region=North}", 2}}},
		Trend:        true,
	}
	m, err := BuildDesign(y, map[string]coo.Series{"t.a": a, "t.b{region=North}": b}, spec)
	if err != nil {
		t.Fatal(err)
	}
	want := "[t.a log(t.b{region=North}) log(t.b{region=North}[t-2]) t.a*log(t.b{region=North}[t-2]) trend]"
	if got := fmt.Sprint(m.Names); got != want {
		t.Errorf("Names = %s, want %s", got, want)
	}
	// b starts 2023-12, so b[t-2] exists from 2024-02: 7 rows, 2024-02..08.
	if m.From != coo.NewPeriod(2024, 2) || len(m.Periods) != 7 {
		t.Fatalf("From = %s, %d rows; want 2024-02, 7", m.From, len(m.Periods))
	}
	for i := range 7 {
		// Row i is 2024-02+i: a = i+2, b(t) = 10·(i+3), b(t-2) = 10·(i+1).
		av, bt, bl := float64(i+2), float64(10*(i+3)), float64(10*(i+1))
		row := []float64{av, math.Log(bt), math.Log(bl), av * math.Log(bl), float64(i + 1)}
		for j, w := range row {
			if got := m.X.At(i, j); got != w {
				t.Errorf("row %s, %s = %v, want %v", m.Periods[i], m.Names[j], got, w)
			}
		}
	}

	// A log of a value that is not positive is refused, naming its month.
	b.Values[3] = 0 // 2024-03 (b starts in 2023-12)
	_, err = BuildDesign(y, map[string]coo.Series{"t.a": a, "t.b{region=North}": b}, spec)
	var pe *PeriodError
	if !errors.Is(err, ErrNotPositive) || !errors.As(err, &pe) || pe.Period != coo.NewPeriod(2024, 3) || !strings.Contains(err.Error(), "2024-03") {
		t.Errorf("BuildDesign with b(2024-03) = 0: err = %v, want ErrNotPositive at 2024-03", err)
	}
	spec.Target.Log = true
	b.Values[3] = 40
	y.Values[4] = -1 // 2024-05
	_, err = BuildDesign(y, map[string]coo.Series{"t.a": a, "t.b{region=North}": b}, spec)
	if !errors.As(err, &pe) || pe.Period != coo.NewPeriod(2024, 5) || pe.Series != "t.y" {
		t.Errorf("BuildDesign with log y(2024-05) = -1: err = %v, want t.y at 2024-05", err)
	}
}

func TestDesignValidate(t *testing.T) {
	for name, d := range map[string]Design{
		"no target":    {Drivers: []Driver{{Variable: Variable{Metric: "a"}}}},
		"no columns":   {Target: Variable{Metric: "y"}, Intercept: true},
		"negative lag": {Target: Variable{Metric: "y"}, Drivers: []Driver{{Variable: Variable{Metric: "a"}, Lags: []int{-1}}}},
		"bad interaction": {Target: Variable{Metric: "y"}, Drivers: []Driver{{Variable: Variable{Metric: "a"}}},
			Interactions: []Interaction{{A: Ref{"a", 0}, B: Ref{"a", 1}}}},
		"base month": {Target: Variable{Metric: "y"}, Drivers: []Driver{{Variable: Variable{Metric: "a"}}}, BaseMonth: 13},
	} {
		if err := d.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil, want an error", name)
		}
	}
	// Without an intercept every month has a dummy.
	d := Design{Target: Variable{Metric: "y"}, MonthDummies: true}
	if _, names := d.columns(); len(names) != 12 {
		t.Errorf("dummies without intercept: %v, want 12", names)
	}
}

func fitStudy(t *testing.T) *Study {
	t.Helper()
	st, err := FitStudy(context.Background(), studyStore(), studySpec())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFitStudy(t *testing.T) {
	st := fitStudy(t)
	// The truth: 100, 3, 5 for month=12, 0 for the other months.
	for _, term := range st.Fit.Terms {
		want := 0.0
		switch term.Name {
		case "(Intercept)":
			want = 100
		case "x.a[t-1]":
			want = 3
		case "month=12":
			want = 5
		}
		if math.Abs(term.Estimate-want) > 1e-9 {
			t.Errorf("%s = %.15g, want %v", term.Name, term.Estimate, want)
		}
	}
	if len(st.Matrix.Periods) != 45 || st.Fit.N != 45 {
		t.Errorf("N = %d, want 45", st.Fit.N)
	}
	for _, p := range append(st.HighLeverage, st.Influential...) {
		if p < st.Matrix.From || p > st.Matrix.To {
			t.Errorf("flagged month %s outside the design", p)
		}
	}
}

func TestScenario(t *testing.T) {
	st := fitStudy(t)
	x47 := studyX(47) // x of 2025-12, the last month
	base, err := st.Scenario(Scenario{Name: "hold"}, 12, 0)
	if err != nil {
		t.Fatal(err)
	}
	if base.Periods[0] != coo.NewPeriod(2026, 1) || len(base.Predictions) != 12 {
		t.Fatalf("periods from %s, %d; want 2026-01, 12", base.Periods[0], len(base.Predictions))
	}
	for i, pr := range base.Predictions {
		// x held at x47, so every month is 100 + 3·x47, +5 in December.
		want := 100 + 3*x47
		if base.Periods[i].Month() == 12 {
			want += 5
		}
		if !scalar.EqualWithinAbsOrRel(pr.Fit, want, 1e-9, 1e-12) {
			t.Errorf("hold %s: %v, want %v", base.Periods[i], pr.Fit, want)
		}
		if !(pr.ObsLower <= pr.MeanLower && pr.MeanLower <= pr.Fit && pr.Fit <= pr.MeanUpper && pr.MeanUpper <= pr.ObsUpper) {
			t.Errorf("hold %s: intervals out of order: %+v", base.Periods[i], pr)
		}
	}

	check := func(sc Scenario, want func(i int, p coo.Period) float64) {
		t.Helper()
		got, err := st.Scenario(sc, 12, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		for i, pr := range got.Predictions {
			d := pr.Fit - base.Predictions[i].Fit
			if w := want(i, got.Periods[i]); math.Abs(d-w) > 1e-9 {
				t.Errorf("%s %s: change %v, want %v", sc.Name, got.Periods[i], d, w)
			}
		}
	}
	// +10% from 2026-02: January and February still see January's x
	// (x[t-1]); from March on the change is 3·0.1·x47.
	check(Scenario{Name: "+10% from 2026-02", Paths: []Path{{Driver: "x.a", From: coo.NewPeriod(2026, 2), Change: 0.10}}},
		func(i int, p coo.Period) float64 {
			if p < coo.NewPeriod(2026, 3) {
				return 0
			}
			return 3 * 0.1 * x47
		})
	// From 2025-12, in the data: 2026-01's lag reaches the changed December.
	check(Scenario{Name: "+10% from 2025-12", Paths: []Path{{Driver: "x.a", From: coo.NewPeriod(2025, 12), Change: 0.10}}},
		func(int, coo.Period) float64 { return 3 * 0.1 * x47 })
	// Explicit: x = 200 in 2026-01 only, then held at x47 (·1, no change).
	check(Scenario{Name: "explicit", Paths: []Path{{Driver: "x.a", From: coo.NewPeriod(2026, 1), Values: []float64{200}}}},
		func(i int, p coo.Period) float64 {
			if p == coo.NewPeriod(2026, 2) {
				return 3 * (200 - x47)
			}
			return 0
		})
	// Last year: x(2026-m) = x(2025-m), so month m sees x of 2025-(m-1).
	check(Scenario{Name: "last year", Paths: []Path{{Driver: "x.a", Base: BaseLastYear}}},
		func(i int, p coo.Period) float64 {
			if i == 0 {
				return 0
			}
			return 3 * (studyX(36+i-1) - x47)
		})
	// The driver's own forecast: runs, and feeds its mean into the lag.
	fc, err := st.Scenario(Scenario{Name: "forecast", Paths: []Path{{Driver: "x.a", Base: BaseForecast}}}, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if w := 100 + 3*fc.Drivers[0][0]; !scalar.EqualWithinAbsOrRel(fc.Predictions[1].Fit, w, 1e-9, 1e-12) {
		t.Errorf("forecast 2026-02: %v, want 100 + 3·x̂(2026-01) = %v", fc.Predictions[1].Fit, w)
	}
	if _, err := st.Scenario(Scenario{Name: "bad", Paths: []Path{{Driver: "nope"}}}, 3, 0); err == nil {
		t.Error("scenario on an unknown driver: no error")
	}
}

func TestSensitivity(t *testing.T) {
	st := fitStudy(t)
	tab, err := st.Sensitivity(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := tab[0]
	// The reference: the 12 months 2025-01 to 2025-12 (no gap in 2025).
	if s.Driver != "x.a" || s.From != coo.NewPeriod(2025, 1) || s.To != coo.NewPeriod(2025, 12) || s.Months != 12 {
		t.Fatalf("row %s over %s..%s (%d months), want x.a over 2025-01..2025-12 (12)", s.Driver, s.From, s.To, s.Months)
	}
	// By hand: month t of 2025 (t = 36..47) sees x of t−1, so c more of x
	// moves y by 3·c·x(t−1); the means over the year are 3·c·x̄ and ȳ.
	var xs, ys float64
	for tt := 36; tt < 48; tt++ {
		xs += studyX(tt-1) / 12
		ys += studyY(tt) / 12
	}
	if !scalar.EqualWithinAbsOrRel(s.Level, ys, 1e-12, 1e-12) {
		t.Errorf("level %v, want ȳ = %v", s.Level, ys)
	}
	for i, c := range []float64{-0.20, -0.10, -0.05, 0.05, 0.10, 0.20} {
		w := 3 * c * xs
		for _, e := range []Effect{s.Response[i], s.ByLag[0][i]} {
			if !scalar.EqualWithinAbsOrRel(e.Units, w, 1e-9, 1e-9) || !scalar.EqualWithinAbsOrRel(e.Relative, w/ys, 1e-9, 1e-9) {
				t.Errorf("response to %+v: %v units (%v), want %v (%v)", c, e.Units, e.Relative, w, w/ys)
			}
		}
	}
	// Elasticity b·x̄/ȳ over the same months; the fit is exact, so its
	// interval is the point.
	if w := 3 * xs / ys; !scalar.EqualWithinAbsOrRel(s.Elasticity.Value, w, 1e-12, 1e-10) || s.LagElasticity[0] != s.Elasticity {
		t.Errorf("elasticity = %v (lag 1: %v), want 3·x̄/ȳ = %v", s.Elasticity, s.LagElasticity[0], w)
	}
}
