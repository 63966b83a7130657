package analysis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"coo"
)

// suspectStudyStore is memberCells with the sources a study asks for (none).
type suspectStudyStore struct{ memberCells }

func (suspectStudyStore) SourceMonths(context.Context, coo.Period) ([]coo.SourceMonth, error) {
	return nil, nil
}

// suspectStudy builds the study of design_test.go (y = 100 + 3·x[t-1] +
// 5 in December, 48 months from 2022-01) with x.a the sum of three
// channels, Online (about 20), Store (the rest, 30 to 130) and Events
// (about 0.5), one cell a month each in x.xlsx, sheet Data: month j of
// member i in column 2+j, row 2+i. plant changes the channels' and the
// target's values before the series are summed.
func suspectStudy(plant func(on, store, events, y []float64)) suspectStudyStore {
	on, st, ev, x, y := make([]float64, 48), make([]float64, 48), make([]float64, 48), make([]float64, 48), make([]float64, 48)
	for t := range 48 {
		on[t] = 20 + float64(t%5)
		ev[t] = 0.5 + 0.01*float64(t%3)
		st[t] = studyX(t) - on[t] - ev[t]
		y[t] = studyY(t)
	}
	plant(on, st, ev, y)
	for t := range 48 {
		x[t] = on[t] + st[t] + ev[t]
	}
	return suspectStudyStore{memberCells{
		fakeStore: fakeStore{
			coo.SeriesKey{Metric: "sales.units"}: {Metric: "sales.units", Start: studyStart, Values: y},
			coo.SeriesKey{Metric: "x.a"}:         {Metric: "x.a", Start: studyStart, Values: x},
		},
		file: "x.xlsx", start: studyStart,
		members: map[coo.MetricName][]member{"x.a": {{"channel=Online", on}, {"channel=Store", st}, {"channel=Events", ev}}},
	}}
}

// TestStudySuspects plants slips by hand and checks that the study is
// refused, naming the planted cell (or, for a series without cells, the
// series and month), and that clean data and a real one-off are not. A
// study fitted on such a slip was published with its answer turned around
// and "no cell of the data it used was rejected" (found from outside).
func TestStudySuspects(t *testing.T) {
	metrics := []coo.Metric{
		{Name: "sales.units", Label: "Units sold", Unit: "units", Source: "sales", Measure: "units"},
		{Name: "x.a", Label: "Ad spend", Unit: "CNY", Source: "marketing", Measure: "spend"},
	}
	cases := []struct {
		name  string
		plant func(on, store, events, y []float64)
		want  []string // each defect: "WHERE @ MONTH"; none: the study runs
	}{
		{name: "clean", plant: func(on, store, events, y []float64) {}},
		{name: "a real one-off, 3 times the usual", plant: func(on, store, events, y []float64) { store[30] *= 3 }},
		{name: "Online x1000 in 2024-07 (the total too)", plant: func(on, store, events, y []float64) { on[30] *= 1000 },
			want: []string{"x.xlsx, Data!AF2 @ 2024-07"}},
		{name: "Events x100 in 2025-05 (the total barely moves)", plant: func(on, store, events, y []float64) { events[40] *= 100 },
			want: []string{"x.xlsx, Data!AP4 @ 2025-05"}},
		{name: "the target x1000 in 2023-09, no cells", plant: func(on, store, events, y []float64) { y[20] *= 1000 },
			want: []string{"sales @ 2023-09"}},
		{name: "the driver's first month read (lag 1, 2022-01)", plant: func(on, store, events, y []float64) { on[0] *= 1000 },
			want: []string{"x.xlsx, Data!B2 @ 2022-01"}},
	}
	for _, tc := range cases {
		spec := StudySpec{Question: "q", Design: *studySpec()}
		r, err := RunStudy(context.Background(), suspectStudy(tc.plant), StudyInput{Spec: spec, Metrics: metrics})
		var se *SuspectError
		if len(tc.want) == 0 {
			if err != nil || r == nil {
				t.Errorf("%s: RunStudy = %v, want the study", tc.name, err)
			}
			continue
		}
		if !errors.As(err, &se) {
			t.Errorf("%s: RunStudy = %v, want a *SuspectError naming %v", tc.name, err, tc.want)
			continue
		}
		var got []string
		for _, d := range se.Defects {
			got = append(got, fmt.Sprintf("%s @ %s", d.Where(), d.Months[0]))
			if d.Kind != coo.Suspect || !strings.Contains(d.Detail, "suspected unit slip") {
				t.Errorf("%s: defect %+v, want a Suspect defect saying why", tc.name, d)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: SuspectError names %v, want %v", tc.name, got, tc.want)
		}
		if msg := se.Error(); !strings.Contains(msg, tc.want[0][:strings.Index(tc.want[0], " @")]) || !strings.Contains(msg, "ingest them again") {
			t.Errorf("%s: Error() = %q, want the place and what to do", tc.name, msg)
		}
	}
}

func (suspectStudyStore) Defects(context.Context, []string, coo.Period) ([]coo.Defect, error) {
	return nil, nil
}
