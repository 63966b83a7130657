package pipeline

import (
	"context"
	"fmt"

	"coo"
	"coo/analysis"
)

// ForecastOptions says which series to forecast and how far.
type ForecastOptions struct {
	H          int              // months ahead; 0 is 12
	Metrics    []coo.MetricName // only these metrics; nil is all
	TotalsOnly bool             // the metrics' totals, not their breakdowns
}

// ForecastResult is what Forecast stored.
type ForecastResult struct {
	RunID  int64
	H      int
	Series []analysis.SeriesForecast // every series tried, in the warehouse's order
	// Failed counts series without a forecast, Warned those that did worse
	// than seasonal naive in their backtest.
	Failed, Warned int
	// Reconciled says, for each metric forecast, whether its total and
	// breakdowns were made coherent, how, or why not.
	Reconciled []analysis.Reconciliation
}

// Forecasted is the number of series with a forecast.
func (r *ForecastResult) Forecasted() int { return len(r.Series) - r.Failed }

func (r *ForecastResult) String() string {
	return fmt.Sprintf("%d series forecast %d months ahead (run %d); %d without a forecast, %d did worse than seasonal naive in backtest",
		r.Forecasted(), r.H, r.RunID, r.Failed, r.Warned)
}

// Forecast forecasts the chosen series of the metric layer with auto,
// reconciles every additive metric's total with its breakdowns (so that
// they add up at every step, intervals included: analysis.Reconcile), and
// stores every forecast, with its method, backtest and the run, in one
// transaction. A metric asked for that has no data is an OptionError.
func Forecast(ctx context.Context, s *Session, opt ForecastOptions) (*ForecastResult, error) {
	if opt.H == 0 {
		opt.H = 12
	}
	if opt.H < 1 || opt.H > 60 {
		return nil, Optionf("forecast horizon %d: want 1 to 60 months", opt.H)
	}
	all, err := s.DB.SeriesKeys(ctx)
	if err != nil {
		return nil, err
	}
	want := map[coo.MetricName]bool{}
	for _, m := range opt.Metrics {
		want[m] = true
	}
	var keys []coo.SeriesKey
	found := map[coo.MetricName]bool{}
	for _, k := range all {
		found[k.Metric] = true
		if (len(want) == 0 || want[k.Metric]) && (!opt.TotalsOnly || k.Dims == "") {
			keys = append(keys, k)
		}
	}
	for _, m := range opt.Metrics {
		if !found[m] {
			return nil, Optionf("metric %s has no data in the warehouse (run coo ingest, or check the name in coo.yaml)", m)
		}
	}
	res := &ForecastResult{RunID: s.RunID, H: opt.H}
	// In chunks, for the progress bar: each chunk runs on every core.
	const chunk = 64
	bar := s.cfg.stage("forecast", len(keys))
	defer bar.Done()
	for i := 0; i < len(keys); i += chunk {
		part, err := analysis.Forecasts(ctx, s.DB, keys[i:min(i+chunk, len(keys))], opt.H)
		if err != nil {
			return nil, err
		}
		res.Series = append(res.Series, part...)
		bar.Add(len(part))
	}
	bar.Done()
	if res.Reconciled, err = analysis.Reconcile(ctx, s.DB, s.Project.Metrics, res.Series); err != nil {
		return nil, err
	}
	for _, r := range res.Reconciled {
		if r.Series > 0 {
			s.Log().Info("reconciled", "metric", string(r.Metric), "series", r.Series, "method", r.Method)
		} else if r.Why != "no breakdown" {
			s.Log().Info("not reconciled", "metric", string(r.Metric), "why", r.Why)
		}
	}
	stored := make([]coo.StoredForecast, len(res.Series))
	for i := range res.Series {
		stored[i] = res.Series[i].Stored()
		switch {
		case res.Series[i].Err != nil:
			res.Failed++
		case stored[i].LostBacktest():
			res.Warned++
		}
	}
	if err := s.DB.SaveForecasts(ctx, s.RunID, stored); err != nil {
		return nil, err
	}
	s.Log().Info("forecast done", "series", len(res.Series), "failed", res.Failed, "warnings", res.Warned)
	return res, nil
}
