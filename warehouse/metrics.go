package warehouse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"coo"
)

// Metric is a named metric: the facts of one measure of one source, combined
// within each month by Aggregate, optionally filtered by dimension values and
// broken down by dimensions. It is compiled to SQL with placeholders only.
type Metric struct {
	Name      coo.MetricName
	Label     string
	Unit      string
	Kind      coo.Kind
	Source    string   // a source name
	Measure   string   // a measure of that source (the facts' metric column)
	Aggregate string   // sum (the default), avg, min or max
	By        []string // dimensions to break the metric down by, besides the total
	Where     []Filter // all must hold
}

// Filter keeps the facts whose dimension Dim has one of Values.
type Filter struct {
	Dim    string
	Values []string
}

var aggregates = map[string]string{"": "sum", "sum": "sum", "avg": "avg", "min": "min", "max": "max"}

// Validate checks names against the naming rules and the aggregate against
// the known ones. Whether the source, measure and dimensions exist is the
// project file's business.
func (m *Metric) Validate() error {
	if err := m.Name.Validate(); err != nil {
		return err
	}
	if !m.Kind.Valid() {
		return fmt.Errorf("metric %s: kind %q: want flow or stock", m.Name, m.Kind)
	}
	if _, ok := aggregates[m.Aggregate]; !ok {
		return fmt.Errorf("metric %s: aggregate %q: want sum, avg, min or max", m.Name, m.Aggregate)
	}
	for _, s := range append([]string{m.Source, m.Measure}, m.By...) {
		if !coo.ValidIdent(s) {
			return fmt.Errorf("metric %s: %q is not a valid name", m.Name, s)
		}
	}
	for _, f := range m.Where {
		if !coo.ValidIdent(f.Dim) || len(f.Values) == 0 {
			return fmt.Errorf("metric %s: filter on %q needs a valid dimension and at least one value", m.Name, f.Dim)
		}
	}
	return nil
}

// query returns the SQL and arguments that compute m's rows of metric_values
// for one breakdown: by == "" gives the total.
func (m *Metric) query(by string) (string, []any) {
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

// Definition describes m in words and SQL, for the metrics table.
func (m *Metric) Definition() string {
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
func (db *DB) SetMetrics(ctx context.Context, metrics []Metric) error {
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
			string(m.Name), m.Label, m.Unit, string(m.Kind), m.Definition()); err != nil {
			return fmt.Errorf("metric %s: %w", m.Name, err)
		}
		for _, by := range append([]string{""}, m.By...) {
			q, args := m.query(by)
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
