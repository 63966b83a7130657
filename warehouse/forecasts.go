package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"coo"
)

// SeriesKeys lists every series in metric_values, totals first within each
// metric, in a stable order.
func (db *DB) SeriesKeys(ctx context.Context) ([]coo.SeriesKey, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT metric, dims FROM metric_values ORDER BY metric, dims`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []coo.SeriesKey
	for rows.Next() {
		var k coo.SeriesKey
		if err := rows.Scan(&k.Metric, &k.Dims); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// SaveForecasts stores the forecasts of run id in one transaction. A run
// that forecasts a series again from the same origin (new data loaded in
// between) replaces what it stored before.
func (db *DB) SaveForecasts(ctx context.Context, runID int64, fs []coo.StoredForecast) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before int64
	if runID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM forecast_models WHERE run_id = ?`, runID).Scan(&before); err != nil {
			return err
		}
	}
	if before > 0 {
		for _, t := range []string{"forecast_models", "forecasts", "forecast_adjustments"} {
			for _, f := range fs {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE run_id = ? AND metric = ? AND dims = ? AND origin = ?`,
					runID, string(f.Metric), f.Dims, f.Origin.String()); err != nil {
					return err
				}
			}
		}
	}
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	for _, f := range fs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullID(runID), string(f.Metric), f.Dims, f.Origin.String(), f.First.String(), f.Months, f.Method, f.Rule,
			num(f.BacktestSMAPE), num(f.BacktestMASE), num(f.BenchmarkSMAPE), num(f.BenchmarkMASE), num(f.BacktestCov95),
			f.Warning, f.Note, f.Error, f.Summary, f.BacktestPoints, f.BacktestMonths, f.Data); err != nil {
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
		for _, a := range f.Adjusted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_adjustments VALUES (?, ?, ?, ?, ?, ?, ?)`,
				nullID(runID), string(f.Metric), f.Dims, f.Origin.String(), a.Period.String(), a.Value, a.Expected); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// SourceMonths returns, for every source that has ever been loaded or
// refused, what it supplied for month p, sorted by source.
func (db *DB) SourceMonths(ctx context.Context, p coo.Period) ([]coo.SourceMonth, error) {
	rows, err := db.sql.QueryContext(ctx, `
WITH cur AS (SELECT id, source, name, loaded_at, rejects FROM files WHERE replaced_by IS NULL AND status = 'loaded'),
month AS (
	SELECT c.file_id, count(*) AS n FROM fact_cells c WHERE c.period = ? AND c.file_id IN (SELECT id FROM cur) GROUP BY c.file_id),
last AS (
	SELECT f.source, max(c.period) AS last FROM fact_cells c JOIN cur f ON f.id = c.file_id GROUP BY f.source),
srcs AS (SELECT DISTINCT source FROM files)
SELECT s.source,
	coalesce(list(f.name ORDER BY f.name) FILTER (WHERE m.n IS NOT NULL), []),
	coalesce(sum(m.n), 0)::BIGINT,
	coalesce(sum(f.rejects) FILTER (WHERE m.n IS NOT NULL), 0)::BIGINT,
	max(f.loaded_at) FILTER (WHERE m.n IS NOT NULL),
	coalesce(any_value(l.last), 0)::INTEGER,
	(SELECT coalesce(list(DISTINCT r.name ORDER BY r.name), []) FROM files r
	  WHERE r.source = s.source AND r.status IN ('refused', 'conflict')
	    AND NOT EXISTS (SELECT 1 FROM files c2 WHERE c2.source = r.source AND c2.name = r.name
	      AND c2.id > r.id AND c2.status IN ('loaded', 'replaced')))
FROM srcs s
LEFT JOIN cur f ON f.source = s.source
LEFT JOIN month m ON m.file_id = f.id
LEFT JOIN last l ON l.source = s.source
GROUP BY s.source ORDER BY s.source`, int32(p))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.SourceMonth
	for rows.Next() {
		var sm coo.SourceMonth
		var files, refused []any
		var loaded sql.NullTime
		var last int32
		if err := rows.Scan(&sm.Source, &files, &sm.Facts, &sm.Rejects, &loaded, &last, &refused); err != nil {
			return nil, err
		}
		for _, f := range files {
			sm.Files = append(sm.Files, fmt.Sprint(f))
		}
		for _, f := range refused {
			sm.Refused = append(sm.Refused, fmt.Sprint(f))
		}
		sm.LoadedAt, sm.Last = loaded.Time.UTC(), coo.Period(last)
		out = append(out, sm)
	}
	return out, rows.Err()
}

// StoredForecasts returns the latest stored forecast of every series made
// from data up to origin (errors included, steps empty then), sorted by
// metric and dims.
func (db *DB) StoredForecasts(ctx context.Context, origin coo.Period) ([]coo.StoredForecast, error) {
	rows, err := db.sql.QueryContext(ctx, `
WITH m AS (
	SELECT * FROM forecast_models WHERE origin = ?
	QUALIFY row_number() OVER (PARTITION BY metric, dims ORDER BY run_id DESC NULLS LAST) = 1)
SELECT m.metric, m.dims, m.first, m.months, m.method, m.rule,
	m.backtest_smape, m.backtest_mase, m.benchmark_smape, m.benchmark_mase, m.backtest_cov95,
	m.warning, m.note, m.error, m.summary, m.backtest_points, m.backtest_months, coalesce(m.data, ''),
	coalesce((SELECT list([f.mean, f.lo80, f.hi80, f.lo95, f.hi95] ORDER BY f.step) FROM forecasts f
	  WHERE f.metric = m.metric AND f.dims = m.dims AND f.origin = m.origin AND f.run_id IS NOT DISTINCT FROM m.run_id), []),
	coalesce((SELECT list({'period': a.period, 'value': a.value, 'expected': a.expected} ORDER BY a.period) FROM forecast_adjustments a
	  WHERE a.metric = m.metric AND a.dims = m.dims AND a.origin = m.origin AND a.run_id IS NOT DISTINCT FROM m.run_id), [])
FROM m ORDER BY m.metric, m.dims`, origin.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.StoredForecast
	for rows.Next() {
		f := coo.StoredForecast{Origin: origin}
		var first string
		var nums [5]sql.NullFloat64
		var steps, adjusted []any
		if err := rows.Scan(&f.Metric, &f.Dims, &first, &f.Months, &f.Method, &f.Rule,
			&nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &f.Warning, &f.Note, &f.Error, &f.Summary, &f.BacktestPoints, &f.BacktestMonths, &f.Data, &steps, &adjusted); err != nil {
			return nil, err
		}
		if f.Adjusted, err = adjustments(adjusted); err != nil {
			return nil, fmt.Errorf("stored forecast of %s: %w", f.Metric, err)
		}
		if f.First, err = coo.ParsePeriod(first); err != nil {
			return nil, fmt.Errorf("stored forecast of %s: %w", f.Metric, err)
		}
		v := func(n sql.NullFloat64) float64 {
			if !n.Valid {
				return math.NaN()
			}
			return n.Float64
		}
		f.BacktestSMAPE, f.BacktestMASE, f.BenchmarkSMAPE, f.BenchmarkMASE, f.BacktestCov95 = v(nums[0]), v(nums[1]), v(nums[2]), v(nums[3]), v(nums[4])
		for _, st := range steps {
			b, ok := st.([]any)
			if !ok || len(b) != 5 {
				return nil, fmt.Errorf("stored forecast of %s: unexpected step %T", f.Metric, st)
			}
			x := make([]float64, 5)
			for i := range b {
				x[i], _ = b[i].(float64)
			}
			f.Mean, f.Lo80, f.Hi80 = append(f.Mean, x[0]), append(f.Lo80, x[1]), append(f.Hi80, x[2])
			f.Lo95, f.Hi95 = append(f.Lo95, x[3]), append(f.Hi95, x[4])
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// adjustments converts the list of {period, value, expected} structs that
// StoredForecasts selects.
func adjustments(list []any) ([]coo.Adjustment, error) {
	var out []coo.Adjustment
	for _, x := range list {
		b, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("unexpected adjustment %T", x)
		}
		ps, _ := b["period"].(string)
		v, ok1 := b["value"].(float64)
		e, ok2 := b["expected"].(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("unexpected adjustment %v", b)
		}
		p, err := coo.ParsePeriod(ps)
		if err != nil {
			return nil, err
		}
		out = append(out, coo.Adjustment{Period: p, Value: v, Expected: e})
	}
	return out, nil
}
