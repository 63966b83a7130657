// Package analysis turns warehouse metrics into the numbers a COO reads: KPI
// tables (value, month on month, year on year, year to date, budget
// attainment), forecasts and outlooks through package forecast, anomaly
// flags, assessment scorecards and decision-support studies. Its results are
// plain data that package render prints; it knows nothing of HTML, PDF or
// workbooks.
//
// It reads the warehouse through Store, so tests can use an in-memory fake.
// It decides what to do about gaps in a series and says so in its results: no
// NaN reaches a forecast.
//
// This is the foundation: the KPI tables, forecasts and scorecards arrive
// with the monthly report, forecasting and assessment issues.
package analysis

import (
	"context"

	"coo"
	"coo/warehouse"
)

// Store is what analysis reads: a metric's monthly series by name, for the
// total (dims "") or one breakdown such as "region=North".
type Store interface {
	Series(ctx context.Context, metric coo.MetricName, dims string) (coo.Series, error)
}

var _ Store = (*warehouse.DB)(nil)
