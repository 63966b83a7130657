package pipeline

import (
	"context"
	"errors"
	"math"
	"slices"
	"time"

	"coo"
	"coo/analysis"
	"coo/internal/safefile"
	"coo/render"
	"coo/warehouse"
)

// HistoryMonths is how many months the score workbook's history covers,
// the assessed month included.
const HistoryMonths = 12

// AssessOptions says which month to score and where to write it.
type AssessOptions struct {
	Period      coo.Period // 0: the latest month in which any KPI's metric has data
	Out         string     // the folder to write into
	Stem        string     // the files' name: Stem.xlsx and Stem.html; "" is assessment-YYYY-MM
	GeneratedAt time.Time  // printed and stored in both; zero for none
	// Metrics are the project's metric definitions: a month whose KPI
	// metrics' sources have incomplete input (warehouse.DB.Defects) is
	// marked in the workbook, naming it, and a KPI whose actual is a
	// suspected unit slip (scored as missing) names its cells. Nil marks
	// no defect, and names the suspected KPIs' metrics only.
	Metrics []coo.Metric
}

// AssessResult is a month scored and written.
type AssessResult struct {
	Scorecard *analysis.Scorecard
	Files     []safefile.Written // Stem.html and Stem.xlsx, in Out
}

// Assess scores every unit of the rules for the month and the months of
// history before it, and writes the score workbook and its HTML summary.
// A month in which no KPI's metric has data is a RefusedError.
func Assess(ctx context.Context, db *warehouse.DB, rules *analysis.Rules, opt AssessOptions) (*AssessResult, error) {
	return assess(ctx, db, rules, opt, safefile.NewDir(opt.Out))
}

func assess(ctx context.Context, db *warehouse.DB, rules *analysis.Rules, opt AssessOptions, dst *safefile.Dir) (*AssessResult, error) {
	latest, err := LatestAssessed(ctx, db, rules)
	if err != nil {
		return nil, err
	}
	p := opt.Period
	if p == 0 {
		if latest == 0 {
			return nil, refusedf("data are incomplete for what was asked: no KPI metric of the assessment has any data (run coo ingest)")
		}
		p = latest
	} else if ok, err := hasAssessData(ctx, db, rules, p); err != nil {
		return nil, err
	} else if !ok {
		hint := "no KPI metric has any data"
		if latest != 0 {
			hint = "the latest month with data is " + latest.String()
		}
		return nil, refusedf("data are incomplete for what was asked: none of the assessment's metrics has data for %s (%s)", p, hint)
	}
	var defects []coo.Defect
	if len(opt.Metrics) > 0 {
		if defects, err = db.Defects(ctx, nil, p); err != nil {
			return nil, err
		}
	}
	cells := analysis.NewCells(ctx, db, opt.Metrics, defects)
	// every month is scored before anything is written
	sc, err := analysis.ScoreWith(ctx, db, rules, p, cells)
	if err != nil {
		return nil, scoreError(err)
	}
	var history []*analysis.Scorecard
	for q := p - HistoryMonths + 1; q < p; q++ {
		h, err := analysis.ScoreWith(ctx, db, rules, q, cells)
		if err != nil {
			return nil, scoreError(err)
		}
		history = append(history, h)
	}
	if err := markIncomplete(ctx, db, rules, opt.Metrics, defects, append(history, sc)); err != nil {
		return nil, err
	}
	if err := render.Assessment(ctx, dst, sc, history, render.Options{GeneratedAt: opt.GeneratedAt, Stem: opt.Stem}); err != nil {
		return nil, err
	}
	return &AssessResult{Scorecard: sc, Files: dst.Files()}, nil
}

// kpiMetrics returns the metrics the rules' KPIs measure (not their targets
// or adjustments: a budget line runs ahead of the actuals).
func kpiMetrics(r *analysis.Rules) []coo.MetricName {
	seen := map[coo.MetricName]bool{}
	var out []coo.MetricName
	for _, u := range r.Units {
		for _, k := range u.KPIs {
			if !seen[k.Metric] {
				seen[k.Metric] = true
				out = append(out, k.Metric)
			}
		}
	}
	return out
}

// LatestAssessed returns the latest month in which any KPI metric has a
// value, or 0 if none has any.
func LatestAssessed(ctx context.Context, db *warehouse.DB, r *analysis.Rules) (coo.Period, error) {
	var latest coo.Period
	for _, m := range kpiMetrics(r) {
		s, err := db.Series(ctx, m, "")
		if err != nil {
			return 0, err
		}
		for i := len(s.Values) - 1; i >= 0; i-- {
			if !math.IsNaN(s.Values[i]) {
				latest = max(latest, s.Start.Add(i))
				break
			}
		}
	}
	return latest, nil
}

// hasAssessData reports whether any KPI metric has a value in p.
func hasAssessData(ctx context.Context, db *warehouse.DB, r *analysis.Rules, p coo.Period) (bool, error) {
	for _, m := range kpiMetrics(r) {
		s, err := db.Series(ctx, m, "")
		if err != nil {
			return false, err
		}
		if _, ok := s.At(p); ok {
			return true, nil
		}
	}
	return false, nil
}

// markIncomplete names, in each scorecard, the defects (of the input up to
// the assessed month, warehouse.DB.Defects: rejected cells, refused
// workbooks, restatements)
// of its month in the sources of the rules' KPI metrics and of their
// targets' metrics, then the cells of
// the KPIs Score did not score because their actual was a suspected unit
// slip (analysis.NameSuspects; without metrics, the KPIs' metrics).
func markIncomplete(ctx context.Context, db *warehouse.DB, rules *analysis.Rules, metrics []coo.Metric, defects []coo.Defect, cards []*analysis.Scorecard) error {
	if len(metrics) == 0 || len(cards) == 0 {
		return analysis.NameSuspects(ctx, db, metrics, cards)
	}
	source := map[coo.MetricName]string{}
	for _, m := range metrics {
		source[m.Name] = m.Source
	}
	// the sources of the KPIs' metrics and of their targets' (a budget line
	// refused or with a rejected cell leaves the target incomplete: found
	// from outside, scored on a target from a refused budget, unmarked)
	sources := map[string]bool{}
	for _, m := range kpiMetrics(rules) {
		sources[source[m]] = true
	}
	for _, u := range rules.Units {
		for _, k := range u.KPIs {
			ms := []coo.MetricName{k.Target.Metric}
			if k.Target.Expr != nil {
				ms = append(ms, k.Target.Expr.Metrics()...)
			}
			for _, m := range ms {
				if src, ok := source[m]; ok {
					sources[src] = true
				}
			}
		}
	}
	for _, sc := range cards {
		var ds []coo.Defect
		for _, d := range defects {
			if d.Touches(sc.Period) && slices.ContainsFunc(analysis.DefectSources(d), func(s string) bool { return sources[s] }) {
				ds = append(ds, d)
			}
		}
		// one line per workbook: a file with a cell set aside and a value
		// dropped was named twice, the second time with the cell
		sc.Incomplete = append(sc.Incomplete, analysis.DefectPlaces(ds)...)
	}
	return analysis.NameSuspects(ctx, db, metrics, cards)
}

// scoreError makes two units of one name (analysis.ErrUnitTwice) a mistake
// in the project file (exit 2): the assessment rules must tell them apart.
func scoreError(err error) error {
	if errors.Is(err, analysis.ErrUnitTwice) {
		return &OptionError{Msg: err.Error()}
	}
	return err
}
