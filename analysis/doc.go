// Package analysis turns the metric layer into the figures a COO reads: the
// monthly report's KPIs (value, month on month, year on year, year to date,
// budget attainment, rolling 12 months, fiscal-year outlook), anomalies,
// drivers and department reviews (Monthly), the narrative in English or
// Chinese, forecasts of every series with their backtests (Forecasts),
// assessment scorecards from the project's rules (Score), and
// decision-support studies: designs, fits, scenarios, sensitivity and the
// backtest against the baseline (RunStudy).
//
// Its results are plain data that package render prints; it knows nothing
// of HTML, PDF or workbooks, and nothing of the warehouse: it reads series
// through the small interfaces Store, AssessStore and StudyStore, which the
// caller satisfies (package pipeline passes *warehouse.DB; tests pass
// in-memory fakes).
//
// It decides what to do about gaps in a series and says so in its results:
// no NaN reaches a forecast.
package analysis

import (
	"context"

	"coo"
)

// Store is what analysis reads: a metric's monthly series by name, for the
// total (dims "") or one breakdown such as "region=North".
type Store interface {
	Series(ctx context.Context, metric coo.MetricName, dims string) (coo.Series, error)
}
