package warehouse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"coo"
)

// aggregates maps a metric's Aggregate to the SQL function computing it.
var aggregates = map[string]string{"": "sum", "sum": "sum", "avg": "avg", "min": "min", "max": "max"}

// metricQuery returns the SQL and arguments that compute m's rows of metric_values
// for one breakdown: by == "" gives the total.
func metricQuery(m *coo.Metric, by string) (string, []any) {
	agg := aggregates[m.Aggregate]
	var q strings.Builder
	args := []any{string(m.Name)}
	dims := "''"
	if by != "" {
		dims = "? || '=' || dim_value(dims, ?)"
		args = append(args, by, by)
	}
	fmt.Fprintf(&q, "SELECT ?, period, %s, %s(value), count(*) FROM facts WHERE source = ? AND metric = ?", dims, agg)
	args = append(args, m.Source, m.Measure)
	for _, f := range m.Where {
		q.WriteString(" AND dim_value(dims, ?) IN (")
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
	if by != "" {
		q.WriteString(" AND dim_value(dims, ?) <> ''")
		args = append(args, by)
	}
	q.WriteString(" GROUP BY ALL")
	return q.String(), args
}

// definition describes m in words and SQL, for the metrics table.
func definition(m *coo.Metric) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(value) FROM facts WHERE source = '%s' AND metric = '%s'", aggregates[m.Aggregate], m.Source, m.Measure)
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
		for _, by := range append([]string{""}, m.By...) {
			q, args := metricQuery(m, by)
			if _, err := tx.ExecContext(ctx, "INSERT INTO metric_values "+q, args...); err != nil {
				return fmt.Errorf("metric %s: %w", m.Name, err)
			}
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
