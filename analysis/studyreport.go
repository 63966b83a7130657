package analysis

import (
	"context"
	"fmt"
	"sort"

	"coo"
	"coo/internal/l10n"
)

// StudySpec is a study as its file states it: the question, the design,
// the scenarios and the horizon.
type StudySpec struct {
	Title    string // "" gives one from the target
	Question string
	Design   Design
	// Scenarios are pushed through the fit after the baseline (every
	// driver held at its last value), which every study has.
	Scenarios []Scenario
	H         int // months forecast; 0 is 6
}

// StudyStore is what RunStudy reads: the series, and what each source
// supplied in a month (for the rejected cells that touch the study's data).
type StudyStore interface {
	Store
	SourceMonths(ctx context.Context, p coo.Period) ([]coo.SourceMonth, error)
}

// StudyInput is everything RunStudy needs besides the store.
type StudyInput struct {
	Spec StudySpec
	// Metrics are the project's metrics: the target's label and unit, and
	// the source of each series. Nil leaves the sources out of the report.
	Metrics []coo.Metric
	Lang    string // the answer's language: en or zh; "" is en
}

// StudyReport is a fitted study with everything its report shows: plain
// data for render.
type StudyReport struct {
	Title, Question string
	Lang            string
	TargetLabel     string // the target metric's label ("Units sold"), else its name
	TargetUnit      string // the target metric's unit, "" if unknown
	Study           *Study
	// History is the target as read (NaN for a missing month), on its own
	// scale (not logged).
	History coo.Series
	// Scenarios are the baseline, then the spec's scenarios, each H months
	// from the month after the target's last data, with 95% intervals.
	Scenarios   []*ScenarioForecast
	Sensitivity []Sensitivity // one per driver, DefaultChanges
	// Backtest is the rolling-origin comparison with the ETS-based
	// baseline over the last 6 months, one month ahead; nil when it could
	// not run, and BacktestError says why.
	Backtest      *StudyBacktest
	BacktestError string
	Verdict       string // the backtest's verdict in Lang; "" without a backtest
	// Answer is the answer in words (StudyAnswer), one sentence an entry.
	Answer []string
	// Sources are the sources behind the study's series with the rejected
	// cells in their files for the months the design reads; empty without
	// StudyInput.Metrics.
	Sources []StudySource
}

// StudySource is one source behind a study's series.
type StudySource struct {
	Source  string
	Metrics []coo.MetricName // the study's series it feeds
	// RejectMonths are the months read by the design (the span, reaching
	// back by the longest lag) whose files hold rejected cells, oldest
	// first; Rejects adds up those files' rejected cells month by month (a
	// file of several months counts in each).
	RejectMonths []coo.Period
	Rejects      int64
	Refused      []string // the source's files refused outright, sorted
}

// RunStudy fits in.Spec's design (FitStudy), forecasts the baseline and
// the scenarios H months ahead with 95% intervals, computes the
// sensitivity to each driver and the backtest, says the answer in words,
// and lists the rejected cells touching the data. A backtest that cannot
// run is reported in the result, not as an error.
//
// Errors: FitStudy's (a *forecast.CollinearError among them), a
// scenario's, the sensitivity's, and the store's.
func RunStudy(ctx context.Context, store StudyStore, in StudyInput) (*StudyReport, error) {
	spec := in.Spec
	if spec.H == 0 {
		spec.H = 6
	}
	lang := in.Lang
	if lang != "zh" {
		lang = "en"
	}
	st, err := FitStudy(ctx, store, &spec.Design)
	if err != nil {
		return nil, err
	}
	r := &StudyReport{Title: spec.Title, Question: spec.Question, Lang: lang, Study: st,
		TargetLabel: spec.Design.Target.Label(),
		History:     coo.Series{Metric: st.target.Metric, Dims: st.target.Dims, Start: st.target.Start, Values: append([]float64(nil), st.target.Values...)}}
	for _, m := range in.Metrics {
		if m.Name == spec.Design.Target.Metric {
			if m.Label != "" && spec.Design.Target.Dims == "" {
				r.TargetLabel = m.Label
			}
			r.TargetUnit = m.Unit
		}
	}
	for _, sc := range append([]Scenario{{Name: l10n.T(lang, "studytext.baseline")}}, spec.Scenarios...) {
		f, err := st.Scenario(sc, spec.H, 0.95)
		if err != nil {
			return nil, err
		}
		r.Scenarios = append(r.Scenarios, f)
	}
	if r.Sensitivity, err = st.Sensitivity(nil); err != nil {
		return nil, fmt.Errorf("study of %s: sensitivity: %w", spec.Design.Target.Label(), err)
	}
	if r.Backtest, err = st.Backtest(ctx, 6, 1); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.Backtest, r.BacktestError = nil, err.Error()
	}
	r.Answer = StudyAnswer(st, r.Backtest, lang)
	if r.Backtest != nil {
		r.Verdict = studyVerdict(st, r.Backtest, lang)
	}
	if in.Metrics != nil {
		if r.Sources, err = studySources(ctx, store, st, in.Metrics); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// studySources lists the sources of the study's series with the rejected
// cells in their files over the months the design reads.
func studySources(ctx context.Context, store StudyStore, st *Study, metrics []coo.Metric) ([]StudySource, error) {
	source := map[coo.MetricName]string{}
	for _, m := range metrics {
		source[m.Name] = m.Source
	}
	bySource := map[string]*StudySource{}
	var names []string
	feed := func(m coo.MetricName) {
		s, ok := source[m]
		if !ok || s == "" {
			return
		}
		if bySource[s] == nil {
			bySource[s] = &StudySource{Source: s}
			names = append(names, s)
		}
		if !containsName(bySource[s].Metrics, m) {
			bySource[s].Metrics = append(bySource[s].Metrics, m)
		}
	}
	feed(st.Design.Target.Metric)
	maxLag := 0
	for _, dr := range st.Design.Drivers {
		feed(dr.Metric)
		for _, k := range dr.lags() {
			maxLag = max(maxLag, k)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, nil
	}
	refused := map[string]map[string]bool{}
	for p := st.Matrix.From.Add(-maxLag); p <= st.Matrix.To; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sms, err := store.SourceMonths(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("study: sources of %s: %w", p, err)
		}
		for _, sm := range sms {
			s := bySource[sm.Source]
			if s == nil {
				continue
			}
			if sm.Rejects > 0 {
				s.RejectMonths = append(s.RejectMonths, p)
				s.Rejects += sm.Rejects
			}
			for _, f := range sm.Refused {
				if refused[sm.Source] == nil {
					refused[sm.Source] = map[string]bool{}
				}
				refused[sm.Source][f] = true
			}
		}
	}
	out := make([]StudySource, len(names))
	for i, n := range names {
		s := bySource[n]
		for f := range refused[n] {
			s.Refused = append(s.Refused, f)
		}
		sort.Strings(s.Refused)
		out[i] = *s
	}
	return out, nil
}
