package warehouse

import (
	"context"
	"math"

	"coo"
)

// SeriesKey names one series of the metric layer: a metric's total (Dims
// "") or one breakdown.
type SeriesKey struct {
	Metric coo.MetricName
	Dims   string
}

// SeriesKeys lists every series in metric_values, totals first within each
// metric, in a stable order.
func (db *DB) SeriesKeys(ctx context.Context) ([]SeriesKey, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT metric, dims FROM metric_values ORDER BY metric, dims`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []SeriesKey
	for rows.Next() {
		var k SeriesKey
		if err := rows.Scan(&k.Metric, &k.Dims); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// StoredForecast is one series' forecast as the warehouse keeps it.
type StoredForecast struct {
	SeriesKey
	Origin, First    coo.Period // the last and first months of data used
	Months           int
	Method, Rule     string
	BacktestSMAPE    float64 // NaN if not backtested
	BacktestMASE     float64
	BenchmarkSMAPE   float64
	BenchmarkMASE    float64
	BacktestCov95    float64
	Warning, Note    string
	Error            string // why there is no forecast; the steps are then empty
	Summary          string
	Mean, Lo80, Hi80 []float64
	Lo95, Hi95       []float64
}

// SaveForecasts stores the forecasts of run id in one transaction.
func (db *DB) SaveForecasts(ctx context.Context, runID int64, fs []StoredForecast) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	for _, f := range fs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullID(runID), string(f.Metric), f.Dims, f.Origin.String(), f.First.String(), f.Months, f.Method, f.Rule,
			num(f.BacktestSMAPE), num(f.BacktestMASE), num(f.BenchmarkSMAPE), num(f.BenchmarkMASE), num(f.BacktestCov95),
			f.Warning, f.Note, f.Error, f.Summary); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO forecasts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for i := range f.Mean {
			if _, err := stmt.ExecContext(ctx, nullID(runID), string(f.Metric), f.Dims, f.Origin.String(), i+1, f.Origin.Add(i+1).String(),
				f.Method, f.Mean[i], f.Lo80[i], f.Hi80[i], f.Lo95[i], f.Hi95[i]); err != nil {
				stmt.Close()
				return err
			}
		}
		stmt.Close()
	}
	return tx.Commit()
}
