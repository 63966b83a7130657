package warehouse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"coo"
)

// aggregates maps a metric's Aggregate to how its value is computed from
// per-(period, dims) partial aggregates s (sum), n (count), lo and hi.
var aggregates = map[string]string{"": "sum(s)", "sum": "sum(s)", "avg": "sum(s) / sum(n)", "min": "min(lo)", "max": "max(hi)"}

// metricQuery returns the SQL and arguments that compute m's rows of
// metric_values: the total and one breakdown per m.By. The facts are
// aggregated once, on integer keys (period and dims id), and the text of
// the dims, which the filters and breakdowns read, is looked at once per
// distinct dims rather than once per fact.
func metricQuery(m *coo.Metric) (string, []any) {
	var q strings.Builder
	args := []any{m.Source, m.Measure}
	// The total alone needs no dimension: its facts are summed by month.
	byDims := len(m.Where) > 0 || len(m.By) > 0
	key := "c.period"
	if byDims {
		key += ", c.dims_id"
	}
	fmt.Fprintf(&q, `WITH g AS (
	SELECT %s, sum(c.value) AS s, count(*) AS n, min(c.value) AS lo, max(c.value) AS hi
	FROM fact_cells c JOIN files f ON f.id = c.file_id AND f.status = 'loaded'
	WHERE c.metric_id IN (SELECT id FROM fact_metrics WHERE source = ? AND metric = ?)
	GROUP BY ALL),
`, key)
	if !byDims {
		q.WriteString("w AS (FROM g)\n")
	} else {
		q.WriteString("w AS (SELECT g.*, d.dims FROM g JOIN fact_dims d ON d.id = g.dims_id WHERE true")
		args = filterSQL(&q, args, m.Where)
		q.WriteString(")\n")
	}
	agg := aggregates[m.Aggregate]
	fmt.Fprintf(&q, "SELECT ?, period_text(period), '', %s, sum(n) FROM w GROUP BY period", agg)
	args = append(args, string(m.Name))
	for _, by := range m.By {
		fmt.Fprintf(&q, "\nUNION ALL SELECT ?, period_text(period), ? || '=' || v, %s, sum(n) FROM (SELECT *, dim_value(dims, ?) AS v FROM w) WHERE v <> '' GROUP BY period, v", agg)
		args = append(args, string(m.Name), by, by)
	}
	return q.String(), args
}

// filterSQL writes a metric's filters as " AND ..." conditions on d.dims
// (the fact_dims row), appending their arguments to args.
func filterSQL(q *strings.Builder, args []any, where []coo.Filter) []any {
	for _, f := range where {
		q.WriteString(" AND dim_value(d.dims, ?) IN (")
		args = append(args, f.Dim)
		for i, v := range f.Values {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("?")
			args = append(args, coo.EscapeDim(v)) // as stored
		}
		q.WriteString(")")
	}
	return args
}

// definition describes m in words and SQL, for the metrics table.
func definition(m *coo.Metric) string {
	var b strings.Builder
	fn := m.Aggregate
	if fn == "" {
		fn = "sum"
	}
	fmt.Fprintf(&b, "%s(value) FROM facts WHERE source = '%s' AND metric = '%s'", fn, m.Source, m.Measure)
	for _, f := range m.Where {
		fmt.Fprintf(&b, " AND %s IN (%s)", f.Dim, strings.Join(f.Values, ", "))
	}
	b.WriteString(" GROUP BY period")
	if len(m.By) > 0 {
		fmt.Fprintf(&b, "; also by %s", strings.Join(m.By, ", "))
	}
	return b.String()
}

// SetMetrics replaces the metric definitions and recomputes every metric's
// values from the current facts, in one transaction.
func (db *DB) SetMetrics(ctx context.Context, metrics []coo.Metric) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM metrics`, `DELETE FROM metric_values`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for i := range metrics {
		m := &metrics[i]
		if err := m.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO metrics VALUES (?, ?, ?, ?, ?)`,
			string(m.Name), m.Label, m.Unit, string(m.Kind), definition(m)); err != nil {
			return fmt.Errorf("metric %s: %w", m.Name, err)
		}
		q, args := metricQuery(m)
		if _, err := tx.ExecContext(ctx, "INSERT INTO metric_values "+q, args...); err != nil {
			return fmt.Errorf("metric %s: %w", m.Name, err)
		}
	}
	return tx.Commit()
}

// ErrNoMetric reports a metric name the warehouse does not define.
var ErrNoMetric = errors.New("no such metric")

// Series returns metric name for dims ("" for the total) from its first to
// its last period with data; months without data inside that span are NaN.
func (db *DB) Series(ctx context.Context, name coo.MetricName, dims string) (coo.Series, error) {
	s := coo.Series{Metric: name, Dims: dims}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM metrics WHERE name = ?`, string(name)).Scan(&n); err != nil {
		return s, err
	}
	if n == 0 {
		return s, fmt.Errorf("%s: %w", name, ErrNoMetric)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT period, value FROM metric_values WHERE metric = ? AND dims = ? ORDER BY period`, string(name), dims)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var ps string
		var v float64
		if err := rows.Scan(&ps, &v); err != nil {
			return s, err
		}
		p, err := coo.ParsePeriod(ps)
		if err != nil {
			return s, fmt.Errorf("metric %s: %w", name, err)
		}
		if len(s.Values) == 0 {
			s.Start = p
		}
		for s.Start.Add(len(s.Values)) < p {
			s.Values = append(s.Values, math.NaN())
		}
		s.Values = append(s.Values, v)
	}
	return s, rows.Err()
}
