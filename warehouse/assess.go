package warehouse

import (
	"context"
	"fmt"
	"sort"

	"coo"
)

// Breakdowns returns the dims of every breakdown of metric name by dimension
// dim, such as "rep=Zhang Wei" (escaped as stored), sorted as bytes. A metric that is
// not broken down by dim has none.
func (db *DB) Breakdowns(ctx context.Context, name coo.MetricName, dim string) ([]string, error) {
	if !coo.ValidIdent(dim) {
		return nil, fmt.Errorf("breakdowns of %s: %q is not a dimension name", name, dim)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM metrics WHERE name = ?`, string(name)).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoMetric)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT dims FROM metric_values WHERE metric = ? AND starts_with(dims, ?) ORDER BY dims`, string(name), dim+"=")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Strings(out) // by bytes, whatever the database's collation
	return out, nil
}
